"""``archivist verify``: completeness and fixity of bags (directories or zips)."""
from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import bagit

from ..errors import Problem
from .original import check_original

MAX_ZIP_BYTES = 8 * 1024 * 1024 * 1024


def _safe_extract(archive: Path, target: Path) -> Path:
    """Extract a zipped bag, refusing absolute paths, ``..`` and links (zip slip)."""
    with zipfile.ZipFile(archive) as z:
        total = 0
        for info in z.infolist():
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                raise bagit.BagError(f"unsafe path in zip: {info.filename!r}")
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise bagit.BagError(f"symbolic link in zip: {info.filename!r}")
            total += info.file_size
            if total > MAX_ZIP_BYTES:
                raise bagit.BagError("zip expands beyond the size limit")
        z.extractall(target)
    roots = [p for p in target.iterdir()]
    return roots[0] if len(roots) == 1 and roots[0].is_dir() else target


def _detail(bag: str, d: Exception) -> Problem:
    if isinstance(d, bagit.ChecksumMismatch):
        return Problem("error", f"{d.algorithm}-mismatch", f"{bag}/{d.path}",
                       f"{d.algorithm} checksum mismatch: expected {d.expected}, found {d.found}")
    if isinstance(d, bagit.FileMissing):
        return Problem("error", "missing", f"{bag}/{d.path}", "listed in the manifest but missing")
    if isinstance(d, bagit.UnexpectedFile):
        return Problem("error", "unexpected", f"{bag}/{d.path}", "present but not in any manifest")
    return Problem("error", "bag", bag, str(d))


def verify_bag(path: str | Path) -> list[Problem]:
    """Every completeness or fixity problem of one bag (empty: the bag is valid), and whether
    the original seed still matches the hash its master recorded."""
    p = Path(path)
    with tempfile.TemporaryDirectory(prefix="archivist-verify-") as tmp:
        bag = None
        try:
            root = _safe_extract(p, Path(tmp)) if p.is_file() else p
            bag = bagit.Bag(str(root))
            bag.validate(processes=1)
            return check_original(root, str(p))
        except bagit.BagValidationError as exc:
            problems = [_detail(str(p), d) for d in exc.details]
            if not problems and bag is not None:  # Payload-Oxum failed first: name the files
                missing, extra = bag.compare_manifests_with_fs()
                problems = [_detail(str(p), bagit.FileMissing(m)) for m in sorted(missing)]
                problems += [_detail(str(p), bagit.UnexpectedFile(e)) for e in sorted(extra)]
            return problems + [Problem("error", "bag", str(p), exc.message)] if not exc.details else problems
        except (bagit.BagError, zipfile.BadZipFile, OSError) as exc:
            return [Problem("error", "bag", str(p), str(exc))]
    return []
