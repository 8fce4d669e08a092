"""PREMIS 3 entities for the files of a package: objects, events, agents (each standalone,
so METS can hold every one in its own techMD or digiprovMD section).

Objects carry PRONOM identifications (FIDO) in ``formatRegistry`` and ``derivation``
relationships to their source; events link their agents and objects with roles.
"""
from __future__ import annotations

from lxml import etree

from .ns import PREMIS, el
from .records import EVENT_TYPE_SCHEME, EVENT_TYPES, Agent, Event, PayloadFile, Provenance

_LOC = "http://id.loc.gov/vocabulary/preservation/"
_AGENT_TYPES = _LOC + "agentType"
URN = "URN"


def _vocab(parent: etree._Element, tag: str, text: str, scheme: str) -> etree._Element:
    return el(parent, PREMIS, tag, text, authority=scheme, authorityURI=_LOC + scheme)


def _ident(parent: etree._Element, tag: str, value: str, kind: str = URN) -> etree._Element:
    node = el(parent, PREMIS, tag)
    el(node, PREMIS, tag + "Type", kind)
    el(node, PREMIS, tag + "Value", value)
    return node


def _format(chars: etree._Element, f: PayloadFile, found) -> None:  # noqa: ANN001 - Identification
    fmt = el(chars, PREMIS, "format")
    best = found.best if found is not None else None
    design = el(fmt, PREMIS, "formatDesignation")
    el(design, PREMIS, "formatName", best.name if best else f.format_name)
    if best is None or best.version:
        el(design, PREMIS, "formatVersion", best.version if best else f.format_version)
    if best is not None:
        reg = el(fmt, PREMIS, "formatRegistry")
        el(reg, PREMIS, "formatRegistryName", "PRONOM")
        el(reg, PREMIS, "formatRegistryKey", best.puid)
        _vocab(reg, "formatRegistryRole", "identification", "formatRegistryRole")
    el(fmt, PREMIS, "formatNote", f"FIDO: {found.summary}" if found is not None
       else "Not identified by a format identification tool; the format named is the one the "
            "writing software asserts.")


def _object(parent: etree._Element, f: PayloadFile, p: Provenance, creator: Agent | None) -> etree._Element:
    obj = el(parent, PREMIS, "object", **{"xsi__type": "premis:file"})
    _ident(obj, "objectIdentifier", f.ident)
    _ident(obj, "objectIdentifier", f.name, "local")
    chars = el(obj, PREMIS, "objectCharacteristics")
    el(chars, PREMIS, "compositionLevel", "0")
    fixity = el(chars, PREMIS, "fixity")
    el(fixity, PREMIS, "messageDigestAlgorithm", "SHA-256", authority="cryptographicHashFunctions",
       authorityURI=_LOC + "cryptographicHashFunctions", valueURI=_LOC + "cryptographicHashFunctions/sha256")
    el(fixity, PREMIS, "messageDigest", f.sha256)
    el(chars, PREMIS, "size", str(f.size))
    _format(chars, f, p.formats.get(f.name))
    if creator is not None:
        app = el(chars, PREMIS, "creatingApplication")
        el(app, PREMIS, "creatingApplicationName", creator.name)
        el(app, PREMIS, "creatingApplicationVersion", creator.version)
    el(obj, PREMIS, "originalName", f.original_name or f.name)
    source = p.derived.get(f.name)
    if source:
        rel = el(obj, PREMIS, "relationship")
        _vocab(rel, "relationshipType", "derivation", "relationshipType")
        _vocab(rel, "relationshipSubType", "has source", "relationshipSubType")
        _ident(rel, "relatedObjectIdentifier", next(s.ident for s in p.files if s.name == source))
        for e in p.events:
            if e.type == "cre" and f.name in e.objects and source in e.sources:
                _ident(rel, "relatedEventIdentifier", e.ident(p.article_id, p.digests))
    for e in p.events:
        if f.name in e.objects or f.name in e.sources:
            _ident(obj, "linkingEventIdentifier", e.ident(p.article_id, p.digests))
    return obj


def _agent_role(e: Event, a: Agent) -> str:
    if a.type == "organization":
        return "implementer"
    return "validator" if e.type == "val" else "executing program"


def _event(parent: etree._Element, e: Event, p: Provenance, agents: dict[str, Agent]) -> etree._Element:
    ev = el(parent, PREMIS, "event")
    _ident(ev, "eventIdentifier", e.ident(p.article_id, p.digests))
    el(ev, PREMIS, "eventType", EVENT_TYPES[e.type], authority="eventType",
       authorityURI=EVENT_TYPE_SCHEME, valueURI=f"{EVENT_TYPE_SCHEME}/{e.type}")
    el(ev, PREMIS, "eventDateTime", e.when)
    el(el(ev, PREMIS, "eventDetailInformation"), PREMIS, "eventDetail", e.detail)
    outcome = el(ev, PREMIS, "eventOutcomeInformation")
    el(outcome, PREMIS, "eventOutcome", e.outcome)
    if e.outcome_detail:
        el(el(outcome, PREMIS, "eventOutcomeDetail"), PREMIS, "eventOutcomeDetailNote", e.outcome_detail)
    for key in e.agents:
        link = _ident(ev, "linkingAgentIdentifier", agents[key].ident)
        _vocab(link, "linkingAgentRole", _agent_role(e, agents[key]), "eventRelatedAgentRole")
    files = {f.name: f for f in p.files}
    for name, role in [(s, "source") for s in e.sources] + [
            (o, "outcome" if e.type == "cre" else "") for o in e.objects]:
        link = _ident(ev, "linkingObjectIdentifier", files[name].ident if name in files else name)
        if role:
            _vocab(link, "linkingObjectRole", role, "eventRelatedObjectRole")
    return ev


def _agent(parent: etree._Element, a: Agent) -> etree._Element:
    ag = el(parent, PREMIS, "agent")
    _ident(ag, "agentIdentifier", a.ident)
    el(ag, PREMIS, "agentName", a.name)
    code = "org" if a.type == "organization" else "sof"
    el(ag, PREMIS, "agentType", a.type, authority="agentType", authorityURI=_AGENT_TYPES,
       valueURI=f"{_AGENT_TYPES}/{code}")
    if a.version:
        el(ag, PREMIS, "agentVersion", a.version)
    if a.note:
        el(ag, PREMIS, "agentNote", a.note)
    return ag


def object_(parent: etree._Element, f: PayloadFile, p: Provenance, creator: Agent | None) -> etree._Element:
    """A standalone ``premis:object`` for ``f`` (a METS techMD)."""
    node = _object(parent, f, p, creator)
    node.set("version", "3.0")
    return node


def event(parent: etree._Element, e: Event, p: Provenance) -> etree._Element:
    """A standalone ``premis:event`` (a METS digiprovMD)."""
    node = _event(parent, e, p, {a.key: a for a in p.agents})
    node.set("version", "3.0")
    return node


def agent(parent: etree._Element, a: Agent) -> etree._Element:
    """A standalone ``premis:agent`` (a METS digiprovMD)."""
    node = _agent(parent, a)
    node.set("version", "3.0")
    return node


def build(p: Provenance, creators: dict[str, Agent], parent: etree._Element | None = None) -> etree._Element:
    """One ``premis:premis`` with every object, event and agent (for a METS that keeps its
    PREMIS in a single digiprovMD, such as an issue's)."""
    root = el(parent, PREMIS, "premis", nsmap=None if parent is not None else {"premis": PREMIS},
              version="3.0")
    agents = {a.key: a for a in p.agents}
    for f in p.files:
        _object(root, f, p, creators.get(f.use))
    for e in p.events:
        _event(root, e, p, agents)
    for a in p.agents:
        _agent(root, a)
    return root
