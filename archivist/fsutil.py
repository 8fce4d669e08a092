"""Atomic file output: write to a temporary name beside the target, then rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def seed_files(paths: list[str | Path]) -> list[Path]:
    """Expand arguments: files as given, directories to the ``*.md`` and ``*.txt`` files
    anywhere below them (sorted, so a batch always runs in the same order)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*")
                              if f.is_file() and f.suffix in (".md", ".txt")))
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:  # the same file named twice is packaged once
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique
