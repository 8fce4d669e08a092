"""One issue (every given article of one date) → one BagIt 1.0 bag.

The bag holds each article's seed (byte for byte) and TEI master, the issue EPUB and PDF
(one each, not one per article), and the issue METS (issue → page → article). It is built
in ``OUTDIR/.staging/`` and renamed into place like an article bag (:mod:`.bundle`), whose
bagging, zipping and EPUBCheck steps it reuses.

Incremental by issue: the input key hashes every seed of the date, so adding, changing or
removing one article rebuilds that date's bag only; the outcome says why it was rebuilt.
An article that fails to convert fails its issue (no partial issue is bagged).
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import BundleError, describe
from ..ingest.build import master_from_seed
from ..ingest.seed import read_seed
from ..render.issue import Issue, Item, group
from ..render.metadata import issue_mets
from ..render.metadata.issue_mods import COLLECTION_FILE, CollectionRef
from ..render.metadata.provenance import EPUB_FORMAT, PDF_FORMAT, SEED_FORMATS, TEI_FORMAT
from ..render.metadata.records import PayloadFile
from ..tei import reader
from ..tei.schema import parse_xml
from . import bundle
from .bundle import STAGING, Outcome, PackageOptions


@dataclass
class IssueOutcome:
    """The small per-issue result a batch gathers for ``report.json``."""

    issue: str
    status: str  # packaged | skipped | failed
    bag: str = ""
    articles: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    reason: str = ""  # why it was (re)built, or why it is up to date
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def collection_ref(config: Config, options: PackageOptions, depth: int = 2) -> CollectionRef:
    """The collection every issue names as its host: stable as issues come and go.
    ``depth``: how many folders the METS lies below OUTDIR (``<bag>/data/`` is 2)."""
    return CollectionRef(options.group or "archivist-deposit",
                         f"People's Daily (人民日报): texts and machine translations deposited by "
                         f"{config.institution.name}", "../" * depth + COLLECTION_FILE)


def issue_key(shas: list[str], config: Config, options: PackageOptions) -> str:
    """The bag's input key: every seed of the date, plus what an article bag's key holds."""
    seeds = hashlib.sha256(("issue:" + ",".join(sorted(shas))).encode("ascii")).hexdigest()
    return bundle.input_key(seeds, config, options)


def _existing(target: Path) -> tuple[set[str], str | None] | None:
    """An existing issue bag (directory, zip or tar), opened once: the ids of its articles
    (its masters) and its recorded input key; None if there is none."""
    from .bagtree import TreeError, open_tree

    try:
        tree = open_tree(target)
    except (OSError, TreeError):
        return None
    try:
        names = [rel.rsplit("/", 1)[-1] for rel in tree.entries if rel.endswith(".tei.xml")]
        key = bundle.tree_tags(tree).get(bundle.INPUT_KEY)
    finally:
        tree.close()
    return {n.removesuffix(".tei.xml") for n in names}, key


def rebuild_reason(target: Path, key: str, ids: list[str], force: bool) -> str | None:
    """Why the issue bag at ``target`` must be (re)built; None when it is up to date."""
    existing = _existing(target)
    if existing is None:
        return "new bag"
    before, held_key = existing
    added, removed = sorted(set(ids) - before), sorted(before - set(ids))
    changes = ([f"added {', '.join(added)}"] if added else []) + \
              ([f"removed {', '.join(removed)}"] if removed else [])
    if changes:
        return "articles " + "; ".join(changes)
    if force:
        return "--force"
    if held_key != key:
        return "options, institution or archivist version changed"
    return None


def payload(issue: Issue, seeds: dict[str, object], options: PackageOptions, stage: Path,
             outcome: IssueOutcome, collection: CollectionRef) -> dict[str, bytes]:
    """Render the issue editions from the masters, describe everything in the issue METS."""
    from ..render import issue_epub, issue_pdf

    epub = issue_epub.build(issue, options.render)
    pdf, problems = issue_pdf.build(issue, options.render)
    outcome.warnings += [f"{p.code}: {p.message}" for p in problems]
    masters, originals, data = {}, {}, {}
    for item in issue.items:
        seed = seeds[item.id]
        name = bundle.seed_name(item.id, seed.path)
        masters[item.id] = PayloadFile.of(f"{item.id}.tei.xml", f"master-{issue.key(item)}",
                                          *TEI_FORMAT, item.master)
        originals[item.id] = PayloadFile.of(name, f"original-{issue.key(item)}",
                                            *SEED_FORMATS[Path(name).suffix], seed.raw,
                                            Path(seed.path).name)
        if originals[item.id].sha256 != seed.sha256:
            raise BundleError(f"{seed.path}: seed changed while it was being packaged")
        data.update({name: seed.raw, f"{item.id}.tei.xml": item.master})
    files = issue_mets.IssueFiles(PayloadFile.of(f"{issue.id}.epub", "epub", *EPUB_FORMAT, epub),
                                  PayloadFile.of(f"{issue.id}.pdf", "pdf", *PDF_FORMAT, pdf),
                                  masters, originals)
    check = bundle.check_epub(stage / files.epub.name, epub, options, outcome)
    when = options.render.stamp
    prov, creators = issue_mets.provenance(issue, files, when, check)
    data.update({files.epub.name: epub, files.pdf.name: pdf,
                 f"{issue.id}.mets.xml": issue_mets.build(issue, files, prov, creators, when, collection)})
    return data


def _bag_info(issue: Issue, seeds: dict, config: Config, options: PackageOptions, key: str,
              size: int) -> dict[str, str]:
    return bundle.bag_info(config, options, key, size, bundle.seeds_described(
        [seeds[i.id] for i in issue.items], issue.date, issue.id,
        f"People's Daily (人民日报), {issue.date}: {len(issue.items)} articles on pages "
        f"{_pages(issue)}: seeds, TEI P5 masters, issue EPUB 3 and PDF/A-3, METS"))


def _aptrust_info(issue: Issue) -> dict[str, str]:
    return bundle.aptrust_info(f"People's Daily (人民日报), {issue.date}",
                               f"{len(issue.items)} articles of People's Daily (人民日报) of "
                               f"{issue.date}, pages {_pages(issue)}")


def _pages(issue: Issue) -> str:
    return ", ".join(str(p.number) for p in issue.pages)


def _build(issue: Issue, seeds: dict, config: Config, options: PackageOptions, key: str,
           work: Path, outcome: IssueOutcome) -> Path | None:
    stage = work / issue.id
    stage.mkdir()
    files = payload(issue, seeds, options, stage, outcome, collection_ref(config, options))
    if outcome.errors:
        return None
    for name, data in files.items():
        (stage / name).write_bytes(data)
    info = _bag_info(issue, seeds, config, options, key, sum(map(len, files.values())))
    built, warnings = bundle.finish_bag(stage, work, info, options, _aptrust_info(issue))
    outcome.warnings += warnings
    return built


def read_issues(paths: list[str], config: Config, options: PackageOptions) -> tuple[list[Issue], dict]:
    """Seeds → validated masters → issues (an error names the seed that failed)."""
    items, seeds = [], {}
    for path in paths:
        seed = read_seed(path)
        article, master = master_from_seed(seed, config.institution, when=options.render.date,
                                           rights=config.rights)
        model = reader.read(parse_xml(master, f"{article.provenance.article_id}.tei.xml"))
        items.append(Item(model, master))
        seeds[article.provenance.article_id] = seed
    return group(items), seeds


def package_issue(date: str, paths: list[str], outdir: str, config: Config,
                  options: PackageOptions) -> tuple[IssueOutcome, list[Outcome]]:
    """Package the seeds of one date into ``outdir/<date>``; never raises."""
    outcome = IssueOutcome(issue=date, status="failed")
    rows: list[Outcome] = []
    out = Path(outdir)
    try:
        issues, seeds = read_issues(paths, config, options)
        if len(issues) != 1:
            raise BundleError(f"{paths[0]}: the seeds of one issue are of {len(issues)} dates")
        issue = issues[0]
        target = bundle.final_path(out, issue.id, options)
        outcome.bag, outcome.articles = target.name, [i.id for i in issue.items]
        outcome.pages = [p.number for p in issue.pages]
        rows = [Outcome(seeds[i.id].path, "failed", i.id, target.name,
                        [f"{n.code}: {n.message}" for n in i.article.notes]) for i in issue.items]
        key = issue_key([s.sha256 for s in seeds.values()], config, options)
        reason = rebuild_reason(target, key, outcome.articles, options.force)
        if reason is None:
            outcome.status, outcome.reason = "skipped", "up to date"
        else:
            outcome.reason = reason
            _build_into_place(issue, seeds, config, options, key, out, outcome, target)
    except Exception as exc:  # noqa: BLE001 - one bad issue never stops a batch
        outcome.errors.append(describe(date, exc))
    for row in rows:
        row.status, row.errors = outcome.status, list(outcome.errors)
    return outcome, rows


def _build_into_place(issue: Issue, seeds: dict, config: Config, options: PackageOptions,
                      key: str, out: Path, outcome: IssueOutcome, target: Path) -> None:
    (out / STAGING).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{issue.id}.", dir=out / STAGING))
    try:
        built = _build(issue, seeds, config, options, key, work, outcome)
        if built is not None:
            bundle.move_into_place(built, target, out / STAGING)
            outcome.status = "packaged"
    finally:
        shutil.rmtree(work, ignore_errors=True)
