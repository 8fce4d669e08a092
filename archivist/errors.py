"""The exception tree and the Problem record collected by validation.

Library code raises these; only :mod:`archivist.cli` turns them into messages and exit codes.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding: ``level`` is ``error`` or ``warning``; ``where`` is ``file:line`` or an id."""

    level: str
    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message} [{self.code}]"


class ArchivistError(Exception):
    """Base class. ``category`` names the stage that failed; ``problems`` holds details."""

    category = "archivist"
    exit_code = 1

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return self.message


class SeedError(ArchivistError):
    """The seed text cannot be read as an article; the message starts with ``path:line:``."""

    category = "seed"

    def __init__(self, path: str, line: int, what: str) -> None:
        super().__init__(f"{path}:{line}: {what}")
        self.path = path
        self.line = line
        self.what = what


class SchemaError(ArchivistError):
    """An XML document is not well-formed, not TEI, or invalid against a schema."""

    category = "schema"


class RenderError(ArchivistError):
    """An output (EPUB, PDF, METS) could not be produced."""

    category = "render"


class BundleError(ArchivistError):
    """A bag could not be built, validated or verified."""

    category = "bundle"


class ConfigError(ArchivistError):
    """The configuration file or an option is wrong."""

    category = "config"
    exit_code = 2


class EnvError(ArchivistError):
    """The environment refused an operation: a full or read-only disk, a path that is not a
    directory, permissions. Not the input's fault and not a bug (exit 74, ``EX_IOERR``)."""

    category = "environment"
    exit_code = 74

    @classmethod
    def of(cls, exc: OSError, doing: str = "") -> "EnvError":
        """One line naming the path (and the second path of a rename) and the reason."""
        paths = [p for p in (exc.filename, exc.filename2) if p is not None]
        where = " -> ".join(str(p) for p in paths) or "?"
        reason = exc.strerror or str(exc)
        return cls(f"{where}: {doing + ': ' if doing else ''}{reason}")


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; raised in the main process only (exit 128 + signal).

    A ``BaseException`` so that no ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def describe(label: str, exc: Exception) -> str:
    """One line for a failure (never a traceback): archivist's own message, the OS's, or a bug."""
    if isinstance(exc, ArchivistError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{label}: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"{label}: internal error: {type(exc).__name__}: {exc}"
