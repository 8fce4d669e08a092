"""One article → one BagIt 1.0 bag: stage → render → validate → bag → verify → rename.

A bag is built in ``OUTDIR/.staging/`` and renamed into place only once it validates, so a
final path never holds a partial bag, whatever happens (``kill -9`` included).
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bagit

from .. import __version__
from ..config import Config
from ..errors import BundleError, describe
from .serialize import tar_bag, zip_bag
from ..ingest.build import master_from_seed
from ..render.metadata import mets  # noqa: I001
from ..ingest.seed import Seed, read_seed
from ..render.metadata.provenance import (EPUB_FORMAT, PDF_FORMAT, SEED_FORMATS, TEI_FORMAT,
                                          package_provenance)
from ..checks.identify import identify
from ..checks.identify import tool_version as fido_version
from ..checks.pdfa import check_pdfa
from ..checks.pdfa import summary as pdfa_summary
from ..render.metadata.records import Agent, Check, PayloadFile
from ..render.options import RenderOptions
from ..tei import reader
from ..tei.schema import parse_xml
from ..text import one_line

STAGING = ".staging"
INPUT_KEY = "Archivist-Input-Key"
SEED_KEY = "Archivist-Seed-SHA256"
ALGORITHMS = ("sha256", "sha512")
#: Checksum algorithms per BagIt profile (APTrust requires md5 and allows sha256).
PROFILE_ALGORITHMS = {"archivist": ALGORITHMS, "aptrust": ("md5", "sha256")}
#: aptrust-info.txt: who may see that the bag exists, and where APTrust stores it.
APTRUST_ACCESS = "Institution"
APTRUST_STORAGE = "Standard"
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


@dataclass(frozen=True)
class PackageOptions:
    """What changes a bag's bytes (all of it goes into the input key) plus how to write it."""

    render: RenderOptions
    zip: bool = False
    force: bool = False
    group: str = ""
    epubcheck: bool = True
    #: ``SOURCE_DATE_EPOCH`` as read at the edge ("" when unset): part of the input key.
    epoch: str = ""
    #: BagIt profile: "archivist" (directory or --zip) or "aptrust" (tar, md5 + sha256)
    profile: str = "archivist"
    verify_existing: bool = False  # how an existing bag is checked, not what is built


@dataclass
class Outcome:
    """The small per-article result a batch gathers (never the files themselves)."""

    input: str
    status: str  # packaged | skipped | failed
    id: str = ""
    bag: str = ""
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def input_key(seed_sha256: str, config: Config, options: PackageOptions) -> str:
    """Hash of everything a bag depends on: seed, archivist version, options, institution.

    The build time counts only when pinned by ``SOURCE_DATE_EPOCH`` (``options.epoch``); an
    unpinned run does not rebuild yesterday's bags just because the day changed.
    """
    payload = json.dumps({
        "seed": seed_sha256, "archivist": __version__,
        "render": {"paper": options.render.paper}, "zip": options.zip, "group": options.group,
        "profile": options.profile,
        "epubcheck": options.epubcheck, "institution": asdict(config.institution),
        "rights": asdict(config.rights),
        "epoch": options.epoch,
    }, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def final_path(outdir: Path, article_id: str, options: PackageOptions) -> Path:
    if options.profile == "aptrust":
        return outdir / f"{article_id}.tar"
    return outdir / (f"{article_id}.zip" if options.zip else article_id)


def existing_tags(path: Path) -> dict[str, str]:
    """The bag-info tags of an existing bag (directory, zip or tar); empty when unreadable."""
    from .bagtree import TreeError, open_tree

    try:
        tree = open_tree(path)
    except (OSError, TreeError):
        return {}
    try:
        return tree_tags(tree)
    finally:
        tree.close()


def tree_tags(tree) -> dict[str, str]:  # noqa: ANN001 - a bagtree.Tree
    """The single-valued bag-info tags of an opened bag; empty when unreadable."""
    from .bagtree import TreeError, read_small
    from .verify import TAG_LIMIT, parse_tags

    try:
        tags, _ = parse_tags(read_small(tree, "bag-info.txt", TAG_LIMIT))
    except (OSError, TreeError, zipfile.BadZipFile):
        return {}
    return {k: v[0] for k, v in tags.items() if len(v) == 1}


def existing_key(path: Path) -> str | None:
    """The input key recorded in an existing bag (directory or zip), if any."""
    return existing_tags(path).get(INPUT_KEY)


def _collision(target: Path, seed_sha256: str) -> str | None:
    """Why ``target`` belongs to another seed (same id, different SHA-256), if it does."""
    held = existing_tags(target).get(SEED_KEY) if os.path.lexists(target) else None
    if held and held != seed_sha256:
        return (f"article id {target.name} collides with the bag already there, built from a "
                f"different seed (SHA-256 {held[:16]}…, this one {seed_sha256[:16]}…); "
                "not replaced")
    return None


def _up_to_date(target: Path, key: str, options: PackageOptions, outcome: Outcome) -> bool:
    """True when the bag at ``target`` has this input key and checks out: structure, tag
    fixity and payload sizes always; full payload fixity with ``verify_existing``."""
    from .verify import verify_bag

    if options.force or existing_tags(target).get(INPUT_KEY) != key:
        return False
    problems = verify_bag(target, payload_fixity=options.verify_existing)
    if problems:
        outcome.warnings.append(f"existing bag rebuilt: {problems[0].where}: {problems[0].message}"
                                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return not problems


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


def _render(seed: Seed, master: bytes, name: str, options: PackageOptions, stage: Path,
            outcome: Outcome) -> dict[str, bytes]:
    """Render every output from the master (never from the seed) and describe it in METS;
    the seed itself goes into the bag byte for byte, as the original."""
    from ..render import get_writer
    from ..render.pdf import build as typeset_pdf

    aid = name.removesuffix(".tei.xml")
    model = reader.read(parse_xml(master, name))  # validated by master_from_seed; renderers
    # see what the master says, never the seed's model
    epub = get_writer("epub")(model, master, options.render)
    pdf, problems = typeset_pdf(model, master, options.render)
    outcome.warnings += [f"{p.code}: {p.message}" for p in problems]
    original = seed_name(aid, seed.path)
    data = {original: seed.raw, name: master, f"{aid}.epub": epub, f"{aid}.pdf": pdf}
    files = [PayloadFile.of(original, "original", *SEED_FORMATS[Path(original).suffix], seed.raw,
                            Path(seed.path).name),
             PayloadFile.of(name, "master", *TEI_FORMAT, master),
             PayloadFile.of(f"{aid}.epub", "epub", *EPUB_FORMAT, epub),
             PayloadFile.of(f"{aid}.pdf", "pdf", *PDF_FORMAT, pdf)]
    if files[0].sha256 != seed.sha256:  # the bytes parsed are the bytes kept
        raise BundleError(f"{seed.path}: seed changed while it was being packaged")
    check = check_epub(stage / files[2].name, epub, options, outcome)
    for file_name, content in data.items():  # FIDO reads files: stage the payload first
        (stage / file_name).write_bytes(content)
    formats = {f: identify(stage / f) for f in data}
    pdf_checks = check_pdfa(pdf)
    pdf_outcome = ("pass" if all(c.passed for c in pdf_checks) else "fail", pdfa_summary(pdf_checks))
    when = options.render.stamp
    fido = Agent("agent-fido", "FIDO (Format Identification for Digital Objects)", "software",
                 fido_version())
    prov, creators = package_provenance(model, files, when, check, formats, pdf_outcome, fido)
    return {**data, f"{aid}.mets.xml": mets.build(model, prov, creators, when)}


def check_epub(probe: Path, epub: bytes, options: PackageOptions, outcome: Outcome) -> Check | None:
    """EPUBCheck's verdict on ``epub`` (its messages go into ``outcome``); None if not run."""
    if not options.epubcheck:
        return None
    from ..checks.epubcheck import check_epub, version

    probe.write_bytes(epub)
    try:
        problems = check_epub(probe)
    finally:
        probe.unlink()
    if problems and problems[0].code in ("no-java", "no-epubcheck"):
        outcome.warnings.append(f"EPUB not validated: {problems[0].message}")
        return None
    for p in problems:
        (outcome.errors if p.level == "error" else outcome.warnings).append(f"EPUBCheck {p.code}: {p.message}")
    return Check(f"EPUBCheck {version()}", sum(p.level == "error" for p in problems),
                 sum(p.level == "warning" for p in problems))


def sender_identifier(seed_path: str) -> str:
    """The seed's path in its source collection (baokan-files: ``<year.month>/<file>``)."""
    p = Path(seed_path)
    return f"{p.parent.name}/{p.name}" if p.parent.name else p.name


def bag_info(config: Config, options: PackageOptions, key: str, size: int,
             described: dict[str, str]) -> dict[str, str]:
    """``bag-info.txt`` of any bag (article, issue, month): who deposits it, with what, when,
    under which rights, from the run; ``described`` says what this bag holds (External-*,
    Internal-Sender-*, the seed digest). Empty values are left out."""
    from .profiles import identifier

    inst = config.institution
    info = {
        "BagIt-Profile-Identifier": identifier(options.profile),
        "Source-Organization": inst.name,
        "Organization-Address": inst.address,
        "Contact-Name": inst.contact_name,
        "Contact-Email": inst.contact_email,
        "Bagging-Date": options.render.date,
        "Bag-Size": _human_size(size),
        "Bag-Software-Agent": f"archivist {__version__} (bagit.py {bagit.VERSION})",
        "Bag-Group-Identifier": options.group,
        "Bag-Count": "1 of 1",
        "Rights-Statement": config.rights.uri,
        "Rights-Note": config.rights.text,
        INPUT_KEY: key,
        **described,
    }
    return {k: v for k, v in info.items() if v}


def article_described(article, seed_path: str) -> dict[str, str]:
    """What an article bag holds: one seed, its master and renderings."""
    b, pv = article.bibl, article.provenance
    return {
        "External-Description": f"{b.title_en} — People's Daily (人民日报), {b.date}, page {b.page}: "
                                "TEI P5 master, EPUB 3, PDF/A-3 and METS",
        "External-Identifier": pv.article_id,
        "Internal-Sender-Identifier": sender_identifier(seed_path or pv.source_name),
        "Internal-Sender-Description": f"People's Daily seed {pv.source_name} (SHA-256 "
                                       f"{pv.source_sha256}) from the baokan-files collection, kept "
                                       "as received, with the TEI master, EPUB, PDF/A and METS "
                                       f"archivist {__version__} derived from it",
        SEED_KEY: pv.source_sha256,
    }


def seeds_described(seeds: list[Seed], label: str, identifier: str, description: str) -> dict[str, str]:
    """What a bag of many seeds holds (an issue, a month): every seed is named, and the seed
    digest covers them all (the SHA-256 of their SHA-256s, sorted, one per line)."""
    names = [sender_identifier(s.path) for s in seeds]
    hashes = sorted(s.sha256 for s in seeds)
    return {
        "External-Description": description,
        "External-Identifier": identifier,
        "Internal-Sender-Identifier": "; ".join(names),
        "Internal-Sender-Description": (
            f"People's Daily seeds of {label} ({len(names)}) from the baokan-files collection, "
            "kept as received, each with its TEI master (which records the seed's SHA-256); "
            f"{SEED_KEY} is the SHA-256 of their SHA-256s, sorted, one per line"),
        SEED_KEY: hashlib.sha256("\n".join(hashes).encode("ascii")).hexdigest(),
    }


def _sort_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(f"{ln}\n" for ln in sorted(lines, key=lambda s: s.split(None, 1)[-1])),
                    encoding="utf-8")


class _Warnings(logging.Handler):
    """Collects bagit's warnings so they reach the report naming their bag."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def make_bag(stage: Path, info: dict[str, str], algorithms: tuple[str, ...] = ALGORITHMS,
             tag_files: dict[str, str] | None = None) -> list[str]:
    """Turn ``stage`` (payload files only) into a valid BagIt 1.0 bag, deterministically;
    return bagit's warnings, each naming the bag.

    Every tag value passes through :func:`~archivist.text.one_line` here, the one gate to
    ``bag-info.txt``: no value (a seed's title with U+2028, say) can add a line or a tag."""
    safe = {one_line(k): one_line(v) for k, v in info.items()}
    log, capture = logging.getLogger("bagit"), _Warnings()
    log.addHandler(capture)
    # Whatever level the process's logging configuration sets, bagit's warnings are kept.
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        _make_bag(stage, safe, algorithms, tag_files or {})
    finally:
        log.removeHandler(capture)
        log.setLevel(level)
    return [f"bagit: {stage.name}: {m}" for m in capture.messages]


def _make_bag(stage: Path, safe: dict[str, str], algorithms: tuple[str, ...],
              tag_files: dict[str, str]) -> None:
    bagit.make_bag(str(stage), safe, checksums=list(algorithms))
    for alg in algorithms:
        _sort_lines(stage / f"manifest-{alg}.txt")
    (stage / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    for name, text in tag_files.items():  # covered by the tag manifests bag.save() writes
        (stage / name).write_text(text, encoding="utf-8")
    bag = bagit.Bag(str(stage))
    bag.save()  # rewrites the tag manifests over the 1.0 bagit.txt and sorted manifests
    for alg in algorithms:
        _sort_lines(stage / f"tagmanifest-{alg}.txt")
    try:
        bagit.Bag(str(stage)).validate()
    except bagit.BagError as exc:
        raise BundleError(f"{stage.name}: bag failed validation before it was moved into place: {exc}") from None


def move_into_place(built: Path, target: Path, staging: Path) -> None:
    """Rename a finished bag to its final path, crash-safe at every step.

    A zip replaces the old one in one atomic rename. A directory cannot, so the old bag is
    first renamed to ``.staging/old-*/<name>``, then the new one into place, then the old one
    removed; a run killed between the two renames leaves the final path empty and the old
    bag in staging, and :func:`recover_staging` (run under the lock before and after every
    batch) renames it back. At every moment a complete bag is at the final path or is
    restored there on the next run."""
    if built.is_file():
        os.replace(built, target)
        return
    if not os.path.lexists(target):
        os.rename(built, target)
        return
    trash = Path(tempfile.mkdtemp(prefix="old-", dir=staging))
    os.rename(target, trash / target.name)
    os.rename(built, target)
    shutil.rmtree(trash)


def recover_staging(outdir: Path) -> list[str]:
    """Restore old bags an interrupted rebuild left in staging, then empty it (call only
    with the lock held and no worker running). Returns the names restored."""
    staging = outdir / STAGING
    restored = []
    for old in sorted(staging.glob("old-*/*")):
        final = outdir / old.name
        if not os.path.lexists(final):
            os.rename(old, final)
            restored.append(old.name)
    shutil.rmtree(staging, ignore_errors=True)
    if os.path.lexists(staging):
        raise OSError(errno.ENOTEMPTY, "cannot empty the staging area", str(staging))
    return restored


def aptrust_info(title: str, description: str) -> dict[str, str]:
    """aptrust-info.txt for an APTrust bag (Title, Access, Storage-Option, Description)."""
    tags = {"Title": title, "Access": APTRUST_ACCESS, "Storage-Option": APTRUST_STORAGE,
            "Description": description}
    return {"aptrust-info.txt": "".join(f"{k}: {one_line(v)}\n" for k, v in tags.items())}


def finish_bag(stage: Path, work: Path, info: dict[str, str], options: PackageOptions,
               aptrust: dict[str, str]) -> tuple[Path, list[str]]:
    """``stage`` (the payload) → a valid bag of the run's profile, serialised as the profile
    or ``--zip`` asks (APTrust: a tar with md5 and sha256 manifests and ``aptrust``'s tag
    file), read-only for others. Returns the built bag and bagit's warnings."""
    warnings = make_bag(stage, info, PROFILE_ALGORITHMS[options.profile],
                        aptrust if options.profile == "aptrust" else {})
    built = stage
    if options.profile == "aptrust":
        built = work / f"{stage.name}.tar"
        tar_bag(stage, built)
    elif options.zip:
        built = work / f"{stage.name}.zip"
        zip_bag(stage, built)
    for p in [built, *(built.rglob("*") if built.is_dir() else [])]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    return built, warnings


def _build(seed: Seed, master: bytes, article, config: Config, options: PackageOptions,
           key: str, work: Path, outcome: Outcome) -> Path | None:
    """Stage → render → bag (→ zip) inside ``work``; the built bag, or None on errors."""
    aid = article.provenance.article_id
    stage = work / aid
    stage.mkdir()
    files = _render(seed, master, f"{aid}.tei.xml", options, stage, outcome)
    if outcome.errors:
        return None
    for name, data in files.items():
        (stage / name).write_bytes(data)
    info = bag_info(config, options, key, sum(map(len, files.values())), article_described(article, seed.path))
    b = article.bibl
    aptrust = aptrust_info(f"{b.title_en} ({b.date}, page {b.page})",
                           f"People's Daily (人民日报), {b.date}, page {b.page}: {b.headline_zh}")
    built, warnings = finish_bag(stage, work, info, options, aptrust)
    outcome.warnings += warnings
    return built


def package_seed(seed_path: str, outdir: str, config: Config, options: PackageOptions) -> Outcome:
    """Package one seed into ``outdir``; never raises (errors go into the Outcome).

    seed → validated master (:func:`~archivist.ingest.build.master_from_seed`) → stage →
    render → bag → rename into place.
    """
    outcome = Outcome(input=seed_path, status="failed")
    out = Path(outdir)
    try:
        seed = read_seed(seed_path)
        article, master = master_from_seed(seed, config.institution, when=options.render.date,
                                           rights=config.rights)
        outcome.id = aid = article.provenance.article_id
        target = final_path(out, aid, options)
        key = input_key(article.provenance.source_sha256, config, options)
        outcome.bag = target.name
        outcome.sha256 = seed.sha256
        outcome.warnings = [f"{n.code}: {n.message}" for n in article.notes]
        clash = _collision(target, seed.sha256)
        if clash:
            outcome.errors.append(f"{seed_path}: {clash}")
            return outcome
        if _up_to_date(target, key, options, outcome):
            outcome.status = "skipped"
            return outcome
        (out / STAGING).mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{aid}.", dir=out / STAGING))
        try:
            built = _build(seed, master, article, config, options, key, work, outcome)
            if built is None:
                return outcome
            clash = _collision(target, seed.sha256)  # a colliding seed may have landed meanwhile
            if clash:
                outcome.errors.append(f"{seed_path}: {clash}")
                return outcome
            move_into_place(built, target, out / STAGING)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        outcome.status = "packaged"
    except Exception as exc:  # noqa: BLE001 - one bad seed never stops a batch
        outcome.errors.append(describe(seed_path, exc))
    return outcome
