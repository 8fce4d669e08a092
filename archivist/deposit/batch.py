"""``archivist package`` over a collection: a process pool, a lock, a report.

Workers return small :class:`~archivist.deposit.bundle.Outcome` records; bags are written by the
workers themselves with the build-then-rename rule. One bad seed never stops the others.
"""
from __future__ import annotations

import fcntl
import json
import multiprocessing
import shutil
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .. import __version__
from .bundle import STAGING, Outcome, PackageOptions, package_seed
from ..config import Config
from ..errors import BundleError
from ..fsutil import atomic_write

LOCK_NAME = ".archivist.lock"
REPORT_NAME = "report.json"
Progress = Callable[[Outcome], None]


@contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold OUTDIR's lock for the whole run; a second concurrent run fails cleanly."""
    outdir.mkdir(parents=True, exist_ok=True)
    fh = open(outdir / LOCK_NAME, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BundleError(f"{outdir}: another archivist package run is writing here; "
                              "wait for it to finish") from None
        yield
    finally:
        fh.close()


def _clean_staging(outdir: Path) -> None:
    """Remove what an interrupted run left in the staging area (we hold the lock)."""
    shutil.rmtree(outdir / STAGING, ignore_errors=True)


def run(seeds: list[Path], outdir: Path, config: Config, options: PackageOptions,
        jobs: int = 1, progress: Progress | None = None, scheduler: str | None = None) -> list[Outcome]:
    """Package ``seeds`` into ``outdir``; write ``report.json``; return every outcome.

    With ``scheduler`` (a Dask scheduler address) the articles run on that cluster;
    otherwise on a local process pool of ``jobs`` workers.
    """
    config.require_institution()  # no output at all without a depositing institution
    with locked(outdir):
        _clean_staging(outdir)
        outcomes: dict[str, Outcome] = {}
        args = [(str(s), str(outdir), config, options) for s in seeds]
        if scheduler:
            from .cluster import run_on_cluster

            outcomes.update(run_on_cluster(seeds, outdir, config, options, scheduler, progress))
        elif jobs <= 1 or len(args) <= 1:
            for a in args:
                outcome = package_seed(*a)
                outcomes[a[0]] = outcome
                if progress:
                    progress(outcome)
        else:
            outcomes.update(_pooled(args, jobs, progress))
        _clean_staging(outdir)
        ordered = [outcomes[str(s)] for s in seeds]
        write_report(outdir, ordered, options)
        return ordered


def _pooled(args: list[tuple], jobs: int, progress: Progress | None) -> dict[str, Outcome]:
    ctx = multiprocessing.get_context("spawn")
    results: dict[str, Outcome] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        pending: dict[Future, str] = {pool.submit(package_seed, *a): a[0] for a in args}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                seed = pending.pop(fut)
                try:
                    outcome = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker died; the batch goes on
                    outcome = Outcome(seed, "failed", errors=[f"{seed}: worker failed: {exc}"])
                results[seed] = outcome
                if progress:
                    progress(outcome)
    return results


def write_report(outdir: Path, outcomes: list[Outcome], options: PackageOptions) -> Path:
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("packaged", "skipped", "failed")}
    report = {
        "archivist": __version__,
        "zip": options.zip,
        "summary": {"articles": len(outcomes), **counts},
        "articles": [o.to_json() for o in outcomes],
    }
    path = outdir / REPORT_NAME
    atomic_write(path, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
