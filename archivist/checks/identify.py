"""Format identification with FIDO (Open Preservation Foundation) against PRONOM.

FIDO's signatures load once per process (about a second) and are reused for every file; a
worker identifies all its articles with one :class:`~fido.fido.Fido`. What FIDO returns is
recorded as it is: the match method (``signature``, ``container``, ``extension``), every
candidate, or that nothing matched — never a format archivist merely asserts.
"""
from __future__ import annotations

import functools
import io
import threading
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

REGISTRY = "PRONOM"


@dataclass(frozen=True)
class Candidate:
    puid: str
    name: str
    version: str
    mimetype: str


@dataclass(frozen=True)
class Identification:
    """FIDO's answer for one file: ``method`` is ``fail`` when nothing matched."""

    method: str
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def summary(self) -> str:
        if not self.candidates:
            return "FIDO found no PRONOM format"
        found = ", ".join(f"{c.puid} ({c.name}{' ' + c.version if c.version else ''})"
                          for c in self.candidates)
        extra = "; several candidates, the first is recorded" if len(self.candidates) > 1 else ""
        return f"{found} by {self.method}{extra}"


class _Identifier:
    """One loaded FIDO; ``identify`` is serialised (FIDO keeps per-file state on itself)."""

    def __init__(self) -> None:
        # FIXME(opf-fido<1.7): Fido(handle_matches=…, format_files=…) and
        # fido.versions.get_local_versions are FIDO's module API, not a documented library API.
        from fido import CONFIG_DIR, __version__
        from fido.fido import Fido
        from fido.versions import get_local_versions

        versions = get_local_versions(CONFIG_DIR)
        self.version = (f"{__version__} (PRONOM signatures {versions.pronom_signature}, "
                        f"container signatures {versions.pronom_container_signature})")
        self._matches: list = []
        self._method = ""
        self._lock = threading.Lock()
        self._fido = Fido(quiet=True, handle_matches=self._collect,
                          format_files=[versions.pronom_signature, versions.fido_extension_signature])

    def _collect(self, fullname: str, matches: list, delta_t: float, matchtype: str = "") -> None:
        self._matches, self._method = list(matches), matchtype or "signature"

    def identify(self, path: Path) -> Identification:
        with self._lock, redirect_stderr(io.StringIO()):
            self._matches, self._method = [], "fail"
            self._fido.identify_file(str(path))
            found = tuple(self._candidate(f) for f, _sig in self._matches)
            return Identification(self._method if found else "fail", found)

    def _candidate(self, fmt) -> Candidate:  # noqa: ANN001 - an ElementTree element of FIDO's
        def text(tag: str) -> str:
            el = fmt.find(tag)
            return (el.text or "").strip() if el is not None else ""
        return Candidate(self._fido.get_puid(fmt), text("name"), text("version"), text("mime"))


@functools.lru_cache(maxsize=1)
def identifier() -> _Identifier:
    """The process's FIDO, loaded on first use."""
    return _Identifier()


def identify(path: str | Path) -> Identification:
    """Identify one file's format with FIDO (PRONOM)."""
    return identifier().identify(Path(path))


def tool_version() -> str:
    """FIDO's version and the signature files it uses (the identification event's agent)."""
    return identifier().version
