"""Anchors: things both languages must share when a paragraph translates another.

Each paragraph gets a set of *anchors*, keys that a translation carries over unchanged in
meaning: numbers and dates in either script (三十一日 ↔ 31st, 一九六五年 ↔ 1965, ２２ ↔ 22,
七月 ↔ July), the article's own Named Entities list used as a bilingual lexicon, Chinese
names matched through their pinyin (毛泽东 → ``mao zedong`` ↔ "Mao Zedong", via
:mod:`pypinyin`), list markers (（一） ↔ (1), —— ↔ "- ", ▲), a closing colon, and the
forms verse keeps line by line (a question, an ellipsis, a repeated word), and words a
bilingual dictionary glosses (``~friend``: a Chinese word whose CC-CEDICT gloss is an English
word of the other side, :mod:`.dictionary`). The
aligner rewards a bead for every anchor its two sides share (:func:`shared`).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

from pypinyin import Style, lazy_pinyin

from . import dictionary

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = re.compile(r"[〇零○一二两三四五六七八九十百千万亿]+")
_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_EN_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
              "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000}
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,]*(?:\.\d+)?")
_NAME = re.compile(r"\b[A-Z][a-zü]{3,}\b")
_ZH_MARKER = re.compile(r"^[\s\u3000]*(?:（([一二三四五六七八九十]+)）|([一二三四五六七八九十]+)、|(——)|(▲)|(\d+)[.、．])")
_EN_MARKER = re.compile(r"^\s*(?:\((\d+)\)|(\d+)\.\s|(-\s|–\s|—)|(▲)|\(([ivx]+|[IVX]+)\))")
#: Forms a translation keeps line by line, the only evidence short verse lines have: a
#: question (？, a closing 吗/呢 ↔ "?"), an ellipsis (…… ↔ "…", "..."), a word repeated
#: (密密地　密密地 ↔ "Densely, densely").
_ZH_QUESTION = re.compile(r"(?:[？?]|[吗呢][！!。]?)$")
_ZH_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,})[\u4e00-\u9fff]?[\s\u3000，、]*\1")
_EN_REPEAT = re.compile(r"\b([A-Za-z]{3,})\b[\s,;!]+\1\b", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
#: Numbers below this carry no evidence when written in words or Chinese numerals
#: (一 is in 统一, "one" in "one of"); digits always count.
_SMALL = 3
#: Prefix of dictionary anchors (counted apart from the others by the aligner).
DICT_PREFIX = "~"


def zh_numeral(run: str) -> int | None:
    """一九六五 → 1965 (digit by digit), 三十一 → 31, 二十万 → 200000; None if malformed."""
    if all(c in _DIGITS for c in run):
        return int("".join(str(_DIGITS[c]) for c in run)) if len(run) > 1 else _DIGITS[run]
    total, section, digit = 0, 0, None
    for c in run:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        elif c in "万亿":
            total = (total + section + (digit or 0)) * (10_000 if c == "万" else 100_000_000)
            section, digit = 0, None
    return total + section + (digit or 0)


def _number(text: str) -> int | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return int(value) if value == int(value) else None


def zh_numbers(text: str) -> set[str]:
    """Number anchors of Chinese text (Arabic, full-width and Chinese numerals, months)."""
    out: set[str] = set()
    for m in _ARABIC.finditer(text):  # \d matches full-width digits; float() reads them
        n = _number(m.group())
        if n is not None:
            month = text[m.end():m.end() + 1] == "月" and 1 <= n <= 12
            out.add(f"m{n}" if month else f"n{n}")
    for m in _ZH_NUMERAL.finditer(text):
        n = zh_numeral(m.group())
        if n is None:
            continue
        after = text[m.end():m.end() + 1]
        if after == "月" and 1 <= n <= 12:
            out.add(f"m{n}")
        elif n >= _SMALL or after in ("日", "年", "号"):
            out.add(f"n{n}")
    return out


def en_numbers(text: str) -> set[str]:
    """Number anchors of English text (digits, ordinals, number words, month names)."""
    out: set[str] = set()
    tokens = _EN_TOKEN.findall(text)
    for k, tok in enumerate(tokens):
        low = tok.lower()
        n = _number(tok) if tok[0].isdigit() else None
        if n is not None:
            scale = _EN_SCALE.get(tokens[k + 1].lower()) if k + 1 < len(tokens) else None
            out.add(f"n{n * scale}" if scale else f"n{n}")
        elif low in _MONTHS:
            out.add(f"m{_MONTHS.index(low) + 1}")
        elif low.rstrip("s") in _EN_WORDS or low in _EN_WORDS:
            value = _EN_WORDS.get(low, _EN_WORDS.get(low.rstrip("s")))
            scale = _EN_SCALE.get(tokens[k + 1].lower()) if k + 1 < len(tokens) else None
            if scale:
                out.add(f"n{value * scale}")
            elif value is not None and value >= _SMALL:
                out.add(f"n{value}")
    for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text):
        out.add(f"n{int(m.group(1))}")
    return out


def markers(text: str, english: bool) -> set[str]:
    """List-marker and punctuation anchors: (1) ↔ （一）, - ↔ ——, ▲, a closing colon."""
    out: set[str] = set()
    m = (_EN_MARKER if english else _ZH_MARKER).match(text)
    if m:
        if english:
            num, num2, dash, tri, roman = m.groups()
            value = int(num or num2) if (num or num2) else _ROMAN.get((roman or "").lower())
        else:
            paren, comma, dash, tri, num = m.groups()
            value = zh_numeral(paren or comma) if (paren or comma) else (int(num) if num else None)
        if value:
            out.add(f"item{value}")
        if dash:
            out.add("dash")
        if tri:
            out.add("triangle")
    if text.rstrip().endswith((":", "：")):
        out.add("colon")
    return out | forms(text, english)


def forms(text: str, english: bool) -> set[str]:
    """Question, ellipsis and repetition anchors of one line."""
    t = text.rstrip()
    out = set()
    if t.endswith("?") if english else _ZH_QUESTION.search(t):
        out.add("question")
    if "…" in t or (english and "..." in t):
        out.add("ellipsis")
    if (_EN_REPEAT if english else _ZH_REPEAT).search(t):
        out.add("repeat")
    return out


@lru_cache(maxsize=16384)
def _syllable(ch: str) -> str:
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


def pinyin_keys(text: str) -> set[str]:
    """Two- and three-syllable pinyin runs of Chinese text: 刘少奇 → liushao, shaoqi, liushaoqi."""
    syl = [_syllable(c) for c in text if "\u4e00" <= c <= "\u9fff"]
    keys = {a + b for a, b in zip(syl, syl[1:])}
    keys |= {a + b + c for a, b, c in zip(syl, syl[1:], syl[2:])}
    return keys


def name_keys(text: str) -> set[str]:
    """Capitalised English words that may be pinyin names: "Zhou Peiyuan" → zhou, peiyuan."""
    return {w.lower() for w in _NAME.findall(text)}


def lexicon_anchors(texts: Sequence[str], forms: Iterable[tuple[str, str]], english: bool) -> list[set[str]]:
    """Entity-list anchors: ``lex<k>`` in each paragraph holding the k-th entry's form."""
    out: list[set[str]] = [set() for _ in texts]
    lowered = [t.lower() for t in texts] if english else list(texts)
    for k, (zh, en) in enumerate(forms):
        form = en.lower() if english else zh
        if len(form.strip()) < 2:
            continue
        for i, t in enumerate(lowered):
            if form in t:
                out[i].add(f"lex{k}")
    return out


def anchors(en: Sequence[str], zh: Sequence[str],
            lexicon: Sequence[tuple[str, str]] = ()) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Anchor sets of every English and Chinese paragraph."""
    lex_en = lexicon_anchors(en, lexicon, True)
    lex_zh = lexicon_anchors(zh, lexicon, False)
    names = [name_keys(t) for t in en]
    vocabulary = set().union(*names) if names else set()
    en_sets = [frozenset(en_numbers(t) | markers(t, True) | lex_en[i] | {f"py:{n}" for n in names[i]})
               for i, t in enumerate(en)]
    zh_sets = []
    for j, t in enumerate(zh):
        found = pinyin_keys(t) & vocabulary if vocabulary else set()
        zh_sets.append(frozenset(zh_numbers(t) | markers(t, False) | lex_zh[j]
                                 | {f"py:{n}" for n in found}))
    return dictionary_anchors(en, zh, en_sets, zh_sets)


#: A dictionary word in more than this share of one side's paragraphs (and in more than
#: two) tells none of them apart, and is left out.
DICT_SPREAD = 0.25
#: Only paragraphs of at most this many characters (a third of it in Chinese) get dictionary
#: anchors: longer ones are placed by their length and other anchors well enough.
DICT_SHORT = 150


def _telling(sets: list[set[str]]) -> set[str]:
    """Words of ``sets`` found in few enough of them to tell paragraphs apart."""
    counts = Counter(w for s in sets for w in s)
    most = max(2, DICT_SPREAD * len(sets))
    return {w for w, k in counts.items() if k <= most}


def dictionary_anchors(en: Sequence[str], zh: Sequence[str], en_sets: list[frozenset[str]],
                       zh_sets: list[frozenset[str]]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Add ``~lemma`` to each paragraph for each English lemma that is also the gloss of a
    dictionary word of some Chinese paragraph of the article (and the other way round)."""
    en_lem = [dictionary.en_lemmas(t) if len(t) <= DICT_SHORT else set() for t in en]
    zh_gl = [dictionary.zh_glosses(t) if len(t) <= DICT_SHORT // 3 else set() for t in zh]
    en_vocab, zh_vocab = _telling(en_lem), _telling(zh_gl)
    return ([s | {DICT_PREFIX + w for w in e & zh_vocab} for s, e in zip(en_sets, en_lem)],
            [s | {DICT_PREFIX + w for w in g & en_vocab} for s, g in zip(zh_sets, zh_gl)])
