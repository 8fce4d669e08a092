"""PREMIS 3 rights: the article's rightsstatements.org statement as a copyright statement."""
from __future__ import annotations

from lxml import etree

from ...tei.model import Rights
from .ns import PREMIS, el

#: The country of publication of People's Daily (ISO 3166-1 alpha-2), the copyright jurisdiction.
JURISDICTION = "cn"


def build(rights: Rights, ident: str, objects: list[str], parent: etree._Element) -> etree._Element:
    """``premis:rights`` holding one statement about ``objects`` (their identifiers)."""
    root = el(parent, PREMIS, "rights")
    st = el(root, PREMIS, "rightsStatement")
    sid = el(st, PREMIS, "rightsStatementIdentifier")
    el(sid, PREMIS, "rightsStatementIdentifierType", "URN")
    el(sid, PREMIS, "rightsStatementIdentifierValue", ident)
    el(st, PREMIS, "rightsBasis", "Copyright", authority="rightsBasis",
       authorityURI="http://id.loc.gov/vocabulary/preservation/rightsBasis",
       valueURI="http://id.loc.gov/vocabulary/preservation/rightsBasis/cop")
    info = el(st, PREMIS, "copyrightInformation")
    el(info, PREMIS, "copyrightStatus", rights.copyright_status)
    el(info, PREMIS, "copyrightJurisdiction", JURISDICTION)
    el(info, PREMIS, "copyrightNote", rights.text)
    doc = el(info, PREMIS, "copyrightDocumentationIdentifier")
    el(doc, PREMIS, "copyrightDocumentationIdentifierType", "URI")
    el(doc, PREMIS, "copyrightDocumentationIdentifierValue", rights.uri)
    el(doc, PREMIS, "copyrightDocumentationRole", "rights statement (rightsstatements.org)")
    for obj in objects:
        link = el(st, PREMIS, "linkingObjectIdentifier")
        el(link, PREMIS, "linkingObjectIdentifierType", "local")
        el(link, PREMIS, "linkingObjectIdentifierValue", obj)
    return root
