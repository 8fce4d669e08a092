"""One month → one transfer bag: a folder per issue (exactly an issue package's payload, its
METS included) and a month METS pointing at each issue METS (:mod:`..render.metadata.month_mets`).

Incremental by month: the key hashes every seed of the month, so adding an article rebuilds
its month's bag only. An article that fails fails its month (no partial bag).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..config import Config
from ..render.metadata import month_mets
from ..render.metadata.records import PayloadFile
from . import bundle
from .bundle import STAGING, Outcome, PackageOptions
from .issue import (IssueOutcome, collection_ref, describe, issue_key, payload,
                    read_issues, rebuild_reason)

METS_FORMAT = ("application/xml", "METS", "1.12")


def _stage(month: str, issues: list, seeds: dict, config: Config, options: PackageOptions,
           stage: Path, outcome: IssueOutcome) -> int:
    """Write every issue's payload under ``stage/<date>/`` and the month METS; the size."""
    ref = collection_ref(config, options, depth=3)
    size, mets_files = 0, {}
    for issue in issues:
        folder = stage / issue.id
        folder.mkdir()
        files = payload(issue, seeds, options, folder, outcome, ref)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            size += len(data)
        name = f"{issue.id}.mets.xml"
        mets_files[issue.id] = PayloadFile.of(f"{issue.id}/{name}", "issue-mets", *METS_FORMAT, files[name])
    data = month_mets.build(month, issues, mets_files, options.render.stamp,
                            collection_ref(config, options))  # data/<month>.mets.xml: depth 2
    (stage / f"{month}.mets.xml").write_bytes(data)
    return size + len(data)


def _bag(month: str, issues: list, seeds: dict, config: Config, options: PackageOptions,
         key: str, out: Path, outcome: IssueOutcome, target: Path) -> None:
    (out / STAGING).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{month}.", dir=out / STAGING))
    try:
        stage = work / month
        stage.mkdir()
        size = _stage(month, issues, seeds, config, options, stage, outcome)
        if outcome.errors:
            return
        articles = [seeds[i.id] for issue in issues for i in issue.items]
        info = bundle.bag_info(config, options, key, size, bundle.seeds_described(
            articles, month, month,
            f"People's Daily (人民日报), {month}: {len(issues)} issues, {len(articles)} articles; "
            "per issue seeds, TEI P5 masters, issue EPUB 3 and PDF/A-3, METS; a month METS"))
        aptrust = bundle.aptrust_info(f"People's Daily (人民日报), {month}",
                                      f"{len(articles)} articles of People's Daily (人民日报) in "
                                      f"{len(issues)} issues of {month}")
        built, warnings = bundle.finish_bag(stage, work, info, options, aptrust)
        outcome.warnings += warnings
        bundle.move_into_place(built, target, out / STAGING)
        outcome.status = "packaged"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def package_month(month: str, paths: list[str], outdir: str, config: Config,
                  options: PackageOptions) -> tuple[list[IssueOutcome], list[Outcome]]:
    """Package the seeds of one month into ``outdir/<YYYY-MM>``; never raises. One row per
    issue (all naming the month's bag, status and reason) and one per article."""
    outcome = IssueOutcome(issue=month, status="failed")
    issues, seeds = [], {}
    out = Path(outdir)
    try:
        issues, seeds = read_issues(paths, config, options)
        target = bundle.final_path(out, month, options)
        outcome.bag = target.name
        ids = [i.id for issue in issues for i in issue.items]
        key = issue_key([s.sha256 for s in seeds.values()], config, options)
        reason = rebuild_reason(target, key, ids, options.force)
        if reason is None:
            outcome.status, outcome.reason = "skipped", "up to date"
        else:
            outcome.reason = reason
            _bag(month, issues, seeds, config, options, key, out, outcome, target)
    except Exception as exc:  # noqa: BLE001 - one bad month never stops a batch
        outcome.errors.append(describe(month, exc))
    rows = [IssueOutcome(issue.id, outcome.status, outcome.bag, [i.id for i in issue.items],
                         [p.number for p in issue.pages], outcome.reason, [], list(outcome.errors))
            for issue in issues] or [outcome]
    articles = [Outcome(seeds[i.id].path, outcome.status, i.id, outcome.bag,
                        [f"{n.code}: {n.message}" for n in i.article.notes], list(outcome.errors))
                for issue in issues for i in issue.items]
    return rows, articles
