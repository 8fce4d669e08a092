"""A bag's files as a read-only tree, whether a directory, a zip or a tar, never extracted.

:func:`open_tree` gives a :class:`Tree`: every file's relative POSIX path, size and type,
and a streaming ``open``. A directory is walked without following links; a zip is read
from its central directory and each member streamed (zipfile stops at the member's
declared size), so verifying a zip writes nothing to disk and reads no more than the zip
declares. Unsafe zip names (absolute, ``..``, backslashes) and links are refused.
"""
from __future__ import annotations

import os
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..fsutil import kind


class TreeError(Exception):
    """The container itself is unusable (not a bag, an unsafe zip); ``where`` is relative."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class Entry:
    size: int
    kind: str  # "a regular file" or what it is instead

    @property
    def regular(self) -> bool:
        return self.kind == "a regular file"


class Tree:
    """Files of a bag keyed by path relative to the bag's root (``data/x.pdf``)."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries

    def open(self, rel: str) -> BinaryIO:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Release the container."""


class DirTree(Tree):
    def __init__(self, root: Path) -> None:
        self.root = root
        entries: dict[str, Entry] = {}
        for top, dirs, files in os.walk(root, followlinks=False):
            names = files + [d for d in dirs if os.path.islink(os.path.join(top, d))]
            for name in names:
                full = os.path.join(top, name)
                st = os.lstat(full)
                rel = Path(full).relative_to(root).as_posix()
                entries[rel] = Entry(st.st_size, kind(st.st_mode))
        super().__init__(entries)

    def open(self, rel: str) -> BinaryIO:
        full = self.root / rel
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the walk
            os.close(fd)
            raise OSError(f"{rel}: no longer a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")


class ZipTree(Tree):
    def __init__(self, archive: Path) -> None:
        try:
            self.zip = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise TreeError(f"not a readable zip: {exc}") from None
        infos = [i for i in self.zip.infolist() if not i.is_dir()]
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                raise TreeError(f"unsafe path in zip: {info.filename!r}")
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise TreeError(f"symbolic link in zip: {info.filename!r}")
        tops = {i.filename.split("/", 1)[0] for i in infos}
        self.prefix = f"{tops.pop()}/" if len(tops) == 1 and all("/" in i.filename for i in infos) else ""
        self.names = {i.filename[len(self.prefix):]: i for i in infos}
        super().__init__({rel: Entry(i.file_size, "a regular file") for rel, i in self.names.items()})

    def open(self, rel: str) -> BinaryIO:
        return self.zip.open(self.names[rel])  # bounded by the declared size; CRC checked

    def close(self) -> None:
        self.zip.close()


class TarTree(Tree):
    """A tarred bag (APTrust's serialization): members streamed, links and devices named as
    not regular, unsafe names refused."""

    def __init__(self, archive: Path) -> None:
        try:
            self.tar = tarfile.open(archive)
            members = self.tar.getmembers()
        except (tarfile.TarError, EOFError) as exc:
            raise TreeError(f"not a readable tar: {exc}") from None
        for m in members:
            name = PurePosixPath(m.name)
            if name.is_absolute() or ".." in name.parts or "\\" in m.name:
                raise TreeError(f"unsafe path in tar: {m.name!r}")
        files = [m for m in members if not m.isdir()]
        tops = {m.name.split("/", 1)[0] for m in members}
        self.prefix = f"{tops.pop()}/" if len(tops) == 1 and all("/" in m.name for m in files) else ""
        self.names = {m.name[len(self.prefix):]: m for m in files}
        super().__init__({rel: Entry(m.size, "a regular file" if m.isreg() else "a link or special file")
                          for rel, m in self.names.items()})

    def open(self, rel: str) -> BinaryIO:
        handle = self.tar.extractfile(self.names[rel])
        if handle is None:
            raise OSError(f"{rel}: not a regular member")
        return handle  # type: ignore[return-value]

    def close(self) -> None:
        self.tar.close()


def open_tree(path: Path) -> Tree:
    """The bag at ``path``: a directory, or a zip or tar holding one."""
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        return DirTree(path)
    if stat.S_ISREG(st.st_mode):
        return TarTree(path) if path.suffix == ".tar" else ZipTree(path)
    raise TreeError(f"is {kind(st.st_mode)}, neither a bag directory nor a zip")


def read_small(tree: Tree, rel: str, limit: int) -> str:
    """A tag file's text: present, regular, at most ``limit`` bytes, strict UTF-8."""
    entry = tree.entries.get(rel)
    if entry is None:
        raise TreeError("missing", rel)
    if not entry.regular:
        raise TreeError(f"is {entry.kind}, not a regular file; not read", rel)
    if entry.size > limit:
        raise TreeError(f"is {entry.size:,} bytes; tag files above {limit:,} bytes are refused", rel)
    with tree.open(rel) as fh:
        data = fh.read(limit + 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise TreeError("starts with a byte-order mark, which BagIt forbids", rel)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TreeError(f"line {line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                        f"{exc.start})", rel) from None
