"""Serialized bags: deterministic zip and tar files (fixed times, owners and modes)."""
from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

from ..fsutil import zip_entry

#: The modification time every tar member gets (reproducible output): 1980-01-01, as in zips.
TAR_MTIME = 315532800


def zip_bag(bag: Path, target: Path) -> None:
    """A deterministic zip of ``bag`` under the folder name ``target.stem``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            z.writestr(zip_entry(f"{target.stem}/{path.relative_to(bag).as_posix()}"),
                       path.read_bytes())


def _tar_info(name: str, size: int, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.uid, info.gid, info.uname, info.gname = size, TAR_MTIME, 0, 0, "", ""
    info.type, info.mode = (tarfile.DIRTYPE, 0o755) if directory else (tarfile.REGTYPE, 0o644)
    return info


def tar_bag(bag: Path, target: Path) -> None:
    """A deterministic POSIX tar of ``bag`` that untars to one folder named ``target.stem``
    (APTrust: the tar file's name must match the directory it untars to)."""
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_tar_info(target.stem, 0, directory=True))
        for path in sorted(bag.rglob("*")):
            name = f"{target.stem}/{path.relative_to(bag).as_posix()}"
            if path.is_dir():
                tar.addfile(_tar_info(name, 0, directory=True))
            else:
                data = path.read_bytes()
                tar.addfile(_tar_info(name, len(data)), io.BytesIO(data))
