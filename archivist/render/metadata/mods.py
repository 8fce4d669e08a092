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


def _subjects(mods: etree._Element, a: Article) -> None:
    for n, e in enumerate(a.entities, 1):
        if not (e.found_zh or e.found_en):
            continue  # listed but in neither text: not a subject of this article
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
    for zh_name in b.authors_zh:
        name = el(mods, MODS, "name", type="personal", lang=ZH)
        el(name, MODS, "namePart", zh_name)
        _role(name, *_ROLE_AUTHOR)
    for en_name in b.authors_en:
        name = el(mods, MODS, "name", type="personal", lang=EN)
        el(name, MODS, "namePart", en_name)
        _role(name, *_ROLE_AUTHOR)
    name = el(mods, MODS, "name", lang=EN)
    el(name, MODS, "namePart", "Unnamed large language model (machine translation)")
    _role(name, *_ROLE_TRANSLATOR)
    published(mods, "newspaper article", b.date)
    phys = el(mods, MODS, "physicalDescription")
    el(phys, MODS, "internetMediaType", "application/tei+xml")
    el(phys, MODS, "digitalOrigin", "reformatted digital")
    el(mods, MODS, "note", "The English title and text are an unreviewed machine translation "
       "of the Chinese original (OCR). Both are reproduced as found.", lang=EN, type="language")
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
