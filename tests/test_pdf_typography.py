"""PDF typography as a reader sees it: hyphens, hyphenation runs, justified Chinese.

Measured on the finished PDFs with poppler's ``pdftotext`` (glyph boxes), not on our own
layout code."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from archivist.tei import reader

from conftest import ALL_SEEDS, SEED, seed_id

ZH_PT = 9.5          # font size of the parallel text (styles/pdf.css)
EM_TOLERANCE = 0.1   # acceptance: full Chinese lines end within 0.1 em of the column edge


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    y: float
    text: str


def bbox_lines(pdf: Path) -> list[Line]:
    """Text lines per page from ``pdftotext -bbox`` (words grouped by their top edge)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(resolve_entities=False, no_network=True))
    lines: list[Line] = []
    for n, page in enumerate(root.iter("{*}page")):
        for w in page.iter("{*}word"):
            x0, x1, y = float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin"))
            same = [l for l in lines if l.page == n and abs(l.y - y) < 3
                    and (l.x0 < 300) == (x0 < 300)]  # 300 pt: between the two columns
            if same:
                same[0].x0, same[0].x1 = min(same[0].x0, x0), max(same[0].x1, x1)
                same[0].text += " " + w.text
            else:
                lines.append(Line(n, x0, x1, y, w.text or ""))
    return sorted(lines, key=lambda l: (l.page, l.x0 >= 300, l.y))


@pytest.mark.slow
def test_hyphens_are_hyphens_and_sit_close(pdfs: dict[Path, Path]) -> None:
    """No line ends with a gap then a hyphen ("Techno -"), none ends with U+2010 (which
    copies as "Techno‐ logies"): the hyphen is the Latin face's U+002D."""
    ends = 0
    for seed, pdf in pdfs.items():
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert not re.search(r"\s-\n", text), f"{seed.name}: space before a line-end hyphen"
        assert "\u2010\n" not in text, f"{seed.name}: U+2010 at a line end"
        ends += len(re.findall(r"\w-\n", text))
    assert ends > 50  # hyphenation happens (the check above is not vacuous)


def _auto_hyphenated(lines: list[str], source: str) -> list[bool]:
    """Whether each English line ends with a hyphen the typesetter added: the word joined
    across the break occurs unhyphenated in the source text."""
    flags = []
    for k, line in enumerate(lines):
        m = re.search(r"([A-Za-z]+)-$", line)
        nxt = re.match(r"([a-z]+)", lines[k + 1]) if m and k + 1 < len(lines) else None
        flags.append(bool(nxt) and re.search(rf"\b{m.group(1)}{nxt.group(1)}", source) is not None)
    return flags


@pytest.mark.slow
def test_at_most_two_hyphenated_lines_in_a_row(pdfs: dict[Path, Path],
                                               masters: dict[Path, bytes]) -> None:
    longest, hyphenated = 0, 0
    for seed, pdf in pdfs.items():
        article = reader.load(masters[seed])
        source = " ".join(p.text for p in article.en_paragraphs)
        english = [l.text for l in bbox_lines(pdf) if l.x0 < 300]
        run = 0
        for flag in _auto_hyphenated(english, source):
            run = run + 1 if flag else 0
            hyphenated += flag
            longest = max(longest, run)
            assert run <= 2, f"{seed.name}: three hyphenated lines in a row"
    assert hyphenated > 50 and longest == 2  # hyphenation happens, runs are cut at two


@pytest.mark.slow
def test_names_are_not_hyphenated(pdfs: dict[Path, Path], masters: dict[Path, bytes]) -> None:
    """No capitalised word is split ("Jin-zhou"); a name's own hyphen may end a line."""
    for seed, pdf in pdfs.items():
        source = " ".join(p.text for p in reader.load(masters[seed]).en_paragraphs)
        english = [l.text for l in bbox_lines(pdf) if l.x0 < 300]
        split = [line for line, flag in zip(english, _auto_hyphenated(english, source))
                 if flag and re.search(r"\b[A-Z][a-z]*-$", line)]
        assert not split, f"{seed.name}: {split}"


PROSE = [s for s in ALL_SEEDS if not re.search(r"小红帽|黎明", s.name)]  # verse is set ragged


@pytest.mark.slow
def test_full_chinese_lines_end_at_the_column_edge(pdfs: dict[Path, Path],
                                                   masters: dict[Path, bytes]) -> None:
    """Every line of a justified Chinese paragraph but its last ends within 0.1 em of the
    column's right edge, which is 25 whole ems from its left edge."""
    checked = 0
    for seed in PROSE:
        ends = [re.sub(r"\s+", "", p.text) for p in reader.load(masters[seed]).zh_paragraphs]
        zh = [l for l in bbox_lines(pdfs[seed]) if l.x0 >= 300 and re.search(r"[\u4e00-\u9fff]", l.text)]
        if not zh:
            continue
        # the column's left edge: where its heading "中文原文" starts (cell padding is the same)
        left = next(l.x0 for l in zh if l.text.startswith("中文原文"))
        edge = left + 25 * ZH_PT
        for line, nxt in zip(zh, zh[1:]):
            text = re.sub(r"\s+", "", line.text)
            last = any(e.endswith(text) for e in ends)  # a paragraph's last line
            continues = nxt.page == line.page and 0 < nxt.y - line.y < 1.9 * ZH_PT
            if continues and not last and not text.startswith("中文原文"):  # nor the heading
                checked += 1
                assert abs(line.x1 - edge) <= EM_TOLERANCE * ZH_PT, \
                    f"{seed.name} p{line.page + 1}: line ends {(edge - line.x1) / ZH_PT:.2f} em short: {line.text}"
    assert checked > 300


def test_adjacent_chinese_punctuation_is_compressed(pdfs: dict[Path, Path]) -> None:
    """"：“" and "”（" take one and a half ems, not two (OpenType halt on the first)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdfs[SEED]), "-"], capture_output=True,
                         check=True).stdout.decode()
    # the seed's "经验：“先塑神，后盖庙”（即先" sits on one line: 13 characters, two pairs
    m = re.search(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*经验：“先塑神，后盖庙”（即先[^<]*)<', out)
    assert m, "seed line not found"
    width, text = float(m.group(2)) - float(m.group(1)), m.group(3)
    # a justified line is 25 em whatever it holds; it holds more than 25 characters only
    # because punctuation pairs take less than two ems
    assert len(text) > 25 and abs(width - 25 * ZH_PT) < 0.1 * ZH_PT, (len(text), width)
