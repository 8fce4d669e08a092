"""A whole issue (one day's paper) as one EPUB 3.

The book: an issue title page, the contents (pages, then the articles of each page), and for
each page a short page opener ("第1版 · Page 1", with the section name where the source has
one) followed by its articles. Every article is exactly the per-article edition
(:mod:`.epub`): its documents are taken from the article's own EPUB, unchanged except that
they live in a folder of their own (``a01/``…) and point at the one shared style sheet.

Glossary: one per article, as in the per-article book. Each article's entity list came with
its own translation and was checked against that article's text alone; the same name can be
translated or checked differently in two articles, and one merged glossary would hide that.
"""
from __future__ import annotations

import io
import posixpath
import uuid
import zipfile
from dataclasses import dataclass
from importlib import resources

from ebooklib import epub as ebook
from lxml import etree

from ..errors import RenderError
from ..tei.model import EN, ZH
from . import epub, xhtml as X
from .issue import Issue, Item, Page, long_date_zh
from .options import RenderOptions

ISSUE_CSS = "epub-issue.css"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
_URN_NS = uuid.UUID("0b6c3f4e-9a51-5d1e-8f36-0c7d2e4a9b10")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
GLOSSARY_CHOICE = (
    "Each article keeps its own glossary of named entities, as in the single-article edition: "
    "every entity list came with one article's translation and was checked against that "
    "article's text alone, so one name can be translated or checked differently in two "
    "articles. A single glossary for the issue would merge those entries and hide the "
    "difference.")


@dataclass(frozen=True)
class Part:
    """One document of an article's own EPUB, as found in its package."""

    href: str
    label: str
    lang: str
    content: bytes


@dataclass(frozen=True)
class Unpacked:
    """What the issue book takes from an article's EPUB."""

    parts: list[Part]
    resources: dict[str, tuple[str, bytes]]  # href → (media type, bytes): style sheets…
    accessibility: list[tuple[str, str]]  # (property, value) of the package metadata


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def unpack(book: bytes) -> Unpacked:
    """Read an article EPUB written by :mod:`.epub`: its spine documents (nav excluded),
    the other resources, and its accessibility metadata."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        container = _xml(z.read("META-INF/container.xml"))
        opf_path = container.find(f".//{{{CONTAINER_NS}}}rootfile").get("full-path")
        base = posixpath.dirname(opf_path)
        opf = _xml(z.read(opf_path))
        items = {i.get("id"): i for i in opf.iter(f"{{{OPF_NS}}}item")}
        nav_item = next(i for i in items.values() if "nav" in (i.get("properties") or "").split())
        labels = _nav_labels(_xml(z.read(posixpath.join(base, nav_item.get("href")))))
        parts, skip = [], {nav_item.get("id")}
        for ref in opf.iter(f"{{{OPF_NS}}}itemref"):
            item = items[ref.get("idref")]
            if item.get("id") in skip:
                continue
            href = item.get("href")
            content = z.read(posixpath.join(base, href))
            lang = _xml(content).get("lang") or EN
            parts.append(Part(href, labels.get(href, href), lang, content))
            skip.add(item.get("id"))
        resources = {i.get("href"): (i.get("media-type"), z.read(posixpath.join(base, i.get("href"))))
                     for key, i in items.items()
                     if key not in skip and i.get("media-type") != "application/x-dtbncx+xml"}
        access = [(m.get("property"), m.text or "") for m in opf.iter(f"{{{OPF_NS}}}meta")
                  if (m.get("property") or "").startswith(("schema:", "dcterms:conformsTo"))]
    return Unpacked(parts, resources, access)


def _nav_labels(nav: etree._Element) -> dict[str, str]:
    ns = {"h": X.XHTML_NS}
    return {a.get("href"): "".join(a.itertext()) for a in nav.xpath("//h:nav[@id='toc']//h:a", namespaces=ns)}


def relocate(content: bytes, shared: set[str]) -> bytes:
    """An article document moved one folder down: links to shared resources go up a level."""
    root = _xml(content)
    for el in root.iter():
        for attr in ("href", "src"):
            value = el.get(attr)
            if value and value.split("#", 1)[0] in shared:
                el.set(attr, "../" + value)
    return X.tostring(root)


def title(issue: Issue) -> str:
    return f"People's Daily (人民日报), {issue.date}"


def _zh(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    return X.h(parent, tag, text, lang=ZH, **attrs)


def _title_page(issue: Issue, institution: str, licence: str) -> bytes:
    html, body = X.document(title(issue), EN, ("style.css", ISSUE_CSS))
    section = X.h(body, "section", class_="titlepage", aria_label="Title page")
    head = X.h(section, "h1", "People's Daily ", class_="title-en")
    _zh(head, "span", "人民日报")
    _zh(section, "p", long_date_zh(issue.date), class_="title-zh")
    facts = X.h(section, "dl", class_="facts")
    pages = ", ".join(str(p.number) for p in issue.pages)
    for key, value in (("Date", issue.date), ("Pages in this edition", pages),
                       ("Articles", str(len(issue.items))), ("Prepared by", institution),
                       ("Licence", licence)):
        X.h(facts, "dt", key)
        X.h(facts, "dd", value)
    X.h(section, "p", X.MT_NOTICE, class_="notice", role="note")
    X.h(section, "p", "The contents list the pages of the paper in order and, under each page, "
        "its articles. Each article has its own title page, English translation, Chinese "
        "original (every paragraph linked to its counterpart), glossary and notes on the edition. "
        + GLOSSARY_CHOICE, class_="intro")
    return X.tostring(html)


def _headline(parent: etree._Element, item: Item, href: str) -> None:
    """An article's link: the English title, then the Chinese headline."""
    b = item.article.bibl
    link = X.h(parent, "a", href=href)
    X.h(link, "span", b.title_en, class_="title-en")
    link[-1].tail = " "
    _zh(link, "span", b.headline_zh.replace("  ", " "), class_="headline-zh")


def page_heading(parent: etree._Element, tag: str, page: Page, **attrs: str) -> etree._Element:
    """``第1版 · Page 1 · 要闻`` as ``tag``, the Chinese parts marked as Chinese."""
    head = X.h(parent, tag, **attrs)
    _zh(head, "span", f"第{page.number}版")
    head[-1].tail = f" · Page {page.number}"
    if page.section:
        head[-1].tail += " · "
        _zh(head, "span", page.section)
    return head


def _page_doc(issue: Issue, page: Page, first: dict[str, str]) -> bytes:
    html, body = X.document(page.label, EN, ("style.css", ISSUE_CSS))
    section = X.h(body, "section", class_="page-opener", aria_labelledby="page-heading")
    page_heading(section, "h1", page, id="page-heading")
    ol = X.h(section, "ol", class_="articles")
    for item in page.items:
        _headline(X.h(ol, "li"), item, f"{issue.key(item)}/{first[item.id]}")
    return X.tostring(html)


def page_file(page: Page) -> str:
    return f"p{page.number:02d}.xhtml"


def _nav(issue: Issue, books: dict[str, Unpacked]) -> bytes:
    """The contents: page → article (→ the article's documents, listed for reading systems
    but hidden on the printed contents page)."""
    html, body = X.document("Contents", EN, ("style.css", ISSUE_CSS))
    nav = X.h(body, "nav", epub_type="toc", role="doc-toc", id="toc", aria_labelledby="toc-heading")
    X.h(nav, "h1", "Contents", id="toc-heading")
    pages = X.h(nav, "ol", class_="pages")
    for page in issue.pages:
        li = X.h(pages, "li")
        page_heading(li, "a", page, href=page_file(page))
        articles = X.h(li, "ol", class_="articles")
        for item in page.items:
            key, parts = issue.key(item), books[item.id].parts
            entry = X.h(articles, "li")
            _headline(entry, item, f"{key}/{parts[0].href}")
            sub = X.h(entry, "ol", hidden="hidden")
            for part in parts[1:]:
                a = X.h(X.h(sub, "li"), "a", part.label, href=f"{key}/{part.href}")
                if part.lang != EN:
                    a.set("lang", part.lang)
                    a.set(X.XML_LANG, part.lang)
    marks = X.h(body, "nav", epub_type="landmarks", id="landmarks",
                aria_labelledby="landmarks-heading", hidden="hidden")
    X.h(marks, "h2", "Landmarks", id="landmarks-heading")
    ol = X.h(marks, "ol")
    X.h(X.h(ol, "li"), "a", "Contents", href="nav.xhtml#toc", epub_type="toc")
    X.h(X.h(ol, "li"), "a", "Start of the text", href=page_file(issue.pages[0]),
        epub_type="bodymatter")
    return X.tostring(html)


def identifier(issue: Issue) -> str:
    """A stable URN from the issue's date and its articles (ids carry the seeds' hashes)."""
    return f"urn:uuid:{uuid.uuid5(_URN_NS, issue.date + ':' + ','.join(sorted(i.id for i in issue.items)))}"


def _metadata(book: ebook.EpubBook, issue: Issue, access: list[tuple[str, str]]) -> None:
    pv = issue.items[0].article.provenance
    book.set_identifier(identifier(issue))
    book.set_title(title(issue))
    book.add_metadata("DC", "title", f"人民日报 {long_date_zh(issue.date)}", {"id": "title-zh", X.XML_LANG: ZH})
    book.set_language(EN)
    book.add_metadata("DC", "language", ZH)
    book.add_metadata("DC", "date", issue.date)
    book.add_metadata("DC", "source", f"People's Daily (人民日报), {issue.date}")
    book.add_metadata("DC", "publisher", pv.institution.name)
    book.add_metadata("DC", "rights", pv.institution.licence)
    book.add_metadata("DC", "contributor", "Machine translation (unnamed large language model)", {"id": "mt"})
    book.add_metadata(None, "meta", "trl", {"refines": "#mt", "property": "role", "scheme": "marc:relators"})
    book.add_metadata("DC", "contributor", f"archivist {pv.archivist_version}", {"id": "enc"})
    book.add_metadata(None, "meta", "bkp", {"refines": "#enc", "property": "role", "scheme": "marc:relators"})
    book.add_metadata("DC", "description", X.MT_NOTICE)
    for prop, value in access:  # the article books' accessibility metadata holds for the issue
        book.add_metadata(None, "meta", value, {"property": prop})


def _doc(uid: str, href: str, label: str, lang: str, content: bytes) -> ebook.EpubHtml:
    doc = epub._Doc(uid=uid, file_name=href, title=label, lang=lang)
    doc.content = content
    return doc


def _shared(books: dict[str, Unpacked]) -> dict[str, tuple[str, bytes]]:
    """The resources every article book shares (the style sheet): kept once, at the root."""
    shared: dict[str, tuple[str, bytes]] = {}
    for aid, unpacked in books.items():
        for href, resource in unpacked.resources.items():
            if shared.setdefault(href, resource) != resource:
                raise RenderError(f"{aid}: its {href} differs from another article's")
    return shared


def _article_docs(issue: Issue, item: Item, unpacked: Unpacked, shared: set[str]) -> tuple[list, list]:
    key = issue.key(item)
    docs = [_doc(f"{key}-{n}", f"{key}/{p.href}", p.label, p.lang, relocate(p.content, shared))
            for n, p in enumerate(unpacked.parts)]
    b = item.article.bibl
    toc = (ebook.Section(f"{b.title_en} {b.headline_zh}", docs[0].file_name),
           [ebook.Link(d.file_name, d.title, d.id) for d in docs[1:]])
    return docs, toc


def build(issue: Issue, options: RenderOptions) -> bytes:
    """The issue EPUB's bytes (a pure function of the issue's masters and the options)."""
    books = {i.id: unpack(epub.build(i.article, options)) for i in issue.items}
    shared = _shared(books)
    first = {aid: u.parts[0].href for aid, u in books.items()}
    book = ebook.EpubBook()
    _metadata(book, issue, books[issue.items[0].id].accessibility)
    css = resources.files("archivist.styles").joinpath(ISSUE_CSS).read_bytes()
    for n, (href, (media, data)) in enumerate(sorted({**shared, ISSUE_CSS: ("text/css", css)}.items())):
        book.add_item(ebook.EpubItem(uid=f"res{n}", file_name=href, media_type=media, content=data))
    pv = issue.items[0].article.provenance
    front = _doc("title", "title.xhtml", "Title page", EN,
                 _title_page(issue, pv.institution.name, pv.institution.licence))
    spine, toc = [front], []
    for page in issue.pages:
        opener = _doc(f"p{page.number:02d}", page_file(page), page.label, EN, _page_doc(issue, page, first))
        spine.append(opener)
        children = []
        for item in page.items:
            docs, entry = _article_docs(issue, item, books[item.id], set(shared))
            spine += docs
            children.append(entry)
        toc.append((ebook.Section(page.label, opener.file_name), children))
    for doc in spine:
        book.add_item(doc)
    nav = _doc("nav", "nav.xhtml", "Contents", EN, _nav(issue, books))
    nav.properties = ["nav"]
    book.add_item(nav)
    book.add_item(ebook.EpubNcx())
    book.toc = toc
    book.spine = [front, nav, *spine[1:]]
    return _write(book, issue, options)


def _write(book: ebook.EpubBook, issue: Issue, options: RenderOptions) -> bytes:
    out = io.BytesIO()
    try:
        epub._Writer(out, book, options.built).write()
    except Exception as exc:  # ebooklib raises bare exceptions
        raise RenderError(f"issue {issue.date}: cannot write EPUB: {exc}") from exc
    return out.getvalue()
