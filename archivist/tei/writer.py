"""Serialise an :class:`~archivist.tei.model.Article` as a TEI P5 master.

The output is a pure function of the model: same model, same bytes. Structural elements
are indented; prose elements keep their text exactly (``xml:space="preserve"``).
"""
from __future__ import annotations

from lxml import etree

from ..xmlbuild import el
from . import vocab as V
from .model import EN, ZH, Article, Bibl, Block, Entity, EntityGroup, Paragraph, Spacer

_T = "{%s}" % V.TEI_NS
#: Where machine-made content points (the machine translation's respStmt).
MT = "#resp-mt"
_XML = "{%s}" % V.XML_NS
#: Elements whose content is prose: never re-indented.
_PROSE = {"p", "ab", "head", "title", "author", "resp", "name", "publisher", "addrLine",
          "licence", "date", "biblScope", "note", "idno", "change", "language", "persName",
          "placeName", "orgName", "eventName", "term", "rs", "email", "interp", "label",
          "application"}


def _el(parent: etree._Element | None, tag: str, text: str | None = None,
        lang: str | None = None, **attrs: str) -> etree._Element:
    """A TEI element (see :func:`archivist.xmlbuild.el`; ``xml__id``, ``xml__space``)."""
    return el(parent, V.TEI_NS, tag, text, lang, {None: V.TEI_NS} if parent is None else None,
              **attrs)


def to_tree(article: Article) -> etree._Element:
    """Build the TEI element tree for ``article``."""
    root = _el(None, "TEI", lang=EN)
    root.set(_XML + "id", "a" + article.provenance.article_id.replace("_", "-"))
    _header(root, article)
    _standoff(root, article)
    text = _el(root, "text")
    body = _el(text, "body")
    _division(body, "translation", EN, [article.bibl.title_en], article.english, article)
    _division(body, "original", ZH, article.bibl.decks, article.chinese, article)
    _indent(root, 0)
    return root


def to_bytes(article: Article) -> bytes:
    """The master as UTF-8 bytes with an XML declaration and an ``xml-model`` PI."""
    root = to_tree(article)
    pi = etree.ProcessingInstruction(
        "xml-model",
        f'href="{V.SCHEMA_FILE}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"')
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(pi) + b"\n"
            + body + b"\n")


# -- teiHeader ---------------------------------------------------------------------------

def _header(root: etree._Element, a: Article) -> None:
    b, pv = a.bibl, a.provenance
    header = _el(root, "teiHeader")
    fd = _el(header, "fileDesc")
    ts = _el(fd, "titleStmt")
    _titles_and_authors(ts, b, type="main")
    rs = _el(ts, "respStmt", xml__id="resp-mt")
    _el(rs, "resp", V.MT_RESP)
    _el(rs, "name", V.MT_AGENT)
    rs = _el(ts, "respStmt", xml__id="resp-archivist")
    _el(rs, "resp", V.ENC_RESP)
    _el(rs, "name", f"archivist {pv.archivist_version}")
    _publication(fd, a)
    if a.notes:
        ns = _el(fd, "notesStmt")
        for note in a.notes:
            attrs = {"type": "qa", "subtype": note.code}
            if note.target:
                attrs["target"] = "#" + note.target
            _el(ns, "note", note.message, **attrs)
    _source(fd, a)
    _encoding(header, pv.archivist_version, a.alignment_method)
    pd = _el(header, "profileDesc")
    lu = _el(pd, "langUsage")
    _el(lu, "language", "English (machine translation)", ident=EN)
    _el(lu, "language", "Chinese, simplified script (original, OCR)", ident=ZH)
    if any(e.pinyin for e in a.entities):
        _el(lu, "language", "Chinese in Hanyu Pinyin (entity names)", ident=V.PINYIN)
    rd = _el(header, "revisionDesc")
    _el(rd, "change", f"Converted from the seed {pv.source_name} by archivist "
        f"{pv.archivist_version}.", when=pv.when, who="#resp-archivist")


def _titles_and_authors(parent: etree._Element, b: Bibl, **title_attrs: str) -> None:
    """Both titles, then the authors (the header says them twice: titleStmt and analytic)."""
    _el(parent, "title", b.title_en, EN, resp=MT, **title_attrs)  # machine-made: @resp
    _el(parent, "title", b.headline_zh, ZH, **title_attrs)
    for name in b.authors_en:
        _el(parent, "author", name, EN, resp=MT)
    for name in b.authors_zh:
        _el(parent, "author", name, ZH)


def _publication(fd: etree._Element, a: Article) -> None:
    inst = a.provenance.institution
    ps = _el(fd, "publicationStmt")
    _el(ps, "publisher", inst.name)
    if inst.address:
        _el(_el(ps, "address"), "addrLine", inst.address)
    _el(ps, "idno", a.provenance.article_id, type="archivist")
    availability = _el(ps, "availability")
    _el(availability, "licence", a.provenance.rights.text, target=a.provenance.rights.uri)
    _el(availability, "licence", inst.licence)
    _el(ps, "date", a.provenance.when, when=a.provenance.when)
    if inst.contact_name or inst.contact_email:
        dist = _el(ps, "distributor")
        if inst.contact_name:
            _el(dist, "persName", inst.contact_name)
        if inst.contact_email:
            _el(dist, "email", inst.contact_email)


def _source(fd: etree._Element, a: Article) -> None:
    b, pv = a.bibl, a.provenance
    sd = _el(fd, "sourceDesc")
    bs = _el(sd, "biblStruct", type="newspaperArticle")
    an = _el(bs, "analytic")
    _titles_and_authors(an, b, level="a")
    mo = _el(bs, "monogr")
    _el(mo, "title", "人民日报", ZH, level="j")
    _el(mo, "title", "People's Daily", EN, level="j")
    imprint = _el(mo, "imprint")
    _el(imprint, "date", b.date, when=b.date)
    _el(mo, "biblScope", str(b.page), unit="page", n=str(b.page))
    if b.section_zh:
        _el(mo, "biblScope", b.section_zh, ZH, unit="section")
    if b.column_zh:
        _el(bs, "note", b.column_zh, ZH, type="column")
    if b.column_en:
        _el(bs, "note", b.column_en, EN, resp=MT, type="column")
    digital = _el(sd, "bibl", type="digitalSource")
    _el(digital, "title", V.SOURCE_COLLECTION)
    _el(digital, "idno", pv.source_name, type="filename")
    _el(digital, "idno", pv.source_sha256, type="sha256")


def _encoding(header: etree._Element, version: str, method: str) -> None:
    ed = _el(header, "encodingDesc")
    ai = _el(ed, "appInfo")
    app = _el(ai, "application", ident="archivist", version=version)
    _el(app, "label", "archivist")
    decl = _el(ed, "editorialDecl")
    _el(_el(decl, "correction"), "p", V.CORRECTION)
    _el(_el(decl, "segmentation"), "p", V.SEGMENTATION)
    interp = _el(decl, "interpretation")
    _el(interp, "p", method, xml__id="alignment-method")
    _el(interp, "p", V.ENTITY_CHECK, xml__id="entity-check")


# -- standOff ----------------------------------------------------------------------------

def _standoff(root: etree._Element, a: Article) -> None:
    so = _el(root, "standOff")
    ig = _el(so, "interpGrp", type="alignment")
    _el(ig, "interp", "This paragraph has no counterpart in the other language.",
        xml__id=V.UNALIGNED)
    roles = _el(so, "interpGrp", type="role")
    for role, text in V.ROLE_TEXT.items():
        _el(roles, "interp", text, xml__id=V.ROLE_PREFIX + role)
    if a.links:
        lg = _el(so, "linkGrp", type="alignment")
        for link in a.links:
            _el(lg, "link", type=link.shape, target=" ".join("#" + t for t in link.en + link.zh),
                cert=f"{link.cert:.2f}", resp="#resp-archivist")
    sentences = [(link, pair) for link in a.links for pair in link.sentences]
    if sentences:
        sg = _el(so, "linkGrp", type="sentence-alignment")
        for link, ((e0, e1), (z0, z1)) in sentences:
            _el(sg, "link", target=f"{V.string_range(link.en[0], e0, e1)} "
                f"{V.string_range(link.zh[0], z0, z1)}", resp="#resp-archivist")
    for group in a.groups:
        _entity_list(so, group)


def _entity_list(parent: etree._Element, group: EntityGroup) -> None:
    list_tag, entry_tag, name_tag = V.ENTITY_ELEMENTS[group.category]
    attrs = {"type": V.LIST_TYPES[group.category]} if list_tag == "list" else {}
    lst = _el(parent, list_tag, **attrs, resp=MT)  # the entity list is machine-made
    if group.label:
        _el(lst, "head", group.label)
    for ent in group.entities:
        _entity(lst, entry_tag, name_tag, ent)


def _entity(parent: etree._Element, entry_tag: str, name_tag: str, e: Entity) -> None:
    entry = _el(parent, entry_tag, xml__id=e.id)
    _el(entry, name_tag, e.zh, ZH)
    if e.pinyin:
        _el(entry, name_tag, e.pinyin, V.PINYIN)
    if e.en:
        _el(entry, name_tag, e.en, EN)
    subtype = V.CHECK_SUBTYPES.get((e.found_zh, e.found_en))
    if subtype:
        entry.set("cert", "low")
        _el(entry, "note", V.CHECK_MESSAGES[subtype], type="entity-check", subtype=subtype)


# -- text --------------------------------------------------------------------------------

def _division(body: etree._Element, kind: str, lang: str, heads: list[str],
              blocks: list[Block], a: Article) -> None:
    div = _el(body, "div", lang=lang, type=kind, xml__id=kind)
    if kind == "translation":
        div.set("resp", MT)  # the English text is the machine translation
    categories = {e.id: e.category for e in a.entities}
    linked = {t for link in a.links for t in link.en + link.zh}
    for i, head in enumerate(heads):
        _el(div, "head", head, type="main" if i == 0 else "sub")
    for block in blocks:
        if isinstance(block, Spacer):
            _el(div, "ab", block.text, type="spacer", xml__space="preserve")
        else:
            _paragraph(div, block, categories, block.id in linked)


def _paragraph(div: etree._Element, para: Paragraph, categories: dict[str, str | None],
               linked: bool) -> None:
    p = _el(div, "p", xml__id=para.id)
    ana = ([] if linked else ["#" + V.UNALIGNED]) + (
        ["#" + V.ROLE_PREFIX + para.role] if para.role else [])
    if ana:
        p.set("ana", " ".join(ana))
    p.set(_XML + "space", "preserve")
    pos, last = 0, None
    p.text = ""
    for m in para.mentions:
        chunk = para.text[pos:m.start]
        if last is None:
            p.text = chunk
        else:
            last.tail = chunk
        tag = V.ENTITY_ELEMENTS[categories.get(m.ref)][2]
        last = _el(p, tag, para.text[m.start:m.end], ref="#" + m.ref)
        pos = m.end
    if last is None:
        p.text = para.text
    else:
        last.tail = para.text[pos:]


def _indent(el: etree._Element, level: int) -> None:
    if etree.QName(el).localname in _PROSE or not len(el):
        return
    pad = "\n" + " " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + " " * level
