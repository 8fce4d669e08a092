"""Every seed converts to a master that is valid TEI, loses nothing and invents nothing."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from archivist.ingest.build import convert
from archivist.tei import reader, writer
from archivist.tei.schema import validate_tree

from conftest import ALL_SEEDS, SCHEMAS, seed_id, WHEN

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
HEADER_KEY = re.compile(r"^(Title|Author|Date|Edition|Page|Column):")


def nonspace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_regions(path: Path) -> dict[str, str]:
    """Cut a seed into regions with plain string operations, independently of the parser."""
    lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    hr = next(i for i, ln in enumerate(lines) if ln.strip() == "<hr />")
    english = lines[:hr]
    last_key = max(i for i, ln in enumerate(english[:12]) if HEADER_KEY.match(ln))
    body = english[last_key + 1:]
    ne = next((i for i, ln in enumerate(body) if ln.strip() == "**Named Entities**"), len(body))
    entities = [ln for ln in body[ne + 1:] if ln.strip() != "<br>"]
    body = [ln for ln in body[:ne] if ln.strip() != "<br>"]
    head = next(i for i, ln in enumerate(lines) if ln.startswith("### "))
    column = next(i for i in range(head, len(lines)) if lines[i].startswith("专栏："))
    return {
        "en": nonspace("".join(body)),
        "entities": nonspace("".join(entities)),
        "headline": nonspace(lines[head][4:]),
        "zh": nonspace("".join(lines[column + 1:])),
    }


def tei_regions(master: bytes) -> dict[str, str]:
    root = etree.fromstring(master)

    def text(path: str) -> str:
        return nonspace("".join("".join(e.itertext()) for e in root.xpath(path, namespaces=NS)))

    return {
        "en": text("//t:div[@type='translation']/*[self::t:p or self::t:ab]"),
        "entities": text("//t:standOff/*[not(self::t:interpGrp)]//*[self::t:head or "
                         "(@xml:lang and not(ancestor-or-self::t:note))]"),
        "headline": text("//t:div[@type='original']/t:head"),
        "zh": text("//t:div[@type='original']/*[self::t:p or self::t:ab]"),
    }


@pytest.mark.parametrize("path", ALL_SEEDS, ids=seed_id)
def test_nothing_lost_nothing_invented(path: Path, masters: dict[Path, bytes]) -> None:
    expected, found = seed_regions(path), tei_regions(masters[path])
    for region in ("en", "headline", "zh", "entities"):
        assert found[region] == expected[region], f"{region} differs"
    assert expected["en"] and expected["zh"]


@pytest.mark.parametrize("path", ALL_SEEDS, ids=seed_id)
def test_valid_against_tei_all_and_project_schema(path: Path, masters: dict[Path, bytes],
                                                  tei_all: etree.RelaxNG) -> None:
    tree = etree.ElementTree(etree.fromstring(masters[path]))
    assert tei_all.validate(tree), tei_all.error_log
    assert validate_tree(tree, path.name) == []


def test_jing_accepts_every_master(masters: dict[Path, bytes], tmp_path: Path) -> None:
    jing = shutil.which("jing")
    assert jing, "Debian's jing must be installed (scripts/setup.sh does it)"
    files = []
    for i, data in enumerate(masters.values()):
        f = tmp_path / f"m{i:03d}.xml"
        f.write_bytes(data)
        files.append(str(f))
    for schema in (SCHEMAS / "tei" / "tei_all.rng",
                   Path(__file__).parents[1] / "archivist/tei/data/archivist-tei.rng"):
        run = subprocess.run([jing, str(schema), *files], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout[:2000]


@pytest.mark.parametrize("path", ALL_SEEDS, ids=seed_id)
def test_round_trip_is_byte_identical(path: Path, masters: dict[Path, bytes]) -> None:
    master = masters[path]
    again = writer.to_bytes(reader.load(master, path.name))
    assert again == master


def test_same_seed_same_bytes(masters: dict[Path, bytes]) -> None:
    for path in ALL_SEEDS[:10]:
        assert writer.to_bytes(convert(path, when=WHEN)) == masters[path]


def test_master_declares_itself(masters: dict[Path, bytes]) -> None:
    for data in masters.values():
        assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="archivist-tei.rng"')
        data.decode("utf-8")


def test_unequal_counts_are_aligned_not_by_position(masters: dict[Path, bytes]) -> None:
    """In many real files the counts differ; every paragraph is aligned or marked."""
    differing = 0
    for data in masters.values():
        root = etree.fromstring(data)
        en = root.xpath("//t:div[@type='translation']/t:p", namespaces=NS)
        zh = root.xpath("//t:div[@type='original']/t:p", namespaces=NS)
        differing += len(en) != len(zh)
        targets = " ".join(root.xpath("//t:linkGrp[@type='alignment']/t:link/@target",
                                      namespaces=NS)).split()
        for p in en + zh:
            unaligned = "#unaligned" in (p.get("ana") or "").split()
            assert targets.count("#" + p.get(XML_ID)) + unaligned == 1
    assert differing >= 15
