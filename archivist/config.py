"""Options as typed records with their defaults in one place, and ``archivist.toml``.

``archivist.toml`` (looked up in the working directory unless ``--config`` names one)::

    [institution]
    name = "Example University Library"
    address = "1 Library Road, Example City"
    contact_name = "Digital Archivist"
    contact_email = "archive@example.org"
    licence = "Research use only."
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError
from .tei.model import Institution

CONFIG_NAME = "archivist.toml"


@dataclass
class Config:
    """Everything configurable, with defaults."""

    institution: Institution = field(default_factory=Institution)


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (or ``./archivist.toml`` when present); defaults otherwise."""
    if path is None:
        default = Path(CONFIG_NAME)
        if not default.is_file():
            return Config()
        path = default
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{p}:0: cannot read configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}:1: not valid TOML: {exc}") from None
    section = data.get("institution", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{p}:1: [institution] must be a table")
    known = {f.name for f in fields(Institution)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{p}:1: unknown [institution] keys: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(known))})")
    bad = [k for k, v in section.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f"{p}:1: [institution] values must be strings: {', '.join(bad)}")
    return Config(institution=Institution(**{**Institution().__dict__, **section}))
