"""The article model: plain dataclasses, no I/O.

This is the in-memory form of the TEI master. The seed parser builds it; the TEI writer
serialises it; the TEI reader rebuilds it from a (possibly hand-edited) master; every
renderer reads it. Nothing here knows about files or formats.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

EN = "en"
ZH = "zh-Hans"


@dataclass(frozen=True)
class Mention:
    """An entity occurrence inside a paragraph: ``text[start:end]`` refers to ``ref``."""

    start: int
    end: int
    ref: str


@dataclass
class Paragraph:
    """One line of prose, kept exactly (indentation and trailing whitespace included)."""

    id: str
    text: str
    #: Structural role (headline, byline, …; see archivist.ingest.roles), None for text.
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    #: Derived from the article's alignment links (:meth:`Article.link_paragraphs`): the ids
    #: of the other language's paragraphs in this paragraph's bead, and the bead's confidence.
    corresp: list[str] = field(default_factory=list)
    cert: float | None = None

    @property
    def aligned(self) -> bool:
        return bool(self.corresp)


@dataclass(frozen=True)
class Link:
    """One alignment bead: the English and Chinese paragraphs it joins, and its confidence.

    ``sentences`` pairs sentence offsets inside a 1–1 bead: ``((en_start, en_end),
    (zh_start, zh_end))`` character ranges of the two paragraphs' texts.
    """

    en: tuple[str, ...]
    zh: tuple[str, ...]
    cert: float
    sentences: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()

    @property
    def shape(self) -> str:
        return f"{len(self.en)}-{len(self.zh)}"


@dataclass
class Spacer:
    """A line holding only whitespace (U+3000 stanza breaks in poems), kept exactly."""

    text: str


Block = Union[Paragraph, Spacer]


@dataclass
class Entity:
    """One entry of the Named Entities list, with the result of the entity check."""

    id: str
    category: str | None
    zh: str
    en: str
    pinyin: str | None = None
    found_zh: bool = True
    found_en: bool = True

    @property
    def checked_ok(self) -> bool:
        return self.found_zh and self.found_en


@dataclass
class EntityGroup:
    """A run of entities: a category section (``People:``) or a blank-line group."""

    category: str | None
    label: str | None
    entities: list[Entity] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    """A quality flag archivist writes about the text (never a change to it)."""

    code: str
    message: str
    target: str | None = None


@dataclass
class Institution:
    """The depositing institution (from ``archivist.toml`` or options)."""

    name: str = "Unnamed depositing institution"
    address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    licence: str = (
        "Source texts: People's Daily (人民日报), via the public baokan-files collection. "
        "Machine translation and encoding provided for research use."
    )


#: The rightsstatements.org statements (https://rightsstatements.org/page/1.0/): id → label.
RIGHTS_STATEMENTS = {
    "InC": "In Copyright",
    "InC-OW-EU": "In Copyright - EU Orphan Work",
    "InC-EDU": "In Copyright - Educational Use Permitted",
    "InC-NC": "In Copyright - Non-Commercial Use Permitted",
    "InC-RUU": "In Copyright - Rights-holder(s) Unlocatable or Unidentifiable",
    "NoC-CR": "No Copyright - Contractual Restrictions",
    "NoC-NC": "No Copyright - Non-Commercial Use Only",
    "NoC-OKLR": "No Copyright - Other Known Legal Restrictions",
    "NoC-US": "No Copyright - United States",
    "CNE": "Copyright Not Evaluated",
    "UND": "Copyright Undetermined",
    "NKC": "No Known Copyright",
}
RIGHTS_BASE = "http://rightsstatements.org/vocab/"
DEFAULT_RIGHTS_NOTE = (
    "The copyright status of this article has not been determined: the depositor's "
    "archivist.toml sets no [rights] statement, so archivist records \"Copyright Undetermined\".")


@dataclass(frozen=True)
class Rights:
    """A rightsstatements.org statement for the article, and a note about it."""

    uri: str = RIGHTS_BASE + "UND/1.0/"
    note: str = DEFAULT_RIGHTS_NOTE

    @property
    def code(self) -> str:
        """The statement's id (``UND``, ``InC``…): the URI's path segment after /vocab/."""
        return self.uri.removeprefix(RIGHTS_BASE).split("/", 1)[0]

    @property
    def label(self) -> str:
        return RIGHTS_STATEMENTS.get(self.code, self.uri)

    @property
    def text(self) -> str:
        """Label and note as one sentence group (TEI licence, MODS accessCondition, DC)."""
        return f"{self.label}. {self.note}" if self.note else f"{self.label}."

    @property
    def copyright_status(self) -> str:
        """PREMIS copyrightStatus: copyrighted, publicdomain or unknown."""
        if self.code.startswith("InC"):
            return "copyrighted"
        return "publicdomain" if self.code.startswith("NoC") else "unknown"


@dataclass
class Bibl:
    """Bibliographic facts about the article, from both header blocks."""

    #: ``Title:`` of the English header, as written (it may hold Chinese).
    title_en: str
    #: The Chinese ``### `` headline, its decks joined by two spaces.
    headline_zh: str
    #: ``YYYY-MM-DD`` from the English ``Date:`` (a differing Chinese date is a note).
    date: str
    #: The English ``Page:``/``Edition:`` number (a differing ``第N版`` is a note).
    page: int
    #: ``Author:`` split at commas, semicolons and wide gaps; the Chinese author line split
    #: at wide gaps. Names as written.
    authors_en: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    #: The ``第N版(…)`` section name; the ``专栏：`` column, and the English header's ``Column:``.
    section_zh: str | None = None
    column_zh: str | None = None
    column_en: str | None = None
    #: The headline's parts (the body's ``head``s); by default split from ``headline_zh``,
    #: which the seed joins with two spaces.
    decks: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.decks:
            self.decks = [d for d in self.headline_zh.split("  ") if d.strip()] or [self.headline_zh]


@dataclass
class Provenance:
    """Where the master came from and who made it."""

    article_id: str
    source_name: str
    source_sha256: str
    archivist_version: str
    when: str
    institution: Institution = field(default_factory=Institution)
    rights: Rights = field(default_factory=Rights)


@dataclass
class Article:
    """The whole article: the TEI master in memory."""

    bibl: Bibl
    provenance: Provenance
    english: list[Block]
    chinese: list[Block]
    groups: list[EntityGroup] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: Alignment beads with both languages (a paragraph in none has no counterpart).
    links: list[Link] = field(default_factory=list)
    #: How the alignment was made, with the constants used (for the TEI encodingDesc).
    alignment_method: str = ""

    @property
    def en_paragraphs(self) -> list[Paragraph]:
        return [b for b in self.english if isinstance(b, Paragraph)]

    @property
    def zh_paragraphs(self) -> list[Paragraph]:
        return [b for b in self.chinese if isinstance(b, Paragraph)]

    @property
    def entities(self) -> list[Entity]:
        return [e for g in self.groups for e in g.entities]

    def link_paragraphs(self) -> None:
        """Set each paragraph's ``corresp`` and ``cert`` from :attr:`links`."""
        paras = {p.id: p for p in self.en_paragraphs + self.zh_paragraphs}
        for p in paras.values():
            p.corresp, p.cert = [], None
        for link in self.links:
            for side, other in ((link.en, link.zh), (link.zh, link.en)):
                for ident in side:
                    if ident in paras:
                        paras[ident].corresp = list(other)
                        paras[ident].cert = link.cert
