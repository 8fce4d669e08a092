"""``archivist package --by issue|month``: seeds grouped by date, one task per issue (or month).

The seeds are first read (not converted) to learn their dates; each issue is then one task
(local process pool, or one Dask task per issue with ``--scheduler``). One task per issue,
not per article: the issue's EPUB, PDF and METS need every article of the date in one
process, and an issue task sends back only its small outcome. ``report.json`` gets a row per
article and per issue (with why it was rebuilt); the collection record is written beside the
bags (:mod:`archivist.render.metadata.collection`).
"""
from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Callable

from .. import __version__
from ..config import Config
from ..errors import ArchivistError
from ..fsutil import atomic_write
from ..runtime import tune_gc
from ..ingest.seed import read_seed
from ..render.metadata.collection import build as collection_record
from ..render.metadata.issue_mods import COLLECTION_FILE, CollectionRef
from . import batch
from .bundle import Outcome, PackageOptions
from .issue import IssueOutcome, collection_ref, package_issue

Result = tuple[list[IssueOutcome], list[Outcome]]
Progress = Callable[[Outcome], None]


def plan(seeds: list[Path], by: str = "issue") -> tuple[dict[str, list[str]], list[Outcome]]:
    """Seeds by date, or by month (ascending); seeds that cannot be read are failed outcomes."""
    by_date: dict[str, list[str]] = {}
    failed = []
    for path in seeds:
        try:
            date = read_seed(path).bibl.date
            by_date.setdefault(date[:7] if by == "month" else date, []).append(str(path))
        except ArchivistError as exc:
            failed.append(Outcome(str(path), "failed", errors=[str(exc)]))
    return dict(sorted(by_date.items())), failed


def package_unit(by: str, key: str, paths: list[str], outdir: str, config: Config,
                 options: PackageOptions) -> Result:
    """One issue (``key`` a date) or one month (``key`` YYYY-MM) into one bag."""
    if by == "month":
        from .month import package_month

        return package_month(key, paths, outdir, config, options)
    issue, rows = package_issue(key, paths, outdir, config, options)
    return [issue], rows


def unit_task(by: str, key: str, paths: list[str], outdir: str, config: Config,
              options: PackageOptions) -> Result:
    """What a Dask worker runs (module-level, so it pickles by reference)."""
    from .cluster import _TASK_LOCK

    with _TASK_LOCK:
        tune_gc()
        return package_unit(by, key, paths, outdir, config, options)


def _rows(date: str, paths: list[str], result: Result) -> list[Outcome]:
    """Per-article rows; when the issue failed before its articles were known, one per seed."""
    issues, rows = result
    return rows or [Outcome(p, "failed", errors=list(issues[0].errors)) for p in paths]


def _crashed(date: str, why: str) -> Result:
    return [IssueOutcome(date, "failed", errors=[f"{date}: {why}"])], []


def _local(by: str, tasks: dict[str, list[str]], outdir: Path, config: Config,
           options: PackageOptions, jobs: int, done: Callable[[str, Result], None]) -> None:
    if jobs <= 1 or len(tasks) <= 1:
        for key, paths in tasks.items():
            done(key, package_unit(by, key, paths, str(outdir), config, options))
        return

    def finished(key: str, result: Result | None, exc: Exception | None) -> None:
        done(key, result if exc is None else _crashed(key, f"worker failed: {exc}"))

    ordered = batch.largest_first(list(tasks.items()), lambda task: task[1])
    batch.run_pool(package_unit, {d: (by, d, p, str(outdir), config, options)
                                  for d, p in ordered}, jobs, finished)


def _cluster(by: str, tasks: dict[str, list[str]], outdir: Path, config: Config,
             options: PackageOptions, address: str, done: Callable[[str, Result], None]) -> None:
    from .cluster import RETRIES, client_for

    client = client_for(address)
    from distributed import as_completed

    try:
        futures = {client.submit(unit_task, by, d, p, str(outdir.resolve()), config, options,
                                 key=f"archivist-{by}-{outdir.resolve()}-{d}", retries=RETRIES,
                                 pure=False): d for d, p in tasks.items()}
        for fut in as_completed(futures, loop=client.loop):
            try:
                done(futures[fut], fut.result())
            except Exception as exc:  # noqa: BLE001 - a task that failed every retry
                done(futures[fut], _crashed(futures[fut], f"cluster task failed: {exc}"))
    finally:
        client.close()


def run(seeds: list[Path], outdir: Path, config: Config, options: PackageOptions, jobs: int = 1,
        progress: Progress | None = None, scheduler: str | None = None,
        by: str = "issue") -> tuple[list[Outcome], list[IssueOutcome]]:
    """Package ``seeds`` into one bag per issue (or month); write ``report.json`` and the
    collection record."""
    with batch.session(outdir) as signals:
        tasks, unreadable = plan(seeds, by)
        rows: dict[str, Outcome] = {o.input: o for o in unreadable}
        issues: dict[str, list[IssueOutcome]] = {}

        def done(key: str, result: Result) -> None:
            issues[key] = result[0]
            for row in _rows(key, tasks[key], result):
                rows[row.input] = row
                if progress:
                    progress(row)

        if progress:
            for o in unreadable:
                progress(o)
        with signals.work():
            if scheduler:
                _cluster(by, tasks, outdir, config, options, scheduler, done)
            else:
                _local(by, tasks, outdir, config, options, jobs, done)
        batch._clean_staging(outdir)
        ordered = [rows[str(s)] for s in seeds if str(s) in rows]
        by_date = [o for key in tasks if key in issues for o in issues[key]]
        write_report(outdir, ordered, by_date, options, by, signals.pending)
        if signals.pending is None:  # an interrupted run describes no collection
            write_collection(outdir, by_date, config, collection_ref(config, options), options)
    signals.check()
    return ordered, by_date


def write_collection(outdir: Path, issues: list[IssueOutcome], config: Config, ref: CollectionRef,
                     options: PackageOptions) -> Path:
    """Write the collection record for the issues whose bags exist (packaged or up to date)."""
    present = [o for o in issues if o.status in ("packaged", "skipped")]
    path = outdir / COLLECTION_FILE
    atomic_write(path, collection_record(present, ref, config, options.render.date))
    return path


def write_report(outdir: Path, articles: list[Outcome], issues: list[IssueOutcome],
                 options: PackageOptions, by: str = "issue", interrupted: int | None = None) -> Path:
    """``report.json``: summary, one row per article and one per issue."""
    def counts(rows: list) -> dict[str, int]:
        return {s: sum(1 for o in rows if o.status == s) for s in ("packaged", "skipped", "failed")}

    report = {
        "archivist": __version__, "by": by, "zip": options.zip,
        "summary": {"articles": len(articles), **counts(articles),
                    "issues": {"total": len(issues), **counts(issues)}},
        "issues": [o.to_json() for o in issues],
        "articles": [o.to_json() for o in articles],
    }
    if interrupted is not None:
        report["interrupted"] = {"signal": signal.Signals(interrupted).name}
    path = outdir / batch.REPORT_NAME
    atomic_write(path, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
