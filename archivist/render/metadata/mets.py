"""METS 1.12 document wrapping MODS, Dublin Core and PREMIS for one article.

Follows archivist's METS profile (docs/mets-profile.md, :data:`PROFILE`): MODS and DC in
dmdSecs; one amdSec holding a techMD per file (its PREMIS object), a rightsMD (PREMIS rights)
and a digiprovMD per PREMIS event and per agent; fileGrps with Archivematica's USE values.
"""
from __future__ import annotations

from lxml import etree

from ...tei.model import Article
from ...tei.model import Provenance as ArticleProvenance
from . import dc, mods, premis, rights
from .ns import LOCATIONS, METS, NSMAP, XSI, el
from .records import Agent, Provenance

PROFILE = "urn:archivist:mets-profile:1.0"
#: File role → METS fileGrp USE (Archivematica's names; DSpace maps "original" to ORIGINAL).
FILE_GROUPS = {"original": "original", "master": "preservation", "epub": "access", "pdf": "access"}


def header(root: etree._Element, pv: ArticleProvenance, record_id: str, created: str) -> None:
    """``metsHdr``: the institution and archivist as creators, and the record's id.

    CREATEDATE is an xs:dateTime: given only when the build time is a known instant."""
    stamp = {"CREATEDATE": created} if "T" in created else {}
    hdr = el(root, METS, "metsHdr", **stamp, RECORDSTATUS="complete")
    agent = el(hdr, METS, "agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    el(agent, METS, "name", pv.institution.name)
    agent = el(hdr, METS, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    el(agent, METS, "name", f"archivist {pv.archivist_version}")
    el(hdr, METS, "altRecordID", record_id, TYPE="archivist")


def _section(amd: etree._Element, tag: str, ident: str, mdtype: str) -> etree._Element:
    sec = el(amd, METS, tag, ID=ident)
    wrap = el(sec, METS, "mdWrap", MDTYPE="PREMIS:" + mdtype, MDTYPEVERSION="3.0")
    return el(wrap, METS, "xmlData")


def _amd(root: etree._Element, a: Article, prov: Provenance, creators: dict[str, Agent]) -> dict[str, list[str]]:
    """The amdSec; returns file name → the ADMIDs that describe it."""
    amd = el(root, METS, "amdSec", ID="amd")
    admids: dict[str, list[str]] = {f.name: [f"tech-{f.use}", "rights"] for f in prov.files}
    for f in prov.files:
        premis.object_(_section(amd, "techMD", f"tech-{f.use}", "OBJECT"), f, prov, creators.get(f.use))
    rights.build(a.provenance.rights, prov.rights_ident, [f.ident for f in prov.files],
                 _section(amd, "rightsMD", "rights", "RIGHTS"))
    for n, e in enumerate(prov.events, 1):
        premis.event(_section(amd, "digiprovMD", f"event-{n}", "EVENT"), e, prov)
        for name in e.sources + e.objects:
            if name in admids:
                admids[name].append(f"event-{n}")
    for n, ag in enumerate(prov.agents, 1):
        premis.agent(_section(amd, "digiprovMD", f"agent-{n}", "AGENT"), ag)
    return admids


def build(a: Article, prov: Provenance, creators: dict[str, Agent], created: str) -> bytes:
    """The METS document's bytes (deterministic for the same inputs)."""
    pv = a.provenance
    root = el(None, METS, "mets", nsmap=NSMAP, OBJID=pv.article_id, LABEL=a.bibl.title_en,
              TYPE="newspaper article", PROFILE=PROFILE, **{"xsi__schemaLocation": " ".join(
                  f"{ns} {loc}" for ns, loc in LOCATIONS.items())})
    header(root, pv, pv.article_id, created)
    for ident, mdtype, builder, version in (("dmd-mods", "MODS", mods.build, "3.8"),
                                            ("dmd-dc", "DC", dc.build, None)):
        sec = el(root, METS, "dmdSec", ID=ident)
        attrs = {"MDTYPE": mdtype, **({"MDTYPEVERSION": version} if version else {})}
        wrap = el(sec, METS, "mdWrap", **attrs)
        builder(a, el(wrap, METS, "xmlData"))
    admids = _amd(root, a, prov, creators)
    files = el(root, METS, "fileSec")
    groups: dict[str, etree._Element] = {}
    for f in prov.files:
        use = FILE_GROUPS.get(f.use, f.use)
        if use not in groups:
            groups[use] = el(files, METS, "fileGrp", USE=use)
        fe = el(groups[use], METS, "file", ID=f.key, MIMETYPE=f.mimetype, SIZE=str(f.size),
                CHECKSUM=f.sha256, CHECKSUMTYPE="SHA-256", ADMID=" ".join(admids[f.name]))
        el(fe, METS, "FLocat", LOCTYPE="URL", **{"xlink__href": f.name, "xlink__type": "simple"})
    smap = el(root, METS, "structMap", TYPE="logical", LABEL="Article")
    div = el(smap, METS, "div", TYPE="article", LABEL=a.bibl.title_en, DMDID="dmd-mods dmd-dc",
             ADMID="rights")
    for order, f in enumerate(prov.files, 1):
        sub = el(div, METS, "div", TYPE=f.use, LABEL=f.format_name, ORDER=str(order))
        el(sub, METS, "fptr", FILEID=f.key)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


__all__ = ["build", "write", "XSI", "PROFILE"]


def write(article: Article, master: bytes, options) -> bytes:  # noqa: ANN001 - registry signature
    """Writer-registry entry point: a METS describing the master alone."""
    from .provenance import master_only

    when = options.stamp
    prov, creators = master_only(article, master, f"{article.provenance.article_id}.tei.xml", when)
    return build(article, prov, creators, when)
