"""A whole issue (one day's paper) as one bilingual PDF/A-3a.

An issue title page with the contents (pages of the paper, their articles, PDF page numbers),
then each page of the paper ("第1版 · Page 1", section name where the source has one) with its
articles, each exactly as in the per-article PDF (:func:`.pdf.html_document`), its headings
one level down. Bookmarks: page → article. One font subset for the whole issue (one
WeasyPrint document), and every article's TEI master embedded as an associated file.
"""
from __future__ import annotations

from lxml import etree

from ..errors import Problem
from ..tei.model import EN, ZH
from . import pdf, pdfpost, xhtml as X
from .issue import Issue, Item, long_date_zh
from .issue_epub import GLOSSARY_CHOICE, page_heading, title
from .options import RenderOptions

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_H = "{%s}" % X.XHTML_NS


def _article_tree(item: Item, options: RenderOptions) -> etree._Element:
    return etree.fromstring(pdf.html_document(item.article, options), _PARSER)


def _nest(body: etree._Element, key: str) -> list[etree._Element]:
    """The article's body, its ids prefixed with ``key`` and its headings one level down."""
    for el in body.iter():
        if el.get("id"):
            el.set("id", f"{key}-{el.get('id')}")
        href = el.get("href")
        if href and href.startswith("#"):
            el.set("href", f"#{key}-{href[1:]}")
    for level in (5, 4, 3, 2, 1):
        for el in body.iter(f"{_H}h{level}"):
            el.tag = f"{_H}h{level + 1}"
    return list(body)


def _zh(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    return X.h(parent, tag, text, lang=ZH, **attrs)


def _contents(section: etree._Element, issue: Issue) -> None:
    nav = X.h(section, "nav", class_="contents", aria_label="Contents")
    X.h(nav, "h2", "Contents")
    pages = X.h(nav, "ol", class_="pages")
    for page in issue.pages:
        li = X.h(pages, "li")
        page_heading(li, "a", page, href=f"#p{page.number:02d}")
        articles = X.h(li, "ol", class_="articles")
        for item in page.items:
            b = item.article.bibl
            a = X.h(X.h(articles, "li"), "a", b.title_en + " ", href=f"#{issue.key(item)}")
            _zh(a, "span", b.headline_zh.replace("  ", " "))


def _title_section(body: etree._Element, issue: Issue) -> None:
    pv = issue.items[0].article.provenance
    section = X.h(body, "section", class_="issue-title")
    head = X.h(section, "h1", "People's Daily ")
    _zh(head, "span", "人民日报")
    date = X.h(section, "p", issue.date + " · ", class_="date")
    _zh(date, "span", long_date_zh(issue.date))
    pages = ", ".join(str(p.number) for p in issue.pages)
    X.h(section, "p", f"{len(issue.items)} articles on pages {pages}. Prepared by "
        f"{pv.institution.name}. {pv.institution.licence}", class_="facts")
    X.h(section, "p", X.MT_NOTICE, class_="notice")
    X.h(section, "p", "Each article's TEI master is embedded in this PDF as an associated file. "
        + GLOSSARY_CHOICE, class_="intro")
    _contents(section, issue)


def html_document(issue: Issue, options: RenderOptions) -> bytes:
    """The HTML WeasyPrint typesets for ``issue`` (public for tests and debugging)."""
    trees = {item.id: _article_tree(item, options) for item in issue.items}
    html = X.h(None, "html", lang=EN)
    head = trees[issue.items[0].id].find(f"{_H}head")  # the first article's metadata, retitled
    for meta in head.findall(f"{_H}meta[@name='author']"):
        head.remove(meta)
    head.find(f"{_H}title").text = title(issue)
    html.append(head)
    body = X.h(html, "body")
    X.h(body, "div", title(issue), class_="running-title")
    X.h(body, "div", f"人民日报 · {issue.date}", class_="running-date", lang=ZH)
    _title_section(body, issue)
    for page in issue.pages:
        section = X.h(body, "section", class_="issue-page", id=f"p{page.number:02d}")
        page_heading(section, "h1", page)
        for item in page.items:
            key = issue.key(item)
            article = X.h(section, "article", class_="issue-article", id=key)
            article.extend(_nest(trees[item.id].find(f"{_H}body"), key))
    return X.tostring(html)


def build(issue: Issue, options: RenderOptions) -> tuple[bytes, list[Problem]]:
    """The issue PDF's bytes (typeset once, every master attached, then post-processed) and
    WeasyPrint's warnings as Problems; its errors raise :class:`RenderError`."""
    attachments = [(f"{item.id}.tei.xml", item.master,
                    f"TEI P5 master of {item.id} (source of its pages in this PDF)")
                   for item in issue.items]
    raw, problems = pdf.typeset(html_document(issue, options), attachments, options,
                                f"issue {issue.date}", extra_css=("pdf-issue.css",))
    facts = pdfpost.Facts(title(issue), f"人民日报 {long_date_zh(issue.date)}", (),
                          f"People's Daily (人民日报), {issue.date}", issue.id)
    return pdfpost.finish(raw, facts), problems
