"""PDF post-processing: what WeasyPrint leaves to us, done with pikepdf.

- Chinese structure elements get ``/Lang (zh-Hans)`` (WeasyPrint tags every element with the
  document language), so a screen reader switches voice;
- the associated file is listed once in ``/AF`` with ``/AFRelationship /Source`` as a name;
- the XMP packet is rewritten in full: ``pdfaid`` part 3 conformance A, both titles with
  their languages, ``dc:language``, dates and the creator tool, consistent with ``/Info``;
- a stable ``/ID`` derived from the content.
"""
from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import Iterator

import pikepdf
from lxml import etree

from ..tei.model import EN, ZH, Article
from . import xhtml as X
from .metadata.ns import el


@contextlib.contextmanager
def chinese_structure_lang(lang: str) -> Iterator[None]:
    """While active, WeasyPrint's tag tree marks elements laid out in ``lang``.

    FIXME(WeasyPrint 70.0): wraps the private ``weasyprint.pdf.tags._build_box_tree``;
    pyproject.toml pins ``weasyprint<71`` until this is re-checked.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, parent, pdf, *args):  # type: ignore[no-untyped-def]
        for element in original(box, parent, pdf, *args):
            style = getattr(box, "style", None)
            box_lang = style["lang"] if style is not None and "lang" in style else None
            if box_lang == lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


def _pdf_date_to_xmp(value: str) -> str:
    """``D:20231114221320Z`` (or with an offset) → ``2023-11-14T22:13:20Z``."""
    v = value[2:] if value.startswith("D:") else value
    stamp = f"{v[0:4]}-{v[4:6]}-{v[6:8]}T{v[8:10]}:{v[10:12]}:{v[12:14]}"
    tz = v[14:].replace("'", "")
    if tz in ("", "Z"):
        return stamp + "Z"
    return f"{stamp}{tz[0]}{tz[1:3]}:{tz[3:5] or '00'}"


@dataclass(frozen=True)
class Facts:
    """What the XMP says about a PDF: titles, authors, source and identifier."""

    title_en: str
    title_zh: str
    authors: tuple[str, ...]
    source: str
    identifier: str

    @classmethod
    def of(cls, article: Article) -> "Facts":
        b = article.bibl
        return cls(b.title_en, b.headline_zh, tuple(b.authors_en), X.source_line(article),
                   article.provenance.article_id)


_X, _RDF = "adobe:ns:meta/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_NS = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
           "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/"}
_XPACKET = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n', b'<?xpacket end="r"?>')


def _container(desc: etree._Element, name: str, kind: str,
               items: list[tuple[str | None, str]]) -> None:
    """``dc:name`` holding an ``rdf:Alt``/``Seq``/``Bag`` of ``rdf:li`` (with ``xml:lang``)."""
    box = el(el(desc, _XMP_NS["dc"], name), _RDF, kind)
    for lang, value in items:
        el(box, _RDF, "li", value, lang=lang)


def xmp_packet(info: dict[str, str], facts: Facts) -> bytes:
    """The XMP packet (built with lxml, so every value is escaped by the serialiser)."""
    created = _pdf_date_to_xmp(info.get("/CreationDate", "D:19800101000000Z"))
    modified = _pdf_date_to_xmp(info.get("/ModDate", info.get("/CreationDate", "D:19800101000000Z")))
    meta = el(None, _X, "xmpmeta", nsmap={"x": _X, "rdf": _RDF, **_XMP_NS})
    desc = el(el(meta, _RDF, "RDF"), _RDF, "Description")
    desc.set(f"{{{_RDF}}}about", "")
    pdfaid, dc, xmp = _XMP_NS["pdfaid"], _XMP_NS["dc"], _XMP_NS["xmp"]
    el(desc, pdfaid, "part", "3")
    el(desc, pdfaid, "conformance", "A")
    el(desc, dc, "format", "application/pdf")
    _container(desc, "title", "Alt", [("x-default", facts.title_en), (EN, facts.title_en),
                                            (ZH, facts.title_zh)])
    if facts.authors:
        _container(desc, "creator", "Seq", [(None, a) for a in facts.authors])
    _container(desc, "description", "Alt", [("x-default", info.get("/Subject", X.MT_NOTICE))])
    _container(desc, "language", "Bag", [(None, EN), (None, ZH)])
    el(desc, dc, "source", facts.source)
    el(desc, dc, "identifier", facts.identifier)
    el(desc, xmp, "CreatorTool", info.get("/Creator", "archivist"))
    for prop, value in (("CreateDate", created), ("ModifyDate", modified), ("MetadataDate", modified)):
        el(desc, xmp, prop, value)
    el(desc, _XMP_NS["pdf"], "Producer", info.get("/Producer", "WeasyPrint"))
    return _XPACKET[0] + etree.tostring(meta, encoding="UTF-8", pretty_print=True) + _XPACKET[1]


def _fix_attachments(pdf: pikepdf.Pdf) -> None:
    seen, unique = set(), pikepdf.Array()
    for spec in pdf.Root.get("/AF", pikepdf.Array()):
        key = spec.objgen
        if key in seen:
            continue
        seen.add(key)
        spec.AFRelationship = pikepdf.Name.Source
        unique.append(spec)
    if len(unique):
        pdf.Root.AF = unique


def finish(raw: bytes, article: Article | Facts) -> bytes:
    """Post-process WeasyPrint's PDF/A output; deterministic for the same input."""
    facts = article if isinstance(article, Facts) else Facts.of(article)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        _fix_attachments(pdf)
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        meta = pdf.make_stream(xmp_packet(info, facts))
        meta.Type = pikepdf.Name.Metadata
        meta.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = meta
        pdf.Root.Lang = pikepdf.String(EN)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()
