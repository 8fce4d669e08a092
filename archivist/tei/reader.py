"""Read a TEI master back into the article model (the inverse of :mod:`.writer`).

Renderers start here, never from the seed: a master edited by hand renders with its edits.
``writer.to_bytes(reader.read(master))`` reproduces a master archivist wrote byte for byte.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from . import vocab as V
from .model import (EN, ZH, Article, Bibl, Block, Entity, EntityGroup, Institution, Link,
                    Mention, Note, Paragraph, Provenance, Rights, Spacer)
from .schema import check_master, parse_xml

_NS = {"t": V.TEI_NS}
_LANG = "{%s}lang" % V.XML_NS
_ID = "{%s}id" % V.XML_NS
_CATEGORY_BY_LIST = {
    "listPerson": "person", "listPlace": "place", "listOrg": "org", "listEvent": "event",
}
_MISSING = {v: k for k, v in V.CHECK_SUBTYPES.items()}


def _x(el: etree._Element, path: str) -> list[etree._Element]:
    return el.xpath(path, namespaces=_NS)


def _text(el: etree._Element, path: str, default: str = "") -> str:
    hits = _x(el, path)
    return "".join(hits[0].itertext()) if hits else default


def load(path: str | Path | bytes, name: str | None = None) -> Article:
    """Parse, validate against the project schema, and read a master."""
    label = name or (str(path) if not isinstance(path, bytes) else "<master>")
    tree = parse_xml(path, label)
    check_master(tree, label)
    return read(tree)


def read(tree: etree._ElementTree) -> Article:
    """Build the model from a master's element tree (assumed valid)."""
    root = tree.getroot()
    header = _x(root, "t:teiHeader")[0]
    body = _x(root, "t:text/t:body")[0]
    bibl = _bibl(header, body)
    provenance = _provenance(header)
    notes = [Note(n.get("subtype"), "".join(n.itertext()), (n.get("target") or "")[1:] or None)
             for n in _x(header, "t:fileDesc/t:notesStmt/t:note")]
    groups = [_group(lst) for lst in
              _x(root, "t:standOff/*[not(self::t:interpGrp or self::t:linkGrp)]")]
    english = _blocks(_x(body, "t:div[@type='translation']")[0])
    chinese = _blocks(_x(body, "t:div[@type='original']")[0])
    method = _text(header, "t:encodingDesc/t:editorialDecl/t:interpretation"
                           "/t:p[@xml:id='alignment-method']")
    article = Article(bibl, provenance, english, chinese, groups, notes,
                      _links(root, {p.id for p in article_paragraphs(english)}), method)
    article.link_paragraphs()
    return article


def article_paragraphs(blocks: list[Block]) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def _links(root: etree._Element, english: set[str]) -> list[Link]:
    """The alignment linkGrp: each link's targets split into English and Chinese ids."""
    pairs: dict[str, list] = {}
    for link in _x(root, "t:standOff/t:linkGrp[@type='sentence-alignment']/t:link"):
        ends = [V.parse_string_range(t) for t in link.get("target", "").split()]
        if len(ends) == 2 and all(ends):
            (en_id, e0, e1), (_, z0, z1) = ends
            pairs.setdefault(en_id, []).append(((e0, e1), (z0, z1)))
    links = []
    for link in _x(root, "t:standOff/t:linkGrp[@type='alignment']/t:link"):
        ids = [t.lstrip("#") for t in link.get("target", "").split()]
        en_ids = tuple(i for i in ids if i in english)
        sentences = tuple(pairs.get(en_ids[0], ())) if len(ids) == 2 and en_ids else ()
        links.append(Link(en_ids, tuple(i for i in ids if i not in english),
                          float(link.get("cert")), sentences))
    return links


def _bibl(header: etree._Element, body: etree._Element) -> Bibl:
    """The header's bibliographic facts; the decks from the original's ``head``s (the
    Schematron rules make header and body agree, so a hand edit is made in both)."""
    bs = _x(header, "t:fileDesc/t:sourceDesc/t:biblStruct")[0]
    an, mo = _x(bs, "t:analytic")[0], _x(bs, "t:monogr")[0]
    section = _x(mo, "t:biblScope[@unit='section']")

    def column(lang: str) -> str | None:
        hits = _x(bs, f"t:note[@type='column'][@xml:lang='{lang}']")
        return "".join(hits[0].itertext()) if hits else None

    return Bibl(
        title_en=_text(an, f"t:title[@xml:lang='{EN}']"),
        headline_zh=_text(an, f"t:title[@xml:lang='{ZH}']"),
        date=_x(mo, "t:imprint/t:date")[0].get("when"),
        page=int(_x(mo, "t:biblScope[@unit='page']")[0].get("n")),
        authors_en=["".join(a.itertext()) for a in _x(an, f"t:author[@xml:lang='{EN}']")],
        authors_zh=["".join(a.itertext()) for a in _x(an, f"t:author[@xml:lang='{ZH}']")],
        section_zh="".join(section[0].itertext()) if section else None,
        column_zh=column(ZH),
        column_en=column(EN),
        decks=["".join(h.itertext()) for h in _x(body, "t:div[@type='original']/t:head")],
    )


def _provenance(header: etree._Element) -> Provenance:
    ps = _x(header, "t:fileDesc/t:publicationStmt")[0]
    src = _x(header, "t:fileDesc/t:sourceDesc/t:bibl[@type='digitalSource']")[0]
    institution = Institution(
        name=_text(ps, "t:publisher"),
        address=_text(ps, "t:address/t:addrLine"),
        contact_name=_text(ps, "t:distributor/t:persName"),
        contact_email=_text(ps, "t:distributor/t:email"),
        licence=_text(ps, "t:availability/t:licence[not(@target)]"),
    )
    statement = _x(ps, "t:availability/t:licence[@target]")[0]
    uri = statement.get("target")
    text = "".join(statement.itertext())
    label = Rights(uri).label + "."
    rights = Rights(uri, text.removeprefix(label).strip() if text.startswith(label) else text)
    return Provenance(
        article_id=_text(ps, "t:idno[@type='archivist']"),
        source_name=_text(src, "t:idno[@type='filename']"),
        source_sha256=_text(src, "t:idno[@type='sha256']"),
        archivist_version=_x(header, "t:encodingDesc/t:appInfo/t:application")[0].get("version"),
        when=_x(header, "t:revisionDesc/t:change")[-1].get("when"),
        institution=institution,
        rights=rights,
    )


def _group(lst: etree._Element) -> EntityGroup:
    tag = etree.QName(lst).localname
    category = _CATEGORY_BY_LIST.get(tag)
    if tag == "list":
        category = "term" if lst.get("type") == "terms" else None
    heads = _x(lst, "t:head")
    label = "".join(heads[0].itertext()) if heads else None
    entities = []
    for entry in lst:
        if etree.QName(entry).localname == "head":
            continue
        names = {n.get(_LANG): "".join(n.itertext()) for n in entry
                 if etree.QName(n).localname != "note"}
        check = _x(entry, "t:note[@type='entity-check']")
        found = _MISSING.get(check[0].get("subtype"), (True, True)) if check else (True, True)
        entities.append(Entity(entry.get(_ID), category, names.get(ZH, ""), names.get(EN, ""),
                               names.get(V.PINYIN), found[0], found[1]))
    return EntityGroup(category, label, entities)


def _blocks(div: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    for el in div:
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name == "ab":
            blocks.append(Spacer(el.text or ""))
        elif name == "p":
            blocks.append(_paragraph(el))
    return blocks


def _paragraph(p: etree._Element) -> Paragraph:
    parts = [p.text or ""]
    mentions: list[Mention] = []
    pos = len(parts[0])
    for child in p:
        if not isinstance(child.tag, str):  # comments, PIs: not text
            parts.append(child.tail or "")
            pos += len(child.tail or "")
            continue
        inner = "".join(child.itertext())
        ref = child.get("ref")
        if ref:
            mentions.append(Mention(pos, pos + len(inner), ref.lstrip("#")))
        parts.append(inner)
        parts.append(child.tail or "")
        pos += len(inner) + len(child.tail or "")
    roles = [a[len("#" + V.ROLE_PREFIX):] for a in (p.get("ana") or "").split()
             if a.startswith("#" + V.ROLE_PREFIX)]
    return Paragraph(p.get(_ID), "".join(parts), mentions=mentions, role=roles[0] if roles else None)
