"""One article → one BagIt 1.0 bag: stage → render → validate → bag → verify → rename.

A bag is built in ``OUTDIR/.staging/`` and renamed into place only once it validates, so a
final path never holds a partial bag, whatever happens (``kill -9`` included).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bagit

from .. import __version__
from ..ingest.build import build_article
from ..clock import now
from ..config import Config
from ..errors import BundleError
from ..render.metadata import mets
from ..render.metadata.provenance import (EPUB_FORMAT, PDF_FORMAT, SEED_FORMATS, TEI_FORMAT, agents,
                                          master_events)
from ..render.metadata.records import Event, PayloadFile, Provenance
from ..render.options import RenderOptions
from ..ingest.seed import Seed, read_seed
from ..tei import reader, writer

STAGING = ".staging"
INPUT_KEY = "Archivist-Input-Key"
ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


@dataclass(frozen=True)
class PackageOptions:
    """What changes a bag's bytes (all of it goes into the input key) plus how to write it."""

    render: RenderOptions = RenderOptions()
    zip: bool = False
    force: bool = False
    group: str = ""
    epubcheck: bool = True


@dataclass
class Outcome:
    """The small per-article result a batch gathers (never the files themselves)."""

    input: str
    status: str  # packaged | skipped | failed
    id: str = ""
    bag: str = ""
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def input_key(seed_sha256: str, config: Config, options: PackageOptions) -> str:
    """Hash of everything a bag depends on: seed, archivist version, options, institution."""
    payload = json.dumps({
        "seed": seed_sha256, "archivist": __version__,
        "render": asdict(options.render), "zip": options.zip, "group": options.group,
        "epubcheck": options.epubcheck, "institution": asdict(config.institution),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def final_path(outdir: Path, article_id: str, options: PackageOptions) -> Path:
    return outdir / (f"{article_id}.zip" if options.zip else article_id)


def existing_key(path: Path) -> str | None:
    """The input key recorded in an existing bag (directory or zip), if any."""
    try:
        if path.is_dir():
            text = (path / "bag-info.txt").read_text(encoding="utf-8")
        elif path.is_file():
            with zipfile.ZipFile(path) as z:
                text = z.read(f"{path.stem}/bag-info.txt").decode("utf-8")
        else:
            return None
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith(INPUT_KEY + ":"):
            return line.split(":", 1)[1].strip()
    return None


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def seed_name(article_id: str, seed_path: str) -> str:
    """The seed's name in the bag: the article id (safe everywhere) and the seed's suffix."""
    suffix = Path(seed_path).suffix.lower()
    return f"{article_id}.seed{suffix if suffix in SEED_FORMATS else '.txt'}"


def _payload(article, seed: Seed, master: bytes, options: PackageOptions, when: str,
             outcome: Outcome, stage: Path) -> dict[str, bytes]:
    """Render every output from the master (never from the seed) and describe it in METS;
    the seed itself goes into the bag byte for byte, as the original."""
    from ..render import get_writer

    aid = article.provenance.article_id
    model = reader.load(master, f"{aid}.tei.xml")  # validates: project schema + rules
    epub = get_writer("epub")(model, master, options.render)
    pdf = get_writer("pdf")(model, master, options.render)
    original = seed_name(aid, seed.path)
    files = [PayloadFile.of(f"{aid}.tei.xml", "master", *TEI_FORMAT, master),
             PayloadFile.of(f"{aid}.epub", "epub", *EPUB_FORMAT, epub),
             PayloadFile.of(f"{aid}.pdf", "pdf", *PDF_FORMAT, pdf),
             PayloadFile.of(original, "original", *SEED_FORMATS[Path(original).suffix], seed.raw,
                            Path(seed.path).name)]
    events = master_events(model, files[0], when)
    events += [
        Event("event-epub-creation", "cre", when, "EPUB 3 rendered from the TEI master", "pass",
              agents=("agent-archivist", "agent-ebooklib"), objects=(files[1].name,)),
        Event("event-pdf-creation", "cre", when, "PDF/A-3a rendered from the TEI master, which "
              "it embeds as its associated source file", "pass",
              agents=("agent-archivist", "agent-weasyprint"), objects=(files[2].name,)),
    ]
    events += _epub_validation(stage, files[1], epub, options, when, outcome)
    events += [Event(f"event-{f.use}-digest", "mes", when, "SHA-256 message digest calculated",
                     "pass", f.sha256, ("agent-archivist",), (f.name,)) for f in files[1:]]
    if files[3].sha256 != seed.sha256:  # the bytes parsed are the bytes kept
        raise BundleError(f"{seed.path}: seed changed while it was being packaged")
    events += [Event("event-format-identification", "for", when,
                     "Formats asserted by the software that wrote each file", "pass",
                     "; ".join(f"{f.name}: {f.format_name} {f.format_version}" for f in files),
                     ("agent-archivist",), tuple(f.name for f in files))]
    all_agents = agents(model)
    used = {a for e in events for a in e.agents}
    prov = Provenance(files, events, [a for k, a in all_agents.items() if k in used])
    creators = {"master": all_agents["agent-archivist"], "epub": all_agents["agent-ebooklib"],
                "pdf": all_agents["agent-weasyprint"]}
    metadata = mets.build(model, prov, creators, when)
    return {files[0].name: master, files[1].name: epub, files[2].name: pdf,
            files[3].name: seed.raw, f"{aid}.mets.xml": metadata}


def _epub_validation(stage: Path, f: PayloadFile, epub: bytes, options: PackageOptions,
                     when: str, outcome: Outcome) -> list[Event]:
    if not options.epubcheck:
        return []
    from ..checks.epubcheck import check_epub, version

    probe = stage / f.name
    probe.write_bytes(epub)
    try:
        problems = check_epub(probe)
    finally:
        probe.unlink()
    if problems and problems[0].code in ("no-java", "no-epubcheck"):
        outcome.warnings.append(f"EPUB not validated: {problems[0].message}")
        return []
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    for p in problems:
        (outcome.errors if p.level == "error" else outcome.warnings).append(f"EPUBCheck {p.code}: {p.message}")
    return [Event("event-epub-validation", "val", when, f"EPUBCheck {version()}",
                  "fail" if errors else "pass",
                  f"{len(errors)} errors, {len(warnings)} warnings",
                  ("agent-epubcheck",), (f.name,))]


def _bag_info(article, config: Config, options: PackageOptions, key: str, size: int) -> dict[str, str]:
    inst, b = config.institution, article.bibl
    info = {
        "Source-Organization": inst.name,
        "Organization-Address": inst.address,
        "Contact-Name": inst.contact_name,
        "Contact-Email": inst.contact_email,
        "External-Description": f"{b.title_en} — People's Daily (人民日报), {b.date}, page {b.page}: "
                                "TEI P5 master, EPUB 3, PDF/A-3 and METS",
        "External-Identifier": article.provenance.article_id,
        "Bagging-Date": now().date().isoformat(),
        "Bag-Size": _human_size(size),
        "Bag-Software-Agent": f"archivist {__version__} (bagit.py {bagit.VERSION})",
        "Bag-Group-Identifier": options.group,
        INPUT_KEY: key,
    }
    return {k: v for k, v in info.items() if v}


def _sort_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(f"{ln}\n" for ln in sorted(lines, key=lambda s: s.split(None, 1)[-1])),
                    encoding="utf-8")


def make_bag(stage: Path, info: dict[str, str]) -> None:
    """Turn ``stage`` (payload files only) into a valid BagIt 1.0 bag, deterministically."""
    bagit.make_bag(str(stage), dict(info), checksums=list(ALGORITHMS))
    for alg in ALGORITHMS:
        _sort_lines(stage / f"manifest-{alg}.txt")
    (stage / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bag = bagit.Bag(str(stage))
    bag.save()  # rewrites the tag manifests over the 1.0 bagit.txt and sorted manifests
    for alg in ALGORITHMS:
        _sort_lines(stage / f"tagmanifest-{alg}.txt")
    try:
        bagit.Bag(str(stage)).validate()
    except bagit.BagError as exc:
        raise BundleError(f"{stage.name}: bag failed validation before it was moved into place: {exc}") from None


def _zip_bag(bag: Path, target: Path) -> None:
    """A deterministic zip of ``bag`` under the folder name ``bag.name``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            rel = path.relative_to(bag).as_posix()
            info = zipfile.ZipInfo(f"{target.stem}/{rel}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, path.read_bytes())


def _move_into_place(built: Path, target: Path, staging: Path) -> None:
    if target.exists():
        trash = Path(tempfile.mkdtemp(prefix="old-", dir=staging))
        os.rename(target, trash / target.name)
        os.rename(built, target)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.rename(built, target)


def package_seed(seed_path: str, outdir: str, config: Config, options: PackageOptions) -> Outcome:
    """Package one seed into ``outdir``; never raises (errors go into the Outcome)."""
    from ..errors import ArchivistError

    outcome = Outcome(input=seed_path, status="failed")
    out = Path(outdir)
    staging = out / STAGING
    try:
        seed = read_seed(seed_path)
        article = build_article(seed, config.institution)
        aid = article.provenance.article_id
        outcome.id = aid
        target = final_path(out, aid, options)
        key = input_key(seed.sha256, config, options)
        outcome.bag = target.name
        outcome.warnings = [f"{n.code}: {n.message}" for n in article.notes]
        if not options.force and existing_key(target) == key:
            outcome.status = "skipped"
            return outcome
        staging.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{aid}.", dir=staging))
        try:
            stage = work / aid
            stage.mkdir()
            when = now().strftime("%Y-%m-%dT%H:%M:%SZ")
            master = writer.to_bytes(article)
            files = _payload(article, seed, master, options, when, outcome, stage)
            if outcome.errors:
                return outcome
            for name, data in files.items():
                (stage / name).write_bytes(data)
            size = sum(len(d) for d in files.values())
            make_bag(stage, _bag_info(article, config, options, key, size))
            if options.zip:
                built = work / f"{aid}.zip"
                _zip_bag(stage, built)
            else:
                built = stage
            for p in [built, *(built.rglob("*") if built.is_dir() else [])]:
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
            _move_into_place(built, target, staging)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        outcome.status = "packaged"
    except ArchivistError as exc:
        outcome.errors.append(str(exc))
    except OSError as exc:
        outcome.errors.append(f"{seed_path}: {exc.strerror or exc}"
                              + (f": {exc.filename}" if getattr(exc, "filename", None) else ""))
    except Exception as exc:  # noqa: BLE001 - one bad seed never stops a batch
        outcome.errors.append(f"{seed_path}: internal error: {type(exc).__name__}: {exc}")
    return outcome
