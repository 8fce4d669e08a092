"""Plain records the metadata writers share: payload files, preservation events, agents."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

#: LoC preservation event types (http://id.loc.gov/vocabulary/preservation/eventType).
EVENT_TYPES = {
    "cre": "creation",
    "mes": "message digest calculation",
    "val": "validation",
    "for": "format identification",
}
EVENT_TYPE_SCHEME = "http://id.loc.gov/vocabulary/preservation/eventType"


@dataclass(frozen=True)
class PayloadFile:
    """A file the METS describes (its bytes are hashed, never stored here twice)."""

    name: str
    use: str
    mimetype: str
    format_name: str
    format_version: str
    sha256: str
    size: int
    original_name: str = ""  # the name it was received under, when not ``name``

    @classmethod
    def of(cls, name: str, use: str, mimetype: str, format_name: str, format_version: str,
           data: bytes, original_name: str = "") -> "PayloadFile":
        return cls(name, use, mimetype, format_name, format_version,
                   hashlib.sha256(data).hexdigest(), len(data), original_name)

    @property
    def key(self) -> str:
        """An NCName for METS/PREMIS ids (``use`` is unique within a package)."""
        return "file-" + self.use


@dataclass(frozen=True)
class Agent:
    key: str
    name: str
    type: str  # "organization" or "software"
    version: str = ""


@dataclass(frozen=True)
class Check:
    """The result of checking one payload file with a tool of the field (e.g. EPUBCheck)."""

    tool: str  # name and version, e.g. "EPUBCheck 5.1.0"
    errors: int
    warnings: int


@dataclass(frozen=True)
class Event:
    key: str
    type: str  # a key of EVENT_TYPES
    when: str
    detail: str
    outcome: str  # "pass" / "fail"
    outcome_detail: str = ""
    agents: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()


@dataclass
class Provenance:
    """Everything the METS says about how the payload came to be."""

    files: list[PayloadFile] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
