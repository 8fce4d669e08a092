"""Entities: marked in both languages, checked, flagged (never dropped)."""
from __future__ import annotations

from lxml import etree

from archivist.ingest.build import convert

from conftest import SEED, WHEN

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def test_seed_entity_check() -> None:
    a = convert(SEED, when=WHEN)
    by_zh = {e.zh: e for e in a.entities}
    deng = by_zh["邓小平"]
    assert (deng.found_zh, deng.found_en) == (False, False)
    mao = by_zh["毛泽东"]
    assert mao.found_zh and mao.found_en
    assert {n.target for n in a.notes if n.code == "entity-not-found"} >= {deng.id}
    assert [g.category for g in a.groups] == ["person", "place", "org", "event", "term"]


def test_seed_master_marks_occurrences_and_flags_deng(masters: dict) -> None:
    root = etree.fromstring(masters[SEED])
    deng = root.xpath("//t:person[t:persName='邓小平']", namespaces=NS)[0]
    assert deng.get("cert") == "low"
    assert deng.xpath("t:note/@subtype", namespaces=NS) == ["missing-both"]
    ident = deng.get("{http://www.w3.org/XML/1998/namespace}id")
    assert not root.xpath(f"//t:body//*[@ref='#{ident}']", namespaces=NS)
    jinzhou = root.xpath("//t:place[t:placeName='锦州']/@xml:id", namespaces=NS)[0]
    zh = root.xpath(f"//t:div[@type='original']//t:placeName[@ref='#{jinzhou}']", namespaces=NS)
    en = root.xpath(f"//t:div[@type='translation']//t:placeName[@ref='#{jinzhou}']", namespaces=NS)
    assert zh and en and all(e.text == "锦州" for e in zh)
    assert {e.text for e in en} == {"Jinzhou"}
    # the longest name wins: 毛泽东思想 is one term, not 毛泽东 + 思想
    thought = root.xpath("//t:item[t:term='毛泽东思想']/@xml:id", namespaces=NS)[0]
    assert root.xpath(f"//t:div[@type='original']//t:term[@ref='#{thought}']", namespaces=NS)


def test_tone_marked_pinyin_matches_plain_english(tmp_path) -> None:
    from archivist.ingest.entities import fold
    assert fold("Zhāng Bǐngjīn") == "Zhang Bingjin"
    assert len(fold("Lǐ Míng")) == len("Lǐ Míng")
