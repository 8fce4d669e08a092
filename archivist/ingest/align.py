"""Paragraph alignment: one dynamic programme over beads of any shape the evidence supports.

A bead joins ``a`` English and ``b`` Chinese paragraphs (0 ≤ a, b ≤ 3, not both 0), or one
paragraph of one language with a run of up to :data:`MAX_RUN` list rows of the other. Its
cost is the sum of

* the shape's prior (Gale & Church 1993, extended to 3–3 and runs), as ``-log p``;
* the length cost: lengths are measured in English characters, a CJK character counting
  :data:`CJK_WEIGHT` (the median ratio of the corpus's 1–1 pairs), and the difference is
  scored as a normal deviate with variance :data:`VARIANCE` per unit of length;
* minus :data:`ANCHOR_WEIGHT` for every anchor both sides share (numbers and dates in either
  script, entries of the article's entity list, pinyin names, list markers — see
  :mod:`.evidence`);
* :data:`ROLE_MISMATCH` when a structural line (headline, byline, credit, source…, see
  :mod:`.roles`) is paired with running text that does not contain it,
  :data:`KIND_MISMATCH` when it is paired with a structural line of another kind, and
  :data:`MIXED_MERGE_COST` when a bead runs a structural line into running text.

A paragraph left alone costs :data:`LONE_COST`, or :data:`LONE_ROLE_COST` for a structural
line, which translators often leave out. A bead's confidence compares the best alignment with
the best one that pairs one of its paragraphs differently (:func:`_confidences`).
The programme is banded around the diagonal so that a huge article stays linear in time.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from .roles import APPARATUS, NOT_TRANSLATION, ROLE_GROUP, Roles
from .dictionary import MAX_WORD
from .evidence import DICT_PREFIX, DICT_SHORT, DICT_SPREAD

CJK_WEIGHT = 4.2
#: Variance of the length difference per unit of length (mean of (en − zh)²/mean over the
#: corpus's 1–1 pairs; Gale & Church measured 6.8 for European languages).
VARIANCE = 30.0
#: Prior probabilities of bead shapes (Gale & Church, table 5, extended).
PRIORS = {
    (1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011,
    (3, 1): 0.004, (1, 3): 0.004, (3, 2): 0.001, (2, 3): 0.001, (3, 3): 0.0005,
}
#: Prior of a run bead: one paragraph against 4..MAX_RUN list rows, or against 4..FREE_RUN
#: lines of any kind (a poem or a table on one line that the other language breaks up).
RUN_PRIOR = 0.0005
MAX_RUN = 150
FREE_RUN = 12
#: A run bead's two sides may differ in length by at most this factor.
RUN_RATIO = 2.5
#: A paragraph left without counterpart: running text, and a structural line.
LONE_COST = -math.log(0.0099)
LONE_ROLE_COST = 2.0
#: A Chinese paragraph after the last English one: translations that stop early are common.
TAIL_COST = 3.0
#: A block of k ≥ 2 consecutive English paragraphs of running text without counterpart (text
#: the translation invented: song lyrics, a picture description) costs LONE_COST for the
#: first and GAP_EXTEND for each further one (an affine gap), up to MAX_GAP paragraphs.
GAP_EXTEND = 0.7
MAX_GAP = 40
ANCHOR_WEIGHT = 1.5
#: Each dictionary word both sides share (``~lemma``, see :mod:`.evidence`) takes this off a
#: bead's cost, for at most DICT_CAP words: weak evidence, but the only one short lines have.
DICT_WEIGHT = 0.5
DICT_CAP = 4
#: With two or more shared anchors, a length mismatch costs at most this (a free rendering).
LENGTH_CAP = 6.0
ROLE_MISMATCH = 6.0
MIXED_MERGE_COST = 6.0
#: Two structural lines of different kinds (a headline and a credit): one of the two was
#: typed wrong as often as not, so the pair costs what leaving both alone costs, and only
#: shared evidence (anchors, length) makes them pair.
KIND_MISMATCH = 2 * LONE_ROLE_COST
_COSTS = {shape: -math.log(p) for shape, p in PRIORS.items()}
_RUN_COST = -math.log(RUN_PRIOR)
_BAND = 6
_TERMINAL = tuple(".!?\"'”’)。！？…」』）*")
_LIST_ANCHORS = ("item", "dash", "triangle")


@dataclass(frozen=True)
class Bead:
    """Indices of English and Chinese paragraphs aligned together (either may be empty)."""

    en: tuple[int, ...]
    zh: tuple[int, ...]
    cert: float = field(default=1.0, compare=False)

    @property
    def shape(self) -> str:
        return f"{len(self.en)}-{len(self.zh)}"


_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
_SPACE = re.compile(r"\s")


def text_length(text: str) -> float:
    """Length of ``text`` in English-character units (a wide character counts CJK_WEIGHT)."""
    wide = len(_WIDE.findall(text))
    return len(text) - len(_SPACE.findall(text)) - wide + CJK_WEIGHT * wide


def _match_cost(a: float, b: float) -> float:
    if a == 0 and b == 0:
        return 0.0
    delta = (b - a) / math.sqrt((a + b) / 2 * VARIANCE)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-300))


def _cached_union(cache: dict[tuple[int, int], frozenset[str]], sets: list[frozenset[str]],
                  lo: int, hi: int) -> frozenset[str]:
    got = cache.get((lo, hi))
    if got is None:
        got = cache[(lo, hi)] = frozenset().union(*sets[lo:hi])
    return got


@dataclass
class _Side:
    """One language's paragraphs as the programme sees them."""

    length: list[float]
    anchors: list[frozenset[str]]  # without the dictionary's
    words: list[frozenset[str]]  # dictionary anchors (``~lemma``)
    roles: list[str | None]
    run: list[int]  # consecutive list-like paragraphs ending here
    cut_off: bool = False  # the last paragraph stops mid-sentence
    prefix: list[float] = field(default_factory=list)
    struct: list[int] = field(default_factory=list)  # structural lines before index k
    other: list[int] = field(default_factory=list)  # lines that translate nothing before k
    plain: list[int] = field(default_factory=list)  # consecutive running-text paragraphs ending here
    unions: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    word_unions: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        acc = 0.0
        self.prefix, self.struct, self.other = [0.0], [0], [0]
        self.plain = []
        for x, role in zip(self.length, self.roles):
            self.plain.append(self.plain[-1] + 1 if self.plain and role is None else int(role is None))
            acc += x
            self.prefix.append(acc)
            self.struct.append(self.struct[-1] + (role in APPARATUS))
            self.other.append(self.other[-1] + (role in NOT_TRANSLATION))

    def total(self, lo: int, hi: int) -> float:
        return self.prefix[hi] - self.prefix[lo]

    def union(self, lo: int, hi: int) -> frozenset[str]:
        """Anchors of paragraphs lo..hi-1."""
        return _cached_union(self.unions, self.anchors, lo, hi)

    def word_union(self, lo: int, hi: int) -> frozenset[str]:
        """Dictionary anchors of paragraphs lo..hi-1."""
        return _cached_union(self.word_unions, self.words, lo, hi)

    def structural(self, lo: int, hi: int) -> tuple[bool, bool]:
        """(any structural line, any running text) in paragraphs lo..hi-1."""
        count = self.struct[hi] - self.struct[lo]
        return count > 0, count < hi - lo


def _side(texts: Sequence[str], anchors: Sequence[frozenset[str]],
          roles: Sequence[str | None]) -> _Side:
    run, count = [], 0
    for t, a in zip(texts, anchors):
        listy = any(x.startswith(_LIST_ANCHORS) for x in a) or len(t.strip()) <= 40 or "\t" in t
        count = count + 1 if listy else 0
        run.append(count)
    cut = bool(texts) and not texts[-1].rstrip().endswith(_TERMINAL)
    plain = [frozenset(x for x in a if x[0] != DICT_PREFIX) for a in anchors]
    words = [a - p for a, p in zip(anchors, plain)]
    return _Side([text_length(t) for t in texts], plain, words, list(roles), run, cut)


_BASE_SHAPES = [(1, 0), (0, 1)] + list(_COSTS)


def _run_lengths(many: _Side, end: int, one: float) -> list[int]:
    """Sizes k ≥ 4 of runs of ``many``'s lines ending at ``end`` that may form one bead with a
    paragraph of length ``one``: any lines up to FREE_RUN, list rows up to MAX_RUN, and
    only while the run's length stays within RUN_RATIO of ``one``."""
    top = min(end, max(FREE_RUN, min(many.run[end - 1] + 1, MAX_RUN)))
    sizes = []
    for k in range(4, top + 1):
        length = many.total(end - k, end)
        if length > RUN_RATIO * one:
            break
        if length * RUN_RATIO >= one:
            sizes.append(k)
    return sizes


def _shapes(en: _Side, zh: _Side, i: int, j: int) -> list[tuple[int, int]]:
    gap = min(en.plain[i - 1], MAX_GAP) if i else 0
    if (i < 4 and j < 4 or not (i and j)) and gap < 2:
        return _BASE_SHAPES
    shapes = _BASE_SHAPES + [(k, 0) for k in range(2, gap + 1)]
    if i < 4 and j < 4 or not (i and j):
        return shapes
    if i >= 4:
        shapes += [(k, 1) for k in _run_lengths(en, i, zh.length[j - 1])]
    if j >= 4:
        shapes += [(1, k) for k in _run_lengths(zh, j, en.length[i - 1])]
    return shapes


def _role_cost(en: _Side, zh: _Side, i0: int, i: int, j0: int, j: int, hints: Roles) -> float:
    en_struct, en_text = en.structural(i0, i)
    zh_struct, zh_text = zh.structural(j0, j)
    cost = ROLE_MISMATCH if en.other[i] > en.other[i0] else 0.0
    if not (en_struct or zh_struct) or len(en.length) == len(zh.length) == 1:
        return cost  # one paragraph in each language: whatever its kind, it is the other's
    title_inline = i0 in hints.en_has_title or (
        i - i0 == 1 and i0 in hints.en_has_credit
        and all(r in (None, "credit", "source") for r in zh.roles[j0:j]))
    # the Chinese holds the structural line inline: opening with its dateline, or closing
    # with the signature the English sets on a line of its own
    held_inline = j0 in hints.zh_has_dateline or (i - i0 > 1 and j - 1 in hints.zh_has_signature
                                                  and en.roles[i - 1] == "byline")
    if zh_struct and not en_struct and not title_inline:
        cost += ROLE_MISMATCH
    if en_struct and not zh_struct and not held_inline:
        cost += ROLE_MISMATCH
    if en_struct and zh_struct:
        en_groups = {ROLE_GROUP[r] for r in en.roles[i0:i] if r in ROLE_GROUP}
        if not en_groups & {ROLE_GROUP[r] for r in zh.roles[j0:j] if r in ROLE_GROUP}:
            cost += KIND_MISMATCH
    if (zh_struct and zh_text and not title_inline) or (en_struct and en_text and not held_inline):
        cost += MIXED_MERGE_COST
    return cost


def _lone(role: str | None, hints: Roles) -> float:
    if role is None or (role == "headline" and hints.en_has_title):
        return LONE_COST
    return LONE_ROLE_COST


def bead_cost(en: _Side, zh: _Side, i: int, j: int, di: int, dj: int, hints: Roles) -> float:
    """Cost of the bead ending at (i, j) with shape (di, dj)."""
    if dj == 0 and di >= 2:
        return LONE_COST + GAP_EXTEND * (di - 1)  # running text only (see _shapes)
    if di == 0 or dj == 0:
        roles = en.roles[i - di:i] if di else zh.roles[j - dj:j]
        cost = sum(_lone(r, hints) for r in roles)
        if not di and i == len(en.length) and roles[0] is None:
            cost -= LONE_COST - TAIL_COST  # the translation stopped before the end
        return cost
    prior = _COSTS.get((di, dj), _RUN_COST)
    if di == 1 and dj == 2 and i - 1 in hints.en_has_credit and zh.roles[j - 1] in ("credit", "source"):
        prior = _COSTS[(1, 1)]  # the caption carries the credit the Chinese sets on its own line
    elif di == 1 and i - 1 in hints.en_whole_title and all(r == "headline" for r in zh.roles[j - dj:j]):
        prior = _COSTS[(1, 1)]  # the whole title against the decks the Chinese sets on lines
    shared = len(en.union(i - di, i) & zh.union(j - dj, j))
    words = len(en.word_union(i - di, i) & zh.word_union(j - dj, j))
    a, b = en.total(i - di, i), zh.total(j - dj, j)
    # A translation cut off mid-sentence: its last paragraph may be any shorter length.
    length = 0.0 if i == len(en.length) and en.cut_off and dj == 1 and a < b else _match_cost(a, b)
    if shared >= 2:
        length = min(length, LENGTH_CAP)
    return (prior + length
            - ANCHOR_WEIGHT * shared - DICT_WEIGHT * min(words, DICT_CAP) + _role_cost(en, zh, i - di, i, j - dj, j, hints))


Edge = tuple[int, int, int, int, float]  # start i, start j, end i, end j, bead cost


def _programme(en: _Side, zh: _Side, hints: Roles) -> tuple[dict, list[Edge]]:
    """Best cost to every cell (with the last bead's shape) and every bead evaluated."""
    n, m = len(en.length), len(zh.length)
    band = _BAND + abs(n - m)
    best: dict[tuple[int, int], tuple[float, int, int]] = {(0, 0): (0.0, 0, 0)}
    edges: list[Edge] = []
    for i in range(n + 1):
        centre = int(i * m / n) if n else 0
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if i == 0 and j == 0:
                continue
            top = (math.inf, 0, 0)
            for di, dj in _shapes(en, zh, i, j):
                if di > i or dj > j:
                    continue
                prev = best.get((i - di, j - dj))
                if prev is None:
                    continue
                cost = bead_cost(en, zh, i, j, di, dj, hints)
                edges.append((i - di, j - dj, i, j, cost))
                if prev[0] + cost < top[0]:
                    top = (prev[0] + cost, di, dj)
            if top[0] < math.inf:
                best[(i, j)] = top
    return best, edges


#: A competitor this much costlier than the best alignment leaves the confidence at 1.00.
_SURE = 6.0


def _agrees(bead: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    """Whether ``other`` keeps ``bead``'s pairing: the same bead, or a larger one holding
    all of a pairing bead (``3`` ↔ ``３`` inside a headline bead of two decks each). Such
    an alternative doubts how finely the text is cut, not what translates what."""
    i0, j0, i, j = bead
    a0, b0, a, b = other
    return bead == other or (i0 < i and j0 < j and a0 <= i0 and i <= a and b0 <= j0 and j <= b)


def _confidences(best: dict, edges: list[Edge], n: int, m: int) -> dict[tuple[int, ...], float]:
    """Each bead's confidence: 1/(1+exp(-(a - z))), z the best alignment's cost and a the
    cost of the best alignment that pairs one of its paragraphs differently (a larger bead
    holding all of it does not, see :func:`_agrees`), from a forward and a backward pass
    over the same beads."""
    after: dict[tuple[int, int], float] = {(n, m): 0.0}
    for i0, j0, i, j, cost in reversed(edges):  # edges come in increasing order of their end
        tail = after.get((i, j))
        if tail is not None and cost + tail < after.get((i0, j0), math.inf):
            after[(i0, j0)] = cost + tail
    chosen: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i or j:
        _, di, dj = best[(i, j)]
        chosen.append((i - di, j - dj, i, j))
        i, j = i - di, j - dj
    owner_en = {k: b for b, (i0, _, i1, _) in enumerate(chosen) for k in range(i0, i1)}
    owner_zh = {k: b for b, (_, j0, _, j1) in enumerate(chosen) for k in range(j0, j1)}
    total = best[(n, m)][0]
    alt = [math.inf] * len(chosen)
    for i0, j0, i, j, cost in edges:
        tail = after.get((i, j))
        if tail is None:
            continue
        through = best[(i0, j0)][0] + cost + tail
        if through - total > _SURE:
            continue
        rivals = {owner_en[k] for k in range(i0, i)} | {owner_zh[k] for k in range(j0, j)}
        for b in rivals:
            if not _agrees(chosen[b], (i0, j0, i, j)) and through < alt[b]:
                alt[b] = through
    out = {}
    for b, key in enumerate(chosen):
        z = min(50.0, alt[b] - total)
        out[key] = round(1 / (1 + math.exp(-z)), 2)
    return out


def align(en: list[str], zh: list[str], anchors: tuple[Sequence[frozenset[str]],
          Sequence[frozenset[str]]] | None = None, roles: Roles | None = None) -> list[Bead]:
    """Align two paragraph lists; every index appears in exactly one bead, in order."""
    hints = roles or Roles([None] * len(en), [None] * len(zh))
    a_en, a_zh = anchors or ([frozenset()] * len(en), [frozenset()] * len(zh))
    se, sz = _side(en, a_en, hints.en), _side(zh, a_zh, hints.zh)
    best, edges = _programme(se, sz, hints)
    certs = _confidences(best, edges, len(en), len(zh))
    return [Bead(tuple(range(i0, i)), tuple(range(j0, j)), c)
            for (i0, j0, i, j), c in reversed(certs.items())]


def describe() -> str:
    """The method, with the constants this module really uses (for the TEI encodingDesc)."""
    shapes = ", ".join(f"{a}-{b} ({p:g})" for (a, b), p in sorted(PRIORS.items()))
    return (
        "English and Chinese paragraphs are aligned by one dynamic programme over beads "
        "(Gale and Church 1993, extended). Bead shapes and prior probabilities: "
        f"{shapes}; one paragraph against a run of 4 to {FREE_RUN} lines, or of up to "
        f"{MAX_RUN} short or numbered list rows, whose length is within a factor "
        f"{RUN_RATIO:g} of it ({RUN_PRIOR:g}). A bead costs -log(prior) plus a length cost (a CJK character "
        f"counts as {CJK_WEIGHT:g} English characters; the difference is a normal deviate "
        f"with variance {VARIANCE:g} per character, capped at {LENGTH_CAP:g} when two or more "
        f"anchors are shared), minus {ANCHOR_WEIGHT:g} for each anchor both sides share "
        "(numbers and dates in either script, entries of the article's entity list, pinyin "
        "forms of Chinese names, list markers, a closing colon, and in verse a question, an "
        f"ellipsis or a repeated word), minus {DICT_WEIGHT:g} for each English word (lowercased, "
        "a plural s stripped) that glosses a word of the Chinese side in CC-CEDICT (the Chinese "
        f"segmented by longest match over words of 2 to {MAX_WORD} characters; paragraphs of at "
        f"most {DICT_SHORT} characters, {DICT_SHORT // 3} in Chinese; a word in more than "
        f"{DICT_SPREAD:g} of one side's paragraphs, and more than two, is left out), for at most "
        f"{DICT_CAP} words, plus {ROLE_MISMATCH:g} when a structural line "
        "(headline, column, byline, dateline, credit, source, editor's note) is paired with "
        f"running text that does not contain it, {KIND_MISMATCH:g} when it is paired with a structural line of another "
        "kind (credit, byline and source are one kind), and "
        f"{MIXED_MERGE_COST:g} when a bead runs a structural line into running text (an "
        "English caption that closes with its credit takes the Chinese credit line at the "
        "1-1 prior, without these costs, and so does an English line that is the whole title "
        "against the Chinese headline's decks; a Chinese paragraph that opens with its dateline "
        "or closes with the signature the English sets on a line of its own pays none of them "
        "for it, nor does one paragraph in each language). "
        f"A paragraph left alone costs {LONE_COST:.2f} (a structural line "
        f"{LONE_ROLE_COST:g}; a Chinese paragraph after the last English one {TAIL_COST:g}; "
        f"each further English paragraph of a block of up to {MAX_GAP} without counterpart "
        f"{GAP_EXTEND:g}). "
        "Each bead joining both languages is a link of the alignment linkGrp; its cert is "
        "1/(1+exp(z-a)), z the cost of the best alignment and a that of the best alignment "
        "that pairs one of its paragraphs differently (a larger bead holding all of it keeps "
        "the pairing; forward and backward passes over the same beads). A "
        "paragraph in no link carries ana=\"#unaligned\"; structural roles are ana pointers "
        "to the role interpretations."
    )
