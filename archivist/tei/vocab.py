"""Names shared by the TEI writer and reader, so both sides agree by construction."""
from __future__ import annotations

import re

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_FILE = "archivist-tei.rng"

#: category → (list element, entry element, name element used in standOff and inline)
ENTITY_ELEMENTS: dict[str | None, tuple[str, str, str]] = {
    "person": ("listPerson", "person", "persName"),
    "place": ("listPlace", "place", "placeName"),
    "org": ("listOrg", "org", "orgName"),
    "event": ("listEvent", "event", "eventName"),
    "term": ("list", "item", "term"),
    None: ("list", "item", "rs"),
}
#: ``list/@type`` tells the two generic lists apart.
LIST_TYPES = {"term": "terms", None: "entities"}

PINYIN = "zh-Latn-pinyin"
UNALIGNED = "unaligned"
ROLE_PREFIX = "role-"
_RANGE = re.compile(r"^#string-range\(//p\[@xml:id='([^']+)'\],(\d+),(\d+)\)$")


def string_range(ident: str, start: int, end: int) -> str:
    """A TEI string-range() pointer to characters start..end of paragraph ``ident``."""
    return f"#string-range(//p[@xml:id='{ident}'],{start},{end - start})"


def parse_string_range(pointer: str) -> tuple[str, int, int] | None:
    """(paragraph id, start, end) of a pointer made by :func:`string_range`, else None."""
    m = _RANGE.match(pointer)
    return (m.group(1), int(m.group(2)), int(m.group(2)) + int(m.group(3))) if m else None
#: Structural roles of body lines (xml:id ROLE_PREFIX + key in the role interpGrp).
ROLE_TEXT = {
    "headline": "A headline deck repeated as a body line.",
    "column": "The name of the column the article appeared in.",
    "byline": "A byline or a signature: the author's name, office or place.",
    "dateline": "A dateline: the date (and agency) of a dispatch or letter.",
    "credit": "A credit for a photograph or drawing.",
    "source": "A source line: the agency or publication the text is taken from.",
    "editor-note": "An editor's note.",
    "comment": "A remark about the file in the English part, not a translation.",
    "untranslated": "Chinese text copied into the English part without translation.",
}

CHECK_SUBTYPES = {
    (False, True): "missing-zh",
    (True, False): "missing-en",
    (False, False): "missing-both",
}
CHECK_MESSAGES = {
    "missing-zh": "The Chinese form does not occur in the Chinese text.",
    "missing-en": "The English form does not occur in the English translation.",
    "missing-both": "Neither form occurs in the text: the entry may be invented.",
}

MT_RESP = "Machine translation of the Chinese original into English (unreviewed; may contain errors)"
MT_AGENT = "Large language model, unnamed (as published in the baokan-files collection)"
ENC_RESP = "TEI encoding, paragraph alignment and entity checking"

SEGMENTATION = (
    "Each non-empty line of the seed is one p, kept exactly as written, indentation and "
    "trailing white space included (xml:space=\"preserve\"). Lines holding only white space "
    "(stanza breaks) are kept as ab type=\"spacer\". The Chinese headline decks, joined by two "
    "spaces in the seed, are separate head elements."
)
CORRECTION = (
    "No correction. OCR errors in the Chinese and errors in the machine translation are kept "
    "as found; suspected defects are flagged in notesStmt, never fixed."
)
ENTITY_CHECK = (
    "Named entities come from the list in the seed. Each occurrence of an entity's Chinese "
    "form in the Chinese text and of its English form in the translation is marked and points "
    "at its entry with ref. An entry whose form is found in neither or only one language is "
    "kept with cert=\"low\" and a note."
)
SOURCE_COLLECTION = "baokan-files: People's Daily (人民日报) texts with machine English translations"
