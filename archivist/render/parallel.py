"""The EPUB's parallel reading section and its pop-up entity notes.

Each bead of the alignment is shown in reading order: the English paragraph(s), then the
Chinese counterpart(s), so a reader checks the translation against the authoritative original
paragraph by paragraph without leaving the page. A paragraph with no counterpart says so.
Entity names are EPUB 3 noterefs to footnotes in the same document (Chinese · pinyin ·
English), which reading systems show as pop-ups.
"""
from __future__ import annotations

from lxml import etree

from ..tei.model import EN, ZH, Article, Paragraph
from . import xhtml as X

PARALLEL_TITLE = "Parallel text"


def add_notes(section: etree._Element, a: Article, glossary: str | None) -> None:
    """Append one footnote per entity mentioned in ``section`` (in order of first mention)."""
    refs = dict.fromkeys(
        href[len("#" + X.NOTE_PREFIX):] for href in section.xpath(
            ".//h:a[@role='doc-noteref']/@href", namespaces={"h": X.XHTML_NS}))
    entities = {e.id: e for e in a.entities}
    if not refs:
        return
    notes = X.h(section, "section", class_="notes", aria_label="Names")
    for ref in refs:
        e = entities.get(ref)
        if e is None:
            continue
        aside = X.h(notes, "aside", id=X.NOTE_PREFIX + ref, epub_type="footnote",
                    role="doc-footnote", class_="entity-note")
        p = X.h(aside, "p")
        last = X.h(p, "span", e.zh, lang=ZH, class_="note-zh")
        if e.pinyin:
            last.tail = " · "
            last = X.h(p, "i", e.pinyin, class_="pinyin")
        last.tail = f" · {e.en or '—'} ({X.CATEGORY_LABELS[e.category].lower()})"
        if glossary:
            last.tail += " "
            X.h(p, "a", "in the glossary", href=f"{glossary}#{ref}", class_="to-glossary")


def _paragraph(parent: etree._Element, p: Paragraph, lang: str, entities: dict) -> None:
    d = X.display(p)
    classes = ["right"] if d.right else []
    el = X.h(parent, "p", lang=lang, id="par-" + p.id, class_=" ".join(classes + [lang[:2]]))
    X.fill_inline(el, p, entities, notes=bool(entities))


def parallel_page(a: Article, document: tuple[etree._Element, etree._Element],
                  glossary: str | None) -> etree._Element:
    """Fill ``document`` (html, body) with the parallel section; return the html root."""
    html, body = document
    verse = " verse" if X.is_verse(a) else ""
    section = X.h(body, "section", class_="parallel" + verse, aria_labelledby="parallel-heading")
    X.h(section, "h1", PARALLEL_TITLE, id="parallel-heading")
    X.h(section, "p", "Each paragraph of the English machine translation is followed by the "
        "Chinese original it was aligned with; the Chinese is authoritative.", class_="intro")
    entities = {e.id: e for e in a.entities}
    for k, bead in enumerate(X.beads(a), 1):
        low = X.uncertain(bead.en) if bead.en and bead.zh else None
        classes = ["bead"] + (["stanza"] if bead.stanza else []) + \
            (["lone"] if not (bead.en and bead.zh) else []) + (["low"] if low else [])
        div = X.h(section, "div", class_=" ".join(classes), id=f"bead-{k}")
        if low:
            X.h(div, "p", "≈ " + low, class_="lowcert")
        for p in bead.en:
            _paragraph(div, p, EN, entities)
        if not bead.en:
            X.h(div, "p", "No English paragraph was aligned with the Chinese one below.",
                class_="lone-note")
        for p in bead.zh:
            _paragraph(div, p, ZH, entities)
        if not bead.zh:
            X.h(div, "p", "No Chinese paragraph was aligned with the English one above.",
                class_="lone-note")
    add_notes(section, a, glossary)
    return html
