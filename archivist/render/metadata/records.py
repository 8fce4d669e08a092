"""Plain records the metadata writers share: payload files, preservation events, agents.

Identifiers are URNs derived from content (UUIDv5 in archivist's namespace), so they are the
same for the same inputs yet unique across a whole collection: a file's from its name (which
holds the article id) and SHA-256, an event's from the article, its kind, its time and its
objects, an agent's from its name and version (one agent, one identifier, in every bag).
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

#: LoC preservation event types (http://id.loc.gov/vocabulary/preservation/eventType).
EVENT_TYPES = {
    "cre": "creation",
    "mes": "message digest calculation",
    "val": "validation",
    "for": "format identification",
}
EVENT_TYPE_SCHEME = "http://id.loc.gov/vocabulary/preservation/eventType"
#: archivist's UUIDv5 namespace (uuid5(NAMESPACE_URL, "urn:archivist")).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:archivist")


def urn(*parts: str) -> str:
    """A deterministic ``urn:uuid:`` for ``parts`` in archivist's namespace."""
    return uuid.uuid5(NAMESPACE, "\x1f".join(parts)).urn


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
        """An NCName for METS ids (``use`` is unique within a package)."""
        return "file-" + self.use

    @property
    def ident(self) -> str:
        """The PREMIS object identifier: from the name (article id inside) and the content."""
        return urn("object", self.name, self.sha256)


@dataclass(frozen=True)
class Agent:
    key: str
    name: str
    type: str  # "organization" or "software"
    version: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()

    @property
    def ident(self) -> str:
        return urn("agent", self.type, self.name, self.version)


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
    outcome: str  # "pass" / "warning" / "fail"
    outcome_detail: str = ""
    agents: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()  # outcome objects of a creation, else the objects examined
    sources: tuple[str, ...] = ()  # source objects of a creation

    def ident(self, article_id: str, digests: dict[str, str]) -> str:
        """Unique across the collection: article, kind, time and the objects' content."""
        return urn("event", article_id, self.key, self.when,
                   *(digests.get(o, o) for o in self.sources + self.objects))


@dataclass
class Provenance:
    """Everything the METS says about how the payload came to be."""

    files: list[PayloadFile] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    article_id: str = ""
    formats: dict = field(default_factory=dict)  # file name → checks.identify.Identification
    derived: dict[str, str] = field(default_factory=dict)  # file name → source file name

    @property
    def rights_ident(self) -> str:
        return urn("rights", self.article_id)

    @property
    def digests(self) -> dict[str, str]:
        return {f.name: f.sha256 for f in self.files}
