"""Structural roles, each recognised on real corpus lines, and never paired with other content."""
from __future__ import annotations

from pathlib import Path

import pytest

from archivist.ingest.build import convert
from archivist.ingest.roles import en_ends_with_credit, en_role, zh_role
from archivist.ingest.seed import read_seed

import goldscore
from conftest import CORPUS, WHEN

#: (seed, language, line as in the seed (stripped), role or None) — read off the seeds by hand;
#: tests/data/gold/README.md says how. "corpus" lines are from ../shared/corpus, "dev" lines
#: from the unseen dev set, each one a too eager or too narrow rule once got wrong.
ROLE_CASES = goldscore.GOLD_DIR / "roles.tsv"


def _cases(which: str) -> list[tuple[str, str, str, str | None]]:
    rows = []
    for line in ROLE_CASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, seed, lang, role, text = line.split("\t")[:5]  # then a note
            if kind == which:
                rows.append((seed, lang, text, None if role == "-" else role))
    return rows


CASES = _cases("corpus")


def _article_role(seed: str, lang: str, line: str) -> str | None:
    article = convert(CORPUS / seed, when=WHEN)
    paras = article.en_paragraphs if lang == "en" else article.zh_paragraphs
    hits = [p for p in paras if p.text.strip() == line.strip()]
    assert len(hits) == 1, f"{line!r} is not one line of {seed}"
    return hits[0].role


@pytest.mark.parametrize("seed,lang,line,role", CASES, ids=[f"{c[3]}-{c[1]}-{c[2][:12]}" for c in CASES])
def test_role_recognised_on_corpus_line(seed: str, lang: str, line: str, role: str) -> None:
    assert _article_role(seed, lang, line) == role


def test_editors_note_and_photo_credit_patterns() -> None:
    bibl = read_seed(CORPUS / "1966.01/1966-01-01_中非共和国部长接见我专家.md").bibl
    assert zh_role("    编者按：这是一封读者来信。", bibl, 3) == "editor-note"
    assert zh_role("    本报记者　吕相友摄", bibl, 4) == "credit"
    assert zh_role("    （据新华社讯）", bibl, 5) == "source"
    assert en_role("Editor's note: this letter is printed in full.", bibl, 2) == "editor-note"
    assert zh_role("    （二）", bibl, 2) is None and zh_role("    （未完）", bibl, 9) is None


def test_running_text_has_no_role() -> None:
    article = convert(CORPUS / "1966.08/1966-08-04_日本社会党国会议员访华团到京.md", when=WHEN)
    assert [p.role for p in article.zh_paragraphs][1:] == [None, None]
    assert all(p.role is None for p in article.en_paragraphs)


def test_structural_lines_never_pair_with_other_content() -> None:
    """Across the corpus: every pair the aligner makes with a line the gold marks as
    structural is a pair the gold has."""
    units = goldscore._units_module()
    from archivist.ingest.evaluate import article_pairs, links, map_units
    wrong = []
    for key, entry in goldscore.load_gold().items():
        path = goldscore.seed_path(key)
        en, zh, _ = units.units(str(path))
        article = convert(path, when=WHEN)
        em = map_units(en, [p.text for p in article.en_paragraphs])
        zm = map_units(zh, [p.text for p in article.zh_paragraphs])
        en_unit = {p: u for u, p in enumerate(em) if p is not None}
        zh_unit = {p: u for u, p in enumerate(zm) if p is not None}
        gold = links(entry["beads"])
        roles_en = {int(k) for k, r in entry["roles"]["en"].items() if r not in ("caption", "list-item")}
        roles_zh = {int(k) for k, r in entry["roles"]["zh"].items() if r not in ("caption", "list-item")}
        for i, j in article_pairs(article):
            link = (en_unit[i], zh_unit[j])
            if (link[0] in roles_en or link[1] in roles_zh) and link not in gold:
                wrong.append((key, link))
    assert not wrong


DEV = goldscore.UNSEEN_DIR / "dev"
DEV_CASES = [(str(DEV / seed), *rest) for seed, *rest in _cases("dev")] + \
    [(str(goldscore.UNSEEN_DIR / "dev2" / seed), *rest) for seed, *rest in _cases("dev2")]


def _roles_of(path, lang: str, line: str) -> list[str | None]:
    article = convert(path, when=WHEN)
    paras = article.en_paragraphs if lang == "en" else article.zh_paragraphs
    return [p.role for p in paras if p.text.strip() == line.strip()]


@pytest.mark.parametrize("seed,lang,line,role", DEV_CASES, ids=[f"{c[3]}-{c[1]}-{c[2][:12]}" for c in DEV_CASES])
def test_role_recognised_on_unseen_line(seed: str, lang: str, line: str, role: str | None) -> None:
    found = _roles_of(Path(seed), lang, line)
    assert found and set(found) == {role}


def test_credit_and_source_lines_pair_across_kinds() -> None:
    """陆永祯  摄（劳动报社稿） ↔ "Lu Yongzhen  Photo (Labor Newspaper Submission)": a credit
    with a source note pairs with its translation whichever kind each side is given."""
    from archivist.ingest.evaluate import article_pairs
    article = convert(DEV / "1956.01/1956-01-01_图片.md", when=WHEN)
    en = {p.text.strip(): i for i, p in enumerate(article.en_paragraphs)}
    zh = {p.text.strip(): j for j, p in enumerate(article.zh_paragraphs)}
    pair = (en["Lu Yongzhen  Photo (Labor Newspaper Submission)"], zh["陆永祯  摄（劳动报社稿）"])
    assert pair in set(article_pairs(article))


def test_caption_closing_with_its_credit() -> None:
    """1966-08-01_图片 (dev): the English joins caption and credit on one line."""
    assert en_ends_with_credit("…the Gala.\t\tPhoto by Xinhua News Agency reporter")
    assert en_ends_with_credit("Workers at the site. Photo by Lu Yongzhen")
    assert not en_ends_with_credit("Photo by Xinhua News Agency reporter")  # a credit line itself
    assert not en_ends_with_credit("He took a photo of the bridge. Then he left.")


def test_english_credit_forms() -> None:
    """Credits as the corpus and dev files write them, and caption text that is none."""
    bibl = read_seed(CORPUS / "1966.01/1966-01-01_中非共和国部长接见我专家.md").bibl
    for line in ("Photo by Xinhua News Agency reporter", "Lu Yongzhen  Photo (Labor Newspaper Submission)",
                 "Photo: Xinhua News Agency", "Xinhua News Agency Photo", "Photographer Li Ming"):
        assert en_role(line, bibl, 3, 6) in ("credit", "source"), line
    for line in ("Photo Caption (From left to right, from top to bottom)", "The photo shows a man"):
        assert en_role(line, bibl, 3, 6) != "credit", line


def test_office_and_name_only_with_a_surname_at_the_edges() -> None:
    bibl = read_seed(CORPUS / "1966.01/1966-01-01_中非共和国部长接见我专家.md").bibl
    assert zh_role("中华人民共和国主席\u3000刘少奇", bibl, 9, 10) == "byline"
    assert zh_role("你灿然地笑\u3000粲然", bibl, 5, 61) is None  # mid-poem, no surname
    assert zh_role("密密地\u3000密密地", bibl, 58, 61) is None  # a repeated half-line


def test_words_ending_in_zuo_or_hua_are_no_credit() -> None:
    """dev2 1951-03-02_文化生活动态: the sub-headline 科学院一年来的出版工作 ("…publishing work")
    was read as a credit ending in 作; 工作/合作/创作 and 计画 (plan) end no credit."""
    bibl = read_seed(goldscore.UNSEEN_DIR / "dev2" / "1951.03" / "1951-03-02_文化生活动态.md").bibl
    for line in ("科学院一年来的出版工作", "中苏两国的经济合作", "五年计画"):
        assert zh_role(line, bibl, 11, 13) != "credit", line
    for line in ("展潮摄", "木刻　李桦作", "张仃画"):
        assert zh_role(line, bibl, 11, 13) == "credit", line
