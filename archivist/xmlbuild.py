"""The one element factory every XML writer uses (TEI, XHTML, XMP, METS/MODS/DC/PREMIS).

``el(parent, ns, tag, text, lang=…, nsmap=…, **attrs)`` makes ``{ns}tag`` under ``parent``
(a new root when ``parent`` is None). Attribute keywords: ``prefix__local`` is a namespaced
attribute (``xml__id``, ``xlink__href``, ``xsi__type``, ``epub__type``); a trailing ``_`` is
dropped (``class_``) and other ``_`` become ``-`` (``aria_label``); ``lang`` sets ``xml:lang``.
"""
from __future__ import annotations

from lxml import etree

#: Namespaces an attribute keyword may name with ``prefix__``.
ATTRIBUTE_NS = {
    "xml": "http://www.w3.org/XML/1998/namespace",
    "xlink": "http://www.w3.org/1999/xlink",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "epub": "http://www.idpf.org/2007/ops",
}


def attribute_name(key: str) -> str:
    """The attribute a keyword stands for (see the module docstring)."""
    if "__" in key:
        prefix, local = key.split("__", 1)
        return f"{{{ATTRIBUTE_NS[prefix]}}}{local}"
    return key.rstrip("_").replace("_", "-")


def el(parent: etree._Element | None, ns: str, tag: str, text: str | None = None,
       lang: str | None = None, nsmap: dict | None = None, **attrs: str) -> etree._Element:
    """Element ``{ns}tag`` under ``parent`` (``nsmap`` applies to a new root only)."""
    name = f"{{{ns}}}{tag}"
    e = etree.Element(name, nsmap=nsmap) if parent is None else etree.SubElement(parent, name)
    if lang:
        e.set(attribute_name("xml__lang"), lang)
    for key, value in attrs.items():
        e.set(attribute_name(key), value)
    if text is not None:
        e.text = text
    return e
