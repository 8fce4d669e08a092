"""Structural roles of body lines, recognised before aligning.

A newspaper article's body holds lines that are not running text: the headline repeated as
the first line, a column name (简明新闻), a byline, a dateline, a photo credit
(本报记者　吕相友摄), a source line （据新华社讯） and an editor's note (编者按). The aligner
never forces such a line into a pair with body text; it pairs it with its translation when
the English has one. Each detector looks at one line and the article's header facts
(headline decks, authors, English title), never at a particular file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dictionary
from .patterns import pattern
from ..tei.model import Bibl
from ..tei.vocab import ROLE_TEXT

#: The roles, in the order the TEI master's interpGrp lists them.
ROLES = tuple(ROLE_TEXT)
#: Roles of lines that are apparatus rather than text: alone without cost, never merged
#: into a bead with body text of the other language unless that text contains them.
APPARATUS = frozenset(ROLES[:7])
#: Roles that may pair with each other (a column name is a kind of headline; credits, bylines
#: and source lines all name who made the text or picture, and one language's credit is often
#: the other's source: 陆永祯  摄（劳动报社稿） ↔ "Lu Yongzhen  Photo (Labor Newspaper Submission)").
ROLE_GROUP = {"headline": 0, "column": 5, "byline": 1, "credit": 1, "dateline": 2, "source": 1,
              "editor-note": 4}
#: English lines that translate nothing: a note about the file, Chinese copied untranslated.
NOT_TRANSLATION = frozenset({"comment", "untranslated"})
_UNTRANSLATED_SHARE = 0.3

_ZH_NUM = "〇零○一二三四五六七八九十0-9０-９"
_ZH_DATE = pattern(rf"^[{_ZH_NUM}]{{2,4}}年[{_ZH_NUM}]{{1,2}}月([{_ZH_NUM}]{{1,3}}日)?$", "一九五五年二月二十四日",
                   "1958年7月31日")
_ZH_SOURCE = pattern(r"^(?:[^（）]{0,12})?（(?:据)?[^（）]{0,10}(?:社|报|台)[^（）]{0,4}）$|^《[^》]+》$",
                     "（据新华社）", "越南通讯社稿（新华社发）")
#: A credit closes with 摄/绘/画/作 — but not the words 工作, 合作, 创作, 计画 (plan) … do.
_ZH_CREDIT = pattern(r"(?:摄|摄影|绘|(?<![计规壁])画|(?<![工合创写操动制协著运耕])作|供稿)$", "展潮摄")
_ZH_EDITOR = pattern(r"^[【〔（(]?编者(?:按|的话|注)", "（编者注：近几年来工业总产值增长的速度是：")
_ZH_COLUMN = pattern(r"(?:简讯|简明新闻|新闻|语录|三言两语|短评|快讯|动态|杂谈|小评论)$", "外事简讯", "体育简讯")
_ZH_NOT_NAMES = pattern(r"^[（(]?(?:[一二三四五六七八九十〇0-9０-９]+|未完|待续|续|完|续完)[）)]?$", "（二）")
_ZH_TITLED_NAME = pattern(r"^[\u4e00-\u9fff（）]{2,30}(?:\s{2,}|\u3000)[\u4e00-\u9fff]{2,4}$",
                          "中华人民共和国主席\u3000刘少奇")
_ZH_NAMES = pattern(r"^[（(]?[\u4e00-\u9fff]{1,4}(?:[、，　 ]+[\u4e00-\u9fff]{1,4}){0,4}[）)]?$", "英韬\u3000苗地",
                    "（张安泉、汪良璧）")
_ZH_PICTURE = pattern(r"（(?:图片|漫画|照片|木刻|画)）", "侵略者，记住朝鲜战争！（图片）")
#: A short bracketed note closing a headline deck: a genre (（歌曲）, （回族民歌）, （外一首）),
#: a picture note, a reading hint (（从左至右　从上至下）).
_ZH_DECK_NOTE = pattern(r"（[^（）]{1,12}）$", "思念（外一首）", "毛主席就是红太阳（回族民歌）",
                        "图片说明（从左至右\u3000从上至下）")
_ZH_CLOSING_SIGNATURE = pattern(r"[。！？」”）](?:\s{2,}|\u3000)[\u4e00-\u9fff\s\u3000]{2,20}$",
                                "又省力气。  四川荣县农民报\u3000王大永")
#: Surnames (the common ones of the Hundred Family Surnames), for telling an "office  name" byline from a verse line with a wide gap.
_ZH_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤聂鲁葛柯傅乔阎翟赖温庞樊兰殷施牛洪季章左"
    "齐康伍元卜平和穆萧湛祁禹狄米贝明臧计伏成谈茅纪舒屈项祝阮蓝闵席麻强路娄危童颜梅盛刁骆凌霍虞支昝管经房裘缪干解应宗宣贲郁单"
    "杭包诸吉钮嵇邢滑裴荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井富巫乌焦巴弓牧隗山谷车宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖景詹"
    "束幸司韶郜蓟薄印宿怀蒲邰从鄂索咸籍卓蔺屠蒙池阴胥能苍双闻莘党贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮寿通边扈燕冀郏浦尚农别庄晏柴"
    "瞿充慕连茹习宦艾鱼容古易慎戈庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍晁勾敖融冷訾辛阚那简饶空毋沙乜养鞠"
    "须丰巢关蒯相查后荆红游竺权逯盖益桓公岳商佟邬鲍帅")
_ZH_INLINE_DATELINE = re.compile(r"^(?:据)?新华社[^　 ，。]{0,12}?[一二三四五六七八九十0-9０-９]+日(?:讯|电)")

_ZH_DECK_CHARS = re.compile(r"^[\u4e00-\u9fff·“”　 ]+$")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|"
           "November|December")
_EN_DATE = re.compile(rf"^(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
                      rf"\d{{1,2}}\s+(?:{_MONTHS}),?\s+\d{{4}})\.?$")
_AGENCY = r"(?:New China News Agency|Xinhua(?: News Agency)?|NCNA)"
_EN_DATELINE = re.compile(rf"^{_AGENCY}\b[^.]{{0,40}}\b(?:{_MONTHS}\s+)?\d{{1,2}}(?:st|nd|rd|th)?\.?$")
_EN_SOURCE = re.compile(rf"^\(?(?:According to |Source: )?(?:the )?{_AGENCY}\)?\.?$|"
                        r"^\*?\(?From [\"“][^\"”]+[\"”]\)?\*?$|^\((?:According to |From )[^()]+\)$")
#: "Photo by …", "Drawn by …", "… Photo", "Photo: …", "photographer …" — not a bare "photo" inside a
#: caption heading ("Photo Caption (From left to right…)").
_EN_CREDIT = re.compile(r"^\(?(?:Photo(?:graph)?(?:ed)?|Picture|Drawing|Drawn|Woodcut)\b.{0,60}"
                        r"\bby\b|\bphoto(?:graph)?(?:ed)? by\b|\bphotographer\b|"
                        r"\bphoto\b(?!\s+caption)\s*(?:\([^()]*\))?[^a-z]*$|^\(?(?:photo|picture)s?\s*[:：/]", re.IGNORECASE)
_EN_EDITOR = re.compile(r"^[\[(]?Editor'?s'? [Nn]ote")
_EN_COLUMN = re.compile(r"^(?:[A-Z][\w'’-]*\s+){0,4}(?:News(?: Briefs?)?|Briefs?|Quotations(?: from "
                        r"Chairman Mao)?|Brief Comments|Mailbox|Short Commentary)$")
_EN_AGENCY_LEAD = re.compile(rf"^(?:The |According to )?(?:the )?{_AGENCY}\b")
_EN_COMMENT = re.compile(r"^(?:The|This) (?:article|text|original|passage|file)\b[^.]*"
                         r"\b(?:does not|doesn't|has no|is not|contains no)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: A closing bracketed note of an English headline: (Song), (Picture), (From left to right…).
_EN_NOTE = re.compile(r"\s*\([^()]{1,60}\)$")
_STOP = frozenset("a an the of and in on to for with at by from is are its his her as".split())


@dataclass(frozen=True)
class Roles:
    """Roles of each English and Chinese paragraph (None: running text), plus hints."""

    en: list[str | None]
    zh: list[str | None]
    #: English paragraphs that open with the headline's translation, then run on.
    en_has_title: frozenset[int] = frozenset()
    #: Chinese paragraphs that open with an inline dateline (新华社三十一日讯…).
    zh_has_dateline: frozenset[int] = frozenset()
    #: English paragraphs that close with the picture's credit ("…Gala.  Photo by Xinhua
    #: News Agency reporter"), so may take the Chinese credit line into their bead.
    en_has_credit: frozenset[int] = frozenset()
    #: English headline lines that are the whole English title: they translate every deck
    #: of the Chinese headline, so may pair with several.
    en_whole_title: frozenset[int] = frozenset()
    #: Chinese paragraphs that close with a signature set off by a wide gap (…又省力气。
    #: 四川荣县农民报　王大永), which the English may give a line of its own.
    zh_has_signature: frozenset[int] = frozenset()


def _cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if "\u3400" <= c <= "\u9fff") / len(chars) if chars else 0.0


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOP]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _short(text: str, limit: int) -> bool:
    return len(text) <= limit and not text.endswith(("。", "！", "？", "；"))


def _deck_parts(bibl: Bibl) -> list[str]:
    """The headline's decks, each split at a dash (main title —— subtitle), with a closing
    short bracketed note dropped (（图片）, （歌曲）, （外一首））."""
    parts = []
    for deck in bibl.decks:
        for part in re.split(r"—+", _ZH_PICTURE.sub("", _squeeze(deck))):
            if part:
                parts.append(_ZH_DECK_NOTE.sub("", part) or part)
    return parts


def _deck_match(flat: str, bibl: Bibl) -> bool:
    """The line is one or more whole headline decks (a trailing （图片） may be dropped), or
    one dash-separated part of a deck, with or without a short bracketed note."""
    if _whole_decks(flat, bibl):
        return True
    bare = flat.lstrip("—")
    bare = _ZH_DECK_NOTE.sub("", bare) or bare
    return bool(bare) and bare in _deck_parts(bibl)


def _whole_decks(flat: str, bibl: Bibl) -> bool:
    decks = [_ZH_PICTURE.sub("", _squeeze(d)) for d in bibl.decks]
    whole = "".join(decks)
    bounds, pos = {0}, 0
    for d in decks:
        pos += len(d)
        bounds.add(pos)
    start = whole.find(flat) if flat else -1
    if start >= 0 and start in bounds and start + len(flat) in bounds:
        return True
    # the headline followed by the artist's or author's name: 侵略者，记住朝鲜战争！  温勇雄
    return any(d and flat.startswith(d) and len(flat) - len(d) <= 6 for d in decks + [whole])


def zh_role(text: str, bibl: Bibl, index: int, count: int = 0) -> str | None:
    """The role of one Chinese body line (``index`` counts from the first body line;
    ``count``: number of Chinese body lines, 0 if unknown)."""
    s = text.strip()
    flat = _squeeze(s)
    if not flat:
        return None
    if _ZH_EDITOR.match(flat):
        return "editor-note"
    if index <= 1 and _ZH_COLUMN.search(flat) and len(flat) <= 8 and (
            _deck_match(flat, bibl) or flat == _squeeze(bibl.column_zh or "")):
        return "column"
    if index <= 1 and bibl.column_zh and flat.strip(_DECORATION) == _squeeze(bibl.column_zh):
        return "column"  # the column's name repeated as the first line: ·友好往来·
    if index <= 4 and _deck_match(flat, bibl):
        return "headline"
    if _ZH_DATE.match(flat):
        return "dateline"
    if _ZH_SOURCE.match(flat) and len(flat) <= 24:
        return "source"
    if _short(flat, 24) and _ZH_CREDIT.search(flat) and not _ZH_INLINE_DATELINE.match(flat):
        return "credit"
    return _zh_name_role(s, flat, bibl, index, count)


def _office_and_name(s: str, index: int, count: int) -> bool:
    """An office and a name (国务院副总理　聂荣臻): at the top or the end of the text, the
    name opening with a common surname, and not a verse line repeating itself across a wide
    gap (密密地　密密地, 轻轻地　轻轻)."""
    if not (index >= 1 and _ZH_TITLED_NAME.match(s)):
        return False
    head, tail = re.split(r"\s{2,}|\u3000", s)[0], s.split()[-1]
    near_edge = index <= 3 or not count or index >= count - 3
    return near_edge and tail[0] in _ZH_SURNAMES and not set(tail) <= set(head)


def _zh_name_role(s: str, flat: str, bibl: Bibl, index: int, count: int = 0) -> str | None:
    """Bylines and credits: an author's name, names in brackets, an office and a name."""
    if _ZH_NOT_NAMES.match(flat) or not _short(flat, 30):
        return None
    picture = bool(_ZH_PICTURE.search(bibl.headline_zh))
    authors = [_squeeze(a) for a in bibl.authors_zh if a.strip()]
    names = _ZH_NAMES.match(flat) and (flat.startswith(("（", "(")) or index <= 2 and len(flat) <= 12)
    if any(flat.endswith(a) or flat.strip("（）()") == a for a in authors) or names:
        return "credit" if picture else "byline"
    if _office_and_name(s.strip(), index, count):
        return "byline"
    if flat.startswith("（") and flat.endswith("）") and len(flat) > 8 and "。" not in flat[:-2]:
        return "editor-note"
    return None


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _title_overlap(text: str, title: str) -> float:
    a, b = _words(text), _words(title)
    return len(a & b) / len(b) if b else 0.0


def _stems(text: str) -> set[str]:
    """Content words without possessive endings (Students' → students)."""
    return {re.sub(r"(?:['’]s|['’])$", "", w) for w in _words(text)} - _STOP


def _headline_like(s: str, bibl: Bibl) -> bool:
    """The headline, or a paraphrase of it ("Middle School Students' Top Ten Concerns" for
    "Ten Major Concerns of Middle School Students"; "Students, please resume classes!")."""
    title = bibl.title_en.strip()
    if s == title or (len(s) > 3 and s in title) or _EN_NOTE.sub("", s) == _EN_NOTE.sub("", title):
        return True
    if title.endswith(f" {s}") and not title.startswith(s):  # a serial deck: "… Escape 3", "3"
        return True
    words, title_words = _stems(s), _stems(title)
    if not words or s.endswith((".", "?", ",", ";", ":")) or len(s) > len(title) + 12:
        return False
    return len(words & title_words) >= max(min(2, len(title_words)), 0.6 * len(words))


def _headline_sentence(s: str, bibl: Bibl, index: int, count: int) -> bool:
    """The headline translated as a sentence on its own line, before the body."""
    title = bibl.title_en.strip()
    return (index == 0 and count > 1 and len(s) <= 2 * len(title)
            and _title_overlap(s, title) >= 0.75 and not _EN_AGENCY_LEAD.match(s))


def _signature(s: str, index: int, count: int) -> bool:
    """A letter's or telegram's closing signature: office and name, near the end."""
    return (index >= 2 and index >= count - 3 and len(s) <= 110 and not s.endswith(tuple(".?!:,;"))
            and not any(c.isdigit() for c in s)
            and _title_case(s) and len(_WORD.findall(s)) >= 2)


#: Marks a column name is set between: ·友好往来·, 【文化生活】.
_DECORATION = "·•・【】〔〕 \u3000"


def _translates_column(s: str, bibl: Bibl) -> bool:
    """An English first line that names the Chinese column (专栏：读者来信 → "Reader's
    Letter", 文化生活简评 → "Brief Comments on Cultural Life"): short, no sentence, and at
    least half its content words gloss words of the column's name in CC-CEDICT."""
    if not bibl.column_zh or s.endswith((".", ",", ";", "?", "!")) or len(s.split()) > 6:
        return False
    words = dictionary.en_lemmas(s.strip(_DECORATION))
    shared = words & dictionary.zh_glosses(bibl.column_zh)
    return bool(shared) and len(shared) >= len(words) / 2


def en_role(text: str, bibl: Bibl, index: int, count: int = 0) -> str | None:
    """The role of one English body line (``count``: number of English body lines)."""
    s = text.strip().strip("*").strip()
    if not s:
        return None
    if en_comment(s):
        return "comment"
    if _cjk_share(s) > _UNTRANSLATED_SHARE:
        return "untranslated"
    if _EN_EDITOR.match(s):
        return "editor-note"
    if _EN_DATE.match(s) or _EN_DATELINE.match(s):
        return "dateline"
    if _EN_SOURCE.match(s):
        return "source"
    if len(s) < 120 and _EN_CREDIT.search(s) and not s.endswith("."):
        return "credit"
    if index == 0 and _translates_column(s, bibl):
        return "column"
    if index <= 3 and _headline_like(s, bibl) and (index == 0 or not s.endswith((",", ";"))) \
            or _headline_sentence(s, bibl, index, count):
        return "column" if _EN_COLUMN.match(s) and index == 0 else "headline"
    if index == 0 and bibl.column_en and s == bibl.column_en.strip():
        return "column"
    picture = bool(_ZH_PICTURE.search(bibl.headline_zh))
    authors = [a for a in bibl.authors_en if a.strip()]
    if len(s) < 100 and not s.endswith(".") and any(s.endswith((a, a + ")")) for a in authors):
        return "credit" if picture else "byline"
    if index <= 2 and authors and s == ", ".join(authors):
        return "credit" if picture else "byline"
    if s.startswith("(") and s.endswith(")") and len(s.split()) <= 6 and "." not in s \
            and not re.search(r"\b(?:[IVXLC]+|\d+|continued|end|to be continued)\)$", s, re.I):
        return "byline"
    if _signature(s, index, count) and not picture:  # a picture page ends with captions
        return "byline"
    if s.startswith("(") and s.endswith(")") and len(s.split()) > 6:
        return "editor-note"
    return None


def en_has_title(text: str, bibl: Bibl) -> bool:
    """True for a paragraph that restates the headline, then gives the agency's dateline:
    "Relevant authorities have announced …. The New China News Agency reports from …"."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)
    return (len(first) == 2 and _title_overlap(first[0], bibl.title_en) >= 0.75
            and bool(_EN_AGENCY_LEAD.match(first[1])))


def en_ends_with_credit(text: str) -> bool:
    """A caption whose last sentence, or last tab-separated field, is a credit."""
    tail = re.split(r"\t+|(?<=[.!?])\s+", text.strip())[-1].strip()
    return tail != text.strip() and len(tail) < 80 and bool(_EN_CREDIT.search(tail))


def en_comment(text: str) -> bool:
    """A line about the file, not a translation: "The article does not have a 专栏: section."."""
    return bool(_EN_COMMENT.match(text.strip()))


def _leading_heads(roles: list[str | None], texts: list[str], is_head, most: int = 4) -> None:
    """Lines of the opening run of headline decks (kicker, main line, subtitle) are headlines,
    at most ``most`` of them."""
    if "headline" not in roles[:4]:
        return
    for k, text in enumerate(texts[:most]):
        if roles[k] is None and is_head(text.strip()) and all(r == "headline" for r in roles[:k]):
            roles[k] = "headline"
        elif roles[k] != "headline":
            break


def _drop_inner_signatures(roles: list[str | None], texts: list[str]) -> None:
    """A closing signature ends the text: a title-case line followed by running text (more
    than 60 characters) is a sub-headline or a picture title, not a signature."""
    for k in range(len(texts) - 1, -1, -1):
        s = texts[k].strip().strip("*").strip()
        if len(s) > 60:
            break
    else:
        return
    for i in range(k):
        s = texts[i].strip().strip("*").strip()
        if roles[i] == "byline" and _signature(s, i, len(texts)):
            roles[i] = None


def recognise(en: list[str], zh: list[str], bibl: Bibl) -> Roles:
    """Roles of every paragraph of both languages."""
    en_roles = [en_role(t, bibl, i, len(en)) for i, t in enumerate(en)]
    zh_roles = [zh_role(t, bibl, j, len(zh)) for j, t in enumerate(zh)]
    _drop_inner_signatures(en_roles, en)
    _leading_heads(zh_roles, zh, lambda s: len(s) <= 30 and bool(_ZH_DECK_CHARS.match(s)))
    # no more English decks than Chinese ones (where the Chinese repeats its headline): on a
    # picture page the captions that follow the headline are title case too
    zh_decks = zh_roles[:4].count("headline")
    _leading_heads(en_roles, en, lambda s: _title_case(s) and not s.endswith((".", "?")),
                   max(2, zh_decks) if zh_decks else 4)
    has_title = frozenset(i for i, t in enumerate(en[:2])
                          if en_roles[i] is None and en_has_title(t, bibl))
    has_dateline = frozenset(j for j, t in enumerate(zh)
                             if zh_roles[j] is None and _ZH_INLINE_DATELINE.match(_squeeze(t)))
    has_credit = frozenset(i for i, t in enumerate(en)
                           if en_roles[i] is None and en_ends_with_credit(t))
    whole = frozenset(i for i, t in enumerate(en[:4]) if en_roles[i] == "headline"
                      and _fold(t) == _fold(bibl.title_en))
    has_signature = frozenset(j for j, t in enumerate(zh)
                              if zh_roles[j] is None and _ZH_CLOSING_SIGNATURE.search(t.rstrip()))
    return Roles(en_roles, zh_roles, has_title, has_dateline, has_credit, whole, has_signature)


def _fold(text: str) -> str:
    """Words and numbers, lower case: the title as a line of the body may differ in case."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
