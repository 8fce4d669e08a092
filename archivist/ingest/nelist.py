"""One line of a seed's Named Entities list → Chinese, pinyin and English names.

Entries come in many shapes (see the corpus SURVEY): ``中文<TAB>English``, ``中文  English``,
``中文  Pīnyīn  English`` (three columns), ``中文  Pīnyīn (English)``, ``中文  Pīnyīn / English``,
``中文 English`` (one space at the script boundary), and ``中文  Pīnyīn English`` with nothing
between the pinyin and the English. Every character is kept; where the split had to be guessed,
or could not be made, :attr:`RawEntity.doubt` says so and the caller flags the entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from .script import is_wide


class _Line(Protocol):
    number: int
    text: str


@dataclass
class RawEntity:
    """One entry of the list, split; ``doubt`` says why the split is uncertain (or None)."""

    line: int
    zh: str
    en: str
    pinyin: str | None = None
    doubt: str | None = None


_FIELD_SEP = re.compile(r"[ \t]*\t[ \t]*| {2,}")
#: An explicit separator between the pinyin and the English name: ``Lùfēng Xiàn / Lufeng County``.
_PINYIN_SEP = re.compile(r"\s+[/|｜／]\s+|\s+[-–—]\s+")
_LEADING_SEP = "/|｜／-–—:： \t"
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ")
GUESSED = ("the pinyin and the English name are run together; split by counting syllables "
           "(pinyin {pinyin!r}, English {en!r}): check the split")
UNPARSED = "cannot be split into a Chinese and an English name; kept whole"
NO_CHINESE = "the first field has no Chinese characters; the entry may be written in another order"


def _has_marks(text: str) -> bool:
    return any(c in _TONE_MARKS for c in text)


def split_entry(ln: _Line) -> RawEntity:
    """Split ``中文<sep>English`` (or three fields with pinyin) keeping every character."""
    text = ln.text.strip()
    fields = [f for f in _FIELD_SEP.split(text) if f]
    if len(fields) < 2:
        fields = _split_single_space(text)
    if len(fields) < 2:
        return RawEntity(ln.number, text, "", doubt=UNPARSED)
    zh = fields[0]
    if len(fields) == 2:
        entity = _two_fields(ln.number, zh, fields[1])
    else:
        # Three or more fields: Chinese, pinyin, English (the rest kept verbatim).
        start = text.index(fields[2], text.index(fields[1]) + len(fields[1]))
        entity = RawEntity(ln.number, zh, text[start:], pinyin=fields[1])
    rest = entity.en.lstrip(_LEADING_SEP)
    if entity.pinyin and rest != entity.en:
        entity.en = rest  # ``中文  Pīnyīn  /  English``: the slash is a separator
    if not entity.en.strip(_LEADING_SEP):
        entity.doubt = UNPARSED
    elif entity.doubt is None and not any(is_wide(c) for c in zh):
        entity.doubt = NO_CHINESE
    return entity


def _two_fields(number: int, zh: str, rest: str) -> RawEntity:
    parts = _PINYIN_SEP.split(rest, maxsplit=1)
    if len(parts) == 2 and _has_marks(parts[0]) and parts[1].strip():
        return RawEntity(number, zh, parts[1].strip(), pinyin=parts[0].strip())
    pinyin, english = _leading_pinyin(zh, rest)
    if pinyin is None:
        return RawEntity(number, zh, english)
    return RawEntity(number, zh, english, pinyin=pinyin,
                     doubt=GUESSED.format(pinyin=pinyin, en=english))


def _leading_pinyin(zh: str, rest: str) -> tuple[str | None, str]:
    """``Fǎguó Gòngchǎndǎng French Communist Party`` → pinyin and English.

    Leading tone-marked words are pinyin while their syllables (counted by tone marks)
    do not yet cover the Chinese characters; anything less certain stays English.
    """
    chars = sum(1 for c in zh if is_wide(c))
    words = rest.split(" ")
    syllables = 0
    for i, word in enumerate(words):
        marks = sum(1 for c in word if c in _TONE_MARKS)
        if not marks or not word[:1].isalpha():
            return None, rest
        syllables += marks
        if syllables == chars:
            tail = " ".join(words[i + 1:]).strip()
            if not tail or tail.startswith(("(", "（")):
                return None, rest
            return " ".join(words[:i + 1]), tail
        if syllables > chars:
            return None, rest
    return None, rest


def _split_single_space(text: str) -> list[str]:
    """``第三个五年计划 The Third Five-Year Plan``: split at the first space after CJK."""
    for i, ch in enumerate(text):
        if ch == " " and i and any(is_wide(c) for c in text[:i]):
            return [text[:i], text[i + 1:].strip()]
    return [text]
