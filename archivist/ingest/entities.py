"""Entity linking and checking: find each listed entity in both texts.

An entity's Chinese form is searched in the Chinese paragraphs, its English form (and the
variants an entry spells out: ``Pinyin (English)``, ``*Italic*``, ``"Quoted"``) in the
English paragraphs. Matches are leftmost-longest and never overlap. An entity found in
neither language, or only in one, is kept and flagged — never dropped.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..tei.model import Entity, Mention, Paragraph

_ALTERNATIVES = re.compile(r"\s+[/／|｜]\s+")
_PAREN = re.compile(r"^(.*?)\s*[（(]([^()（）]+)[)）]\s*$")
_WRAPPERS = ('"', "'", "*", "“", "”", "‘", "’", "《", "》", "_")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


def fold(text: str) -> str:
    """Strip diacritics one character for one (``Zhāng`` → ``Zhang``), keeping offsets."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


def english_forms(entity: Entity) -> list[str]:
    """The English spellings to look for: the entry and the parts it spells out."""
    forms: list[str] = []

    def add(text: str) -> None:
        text = text.strip()
        while len(text) > 2 and text[0] in _WRAPPERS and text[-1] in _WRAPPERS:
            text = text[1:-1].strip()
        text = fold(text)
        if len(text) >= 2 and text not in forms:
            forms.append(text)

    add(entity.en)
    m = _PAREN.match(entity.en)
    if m:
        add(m.group(2))
        add(m.group(1))
    for part in _ALTERNATIVES.split(entity.en) if _ALTERNATIVES.search(entity.en) else ():
        add(part)  # ``Lufeng Xian / Lufeng County``: either spelling
    if entity.pinyin:
        add(entity.pinyin)
    return forms


def chinese_forms(entity: Entity) -> list[str]:
    forms = [entity.zh.strip()]
    inner = entity.zh.strip().strip("“”‘’\"'《》「」")
    if inner and inner not in forms:
        forms.append(inner)
    return [f for f in forms if f]


def _pattern(forms: dict[str, str], english: bool) -> re.Pattern[str] | None:
    if not forms:
        return None
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in alts)
    if english:
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
    return re.compile(body)


def _index(entities: list[Entity], english: bool) -> dict[str, str]:
    table: dict[str, str] = {}
    for e in entities:
        for form in (english_forms(e) if english else chinese_forms(e)):
            table.setdefault(form.casefold() if english else form, e.id)
    return table


def link(entities: list[Entity], paragraphs: list[Paragraph], english: bool) -> None:
    """Mark mentions in ``paragraphs``: leftmost-longest, never overlapping."""
    table = _index(entities, english)
    pattern = _pattern(table, english)
    for para in paragraphs:
        para.mentions = []
        if pattern is None:
            continue
        for m in pattern.finditer(fold(para.text) if english else para.text):
            key = m.group().casefold() if english else m.group()
            para.mentions.append(Mention(m.start(), m.end(), table[key]))


#: Endings that make a name into a demonym or a plural (Japan → Japanese, India → Indian,
#: Europe → European, School → Schools): the name still occurs.
_DERIVED = r"(?:s|es|n|an|ian|ans|ians|ns|ese|i|is|ish|ic|ern|'s|’s)?"


def _width(text: str) -> str:
    """Full-width forms as ASCII (``（利）`` → ``(利)``), one character for one."""
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


def occurs(entity: Entity, paragraphs: list[Paragraph], english: bool) -> bool:
    """Whether any form of ``entity`` occurs in the text (overlaps with others allowed).

    More lenient than :func:`link`: an English form may carry a demonym or plural ending, and
    full-width and ASCII brackets are the same character.
    """
    forms = english_forms(entity) if english else chinese_forms(entity)
    if not forms:
        return False
    body = "|".join(re.escape(_width(f)) for f in sorted(forms, key=len, reverse=True))
    if english:
        pattern = re.compile(rf"(?<![\w])(?:{body}){_DERIVED}(?![\w])", re.IGNORECASE)
        return any(pattern.search(fold(p.text)) for p in paragraphs)
    pattern = re.compile(body)
    return any(pattern.search(_width(p.text)) for p in paragraphs)


def link_and_check(entities: list[Entity], en: list[Paragraph], zh: list[Paragraph]) -> None:
    """Mark every occurrence in both languages and record what was found on each entity."""
    link(entities, en, english=True)
    link(entities, zh, english=False)
    for e in entities:
        e.found_en = occurs(e, en, english=True)
        e.found_zh = occurs(e, zh, english=False)
