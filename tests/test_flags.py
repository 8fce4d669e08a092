"""Quality flags: scored against the hand-checked gold, and each false case of issue 10.

The gold (tests/data/gold/flags.json, README beside it) was made by reading the corpus, not by
running archivist; ``flag_gold`` documents the matching rule (file + kind + location).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli
from archivist.ingest.build import build_article
from archivist.ingest.nelist import split_entry
from archivist.ingest.seed import Line, parse_seed_text

import flag_gold
from conftest import SEED, WHEN, options

#: Floors from the measured figures (before this work: precision 0.744, recall 0.744 over 39
#: scored gold flags; after: 1.000 / 1.000). The issue's goal is 0.9; a margin of one or two
#: flags stays below the measurement so that a gold refinement does not break the build.
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95


@pytest.fixture(scope="module")
def score() -> flag_gold.Score:
    return flag_gold.score()


def test_gold_covers_the_corpus_and_the_seed() -> None:
    gold = flag_gold.load_gold()
    files = [k for k in gold if not k.startswith("_")]
    assert len(files) == 63
    assert all(flag_gold.seed_path(k).exists() for k in files)


def test_flag_precision_and_recall_against_gold(score: flag_gold.Score) -> None:
    assert score.precision() >= PRECISION_FLOOR, (score.table(), score.wrong)
    assert score.recall() >= RECALL_FLOOR, (score.table(), score.missed)


def _not_flags() -> list[dict]:
    return [f for f in flag_gold.load_gold()["_not_flags"]]


@pytest.mark.parametrize("case", _not_flags(), ids=lambda f: f"{Path(f['path']).stem[:20]}-{f['kind']}")
def test_look_alike_is_not_flagged(case: dict) -> None:
    """Each look-alike non-problem the readers listed (○ as zero, 'my article', (1)…) stays quiet."""
    found = flag_gold.code_flags(flag_gold.seed_path(case["path"]))
    locations = set(flag_gold.gold_locations(case))
    assert not [f for f in found if f[0] == case["kind"] and f[1] in locations], case["why"]


# --- the false and missed cases named in issue 10, with the text quoted there -----------------

def seed(en: list[str], zh: list[str], ne: list[str] = (), title: str = "Pictures") -> str:
    ne_part = "\n**Named Entities**\n\n" + "\n".join(ne) + "\n" if ne else ""
    return (f"Title: {title}\nAuthor: \nDate: 1966-01-11\nEdition: 1\n\n"
            + "\n".join("    " + t for t in en) + "\n" + ne_part
            + "\n<hr /> \n\nOriginal: \n\n\n### 标题\n\n1966-01-11\n第1版()\n专栏：\n\n"
            + "\n".join("    " + t for t in zh) + "\n")


def notes(en: list[str], zh: list[str], ne: list[str] = (), title: str = "Pictures") -> list:
    article = build_article(parse_seed_text(seed(en, zh, ne, title)), when=WHEN)
    where = {p.id: ("en", i) for i, p in enumerate(article.en_paragraphs)}
    where.update({p.id: ("zh", i) for i, p in enumerate(article.zh_paragraphs)})
    where.update({e.id: ("entity", e.zh) for e in article.entities})
    return [(n.code, where.get(n.target)) for n in article.notes]


def test_entity_with_pinyin_slash_english_is_parsed() -> None:
    e = split_entry(Line(7, "陆丰县  Lùfēng Xiàn / Lufeng County"))
    assert (e.zh, e.pinyin, e.en, e.doubt) == ("陆丰县", "Lùfēng Xiàn", "Lufeng County", None)
    found = notes(["Lufeng County held a meeting."], ["陆丰县召开大会。"],
                  ["陆丰县  Lùfēng Xiàn / Lufeng County"])
    assert found == []


def test_unparseable_entity_entry_is_flagged() -> None:
    found = notes(["Lufeng County held a meeting."], ["陆丰县召开大会。"], ["陆丰县"])
    assert ("entity-parse", ("entity", "陆丰县")) in found


def test_run_together_pinyin_and_english_is_flagged_as_a_guess() -> None:
    e = split_entry(Line(3, "法国共产党  Fǎguó Gòngchǎndǎng French Communist Party"))
    assert (e.pinyin, e.en) == ("Fǎguó Gòngchǎndǎng", "French Communist Party")
    assert e.doubt and "run together" in e.doubt


@pytest.mark.parametrize("zh_number", ["一、", "１．", "1.", "（一）", "1、"])
def test_numbering_the_chinese_has_is_not_markdown(zh_number: str) -> None:
    en = ["1. Appoint Wu Xiuquan as Ambassador Extraordinary and Plenipotentiary to Yugoslavia."]
    zh = [f"{zh_number}任命伍修权为中华人民共和国驻南斯拉夫联邦人民共和国特命全权大使。"]
    assert [f for f in notes(en, zh) if f[0] == "markdown"] == []


def test_numbering_the_chinese_lacks_is_markdown() -> None:
    en = ["1. Appoint Wu Xiuquan as Ambassador Extraordinary and Plenipotentiary to Yugoslavia."]
    zh = ["任命伍修权为中华人民共和国驻南斯拉夫联邦人民共和国特命全权大使。"]
    assert ("markdown", ("en", 0)) in notes(en, zh)


def test_poem_line_with_i_cannot_is_not_invented() -> None:
    en = ["Chairman Mao, I cannot forget your kindness,", "The red sun shines on my heart."]
    zh = ["毛主席呵，您的恩情我忘不了，", "红太阳照亮我心房。"]
    assert [f for f in notes(en, zh) if f[0] == "invented"] == []


def test_meta_commentary_is_invented() -> None:
    en = ["The article does not have a 专栏: section.", "Comrades gathered in the square."]
    zh = ["同志们聚集在广场上。"]
    assert ("invented", ("en", 0)) in notes(en, zh)


def test_ascii_question_mark_inside_chinese_is_an_ocr_gap() -> None:
    found = notes(["Long live Chairman Mao!"], ["毛?席万岁！"])
    assert ("ocr-gap", ("zh", 0)) in found
    assert ("ocr-gap", ("zh", 0)) in notes(["Long live!"], ["毛\ufffd席万岁！"])
    assert [f for f in notes(["Is it so?"], ["是这样吗？"]) if f[0] == "ocr-gap"] == []


def test_chinese_glued_into_an_english_word_is_flagged() -> None:
    found = notes(["The Iron索 bridge was opened to traffic."], ["铁索桥通车了。"])
    assert ("mixed-script-word", ("en", 0)) in found
    quoted = notes(["He wrote the word 专栏 on the board."], ["他在黑板上写了专栏两个字。"])
    assert [f for f in quoted if f[0] == "mixed-script-word"] == []


def test_complete_two_photo_caption_is_not_truncated() -> None:
    en = ["Above: Dazhai members build terraces on Tiger Head Hill",
          "Photo by our reporter Lü Xiangyou",
          "Below: Chen Yonggui plans next year's crops with members",
          "Xinhua reporter Qian Sijie"]
    zh = ["上图：山西省昔阳县大寨大队的社员们在虎头山上修筑层层梯田",
          "本报记者　吕相友摄",
          "下图：大寨大队党支部书记陈永贵同社员们一起研究明年的农业生产计划",
          "新华社记者　钱嗣杰摄"]
    assert [f for f in notes(en, zh) if f[0] == "truncated"] == []


def test_english_stopping_mid_sentence_is_truncated() -> None:
    en = ["The Chinese Foreign Ministry sent a note to the Indian Embassy in China.",
          "The note said that the Indian government was trying to consider whether to "
          "recognize China's"]
    zh = ["中华人民共和国外交部照会印度驻华大使馆。",
          "照会说，印度政府正在策划考虑是否承认中国对西藏的“宗主权”，这是对中国内政的粗暴干涉。",
          "中国政府对此提出强烈抗议，并且要求印度政府立即停止这种干涉中国内政的活动。"
          "印度政府必须对由此产生的一切后果负完全责任。"]
    assert ("truncated", ("en", 1)) in notes(en, zh)


def test_strict_quiet_failure_prints_the_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "tei", "--strict", str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "error:" in result.stderr and "[entity-not-found]" in result.stderr
    assert str(SEED) in result.stderr


# --- labels only where true: a headline or byline whose English exists ------------------------

CANJUN = flag_gold.SHARED / "corpus" / "1947.06" / "1947-06-02_参军.md"


def test_headline_and_byline_are_not_labelled_untranslated() -> None:
    """参军 / 古今 repeat the headline and byline; their English is the title and the author."""
    from lxml import etree

    from archivist.ingest.build import convert
    from archivist.render import epub, pdf

    article = convert(CANJUN, when=WHEN)
    lone = [p.text.strip() for p in article.zh_paragraphs if not p.corresp]
    assert lone == ["参军", "古今"]  # the model as the aligner leaves it
    rows = etree.fromstring(pdf.html_document(article, options())).xpath(
        "//*[local-name()='tr'][.//*[local-name()='td' and contains(@class,'empty')]]")
    labels = {"".join(r.xpath(".//*[@class='zh']//text()")).strip():
              "".join(r.xpath(".//*[contains(@class,'empty')]//text()")) for r in rows}
    assert labels == {"参军": "translated in the title", "古今": "translated in the byline"}
    page = etree.fromstring(epub._text_page(article, "zh-Hans"))
    notes = page.xpath("//*[@class='unaligned-note']/text()")
    assert notes == ["translated in the title", "translated in the byline"]
    assert "not translated" not in notes


def test_a_body_line_without_english_keeps_its_label() -> None:
    from archivist.render import xhtml

    article = build_article(parse_seed_text(seed(["Long live!"], ["毛主席万岁！", "群众欢呼。"])),
                            when=WHEN)
    assert xhtml.english_elsewhere(article, article.zh_paragraphs[1]) is None


def test_every_flag_points_at_its_unit_in_the_master(masters: dict) -> None:
    """Flags live in notesStmt, each with a @target that exists (a paragraph or an entity)."""
    from lxml import etree

    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for path, master in masters.items():
        root = etree.fromstring(master)
        for note in root.xpath("//t:notesStmt/t:note[@type='qa']", namespaces=ns):
            if note.get("subtype") in ("date-mismatch", "page-mismatch", "mixed-script-title"):
                continue  # about the header, which has no unit to point at
            target = (note.get("target") or "")[1:]
            assert target and root.xpath(f"//*[@xml:id='{target}']"), (path.name, note.text)


def test_cjk_share_counts_wide_characters_exactly() -> None:
    """qa's fast count (str.translate) agrees with unicodedata on every corpus paragraph."""
    import unicodedata

    from archivist.ingest.build import convert
    from archivist.ingest.script import cjk_share

    def slow(text: str) -> float:
        chars = [c for c in text if not c.isspace()]
        wide = sum(1 for c in chars if unicodedata.east_asian_width(c) in ("W", "F"))
        return wide / len(chars) if chars else 0.0

    for path in (flag_gold.SHARED / "corpus").glob("*/*.md"):
        article = convert(path, when=WHEN)
        for p in article.en_paragraphs + article.zh_paragraphs:
            assert cjk_share(p.text) == pytest.approx(slow(p.text)), (path.name, p.text)
    assert cjk_share("中文 ab\u3000") == pytest.approx(0.5)


def test_entity_with_two_spellings_is_found_by_either() -> None:
    """Without tone marks the pinyin cannot be told from English: both spellings are looked for."""
    found = notes(["Lufeng County held a meeting."], ["陆丰县召开大会。"],
                  ["陆丰县  Lufeng Xian / Lufeng County"])
    assert [f for f in found if f[0] == "entity-not-found"] == []


@pytest.mark.parametrize("text", [
    "I'm sorry, I cannot translate this passage because the scan is unreadable.",
    "(Translator's note: the last line of the original is cut off.)",
])
def test_assistant_speech_is_invented(text: str) -> None:
    assert ("invented", ("en", 1)) in notes(["Comrades met.", text], ["同志们开会。", "大家发言。"])
