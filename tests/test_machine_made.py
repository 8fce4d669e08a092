"""Machine-made content marked: @resp on the translation, English titles, authors and entity
lists; authors from the Chinese source in MODS; subjects only from checked entities; QA flags
as MODS notes; langUsage lists every language tag the master uses."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import ALL_SEEDS, WHEN

T = {"t": "http://www.tei-c.org/ns/1.0", "mods": "http://www.loc.gov/mods/v3",
     "xml": "http://www.w3.org/XML/1998/namespace"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def built() -> list[tuple[object, etree._Element, etree._Element]]:
    """(model, TEI tree, MODS tree) for every seed of the corpus."""
    from archivist.ingest.build import convert
    from archivist.render.metadata import mods
    from archivist.tei.writer import to_bytes

    out = []
    for path in ALL_SEEDS:
        article = convert(path, when=WHEN)
        out.append((article, etree.fromstring(to_bytes(article)), mods.build(article)))
    return out


def test_machine_made_tei_content_points_at_the_mt_respstmt(built) -> None:
    for article, tei, _ in built:
        assert tei.xpath("//t:respStmt[@xml:id='resp-mt']", namespaces=T)
        div = tei.xpath("//t:div[@type='translation']", namespaces=T)[0]
        assert div.get("resp") == "#resp-mt"
        for el in tei.xpath("//t:titleStmt/t:title | //t:titleStmt/t:author | //t:analytic/t:*",
                            namespaces=T):
            assert (el.get("resp") == "#resp-mt") == (el.get(LANG) == "en"), etree.tostring(el)
        for lst in tei.xpath("//t:standOff/*[not(self::t:interpGrp or self::t:linkGrp)]", namespaces=T):
            assert lst.get("resp") == "#resp-mt"


def test_langusage_lists_every_language_tag_used(built) -> None:
    for _, tei, _ in built:
        used = {v for v in tei.xpath("//@xml:lang", namespaces=T)}
        declared = set(tei.xpath("//t:langUsage/t:language/@ident", namespaces=T))
        assert used == declared, (used, declared)


def test_mods_authors_come_from_the_chinese_with_english_variants(built) -> None:
    checked = 0
    for article, _, mods in built:
        b = article.bibl
        names = mods.xpath("mods:name[mods:role/mods:roleTerm='aut']", namespaces=T)
        zh = [n for n in names if n.get(LANG) == "zh-Hans"]
        en = [n for n in names if n.get(LANG) == "en"]
        assert [n.findtext("mods:namePart", namespaces=T) for n in zh] == b.authors_zh
        assert len(en) == min(len(b.authors_en), len(b.authors_zh))
        for e in en:  # every English form is a variant of a Chinese name
            group = e.get("altRepGroup")
            assert group and [n for n in zh if n.get("altRepGroup") == group]
        extra = b.authors_en[len(b.authors_zh):]
        notes = mods.xpath("mods:note[@type='statement of responsibility']/text()", namespaces=T)
        assert len(notes) == len(extra) and all(x in n for x, n in zip(extra, notes))
        checked += bool(extra)
    assert checked >= 1, "the corpus has English-only bylines"


def test_mods_subjects_only_checked_entities_never_the_author(built) -> None:
    for article, _, mods in built:
        subjects = set(mods.xpath("mods:subject//text()[normalize-space()]", namespaces=T))
        allowed = {v for e in article.entities if e.checked_ok for v in (e.zh, e.en)}
        assert subjects <= allowed
        assert not subjects & (set(article.bibl.authors_zh) | set(article.bibl.authors_en))


def test_quality_flags_are_mods_notes(built) -> None:
    for article, _, mods in built:
        notes = mods.xpath("mods:note[@type='quality']/text()", namespaces=T)
        assert notes == [f"[{n.code}] {n.message}" for n in article.notes]
