"""METS 1.12 document wrapping MODS, Dublin Core and PREMIS for one article."""
from __future__ import annotations

from lxml import etree

from ...tei.model import Article
from ...tei.model import Provenance as ArticleProvenance
from . import dc, mods, premis, rights
from .ns import LOCATIONS, METS, NSMAP, XSI, el
from .records import Agent, Provenance


def header(root: etree._Element, pv: ArticleProvenance, record_id: str, created: str) -> None:
    """``metsHdr``: the institution and archivist as creators, and the record's id."""
    hdr = el(root, METS, "metsHdr", CREATEDATE=created, RECORDSTATUS="complete")
    agent = el(hdr, METS, "agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    el(agent, METS, "name", pv.institution.name)
    agent = el(hdr, METS, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    el(agent, METS, "name", f"archivist {pv.archivist_version}")
    el(hdr, METS, "altRecordID", record_id, TYPE="archivist")


def build(a: Article, prov: Provenance, creators: dict[str, Agent], created: str) -> bytes:
    """The METS document's bytes (deterministic for the same inputs)."""
    pv = a.provenance
    root = el(None, METS, "mets", nsmap=NSMAP, OBJID=pv.article_id, LABEL=a.bibl.title_en,
              TYPE="newspaper article", **{"xsi__schemaLocation": " ".join(
                  f"{ns} {loc}" for ns, loc in LOCATIONS.items())})
    header(root, pv, pv.article_id, created)

    for ident, mdtype, builder, version in (("dmd-mods", "MODS", mods.build, "3.8"),
                                            ("dmd-dc", "DC", dc.build, None)):
        sec = el(root, METS, "dmdSec", ID=ident)
        attrs = {"MDTYPE": mdtype, **({"MDTYPEVERSION": version} if version else {})}
        wrap = el(sec, METS, "mdWrap", **attrs)
        builder(a, el(wrap, METS, "xmlData"))

    amd = el(root, METS, "amdSec", ID="amd")
    rights_md = el(amd, METS, "rightsMD", ID="rights")
    wrap = el(rights_md, METS, "mdWrap", MDTYPE="PREMIS:RIGHTS", MDTYPEVERSION="3.0")
    rights.build(pv.rights, f"urn:archivist:{pv.article_id}:rights", [f.name for f in prov.files],
                 el(wrap, METS, "xmlData"))
    prov_md = el(amd, METS, "digiprovMD", ID="premis")
    wrap = el(prov_md, METS, "mdWrap", MDTYPE="PREMIS", MDTYPEVERSION="3.0")
    premis.build(prov, creators, el(wrap, METS, "xmlData"))

    files = el(root, METS, "fileSec")
    for f in prov.files:
        grp = el(files, METS, "fileGrp", USE=f.use)
        fe = el(grp, METS, "file", ID=f.key, MIMETYPE=f.mimetype, SIZE=str(f.size),
                CHECKSUM=f.sha256, CHECKSUMTYPE="SHA-256", ADMID="premis")
        el(fe, METS, "FLocat", LOCTYPE="URL", **{"xlink__href": f.name, "xlink__type": "simple"})

    smap = el(root, METS, "structMap", TYPE="logical", LABEL="Article")
    div = el(smap, METS, "div", TYPE="article", LABEL=a.bibl.title_en, DMDID="dmd-mods dmd-dc",
             ADMID="rights premis")
    for order, f in enumerate(prov.files, 1):
        sub = el(div, METS, "div", TYPE=f.use, LABEL=f.format_name, ORDER=str(order))
        el(sub, METS, "fptr", FILEID=f.key)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


__all__ = ["build", "XSI"]


def write(article: Article, master: bytes, options) -> bytes:  # noqa: ANN001 - registry signature
    """Writer-registry entry point: a METS describing the master alone."""
    from .provenance import master_only

    when = options.stamp
    prov, creators = master_only(article, master, f"{article.provenance.article_id}.tei.xml", when)
    return build(article, prov, creators, when)
