"""The aligner scored against the gold alignment made by reading (tests/data/gold)."""
from __future__ import annotations

import pytest

from archivist.ingest.evaluate import Score, links, map_units, predicted_links, score

import goldscore

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
