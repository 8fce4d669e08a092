"""MODS, Dublin Core and PREMIS records, and reader edge cases, on small known articles.

The official-schema validation of whole packages lives in test_package.py (slow); these are
the fast, field-by-field checks: each value is traced to the master it came from.
"""
from __future__ import annotations

import hashlib

import pytest
from lxml import etree

from archivist.ingest.build import convert
from archivist.render.metadata import dc, mods, premis
from archivist.render.metadata.provenance import (EPUB_FORMAT, PDF_FORMAT, SEED_FORMATS,
                                                  TEI_FORMAT, package_provenance)
from archivist.render.metadata.records import Check, PayloadFile
from archivist.tei import reader, writer
from conftest import ROOT, WHEN

ARTICLE = ROOT / "tests" / "golden" / "decks-authors" / "seed.md"
NS = {"mods": "http://www.loc.gov/mods/v3", "dc": "http://purl.org/dc/elements/1.1/",
      "premis": "http://www.loc.gov/premis/v3"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def article():  # noqa: ANN201
    return reader.load(writer.to_bytes(convert(ARTICLE, when=WHEN)))


def test_mods_titles_names_date_and_subjects(article) -> None:
    m = mods.build(article)
    b = article.bibl
    titles = {(t.getparent().get(LANG), t.text) for t in m.xpath("mods:titleInfo/mods:title", namespaces=NS)}
    assert titles == {("zh-Hans", b.headline_zh), ("en", b.title_en)}
    authors = m.xpath("mods:name[mods:role/mods:roleTerm[@type='code'] = 'aut']/mods:namePart/text()",
                      namespaces=NS)
    # each Chinese name, then its English form (an altRepGroup variant)
    assert authors == [n for pair in zip(b.authors_zh, b.authors_en) for n in pair]
    assert m.xpath("mods:originInfo/mods:dateIssued/text()", namespaces=NS) == [b.date]
    subjects = set(m.xpath("mods:subject//text()[normalize-space()]", namespaces=NS))
    found = [e for e in article.entities if e.checked_ok
             and e.zh not in b.authors_zh and e.en not in b.authors_en]
    assert {e.zh for e in found} | {e.en for e in found if e.en} == subjects
    missing = [e for e in article.entities if not (e.found_zh or e.found_en)]
    assert all(e.zh not in subjects for e in missing)


def test_dc_record_follows_the_master(article) -> None:
    d = dc.build(article)
    values = lambda tag: d.xpath(f"dc:{tag}/text()", namespaces=NS)  # noqa: E731
    b = article.bibl
    assert values("title") == [b.headline_zh, b.title_en]
    assert values("creator") == b.authors_zh + b.authors_en[:len(b.authors_zh)]
    assert values("date") == [b.date] and values("identifier") == [article.provenance.article_id]
    assert values("language") == ["zh-Hans", "en"]


def _package(article, check: Check | None):  # noqa: ANN001, ANN202
    data = {"master": b"<TEI/>", "epub": b"PK epub", "pdf": b"%PDF-1.7", "original": b"seed"}
    files = [PayloadFile.of("a.seed.md", "original", *SEED_FORMATS[".md"], data["original"]),
             PayloadFile.of("a.tei.xml", "master", *TEI_FORMAT, data["master"]),
             PayloadFile.of("a.epub", "epub", *EPUB_FORMAT, data["epub"]),
             PayloadFile.of("a.pdf", "pdf", *PDF_FORMAT, data["pdf"])]
    prov, creators = package_provenance(article, files, "2023-11-14T22:13:20Z", check)
    return data, premis.build(prov, creators)


def test_premis_objects_carry_the_digest_of_their_bytes(article) -> None:
    data, p = _package(article, Check("EPUBCheck 5.3.0", 0, 1))
    for use, name in (("master", "a.tei.xml"), ("epub", "a.epub"), ("pdf", "a.pdf")):
        obj = p.xpath(f"premis:object[premis:originalName = '{name}']", namespaces=NS)[0]
        digest = obj.xpath(".//premis:messageDigest/text()", namespaces=NS)[0]
        assert digest == hashlib.sha256(data[use]).hexdigest()
        assert obj.xpath(".//premis:size/text()", namespaces=NS) == [str(len(data[use]))]


def test_premis_links_only_to_what_exists(article) -> None:
    _, p = _package(article, Check("EPUBCheck 5.3.0", 0, 0))
    agents = set(p.xpath("premis:agent/premis:agentIdentifier/premis:agentIdentifierValue/text()",
                         namespaces=NS))
    objects = set(p.xpath("premis:object/premis:objectIdentifier/premis:objectIdentifierValue/text()",
                          namespaces=NS))
    assert agents and all(a.startswith("urn:uuid:") for a in agents | objects - {
        n for n in objects if "." in n})  # URNs, plus each file's local name
    linked_agents = set(p.xpath("//premis:linkingAgentIdentifierValue/text()", namespaces=NS))
    linked_objects = set(p.xpath("//premis:linkingObjectIdentifierValue/text()", namespaces=NS))
    assert linked_agents == agents and linked_objects <= objects


@pytest.mark.parametrize("check,outcome", [(Check("EPUBCheck 5.3.0", 2, 0), "fail"),
                                           (Check("EPUBCheck 5.3.0", 0, 3), "pass"),
                                           (None, None)])
def test_epubcheck_verdict_is_an_event(article, check: Check | None, outcome: str | None) -> None:
    _, p = _package(article, check)
    event = p.xpath("premis:event[starts-with(premis:eventDetailInformation/premis:eventDetail,"
                    " 'EPUBCheck')]", namespaces=NS)
    if outcome is None:
        assert event == []  # not run: no event claims it was
    else:
        assert event[0].xpath(".//premis:eventOutcome/text()", namespaces=NS) == [outcome]
        detail = event[0].xpath(".//premis:eventOutcomeDetailNote/text()", namespaces=NS)[0]
        assert detail == f"{check.errors} errors, {check.warnings} warnings"


# -- reader edge cases --------------------------------------------------------------------

def _master(article) -> etree._Element:  # noqa: ANN001
    return etree.fromstring(writer.to_bytes(article))


def test_comment_and_pi_inside_a_paragraph_keep_the_text(article) -> None:
    root = _master(article)
    p = root.xpath("//t:div[@type='translation']/t:p", namespaces={"t": "http://www.tei-c.org/ns/1.0"})[0]
    text = "".join(p.itertext())
    p.insert(0, etree.Comment(" a cataloguer's remark "))
    p[0].tail = p.text
    p.text = ""
    again = reader.read(etree.ElementTree(root))
    assert again.en_paragraphs[0].text == text


def test_optional_facts_absent_read_as_none() -> None:
    from archivist.ingest.build import ID_HEX
    from archivist.tei.model import Article, Bibl, Paragraph, Provenance

    bibl = Bibl("Title", "标题", "1966-01-01", 3)
    a = Article(bibl, Provenance(f"1966-01-01_p03_{'0' * ID_HEX}", "x.md", "0" * 64, "0.1.0", WHEN),
                [Paragraph("en-1", "Text.")], [Paragraph("zh-1", "正文。")],
                alignment_method="Not aligned: a hand-made test article.")
    again = reader.load(writer.to_bytes(a))
    assert (again.bibl.section_zh, again.bibl.column_zh, again.bibl.column_en) == (None, None, None)
    assert again.bibl.authors_en == [] and again.bibl.decks == ["标题"]
    assert again.groups == [] and again.notes == []
    assert writer.to_bytes(again) == writer.to_bytes(a)


def test_the_reader_rebuilds_the_whole_model(article) -> None:
    """Everything the seed gave the model survives the master: the reader reads all the
    writer writes (text, roles, alignment, entities, flags, provenance)."""
    built = convert(ARTICLE, when=WHEN)
    again = reader.load(writer.to_bytes(built))
    assert (again.english, again.chinese) == (built.english, built.chinese)
    assert (again.bibl, again.provenance) == (built.bibl, built.provenance)
    assert (again.groups, again.notes) == (built.groups, built.notes)
    assert any(p.role for p in again.en_paragraphs)  # the byline's role made the round trip
