"""EPUB 3 from the TEI master: EPUBCheck- and Ace-clean, bilingual links, reproducible."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from archivist.cli import cli
from archivist.checks.epubcheck import check_epub
from archivist.render import render_bytes

from conftest import ALL_SEEDS, options, render_all, ROOT, SEED, seed_id

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
H = {"h": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="session")
def epubs(masters: dict[Path, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    return render_all(masters, "epub", tmp_path_factory.mktemp("epubs"))


def read(book: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(book) as z:
        return etree.fromstring(z.read(name))


def test_epubcheck_reports_nothing_for_every_book(epubs: dict[Path, Path]) -> None:
    failures = {seed.name: check_epub(book) for seed, book in epubs.items()}
    failures = {k: v for k, v in failures.items() if v}
    assert not failures, failures


def ace_cli() -> str | None:
    local = ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
    return str(local) if local.exists() else shutil.which("ace-cli")


def test_ace_reports_no_violations(epubs: dict[Path, Path], tmp_path: Path) -> None:
    ace = ace_cli()
    assert ace, "Ace by DAISY is needed: scripts/setup.sh --test installs it in .tools/ace"
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=shutil.which("chromium") or "/usr/bin/chromium")

    def run(item: tuple[Path, Path]) -> tuple[str, int, str]:
        seed, book = item
        out = tmp_path / book.stem
        proc = subprocess.run([ace, "-E", "-f", "-s", "-o", str(out), str(book)],
                              capture_output=True, text=True, env=env, timeout=300)
        return seed.name, proc.returncode, proc.stdout[-1500:] + proc.stderr[-1500:]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, epubs.items()))
    bad = [(name, log) for name, code, log in results if code != 0]
    assert not bad, bad[:3]


def test_package_metadata(epubs: dict[Path, Path]) -> None:
    opf = read(epubs[SEED], "EPUB/content.opf")
    assert opf.get(XML_LANG) == "en"
    meta = opf.find("opf:metadata", OPF)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", meta.findtext("dc:identifier", namespaces=OPF))
    assert [e.text for e in meta.findall("dc:language", OPF)] == ["en", "zh-Hans"]
    titles = {t.get(XML_LANG): t.text for t in meta.findall("dc:title", OPF)}
    assert titles["zh-Hans"].startswith("高举毛泽东思想红旗")
    assert meta.findtext("dc:source", namespaces=OPF) == "People's Daily (人民日报), 1966-01-11, page 1"
    props = [(m.get("property"), m.text) for m in meta.findall("opf:meta", OPF)]
    assert ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA") in props
    assert ("dcterms:modified", "2023-11-14T22:13:20Z") in props  # SOURCE_DATE_EPOCH
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert any(p == prop for p, _ in props), prop
    # claims only what the book has: no images, so no alternativeText
    assert ("schema:accessibilityFeature", "alternativeText") not in props


def test_identifier_is_stable_and_content_derived(masters: dict[Path, bytes]) -> None:
    first = render_bytes(masters[SEED], "epub", options())
    assert first == render_bytes(masters[SEED], "epub", options())
    other = render_bytes(masters[ALL_SEEDS[1]], "epub", options())
    ident = lambda b: re.search(rb"urn:uuid:[0-9a-f-]+", zipfile.ZipFile(__import__("io").BytesIO(b)).read("EPUB/content.opf")).group()
    assert ident(first) != ident(other)


@pytest.mark.parametrize("seed", ALL_SEEDS[:1] + ALL_SEEDS[30:33], ids=seed_id)
def test_every_paragraph_shown_and_linked_both_ways(seed: Path, epubs: dict[Path, Path],
                                                    masters: dict[Path, bytes]) -> None:
    tei = etree.fromstring(masters[seed])
    t = {"t": "http://www.tei-c.org/ns/1.0"}
    en = read(epubs[seed], "EPUB/translation.xhtml")
    zh = read(epubs[seed], "EPUB/original.xhtml")
    assert zh.get("lang") == zh.get(XML_LANG) == "zh-Hans"
    assert en.get("lang") == en.get(XML_LANG) == "en"
    for doc, side, other in ((en, "translation", zh), (zh, "original", en)):
        ids = tei.xpath(f"//t:div[@type='{side}']/t:p/@xml:id", namespaces=t)
        shown = doc.xpath("//h:section/h:p/@id", namespaces=H)
        assert shown == ids
        other_ids = set(other.xpath("//h:p/@id", namespaces=H))
        for a in doc.xpath("//h:a[@class='counterpart']", namespaces=H):
            target = a.get("href").split("#")[1]
            assert target in other_ids
            back = other.xpath(f"//h:p[@id='{target}']/h:a[@class='counterpart']/@href", namespaces=H)
            assert back, f"{target} does not link back"
        unaligned = tei.xpath(f"//t:div[@type='{side}']/t:p[contains(@ana, '#unaligned')]/@xml:id", namespaces=t)
        for pid in unaligned:
            assert doc.xpath(f"//h:p[@id='{pid}']/h:span[@class='unaligned-note']", namespaces=H)


def test_glossary_links_to_occurrences(epubs: dict[Path, Path]) -> None:
    gl = read(epubs[SEED], "EPUB/glossary.xhtml")
    row = gl.xpath("//h:tr[h:th='锦州']", namespaces=H)[0]
    links = row.xpath(".//h:a/@href", namespaces=H)
    assert any(l.startswith("translation.xhtml#en-") for l in links)
    assert any(l.startswith("original.xhtml#zh-") for l in links)
    deng = gl.xpath("//h:tr[h:th='邓小平']", namespaces=H)[0]
    assert "not found in either text" in "".join(deng.itertext())


def test_edit_in_master_shows_in_epub(masters: dict[Path, bytes], tmp_path: Path) -> None:
    master = masters[SEED].replace(b"Jinzhou</placeName> Built into", b"Jinzhou</placeName> EDITED-BY-HAND Built into", 1)
    assert b"EDITED-BY-HAND" in master
    f = tmp_path / "edited.tei.xml"
    f.write_bytes(master)
    out = tmp_path / "edited.epub"
    result = CliRunner().invoke(cli, ["render", str(f), "--to", "epub", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        assert "EDITED-BY-HAND" in z.read("EPUB/translation.xhtml").decode()


@pytest.mark.parametrize("content,expect", [
    (b"<TEI><oops></TEI>", "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not a TEI document"),
    (None, "invalid master"),
])
def test_bad_master_gives_one_line_and_no_epub(content, expect, masters: dict[Path, bytes],
                                               tmp_path: Path) -> None:
    if content is None:
        content = masters[SEED].replace(b"<standOff>", b"<standOff><bogus/>", 1)
    f = tmp_path / "m.xml"
    f.write_bytes(content)
    out = tmp_path / "m.epub"
    result = CliRunner().invoke(cli, ["render", str(f), "--to", "epub", "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expect in lines[0] and lines[0].startswith(f"{f}:")
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_validate_epub_without_java_says_so(epubs: dict[Path, Path], monkeypatch) -> None:
    import archivist.checks.epubcheck as ec
    monkeypatch.setattr(ec.shutil, "which", lambda name: None)
    result = CliRunner().invoke(cli, ["validate", str(epubs[SEED])])
    assert result.exit_code == 1
    assert "needs Java" in result.output
