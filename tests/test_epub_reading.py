"""EPUB reading: the parallel section, pop-up notes, languages, stanzas, phone screens."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from archivist.tei.model import Spacer
from archivist.tei import reader

from conftest import ALL_SEEDS, SEED, render_all, seed_id

H = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
T = {"t": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
LATIN = re.compile("[A-Za-z]")
POEM = next(s for s in ALL_SEEDS if "小红帽" in s.name)


@pytest.fixture(scope="session")
def epubs(masters: dict[Path, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    return render_all(masters, "epub", tmp_path_factory.mktemp("epubs-reading"))


def documents(book: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(book) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def nearest_lang(el: etree._Element) -> str | None:
    for e in (el, *el.iterancestors()):
        if e.get("lang") is not None:
            assert e.get("lang") == e.get(XML_LANG), "lang and xml:lang differ"
            return e.get("lang")
    return None


@pytest.mark.slow
def test_every_text_node_is_in_its_language(epubs: dict[Path, Path]) -> None:
    """Chinese text has a nearest lang of zh-*, Latin-script text en (mixed nodes are split)."""
    checked = 0
    for seed, book in epubs.items():
        for name, root in documents(book).items():
            body = root.find("h:body", H)
            for el in body.iter(etree.Element):
                for text, owner in ((el.text, el), (el.tail, el.getparent())):
                    if not text or not text.strip():
                        continue
                    lang = nearest_lang(owner) or ""
                    if CJK.search(text):
                        assert lang.startswith("zh"), f"{seed.name} {name}: {text!r} in {lang}"
                    if LATIN.search(text):
                        assert lang == "en", f"{seed.name} {name}: {text!r} in {lang}"
                    checked += 1
    assert checked > 5000


@pytest.mark.parametrize("seed", [SEED, POEM, *ALL_SEEDS[25:45]], ids=seed_id)
def test_parallel_section_holds_every_bead_in_order(seed: Path, epubs: dict[Path, Path],
                                                    masters: dict[Path, bytes]) -> None:
    tei = etree.fromstring(masters[seed])
    docs = documents(epubs[seed])
    par = docs["EPUB/parallel.xhtml"]
    beads = par.xpath("//h:div[contains(@class, 'bead')]", namespaces=H)
    shown = {side: [p.get("id")[len("par-"):] for p in par.xpath(f"//h:div/h:p[@lang='{lang}']", namespaces=H)]
             for side, lang in (("translation", "en"), ("original", "zh-Hans"))}
    for side in ("translation", "original"):  # every paragraph, in the master's order
        assert shown[side] == tei.xpath(f"//t:div[@type='{side}']/t:p/@xml:id", namespaces=T)
    bead_of = {p.get("id")[len("par-"):]: k for k, b in enumerate(beads) for p in b.xpath("h:p[@id]", namespaces=H)}
    for p in tei.xpath("//t:div[@type='translation' or @type='original']/t:p[@corresp]", namespaces=T):
        for target in p.get("corresp").split():  # aligned paragraphs share one bead
            assert bead_of[target.lstrip("#")] == bead_of[p.get("{http://www.w3.org/XML/1998/namespace}id")]
    article = reader.load(masters[seed])
    cert = {p.id: p.cert for p in article.en_paragraphs}
    for b in beads:  # English before Chinese within each bead; uncertain pairings marked
        ids = [i[len("par-"):] for i in b.xpath("h:p[@lang='en']/@id", namespaces=H)]
        low = any(cert[i] is not None and cert[i] < 0.7 for i in ids) and "lone" not in b.get("class")
        assert ("low" in b.get("class").split()) == low == bool(b.xpath("h:p[@class='lowcert']", namespaces=H))
        langs = b.xpath("h:p[@id]/@lang", namespaces=H)
        assert langs == sorted(langs, key=lambda l: l != "en")
        if len(set(langs)) == 1:
            assert b.xpath("h:p[@class='lone-note']", namespaces=H)
    spine = etree.fromstring(zipfile.ZipFile(epubs[seed]).read("EPUB/content.opf"))
    order = spine.xpath("//opf:itemref/@idref", namespaces={"opf": "http://www.idpf.org/2007/opf"})
    assert order.index("parallel") < order.index("en") < order.index("zh")  # main reading order


@pytest.mark.parametrize("seed", [SEED, *ALL_SEEDS[10:20]], ids=seed_id)
def test_entity_noterefs_resolve_to_footnotes(seed: Path, epubs: dict[Path, Path],
                                              masters: dict[Path, bytes]) -> None:
    article = reader.load(masters[seed])
    entities = {e.id: e for e in article.entities}
    refs = 0
    for name, root in documents(epubs[seed]).items():
        for a in root.xpath("//h:a[@epub:type='noteref']", namespaces=H):
            target = a.get("href")
            assert target.startswith("#"), target
            (note,) = root.xpath(f"//*[@id='{target[1:]}']", namespaces=H)
            assert note.tag == "{%s}aside" % H["h"] and note.get("{%s}type" % H["epub"]) == "footnote"
            e = entities[target[len("#note-"):]]
            text = "".join(note.itertext())
            assert e.zh in text and (e.en or "—") in text and (e.pinyin or "") in text
            refs += 1
    assert refs >= len([e for e in article.entities if e.found_en or e.found_zh]) or not article.entities


def test_stanza_breaks_are_kept(epubs: dict[Path, Path], masters: dict[Path, bytes]) -> None:
    article = reader.load(masters[POEM])
    docs = documents(epubs[POEM])
    for side, blocks in (("translation", article.english), ("original", article.chinese)):
        breaks = sum(isinstance(b, Spacer) for b in blocks)
        assert len(docs[f"EPUB/{side}.xhtml"].xpath("//h:hr[@class='stanza']", namespaces=H)) == breaks
    stanzas = docs["EPUB/parallel.xhtml"].xpath("//h:div[contains(@class, 'stanza')]", namespaces=H)
    assert len(stanzas) >= 3


def scroll_widths(book: Path, width: int, height: int) -> dict[str, tuple[int, int]]:
    """Each XHTML document of ``book`` opened in headless Chromium in a width×height frame
    (a headless window is at least 500 px wide, a frame can be a phone):
    name → (frame's viewport width, document scrollWidth)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed: scripts/setup.sh --test installs Debian's chromium"
    probe = ("<html><body style='margin:0'><iframe id='f' src='{src}' width='{w}' height='{h}' "
             "style='border:0'></iframe><script>document.getElementById('f').onload=function(){{"
             "var w=this.contentWindow,d=w.document.documentElement;"
             "document.body.setAttribute('data-sw',d.scrollWidth);"
             "document.body.setAttribute('data-vw',w.innerWidth);}};</script></body></html>")
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(book) as z:
            z.extractall(tmp)
        for page in sorted(Path(tmp, "EPUB").glob("*.xhtml")):
            frame = page.with_suffix(".probe.html")
            frame.write_text(probe.format(src=page.name, w=width, h=height), encoding="utf-8")
            out = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 f"--user-data-dir={Path(tmp, 'profile')}", "--allow-file-access-from-files",
                 "--hide-scrollbars", "--window-size=800,900", "--virtual-time-budget=5000",
                 "--dump-dom", frame.as_uri()], capture_output=True, text=True, timeout=120).stdout
            sw = re.search(r'data-sw="(\d+)"', out)
            vw = re.search(r'data-vw="(\d+)"', out)
            assert sw and vw, f"{page.name}: Chromium printed no measure"
            result[page.name] = (int(vw.group(1)), int(sw.group(1)))
    return result


@pytest.mark.slow
@pytest.mark.parametrize("seed", [SEED, POEM, ALL_SEEDS[5], ALL_SEEDS[40]], ids=seed_id)
def test_no_sideways_scrolling_on_a_phone(seed: Path, epubs: dict[Path, Path]) -> None:
    widths = scroll_widths(epubs[seed], 390, 844)
    assert "parallel.xhtml" in widths
    for name, (viewport, scroll) in widths.items():
        assert viewport == 390, (name, viewport)
        assert scroll <= 390, f"{name}: {scroll} px wide on a 390 px screen"


def test_glossary_fits_320_px(epubs: dict[Path, Path]) -> None:
    viewport, scroll = scroll_widths(epubs[SEED], 320, 640)["glossary.xhtml"]
    assert viewport == 320 and scroll <= 320, scroll


def test_an_uncertain_pairing_is_marked_once(masters: dict[Path, bytes]) -> None:
    """A link the aligner is unsure of (cert below 0.7, here set by hand in the master) marks
    its bead in the parallel section, and no other."""
    from archivist.render import render_bytes

    from conftest import options

    master = re.sub(rb'(<link type="1-1" target="#en-e82c9d46 #zh-a49c1e3c" cert=")[0-9.]+',
                    rb"\g<1>0.40", masters[SEED], count=1)
    assert master != masters[SEED]
    with zipfile.ZipFile(__import__("io").BytesIO(render_bytes(master, "epub", options()))) as z:
        par = etree.fromstring(z.read("EPUB/parallel.xhtml"))
    low = par.xpath("//h:div[contains(concat(' ', @class, ' '), ' low ')]", namespaces=H)
    assert len(low) == 1
    assert low[0].xpath("h:p[@lang='en']/@id", namespaces=H) == ["par-en-e82c9d46"]
    assert "0.40" in "".join(low[0].xpath("h:p[@class='lowcert']//text()", namespaces=H))
