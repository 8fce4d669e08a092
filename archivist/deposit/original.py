"""The original in a bag: the seed, kept byte for byte, re-checked against the master.

The TEI master records the SHA-256 of the seed it was encoded from
(``sourceDesc/bibl[@type='digitalSource']/idno[@type='sha256']``); the METS names the seed in
``fileGrp USE="original"``. :func:`check_original` recomputes the seed's hash and compares.
"""
from __future__ import annotations

import hashlib

from .bagtree import Tree
from ..errors import Problem, SchemaError
from ..tei.schema import MAX_XML_BYTES, parse_xml

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
METS = {"m": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
ORIGINAL_USE = "original"


def _xml(tree: Tree, rel: str):  # noqa: ANN202 - lxml tree
    """Parse a payload XML file of ``tree``, bounded (SchemaError otherwise)."""
    entry = tree.entries[rel]
    if not entry.regular or entry.size > MAX_XML_BYTES:
        raise SchemaError(f"{rel}: {entry.kind} of {entry.size:,} bytes; not read")
    with tree.open(rel) as fh:
        return parse_xml(fh.read(MAX_XML_BYTES + 1), rel)


def _sha256(tree: Tree, rel: str) -> str:
    h = hashlib.sha256()
    with tree.open(rel) as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _original_name(tree: Tree, mets: str) -> str | None:
    hrefs = _xml(tree, mets).xpath(f"//m:fileGrp[@USE='{ORIGINAL_USE}']/m:file/m:FLocat/@xlink:href",
                                  namespaces=METS)
    return str(hrefs[0]) if len(hrefs) == 1 else None


def _payload(tree: Tree, suffix: str) -> list[str]:
    return sorted(r for r in tree.entries if r.startswith("data/") and r.count("/") == 1
                  and r.endswith(suffix))


def _recorded(tree: Tree, master: str) -> str:
    return _xml(tree, master).xpath(
        "string(//t:sourceDesc/t:bibl[@type='digitalSource']/t:idno[@type='sha256'])", namespaces=TEI)


def _compare(tree: Tree, label: str, recorded: str, seed: str | None) -> list[Problem]:
    """The seed at ``seed`` (a payload path) against the hash its master recorded."""
    entry = tree.entries.get(seed) if seed else None
    if entry is None or not entry.regular:
        return [Problem("error", "original", f"{label}/data",
                        "the original seed (METS fileGrp USE=\"original\") is missing")]
    found = _sha256(tree, seed)
    if found != recorded:
        return [Problem("error", "original", f"{label}/{seed}",
                        f"seed does not match the master's recorded SHA-256: expected {recorded}, "
                        f"found {found}")]
    return []


def _issue_seeds(tree: Tree, masters: list[str], label: str) -> list[Problem]:
    """An issue or month bag: each master's seed is ``<article-id>.seed.md`` (or ``.txt``)
    beside it."""
    problems = []
    for master in masters:
        stem = master.removesuffix(".tei.xml")
        seed = next((f"{stem}.seed{s}" for s in (".md", ".txt") if f"{stem}.seed{s}" in tree.entries), None)
        try:
            recorded = _recorded(tree, master)
        except SchemaError as exc:
            problems.append(Problem("error", "original", f"{label}/{master}", exc.message))
            continue
        problems += _compare(tree, label, recorded, seed)
    return problems


def check_original(tree: Tree, label: str) -> list[Problem]:
    """Problems with the seed(s) of an archivist bag (none for a bag without a TEI master)."""
    # every master under data/, at any depth (a month bag: data/<date>/<article>.tei.xml)
    masters = sorted(r for r in tree.entries if r.startswith("data/") and r.endswith(".tei.xml"))
    if len(masters) > 1 or any(r.count("/") > 1 for r in masters):
        return _issue_seeds(tree, masters, label)
    if len(masters) != 1:
        return []
    where = f"{label}/{masters[0]}"
    try:
        recorded = _recorded(tree, masters[0])
        mets = _payload(tree, ".mets.xml")
        name = _original_name(tree, mets[0]) if len(mets) == 1 else None
    except SchemaError as exc:
        return [Problem("error", "original", where, exc.message)]
    if not recorded:
        return [Problem("error", "original", where, "the master records no SHA-256 of its seed")]
    return _compare(tree, label, recorded, f"data/{name}" if name and "/" not in name else None)
