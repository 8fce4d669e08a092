"""XHTML building blocks shared by the EPUB and PDF renderers.

Everything a reader sees is derived here from the article model: display text of a
paragraph (indentation turned into layout, never into characters), inline entity spans,
the title-page facts, the source line, glossary rows and the edition notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..xmlbuild import attribute_name, el
from ..tei.model import EN, ZH, Article, Entity, Paragraph, Spacer

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_H = "{%s}" % XHTML_NS

CATEGORY_LABELS = {
    "person": "Person", "place": "Place", "org": "Organization", "event": "Event",
    "term": "Slogan or term", None: "Entity",
}
MT_NOTICE = ("The English text is a machine translation of the Chinese original. It has not "
             "been reviewed and may contain errors; the Chinese original is authoritative.")
NOTE_PREFIX = "note-"
#: Leading white space at least this wide (in characters) marks a right-aligned line.
RIGHT_ALIGN_INDENT = 6
_LEAD = re.compile(r"^[ \t\u3000]*")


def h(parent: etree._Element | None, tag: str, text: str | None = None,
      lang: str | None = None, **attrs: str) -> etree._Element:
    """Make an XHTML element. Keyword names: ``class_`` → ``class``, ``aria_label`` →
    ``aria-label``, ``epub_type`` → ``epub:type``; ``lang`` sets ``lang`` and ``xml:lang``."""
    e = el(parent, XHTML_NS, tag, text, None, {None: XHTML_NS, "epub": EPUB_NS} if parent is None else None)
    if lang:
        e.set("lang", lang)
        e.set(XML_LANG, lang)
    for key, value in attrs.items():
        e.set(attribute_name("epub__type" if key == "epub_type" else key), value)
    return e


def document(title: str, lang: str, stylesheets: tuple[str, ...] = ("style.css",)
             ) -> tuple[etree._Element, etree._Element]:
    """An XHTML document (``html``, ``body``) with its title and style sheets linked."""
    html = h(None, "html", lang=lang)
    head = h(html, "head")
    h(head, "meta", charset="utf-8")
    h(head, "title", title)
    for href in stylesheets:
        h(head, "link", rel="stylesheet", type="text/css", href=href)
    return html, h(html, "body")


def source_line(article: Article) -> str:
    """``People's Daily (人民日报), 1966-01-11, page 1`` (+ section when known)."""
    b = article.bibl
    line = f"People's Daily (人民日报), {b.date}, page {b.page}"
    if b.section_zh:
        line += f", section {b.section_zh}"
    return line


@dataclass(frozen=True)
class Display:
    """How a paragraph is shown: trimmed text, its offset in the original, and its layout."""

    text: str
    offset: int
    right: bool


def display(para: Paragraph) -> Display:
    lead = _LEAD.match(para.text)
    width = sum(2 if c == "\u3000" else 1 for c in lead.group()) if lead else 0
    start = lead.end() if lead else 0
    text = para.text[start:].rstrip(" \t\u3000")
    return Display(text, start, width >= RIGHT_ALIGN_INDENT * 2 and len(text) < 60)


def fill_inline(el: etree._Element, para: Paragraph, article_entities: dict[str, Entity],
                href: str | None = None, notes: bool = False) -> None:
    """Put ``para``'s display text into ``el`` with entity mentions as spans, links to
    ``href#id`` or, with ``notes``, EPUB 3 noterefs to ``#note-id`` in the same document."""
    d = display(para)
    end = d.offset + len(d.text)
    pos, last = d.offset, None

    def add_text(chunk: str) -> None:
        if last is None:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for m in para.mentions:
        if m.start < pos or m.end > end:
            continue
        add_text(para.text[pos:m.start])
        entity = article_entities.get(m.ref)
        category = entity.category if entity else None
        span = etree.SubElement(el, _H + ("a" if href or notes else "span"))
        span.set("class", f"entity {category or 'entity'}")
        if notes:
            span.set("href", f"#{NOTE_PREFIX}{m.ref}")
            span.set("{%s}type" % EPUB_NS, "noteref")
            span.set("role", "doc-noteref")
        elif href:
            span.set("href", f"{href}#{m.ref}")
        span.text = para.text[m.start:m.end]
        last = span
        pos = m.end
    add_text(para.text[pos:end])


@dataclass(frozen=True)
class Bead:
    """Aligned paragraphs in reading order (either side may be empty) and whether a stanza
    break comes before them."""

    en: list[Paragraph]
    zh: list[Paragraph]
    stanza: bool


def beads(a: Article) -> list[Bead]:
    """The article as aligned beads, following the ``corresp`` links in both directions."""
    en, zh = a.en_paragraphs, a.zh_paragraphs
    breaks = {b.id for blocks in (a.english, a.chinese)
              for prev, b in zip(blocks, blocks[1:]) if isinstance(prev, Spacer) and isinstance(b, Paragraph)}
    en_at = {p.id: k for k, p in enumerate(en)}
    zh_at = {p.id: k for k, p in enumerate(zh)}
    placed: set[str] = set()
    rows = []
    i = j = 0
    while i < len(en) or j < len(zh):
        if i < len(en) and en[i].id in placed:
            i += 1
            continue
        if j < len(zh) and zh[j].id in placed:
            j += 1
            continue
        if i < len(en) and not en[i].corresp:
            group_en, group_zh = [en[i]], []
        elif j < len(zh) and not zh[j].corresp or i >= len(en):
            group_en, group_zh = [], [zh[j]]
        else:
            ids_en, ids_zh = {en[i].id}, set()
            while True:
                more_zh = {c for e in ids_en for c in en[en_at[e]].corresp if c in zh_at} - ids_zh
                ids_zh |= more_zh
                more_en = {c for z in ids_zh for c in zh[zh_at[z]].corresp if c in en_at} - ids_en
                ids_en |= more_en
                if not more_zh and not more_en:
                    break
            group_en = [p for p in en if p.id in ids_en]
            group_zh = [p for p in zh if p.id in ids_zh]
        placed.update(p.id for p in group_en + group_zh)
        stanza = any(p.id in breaks for p in group_en + group_zh)
        rows.append(Bead(group_en, group_zh, stanza))
    return rows


_LIST_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十\dA-Za-z]{1,3}[）)]|[一二三四五六七八九十]{1,3}、"
                        r"|\d{1,2}[.、．)）]\s*\D|[①-⑳•·\-–—*])")


def is_list_item(para: Paragraph) -> bool:
    """A paragraph that opens with a list marker: (1) 一、 1. ① • – (set ragged)."""
    return bool(_LIST_ITEM.match(display(para).text))


def is_verse(a: Article) -> bool:
    """Verse (or lines set like verse): many short Chinese lines (median ≤ 12 characters)."""
    lengths = sorted(len(display(p).text) for p in a.zh_paragraphs)
    return len(lengths) >= 6 and lengths[len(lengths) // 2] <= 12


def is_caption(a: Article) -> bool:
    """Photo captions: the headline says （图片） (picture)."""
    return "图片" in a.bibl.headline_zh


def occurrences(article: Article) -> dict[str, tuple[list[str], list[str]]]:
    """Entity id → (ids of English paragraphs, ids of Chinese paragraphs) mentioning it."""
    occ: dict[str, tuple[list[str], list[str]]] = {e.id: ([], []) for e in article.entities}
    for side, paras in ((0, article.en_paragraphs), (1, article.zh_paragraphs)):
        for p in paras:
            for ref in dict.fromkeys(m.ref for m in p.mentions):
                if ref in occ:
                    occ[ref][side].append(p.id)
    return occ


def numbering(article: Article) -> dict[str, int]:
    """Paragraph id → its 1-based number within its language (for "¶ 3" labels)."""
    nums: dict[str, int] = {}
    for paras in (article.en_paragraphs, article.zh_paragraphs):
        for i, p in enumerate(paras, 1):
            nums[p.id] = i
    return nums


def check_label(entity: Entity) -> str | None:
    if entity.checked_ok:
        return None
    if not entity.found_zh and not entity.found_en:
        return "not found in either text"
    return "not found in the Chinese text" if not entity.found_zh else "not found in the translation"


def edition_facts(article: Article) -> list[tuple[str, str]]:
    """The "About this edition" facts, in the order both the EPUB and the PDF show them."""
    pv = article.provenance
    return [("Source", source_line(article)), ("Source file", pv.source_name),
            ("Source SHA-256", pv.source_sha256), ("Article id", pv.article_id),
            ("Prepared by", pv.institution.name),
            ("Encoded", f"{pv.when}, archivist {pv.archivist_version}"),
            ("Alignment", alignment_summary(article)), ("Licence", pv.institution.licence)]


def alignment_summary(article: Article) -> str:
    en, zh = article.en_paragraphs, article.zh_paragraphs
    lone_en = sum(1 for p in en if not p.aligned)
    lone_zh = sum(1 for p in zh if not p.aligned)
    shaky = sum(1 for link in article.links if link.cert < LOW_CERT)
    return (f"{len(en)} English and {len(zh)} Chinese paragraphs; {lone_en} English and "
            f"{lone_zh} Chinese paragraphs have no counterpart"
            + (f"; {shaky} pairings are uncertain (confidence below {LOW_CERT:g})." if shaky
               else "."))


_SPACE = re.compile(r"[\s\u3000]+")
_PICTURE = re.compile(r"[（(]图片[)）]$")


def english_elsewhere(article: Article, para: Paragraph) -> str | None:
    """Where the English of a Chinese line without a counterpart already is, or None.

    The headline repeated as a body line is translated by the English title, a byline by the
    authors and a column name by the English column; such a line is not "untranslated".
    """
    b = article.bibl
    text = _SPACE.sub("", para.text)
    if not text:
        return None
    heads = {_SPACE.sub("", h) for h in (b.headline_zh, *b.decks)}
    if b.title_en.strip() and text in heads | {_PICTURE.sub("", h) for h in heads}:
        return "the title"
    names = "".join(_SPACE.sub("", n) for n in b.authors_zh)
    # a byline may carry a rank before the names: 本报记者　吕相友, 黑龙江省省长　邵奇惠
    short = len(text) <= len(names) + 8 or para.role == "byline"
    if b.authors_en and names and text.endswith(names) and short:
        return "the byline"
    if b.column_en and b.column_zh and text == _SPACE.sub("", b.column_zh):
        return "the column name"
    return None


#: Alignment links below this confidence are shown as uncertain in the PDF and EPUB.
LOW_CERT = 0.7


def uncertain(paras: list[Paragraph]) -> str | None:
    """A reader's note for a pairing the aligner is not sure of, or None."""
    certs = [p.cert for p in paras if p.cert is not None]
    if not certs or min(certs) >= LOW_CERT:
        return None
    return f"uncertain pairing (confidence {min(certs):.2f}): compare with the Chinese"


#: Han ideographs, CJK symbols and punctuation, full-width forms: text that is Chinese.
_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
#: A run of Chinese (neutral characters between two Chinese ones belong to the run) ...
CJK_RUN = re.compile(f"[{_CJK}]+(?:[^{_CJK}{_LATIN}]*[{_CJK}]+)*")
#: ... and a run of Latin-script words (with the spaces and punctuation between them).
LATIN_RUN = re.compile(f"[{_LATIN}]+(?:[^{_CJK}{_LATIN}]*[{_LATIN}]+)*")
_NO_SPANS = {_H + t for t in ("head", "title", "style", "script")}


def mark_languages(root: etree._Element) -> None:
    """Wrap every run of Chinese inside English (and of Latin script inside Chinese) in a
    ``span`` with ``lang`` and ``xml:lang``, so each run gets its font, voice and no faux
    italics. The text itself is untouched (only split across elements)."""
    for el in list(root.iter(etree.Element)):
        if el.tag in _NO_SPANS or el.getparent() is not None and el.getparent().tag in _NO_SPANS:
            continue
        lang = _lang_of(el)
        if el.text:
            el.text = _split_runs(el, el.text, lang, None)
        parent = el.getparent()
        if el.tail and parent is not None and parent.tag not in _NO_SPANS:
            el.tail = _split_runs(parent, el.tail, _lang_of(parent), el)


def _lang_of(el: etree._Element) -> str:
    """The language in force at ``el``: its own ``lang`` or the nearest ancestor's."""
    for e in (el, *el.iterancestors()):
        if e.get("lang") is not None:
            return e.get("lang")
    return EN


def _split_runs(parent: etree._Element, text: str, lang: str, after: etree._Element | None) -> str:
    """Put the foreign runs of ``text`` (parent's text, or ``after``'s tail) into spans;
    return what stays as the leading text."""
    zh = lang.startswith("zh")
    pattern, other = (LATIN_RUN, EN) if zh else (CJK_RUN, ZH)
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    lead = text[:matches[0].start()]
    index = parent.index(after) + 1 if after is not None else 0
    for k, m in enumerate(matches):
        span = etree.Element(_H + "span")
        span.set("lang", other)
        span.set(XML_LANG, other)
        span.text = m.group()
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        span.tail = text[m.end():end] or None
        parent.insert(index + k, span)
    return lead or None


def wrap_text(el: etree._Element, pattern: re.Pattern[str], class_: str) -> None:
    """Wrap each match of ``pattern`` in the text under ``el`` (its own and its descendants'
    text and tails) in ``<span class=class_>``. The text is unchanged, only split."""
    nodes = [(el, "text")] + [(d, w) for d in el.iterdescendants(etree.Element) for w in ("text", "tail")]
    for node, where in nodes:
        text = getattr(node, where)
        matches = list(pattern.finditer(text)) if text else []
        if not matches:
            continue
        parent = node if where == "text" else node.getparent()
        index = 0 if where == "text" else parent.index(node) + 1
        setattr(node, where, text[:matches[0].start()] or None)
        for k, m in enumerate(matches):
            span = etree.Element(_H + "span")
            span.set("class", class_)
            span.text = m.group()
            end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            span.tail = text[m.end():end] or None
            parent.insert(index + k, span)


def tostring(root: etree._Element) -> bytes:
    """Serialise an XHTML document with the XML declaration and HTML5 doctype."""
    mark_languages(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True,
                          doctype="<!DOCTYPE html>")


__all__ = ["EN", "ZH", "h", "Bead", "beads", "is_list_item", "is_verse", "is_caption", "NOTE_PREFIX",
           "display", "fill_inline", "source_line", "occurrences", "numbering", "check_label",
           "alignment_summary", "edition_facts", "english_elsewhere", "uncertain", "tostring",
           "mark_languages", "wrap_text", "MT_NOTICE",
           "CATEGORY_LABELS", "XHTML_NS", "EPUB_NS"]
