"""Simple Dublin Core (oai_dc) record for an article."""
from __future__ import annotations

from lxml import etree

from ...tei.model import EN, ZH, Article
from ..xhtml import MT_NOTICE, source_line
from .ns import DC, OAI_DC, el


def build(a: Article, parent: etree._Element | None = None) -> etree._Element:
    b, pv = a.bibl, a.provenance
    dc = el(parent, OAI_DC, "dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
    el(dc, DC, "title", b.headline_zh, lang=ZH)
    el(dc, DC, "title", b.title_en, lang=EN)
    for name in b.authors_zh:
        el(dc, DC, "creator", name, lang=ZH)
    for name in b.authors_en[:len(b.authors_zh)]:  # an English-only byline is not a creator
        el(dc, DC, "creator", name, lang=EN)
    el(dc, DC, "contributor", "Unnamed large language model (machine translation)", lang=EN)
    for e in a.entities:
        if e.checked_ok and e.zh not in b.authors_zh and e.en not in b.authors_en:
            el(dc, DC, "subject", e.zh, lang=ZH)
    el(dc, DC, "description", MT_NOTICE, lang=EN)
    el(dc, DC, "publisher", pv.institution.name)
    el(dc, DC, "date", b.date)
    el(dc, DC, "type", "Text")
    el(dc, DC, "format", "application/tei+xml")
    el(dc, DC, "identifier", pv.article_id)
    el(dc, DC, "source", source_line(a))
    el(dc, DC, "language", ZH)
    el(dc, DC, "language", EN)
    el(dc, DC, "rights", pv.rights.uri)
    el(dc, DC, "rights", pv.rights.text, lang=EN)
    el(dc, DC, "rights", pv.institution.licence)
    return dc
