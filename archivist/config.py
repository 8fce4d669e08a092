"""Options as typed records with their defaults in one place, and ``archivist.toml``.

``archivist.toml`` (``--config PATH``, else ``$ARCHIVIST_CONFIG``, else ``./archivist.toml``);
``archivist init`` writes a commented one (:data:`TEMPLATE`)::

    [institution]
    name = "Example University Library"     # required by `archivist package`
    address = "1 Library Road, Example City"
    contact_name = "Digital Archivist"
    contact_email = "archive@example.org"
    licence = "Research use only."

    [rights]
    statement = "http://rightsstatements.org/vocab/UND/1.0/"   # a rightsstatements.org URI
    note = "Why this statement applies."
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError
from .tei.model import RIGHTS_BASE, RIGHTS_STATEMENTS, Institution, Rights

CONFIG_NAME = "archivist.toml"
HOW_TO_SET = ("run `archivist init` to write a commented archivist.toml, then set "
              "[institution] name (or pass --config FILE)")

TEMPLATE = '''\
# archivist.toml: who deposits, and under which rights statement.
# archivist reads ./archivist.toml, or the file named by --config or $ARCHIVIST_CONFIG.
# Unknown keys are an error, so a typo never passes silently.

[institution]
# Required by `archivist package`: the TEI publisher, METS agent, MODS record source and
# BagIt Source-Organization of every bag.
name = ""
address = ""            # BagIt Organization-Address, TEI publicationStmt/address
contact_name = ""       # BagIt Contact-Name
contact_email = ""      # BagIt Contact-Email
# licence = "Terms of use, as one sentence."   # TEI licence, MODS accessCondition, DC rights

[rights]
# A rightsstatements.org statement (https://rightsstatements.org/page/1.0/), e.g.
#   http://rightsstatements.org/vocab/InC/1.0/   In Copyright
#   http://rightsstatements.org/vocab/NoC-US/1.0/  No Copyright - United States
# Without this section archivist records "Copyright Undetermined" (UND) with a note saying
# that no statement was set.
statement = "http://rightsstatements.org/vocab/UND/1.0/"
note = "The copyright status of this article has not been determined."
'''
MAX_CONFIG_BYTES = 1024 * 1024
#: NUL and the other controls (tab aside), DEL, C1, and the Unicode line/paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Config:
    """Everything configurable, with defaults. ``institution_set``: a name was configured."""

    institution: Institution = field(default_factory=Institution)
    rights: Rights = field(default_factory=Rights)
    institution_set: bool = False

    def require_institution(self) -> None:
        """Raise :class:`ConfigError` unless a depositing institution was configured."""
        if not self.institution_set:
            raise ConfigError(f"config: no depositing institution configured; {HOW_TO_SET}")


def _table(data: dict, name: str, known: set[str], p: Path) -> dict[str, str]:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"{p}:1: [{name}] must be a table")
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{p}:1: unknown [{name}] keys: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(known))})")
    bad = [k for k, v in section.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f"{p}:1: [{name}] values must be strings: {', '.join(bad)}")
    controls = [k for k, v in section.items() if _CONTROL.search(v)]
    if controls:
        raise ConfigError(f"{p}:1: [{name}] values may not contain control characters "
                          f"or line separators: {', '.join(controls)}")
    return section


def _rights(section: dict[str, str], p: Path) -> Rights:
    if "statement" not in section:
        if section:
            raise ConfigError(f"{p}:1: [rights] needs a statement (a rightsstatements.org URI)")
        return Rights()
    uri = section["statement"].strip()
    code = uri.removeprefix(RIGHTS_BASE).split("/", 1)[0]
    if not uri.startswith(RIGHTS_BASE) or code not in RIGHTS_STATEMENTS or not uri.endswith("/1.0/"):
        raise ConfigError(f"{p}:1: [rights] statement {uri!r} is not a rightsstatements.org URI "
                          f"like {RIGHTS_BASE}UND/1.0/ (known: {', '.join(RIGHTS_STATEMENTS)})")
    return Rights(uri, section.get("note", "").strip())


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (or ``./archivist.toml`` when present); defaults otherwise."""
    if path is None:
        default = Path(CONFIG_NAME)
        if not default.is_file():
            return Config()
        path = default
    from .fsutil import read_bounded

    p = Path(path)
    raw = read_bounded(p, MAX_CONFIG_BYTES,
                       lambda line, what: ConfigError(f"{p}:{line}: configuration: {what}"))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}:1: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"institution", "rights"})
    if unknown:
        raise ConfigError(f"{p}:1: unknown sections: {', '.join(unknown)} (known: institution, rights)")
    section = _table(data, "institution", {f.name for f in fields(Institution)}, p)
    institution = Institution(**{**Institution().__dict__, **section})
    rights = _rights(_table(data, "rights", {"statement", "note"}, p), p)
    return Config(institution, rights, bool(section.get("name", "").strip()))


def write_template(path: Path, force: bool = False) -> None:
    """Write :data:`TEMPLATE` to ``path``; refuse to overwrite unless ``force``."""
    if path.exists() and not force:
        raise ConfigError(f"{path}: already exists; edit it, or pass --force to overwrite it")
    from .fsutil import atomic_write

    atomic_write(path, TEMPLATE.encode("utf-8"))
