"""``archivist package --by issue``: one bag per date, the issue METS, the collection record,
incremental by issue."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from archivist.cli import cli

from conftest import CORPUS, ROOT, SCHEMAS, VALIDATE_METS
from test_cluster import cluster, package, tree  # noqa: F401 - the Dask cluster fixture

M = {"m": "http://www.loc.gov/METS/", "mods": "http://www.loc.gov/mods/v3",
     "xlink": "http://www.w3.org/1999/xlink"}
ADDED = "1989-05-31_黎明.md"  # added to 1989-05-31 in the second run



def snapshot(bag: Path) -> dict[str, bytes]:
    return {p.relative_to(bag).as_posix(): p.read_bytes() for p in sorted(bag.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """Run 1: the 1989.06 seeds but one; run 2: all of them (one article added to 1989-05-31)."""
    root = tmp_path_factory.mktemp("issues")
    seeds, out = root / "seeds", root / "out"
    seeds.mkdir()
    for f in (CORPUS / "1989.06").glob("*.md"):
        if f.name != ADDED:
            shutil.copy(f, seeds / f.name)
    args = ["package", str(seeds), "-o", str(out), "--by", "issue", "-j", "1"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    before = {b.name: snapshot(b) for b in out.iterdir() if b.is_dir() and not b.name.startswith(".")}
    shutil.copy(CORPUS / "1989.06" / ADDED, seeds / ADDED)
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    return out, before, json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_one_bag_per_date_and_every_bag_valid(runs) -> None:
    out, _, report = runs
    bags = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert bags == ["1989-05-31", "1989-06-01"]
    import bagit_profile
    spec = json.loads((ROOT / "archivist" / "deposit" / "data" / "archivist-bagit-profile-1.0.json")
                      .read_text(encoding="utf-8"))
    profile = bagit_profile.Profile(spec["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=spec)
    for name in bags:
        bagit.Bag(str(out / name)).validate()
        assert profile.validate(bagit.Bag(str(out / name))), [str(e) for e in profile.report.errors]
    files = sorted(p.name for p in (out / "1989-05-31" / "data").iterdir())
    assert sum(f.endswith(".tei.xml") for f in files) == 4 == sum(f.endswith(".seed.md") for f in files)
    assert [f for f in files if not f.startswith("1989-05-31")] == []
    assert {"1989-05-31.epub", "1989-05-31.pdf", "1989-05-31.mets.xml"} <= set(files)
    assert report["summary"]["issues"] == {"total": 2, "packaged": 1, "skipped": 1, "failed": 0}


@pytest.mark.slow
def test_issue_bag_info_names_every_seed_of_the_date(runs) -> None:
    """bag-info of an issue bag describes all its seeds, not the first article's alone."""
    import hashlib
    out, _, _ = runs
    info = bagit.Bag(str(out / "1989-05-31")).info
    seeds = sorted((out / "1989-05-31" / "data").glob("*.seed.md"))
    names = info["Internal-Sender-Identifier"].split("; ")
    assert len(names) == len(seeds) == 4 and ADDED in " ".join(names)
    hashes = sorted(hashlib.sha256(s.read_bytes()).hexdigest() for s in seeds)
    assert info["Archivist-Seed-SHA256"] == hashlib.sha256("\n".join(hashes).encode()).hexdigest()
    assert "(4)" in info["Internal-Sender-Description"]


@pytest.mark.slow
def test_adding_an_article_rebuilds_only_its_date(runs) -> None:
    out, before, report = runs
    assert snapshot(out / "1989-06-01") == before["1989-06-01"]  # byte for byte
    assert snapshot(out / "1989-05-31") != before["1989-05-31"]
    rows = {r["issue"]: r for r in report["issues"]}
    assert rows["1989-06-01"]["status"] == "skipped" and rows["1989-06-01"]["reason"] == "up to date"
    assert rows["1989-05-31"]["status"] == "packaged"
    assert rows["1989-05-31"]["reason"] == "articles added 1989-05-31_p08_7505092af7451c17"
    assert len(rows["1989-05-31"]["articles"]) == 4


@pytest.mark.slow
def test_issue_mets_and_collection_record_validate(runs) -> None:
    out, _, _ = runs
    docs = [str(p) for p in out.glob("*/data/*.mets.xml")] + [str(out / "collection.mods.xml")]
    env = dict(os.environ, XML_CATALOG_FILES=str(SCHEMAS / "catalog.xml"))
    run = subprocess.run([sys.executable, "-c", VALIDATE_METS, str(SCHEMAS), *docs],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "checked 3" in run.stdout


@pytest.mark.slow
def test_struct_map_holds_every_article_once_under_its_page(runs) -> None:
    out, _, _ = runs
    mets = etree.parse(str(out / "1989-05-31" / "data" / "1989-05-31.mets.xml"))
    issue = mets.find("m:structMap[@TYPE='logical']/m:div[@TYPE='issue']", M)
    pages = issue.findall("m:div[@TYPE='page']", M)
    assert [p.get("ORDER") for p in pages] == ["2", "4", "5", "8"]
    hrefs = {f.get("ID"): f.find("m:FLocat", M).get(f"{{{M['xlink']}}}href")
             for f in mets.iterfind(".//m:file", M)}
    masters = [hrefs[fp.get("FILEID")] for p in pages for a in p.findall("m:div[@TYPE='article']", M)
               for fp in a.findall("m:fptr", M) if hrefs[fp.get("FILEID")].endswith(".tei.xml")]
    on_disk = sorted(p.name for p in (out / "1989-05-31" / "data").glob("*.tei.xml"))
    assert sorted(masters) == on_disk and len(set(masters)) == len(masters) == 4
    for page in pages:  # each article sits under the page its master names
        for art in page.findall("m:div[@TYPE='article']", M):
            master = next(hrefs[fp.get("FILEID")] for fp in art.findall("m:fptr", M)
                          if hrefs[fp.get("FILEID")].endswith(".tei.xml"))
            assert master.startswith(f"1989-05-31_p{int(page.get('ORDER')):02d}_")
    host = mets.xpath("//mods:mods[@ID='mods-issue']/mods:relatedItem[@type='host']"
                      "[@displayLabel='Collection']/@xlink:href", namespaces=M)
    assert host == ["../../collection.mods.xml"]


@pytest.mark.slow
def test_collection_record_lists_every_bag_with_counts(runs) -> None:
    out, _, _ = runs
    record = etree.parse(str(out / "collection.mods.xml"))
    listed = record.xpath("//mods:relatedItem[@type='constituent']/mods:identifier/text()", namespaces=M)
    assert listed == ["1989-05-31", "1989-06-01"]
    months = {n.get("displayLabel"): n.text for n in record.xpath(
        "//mods:note[@type='count by month']", namespaces=M)}
    assert months == {"1989-05": "1 issue, 4 articles", "1989-06": "1 issue, 1 article"}
    dates = record.xpath("//mods:originInfo/mods:dateIssued/text()", namespaces=M)
    assert dates == ["1989-05-31", "1989-06-01"]
    assert record.xpath("//mods:typeOfResource/@collection", namespaces=M) == ["yes"]


@pytest.mark.slow
def test_by_month_one_transfer_bag_per_month(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["package", str(CORPUS / "1989.06"), "-o", str(out), "--by",
                                   "month", "-j", "1", "--no-epubcheck"])
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        == ["1989-05", "1989-06"]
    bagit.Bag(str(out / "1989-05")).validate()
    month = etree.parse(str(out / "1989-05" / "data" / "1989-05.mets.xml"))
    pointers = month.xpath("//m:div[@TYPE='issue']/m:mptr/@xlink:href", namespaces=M)
    assert pointers == ["1989-05-31/1989-05-31.mets.xml"]
    issue = out / "1989-05" / "data" / pointers[0]
    assert len(etree.parse(str(issue)).xpath("//m:div[@TYPE='article']", namespaces=M)) == 4
    docs = [str(p) for p in out.rglob("*.mets.xml")] + [str(out / "collection.mods.xml")]
    env = dict(os.environ, XML_CATALOG_FILES=str(SCHEMAS / "catalog.xml"))
    check = subprocess.run([sys.executable, "-c", VALIDATE_METS, str(SCHEMAS), *docs],
                           capture_output=True, text=True, env=env)
    assert check.returncode == 0 and "checked 5" in check.stdout, check.stdout[-3000:]
    for doc in (month, etree.parse(str(issue))):  # the record beside the bags, from each METS
        href = doc.xpath("//mods:relatedItem[@displayLabel='Collection']/@xlink:href", namespaces=M)[0]
        assert (Path(doc.docinfo.URL).parent / href).resolve() == (out / "collection.mods.xml").resolve()
    record = etree.parse(str(out / "collection.mods.xml"))
    assert record.xpath("//mods:relatedItem[@type='constituent']/mods:identifier/text()",
                        namespaces=M) == ["1989-05", "1989-06"]


@pytest.mark.slow
def test_verify_rechecks_every_seed_of_an_issue(runs, tmp_path: Path) -> None:
    out, _, _ = runs
    bag = tmp_path / "1989-05-31"
    shutil.copytree(out / "1989-05-31", bag)
    assert CliRunner().invoke(cli, ["verify", str(bag)]).exit_code == 0
    seed = sorted((bag / "data").glob("*.seed.md"))[2]
    seed.write_bytes(seed.read_bytes() + "。".encode())
    bagit.Bag(str(bag)).save(manifests=True)  # a consistent bag: only the master's hash can tell
    run = CliRunner().invoke(cli, ["verify", str(bag)])
    assert run.exit_code == 1
    assert f"{seed.name}: seed does not match the master's recorded SHA-256" in run.stderr
    assert run.stderr.count("seed does not match") == 1  # the other three seeds are intact


@pytest.mark.slow
def test_issues_on_a_dask_cluster_equal_local_issues(cluster, tmp_path: Path) -> None:
    """One Dask task per issue; the bags, the collection record and the report are the same
    bytes as a local run's."""
    address, _ = cluster
    remote, local = tmp_path / "remote", tmp_path / "local"
    src = str(CORPUS / "1989.06")
    for out, extra in ((remote, ["--scheduler", address]), (local, ["--jobs", "1"])):
        run = package(src, "-o", str(out), "--by", "issue", "--group", "g", "--no-epubcheck", *extra)
        assert run.returncode == 0, run.stderr[-2000:]
    a, b = tree(remote), tree(local)
    assert "collection.mods.xml" in a and "1989-05-31/data/1989-05-31.mets.xml" in a
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []
