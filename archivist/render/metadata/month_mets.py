"""METS for a month's transfer bag: the issue structure one level up.

The month bag holds one folder per issue, each with that issue's own METS (issue → page →
article, PREMIS and all). This METS describes the month (MODS: the serial and the collection
as hosts, each issue a constituent) and points at each issue's METS (``mptr``), with the
issue METS files checksummed in its fileSec.
"""
from __future__ import annotations

from lxml import etree

from ...render.issue import Issue
from .issue_mods import CollectionRef, collection_host, titles
from .mets import header
from .mods import languages
from .ns import LOCATIONS, METS, MODS, NSMAP, el
from .records import PayloadFile


def _mods(parent: etree._Element, month: str, issues: list[Issue], ref: CollectionRef) -> None:
    mods = el(parent, MODS, "mods", version="3.8", ID="mods-month")
    titles(mods, "人民日报", "People's Daily", "title", month, month)
    el(mods, MODS, "typeOfResource", "text")
    el(mods, MODS, "genre", "newspaper issues of one month", lang="en")
    origin = el(mods, MODS, "originInfo", eventType="publication")
    el(origin, MODS, "dateIssued", issues[0].date, encoding="w3cdtf", point="start", keyDate="yes")
    el(origin, MODS, "dateIssued", issues[-1].date, encoding="w3cdtf", point="end")
    languages(mods)
    n = sum(len(i.items) for i in issues)
    el(el(mods, MODS, "physicalDescription"), MODS, "extent", f"{len(issues)} issues, {n} articles")
    collection_host(mods, ref)
    for issue in issues:
        part = el(mods, MODS, "relatedItem", type="constituent",
                  **{"xlink__href": f"{issue.id}/{issue.id}.mets.xml"})
        titles(part, "人民日报", "People's Daily", f"i-{issue.id}", issue.date, issue.date)
        el(part, MODS, "identifier", issue.id, type="local")
    el(mods, MODS, "identifier", month, type="local")


def build(month: str, issues: list[Issue], mets_files: dict[str, PayloadFile], created: str,
          ref: CollectionRef) -> bytes:
    """The month METS's bytes; ``mets_files``: each issue's METS (by issue id), named by its
    path inside the bag's payload."""
    pv = issues[0].items[0].article.provenance
    root = el(None, METS, "mets", nsmap=NSMAP, OBJID=month, TYPE="newspaper issues of a month",
              LABEL=f"People's Daily (人民日报), {month}",
              **{"xsi__schemaLocation": " ".join(f"{ns} {loc}" for ns, loc in LOCATIONS.items())})
    header(root, pv, month, created)
    wrap = el(el(root, METS, "dmdSec", ID="dmd-month"), METS, "mdWrap", MDTYPE="MODS",
              MDTYPEVERSION="3.8")
    _mods(el(wrap, METS, "xmlData"), month, issues, ref)
    grp = el(el(root, METS, "fileSec"), METS, "fileGrp", USE="issue METS")
    for issue in issues:
        f = mets_files[issue.id]
        fe = el(grp, METS, "file", ID=f"file-{issue.id}", MIMETYPE=f.mimetype, SIZE=str(f.size),
                CHECKSUM=f.sha256, CHECKSUMTYPE="SHA-256")
        el(fe, METS, "FLocat", LOCTYPE="URL", **{"xlink__href": f.name, "xlink__type": "simple"})
    top = el(el(root, METS, "structMap", TYPE="logical", LABEL="Month → issue"), METS, "div",
             TYPE="month", LABEL=f"People's Daily (人民日报), {month}", DMDID="dmd-month")
    for order, issue in enumerate(issues, 1):
        div = el(top, METS, "div", TYPE="issue", ORDER=str(order), LABEL=issue.date)
        el(div, METS, "mptr", LOCTYPE="URL", **{"xlink__href": mets_files[issue.id].name})
        el(div, METS, "fptr", FILEID=f"file-{issue.id}")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
