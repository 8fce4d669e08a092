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
from xml.sax.saxutils import escape

import pikepdf

from ..tei.model import EN, ZH, Article
from . import xhtml as X


@contextlib.contextmanager
def chinese_structure_lang(lang: str) -> Iterator[None]:
    """While active, WeasyPrint's tag tree marks elements laid out in ``lang``."""
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


def xmp_packet(info: dict[str, str], facts: Facts) -> bytes:
    created = _pdf_date_to_xmp(info.get("/CreationDate", "D:19800101000000Z"))
    modified = _pdf_date_to_xmp(info.get("/ModDate", info.get("/CreationDate", "D:19800101000000Z")))
    authors = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in facts.authors)
    creator = f"<dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>" if authors else ""
    body = f"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about=""
   xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:xmp="http://ns.adobe.com/xap/1.0/"
   xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
  <pdfaid:part>3</pdfaid:part>
  <pdfaid:conformance>A</pdfaid:conformance>
  <dc:format>application/pdf</dc:format>
  <dc:title><rdf:Alt>
   <rdf:li xml:lang="x-default">{escape(facts.title_en)}</rdf:li>
   <rdf:li xml:lang="{EN}">{escape(facts.title_en)}</rdf:li>
   <rdf:li xml:lang="{ZH}">{escape(facts.title_zh)}</rdf:li>
  </rdf:Alt></dc:title>
  {creator}
  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.get("/Subject", X.MT_NOTICE))}</rdf:li></rdf:Alt></dc:description>
  <dc:language><rdf:Bag><rdf:li>{EN}</rdf:li><rdf:li>{ZH}</rdf:li></rdf:Bag></dc:language>
  <dc:source>{escape(facts.source)}</dc:source>
  <dc:identifier>{escape(facts.identifier)}</dc:identifier>
  <xmp:CreatorTool>{escape(info.get("/Creator", "archivist"))}</xmp:CreatorTool>
  <xmp:CreateDate>{created}</xmp:CreateDate>
  <xmp:ModifyDate>{modified}</xmp:ModifyDate>
  <xmp:MetadataDate>{modified}</xmp:MetadataDate>
  <pdf:Producer>{escape(info.get("/Producer", "WeasyPrint"))}</pdf:Producer>
 </rdf:Description>
</rdf:RDF>"""
    return (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' + body.encode("utf-8")
            + b'\n</x:xmpmeta>\n<?xpacket end="r"?>')


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
