"""The TEI master is the only source of truth: an edit made by hand shows in every output.

One master is edited in six places (a headline deck, the English title, an author, a
paragraph in each language, an entity's English name, the date), then rendered as EPUB, PDF
and METS. Each edit must show, and the old value must show nowhere — in the EPUB's documents
and package file, the PDF's text, bookmarks and XMP, the METS (MODS titles, names, date).
An edit made in one place of the header only must not validate (Schematron).
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from archivist.errors import SchemaError
from archivist.ingest.build import convert
from archivist.render import render_bytes
from archivist.tei import reader, writer
from archivist.tei.vocab import TEI_NS
from conftest import ROOT, WHEN, options

FIXTURE = ROOT / "tests" / "golden" / "decks-authors" / "seed.md"
NS = {"t": TEI_NS, "mods": "http://www.loc.gov/mods/v3"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BLANK = re.compile(r"[\s\u3000]+")


def _set_all(root: etree._Element, xpath: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the text of every element ``xpath`` selects."""
    hits = root.xpath(xpath, namespaces=NS)
    assert hits, xpath
    for el in hits:
        assert old in el.text, (xpath, el.text, old)
        el.text = el.text.replace(old, new)


def _edit(master: bytes) -> tuple[bytes, dict[str, tuple[str, str]]]:
    """Apply the six edits; return the edited master and {what: (old, new)}."""
    root = etree.fromstring(master)
    article = reader.read(etree.ElementTree(root))
    b = article.bibl
    edits = {
        "deck": (b.decks[1], "世界人民编辑过的副题"),
        "title": (b.title_en, "An Edited English Title About Quokkas"),
        "author": ("Miao Di", "Miao Quokkason"),
        "date": (b.date, "1966-01-02"),
    }
    _set_all(root, "//t:title[@xml:lang='zh-Hans'][@type='main' or @level='a']"
             " | //t:div[@type='original']/t:head[@type='sub']", *edits["deck"])
    _set_all(root, "//t:title[@xml:lang='en'][@type='main' or @level='a']"
             " | //t:div[@type='translation']/t:head", *edits["title"])
    _set_all(root, "//t:author[@xml:lang='en'][. = 'Miao Di']", *edits["author"])
    date = root.xpath("//t:imprint/t:date", namespaces=NS)[0]
    date.text = edits["date"][1]
    date.set("when", edits["date"][1])
    # The English byline paragraph names the author: edit it too (the English paragraph edit).
    byline = next(p for p in article.en_paragraphs if "Miao Di" in p.text)
    _set_all(root, f"//t:p[@xml:id='{byline.id}']", "Miao Di", "Miao Quokkason")
    edits["paragraph-en"] = (byline.text.strip(), byline.text.strip().replace("Miao Di", "Miao Quokkason"))
    zh = next(p for p in reversed(article.zh_paragraphs)
              if not p.mentions and master.decode().count(p.text.strip()) == 1)
    _set_all(root, f"//t:p[@xml:id='{zh.id}']", zh.text.strip(), "这一段是手工改过的")
    edits["paragraph-zh"] = (zh.text.strip(), "这一段是手工改过的")
    entity = next(e for e in article.entities if e.checked_ok and e.en)
    _set_all(root, f"//*[@xml:id='{entity.id}']/*[@xml:lang='en']", entity.en, "Quokkaland")
    edits["entity"] = (entity.en, "Quokkaland")
    edited = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return edited, edits


@pytest.fixture(scope="module")
def edited() -> tuple[bytes, dict[str, tuple[str, str]], str]:
    article = convert(FIXTURE, when=WHEN)
    master, edits = _edit(writer.to_bytes(article))
    reader.load(master, "edited.tei.xml")  # a consistent hand edit is a valid master
    return master, edits, article.provenance.article_id


def _xml_text(data: bytes) -> str:
    root = etree.fromstring(data)
    parts = [t for el in root.iter() for t in ([el.text or "", el.tail or ""] + list(el.attrib.values()))]
    return " ".join(parts)


def _epub_views(epub: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        return {n: _xml_text(z.read(n)) for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))}


def _pdf_views(pdf: bytes, tmp: Path) -> dict[str, str]:
    path = tmp / "edited.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    with pikepdf.open(path) as doc:
        with doc.open_outline() as outline:
            marks = [item.title for item in _walk(outline.root)]
        xmp = _xml_text(doc.Root.Metadata.read_bytes())
    return {"pdf text": text, "pdf bookmarks": "\n".join(marks), "pdf xmp": xmp}


def _walk(items):  # noqa: ANN001, ANN202
    for item in items:
        yield item
        yield from _walk(item.children)


def _flat(text: str) -> str:
    return BLANK.sub("", text)


@pytest.fixture(scope="module")
def views(edited, tmp_path_factory) -> dict[str, str]:
    master, _, aid = edited
    opts = options()
    out = {**_epub_views(render_bytes(master, "epub", opts)),
           **_pdf_views(render_bytes(master, "pdf", opts), tmp_path_factory.mktemp("pdf")),
           "mets": _xml_text(render_bytes(master, "mets", opts))}
    # The article id is an identifier fixed at encoding (it contains the original date).
    return {k: _flat(v.replace(aid, "<id>")) for k, v in out.items()}


#: Where each edit must show (every output that displays that field).
SHOWN_IN = {
    "deck": ["title.xhtml", "pdf text", "pdf xmp", "mets"],
    "title": ["title.xhtml", "content.opf", "pdf text", "pdf bookmarks", "pdf xmp", "mets"],
    "author": ["title.xhtml", "content.opf", "pdf text", "pdf xmp", "mets"],
    "date": ["title.xhtml", "content.opf", "pdf text", "mets"],
    "paragraph-en": ["translation.xhtml", "pdf text"],
    "paragraph-zh": ["original.xhtml", "pdf text"],
    "entity": ["glossary.xhtml", "pdf text", "mets"],
}


@pytest.mark.parametrize("what", sorted(SHOWN_IN))
def test_edit_shows_and_old_value_shows_nowhere(what: str, edited, views: dict[str, str]) -> None:
    _, edits, _ = edited
    old, new = (_flat(v) for v in edits[what])
    for place in SHOWN_IN[what]:
        key = next(k for k in views if k.endswith(place))
        assert new in views[key], f"{what}: the edit is missing from {place}"
    # An entity's old English name may still be quoted by the text itself (a mention is the
    # text's own words); it must be gone from every place that shows the entity's name.
    places = ["glossary.xhtml", "mets"] if what == "entity" else list(views)
    for key in views:
        if any(key.endswith(p) for p in places):
            assert old not in views[key], f"{what}: the old value {old!r} still shows in {key}"


def test_mods_titles_names_and_date_follow_the_master(edited) -> None:
    master, edits, _ = edited
    mets = etree.fromstring(render_bytes(master, "mets", options()))
    titles = mets.xpath("//mods:titleInfo/mods:title/text()", namespaces=NS)
    assert edits["title"][1] in titles
    assert any(edits["deck"][1] in t for t in titles)
    names = mets.xpath("//mods:name[mods:role]/mods:namePart/text()", namespaces=NS)
    assert edits["author"][1] in names and edits["author"][0] not in names
    assert mets.xpath("//mods:dateIssued/text()", namespaces=NS)[0] == edits["date"][1]


@pytest.mark.parametrize("xpath,label", [
    ("//t:titleStmt/t:title[@xml:lang='en']", "English title in titleStmt"),
    ("//t:div[@type='original']/t:head[@type='sub']", "deck in the body"),
    ("//t:analytic/t:title[@xml:lang='zh-Hans']", "Chinese title in sourceDesc"),
    ("//t:div[@type='translation']/t:head", "English head in the body"),
    ("//t:analytic/t:author[@xml:lang='en']", "author in sourceDesc"),
])
def test_an_edit_in_one_place_only_is_invalid(xpath: str, label: str) -> None:
    root = etree.fromstring(writer.to_bytes(convert(FIXTURE, when=WHEN)))
    el = root.xpath(xpath, namespaces=NS)[0]
    el.text = el.text + " (edited)"
    with pytest.raises(SchemaError, match="edit both|joined"):
        reader.load(etree.tostring(root), label)


def test_reader_reads_the_decks_from_the_body() -> None:
    article = convert(FIXTURE, when=WHEN)
    assert len(article.bibl.decks) == 2
    again = reader.load(writer.to_bytes(article))
    assert again.bibl.decks == article.bibl.decks
    assert writer.to_bytes(again) == writer.to_bytes(article)


#: Text archivist writes about itself, regenerated from the vocabulary on every write (a hand
#: edit there is not article content and is not kept): element paths, as ancestor/self names.
BOILERPLATE = ("respStmt/resp", "respStmt/name", "monogr/title", "bibl/title", "application/label",
               "correction/p", "segmentation/p", "interpretation/p", "langUsage/language",
               "revisionDesc/change", "interpGrp/interp")


def test_every_text_of_the_master_is_read_or_refused() -> None:
    """Append a character to each text of a master in turn: the master becomes invalid, or
    reading and writing it back keeps the edit — except archivist's own boilerplate."""
    master = writer.to_bytes(convert(FIXTURE, when=WHEN))
    tree = etree.fromstring(master).getroottree()
    paths = [tree.getpath(e) for e in tree.iter() if isinstance(e.tag, str) and (e.text or "").strip()]
    lost = []
    for path in paths:
        root = etree.fromstring(master)
        el = root.getroottree().xpath(path)[0]
        el.text += "Q"
        try:
            article = reader.load(etree.tostring(root, encoding="UTF-8"))
        except SchemaError:
            continue  # refused: a hand edit there must be made consistently
        back = etree.fromstring(writer.to_bytes(article)).getroottree().xpath(path)
        if not back or back[0].text != el.text:
            parent = etree.QName(el.getparent()).localname
            kind = f"{parent}/{etree.QName(el).localname}"
            if not (kind in BOILERPLATE or el.get("type") == "entity-check"):
                lost.append(f"{kind}: {el.text[:40]}")
    assert len(paths) > 100
    assert lost == []
