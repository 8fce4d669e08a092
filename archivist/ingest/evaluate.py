"""Score a paragraph alignment against a gold alignment made by reading.

A *link* is one pair a bead implies: a bead ``[[i..], [j..]]`` with both sides non-empty
implies every ``(en_i, zh_j)``; a unit left alone (a 1–0 or 0–1 bead) implies a link to
*none*, ``(en_i, None)`` or ``(None, zh_j)``. Counting the lone units as links makes
agreement on what has *no* counterpart count as much as agreement on what pairs: an aligner
that forces a Chinese byline into a pair loses the byline's ``(None, zh)`` link and gains a
wrong ``(en, zh)`` link. Precision = correct links / predicted links, recall = correct
links / gold links, F1 their harmonic mean; a corpus total sums the counts over files
(micro average).

Gold units and model paragraphs are matched by text (:func:`map_units`): a unit the model
does not hold as a paragraph (a stray ``<br>`` line the seed reader trims) is scored as
predicted unaligned.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:
    from ..tei.model import Article

Link = tuple[Optional[int], Optional[int]]
BeadIdx = tuple[Sequence[int], Sequence[int]]


@dataclass(frozen=True)
class Score:
    """Link counts of one file (or a sum of files) and the measures derived from them."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.correct + other.correct, self.predicted + other.predicted,
                     self.gold + other.gold)


def links(beads: Sequence[BeadIdx]) -> set[Link]:
    """Every link the beads imply (see the module docstring)."""
    out: set[Link] = set()
    for en, zh in beads:
        if en and zh:
            out.update((i, j) for i in en for j in zh)
        else:
            out.update((i, None) for i in en)
            out.update((None, j) for j in zh)
    return out


def score(gold: set[Link], predicted: set[Link]) -> Score:
    """Compare two link sets."""
    return Score(len(gold & predicted), len(predicted), len(gold))


def map_units(units: Sequence[str], paragraphs: Sequence[str]) -> list[int | None]:
    """For each gold unit, the index of the model paragraph holding the same line (or None).

    Both are in document order; a unit matches the next paragraph whose stripped text is
    equal. Units without a match (lines the model drops) map to None.
    """
    out: list[int | None] = []
    k = 0
    for unit in units:
        want = unit.strip()
        hit = next((x for x in range(k, len(paragraphs)) if paragraphs[x].strip() == want), None)
        out.append(hit)
        if hit is not None:
            k = hit + 1
    return out


def predicted_links(pairs: set[tuple[int, int]], en_map: list[int | None],
                    zh_map: list[int | None]) -> set[Link]:
    """Model links ``(en paragraph, zh paragraph)`` re-expressed in gold unit numbers.

    A unit the model does not hold, or holds but leaves without a pair, links to None.
    """
    en_unit = {p: u for u, p in enumerate(en_map) if p is not None}
    zh_unit = {p: u for u, p in enumerate(zh_map) if p is not None}
    out: set[Link] = {(en_unit[i], zh_unit[j]) for i, j in pairs
                      if i in en_unit and j in zh_unit}
    paired_en = {i for i, _ in out}
    paired_zh = {j for _, j in out}
    out.update((u, None) for u in range(len(en_map)) if u not in paired_en)
    out.update((None, u) for u in range(len(zh_map)) if u not in paired_zh)
    return out


def article_pairs(article: "Article") -> set[tuple[int, int]]:
    """The (English, Chinese) paragraph index pairs an article's alignment links imply."""
    en_at = {p.id: i for i, p in enumerate(article.en_paragraphs)}
    zh_at = {p.id: j for j, p in enumerate(article.zh_paragraphs)}
    return {(en_at[e], zh_at[z]) for link in article.links for e in link.en for z in link.zh
            if e in en_at and z in zh_at}


def score_article(article: "Article", en_units: Sequence[str], zh_units: Sequence[str],
                  gold_beads: Sequence[BeadIdx]) -> Score:
    """Score an article's alignment against gold beads over the given units."""
    en_map = map_units(en_units, [p.text for p in article.en_paragraphs])
    zh_map = map_units(zh_units, [p.text for p in article.zh_paragraphs])
    return score(links(gold_beads), predicted_links(article_pairs(article), en_map, zh_map))
