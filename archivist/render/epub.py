"""EPUB 3 from the TEI master (via the article model), packaged with ebooklib.

The book: a title page, the English translation, the Chinese original (each paragraph
linking to its counterpart and back), an entity glossary linking to occurrences, and an
"About this edition" page. Every XHTML document is built here with lxml and handed to
ebooklib verbatim; ebooklib writes the package, the NCX and the zip, with fixed timestamps.
"""
from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from importlib import resources

from ebooklib import epub
from lxml import etree

from ..errors import RenderError
from ..fsutil import zip_entry
from ..tei.model import EN, ZH, Article, Paragraph, Spacer
from . import xhtml as X
from .parallel import PARALLEL_TITLE, add_notes, parallel_page
from .options import RenderOptions

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
FILES = {"title": "title.xhtml", "parallel": "parallel.xhtml", "en": "translation.xhtml", "zh": "original.xhtml",
         "glossary": "glossary.xhtml", "about": "about.xhtml", "nav": "nav.xhtml"}
_URN_NS = uuid.UUID("6f1d3a52-4c43-5e0c-9a57-2b8f8a6b1c11")


class _Doc(epub.EpubHtml):
    """An XHTML document whose bytes we built ourselves (ebooklib must not rebuild it)."""

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.content


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one timestamp (reproducible archives)."""

    def __init__(self, file: io.BytesIO, stamp: tuple[int, ...]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
        self.stamp = stamp

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zip_entry(zinfo_or_arcname, self.stamp,
                                         stored=compress_type == zipfile.ZIP_STORED)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


class _Writer(epub.EpubWriter):
    """ebooklib's writer with ``xml:lang`` on ``<package>`` and fixed zip timestamps.

    FIXME(ebooklib 0.20): overrides and calls EpubWriter's private ``_write_*`` methods;
    pyproject.toml pins ``ebooklib<0.21`` until they are re-checked.
    """

    def __init__(self, out: io.BytesIO, book: epub.EpubBook, built: datetime.datetime) -> None:
        # ebooklib formats "mtime" with a literal "Z": give it naive UTC.
        mtime = built.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        super().__init__(out, book, {"raise_exceptions": True, "mtime": mtime, "compresslevel": 9})
        self._stamp = mtime.timetuple()[:6]

    def _write_opf_metadata(self, root: etree._Element) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", EN)
        super()._write_opf_metadata(root)

    def write(self) -> None:
        self.out = _FixedTimeZip(self.file_name, self._stamp)
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


def identifier(article: Article) -> str:
    """A stable URN derived from the content: the seed's SHA-256 and the article id."""
    key = f"{article.provenance.article_id}:{article.provenance.source_sha256}"
    return f"urn:uuid:{uuid.uuid5(_URN_NS, key)}"


def _title_page(a: Article) -> bytes:
    b = a.bibl
    html, body = X.document(b.title_en, EN)
    section = X.h(body, "section", class_="titlepage", aria_label="Title page")
    X.h(section, "h1", b.title_en, class_="title-en")
    decks = X.h(section, "p", class_="title-zh", lang=ZH)
    for i, deck in enumerate(b.decks):
        if i:
            X.h(decks, "br")
        X.h(decks, "span", deck, class_="deck")
    facts = X.h(section, "dl", class_="facts")
    rows = [("Date", b.date), ("Page", str(b.page))]
    if b.section_zh:
        rows.append(("Section", b.section_zh))
    if b.column_zh or b.column_en:
        rows.append(("Column", " / ".join(x for x in (b.column_zh, b.column_en) if x)))
    if b.authors_en or b.authors_zh:
        rows.append(("Author", " / ".join(x for x in ("; ".join(b.authors_en), "、".join(b.authors_zh)) if x)))
    for key, value in rows:
        X.h(facts, "dt", key)
        X.h(facts, "dd", value)  # Chinese runs get their lang in X.tostring
    X.h(section, "p", X.source_line(a), class_="source")
    X.h(section, "p", X.MT_NOTICE, class_="notice", role="note")
    return X.tostring(html)


def _text_page(a: Article, side: str) -> bytes:
    english = side == EN
    blocks = a.english if english else a.chinese
    other = FILES["zh"] if english else FILES["en"]
    title = "English translation" if english else "中文原文"
    html, body = X.document(title if english else f"{title} (Chinese original)", EN if english else ZH)
    verse = " verse" if X.is_verse(a) else ""
    section = X.h(body, "section", class_="text " + ("translation" if english else "original") + verse,
                  aria_labelledby="text-heading")
    head = X.h(section, "h1", title, id="text-heading")
    if english:
        X.h(head, "span", " (machine translation)", class_="qualifier")
    entities = {e.id: e for e in a.entities}
    for block in blocks:
        if isinstance(block, Spacer):
            X.h(section, "hr", class_="stanza")
            continue
        elsewhere = None if english or block.corresp else X.english_elsewhere(a, block)
        _paragraph(section, block, entities, other, english, elsewhere)
    add_notes(section, a, FILES["glossary"])
    return X.tostring(html)


def _paragraph(section: etree._Element, p: Paragraph, entities: dict, other: str,
               english: bool, elsewhere: str | None = None) -> None:
    d = X.display(p)
    classes = ["aligned" if p.aligned else "unaligned"] + (["right"] if d.right else [])
    el = X.h(section, "p", id=p.id, class_=" ".join(classes))
    X.fill_inline(el, p, entities, notes=bool(entities))
    el.tail = "\n"
    if p.corresp:
        link = X.h(el, "a", "原文" if english else "EN", class_="counterpart",
                   href=f"{other}#{p.corresp[0]}",
                   aria_label="Chinese original of this paragraph" if english
                   else "English translation of this paragraph")
        link.set("lang", ZH if english else EN)
        link.set(X.XML_LANG, ZH if english else EN)
        link.tail = None
        if el.text is not None or len(el) > 1:
            _space_before(el, link)
        note = X.uncertain([p])
        if note and english:
            _space_before(el, X.h(el, "span", note, class_="lowcert", lang=EN))
    else:
        label = ("not in the Chinese original" if english
                 else f"translated in {elsewhere}" if elsewhere else "not translated")
        note = X.h(el, "span", label, class_="unaligned-note", lang=EN)
        _space_before(el, note)


def _space_before(parent: etree._Element, child: etree._Element) -> None:
    prev = child.getprevious()
    if prev is None:
        parent.text = (parent.text or "") + " "
    else:
        prev.tail = (prev.tail or "") + " "


def _glossary(a: Article) -> bytes:
    html, body = X.document("Named entities", EN)
    section = X.h(body, "section", class_="glossary", aria_labelledby="glossary-heading")
    X.h(section, "h1", "Named entities", id="glossary-heading")
    X.h(section, "p", "The entity list that came with the translation. Occurrences link to the "
        "paragraphs where each name appears; entries not found in the text are kept and marked.",
        class_="intro")
    occ, nums = X.occurrences(a), X.numbering(a)
    table = X.h(section, "table")
    X.h(table, "caption", "Names in the article, Chinese and English")
    tr = X.h(X.h(table, "thead"), "tr")
    for col in ("Chinese", "English", "Category", "Occurrences"):
        X.h(tr, "th", col, scope="col")
    tbody = X.h(table, "tbody")
    for e in a.entities:
        row = X.h(tbody, "tr", id=e.id)
        X.h(row, "th", e.zh, lang=ZH, scope="row")
        en = X.h(row, "td", e.en or "—")
        if e.pinyin:
            X.h(en, "span", f" ({e.pinyin})", class_="pinyin")
        X.h(row, "td", X.CATEGORY_LABELS[e.category])
        cell = X.h(row, "td")
        en_ids, zh_ids = occ[e.id]
        for label, ids, target in (("EN", en_ids, FILES["en"]), ("中文", zh_ids, FILES["zh"])):
            if not ids:
                continue
            group = X.h(cell, "span", label + " ", class_="occ-group")
            if label == "中文":
                group.set("lang", ZH)
                group.set(X.XML_LANG, ZH)
            for i, pid in enumerate(ids):
                link = X.h(group, "a", f"¶{nums[pid]}", href=f"{target}#{pid}",
                           aria_label=f"{'English' if label == 'EN' else 'Chinese'} paragraph {nums[pid]}")
                link.tail = " " if i < len(ids) - 1 else "  "
        flag = X.check_label(e)
        if flag:
            X.h(cell, "span", flag, class_="flag")
        elif not en_ids and not zh_ids:
            X.h(cell, "span", "occurs only inside longer listed names", class_="note")
    return X.tostring(html)


def _about(a: Article) -> bytes:
    html, body = X.document("About this edition", EN)
    section = X.h(body, "section", class_="about", aria_labelledby="about-heading")
    X.h(section, "h1", "About this edition", id="about-heading")
    X.h(section, "p", X.MT_NOTICE)
    dl = X.h(section, "dl", class_="facts")
    for key, value in X.edition_facts(a):
        X.h(dl, "dt", key)
        X.h(dl, "dd", value, class_="mono" if "SHA" in key else "")
    X.h(section, "p", "Texts are reproduced exactly as found: OCR errors in the Chinese and "
        "mistakes in the translation are not corrected. The flags below were raised when the "
        "text was encoded.")
    if a.notes:
        X.h(section, "h2", "Quality flags")
        ul = X.h(section, "ul", class_="notes")
        for note in a.notes:
            X.h(ul, "li", f"{note.message} ({note.code})")
    return X.tostring(html)


def _nav(a: Article, chapters: list[tuple[str, str]]) -> bytes:
    html, body = X.document("Contents", EN)
    nav = X.h(body, "nav", epub_type="toc", role="doc-toc", id="toc", aria_labelledby="toc-heading")
    X.h(nav, "h1", "Contents", id="toc-heading")
    ol = X.h(nav, "ol")
    for href, label in chapters:
        X.h(X.h(ol, "li"), "a", label, href=href)
    marks = X.h(body, "nav", epub_type="landmarks", id="landmarks", aria_labelledby="landmarks-heading",
                hidden="hidden")
    X.h(marks, "h2", "Landmarks", id="landmarks-heading")
    ol = X.h(marks, "ol")
    X.h(X.h(ol, "li"), "a", "Contents", href=f"{FILES['nav']}#toc", epub_type="toc")
    X.h(X.h(ol, "li"), "a", "Start of the text", href=FILES["parallel"], epub_type="bodymatter")
    return X.tostring(html)


def _creators(book: epub.EpubBook, zh: list[str], en: list[str]) -> None:
    """One ``dc:creator`` per author, in Chinese when known, with the English form as its
    ``alternate-script`` when the two lists pair up."""
    main, lang = (zh, ZH) if zh else (en, EN)
    paired = en if zh and len(en) == len(zh) else []
    for i, name in enumerate(main, 1):
        book.add_metadata("DC", "creator", name, {"id": f"creator{i}", X.XML_LANG: lang})
        if paired:
            book.add_metadata(None, "meta", paired[i - 1], {"refines": f"#creator{i}",
                              "property": "alternate-script", X.XML_LANG: EN})


def _metadata(book: epub.EpubBook, a: Article) -> None:
    b, pv = a.bibl, a.provenance
    book.set_identifier(identifier(a))
    book.set_title(b.title_en)
    book.add_metadata("DC", "title", b.headline_zh, {"id": "title-zh", X.XML_LANG: ZH})
    book.set_language(EN)
    book.add_metadata("DC", "language", ZH)
    book.add_metadata("DC", "date", b.date)
    book.add_metadata("DC", "source", X.source_line(a))
    book.add_metadata("DC", "publisher", pv.institution.name)
    book.add_metadata("DC", "rights", pv.institution.licence)
    _creators(book, b.authors_zh, b.authors_en)
    book.add_metadata("DC", "contributor", "Machine translation (unnamed large language model)",
                      {"id": "mt"})
    book.add_metadata(None, "meta", "trl", {"refines": "#mt", "property": "role", "scheme": "marc:relators"})
    book.add_metadata("DC", "contributor", f"archivist {pv.archivist_version}", {"id": "enc"})
    book.add_metadata(None, "meta", "bkp", {"refines": "#enc", "property": "role", "scheme": "marc:relators"})
    book.add_metadata("DC", "description", X.MT_NOTICE)
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary",
         "A text-only bilingual book: the English machine translation and the Chinese original, "
         "each paragraph linked to its counterpart, with headings, a table of contents and a "
         "glossary table with headers. No images, audio or video; no hazards."),
        ("dcterms:conformsTo", CONFORMS_TO),
    ):
        book.add_metadata(None, "meta", value, {"property": prop})


def build(article: Article, options: RenderOptions) -> bytes:
    """The EPUB's bytes for ``article`` (a pure function of the model and the options)."""
    book = epub.EpubBook()
    _metadata(book, article)
    css = resources.files("archivist.styles").joinpath("epub.css").read_bytes()
    book.add_item(epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=css))
    glossary = FILES["glossary"] if article.entities else None
    parallel = X.tostring(parallel_page(article, X.document(PARALLEL_TITLE, EN), glossary))
    pages = [("title", "Title page", _title_page(article), EN),
             ("parallel", "Parallel text: English and Chinese", parallel, EN),
             ("en", "English translation", _text_page(article, EN), EN),
             ("zh", "中文原文 (Chinese original)", _text_page(article, ZH), ZH)]
    if article.entities:
        pages.append(("glossary", "Named entities", _glossary(article), EN))
    pages.append(("about", "About this edition", _about(article), EN))
    docs = []
    for key, label, content, lang in pages:
        doc = _Doc(uid=key, file_name=FILES[key], title=label, lang=lang)
        doc.content = content
        book.add_item(doc)
        docs.append(doc)
    nav = _Doc(uid="nav", file_name=FILES["nav"], title="Contents", lang=EN)
    nav.content = _nav(article, [(FILES[k], label) for k, label, _, _ in pages])
    nav.properties = ["nav"]
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = docs
    book.spine = [docs[0], nav, *docs[1:]]
    out = io.BytesIO()
    try:
        _Writer(out, book, options.built).write()
    except Exception as exc:  # ebooklib raises bare exceptions
        raise RenderError(f"{article.provenance.article_id}: cannot write EPUB: {exc}") from exc
    return out.getvalue()


def write(article: Article, master: bytes, options: RenderOptions) -> bytes:
    """Writer-registry entry point."""
    return build(article, options)
