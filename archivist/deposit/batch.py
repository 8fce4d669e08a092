"""``archivist package`` over a collection: a process pool, a lock, a report.

Workers return small :class:`~archivist.deposit.bundle.Outcome` records; bags are written by the
workers themselves with the build-then-rename rule. One bad seed never stops the others.
"""
from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import __version__
from .bundle import Outcome, PackageOptions, package_seed, recover_staging
from ..config import Config
from ..errors import BundleError, EnvError, Interrupted
from ..fsutil import atomic_write
from ..runtime import tune_gc

LOCK_NAME = ".archivist.lock"
REPORT_NAME = "report.json"
Progress = Callable[[Outcome], None]


@contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold OUTDIR's lock for the whole run; a second concurrent run fails cleanly.

    The lock file is removed (while still held) when the run ends; an acquirer checks that
    the file it locked is still the one at the path, so removal never lets two runs in."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvError.of(exc, "cannot create the output directory") from None
    path = outdir / LOCK_NAME
    fd = _acquire(path, outdir)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)


def _acquire(path: Path, outdir: Path) -> int:
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise EnvError.of(exc, "cannot create the lock file") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except BlockingIOError:
            os.close(fd)
            raise BundleError(f"{outdir}: another archivist package run is writing here; "
                              "wait for it to finish") from None
        except FileNotFoundError:
            pass  # the previous holder removed it between our open and flock: retry
        except OSError as exc:
            os.close(fd)
            raise EnvError.of(exc, "cannot lock") from None
        os.close(fd)


#: Peak memory of one worker (WeasyPrint, fonts, EPUBCheck's JVM), measured ≈ 370–460 MB.
WORKER_BYTES = 460 * 1024 * 1024


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def worker_limit(requested: int | None, articles: int) -> tuple[int, str]:
    """Worker processes to start: at most the usable cores, the workers available memory
    holds (``WORKER_BYTES`` each) and the articles. Returns (jobs, a note when capped)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = _available_memory()
    by_memory = max(1, memory // WORKER_BYTES) if memory is not None else cores
    want = requested or cores
    jobs = max(1, min(want, cores, by_memory, max(articles, 1)))
    if requested is None or jobs >= requested:
        return jobs, ""
    mem = f"{memory / 2**30:.1f} GB" if memory is not None else "unknown memory"
    return jobs, (f"--jobs {requested} capped to {jobs} ({cores} cores, {mem} available at "
                  f"≈{WORKER_BYTES // 2**20} MB per worker, {articles} articles)")


def _clean_staging(outdir: Path) -> None:
    """Restore what an interrupted rebuild left, empty the staging area (lock held, no
    worker running)."""
    try:
        recover_staging(outdir)
    except OSError as exc:
        raise EnvError.of(exc, "cannot clean the staging area") from None


def _worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the workers itself), and
    on Linux the worker dies with the parent even if the parent is killed with SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tune_gc()  # a spawned worker does not run the command line's set-up
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


class _Signals:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread while ``armed``;
    while disarmed (cleaning up, writing the report) they are remembered and re-raised
    by :meth:`check`, so a second signal never cuts the clean-up short."""

    def __init__(self) -> None:
        self.armed = False
        self.pending: int | None = None

    @contextmanager
    def work(self) -> Iterator[None]:
        """The interruptible part of a run: a signal ends it early (and quietly)."""
        self.armed = self.pending is None
        try:
            yield
        except Interrupted:
            pass
        finally:
            self.armed = False

    def _handle(self, signum: int, frame: object) -> None:
        if self.pending is None:
            self.pending = signum
            if self.armed:
                self.armed = False
                raise Interrupted(signum)

    @contextmanager
    def installed(self) -> Iterator["_Signals"]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        old = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)

    def check(self) -> None:
        if self.pending is not None:
            raise Interrupted(self.pending)


@contextmanager
def session(outdir: Path) -> Iterator["_Signals"]:
    """A run on OUTDIR: hold its lock, restore and empty staging, and turn SIGINT/SIGTERM
    into :class:`Interrupted` inside :meth:`_Signals.work`. The caller cleans staging and
    writes its report before leaving, then calls ``check()`` (exit 130/143 after the lock
    is released)."""
    signals = _Signals()
    with locked(outdir), signals.installed():
        _clean_staging(outdir)
        signals.check()
        yield signals


def run(seeds: list[Path], outdir: Path, config: Config, options: PackageOptions,
        jobs: int = 1, progress: Progress | None = None, scheduler: str | None = None) -> list[Outcome]:
    """Package ``seeds`` into ``outdir``; write ``report.json``; return every outcome.

    With ``scheduler`` (a Dask scheduler address) the articles run on that cluster;
    otherwise on a local process pool of ``jobs`` workers. SIGINT or SIGTERM stops the
    workers, restores and empties staging, writes ``report.json`` with the articles that
    finished, releases the lock, then raises :class:`Interrupted`.
    """
    config.require_institution()  # no output at all without a depositing institution
    with session(outdir) as signals:
        outcomes: dict[str, Outcome] = {}
        with signals.work():
            _dispatch(seeds, outdir, config, options, jobs, progress, scheduler, outcomes)
        _clean_staging(outdir)
        ordered = [outcomes[str(s)] for s in seeds if str(s) in outcomes]
        _mark_collisions(ordered)
        write_report(outdir, ordered, options, len(seeds), signals.pending)
    signals.check()
    return ordered


def _dispatch(seeds: list[Path], outdir: Path, config: Config, options: PackageOptions, jobs: int,
              progress: Progress | None, scheduler: str | None, outcomes: dict[str, Outcome]) -> None:
    """Run every article, filling ``outcomes`` as each finishes (so an interruption keeps them)."""
    args = [(str(s), str(outdir), config, options) for s in seeds]
    if scheduler:
        from .cluster import run_on_cluster

        run_on_cluster(seeds, outdir, config, options, scheduler, progress, outcomes)
    elif jobs <= 1 or len(args) <= 1:
        for a in args:
            outcome = package_seed(*a)
            outcomes[a[0]] = outcome
            if progress:
                progress(outcome)
    else:
        _pooled(args, jobs, progress, outcomes)


def _pooled(args: list[tuple], jobs: int, progress: Progress | None, results: dict[str, Outcome]) -> None:
    def done(seed: str, outcome: Outcome | None, exc: Exception | None) -> None:
        if outcome is None:  # a worker died; the batch goes on
            outcome = Outcome(seed, "failed", errors=[f"{seed}: worker failed: {exc}"])
        results[seed] = outcome
        if progress:
            progress(outcome)

    run_pool(package_seed, {a[0]: a for a in largest_first(args, lambda a: [a[0]])}, jobs, done)


def largest_first(items: list, paths: Callable[[Any], list[str]]) -> list:
    """``items`` by the bytes of their seeds, largest first: the longest tasks start first,
    so no worker is left alone with a long one at the end (results keep the input order)."""
    def size(item: Any) -> int:
        total = 0
        for path in paths(item):
            try:
                total += os.path.getsize(path)
            except OSError:
                pass  # the task itself reports an unreadable seed
        return total

    return sorted(items, key=size, reverse=True)


def run_pool(fn: Callable, calls: dict[str, tuple], jobs: int,
             done: Callable[[str, Any, Exception | None], None]) -> None:
    """``fn(*args)`` for every key on a pool of ``jobs`` spawned workers, ``done(key, result,
    error)`` as each finishes. Whatever ends it early (:class:`Interrupted`) terminates the
    workers and waits for them before it propagates: none outlives the run or its lock."""
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init)
    pending: dict[Future, str] = {}
    try:
        pending = {pool.submit(fn, *args): key for key, args in calls.items()}
        while pending:
            finished, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for fut in finished:
                key = pending.pop(fut)
                try:
                    result, error = fut.result(), None
                except Exception as exc:  # noqa: BLE001 - reported through done()
                    result, error = None, exc
                done(key, result, error)
    except BaseException:
        _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        del pool, pending  # the pool's semaphores are released before the tracker stops
        _stop_resource_tracker()
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers and wait until they are gone (SIGKILL after 5 s)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the workers are reachable only through the private ``_processes`` (stable
    # 3.8–3.13); getattr keeps a change from crashing (the workers then still die with the
    # parent through PR_SET_PDEATHSIG).
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join()


def _stop_resource_tracker() -> None:
    """Stop multiprocessing's resource-tracker process and wait for it, so that after an
    interruption no process of the run is left (it would otherwise exit on its own a moment
    after the parent, when it reads end-of-file)."""
    # FIXME: ResourceTracker._stop is private (present 3.8–3.13, same behaviour); getattr keeps
    # a rename from crashing, the tracker then exits by itself just after the run.
    import multiprocessing.resource_tracker as tracker

    stop = getattr(getattr(tracker, "_resource_tracker", None), "_stop", None)
    if stop is not None:
        try:
            stop()
        except (OSError, RuntimeError):
            pass


def _mark_collisions(outcomes: list[Outcome]) -> None:
    """Two different seeds with one article id: fail all of them loudly (one bag replaced
    the other). The same seed named by two paths is not a collision."""
    by_id: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.id and o.status != "failed":
            by_id.setdefault(o.id, []).append(o)
    for group in by_id.values():
        if len({o.sha256 for o in group}) > 1:
            for o in group:
                others = ", ".join(x.input for x in group if x is not o)
                o.status = "failed"
                o.errors.append(f"{o.input}: article id {o.id} collides with {others} (a different "
                                f"seed); {o.bag} holds only one of them")


def write_report(outdir: Path, outcomes: list[Outcome], options: PackageOptions,
                 total: int | None = None, interrupted: int | None = None) -> Path:
    """Write ``report.json``: every finished article; when interrupted, which signal and
    how many articles did not finish."""
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("packaged", "skipped", "failed")}
    report = {
        "archivist": __version__,
        "zip": options.zip,
        "summary": {"articles": len(outcomes), **counts},
        "articles": [o.to_json() for o in outcomes],
    }
    if interrupted is not None:
        report["interrupted"] = {"signal": signal.Signals(interrupted).name,
                                 "unfinished": (total or len(outcomes)) - len(outcomes)}
    path = outdir / REPORT_NAME
    try:
        atomic_write(path, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise EnvError.of(exc, "cannot write the report") from None
    return path
