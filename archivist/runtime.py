"""Process-wide settings made at the edges (the command line, each pool worker), never by
the library itself.

Garbage collection: typesetting a PDF allocates millions of short-lived objects, and each of
CPython's full collections walks every long-lived one — fonts, FIDO's PRONOM signatures,
the EPUBCheck JVM's proxies. With the default thresholds a packaging worker spent a third of
its PDF time collecting (measured: median PDF 0.45 s → 0.29 s in a worker; the whole
article 0.65 s → 0.50 s). Waiting for more allocations between collections keeps memory
bounded (cyclic garbage is still collected) at that fraction of the cost.
"""
from __future__ import annotations

import gc

#: Allocations before a young collection (default 700), and how many collections of one
#: generation before the next older one is collected (defaults 10, 10).
GC_THRESHOLDS = (100_000, 50, 100)


def tune_gc() -> None:
    """Set :data:`GC_THRESHOLDS` for this process."""
    gc.set_threshold(*GC_THRESHOLDS)
