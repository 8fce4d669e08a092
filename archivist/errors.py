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
