"""The aligner: beads cover every paragraph once, in order; length, anchors and roles decide."""
from __future__ import annotations

import pytest

from archivist.ingest.align import Bead, align, text_length
from archivist.ingest.roles import Roles

EN = ["Short headline here", "The first paragraph of the body says a good many things. " * 3,
      "A second one, about as long as the first Chinese paragraph. " * 2]
ZH = ["短标题", "正文第一段说了很多很多的事情，真的很多很多。" * 2, "第二段和第一段差不多一样长。" * 2]


def covered(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.en] == list(range(n))
    assert [j for b in beads for j in b.zh] == list(range(m))


def test_length_counts_cjk_at_the_calibrated_weight() -> None:
    from archivist.ingest.align import CJK_WEIGHT
    assert text_length("中文 ab") == CJK_WEIGHT * 2 + 2


@pytest.mark.slow
def test_cjk_weight_is_the_median_ratio_of_the_gold_one_to_one_pairs() -> None:
    """CJK_WEIGHT is what it claims: the median English length per Chinese character over
    the hand-made gold's 1–1 pairs (tests/data/gold; the corpus is in ../shared)."""
    import json
    import statistics
    import sys

    from archivist.ingest.align import CJK_WEIGHT
    from archivist.ingest.script import wide_count
    from conftest import ROOT, SHARED

    gold_dir = ROOT / "tests" / "data" / "gold"
    sys.path.insert(0, str(gold_dir))
    import units  # the gold's own unit extraction

    ratios = []
    for key, entry in json.loads((gold_dir / "gold-alignment.json").read_text()).items():
        en, zh, _ = units.units(str((ROOT if key.startswith("seeds/") else SHARED) / key))
        for be, bz in entry["beads"]:
            if len(be) == len(bz) == 1 and wide_count(zh[bz[0]]):
                ratios.append(len(en[be[0]].strip()) / wide_count(zh[bz[0]]))
    assert len(ratios) > 300
    assert abs(statistics.median(ratios) - CJK_WEIGHT) / CJK_WEIGHT < 0.05


def test_equal_counts_align_one_to_one() -> None:
    beads = align(EN, ZH)
    covered(beads, 3, 3)
    assert all(len(b.en) == len(b.zh) == 1 for b in beads)


def test_omitted_headline_leaves_chinese_headline_unaligned() -> None:
    beads = align(EN[1:], ZH, roles=Roles([None, None], ["headline", None, None]))
    covered(beads, 2, 3)
    assert beads[0] == Bead((), (0,))
    assert beads[1] == Bead((0,), (1,))


def test_merged_paragraphs_give_a_two_to_one_bead() -> None:
    merged = [EN[0], EN[1] + " " + EN[2], EN[1]]
    zh = [ZH[0], "正" * 40 + "。", "文" * 16 + "。", "再" * 40 + "。"]  # 4.2 × 40 ≈ len(EN[1])
    beads = align(merged, zh)
    covered(beads, 3, 4)
    assert Bead((1,), (1, 2)) in beads


def test_truncated_translation_leaves_chinese_tail_unaligned() -> None:
    zh = ZH + ["后面还有很多没有翻译的长长的段落，一段又一段，一段又一段。" * 3] * 3
    beads = align(EN, zh)
    covered(beads, 3, 6)
    assert [b for b in beads if not b.en] == [Bead((), (3,)), Bead((), (4,)), Bead((), (5,))]


def test_long_article_is_banded_and_complete() -> None:
    en, zh = EN * 400, ZH * 400
    covered(align(en, zh), 1200, 1200)
