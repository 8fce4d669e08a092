"""archivist: People's Daily seed files → TEI P5 master → EPUB, PDF, METS → BagIt bundles.

Public API (imported lazily, so ``import archivist`` stays cheap)::

    build_time()                                   the build time (SOURCE_DATE_EPOCH, else today)
    parse_seed(path, institution, when=DATE)       seed file → Article (the master in memory)
    render_master(master_path, to, output, opts)   TEI master → epub | pdf | mets file
    RenderOptions(built=build_time(), paper="a4")  what every writer receives
    package(seeds, outdir, config, options, jobs)  seeds → BagIt bags + report.json
    validate(path, schema=None)                    Problems of a TEI master or an EPUB

(``archivist.render`` is the renderers' subpackage, hence ``render_master``.) Library code
never reads the clock: the caller reads it once (``build_time()``) and passes it down.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "build_time", "parse_seed", "render_master", "RenderOptions", "package",
           "validate"]

_API = {
    "build_time": ("archivist.clock", "build_time"),
    "RenderOptions": ("archivist.render.options", "RenderOptions"),
    "parse_seed": ("archivist.ingest.build", "convert"),
    "render_master": ("archivist.render", "render"),
    "package": ("archivist.deposit.batch", "run"),
    "validate": ("archivist.checks.validation", "validate_any"),
}


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        module, attr = _API[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'archivist' has no attribute {name!r}")
