"""Quality flags: what looks wrong in a translation or an OCR text, reported, never fixed."""
from __future__ import annotations

import re
import unicodedata

from .align import text_length
from ..tei.model import Article, Note

#: English shorter than this share of the Chinese (in aligned length units) looks truncated.
TRUNCATION_RATIO = 0.6
_CJK_SHARE = 0.3
_SENTENCE_END = re.compile(r"""[.!?。！？…"”'’)）\]*:;—-]\s*$""")
_MARKDOWN = re.compile(r"(?<!\w)\*[^*\s][^*]*\*(?!\w)|^\s*(?:[-•]\s|\d+\.\s)")
_INVENTED = re.compile(r"\b(?:the article does not|this article does not|as an AI|I cannot)\b",
                       re.IGNORECASE)


def _cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    cjk = sum(1 for c in chars if unicodedata.east_asian_width(c) in ("W", "F"))
    return cjk / len(chars)


def flag(article: Article) -> list[Note]:
    """Every quality note for ``article`` (the caller stores them on the model)."""
    notes: list[Note] = []
    en, zh = article.en_paragraphs, article.zh_paragraphs
    if _cjk_share(article.bibl.title_en) > 0:
        notes.append(Note("mixed-script-title", "The English title contains CJK characters."))
    for p in en:
        if _cjk_share(p.text) > _CJK_SHARE:
            notes.append(Note("untranslated", "English paragraph is mostly Chinese: untranslated "
                              "text was copied into the translation.", p.id))
        if _MARKDOWN.search(p.text):
            notes.append(Note("markdown", "Markdown markup (italics or a list marker) in the "
                              "translation, kept as written.", p.id))
        if _INVENTED.search(p.text):
            notes.append(Note("invented", "The translation speaks about the article instead of "
                              "translating it: possibly invented text.", p.id))
    len_en = sum(text_length(p.text) for p in en if _cjk_share(p.text) <= _CJK_SHARE)
    len_zh = sum(text_length(p.text) for p in zh)
    if len_zh and len_en / len_zh < TRUNCATION_RATIO and en and not _SENTENCE_END.search(en[-1].text):
        notes.append(Note("truncated", f"The translation is {len_en / len_zh:.0%} of the expected "
                          "length and its last paragraph stops mid-sentence: probably truncated.",
                          en[-1].id))
    for p in zh:
        if "＠" in p.text:
            notes.append(Note("ocr-placeholder", "'＠' marks a character the OCR could not read.",
                              p.id))
    for e in article.entities:
        if not e.checked_ok:
            where = [lang for lang, ok in (("Chinese", e.found_zh), ("English", e.found_en)) if not ok]
            notes.append(Note("entity-not-found", f"Entity {e.zh} / {e.en} not found in the "
                              f"{' or '.join(where)} text.", e.id))
    return notes
