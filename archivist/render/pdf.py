"""Typeset bilingual PDF/A-3a from the TEI master, with WeasyPrint.

English and Chinese stand side by side, one table row per aligned pair (a table lays out
about 4× faster than a CSS grid and starts both cells of a pair on one line). The master is
embedded as the PDF/A-3 associated file (``/AFRelationship /Source``); see
:mod:`.pdfpost` for the post-processing (XMP, ``/Lang`` of Chinese structure elements).
Nothing is fetched but the package's own style files.
"""
from __future__ import annotations

import logging
import subprocess
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import Problem, RenderError
from ..tei.model import EN, ZH, Article, Paragraph
from . import pdfcjk, pdfhyph
from . import xhtml as X
from .options import RenderOptions

CJK_FAMILY = "Noto Serif CJK SC"
LATIN_FAMILY = "Noto Serif"
PDF_VARIANT = "pdf/a-3a"
MASTER_NAME = "master.tei.xml"
#: Longest paragraph (characters) the PDF lays out. WeasyPrint's line breaking grows faster
#: than linearly with one paragraph's length (1 MB: 32 s; 5 MB: 272 s and 1.1 GB), while
#: the corpus's longest line is 2,400 characters; a longer one is refused with its id.
MAX_PARAGRAPH_CHARS = 20_000
#: Layouts at most per article: each further one keeps whole the words that made a third
#: hyphenated line in a row (see :mod:`.pdfhyph`).
HYPHENATION_PASSES = 4
log = logging.getLogger("archivist.pdf")


@lru_cache(maxsize=1)
def _styles_dir() -> Path:
    return Path(str(resources.files("archivist.styles")))


def check_cjk_font() -> None:
    """Refuse to typeset without the faces the style names: better no PDF than a PDF of tofu
    boxes (no CJK face) or English set in the CJK face's em-wide Latin (no Latin face)."""
    if not _font_installed(CJK_FAMILY):
        raise RenderError(f"no CJK-capable font: '{CJK_FAMILY}' is not installed (Debian: "
                          "apt-get install fonts-noto-cjk); refusing to write a PDF of empty boxes")
    if not _font_installed(LATIN_FAMILY):
        raise RenderError(f"no Latin text face: '{LATIN_FAMILY}' is not installed (Debian: "
                          "apt-get install fonts-noto-core); refusing to set English in the CJK face")


@lru_cache(maxsize=None)
def _font_installed(family: str) -> bool:
    """Asked of fontconfig once per process and family (it does not change while we run)."""
    try:
        found = subprocess.run(["fc-list", f":family={family}", "family"],
                               capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        found = ""
    # fc-list matches "Noto Serif" inside "Noto Serif CJK SC" too: ask for the exact name
    return any(family in (n.strip() for n in line.split(",")) for line in found.splitlines())


def _fetcher_class():  # imported lazily: WeasyPrint is heavy
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageOnlyFetcher(URLFetcher):
        """Serves files from archivist's own styles folder; refuses every other URL."""

        refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            root = _styles_dir().resolve()
            if url.startswith("file://"):
                path = Path(url[len("file://"):].split("?")[0]).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes(), {}, 200)
            self.refused.append(url)
            log.warning("refused to fetch %s", url)
            raise ValueError(f"archivist fetches nothing outside its own style files: {url}")

    return PackageOnlyFetcher


@lru_cache(maxsize=1)
def _engine():
    """WeasyPrint objects reused across renders in one process (steady state)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()()
    fonts = FontConfiguration()
    css_path = _styles_dir() / "pdf.css"
    base = CSS(string=css_path.read_text(encoding="utf-8"), base_url=css_path.as_uri(),
               url_fetcher=fetcher, font_config=fonts)
    paper = {size: CSS(string=f"@page {{ size: {size}; }}", font_config=fonts)
             for size in ("A4", "letter")}
    return fetcher, fonts, base, paper


def short_title(title: str, limit: int = 70) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _cell(tr: etree._Element, paras: list[Paragraph], lang: str, entities: dict) -> None:
    td = X.h(tr, "td", class_="en" if lang == EN else "zh", lang=lang)
    for p in paras:
        d = X.display(p)
        el = X.h(td, "p", id=p.id, class_="right" if d.right else "list" if X.is_list_item(p) else "para")
        X.fill_inline(el, p, entities)
    note = X.uncertain(paras) if lang == EN else None
    if note:
        X.h(td, "p", "≈ " + note, class_="lowcert", lang=EN)


def _empty_note(tr: etree._Element, lang: str, elsewhere: str | None = None) -> None:
    td = X.h(tr, "td", class_=("en" if lang == EN else "zh") + " empty", lang=lang)
    if lang == EN:
        text = (f"translated in {elsewhere}" if elsewhere
                else "no English translation of this paragraph")
    else:
        text = "no counterpart in the Chinese original"
    X.h(td, "span", text, class_="nocp", lang=EN)


def html_document(a: Article, options: RenderOptions) -> bytes:
    """The HTML WeasyPrint typesets (public for tests and debugging)."""
    b = a.bibl
    html = X.h(None, "html", lang=EN)
    head = X.h(html, "head")
    X.h(head, "meta", charset="utf-8")
    X.h(head, "title", b.title_en)
    for name in b.authors_en:
        X.h(head, "meta", name="author", content=name)
    X.h(head, "meta", name="description", content=X.MT_NOTICE)
    X.h(head, "meta", name="generator", content=f"archivist {__version__}")
    X.h(head, "meta", name="dcterms.created", content=options.stamp)
    X.h(head, "meta", name="dcterms.modified", content=options.stamp)
    body = X.h(html, "body")
    X.h(body, "div", short_title(b.title_en), class_="running-title")
    X.h(body, "div", f"人民日报 · {b.date} · p. {b.page}", class_="running-date", lang=ZH)
    _title_block(body, a)
    X.h(body, "h2", "Parallel text")
    kind = " verse" if X.is_verse(a) else " caption" if X.is_caption(a) else ""
    table = X.h(body, "table", class_="parallel" + kind)
    cols = X.h(table, "colgroup")
    X.h(cols, "col", class_="en")
    X.h(cols, "col", class_="zh")
    tr = X.h(X.h(table, "thead"), "tr")
    X.h(tr, "th", "English (machine translation)", scope="col")
    X.h(tr, "th", "中文原文", scope="col", lang=ZH)
    tbody = X.h(table, "tbody")
    entities = {e.id: e for e in a.entities}
    for bead in X.beads(a):
        en, zh = bead.en, bead.zh
        tr = X.h(tbody, "tr", class_="stanza" if bead.stanza else "pair")
        if en:
            _cell(tr, en, EN, entities)
        else:
            places = {X.english_elsewhere(a, p) for p in zh}
            _empty_note(tr, EN, places.pop() if len(places) == 1 else None)
        if zh:
            _cell(tr, zh, ZH, entities)
        else:
            _empty_note(tr, ZH)
    if a.entities:
        _glossary(body, a)
    _about(body, a)
    pdfcjk.compress_punctuation(html)
    pdfhyph.protect_names(html)
    return X.tostring(html)


def _title_block(body: etree._Element, a: Article) -> None:
    b = a.bibl
    header = X.h(body, "header", class_="titleblock")
    X.h(header, "h1", b.title_en)
    decks = X.h(header, "p", class_="decks", lang=ZH)
    for i, deck in enumerate(b.decks):
        if i:
            X.h(decks, "br")
        X.h(decks, "span", deck)
    facts = X.h(header, "p", class_="facts")
    X.h(facts, "span", f"Date {b.date}")
    X.h(facts, "span", f"Page {b.page}")
    if b.section_zh:
        span = X.h(facts, "span", "Section ")
        X.h(span, "span", b.section_zh, lang=ZH)
    if b.column_zh or b.column_en:
        span = X.h(facts, "span", "Column ")
        if b.column_zh:
            X.h(span, "span", b.column_zh, lang=ZH)
        if b.column_en:
            X.h(span, "span", (" / " if b.column_zh else "") + b.column_en)
    if b.authors_en or b.authors_zh:
        span = X.h(facts, "span", "Author " + "; ".join(b.authors_en))
        if b.authors_zh:
            X.h(span, "span", (" " if b.authors_en else "") + "、".join(b.authors_zh), lang=ZH)
    X.h(header, "p", X.source_line(a), class_="source")  # Chinese runs: X.mark_languages
    X.h(header, "p", X.MT_NOTICE, class_="notice")


def _glossary(body: etree._Element, a: Article) -> None:
    X.h(body, "h2", "Named entities")
    table = X.h(body, "table", class_="glossary")
    tr = X.h(X.h(table, "thead"), "tr")
    for col in ("Chinese", "English", "Category", "Check"):
        X.h(tr, "th", col, scope="col")
    tbody = X.h(table, "tbody")
    for e in a.entities:
        tr = X.h(tbody, "tr")
        X.h(tr, "td", e.zh, lang=ZH)
        td = X.h(tr, "td", e.en or "—")
        if e.pinyin:
            X.h(td, "span", f" ({e.pinyin})")
        X.h(tr, "td", X.CATEGORY_LABELS[e.category])
        flag = X.check_label(e)
        X.h(tr, "td", flag or "found in both texts", class_="flag" if flag else "ok")


def _about(body: etree._Element, a: Article) -> None:
    section = X.h(body, "section", class_="about")
    X.h(section, "h2", "About this edition")
    dl = X.h(section, "dl")
    embedded = ("Embedded", f"the TEI master ({MASTER_NAME}), from which this PDF was made")
    for key, value in [*X.edition_facts(a), embedded]:
        X.h(dl, "dt", key)
        X.h(dl, "dd", value, class_="mono" if "SHA" in key else "v")
    if a.notes:
        X.h(section, "p", "Quality flags raised when the text was encoded (the text itself is "
            "reproduced as found):")
        ul = X.h(section, "ul")
        for note in a.notes:
            X.h(ul, "li", f"{note.message} ({note.code})")


class _LogCapture(logging.Handler):
    """Collects WeasyPrint's log records (warnings and errors) during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def layout(html: bytes, stylesheets: list, **render_options: object):
    """Lay out ``html``'s pages: a WeasyPrint ``Document`` (public for tests). Chinese lines
    are justified between characters (:mod:`.pdfcjk`); a word that made a third hyphenated
    line in a row is kept whole and the pages laid out again (:mod:`.pdfhyph`)."""
    from weasyprint import HTML

    fetcher, fonts = _engine()[:2]
    keep_whole: dict[str, set[str]] = {}
    source = html
    for _ in range(HYPHENATION_PASSES):
        document = HTML(string=source.decode("utf-8"), url_fetcher=fetcher,
                        base_url=_styles_dir().as_uri() + "/")
        with pdfcjk.cjk_justification():
            document = document.render(stylesheets=stylesheets, font_config=fonts, **render_options)
        more = pdfhyph.overlong_runs(document)
        if not more:
            break
        for pid, words in more.items():
            keep_whole.setdefault(pid, set()).update(words)
        source = pdfhyph.protect_bytes(html, keep_whole)
    return document


def _problems(records: list[logging.LogRecord], where: str) -> list[Problem]:
    """One Problem per distinct record (a page laid out twice, see :func:`layout`, logs twice)."""
    seen = dict.fromkeys((r.levelno, r.getMessage()) for r in records)
    return [Problem("error" if level >= logging.ERROR else "warning", "weasyprint", where,
                    f"WeasyPrint: {message}") for level, message in seen]


def typeset(html: bytes, attachments: list[tuple[str, bytes, str]], options: RenderOptions,
            label: str, extra_css: tuple[str, ...] = ()) -> tuple[bytes, list[Problem]]:
    """WeasyPrint's PDF/A-3a of ``html`` with ``attachments`` (name, bytes, description) as
    associated source files; ``extra_css`` names further style files of archivist's own.

    WeasyPrint reports through its logger: the records of this render come back as Problems
    (``where`` is ``label``); an error raises :class:`RenderError`."""
    check_cjk_font()
    from weasyprint import CSS, Attachment

    from . import pdfpost

    fetcher, fonts, base, paper = _engine()
    extra = [CSS(filename=str(_styles_dir() / name), url_fetcher=fetcher, font_config=fonts)
             for name in extra_css]
    capture = _LogCapture()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(capture)
    # Whatever level the process's logging configuration sets, this render's warnings count.
    level = wlog.level
    wlog.setLevel(logging.WARNING)
    try:
        with pdfpost.chinese_structure_lang(ZH):
            files = [Attachment(string=data, name=name, relationship="Source", description=text,
                                created=options.built, modified=options.built, url_fetcher=fetcher)
                     for name, data, text in attachments]
            pdf_options = dict(pdf_variant=PDF_VARIANT, attachments=files, uncompressed_pdf=False)
            sheets = [base, paper["letter" if options.paper == "letter" else "A4"], *extra]
            raw = layout(html, sheets, **pdf_options).write_pdf(**pdf_options)
    finally:
        wlog.removeHandler(capture)
        wlog.setLevel(level)
    problems = _problems(capture.records, label)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise RenderError(f"{label}: {errors[0].message}", problems)
    return raw, problems


def build(article: Article, master: bytes, options: RenderOptions) -> tuple[bytes, list[Problem]]:
    """The PDF's bytes (typeset, then post-processed, see :mod:`.pdfpost`) and WeasyPrint's
    warnings as Problems; its errors raise :class:`RenderError`."""
    from . import pdfpost

    check_bounds(article)
    raw, problems = typeset(html_document(article, options),
                            [(MASTER_NAME, master, "TEI P5 master (source of this PDF)")],
                            options, f"{article.provenance.article_id}.pdf")
    return pdfpost.finish(raw, article), problems


def check_bounds(article: Article) -> None:
    """Refuse a paragraph too long to lay out in bounded time and memory (RenderError)."""
    for p in article.en_paragraphs + article.zh_paragraphs:
        if len(p.text) > MAX_PARAGRAPH_CHARS:
            raise RenderError(f"{article.provenance.article_id}: paragraph {p.id} is "
                              f"{len(p.text):,} characters; the PDF lays out paragraphs of at "
                              f"most {MAX_PARAGRAPH_CHARS:,} (split it in the master)")


def write(article: Article, master: bytes, options: RenderOptions) -> bytes:
    """Writer-registry entry point: WeasyPrint's warnings are logged (the CLI shows them)."""
    data, problems = build(article, master, options)
    for p in problems:
        log.warning("%s", p)
    return data
