"""The original in a bag: the seed, kept byte for byte, re-checked against the master.

The TEI master records the SHA-256 of the seed it was encoded from
(``sourceDesc/bibl[@type='digitalSource']/idno[@type='sha256']``); the METS names the seed in
``fileGrp USE="original"``. :func:`check_original` recomputes the seed's hash and compares.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Problem, SchemaError
from ..tei.schema import parse_xml

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
METS = {"m": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
ORIGINAL_USE = "original"


def _original_name(mets: Path) -> str | None:
    hrefs = parse_xml(mets).xpath(f"//m:fileGrp[@USE='{ORIGINAL_USE}']/m:file/m:FLocat/@xlink:href",
                                  namespaces=METS)
    return str(hrefs[0]) if len(hrefs) == 1 else None


def check_original(bag: Path, label: str) -> list[Problem]:
    """Problems with the seed of an archivist bag (none for a bag without a TEI master)."""
    data = bag / "data"
    masters = sorted(data.glob("*.tei.xml"))
    if len(masters) != 1:
        return []
    where = f"{label}/data/{masters[0].name}"
    try:
        recorded = parse_xml(masters[0]).xpath(
            "string(//t:sourceDesc/t:bibl[@type='digitalSource']/t:idno[@type='sha256'])", namespaces=TEI)
        mets = sorted(data.glob("*.mets.xml"))
        name = _original_name(mets[0]) if len(mets) == 1 else None
    except SchemaError as exc:
        return [Problem("error", "original", where, exc.message)]
    if not recorded:
        return [Problem("error", "original", where, "the master records no SHA-256 of its seed")]
    if name is None or "/" in name or not (data / name).is_file():
        return [Problem("error", "original", f"{label}/data",
                        "the original seed (METS fileGrp USE=\"original\") is missing")]
    found = hashlib.sha256((data / name).read_bytes()).hexdigest()
    if found != recorded:
        return [Problem("error", "original", f"{label}/data/{name}",
                        f"seed does not match the master's recorded SHA-256: expected {recorded}, "
                        f"found {found}")]
    return []
