"""Who and what made a package: agents with versions, and the events of a render."""
from __future__ import annotations

from importlib import metadata as _md

from ... import __version__
from ...tei.model import Article
from .records import Agent, Event, PayloadFile, Provenance

TEI_FORMAT = ("application/tei+xml", "TEI P5 XML", "P5 (archivist customization)")
EPUB_FORMAT = ("application/epub+zip", "EPUB", "3.3")
PDF_FORMAT = ("application/pdf", "PDF/A-3", "PDF/A-3a (ISO 19005-3)")
#: The seed as received (suffix → format), kept byte for byte as the original.
SEED_FORMATS = {".md": ("text/markdown", "Markdown", "unspecified"),
                ".txt": ("text/plain", "Plain text", "unspecified")}


def _version(dist: str) -> str:
    try:
        return _md.version(dist)
    except _md.PackageNotFoundError:
        return "unknown"


def agents(article: Article) -> dict[str, Agent]:
    """The agents archivist's events link to, by key."""
    inst = article.provenance.institution
    found = [
        Agent("agent-institution", inst.name, "organization"),
        Agent("agent-archivist", "archivist", "software", __version__),
        Agent("agent-lxml", "lxml", "software", _version("lxml")),
        Agent("agent-ebooklib", "EbookLib", "software", _version("EbookLib")),
        Agent("agent-weasyprint", "WeasyPrint", "software", _version("weasyprint")),
        Agent("agent-epubcheck", "EPUBCheck", "software", _version("epubcheck")),
    ]
    return {a.key: a for a in found}


def master_events(article: Article, master: PayloadFile, when: str) -> list[Event]:
    """Creation, digest and schema validation of the TEI master."""
    seed = article.provenance.source_name
    return [
        Event("event-tei-creation", "cre", when,
              f"TEI master encoded from the seed {seed} (SHA-256 {article.provenance.source_sha256})",
              "pass", agents=("agent-archivist", "agent-institution"), objects=(master.name,)),
        Event("event-tei-validation", "val", when,
              "Validated against archivist's RELAX NG schema (a subset of TEI P5) and Schematron rules",
              "pass", "valid", agents=("agent-archivist", "agent-lxml"), objects=(master.name,)),
        Event("event-tei-digest", "mes", when, "SHA-256 message digest calculated", "pass",
              master.sha256, agents=("agent-archivist",), objects=(master.name,)),
    ]


def master_only(article: Article, master: bytes, name: str, when: str) -> tuple[Provenance, dict[str, Agent]]:
    """Provenance for a METS that describes just the master (``render --to mets``)."""
    f = PayloadFile.of(name, "master", *TEI_FORMAT, master)
    all_agents = agents(article)
    used = [all_agents[k] for k in ("agent-institution", "agent-archivist", "agent-lxml")]
    return (Provenance([f], master_events(article, f, when), used),
            {"master": all_agents["agent-archivist"]})
