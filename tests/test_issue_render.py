"""A whole issue as one book: grouping, the issue EPUB and PDF, ``render --as issue``."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from lxml import etree

from archivist.checks.epubcheck import check_epub
from archivist.cli import cli
from archivist.render import epub, issue_epub, issue_pdf
from archivist.render.issue import Item, group
from archivist.tei import reader

from conftest import CORPUS, ROOT, options

H = {"h": "http://www.w3.org/1999/xhtml"}
DATE = "1989-12-01"  # five articles on pages 1, 2 (two), 4 and 6, each page with a section name


@pytest.fixture(scope="module")
def items(masters: dict[Path, bytes]) -> list[Item]:
    return [Item(reader.load(m), m) for m in masters.values()]


@pytest.fixture(scope="module")
def issue(items: list[Item]):
    return next(i for i in group(items) if i.date == DATE)


@pytest.fixture(scope="module")
def book(issue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("issue") / f"{DATE}.epub"
    path.write_bytes(issue_epub.build(issue, options()))
    return path


def test_every_article_in_exactly_one_issue_ordered_by_page(items: list[Item]) -> None:
    issues = group(items + items[:3])  # an article given twice is kept once
    seen = [i.id for issue in issues for i in issue.items]
    assert sorted(seen) == sorted({i.id for i in items})
    dates = {i.article.bibl.date for i in items}
    assert [i.date for i in issues] == sorted(dates)
    for issue in issues:
        pages = [i.article.bibl.page for i in issue.items]
        assert pages == sorted(pages)
        assert {i.article.bibl.date for i in issue.items} == {issue.date}


def test_pages_carry_number_and_section(issue) -> None:
    labels = [p.label for p in issue.pages]
    assert labels == ["第1版 · Page 1 · 要闻", "第2版 · Page 2 · 国内新闻", "第4版 · Page 4 · 国际新闻",
                      "第6版 · Page 6 · 理论研究"]
    assert [len(p.items) for p in issue.pages] == [1, 2, 1, 1]
    names = [i.article.provenance.source_name for i in issue.pages[1].items]
    assert names == sorted(names)


def test_issue_epub_passes_epubcheck(book: Path) -> None:
    assert check_epub(book) == []


def test_contents_group_articles_under_their_page(book: Path, issue) -> None:
    with zipfile.ZipFile(book) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    pages = nav.xpath("//h:nav[@id='toc']/h:ol/h:li", namespaces=H)
    assert ["".join(li.find("h:a", H).itertext()) for li in pages] == [p.label for p in issue.pages]
    for li, page in zip(pages, issue.pages):
        titles = [a.xpath("string(h:span[1])", namespaces=H)
                  for a in li.xpath("h:ol/h:li/h:a", namespaces=H)]
        assert titles == [i.article.bibl.title_en for i in page.items]


def test_every_article_is_its_own_edition(book: Path, issue) -> None:
    """Each article's documents are the per-article EPUB's, byte for byte but for the link
    to the one shared style sheet."""
    with zipfile.ZipFile(book) as whole:
        for item in issue.items:
            key = issue.key(item)
            with zipfile.ZipFile(io.BytesIO(epub.build(item.article, options()))) as own:
                docs = [n for n in own.namelist() if n.endswith(".xhtml") and "nav" not in n]
                assert docs
                for name in docs:
                    mine = own.read(name).replace(b'href="style.css"', b'href="../style.css"')
                    assert whole.read(name.replace("EPUB/", f"EPUB/{key}/")) == mine, name


def test_title_page_has_date_and_glossary_choice(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        text = "".join(etree.fromstring(z.read("EPUB/title.xhtml")).itertext())
    assert "1989年12月1日" in text and DATE in text
    assert "own glossary" in text


def test_issue_epub_is_reproducible(issue, book: Path) -> None:
    assert issue_epub.build(issue, options()) == book.read_bytes()


@pytest.mark.slow
def test_issue_epub_passes_ace(book: Path, tmp_path: Path) -> None:
    ace = ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
    assert ace.exists() or shutil.which("ace-cli"), "Ace by DAISY is needed (scripts/test.sh)"
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    proc = subprocess.run([str(ace) if ace.exists() else "ace-cli", "-E", "-f", "-s", "-o",
                           str(tmp_path / "ace"), str(book)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


@pytest.mark.slow
def test_issue_pdf_bookmarks_attachments_and_one_font_subset(issue) -> None:
    data, problems = issue_pdf.build(issue, options())
    assert problems == []  # WeasyPrint had nothing to warn about
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_outline() as outline:
            tree = [(o.title, [c.title for c in o.children]) for o in outline.root]
        attached = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
        faces = {}
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                faces.setdefault(str(font.BaseFont).split("+", 1)[-1], set()).add(font.objgen)
    assert tree == [(p.label, [i.article.bibl.title_en for i in p.items]) for p in issue.pages]
    assert attached == {f"{i.id}.tei.xml": i.master for i in issue.items}
    cjk = {face: objs for face, objs in faces.items() if "CJK" in face}
    assert cjk and all(len(objs) == 1 for objs in cjk.values()), faces


def test_render_as_issue_from_a_directory(masters: dict[Path, bytes], tmp_path: Path) -> None:
    src = tmp_path / "masters"
    src.mkdir()
    for n, (seed, master) in enumerate(masters.items()):
        if seed.parent.name in ("1989.06", "1989.12"):
            (src / f"{n:03d}.tei.xml").write_bytes(master)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["render", str(src), "--as", "issue", "--to", "epub", "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir()) == [
        "1989-05-31.issue.epub", "1989-06-01.issue.epub", "1989-12-01.issue.epub"]
    run = CliRunner().invoke(cli, ["render", str(src), "--as", "issue", "--to", "epub",
                                   "-o", str(tmp_path / "one.epub")])
    assert run.exit_code == 2 and "3 dates" in run.output
    run = CliRunner().invoke(cli, ["render", str(src), "--as", "issue", "--to", "mets"])
    assert run.exit_code == 2 and "package --by issue" in run.output
    assert CORPUS.is_dir()
