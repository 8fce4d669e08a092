"""Quality flags: what looks wrong in a translation or an OCR text, reported, never fixed.

Each rule asks for evidence, not a keyword; the flags are scored against a hand-checked list
(``tests/data/gold/flags.json``, README beside it). Kinds (``Note.code``):

``untranslated``       an English paragraph that is mostly Chinese
``mixed-script-title`` / ``mixed-script-word``  Chinese glued into the English title / a word
``markdown``           Markdown the translator added (italics, a bullet, a list number the
                       Chinese does not have) in a paragraph or an entity's English name
``markup``             an HTML tag left in the English (``<br>``)
``invented``           the translation talks about the article instead of translating it
``truncated``          the English stops mid-sentence well short of the Chinese
``ocr-placeholder``    ``＠`` for a character the OCR could not read
``ocr-gap``            an ASCII ``?`` or U+FFFD standing for a character inside Chinese
``entity-not-found``   a listed entity absent from one text (``entity-parse``: see build.py)
"""
from __future__ import annotations

import re
import unicodedata

from . import metatext
from .align import text_length
from .patterns import pattern
from .script import cjk_share
from ..tei.model import Article, Note, Paragraph

#: English shorter than this share of the Chinese (in aligned length units) looks truncated.
TRUNCATION_RATIO = 0.6
_CJK_SHARE = 0.3
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_END = re.compile(r"""[.!?。！？…"”'’)）\]*:;—-]\s*$""")
#: Words a sentence cannot end on: the English stops in the middle of a phrase.
_DANGLING = re.compile(r"(?:[,，]|\b(?:the|a|an|of|to|and|or|but|in|on|at|by|for|with|from|that|"
                       r"which|whether|as|is|are|was|were|be|its|their|his|her|our)|['’]s)\s*$",
                       re.IGNORECASE)
_ITALIC = pattern(r"(?<!\w)(?:\*{1,2}[^*\s][^*]*\*{1,2}|_{1,2}[^_\s][^_]*_{1,2})(?!\w)", "*Washington Post*",
                  '*From "Problems of War and Strategy"*')
_BLOCK = pattern(r"^\s*(?:[-*+•]\s|#{1,6}\s|>\s)", "- After the shift in the focus")
_NUMBERED = pattern(r"^\s*(\d{1,2})\.\s", "1. The style of combining theory with practice.")
_HTML = pattern(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", "<br>")
_GLUED = pattern(rf"[A-Za-z][{_HAN}]|[{_HAN}][A-Za-z]", "Thought,勇攀科学技术高峰Strive", "reactionary派's")
_OCR_GAP = pattern(rf"(?<=[{_HAN}])[?\ufffd]|[?\ufffd](?=[{_HAN}])", "河江、高平、谅山、北?、安")
_ZH_DIGITS = "〇一二三四五六七八九"


def _zh_numeral(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def chinese_has_number(n: int, zh: list[Paragraph]) -> bool:
    """Whether the Chinese numbers an item ``n`` (``1.``, ``１、``, ``（一）``, ``一、``, ``①``…)."""
    forms = {str(n), unicodedata.normalize("NFKC", str(n)), _zh_numeral(n),
             "".join(chr(0xFF10 + int(d)) for d in str(n))}
    alts = "|".join(re.escape(f) for f in forms)
    circled = chr(0x2460 + n - 1) if 1 <= n <= 20 else "\uffff"
    marker = re.compile(rf"(?:^|[\s　：:；;。，,])(?:{alts})[、.．:：]|[（(](?:{alts})[)）]|{circled}")
    return any(marker.search(p.text) for p in zh)


def _markdown(p: Paragraph, zh: list[Paragraph]) -> bool:
    if _ITALIC.search(p.text) or _BLOCK.match(p.text):
        return True
    m = _NUMBERED.match(p.text)
    return bool(m) and not chinese_has_number(int(m.group(1)), zh)


def _paragraph_notes(p: Paragraph, zh: list[Paragraph], zh_length: float) -> list[Note]:
    notes: list[Note] = []
    if cjk_share(p.text) > _CJK_SHARE:
        return [Note("untranslated", "English paragraph is mostly Chinese: untranslated "
                     "text was copied into the translation.", p.id)]
    glued = _GLUED.search(p.text)
    if glued:
        notes.append(Note("mixed-script-word", f"Chinese glued into an English word "
                          f"({glued.group()!r}): a character left untranslated.", p.id))
    if _markdown(p, zh):
        notes.append(Note("markdown", "Markdown markup (italics, a bullet, or a list number the "
                          "Chinese does not have) in the translation, kept as written.", p.id))
    if _HTML.search(p.text):
        notes.append(Note("markup", "An HTML tag in the translation, kept as written.", p.id))
    evidence = metatext.evidence(p.text, zh_length)
    if len(evidence) >= 2:
        notes.append(Note("invented", "The translation speaks about the article instead of "
                          f"translating it ({'; '.join(evidence)}): possibly invented text.", p.id))
    return notes


def _truncated(en: list[Paragraph], len_en: float, len_zh: float) -> Note | None:
    """The English stops mid-sentence, well short of the Chinese.

    A short line without final punctuation (a caption, a credit, a headline) is not evidence:
    the last paragraph must end on a comma or a word a sentence cannot end on, or be running
    prose (a finished sentence inside it) that stops without punctuation.
    """
    if not en or not len_zh or len_en / len_zh >= TRUNCATION_RATIO:
        return None
    last = en[-1].text.strip()
    if _SENTENCE_END.search(last) and not last.endswith((",", "，")):
        return None
    prose = len(re.findall(r"[.!?;]\s+\S", last)) >= 1 or len(last.split()) >= 25
    if not (_DANGLING.search(last[-40:]) or prose):
        return None
    return Note("truncated", f"The translation is {len_en / len_zh:.0%} of the expected length "
                "and its last paragraph stops mid-sentence: probably truncated.", en[-1].id)


def _chinese_notes(zh: list[Paragraph]) -> list[Note]:
    notes: list[Note] = []
    for p in zh:
        if "＠" in p.text:
            notes.append(Note("ocr-placeholder", "'＠' marks a character the OCR could not read.",
                              p.id))
        gap = _OCR_GAP.search(p.text)
        if gap:
            notes.append(Note("ocr-gap", f"{gap.group()!r} inside Chinese text stands for a "
                              "character the OCR or a conversion lost.", p.id))
    return notes


def _entity_notes(article: Article) -> list[Note]:
    notes: list[Note] = []
    for e in article.entities:
        if _ITALIC.search(e.en):
            notes.append(Note("markdown", f"Entity {e.zh}: its English name {e.en!r} carries "
                              "Markdown italics.", e.id))
        if not e.checked_ok:
            where = [lang for lang, ok in (("Chinese", e.found_zh), ("English", e.found_en)) if not ok]
            notes.append(Note("entity-not-found", f"Entity {e.zh} / {e.en} not found in the "
                              f"{' or '.join(where)} text.", e.id))
    return notes


def flag(article: Article) -> list[Note]:
    """Every quality note for ``article`` (the caller stores them on the model)."""
    notes: list[Note] = []
    en, zh = article.en_paragraphs, article.zh_paragraphs
    if cjk_share(article.bibl.title_en) > 0:
        notes.append(Note("mixed-script-title", "The English title contains CJK characters."))
    len_zh = sum(text_length(p.text) for p in zh)
    for p in en:
        notes.extend(_paragraph_notes(p, zh, len_zh))
    len_en = sum(text_length(p.text) for p in en if cjk_share(p.text) <= _CJK_SHARE)
    truncated = _truncated(en, len_en, len_zh)
    if truncated:
        notes.append(truncated)
    return notes + _chinese_notes(zh) + _entity_notes(article)
