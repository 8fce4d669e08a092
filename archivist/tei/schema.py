"""Safe XML parsing and validation against archivist's schema (RELAX NG + Schematron).

Every XML document a user hands us goes through :func:`parse_xml`: no external entities,
no DTD loading, no network, a size cap, and no DOCTYPE at all. Validation collects every
problem as a :class:`~archivist.errors.Problem` with ``file:line``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import Problem, SchemaError

#: Documents larger than this are refused before parsing.
MAX_XML_BYTES = 64 * 1024 * 1024
_DATA = resources.files("archivist.tei") / "data"
RNG_NAME = "archivist-tei.rng"
SCH_NAME = "archivist-tei.sch"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_pis=False)


def read_xml_bytes(path: str | Path, label: str | None = None) -> bytes:
    """A document's bytes, refusing an oversized file before reading it."""
    from ..fsutil import read_bounded

    label = label or str(path)
    return read_bounded(path, MAX_XML_BYTES, lambda line, what: SchemaError(f"{label}:{line}: {what}"))


def parse_xml(source: str | Path | bytes, name: str | None = None) -> etree._ElementTree:
    """Parse untrusted XML safely; raise :class:`SchemaError` ``file:line: …`` on any problem."""
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        label = name or str(source)
        data = read_xml_bytes(source, label)
    if len(data) > MAX_XML_BYTES:
        raise SchemaError(f"{label}:1: document is {len(data):,} bytes; the limit is {MAX_XML_BYTES:,}")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(", line ")[0]
        raise SchemaError(f"{label}:{line}: not well-formed XML: {msg}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise SchemaError(f"{label}:1: DOCTYPE declarations are not allowed (entities are never expanded)")
    return tree


@lru_cache(maxsize=8)
def _relaxng(path: str) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(parse_xml(Path(path)))
    except etree.RelaxNGParseError as exc:
        raise SchemaError(f"{path}:1: not a usable RELAX NG schema: {exc}") from None


@lru_cache(maxsize=8)
def _xsd(path: str) -> etree.XMLSchema:
    try:
        return etree.XMLSchema(etree.parse(path, _parser()))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise SchemaError(f"{path}:1: not a usable XML Schema: {exc}") from None


@lru_cache(maxsize=8)
def _schematron(path: str) -> isoschematron.Schematron:
    return isoschematron.Schematron(parse_xml(Path(path)), store_report=True)


def project_schema() -> Path:
    """Path of archivist's own RELAX NG schema, shipped in the package."""
    return Path(str(_DATA / RNG_NAME))


def project_rules() -> Path:
    return Path(str(_DATA / SCH_NAME))


def _grammar_problems(tree: etree._ElementTree, schema: Path, label: str) -> list[Problem]:
    suffix = schema.suffix.lower()
    if suffix == ".xsd":
        validator: etree._Validator = _xsd(str(schema))
    elif suffix == ".sch":
        return _rule_problems(tree, schema, label)
    else:
        validator = _relaxng(str(schema))
    if validator.validate(tree):
        return []
    return [Problem("error", "schema", f"{label}:{e.line}", e.message) for e in validator.error_log]


def _rule_problems(tree: etree._ElementTree, rules: Path, label: str) -> list[Problem]:
    sch = _schematron(str(rules))
    if sch.validate(tree):
        return []
    svrl = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    problems = []
    for failed in sch.validation_report.xpath("//svrl:failed-assert | //svrl:successful-report",
                                              namespaces=svrl):
        location = failed.get("location", "")
        try:
            hits = tree.xpath(location)
            line = hits[0].sourceline if hits and hasattr(hits[0], "sourceline") else 0
        except etree.XPathError:
            line = 0
        text = " ".join("".join(failed.itertext()).split())
        problems.append(Problem("error", "rule", f"{label}:{line}", text))
    return problems


def validate_tree(tree: etree._ElementTree, label: str, schema: Path | None = None) -> list[Problem]:
    """Every problem of ``tree`` against ``schema`` (default: the project schema and rules)."""
    if schema is not None:
        return _grammar_problems(tree, schema, label)
    problems = _grammar_problems(tree, project_schema(), label)
    if not problems:  # the rules assume the grammar holds
        problems = _rule_problems(tree, project_rules(), label)
    return problems


def validate_file(path: str | Path, schema: Path | None = None) -> list[Problem]:
    """Validate an XML file; a document that cannot be parsed is one problem."""
    try:
        tree = parse_xml(path)
    except SchemaError as exc:
        head, _, rest = str(exc).partition(": ")
        return [Problem("error", "xml", head, rest)]
    return validate_tree(tree, str(path), schema)


def check_master(tree: etree._ElementTree, label: str) -> None:
    """Raise :class:`SchemaError` (first problem, with count) if ``tree`` is not a valid master."""
    root = tree.getroot()
    if etree.QName(root).namespace != "http://www.tei-c.org/ns/1.0" or etree.QName(root).localname != "TEI":
        raise SchemaError(f"{label}:{root.sourceline or 1}: not a TEI document (root element "
                          f"is {root.tag!r})")
    problems = validate_tree(tree, label)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        first = problems[0]
        raise SchemaError(f"{first.where}: invalid master: {first.message}{more}", tuple(problems))
