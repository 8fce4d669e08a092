"""Who and what made a package: agents with versions, and the events of a render."""
from __future__ import annotations

from importlib import metadata as _md

from ... import __version__
from ...tei.model import Article
from .records import Agent, Check, Event, PayloadFile, Provenance

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


def _render_events(files: list[PayloadFile], when: str, epub_check: Check | None) -> list[Event]:
    """Creation of the EPUB and PDF, EPUBCheck's verdict, digests and format identification.

    ``files``: the master, the EPUB, the PDF, then any files kept as received (the seed).
    """
    epub, pdf = files[1], files[2]
    events = [
        Event("event-epub-creation", "cre", when, "EPUB 3 rendered from the TEI master", "pass",
              agents=("agent-archivist", "agent-ebooklib"), objects=(epub.name,)),
        Event("event-pdf-creation", "cre", when, "PDF/A-3a rendered from the TEI master, which "
              "it embeds as its associated source file", "pass",
              agents=("agent-archivist", "agent-weasyprint"), objects=(pdf.name,)),
    ]
    if epub_check is not None:
        events.append(Event("event-epub-validation", "val", when, epub_check.tool,
                            "fail" if epub_check.errors else "pass",
                            f"{epub_check.errors} errors, {epub_check.warnings} warnings",
                            ("agent-epubcheck",), (epub.name,)))
    events += [Event(f"event-{f.use}-digest", "mes", when, "SHA-256 message digest calculated",
                     "pass", f.sha256, ("agent-archivist",), (f.name,)) for f in files[1:]]
    events.append(Event("event-format-identification", "for", when,
                        "Formats asserted by the software that wrote each file", "pass",
                        "; ".join(f"{f.name}: {f.format_name} {f.format_version}" for f in files),
                        ("agent-archivist",), tuple(f.name for f in files)))
    return events


def package_provenance(article: Article, files: list[PayloadFile], when: str,
                       epub_check: Check | None) -> tuple[Provenance, dict[str, Agent]]:
    """Provenance for a package: ``files`` are the master, the EPUB, the PDF, then the
    files kept as received (the seed), in that order.

    Returns the PREMIS records and, per file use, the agent that created the file.
    """
    events = master_events(article, files[0], when) + _render_events(files, when, epub_check)
    all_agents = agents(article)
    used = {a for e in events for a in e.agents}
    creators = {"master": all_agents["agent-archivist"], "epub": all_agents["agent-ebooklib"],
                "pdf": all_agents["agent-weasyprint"]}
    return Provenance(files, events, [a for k, a in all_agents.items() if k in used]), creators
