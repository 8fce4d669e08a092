"""The aligner scored against the gold alignment made by reading (tests/data/gold)."""
from __future__ import annotations

import pytest

from archivist.ingest.evaluate import Score, links, map_units, predicted_links, score

import goldscore
from goldscore import WHEN

#: Floors set from the measured figures (see tests/data/gold/README.md); raise, never lower.
#: Length-only baseline: 0.927 overall, worst file 0.0; evidence + roles: 0.996, worst 0.978.
OVERALL_F1_FLOOR = 0.98
FILE_F1_FLOOR = 0.9


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return goldscore.score_all(goldscore.load_gold())


def test_links_count_lone_units_as_links_to_none() -> None:
    beads = [([0], [0]), ([], [1]), ([1, 2], [2]), ([3], [])]
    assert links(beads) == {(0, 0), (None, 1), (1, 2), (2, 2), (3, None)}


def test_a_forced_pair_costs_precision_and_recall() -> None:
    gold = links([([], [0]), ([0], [1])])
    forced = links([([0], [0]), ([], [1])])
    s = score(gold, forced)
    assert (s.correct, s.predicted, s.gold) == (0, 2, 2) and s.f1 == 0.0


def test_units_map_to_paragraphs_by_text_and_dropped_lines_count_as_unaligned() -> None:
    units = ["A", "<br>", "B"]
    assert map_units(units, ["A", "B"]) == [0, None, 1]
    assert predicted_links({(0, 0), (1, 1)}, [0, None, 1], [0, 1]) == {(0, 0), (2, 1), (1, None)}


def test_gold_units_are_archivist_paragraphs() -> None:
    """Every gold unit but a stray <br> line is one of the model's paragraphs, in order."""
    units = goldscore._units_module()
    from archivist.ingest.build import convert
    for key in goldscore.load_gold():
        path = goldscore.seed_path(key)
        en, zh, _ = units.units(str(path))
        article = convert(path, when="2023-11-14")
        for got, want in ((map_units(en, [p.text for p in article.en_paragraphs]), en),
                          (map_units(zh, [p.text for p in article.zh_paragraphs]), zh)):
            assert all(m is not None or w.strip() == "<br>" for m, w in zip(got, want)), key
            assert [m for m in got if m is not None] == list(range(sum(m is not None for m in got)))


def test_overall_f1_holds_the_floor(scores: dict[str, Score]) -> None:
    total = goldscore.total(scores)
    assert total.f1 >= OVERALL_F1_FLOOR, goldscore.table(scores)


def test_no_file_below_the_floor(scores: dict[str, Score]) -> None:
    low = {k: round(s.f1, 3) for k, s in scores.items() if s.f1 < FILE_F1_FLOOR}
    assert not low, goldscore.table(scores)


def test_independent_gold_scores_the_same_floor() -> None:
    total = goldscore.total(goldscore.score_all(goldscore.load_gold(goldscore.INDEPENDENT_GOLD)))
    assert total.f1 >= OVERALL_F1_FLOOR


#: Unseen articles of the same collection (tests/data/unseen, gold made by reading). The dev
#: set was used to study failures, the blind set only measured. Before the general fixes to
#: roles and the cost model: dev 0.675, blind 0.830; after: dev 0.965, blind 0.881; with the
#: CC-CEDICT dictionary evidence: dev 0.977, blind 0.907 (corpus 0.996 unchanged). Floors:
#: measured − 0.01 (dev) and measured − 0.02 (blind); raise, never lower.
DEV_F1_FLOOR = 0.967
#: Worst dev file measured 0.667 (小画家: four invented English paragraphs around a one-line
#: caption); every other dev file is ≥ 0.8 (思念, free verse, 0.884), 38 of 40 score 1.0.
DEV_FILE_F1_FLOOR = 0.65
DEV_FILES_BELOW_0_8 = 1
BLIND_F1_FLOOR = 0.887


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, Score]:
    return goldscore.score_set(goldscore.DEV_GOLD)


def test_unseen_sets_hold_40_articles_each_with_their_seeds() -> None:
    for path in (goldscore.DEV_GOLD, goldscore.BLIND_GOLD):
        gold = goldscore.load_gold(path)
        assert len(gold) == 40
        assert all(goldscore.seed_path(k, path).is_file() for k in gold)


def test_dev_set_holds_the_floor(dev_scores: dict[str, Score]) -> None:
    assert goldscore.total(dev_scores).f1 >= DEV_F1_FLOOR, goldscore.table(dev_scores)


def test_no_dev_file_below_the_floor(dev_scores: dict[str, Score]) -> None:
    low = {k: round(s.f1, 3) for k, s in dev_scores.items() if s.f1 < DEV_FILE_F1_FLOOR}
    assert not low, goldscore.table(dev_scores)
    assert sum(s.f1 < 0.8 for s in dev_scores.values()) <= DEV_FILES_BELOW_0_8


def test_blind_set_holds_the_floor() -> None:
    scores = goldscore.score_set(goldscore.BLIND_GOLD)
    assert goldscore.total(scores).f1 >= BLIND_F1_FLOOR


#: tests/data/unseen/dev2 (29 articles of 1951–1957, gold by reading, README there): 0.897
#: untouched; 0.939 after the column, credit, salutation and signature fixes it showed.
#: Floor: measured − 0.01.
DEV2_F1_FLOOR = 0.929


def test_second_dev_set_holds_the_floor() -> None:
    gold = goldscore.load_gold(goldscore.DEV2_GOLD)
    assert len(gold) == 29 and all(goldscore.seed_path(k, goldscore.DEV2_GOLD).is_file() for k in gold)
    scores = goldscore.score_set(goldscore.DEV2_GOLD)
    assert goldscore.total(scores).f1 >= DEV2_F1_FLOOR, goldscore.table(scores)


#: Dev articles each showing one hard kind the general fixes handle, with what they show.
HARD_DEV_FILES = {
    # 24 invented lyric lines after the last Chinese line: each left alone (affine gap), not
    # hidden in a run bead with the composers' credit
    "1967.03/1967-03-02_对于在工作中犯过错误的人们（歌曲）.md": "invented block",
    # a one-line Chinese poem the English breaks into 8 long lines: one 8-1 bead
    "1967.01/1967-01-01_毛主席就是红太阳（回族民歌）.md": "poem on one line",
    "1958.03/1958-03-01_挑土谣（外一首）.md": "second poem on one line",
    # a tab-separated table: the English intro and rows against one Chinese line
    "1955.03/1955-03-02_中国人民银行_挂出人民币对外币电汇牌价.md": "table on one line",
    # a picture page: the English headline line is typed headline, the Chinese one credit;
    # two structural lines of different kinds pair when the evidence says so
    "1959.09/1959-09-01_鞍钢组画（图片）.md": "kinds mismatched",
    # one paragraph in each language (a cartoon's source note): a pair, whatever their kinds
    "1958.03/1958-03-01_作茧自缚（图片）.md": "one paragraph each",
    # the English title as one line against the two decks of the Chinese headline: 1-2
    "1989.06/1989-05-31_北大八名教授副教授呼吁_同学们，快复课吧！.md": "whole title, two decks",
    # an English caption that carries its credit inline takes the Chinese credit line
    "1966.08/1966-08-01_图片.md": "caption with its credit",
    # a headline deck after a dash
    "1966.08/1966-08-02_战士的红心永向毛主席_解放军某部赛诗会诗选.md": "dash deck",
}


@pytest.mark.parametrize("key", sorted(HARD_DEV_FILES))
def test_hard_dev_article_aligned_as_the_gold(key: str, dev_scores: dict[str, Score]) -> None:
    s = dev_scores[key]
    assert s.correct == s.gold == s.predicted, (HARD_DEV_FILES[key], s)
