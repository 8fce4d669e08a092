"""Namespaces of the metadata writers (elements are made with :func:`archivist.xmlbuild.el`)."""
from __future__ import annotations

from ...xmlbuild import el

METS = "http://www.loc.gov/METS/"
MODS = "http://www.loc.gov/mods/v3"
PREMIS = "http://www.loc.gov/premis/v3"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"

LOCATIONS = {
    METS: "http://www.loc.gov/standards/mets/mets.xsd",
    MODS: "http://www.loc.gov/standards/mods/v3/mods-3-8.xsd",
    PREMIS: "http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd",
    OAI_DC: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
}
NSMAP = {"mets": METS, "mods": MODS, "premis": PREMIS, "oai_dc": OAI_DC, "dc": DC,
         "xlink": XLINK, "xsi": XSI}

__all__ = ["METS", "MODS", "PREMIS", "OAI_DC", "DC", "XLINK", "XSI", "XML", "LOCATIONS", "NSMAP", "el"]
