"""The collection record written beside the bags: one MODS 3.8 record for the deposit.

Why MODS and not EAD3: what is deposited is a digitised *published serial*, described
bibliographically (title, dates, language, host serial), which is MODS's job; EAD3 is for
archival finding aids of unpublished records arranged in series and files. MODS also keeps
the deposit to one descriptive schema: every bag's METS already carries MODS, each issue's
MODS names this record as its host (``relatedItem type="host"``), and the record validates
against the MODS 3.8 XSD the bags already use.

The record lists every issue bag of the run (packaged now or already up to date), the date
range, counts of issues and articles by year and month, the upstream provenance of the texts
(OCR, machine translation) and the rights.
"""
from __future__ import annotations

from collections import Counter
from typing import Protocol, Sequence

from lxml import etree

from ...config import Config
from ...tei.model import EN, ZH
from .issue_mods import CollectionRef
from .mods import access_and_record, languages
from .ns import LOCATIONS, MODS, XLINK, XSI, el


class IssueEntry(Protocol):
    """What the record needs of one packaged issue (the deposit's ``IssueOutcome`` is one)."""

    issue: str  # the date, YYYY-MM-DD
    bag: str  # the bag's name (an issue's or a month's)
    articles: Sequence[object]

PROVENANCE = (
    "Chinese texts: OCR of the printed People's Daily (人民日报), from the public rmrb text "
    "collection (fangj/rmrb) as republished with English translations in the baokan-files "
    "collection (yeoksayeou/baokan-files, folder rmrb/). OCR errors are kept as found. "
    "English texts: unreviewed machine translation by an unnamed large language model, with "
    "a machine-made list of named entities; kept as found. Encoding: each article's seed was "
    "converted by archivist into a TEI P5 master, from which the EPUB, PDF and METS were made.")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _counts(parent: etree._Element, issues: Sequence[IssueEntry]) -> None:
    """One note per year and per month: issues and articles."""
    for width, label in ((4, "year"), (7, "month")):
        n_issues = Counter(o.issue[:width] for o in issues)
        n_articles = Counter()
        for o in issues:
            n_articles[o.issue[:width]] += len(o.articles)
        for period in sorted(n_issues):
            el(parent, MODS, "note", f"{_n(n_issues[period], 'issue')}, {_n(n_articles[period], 'article')}",
               type=f"count by {label}", displayLabel=period)


def build(issues: Sequence[IssueEntry], ref: CollectionRef, config: Config, created: str) -> bytes:
    """The collection record's bytes (deterministic for the same issues)."""
    issues = sorted(issues, key=lambda o: o.issue)
    mods = el(None, MODS, "mods", nsmap={"mods": MODS, "xlink": XLINK, "xsi": XSI}, version="3.8",
              **{f"{{{XSI}}}schemaLocation": f"{MODS} {LOCATIONS[MODS]}"})
    el(el(mods, MODS, "titleInfo", lang=EN), MODS, "title", ref.title)
    el(mods, MODS, "typeOfResource", "text", collection="yes")
    el(mods, MODS, "genre", "newspaper", lang=EN)
    if issues:
        origin = el(mods, MODS, "originInfo", eventType="publication")
        el(origin, MODS, "dateIssued", issues[0].issue, encoding="w3cdtf", point="start", keyDate="yes")
        el(origin, MODS, "dateIssued", issues[-1].issue, encoding="w3cdtf", point="end")
    languages(mods)
    phys = el(mods, MODS, "physicalDescription")
    for mime in ("application/tei+xml", "application/epub+zip", "application/pdf"):
        el(phys, MODS, "internetMediaType", mime)
    n_articles = sum(len(o.articles) for o in issues)
    el(phys, MODS, "extent", f"{len(issues)} issues, {n_articles} articles, one BagIt bag per issue")
    el(phys, MODS, "digitalOrigin", "reformatted digital")
    el(mods, MODS, "abstract", f"{n_articles} articles of People's Daily (人民日报) in {len(issues)} "
       "issues, each with the Chinese original (OCR) and an English machine translation, encoded "
       "in TEI P5 and rendered as EPUB 3 and bilingual PDF/A-3a.", lang=EN)
    el(mods, MODS, "note", PROVENANCE, type="source note", lang=EN)
    _counts(mods, issues)
    serial = el(mods, MODS, "relatedItem", type="original")
    el(el(serial, MODS, "titleInfo", lang=ZH), MODS, "title", "人民日报")
    el(el(serial, MODS, "titleInfo", lang=EN, type="translated"), MODS, "title", "People's Daily")
    for bag in dict.fromkeys(o.bag for o in issues):  # one entry per bag (an issue or a month)
        held = [o for o in issues if o.bag == bag]
        item = el(mods, MODS, "relatedItem", type="constituent", **{"xlink__href": f"{bag}/"})
        t = el(item, MODS, "titleInfo", lang=EN)
        el(t, MODS, "title", "People's Daily")
        el(t, MODS, "partName", bag.removesuffix(".zip"))
        el(item, MODS, "identifier", bag, type="local")
        part = el(item, MODS, "part")
        for unit, total in (("issues", len(held)), ("articles", sum(len(o.articles) for o in held))):
            el(el(part, MODS, "extent", unit=unit), MODS, "total", str(total))
    access_and_record(mods, config.rights, config.institution, ref.identifier, created,
                      "Generated by archivist from the issue packages it made.")
    return etree.tostring(mods, encoding="UTF-8", xml_declaration=True, pretty_print=True)

