"""Sentence links inside aligned 1–1 paragraph pairs.

Chosen rule: split each side at sentence-final punctuation (English ``. ! ?`` followed by
white space and a capital or an opening quote; Chinese ``。！？``), each optionally followed
by closing quotes or brackets. Only when both sides give the same number of sentences, at
least two, are the sentences linked in order. A translation keeps the sentence order of its
paragraph almost always, but it merges and splits sentences often; when the counts differ
there is too little evidence inside one paragraph to place the sentence boundaries, and no
link is better than a wrong one.
"""
from __future__ import annotations

import re

MIN_SENTENCES = 2
_EN_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“'‘(\[]?[A-Z0-9])")
_ZH_END = re.compile(r"[。！？][”’」』）)]*")

Span = tuple[int, int]


def _spans(text: str, ends: re.Pattern[str]) -> list[Span]:
    """Sentence spans (start, end) of ``text``, leading and trailing white space excluded."""
    spans, start = [], 0
    cuts = [m.end() for m in ends.finditer(text)]
    for cut in cuts + [len(text)]:
        chunk = text[start:cut]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        start = cut
    return spans


def english_sentences(text: str) -> list[Span]:
    return _spans(text, _EN_END)


def chinese_sentences(text: str) -> list[Span]:
    return _spans(text, _ZH_END)


def sentence_pairs(en: str, zh: str) -> tuple[tuple[Span, Span], ...]:
    """Pairs of sentence spans of a 1–1 paragraph pair, or () when the sides do not split
    into the same number (at least :data:`MIN_SENTENCES`) of sentences."""
    a, b = english_sentences(en), chinese_sentences(zh)
    if len(a) != len(b) or len(a) < MIN_SENTENCES:
        return ()
    return tuple(zip(a, b))


def describe() -> str:
    return (
        "Inside a 1-1 link, sentences are linked in order (linkGrp type=\"sentence-alignment\", "
        "string-range pointers into the paragraphs) when both paragraphs split at "
        "sentence-final punctuation into the same number of sentences, at least "
        f"{MIN_SENTENCES}; translations keep sentence order but merge and split sentences, "
        "so unequal counts get no sentence links rather than wrong ones."
    )
