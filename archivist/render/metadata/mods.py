"""MODS 3.8 record for an article (the METS descriptive metadata)."""
from __future__ import annotations

from lxml import etree

from ...tei.model import EN, ZH, Article, Institution, Rights
from .ns import MODS, XLINK, el

_ROLE_AUTHOR = ("aut", "author")
_ROLE_TRANSLATOR = ("trl", "translator")


def _role(name: etree._Element, code: str, text: str) -> None:
    role = el(name, MODS, "role")
    el(role, MODS, "roleTerm", code, type="code", authority="marcrelator")
    el(role, MODS, "roleTerm", text, type="text", authority="marcrelator")


def _authors(mods: etree._Element, a: Article) -> None:
    """Authors from the Chinese source, each with its English form as an ``altRepGroup``
    variant; an English byline with no Chinese counterpart (inferred by the translation) is
    not catalogued as an author but noted."""
    b = a.bibl
    for n, zh_name in enumerate(b.authors_zh, 1):
        group = {"altRepGroup": f"author{n}"} if n <= len(b.authors_en) else {}
        name = el(mods, MODS, "name", type="personal", lang=ZH, usage="primary", **group)
        el(name, MODS, "namePart", zh_name)
        _role(name, *_ROLE_AUTHOR)
        if group:
            name = el(mods, MODS, "name", type="personal", lang=EN, **group)
            el(name, MODS, "namePart", b.authors_en[n - 1])
            el(name, MODS, "description", "English form from the machine translation")
            _role(name, *_ROLE_AUTHOR)


def _byline_notes(mods: etree._Element, a: Article) -> None:
    b = a.bibl
    for en_name in b.authors_en[len(b.authors_zh):]:
        el(mods, MODS, "note", f"The machine translation gives the byline \"{en_name}\", which "
           "the Chinese original does not: not catalogued as an author.", lang=EN,
           type="statement of responsibility")


def _qa_notes(mods: etree._Element, a: Article) -> None:
    """The master's quality flags, one note each (never silently dropped)."""
    for note in a.notes:
        el(mods, MODS, "note", f"[{note.code}] {note.message}", lang=EN, type="quality")


def _not_subject(a: Article, zh: str, en: str) -> bool:
    """The article's own author is not its subject."""
    return zh in a.bibl.authors_zh or en in a.bibl.authors_en


def _subjects(mods: etree._Element, a: Article) -> None:
    for n, e in enumerate(a.entities, 1):
        if not e.checked_ok or _not_subject(a, e.zh, e.en):
            continue  # only entities the check found in both texts
        for lang, value in ((ZH, e.zh), (EN, e.en)):
            if not value:
                continue
            subject = el(mods, MODS, "subject", lang=lang, altRepGroup=f"s{n}")
            if e.category == "person":
                el(el(subject, MODS, "name", type="personal"), MODS, "namePart", value)
            elif e.category == "org":
                el(el(subject, MODS, "name", type="corporate"), MODS, "namePart", value)
            elif e.category == "place":
                el(subject, MODS, "geographic", value)
            else:
                el(subject, MODS, "topic", value)


def languages(mods: etree._Element) -> None:
    """Chinese (simplified script), and English for the translation."""
    for code, script, part in (("chi", "Hans", None), ("eng", None, "translation")):
        attrs = {"objectPart": part} if part else {}
        lang = el(mods, MODS, "language", **attrs)
        el(lang, MODS, "languageTerm", code, type="code", authority="iso639-2b")
        if script:
            el(lang, MODS, "scriptTerm", script, type="code", authority="iso15924")


def published(mods: etree._Element, genre: str, date: str) -> None:
    """Type (text), genre, date of publication and languages."""
    el(mods, MODS, "typeOfResource", "text")
    el(mods, MODS, "genre", genre, lang=EN)
    origin = el(mods, MODS, "originInfo", eventType="publication")
    el(origin, MODS, "dateIssued", date, encoding="w3cdtf", keyDate="yes")
    languages(mods)


def access_and_record(mods: etree._Element, rights: Rights, institution: Institution, ident: str,
                      created: str, origin: str) -> etree._Element:
    """The local identifier, the access conditions (rights statement, licence) and
    ``recordInfo`` (returned, for more to be added)."""
    el(mods, MODS, "identifier", ident, type="local")
    el(mods, MODS, "accessCondition", rights.text, type="use and reproduction",
       xlink__href=rights.uri)
    el(mods, MODS, "accessCondition", institution.licence, type="use and reproduction")
    rec = el(mods, MODS, "recordInfo")
    el(rec, MODS, "recordContentSource", institution.name)
    el(rec, MODS, "recordCreationDate", created, encoding="w3cdtf")
    el(rec, MODS, "recordIdentifier", ident)
    el(rec, MODS, "recordOrigin", origin)
    return rec


def build(a: Article, parent: etree._Element | None = None) -> etree._Element:
    """The ``mods:mods`` element (under ``parent`` when given)."""
    b, pv = a.bibl, a.provenance
    mods = el(parent, MODS, "mods", nsmap=None if parent is not None else {"mods": MODS, "xlink": XLINK},
              version="3.8", ID="mods")
    t = el(mods, MODS, "titleInfo", lang=ZH, usage="primary", altRepGroup="title")
    el(t, MODS, "title", b.headline_zh)
    t = el(mods, MODS, "titleInfo", lang=EN, type="translated", altRepGroup="title")
    el(t, MODS, "title", b.title_en)
    _authors(mods, a)
    name = el(mods, MODS, "name", lang=EN)
    el(name, MODS, "namePart", "Unnamed large language model (machine translation)")
    _role(name, *_ROLE_TRANSLATOR)
    published(mods, "newspaper article", b.date)
    phys = el(mods, MODS, "physicalDescription")
    el(phys, MODS, "internetMediaType", "application/tei+xml")
    el(phys, MODS, "digitalOrigin", "reformatted digital")
    el(mods, MODS, "note", "The English title and text are an unreviewed machine translation "
       "of the Chinese original (OCR). Both are reproduced as found.", lang=EN, type="language")
    _byline_notes(mods, a)
    _qa_notes(mods, a)
    _subjects(mods, a)
    host = el(mods, MODS, "relatedItem", type="host")
    t = el(host, MODS, "titleInfo", lang=ZH, altRepGroup="host")
    el(t, MODS, "title", "人民日报")
    t = el(host, MODS, "titleInfo", lang=EN, type="translated", altRepGroup="host")
    el(t, MODS, "title", "People's Daily")
    el(host, MODS, "genre", "newspaper", lang=EN)
    part = el(host, MODS, "part")
    detail = el(part, MODS, "detail", type="page")
    el(detail, MODS, "number", str(b.page))
    if b.section_zh:
        detail = el(part, MODS, "detail", type="section")
        el(detail, MODS, "title", b.section_zh)
    if b.column_zh:
        detail = el(part, MODS, "detail", type="column")
        el(detail, MODS, "title", b.column_zh)
    el(part, MODS, "date", b.date, encoding="w3cdtf")
    rec = access_and_record(mods, pv.rights, pv.institution, pv.article_id, pv.when,
                            f"Generated by archivist {pv.archivist_version} from the TEI master.")
    lc = el(rec, MODS, "languageOfCataloging")
    el(lc, MODS, "languageTerm", "eng", type="code", authority="iso639-2b")
    return mods
