"""Packaging on an existing Dask cluster (``--scheduler tcp://HOST:8786``).

One task per article; each worker writes its bag straight into the shared OUTDIR with the
same build-then-rename rule as the local pool, and sends back only the small Outcome.
A task whose worker dies is retried by Dask; a retry finds a complete bag already in place
(skipped) or a staging area it never reads from, so no partial bag and no duplicate appear.
Dask is imported here only, and only when a scheduler is given.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from .bundle import Outcome, PackageOptions, package_seed
from ..config import Config
from ..errors import ConfigError
from ..runtime import tune_gc

#: Heavy per-process state (WeasyPrint fonts, EPUBCheck's JVM, bagit's chdir) is not
#: thread-safe: a worker with several threads runs archivist tasks one at a time.
_TASK_LOCK = threading.Lock()
RETRIES = 3


def package_task(seed: str, outdir: str, config: Config, options: PackageOptions) -> Outcome:
    """The task a Dask worker runs (module-level, so it pickles by reference).

    The build time travels inside ``options`` (read once by the client): a worker's clock
    and environment are never consulted, and one client's date never leaks into another's.
    """
    with _TASK_LOCK:
        tune_gc()  # the worker process is archivist's while the task runs (see runtime.py)
        return package_seed(seed, outdir, config, options)


def client_for(address: str):  # noqa: ANN201 - distributed.Client
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--scheduler needs Dask: pip install 'archivist[dask]' "
                          "(dask[distributed])") from None
    try:
        return Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def run_on_cluster(seeds: list[Path], outdir: Path, config: Config, options: PackageOptions,
                   address: str, progress: Callable[[Outcome], None] | None = None,
                   results: dict[str, Outcome] | None = None) -> dict[str, Outcome]:
    """Submit one task per seed; gather Outcomes (into ``results``) as they complete.

    Interrupted, the tasks not yet started are cancelled; a task already running on a
    remote worker finishes its bag with the build-then-rename rule (it cannot be killed)."""
    results = {} if results is None else results
    client = client_for(address)
    from distributed import as_completed

    futures: dict = {}
    try:
        for seed in seeds:
            fut = client.submit(package_task, str(seed), str(outdir.resolve()), config, options,
                                key=f"archivist-{seed.resolve()}", retries=RETRIES, pure=False)
            futures[fut] = str(seed)
        for fut in as_completed(futures, loop=client.loop):
            seed = futures[fut]
            try:
                outcome = fut.result()
            except Exception as exc:  # noqa: BLE001 - a task that failed every retry
                outcome = Outcome(seed, "failed", errors=[f"{seed}: cluster task failed: {exc}"])
            results[seed] = outcome
            if progress:
                progress(outcome)
    except BaseException:
        client.cancel(list(futures))
        raise
    finally:
        client.close()
    return results
