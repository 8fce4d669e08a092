"""PREMIS 3 objects, events and agents for the files of a package."""
from __future__ import annotations

from lxml import etree

from .ns import PREMIS, XSI, el
from .records import EVENT_TYPE_SCHEME, EVENT_TYPES, Agent, Event, PayloadFile, Provenance

_AGENT_TYPES = "http://id.loc.gov/vocabulary/preservation/agentType"


def _object(parent: etree._Element, f: PayloadFile, creator: Agent | None) -> None:
    obj = el(parent, PREMIS, "object", **{"xsi__type": "premis:file"})
    ident = el(obj, PREMIS, "objectIdentifier")
    el(ident, PREMIS, "objectIdentifierType", "local")
    el(ident, PREMIS, "objectIdentifierValue", f.name)
    chars = el(obj, PREMIS, "objectCharacteristics")
    el(chars, PREMIS, "compositionLevel", "0")
    fixity = el(chars, PREMIS, "fixity")
    el(fixity, PREMIS, "messageDigestAlgorithm", "SHA-256", authority="cryptographicHashFunctions",
       authorityURI="http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions",
       valueURI="http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions/sha256")
    el(fixity, PREMIS, "messageDigest", f.sha256)
    el(chars, PREMIS, "size", str(f.size))
    fmt = el(el(chars, PREMIS, "format"), PREMIS, "formatDesignation")
    el(fmt, PREMIS, "formatName", f.format_name)
    el(fmt, PREMIS, "formatVersion", f.format_version)
    if creator is not None:
        app = el(chars, PREMIS, "creatingApplication")
        el(app, PREMIS, "creatingApplicationName", creator.name)
        el(app, PREMIS, "creatingApplicationVersion", creator.version)
    el(obj, PREMIS, "originalName", f.original_name or f.name)


def _event(parent: etree._Element, e: Event) -> None:
    ev = el(parent, PREMIS, "event")
    ident = el(ev, PREMIS, "eventIdentifier")
    el(ident, PREMIS, "eventIdentifierType", "local")
    el(ident, PREMIS, "eventIdentifierValue", e.key)
    el(ev, PREMIS, "eventType", EVENT_TYPES[e.type], authority="eventType",
       authorityURI=EVENT_TYPE_SCHEME, valueURI=f"{EVENT_TYPE_SCHEME}/{e.type}")
    el(ev, PREMIS, "eventDateTime", e.when)
    el(el(ev, PREMIS, "eventDetailInformation"), PREMIS, "eventDetail", e.detail)
    outcome = el(ev, PREMIS, "eventOutcomeInformation")
    el(outcome, PREMIS, "eventOutcome", e.outcome)
    if e.outcome_detail:
        el(el(outcome, PREMIS, "eventOutcomeDetail"), PREMIS, "eventOutcomeDetailNote", e.outcome_detail)
    for agent in e.agents:
        link = el(ev, PREMIS, "linkingAgentIdentifier")
        el(link, PREMIS, "linkingAgentIdentifierType", "local")
        el(link, PREMIS, "linkingAgentIdentifierValue", agent)
    for obj in e.objects:
        link = el(ev, PREMIS, "linkingObjectIdentifier")
        el(link, PREMIS, "linkingObjectIdentifierType", "local")
        el(link, PREMIS, "linkingObjectIdentifierValue", obj)


def _agent(parent: etree._Element, a: Agent) -> None:
    ag = el(parent, PREMIS, "agent")
    ident = el(ag, PREMIS, "agentIdentifier")
    el(ident, PREMIS, "agentIdentifierType", "local")
    el(ident, PREMIS, "agentIdentifierValue", a.key)
    el(ag, PREMIS, "agentName", a.name)
    code = "org" if a.type == "organization" else "sof"
    el(ag, PREMIS, "agentType", a.type, authority="agentType", authorityURI=_AGENT_TYPES,
       valueURI=f"{_AGENT_TYPES}/{code}")
    if a.version:
        el(ag, PREMIS, "agentVersion", a.version)


def build(p: Provenance, creators: dict[str, Agent], parent: etree._Element | None = None) -> etree._Element:
    """``premis:premis`` with one object per file, then every event and agent."""
    root = el(parent, PREMIS, "premis", nsmap=None if parent is not None else {"premis": PREMIS, "xsi": XSI},
              version="3.0")
    for f in p.files:
        _object(root, f, creators.get(f.use))
    for e in p.events:
        _event(root, e)
    for a in p.agents:
        _agent(root, a)
    return root
