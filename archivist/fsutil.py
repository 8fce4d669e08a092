"""Files in and out, safely.

- :func:`read_bounded` reads an input only if it is a regular file no larger than a limit,
  checked on the open descriptor before a byte is read (a FIFO, ``/dev/zero`` or a 2 GB
  file is refused at once, never read).
- :func:`write_output` never replaces what is not a regular file and never overwrites an
  input: a FIFO or character device (``/dev/stdout``, ``/dev/null``) is written *through*, a
  symlink is followed and its target replaced, a directory, block device or socket is refused.
- :func:`atomic_write` writes a temporary file beside the target, then renames it.
- :func:`seed_files` expands input arguments, skipping OUTDIR and BagIt bags;
  :func:`zip_entry` is the one recipe for reproducible zip members.
"""
from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterable

from .errors import ArchivistError, EnvError

#: Builds the caller's error from (line, message): a SeedError, SchemaError, ConfigError…
Fail = Callable[[int, str], ArchivistError]
_CHUNK = 1 << 20


def kind(mode: int) -> str:
    """A human name for a file type (``stat.S_IFMT``)."""
    for test, name in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def read_bounded(path: str | Path, limit: int, fail: Fail) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    The type and size come from ``fstat`` on the descriptor (opened non-blocking, so a FIFO
    cannot hang the open); the read itself stops at ``limit + 1`` bytes in case the file grows.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise fail(0, f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise fail(0, f"cannot read: {kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise fail(1, f"file is {st.st_size:,} bytes; the limit is {limit:,} bytes")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise fail(1, f"file grew beyond the limit of {limit:,} bytes while being read")
        return b"".join(chunks)
    except OSError as exc:
        raise fail(0, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


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
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(target)  # a failed write names no file by itself
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_output(path: str | Path, data: bytes, inputs: Iterable[str | Path] = ()) -> None:
    """Write an output the user named, without destroying what is at ``path``.

    Raises :class:`EnvError` when ``path`` is one of ``inputs`` (the same file, whatever the
    spelling or link) or is a directory, block device or socket; OS failures become
    :class:`EnvError` naming the path.
    """
    target = Path(path)
    for src in inputs:
        if _same_file(target, Path(src)):
            raise EnvError(f"{target}: is the input {src}; refusing to overwrite it "
                           "(choose another -o)")
    try:
        try:
            mode = os.stat(target).st_mode  # follows symlinks: judge what the link points at
        except FileNotFoundError:
            mode = None
        if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            with open(target, "wb") as fh:  # write through; never unlink a device or a pipe
                fh.write(data)
            return
        if mode is not None and not stat.S_ISREG(mode):
            raise EnvError(f"{target}: is {kind(mode)}; refusing to replace it with a file")
        atomic_write(os.path.realpath(target), data)  # a symlink stays; its target is replaced
    except OSError as exc:
        raise EnvError.of(exc, "cannot write") from None


def _is_bag(names: list[str]) -> bool:
    return "bagit.txt" in names


def seed_files(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Expand arguments: files as given, directories to the ``*.md`` and ``*.txt`` regular
    files below them (sorted, so a batch always runs in the same order). Directories in
    ``exclude`` (OUTDIR) and BagIt bags (a ``bagit.txt`` beside) are never walked into."""
    skip = {os.path.realpath(e) for e in exclude}
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        found = []
        for root, dirs, files in os.walk(p):
            if os.path.realpath(root) in skip or _is_bag(files):
                dirs[:] = []
                continue
            found += [Path(root, f) for f in files
                      if f.endswith((".md", ".txt")) and Path(root, f).is_file()]
        out.extend(sorted(found))
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
