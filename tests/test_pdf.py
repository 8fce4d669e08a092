"""Bilingual PDF/A-3 from the TEI master: fonts, text, embedded master, tags, safety."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
from lxml import etree
import pytest
from click.testing import CliRunner

from archivist.cli import cli
from archivist.render import render_bytes
from archivist.tei import reader

from conftest import ALL_SEEDS, options, render_all, SEED, seed_id

CLOSING = set("，。、；：？！）」』》〉】〕”’…")


def is_subsequence(needle: str, haystack: str) -> int:
    """Length of the longest prefix of ``needle`` found in order in ``haystack``."""
    it = iter(haystack)
    for k, ch in enumerate(needle):
        if not any(ch == c for c in it):
            return k
    return len(needle)


def pdffonts(pdf: Path) -> dict[str, tuple[str, str]]:
    """Font name without the subset tag → (embedded, has ToUnicode), from ``pdffonts``."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {}
    for row in out.splitlines()[2:]:
        emb, _sub, uni = row.split()[-5:-2]
        fonts[row.split()[0].split("+", 1)[-1]] = (emb, uni)
    return fonts


def test_every_font_embedded_with_tounicode(pdfs: dict[Path, Path]) -> None:
    """English in Noto Serif (italic where used), Chinese in Noto Serif CJK SC (never the JP
    face) in its regular weight only (a second CJK face cost a quarter of the typesetting
    time), nothing else, all embedded with a ToUnicode map."""
    for seed, pdf in pdfs.items():
        fonts = pdffonts(pdf)
        assert set(fonts.values()) == {("yes", "yes")}, f"{seed.name}: {fonts}"
        assert {"Noto-Serif", "Noto-Serif-CJK-SC"} <= set(fonts), f"{seed.name}: {sorted(fonts)}"
        assert set(fonts) <= {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic",
                              "Noto-Serif-CJK-SC"}, sorted(fonts)
        assert "Noto-Serif-Italic" in fonts, seed.name  # the source line: a true italic


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=seed_id)
def test_text_extracts_completely_in_order(seed: Path, pdfs: dict[Path, Path],
                                           masters: dict[Path, bytes]) -> None:
    article = reader.load(masters[seed])
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdfs[seed]), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    chars = re.sub(r"\s+", "", text)
    zh = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.text for p in article.zh_paragraphs)))
    assert is_subsequence(zh, chars) == len(zh), "Chinese text missing or out of order"
    alnum = lambda s: "".join(c for c in unicodedata.normalize("NFKC", s).casefold() if c.isalnum() and c.isascii())
    en = alnum(" ".join(p.text for p in article.en_paragraphs))
    got = is_subsequence(en, alnum(text))
    assert got == len(en), f"English lost after …{en[max(0, got - 40):got]}"


def test_pdfa3_with_the_master_embedded(pdfs: dict[Path, Path], masters: dict[Path, bytes]) -> None:
    with pikepdf.open(pdfs[SEED]) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
        xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
        ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
              "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/"}
        zh = xmp.xpath("//dc:title/rdf:Alt/rdf:li[@xml:lang='zh-Hans']/text()", namespaces=ns)
        assert zh[0].startswith("高举毛泽东思想红旗")
        assert xmp.xpath("//dc:language/rdf:Bag/rdf:li/text()", namespaces=ns) == ["en", "zh-Hans"]
        assert xmp.xpath("//xmp:CreatorTool/text()", namespaces=ns)[0].startswith("archivist")
        assert str(pdf.Root.Lang) == "en"
        assert len(pdf.trailer.ID) == 2
        af = list(pdf.Root.AF)
        assert len(af) == 1
        spec = af[0]
        assert isinstance(spec.AFRelationship, pikepdf.Name) and spec.AFRelationship == "/Source"
        stream = spec.EF.F
        assert str(stream.Subtype) in ("/text/xml", "/application/xml")
        assert str(stream.Params.ModDate).startswith("D:2023")
        assert stream.read_bytes() == masters[SEED]
        names = pdf.attachments
        assert names["master.tei.xml"].get_file().read_bytes() == masters[SEED]
        with pdf.open_outline() as outline:  # bookmarks: title, then the three sections
            (top,) = outline.root
            assert top.title.startswith("Hold High the Red Banner")
            assert [c.title for c in top.children] == ["Parallel text", "Named entities",
                                                       "About this edition"]


def test_chinese_structure_elements_speak_chinese(pdfs: dict[Path, Path]) -> None:
    with pikepdf.open(pdfs[SEED]) as pdf:
        langs: dict[str, int] = {}
        stack = list(pdf.Root.StructTreeRoot.K)
        while stack:
            e = stack.pop()
            if isinstance(e, pikepdf.Dictionary) and e.get("/Type") == "/StructElem":
                key = f"{e.S}:{e.get('/Lang', '')}"
                langs[key] = langs.get(key, 0) + 1
                k = e.get("/K")
                stack.extend(k if isinstance(k, pikepdf.Array) else [k] if isinstance(k, pikepdf.Dictionary) else [])
    assert langs.get("/TD:zh-Hans", 0) >= 26 and langs.get("/P:zh-Hans", 0) >= 26
    assert "/TD:en" not in langs  # English inherits the document /Lang


def test_same_master_same_pdf(masters: dict[Path, bytes], pdfs: dict[Path, Path]) -> None:
    assert render_bytes(masters[SEED], "pdf", options()) == pdfs[SEED].read_bytes()


def test_letter_paper(masters: dict[Path, bytes]) -> None:
    data = render_bytes(masters[SEED], "pdf", options(paper="letter"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert [round(float(x)) for x in pdf.pages[0].MediaBox] == [0, 0, 612, 792]


@pytest.mark.parametrize("seed", [SEED, *ALL_SEEDS[20:24]], ids=seed_id)
def test_no_chinese_line_starts_with_closing_punctuation(seed: Path, masters: dict[Path, bytes]) -> None:
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from archivist.render.pdf import _engine, html_document

    fetcher, fonts, base, paper = _engine()
    doc = HTML(string=html_document(reader.load(masters[seed]), options()).decode(), url_fetcher=fetcher).render(
        stylesheets=[base, paper["A4"]], font_config=fonts)
    starts = []

    def walk(box):
        if isinstance(box, boxes.LineBox):
            text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
            if text.strip() and box.style["lang"] == "zh-Hans":
                starts.append(text.lstrip()[0])
            return
        for child in getattr(box, "children", []):
            walk(child)

    for page in doc.pages:
        walk(page._page_box)
    assert len(starts) > 3
    assert not [c for c in starts if c in CLOSING]


def test_fetcher_serves_only_package_styles() -> None:
    from archivist.render.pdf import _fetcher_class, _styles_dir

    fetcher = _fetcher_class()()
    css = (_styles_dir() / "pdf.css").as_uri()
    assert b"@page" in fetcher.fetch(css).read()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/a.png",
                (_styles_dir() / ".." / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_hostile_urls_in_html_fetch_nothing(masters: dict[Path, bytes]) -> None:
    """Even if markup reached WeasyPrint with URLs in it, nothing outside the styles is read."""
    from weasyprint import HTML

    from archivist.render.pdf import _engine

    fetcher, fonts, base, paper = _engine()
    fetcher.refused.clear()
    html = ('<html lang="en"><body><img alt="x" src="file:///etc/passwd"/>'
            '<img alt="y" src="http://127.0.0.1:9/a.png"/><p>hello</p></body></html>')
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[base], font_config=fonts)
    assert b"root:" not in pdf
    assert set(fetcher.refused) >= {"file:///etc/passwd", "http://127.0.0.1:9/a.png"}


def test_graphic_url_in_master_is_refused_cleanly(masters: dict[Path, bytes], tmp_path: Path) -> None:
    bad = masters[SEED].replace(b"<standOff>", b'<standOff><graphic url="file:///etc/passwd"/>', 1)
    f = tmp_path / "m.xml"
    f.write_bytes(bad)
    out = tmp_path / "m.pdf"
    result = CliRunner().invoke(cli, ["render", str(f), "--to", "pdf", "-o", str(out)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("font_dir,expect", [("/nonexistent", "no CJK-capable font"),
                                              ("/usr/share/fonts/opentype/noto", "no Latin text face")])
def test_missing_face_is_a_clear_error(font_dir: str, expect: str, masters: dict[Path, bytes],
                                       tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{font_dir}</dir>'
                    f'<cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    master = tmp_path / "m.tei.xml"
    master.write_bytes(masters[SEED])
    out = tmp_path / "m.pdf"
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    run = subprocess.run([sys.executable, "-m", "archivist", "render", str(master), "--to", "pdf",
                          "-o", str(out)], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert expect in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("seed", [SEED, *ALL_SEEDS[35:37]], ids=seed_id)
def test_each_pair_starts_on_the_same_line(seed: Path, masters: dict[Path, bytes]) -> None:
    """In the laid-out pages, both cells of a row start at the same height; an unaligned
    paragraph sits opposite a cell that says so."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from archivist.render.pdf import _engine, html_document

    fetcher, fonts, base, paper = _engine()
    doc = HTML(string=html_document(reader.load(masters[seed]), options()).decode(), url_fetcher=fetcher).render(
        stylesheets=[base, paper["A4"]], font_config=fonts)

    def first_line_y(box) -> float | None:
        for d in box.descendants():
            if isinstance(d, boxes.LineBox):
                return d.position_y
        return None

    rows = 0
    for page in doc.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableRowBox) and box.element is not None \
                    and box.element.get("class") in ("pair", "stanza"):
                ys = [first_line_y(cell) for cell in box.children]
                if len(ys) == 2 and None not in ys and not getattr(box, "is_continuation", False):
                    rows += 1
                    assert abs(ys[0] - ys[1]) < 0.5, (page, ys)
    article = reader.load(masters[seed])
    assert rows >= max(len(article.en_paragraphs), len(article.zh_paragraphs)) // 2
