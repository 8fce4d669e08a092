"""A newspaper issue: every article of one date, ordered as the paper was (page, then position).

The issue editions (one EPUB, one PDF) and the issue package are built from this record.
The seeds say which page an article was on but not where on the page: articles of a page are
ordered by the seed's file name (the order of the upstream collection's own listing), the
article id breaking ties, so the order is stable and an added article never reorders others.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from ..tei.model import Article

if TYPE_CHECKING:
    from .options import RenderOptions


@dataclass(frozen=True)
class Item:
    """One article of an issue: the model read from its master, and the master's bytes."""

    article: Article
    master: bytes

    @property
    def id(self) -> str:
        return self.article.provenance.article_id


@dataclass(frozen=True)
class Page:
    """One page of the paper as far as the issue's articles show it."""

    number: int
    section: str | None
    items: tuple[Item, ...]

    @property
    def label(self) -> str:
        """``第1版 · Page 1`` (+ `` · 要闻`` when the source names the section)."""
        label = f"第{self.number}版 · Page {self.number}"
        return f"{label} · {self.section}" if self.section else label


@dataclass(frozen=True)
class Issue:
    """Every given article of one date, ordered by page, then by position on the page."""

    date: str
    items: tuple[Item, ...]

    @property
    def id(self) -> str:
        """The issue's identifier (and bag name): its date."""
        return self.date

    @property
    def pages(self) -> list[Page]:
        pages = []
        for number, group in groupby(self.items, key=lambda i: i.article.bibl.page):
            items = tuple(group)
            sections = list(dict.fromkeys(i.article.bibl.section_zh for i in items
                                          if i.article.bibl.section_zh))
            pages.append(Page(number, " / ".join(sections) or None, items))
        return pages

    def number(self, item: Item) -> int:
        """The article's 1-based position in the issue."""
        return self.items.index(item) + 1

    def key(self, item: Item) -> str:
        """A short, stable name for the article inside the issue's editions: ``a01``…"""
        return f"a{self.number(item):02d}"


def order_key(item: Item) -> tuple[int, str, str]:
    """Page, then the seed's file name, then the article id (see the module docstring)."""
    a = item.article
    return (a.bibl.page, a.provenance.source_name, a.provenance.article_id)


def group(items: list[Item]) -> list[Issue]:
    """Group articles into issues by date (dates ascending); one article appears once."""
    seen: dict[str, Item] = {}
    for item in items:
        seen.setdefault(item.id, item)
    by_date = sorted(seen.values(), key=lambda i: (i.article.bibl.date, *order_key(i)))
    return [Issue(date, tuple(group)) for date, group
            in groupby(by_date, key=lambda i: i.article.bibl.date)]


def long_date_zh(date: str) -> str:
    """``1966-01-01`` → ``1966年1月1日``."""
    y, m, d = date.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


#: format → (module, function, suffix) of the issue editions; modules load lazily.
ISSUE_WRITERS: dict[str, tuple[str, str, str]] = {
    "epub": ("archivist.render.issue_epub", "build", ".epub"),
    "pdf": ("archivist.render.issue_pdf", "build", ".pdf"),
}


def master_files(paths: list[Path]) -> list[Path]:
    """Files as given; directories to every ``*.tei.xml`` below them (sorted)."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.rglob("*.tei.xml")) if p.is_dir() else [p])
    return list(dict.fromkeys(out))


def load_items(paths: list[Path]) -> list[Item]:
    """Read and validate each master (schema and rules), as every renderer does."""
    from ..tei import reader
    from ..tei.schema import read_xml_bytes

    items = []
    for path in paths:
        master = read_xml_bytes(path)
        items.append(Item(reader.load(master, str(path)), master))
    return items


def render_issues(items: list[Item], to: str, options: "RenderOptions") -> list[tuple[Issue, bytes]]:
    """One ``to`` edition per issue (date) of ``items``."""
    module, func, _ = ISSUE_WRITERS[to]
    writer = getattr(importlib.import_module(module), func)
    return [(issue, writer(issue, options)) for issue in group(items)]
