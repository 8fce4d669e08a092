"""METS 1.12 for a newspaper issue: issue MODS, every article's MODS and DC, PREMIS, and a
logical structMap issue → page → article.

Pages are ordered by number; the articles of a page as :mod:`archivist.render.issue` orders
them (by the source file name: the seeds record no position on the page). Every article of
the issue appears exactly once, under its page, pointing at its master and its seed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from ...render.issue import Issue
from . import dc, issue_mods, mods, premis, rights
from .mets import header
from .ns import LOCATIONS, METS, NSMAP, el
from .provenance import agents, master_events
from .records import Agent, Check, Event, PayloadFile, Provenance


@dataclass(frozen=True)
class IssueFiles:
    """The payload of an issue package: the two editions, and per article (by id) its master
    and its seed."""

    epub: PayloadFile
    pdf: PayloadFile
    masters: dict[str, PayloadFile]
    seeds: dict[str, PayloadFile]

    def all(self) -> list[PayloadFile]:
        return [*self.seeds.values(), *self.masters.values(), self.epub, self.pdf]


def provenance(issue: Issue, files: IssueFiles, when: str,
               epub_check: Check | None) -> tuple[Provenance, dict[str, Agent]]:
    """PREMIS records as in a per-article package: each master's creation, validation and
    digest; the editions' creation; EPUBCheck's verdict; digests; format identification."""
    events: list[Event] = []
    for item in issue.items:
        key = issue.key(item)
        events += [replace(e, key=f"{e.key}-{key}")
                   for e in master_events(item.article, files.masters[item.id], when)]
    n = len(issue.items)
    events += [
        Event("event-epub-creation", "cre", when, f"Issue EPUB 3 rendered from the issue's {n} "
              "TEI masters", "pass", agents=("agent-archivist", "agent-ebooklib"),
              objects=(files.epub.name,)),
        Event("event-pdf-creation", "cre", when, f"Issue PDF/A-3a rendered from the issue's {n} "
              "TEI masters, which it embeds as associated source files", "pass",
              agents=("agent-archivist", "agent-weasyprint"), objects=(files.pdf.name,)),
    ]
    if epub_check is not None:
        events.append(Event("event-epub-validation", "val", when, epub_check.tool,
                            "fail" if epub_check.errors else "pass",
                            f"{epub_check.errors} errors, {epub_check.warnings} warnings",
                            ("agent-epubcheck",), (files.epub.name,)))
    others = [files.epub, files.pdf, *files.seeds.values()]
    events += [Event(f"event-{f.use}-digest", "mes", when, "SHA-256 message digest calculated",
                     "pass", f.sha256, ("agent-archivist",), (f.name,)) for f in others]
    events.append(Event("event-format-identification", "for", when,
                        "Formats asserted by the software that wrote each file", "pass",
                        "; ".join(f"{f.name}: {f.format_name} {f.format_version}" for f in files.all()),
                        ("agent-archivist",), tuple(f.name for f in files.all())))
    known = agents(issue.items[0].article)
    used = {a for e in events for a in e.agents}
    creators = {"epub": known["agent-ebooklib"], "pdf": known["agent-weasyprint"],
                **{f.use: known["agent-archivist"] for f in files.masters.values()}}
    return Provenance(files.all(), events, [a for k, a in known.items() if k in used]), creators


def _dmd(root: etree._Element, ident: str, mdtype: str, version: str | None) -> etree._Element:
    sec = el(root, METS, "dmdSec", ID=ident)
    wrap = el(sec, METS, "mdWrap", MDTYPE=mdtype, **({"MDTYPEVERSION": version} if version else {}))
    return el(wrap, METS, "xmlData")


def _file_sec(root: etree._Element, files: IssueFiles) -> None:
    sec = el(root, METS, "fileSec")
    for use, group in (("original", files.seeds.values()), ("master", files.masters.values()),
                       ("epub", [files.epub]), ("pdf", [files.pdf])):
        grp = el(sec, METS, "fileGrp", USE=use)
        for f in group:
            fe = el(grp, METS, "file", ID=f.key, MIMETYPE=f.mimetype, SIZE=str(f.size),
                    CHECKSUM=f.sha256, CHECKSUMTYPE="SHA-256", ADMID="premis")
            el(fe, METS, "FLocat", LOCTYPE="URL", **{"xlink__href": f.name, "xlink__type": "simple"})


def _struct_map(root: etree._Element, issue: Issue, files: IssueFiles) -> None:
    smap = el(root, METS, "structMap", TYPE="logical", LABEL="Issue → page → article")
    top = el(smap, METS, "div", TYPE="issue", LABEL=f"People's Daily (人民日报), {issue.date}",
             DMDID="dmd-issue", ADMID="rights premis")
    el(top, METS, "fptr", FILEID=files.epub.key)
    el(top, METS, "fptr", FILEID=files.pdf.key)
    for page in issue.pages:
        pdiv = el(top, METS, "div", TYPE="page", ORDER=str(page.number),
                  ORDERLABEL=str(page.number), LABEL=page.label)
        for order, item in enumerate(page.items, 1):
            key = issue.key(item)
            adiv = el(pdiv, METS, "div", TYPE="article", ORDER=str(order), ID=f"div-{key}",
                      LABEL=item.article.bibl.title_en, DMDID=f"dmd-{key} dmd-{key}-dc")
            el(adiv, METS, "fptr", FILEID=files.masters[item.id].key)
            el(adiv, METS, "fptr", FILEID=files.seeds[item.id].key)


def build(issue: Issue, files: IssueFiles, prov: Provenance, creators: dict[str, Agent],
          created: str, collection: issue_mods.CollectionRef) -> bytes:
    """The issue METS document's bytes (deterministic for the same inputs)."""
    pv = issue.items[0].article.provenance
    root = el(None, METS, "mets", nsmap=NSMAP, OBJID=issue.id,
              LABEL=f"People's Daily (人民日报), {issue.date}", TYPE="newspaper issue",
              **{"xsi__schemaLocation": " ".join(f"{ns} {loc}" for ns, loc in LOCATIONS.items())})
    header(root, pv, issue.id, created)
    issue_mods.build(issue, collection, _dmd(root, "dmd-issue", "MODS", "3.8"))
    for item in issue.items:
        key = issue.key(item)
        mods.build(item.article, _dmd(root, f"dmd-{key}", "MODS", "3.8")).set("ID", f"mods-{key}")
        dc.build(item.article, _dmd(root, f"dmd-{key}-dc", "DC", None))
    amd = el(root, METS, "amdSec", ID="amd")
    wrap = el(el(amd, METS, "rightsMD", ID="rights"), METS, "mdWrap", MDTYPE="PREMIS:RIGHTS",
              MDTYPEVERSION="3.0")
    rights.build(pv.rights, f"urn:archivist:{issue.id}:rights", [f.name for f in prov.files],
                 el(wrap, METS, "xmlData"))
    wrap = el(el(amd, METS, "digiprovMD", ID="premis"), METS, "mdWrap", MDTYPE="PREMIS",
              MDTYPEVERSION="3.0")
    premis.build(prov, creators, el(wrap, METS, "xmlData"))
    _file_sec(root, files)
    _struct_map(root, issue, files)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
