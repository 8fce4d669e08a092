"""Namespaces and the element factory of the metadata writers."""
from __future__ import annotations

from lxml import etree

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


def el(parent: etree._Element | None, ns: str, tag: str, text: str | None = None,
       lang: str | None = None, nsmap: dict | None = None, **attrs: str) -> etree._Element:
    """Element ``{ns}tag`` under ``parent``; ``lang`` sets ``xml:lang``; attribute names with
    ``__`` become namespaced (``xlink__href``)."""
    name = f"{{{ns}}}{tag}"
    e = etree.Element(name, nsmap=nsmap) if parent is None else etree.SubElement(parent, name)
    if lang:
        e.set(f"{{{XML}}}lang", lang)
    for key, value in attrs.items():
        if "__" in key:
            prefix, local = key.split("__", 1)
            e.set(f"{{{NSMAP[prefix]}}}{local}", value)
        else:
            e.set(key, value)
    if text is not None:
        e.text = text
    return e
