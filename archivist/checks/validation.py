"""``archivist validate``: dispatch a file to the right validator, collect Problems."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..tei.schema import validate_file


def validate_any(path: Path, schema: Path | None = None) -> list[Problem]:
    """Problems of one file: EPUBs go to EPUBCheck, everything else is XML."""
    if path.suffix.lower() == ".epub":
        from .epubcheck import check_epub

        return check_epub(path)
    return validate_file(path, schema)
