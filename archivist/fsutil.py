"""File output: atomic writes (temporary name, then rename), seed discovery, reproducible zips."""
from __future__ import annotations

import os
import tempfile
import zipfile
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


#: The earliest time a zip entry can carry (the DOS epoch).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_entry(name: str, date_time: tuple[int, ...] = ZIP_EPOCH, stored: bool = False) -> zipfile.ZipInfo:
    """A reproducible zip entry: fixed time, Unix ``0644``, deflated unless ``stored``.

    The one recipe for every archive archivist writes (EPUB, zipped bag).
    """
    stamp = tuple(date_time[:6]) if date_time[0] >= 1980 else ZIP_EPOCH
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info
