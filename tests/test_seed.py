"""The seed parser on every variation the survey lists."""
from __future__ import annotations


import pytest

from archivist.errors import SeedError
from archivist.ingest.seed import Line, parse_seed_text, split_entry

from conftest import SEED

TAIL = """
<hr /> 

Original: 


### 标题一  标题二
{author}
1989-05-31
第5版(国内专页（经济）)
专栏：{column}

    标题一
    正文第一段。
"""


def make(header: str, body: str = "    Body line one.\n", ne: str = "", author: str = "",
         column: str = "") -> str:
    return header + "\n" + body + ne + "\n\n" + TAIL.format(author=author, column=column)


def test_page_key_and_column_and_nested_section() -> None:
    s = parse_seed_text(make("Title: T\nAuthor: A B\nDate: 1989-05-31\nPage: 5\nColumn: Col\n",
                             column="三言两语"))
    b = s.bibl
    assert (b.page, b.section_zh, b.column_zh, b.column_en) == (5, "国内专页（经济）", "三言两语", "Col")
    assert b.decks == ["标题一", "标题二"]
    assert b.authors_en == ["A B"]


def test_blank_lines_inside_header_and_no_space_after_title() -> None:
    s = parse_seed_text(make("Title:国民党 Forces\n\nAuthor:\n\nDate: 1989-05-31\n\nEdition: 5\n"))
    assert s.bibl.title_en == "国民党 Forces"
    assert s.bibl.authors_en == []
    assert [ln.text for ln in s.english if ln.text.strip()] == ["    Body line one."]


def test_no_blank_line_after_header() -> None:
    s = parse_seed_text(make("Title: T\nAuthor: \nDate: 1989-05-31\nPage: 5", body="Xinhua News\n"))
    assert [ln.text for ln in s.english] == ["Xinhua News"]


def test_chinese_author_line_and_empty_column() -> None:
    s = parse_seed_text(make("Title: T\nAuthor: Yáng Xiǎokāng  Yáng Lì\nDate: 1989-05-31\nPage: 5\n",
                             author="杨晓康　杨力"))
    assert s.bibl.authors_zh == ["杨晓康", "杨力"]
    assert s.bibl.authors_en == ["Yáng Xiǎokāng", "Yáng Lì"]
    assert s.bibl.column_zh is None


def test_chinese_body_keeps_ideographic_spaces_and_indentation() -> None:
    s = parse_seed_text(make("Title: T\nDate: 1989-05-31\nPage: 5\n"))
    assert s.chinese[0].text == "    标题一"
    s = parse_seed_text(SEED.read_bytes())
    assert all(not ln.text.endswith("\n") for ln in s.chinese)


NE_CASES = {
    "tab": ("毛泽东\tMao Zedong", ("毛泽东", None, "Mao Zedong")),
    "spaces": ("毛泽东      Mao Zedong", ("毛泽东", None, "Mao Zedong")),
    "single space": ("第三个五年计划 The Third Five-Year Plan", ("第三个五年计划", None, "The Third Five-Year Plan")),
    "three fields": ("法国  Fǎguó   France", ("法国", "Fǎguó", "France")),
    "pinyin run": ("法国共产党  Fǎguó Gòngchǎndǎng French Communist Party",
                   ("法国共产党", "Fǎguó Gòngchǎndǎng", "French Communist Party")),
    "pinyin (english)": ("中非共和国  Zhōngfēi Gònghéguó (Central African Republic)",
                         ("中非共和国", None, "Zhōngfēi Gònghéguó (Central African Republic)")),
    "middle dot": ("诺罗敦·西哈努克  Norodom Sihanouk", ("诺罗敦·西哈努克", None, "Norodom Sihanouk")),
    "quotes": ("“韩日条约”    \"South Korea-Japan Treaty\"", ("“韩日条约”", None, "\"South Korea-Japan Treaty\"")),
    "markdown": ("《华盛顿邮报》   *Washington Post*", ("《华盛顿邮报》", None, "*Washington Post*")),
    "tab and spaces": ("周恩来 \t  Zhou Enlai", ("周恩来", None, "Zhou Enlai")),
}


@pytest.mark.parametrize("case", sorted(NE_CASES))
def test_entity_entry_splitting(case: str) -> None:
    line, (zh, pinyin, en) = NE_CASES[case]
    e = split_entry(Line(1, line))
    assert (e.zh, e.pinyin, e.en) == (zh, pinyin, en)


def test_categorised_entity_list_with_groups_and_br() -> None:
    ne = ("\n<br>\n**Named Entities**\n<br>\n\nPeople:\n\n毛泽东  Mao Zedong\n\nPlaces:\n锦州  Jinzhou\n"
          "大庆  Daqing\n\nSlogans:\n\n多快好省  Greater\n")
    s = parse_seed_text(make("Title: T\nDate: 1989-05-31\nPage: 5\n", ne=ne))
    assert [(g.category, g.label, len(g.entries)) for g in s.groups] == [
        ("person", "People:", 1), ("place", "Places:", 2), ("term", "Slogans:", 1)]
    assert [ln.text for ln in s.english if ln.text.strip()] == ["    Body line one."]


def test_flat_list_in_blank_line_groups_runs_to_hr() -> None:
    ne = "\n\n**Named Entities**\n\n四川  Sichuan\n重庆  Chongqing\n\n新华社  Xinhua\n\n\n"
    s = parse_seed_text(make("Title: T\nDate: 1989-05-31\nPage: 5\n", ne=ne))
    assert [[e.zh for e in g.entries] for g in s.groups] == [["四川", "重庆"], ["新华社"]]
    assert all(g.category is None for g in s.groups)


def test_date_and_page_mismatch_are_flagged_not_fixed() -> None:
    text = make("Title: T\nDate: 1989-05-30\nPage: 4\n")
    s = parse_seed_text(text)
    assert s.bibl.date == "1989-05-30" and s.bibl.page == 4
    assert {n.code for n in s.notes} == {"date-mismatch", "page-mismatch"}


def test_missing_chinese_header_line_is_located() -> None:
    text = make("Title: T\nDate: 1989-05-31\nPage: 5\n").replace("第5版(国内专页（经济）)\n", "")
    with pytest.raises(SeedError) as err:
        parse_seed_text(text, "x.md")
    assert err.value.path == "x.md" and err.value.line > 10


def test_every_corpus_file_parses() -> None:
    from conftest import corpus_files
    for path in corpus_files():
        s = parse_seed_text(path.read_bytes(), str(path))
        assert s.bibl.title_en and s.bibl.headline_zh
        assert s.bibl.date == path.name[:10] or path.parent.name == "1989.06"
