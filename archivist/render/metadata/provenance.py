"""Who and what made a package: agents with versions, and the events of a render.

The graph: OCR and machine translation made the seed (events before archivist, by agents the
source collection does not name — stated as unknown); archivist encoded the TEI master from
the seed; EbookLib and WeasyPrint rendered the EPUB and PDF from the master. Quality flags of
the master are carried into these events' outcomes.
"""
from __future__ import annotations

from importlib import metadata as _md

from ... import __version__
from ...tei import vocab as V
from ...tei.model import Article
from .records import Agent, Check, Event, PayloadFile, Provenance

TEI_FORMAT = ("application/tei+xml", "TEI P5 XML", "P5 (archivist customization)")
EPUB_FORMAT = ("application/epub+zip", "EPUB", "3.3")
PDF_FORMAT = ("application/pdf", "PDF/A-3", "PDF/A-3a (ISO 19005-3)")
#: The seed as received (suffix → format), kept byte for byte as the original.
SEED_FORMATS = {".md": ("text/markdown", "Markdown", "unspecified"),
                ".txt": ("text/plain", "Plain text", "unspecified")}
#: Which quality flags speak about which upstream process.
OCR_FLAGS = ("ocr-placeholder", "ocr-gap")
MT_FLAGS = ("untranslated", "truncated", "invented", "mixed-script-word", "mixed-script-title",
            "markdown", "markup", "entity-not-found")


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
        Agent("agent-pikepdf", "pikepdf", "software", _version("pikepdf")),
        Agent("agent-ocr", "OCR software, unknown", "software", "unknown",
              "The source collection does not name the OCR software, its version or its operator."),
        Agent("agent-mt", V.MT_AGENT, "software", "unknown",
              "The source collection does not name the model, its version or its prompt."),
    ]
    return {a.key: a for a in found}


def flagged(article: Article, codes: tuple[str, ...] | None = None) -> tuple[str, str]:
    """(outcome, detail) from the master's quality flags (``codes``: only those kinds)."""
    notes = [n for n in article.notes if codes is None or n.code in codes]
    if not notes:
        return "", ""
    kinds = sorted({n.code for n in notes})
    return "warning", (f"{len(notes)} quality flag(s) in the master's notesStmt ({', '.join(kinds)}): "
                       + " | ".join(n.message for n in notes[:20])
                       + (" | …" if len(notes) > 20 else ""))


def source_events(article: Article, seed: PayloadFile) -> list[Event]:
    """OCR and machine translation: they made the seed, before archivist, on unknown dates."""
    after = f"{article.bibl.date}/.."  # EDTF: on or after the publication date, end unknown
    ocr = flagged(article, OCR_FLAGS)
    mt = flagged(article, MT_FLAGS)
    return [
        Event("event-ocr", "cre", after, "Optical character recognition of the printed page "
              "produced the Chinese text of the seed (in the source collection; date unknown, "
              "after publication)", ocr[0] or "unknown",
              ocr[1] or "No OCR problem flagged by archivist's checks; the OCR was not reviewed.",
              agents=("agent-ocr",), objects=(seed.name,)),
        Event("event-translation", "cre", after, "Machine translation of the Chinese text "
              "produced the English title, byline, text and entity names of the seed (in the "
              "source collection; date unknown, after publication)", mt[0] or "unknown",
              mt[1] or "No translation problem flagged by archivist's checks; the translation "
              "was not reviewed.", agents=("agent-mt",), objects=(seed.name,)),
    ]


def master_events(article: Article, master: PayloadFile, when: str, seed: str = "") -> list[Event]:
    """Creation, digest and schema validation of the TEI master (``seed``: its file name)."""
    pv = article.provenance
    outcome, detail = flagged(article)
    return [
        Event("event-tei-creation", "cre", when,
              f"TEI master encoded from the seed {pv.source_name} (SHA-256 {pv.source_sha256})",
              outcome or "pass", detail, agents=("agent-archivist", "agent-institution"),
              objects=(master.name,), sources=(seed,) if seed else ()),
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
    return (Provenance([f], master_events(article, f, when), used, article.provenance.article_id),
            {"master": all_agents["agent-archivist"]})


def _render_events(files: dict[str, PayloadFile], when: str, epub_check: Check | None,
                   pdf_check: tuple[str, str] | None) -> list[Event]:
    """Creation of the EPUB and PDF from the master, and their validation."""
    master, epub, pdf = files["master"], files["epub"], files["pdf"]
    events = [
        Event("event-epub-creation", "cre", when, "EPUB 3 rendered from the TEI master", "pass",
              agents=("agent-archivist", "agent-ebooklib"), objects=(epub.name,), sources=(master.name,)),
        Event("event-pdf-creation", "cre", when, "PDF/A-3a rendered from the TEI master, which "
              "it embeds as its associated source file", "pass",
              agents=("agent-archivist", "agent-weasyprint"), objects=(pdf.name,), sources=(master.name,)),
    ]
    if epub_check is not None:
        events.append(Event("event-epub-validation", "val", when, epub_check.tool,
                            "fail" if epub_check.errors else "pass",
                            f"{epub_check.errors} errors, {epub_check.warnings} warnings",
                            ("agent-epubcheck",), (epub.name,)))
    if pdf_check is not None:
        events.append(Event("event-pdf-validation", "val", when, "Partial PDF/A-3a checks by "
                            "archivist (not a conformance validation)", pdf_check[0], pdf_check[1],
                            ("agent-archivist", "agent-pikepdf"), (pdf.name,)))
    return events


def _identification_events(files: list[PayloadFile], when: str, formats: dict) -> list[Event]:
    """One FIDO format identification per file; a file FIDO cannot identify says so."""
    return [Event(f"event-{f.use}-identification", "for", when,
                  "Format identification against PRONOM with FIDO",
                  "pass" if formats[f.name].best else "fail", formats[f.name].summary,
                  ("agent-fido",), (f.name,)) for f in files if f.name in formats]


def package_provenance(article: Article, files: list[PayloadFile], when: str,
                       epub_check: Check | None, formats: dict | None = None,
                       pdf_check: tuple[str, str] | None = None,
                       fido: Agent | None = None) -> tuple[Provenance, dict[str, Agent]]:
    """Provenance for a package of ``files`` (uses: original, master, epub, pdf).

    ``formats``: file name → FIDO's identification; ``pdf_check``: (outcome, detail) of the
    PDF/A checks; ``fido``: the identification tool as an agent. Returns the PREMIS records
    and, per file use, the agent that created the file.
    """
    by_use = {f.use: f for f in files}
    seed, master = by_use["original"], by_use["master"]
    events = source_events(article, seed) + master_events(article, master, when, seed.name)
    events += _render_events(by_use, when, epub_check, pdf_check)
    events += [Event(f"event-{f.use}-digest", "mes", when, "SHA-256 message digest calculated",
                     "pass", f.sha256, ("agent-archivist",), (f.name,)) for f in files if f is not master]
    events += _identification_events(files, when, formats or {})
    all_agents = agents(article)
    if fido is not None:
        all_agents[fido.key] = fido
    used = {a for e in events for a in e.agents}
    creators = {"master": all_agents["agent-archivist"], "epub": all_agents["agent-ebooklib"],
                "pdf": all_agents["agent-weasyprint"]}
    derived = {master.name: seed.name, by_use["epub"].name: master.name, by_use["pdf"].name: master.name}
    prov = Provenance(files, events, [a for k, a in all_agents.items() if k in used],
                      article.provenance.article_id, dict(formats or {}), derived)
    return prov, creators
