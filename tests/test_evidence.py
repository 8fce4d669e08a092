"""Anchors that a translation shares with its original: numbers, dates, names, list markers."""
from __future__ import annotations

from archivist.ingest.evidence import anchors, en_numbers, markers, zh_numeral, zh_numbers


def test_chinese_numerals_read_both_ways() -> None:
    assert zh_numeral("一九六五") == 1965
    assert zh_numeral("三十一") == 31
    assert zh_numeral("二十万") == 200000
    assert zh_numeral("五十万") == 500000
    assert zh_numeral("十") == 10


def test_dates_match_across_scripts() -> None:
    zh = zh_numbers("新华社三十一日讯　一九六五年七月三十一日")
    en = en_numbers("New China News Agency, July 31st, 1965")
    assert {"n31", "n1965", "m7"} <= zh & en


def test_full_width_digits_and_thousands() -> None:
    assert "n22" in zh_numbers("２２名青年地质工作者") & en_numbers("22 Young Geologists")
    assert "n500000" in en_numbers("Nearly 500,000 Workers") & zh_numbers("近五十万名职工")
    assert "n2000000" in en_numbers("Two million patriots") & zh_numbers("二百万爱国者")


def test_small_numbers_in_words_are_not_evidence() -> None:
    assert zh_numbers("统一战线") == set()
    assert en_numbers("one of the two sides") == set()


def test_list_markers_and_closing_colon() -> None:
    assert "item3" in markers("（三）现在拉开的生产", False) & markers("(3) The current production", True)
    assert "dash" in markers("    ——党的工作重心", False) & markers("- After the shift", True)
    assert "colon" in markers("电文如下：", False) & markers("The text is as follows:", True)


def test_pinyin_names_and_lexicon_link_paragraphs() -> None:
    en = ["Chairman Liu Shaoqi sent a telegram to Hans Schaffner.", "The weather was fine."]
    zh = ["天气很好。", "中华人民共和国主席刘少奇今天打电报给汉斯·沙夫纳"]
    a_en, a_zh = anchors(en, zh, [("沙夫纳", "Schaffner")])
    assert "py:shaoqi" in a_en[0] & a_zh[1]
    assert "lex0" in a_en[0] & a_zh[1]
    assert a_en[1] & a_zh[0] == {"~weather"}  # only the dictionary: 天气 glosses "weather"


def test_verse_forms_are_evidence_both_ways() -> None:
    """Lines of 思念 (tests/data/unseen/dev, 1989-05-31): the only evidence short verse has."""
    pairs = [("是那枚梧桐叶吗", "Is it that maple leaf?", "question"),
             ("爬满了我的身　我的心……", "Crawling all over my body, my heart…", "ellipsis"),
             ("密密地　密密地", "Densely, densely,", "repeat"),
             ("轻轻地　轻轻", "Lightly, lightly,", "repeat"),
             ("——都为了", "—All for", "dash")]
    for zh, en, key in pairs:
        assert key in markers(zh, False) and key in markers(en, True), (zh, en, key)
    assert not markers("当雨季再来的时候", False) and not markers("When the rainy season returns,", True)
    assert "repeat" not in markers("The people's hearts are united, the people", True)
    assert "dash" not in markers("-1 degree", True)


def test_dictionary_segments_by_longest_match_and_lemmatises_crudely() -> None:
    from archivist.ingest import dictionary
    assert dictionary.segment("中华人民共和国成立") == ["中华", "人民", "共和国", "成立"]
    assert dictionary.segment("给少时的朋友") == ["朋友"]  # single characters are skipped
    assert dictionary.lemma("Friends") == "friend" and dictionary.lemma("class") == "class"
    assert "friend" in dictionary.zh_glosses("给少时的朋友")
    assert dictionary.en_lemmas("The friends of my youth") == {"friend", "youth"}


def test_dictionary_words_are_anchors_both_ways() -> None:
    en = ["When the wind blows and cherry blossoms fall,", "Do you remember"]
    zh = ["当风儿再次吹落樱花", "你是否记得"]
    a_en, a_zh = anchors(en, zh)
    assert {"~cherry", "~blossom"} <= a_en[0] & a_zh[0]
    assert not any(x.startswith("~") for x in a_en[0] & a_zh[1])


def test_dictionary_evidence_keeps_short_verse_lines_from_drifting() -> None:
    """Unseen dev article 思念: with length alone, "Do you still / Pick up" merge against 你是否是否
    and every later line pairs with the Chinese line before its own (gold: one to one)."""
    from pathlib import Path

    from archivist.ingest import align as aligner, roles
    from archivist.ingest.build import build_article
    from archivist.ingest.seed import read_seed

    seed = (Path(__file__).parent / "data" / "unseen" / "dev" / "1989.06"
            / "1989-05-31_思念（外一首）_给少时的朋友.md")
    article = build_article(read_seed(seed), when="2023-11-14")
    en = [p.text for p in article.en_paragraphs]
    zh = [p.text.strip() for p in article.zh_paragraphs]
    found = roles.recognise(en, zh, article.bibl)
    a_en, a_zh = anchors(en, zh, [(e.zh, e.en) for e in article.entities])
    pairs = {(en[b.en[0]], zh[b.zh[0]]) for b in aligner.align(en, zh, (a_en, a_zh), found)
             if len(b.en) == len(b.zh) == 1}
    assert ("That dream filled with little stars?", "那片缀满小星星的馨梦") in pairs
    assert ("When the years flow like a river,", "当岁月流成了河") in pairs
    plain = [[frozenset(x for x in a if not x.startswith("~")) for a in s] for s in (a_en, a_zh)]
    without = {(en[b.en[0]], zh[b.zh[0]]) for b in aligner.align(en, zh, tuple(plain), found)
               if len(b.en) == len(b.zh) == 1}
    assert ("When the years flow like a river,", "那片缀满小星星的馨梦") in without
