"""What archivist can check of PDF/A-3a itself (pikepdf), and what it cannot.

This is not a conformance validator (veraPDF is not available here): it checks a handful of
structural requirements and says plainly that full ISO 19005-3 validation was not done.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

NOT_CHECKED = ("Not validated: full ISO 19005-3 conformance (colour spaces, transparency, "
               "font programs and glyph widths, metadata consistency, structure semantics) — "
               "no PDF/A validator such as veraPDF was run.")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool


def _xmp(pdf: pikepdf.Pdf) -> list[Check]:
    meta = pdf.open_metadata()
    return [Check("XMP pdfaid:part is 3", meta.get("pdfaid:part") == "3"),
            Check("XMP pdfaid:conformance is A", meta.get("pdfaid:conformance") == "A")]


def _fonts_embedded(pdf: pikepdf.Pdf) -> bool:
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _name, font in fonts.items():
            targets = font.get("/DescendantFonts", [font])
            for f in targets:
                desc = f.get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    return False
    return True


def _source_attached(pdf: pikepdf.Pdf) -> bool:
    files = list(pdf.Root.get("/AF", []))
    return any(f.get("/AFRelationship") == pikepdf.Name.Source for f in files)


def check_pdfa(data: bytes) -> list[Check]:
    """The checks archivist runs on a PDF/A-3a, each passed or not."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        intents = list(pdf.Root.get("/OutputIntents", []))
        return [
            *_xmp(pdf),
            Check("not encrypted", not pdf.is_encrypted),
            Check("OutputIntent GTS_PDFA1 with an ICC profile",
                  any(i.get("/S") == pikepdf.Name("/GTS_PDFA1") and "/DestOutputProfile" in i
                      for i in intents)),
            Check("every font embedded", _fonts_embedded(pdf)),
            Check("tagged (MarkInfo /Marked, StructTreeRoot)",
                  bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False))
                  and "/StructTreeRoot" in pdf.Root),
            Check("document language set", "/Lang" in pdf.Root),
            Check("TEI master attached with AFRelationship /Source", _source_attached(pdf)),
        ]


def summary(checks: list[Check]) -> str:
    """One line per outcome: what passed, what failed, what was not checked."""
    passed = [c.name for c in checks if c.passed]
    failed = [c.name for c in checks if not c.passed]
    parts = [f"Checked by archivist with pikepdf {pikepdf.__version__}: " + "; ".join(passed) + "."]
    if failed:
        parts.append("Failed: " + "; ".join(failed) + ".")
    parts.append(NOT_CHECKED)
    return " ".join(parts)
