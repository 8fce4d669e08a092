"""archivist package: valid bags for the whole corpus, METS against the official XSDs,
fixity, batch robustness, crash safety and reproducibility."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli

from conftest import ALL_SEEDS, CORPUS, ROOT, SCHEMAS, VALIDATE_METS

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")


def archivist(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archivist", *args], capture_output=True,
                          text=True, env=ENV, **kw)


@pytest.fixture(scope="session")
def collection(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The whole corpus and the seed in one run with --jobs 2."""
    out = tmp_path_factory.mktemp("package") / "collection"
    months = sorted(str(p) for p in CORPUS.iterdir() if p.is_dir())
    run = archivist("package", *months, str(ROOT / "seeds"), "-o", str(out), "--jobs", "2")
    return out, run


def bags(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_whole_corpus_in_one_run(collection) -> None:
    out, run = collection
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"articles": 63, "packaged": 63, "skipped": 0, "failed": 0}
    inputs = {Path(a["input"]).name for a in report["articles"]}
    assert inputs == {p.name for p in ALL_SEEDS}
    assert len(bags(out)) == 63
    assert not (out / ".staging").exists()


def test_bagit_validates_every_bag(collection) -> None:
    out, _ = collection
    for bag in bags(out):
        run = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-1000:]
        assert (bag / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
        info = (bag / "bag-info.txt").read_text(encoding="utf-8")
        for key in ("Source-Organization", "External-Identifier", "Bagging-Date: 2023-11-14",
                    "Bag-Size", "Payload-Oxum", "Bag-Software-Agent", "Bag-Group-Identifier: collection"):
            assert key in info
        names = sorted(p.name.split(".", 1)[1] for p in (bag / "data").iterdir())
        assert names in (["epub", "mets.xml", "pdf", "seed.md", "tei.xml"],
                         ["epub", "mets.xml", "pdf", "seed.txt", "tei.xml"]), names


def test_every_bag_meets_archivists_bagit_profile(collection) -> None:
    import bagit
    import bagit_profile
    spec = json.loads((ROOT / "archivist" / "deposit" / "data" / "archivist-bagit-profile-1.0.json")
                      .read_text(encoding="utf-8"))
    profile = bagit_profile.Profile(spec["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=spec)
    out, _ = collection
    for bag in bags(out):
        assert profile.validate_serialization(str(bag))
        assert profile.validate(bagit.Bag(str(bag))), (bag.name, [str(e) for e in profile.report.errors])
        info = bagit.Bag(str(bag)).info
        seed = Path(json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"][0]["input"])
        assert info["Bag-Count"] == "1 of 1" and "/" in info["Internal-Sender-Identifier"]
    assert seed.exists()


def test_every_bag_holds_its_seed_byte_for_byte(collection) -> None:
    out, _ = collection
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for article in report["articles"]:
        seed = Path(article["input"])
        kept = list((out / article["bag"] / "data").glob("*.seed.*"))
        assert len(kept) == 1 and kept[0].suffix == seed.suffix, kept
        assert kept[0].read_bytes() == seed.read_bytes(), seed


def test_verify_rechecks_the_seed_against_the_master(tmp_path: Path) -> None:
    import bagit
    src = _small_batch(tmp_path, 1)
    out = tmp_path / "out"
    assert archivist("package", str(src), "-o", str(out), "--jobs", "1", "--no-epubcheck").returncode == 0
    bag = bags(out)[0]
    seed = next((bag / "data").glob("*.seed.*"))
    seed.write_bytes(seed.read_bytes().replace("the".encode(), "teh".encode(), 1))
    bagit.Bag(str(bag)).save(manifests=True)  # a consistent bag: only the master's hash can tell
    run = CliRunner().invoke(cli, ["verify", str(bag)])
    assert run.exit_code == 1
    assert f"{seed.name}: seed does not match the master's recorded SHA-256" in run.stderr
    seed.unlink()
    bagit.Bag(str(bag)).save(manifests=True)
    run = CliRunner().invoke(cli, ["verify", str(bag)])
    assert run.exit_code == 1 and "the original seed" in run.stderr and "is missing" in run.stderr




def test_mets_valid_against_official_schemas(collection) -> None:
    out, _ = collection
    mets = [str(p) for p in out.glob("*/data/*.mets.xml")]
    assert len(mets) == 63
    env = dict(os.environ, XML_CATALOG_FILES=str(SCHEMAS / "catalog.xml"))
    run = subprocess.run([sys.executable, "-c", VALIDATE_METS, str(SCHEMAS), *mets],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "checked 63" in run.stdout


def test_mets_describes_the_payload(collection) -> None:
    from lxml import etree
    out, _ = collection
    bag = bags(out)[0]
    mets = etree.parse(str(next((bag / "data").glob("*.mets.xml"))))
    ns = {"m": "http://www.loc.gov/METS/", "p": "http://www.loc.gov/premis/v3"}
    import hashlib
    for f in mets.xpath("//m:file", namespaces=ns):
        name = f.find("m:FLocat", ns).get("{http://www.w3.org/1999/xlink}href")
        data = (bag / "data" / name).read_bytes()
        assert f.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
        assert f.get("SIZE") == str(len(data)) and f.get("CHECKSUMTYPE") == "SHA-256"
    types = set(mets.xpath("//p:eventType/text()", namespaces=ns))
    assert {"creation", "validation", "message digest calculation", "format identification"} <= types
    epubcheck = mets.xpath("//p:event[starts-with(p:eventDetailInformation/p:eventDetail, 'EPUBCheck')]"
                           "/p:eventOutcomeInformation/p:eventOutcome/text()", namespaces=ns)
    assert epubcheck == ["pass"]
    agents = set(mets.xpath("//p:agentName/text()", namespaces=ns))
    assert {"archivist", "WeasyPrint", "EbookLib", "EPUBCheck"} <= agents


NS = {"m": "http://www.loc.gov/METS/", "p": "http://www.loc.gov/premis/v3",
      "t": "http://www.tei-c.org/ns/1.0", "xlink": "http://www.w3.org/1999/xlink"}


def _mets(bag: Path):
    from lxml import etree
    return etree.parse(str(next((bag / "data").glob("*.mets.xml"))))


def _objects(mets) -> dict[str, object]:
    """file name (PREMIS local identifier) → premis:object"""
    return {o.xpath("string(p:objectIdentifier[p:objectIdentifierType='local']/p:objectIdentifierValue)",
                    namespaces=NS): o for o in mets.xpath("//p:object", namespaces=NS)}


def test_every_premis_object_has_a_fido_puid(collection) -> None:
    from archivist.checks.identify import identify
    out, _ = collection
    found: dict[str, set[str]] = {}
    for bag in bags(out):
        mets = _mets(bag)
        assert mets.getroot().get("PROFILE") == "urn:archivist:mets-profile:1.0"
        for name, obj in _objects(mets).items():
            puid = obj.xpath("string(.//p:formatRegistry[p:formatRegistryName='PRONOM']/p:formatRegistryKey)",
                             namespaces=NS)
            assert puid, f"{bag.name}/{name}: no PUID"
            found.setdefault(name.split(".", 1)[1], set()).add(puid)
        # the METS cannot describe itself; FIDO identifies it all the same
        assert identify(next((bag / "data").glob("*.mets.xml"))).best.puid == "fmt/101"
    assert found["tei.xml"] == {"fmt/1476"} and found["epub"] == {"fmt/483"}
    assert found["pdf"] == {"fmt/479"}  # Acrobat PDF/A, version 3a
    assert found["seed.md"] == {"fmt/1149"} and found["seed.txt"] == {"x-fmt/111"}
    agents = _mets(bags(out)[0]).xpath("//p:agent[starts-with(p:agentName, 'FIDO')]/p:agentVersion/text()",
                                       namespaces=NS)
    assert len(agents) == 1 and "PRONOM signatures" in agents[0]


def test_identifiers_unique_across_the_collection(collection) -> None:
    out, _ = collection
    seen: dict[str, str] = {}
    for bag in bags(out):
        mets = _mets(bag)
        ids = mets.xpath("//p:objectIdentifier[p:objectIdentifierType='URN']/p:objectIdentifierValue/text()"
                         " | //p:eventIdentifierValue/text() | //p:rightsStatementIdentifierValue/text()",
                         namespaces=NS)
        assert len(ids) > 15
        for ident in ids:
            assert ident.startswith("urn:uuid:")
            assert ident not in seen, f"{ident} in {bag.name} and {seen[ident]}"
            seen[ident] = bag.name


def test_every_derived_object_has_a_relationship_to_its_source(collection) -> None:
    out, _ = collection
    for bag in bags(out):
        mets = _mets(bag)
        objects = _objects(mets)
        urn = {n: o.xpath("string(p:objectIdentifier[p:objectIdentifierType='URN']/p:objectIdentifierValue)",
                          namespaces=NS) for n, o in objects.items()}
        kind = {n.split(".", 1)[1]: n for n in objects}
        seed = kind.get("seed.md") or kind["seed.txt"]
        events = set(mets.xpath("//p:eventIdentifierValue/text()", namespaces=NS))
        for derived, source in (("tei.xml", seed), ("epub", kind["tei.xml"]), ("pdf", kind["tei.xml"])):
            rel = objects[kind[derived]].xpath("p:relationship[p:relationshipType='derivation']", namespaces=NS)
            assert len(rel) == 1, (bag.name, derived)
            assert rel[0].xpath("string(p:relatedObjectIdentifier/p:relatedObjectIdentifierValue)",
                                namespaces=NS) == urn[source]
            assert rel[0].xpath("string(p:relatedEventIdentifier/p:relatedEventIdentifierValue)",
                                namespaces=NS) in events
        assert not objects[seed].xpath("p:relationship", namespaces=NS)
        groups = {g.get("USE") for g in mets.xpath("//m:fileGrp", namespaces=NS)}
        assert groups == {"original", "preservation", "access"}


def test_qa_flags_ocr_and_translation_reach_premis(collection) -> None:
    from lxml import etree
    out, _ = collection
    flagged = 0
    for bag in bags(out):
        mets = _mets(bag)
        tei = etree.parse(str(next((bag / "data").glob("*.tei.xml"))))
        notes = tei.xpath("//t:notesStmt/t:note", namespaces=NS)
        creation = mets.xpath("//p:event[starts-with(p:eventDetailInformation/p:eventDetail, 'TEI master "
                              "encoded')]/p:eventOutcomeInformation", namespaces=NS)[0]
        outcome = creation.xpath("string(p:eventOutcome)", namespaces=NS)
        assert outcome == ("warning" if notes else "pass"), bag.name
        if notes:
            flagged += 1
            assert f"{len(notes)} quality flag(s)" in creation.xpath("string(.)", namespaces=NS)
        for who in ("OCR software, unknown", "Large language model, unnamed"):
            agent = mets.xpath(f"//p:agent[starts-with(p:agentName, '{who}')]", namespaces=NS)
            assert len(agent) == 1 and "does not name" in agent[0].xpath("string(p:agentNote)", namespaces=NS)
        pdf = mets.xpath("//p:event[starts-with(p:eventDetailInformation/p:eventDetail, 'Partial PDF/A')]",
                         namespaces=NS)
        assert len(pdf) == 1 and "no PDF/A validator such as veraPDF was run" in pdf[0].xpath(
            "string(.)", namespaces=NS)
    assert flagged > 10


def test_rights_in_premis_mets_mods_dc_tei_and_bag_info(collection) -> None:
    from lxml import etree
    out, _ = collection
    ns = {"m": "http://www.loc.gov/METS/", "p": "http://www.loc.gov/premis/v3",
          "mods": "http://www.loc.gov/mods/v3", "dc": "http://purl.org/dc/elements/1.1/",
          "t": "http://www.tei-c.org/ns/1.0", "xlink": "http://www.w3.org/1999/xlink"}
    und = "http://rightsstatements.org/vocab/UND/1.0/"
    for bag in bags(out):
        mets = etree.parse(str(next((bag / "data").glob("*.mets.xml"))))
        rights = mets.xpath("//m:amdSec/m:rightsMD/m:mdWrap[@MDTYPE='PREMIS:RIGHTS']//p:rightsStatement",
                            namespaces=ns)
        assert len(rights) == 1
        assert rights[0].xpath("string(.//p:copyrightDocumentationIdentifierValue)", namespaces=ns) == und
        assert rights[0].xpath("string(.//p:copyrightStatus)", namespaces=ns) == "unknown"
        linked = set(rights[0].xpath(".//p:linkingObjectIdentifierValue/text()", namespaces=ns))
        objects = set(mets.xpath("//p:object/p:objectIdentifier[p:objectIdentifierType='URN']"
                                 "/p:objectIdentifierValue/text()", namespaces=ns))
        assert linked == objects and len(objects) >= 4
        assert mets.xpath("//mods:accessCondition/@xlink:href", namespaces=ns) == [und]
        assert und in mets.xpath("//dc:rights/text()", namespaces=ns)
        tei = etree.parse(str(next((bag / "data").glob("*.tei.xml"))))
        assert tei.xpath("//t:availability/t:licence/@target", namespaces=ns) == [und]
        info = (bag / "bag-info.txt").read_text(encoding="utf-8")
        assert f"Rights-Statement: {und}\n" in info and "Rights-Note: Copyright Undetermined." in info


def _small_batch(tmp: Path, n: int = 3) -> Path:
    src = tmp / "seeds"
    src.mkdir()
    for p in ALL_SEEDS[:n]:
        shutil.copy(p, src / p.name)
    return src


def test_flipped_byte_and_missing_file_are_named(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 1)
    out = tmp_path / "out"
    assert archivist("package", str(src), "-o", str(out), "--jobs", "1").returncode == 0
    bag = bags(out)[0]
    ok = CliRunner().invoke(cli, ["verify", str(bag)])
    assert ok.exit_code == 0
    pdf = next((bag / "data").glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    flipped = CliRunner().invoke(cli, ["verify", str(bag)])
    assert flipped.exit_code == 1
    assert pdf.name in flipped.stderr and "sha256 checksum mismatch" in flipped.stderr
    next((bag / "data").glob("*.epub")).unlink()
    missing = CliRunner().invoke(cli, ["verify", str(bag)])
    assert missing.exit_code == 1 and ".epub: listed in the manifest but missing" in missing.stderr


def test_corrupt_seed_does_not_stop_the_batch(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 3)
    (src / "zz-corrupt.md").write_bytes(b"\xff\xfe\x00garbage")
    out = tmp_path / "out"
    run = archivist("package", str(src), "-o", str(out), "--jobs", "2")
    assert run.returncode == 1
    assert "zz-corrupt.md:1:" in run.stderr and "Traceback" not in run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["packaged"] == 3 and report["summary"]["failed"] == 1
    assert len(bags(out)) == 3


def test_rerun_skips_unchanged_and_force_rebuilds(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 2)
    out = tmp_path / "out"
    assert archivist("package", str(src), "-o", str(out), "--jobs", "1").returncode == 0
    again = archivist("package", str(src), "-o", str(out), "--jobs", "1")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert again.returncode == 0 and report["summary"]["skipped"] == 2
    forced = archivist("package", str(src), "-o", str(out), "--jobs", "1", "--force")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert forced.returncode == 0 and report["summary"]["packaged"] == 2


def test_kill_mid_batch_then_rerun_completes(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 6)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "archivist", "package", str(src), "-o", str(out),
                             "--jobs", "1", "--no-epubcheck"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(bags(out) if out.exists() else []) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = bags(out)
    assert 0 < len(done_before) < 6, "the kill must land mid-batch"
    for bag in done_before:  # every bag at a final path is complete and valid
        assert CliRunner().invoke(cli, ["verify", str(bag)]).exit_code == 0
    rerun = archivist("package", str(src), "-o", str(out), "--jobs", "1", "--no-epubcheck")
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["failed"] == 0 and len(bags(out)) == 6
    assert report["summary"]["skipped"] >= len(done_before)
    for bag in bags(out):
        assert CliRunner().invoke(cli, ["verify", str(bag)]).exit_code == 0


def test_same_seeds_same_bytes(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 2)
    outs = [tmp_path / "a" / "batch", tmp_path / "b" / "batch"]
    for out in outs:
        assert archivist("package", str(src), "-o", str(out), "--jobs", "1").returncode == 0
    files = [sorted(p.relative_to(o) for o in [out] for p in out.rglob("*")
                    if p.is_file() and p.name != ".archivist.lock") for out in outs]
    assert files[0] == files[1] and len(files[0]) > 10
    for rel in files[0]:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel


def test_zip_bags_are_deterministic_and_verify(tmp_path: Path) -> None:
    src = _small_batch(tmp_path, 1)
    zips = []
    for name in ("a", "b"):
        out = tmp_path / name / "batch"
        assert archivist("package", str(src), "-o", str(out), "--jobs", "1", "--zip").returncode == 0
        zips.append(next(out.glob("*.zip")))
    assert zips[0].read_bytes() == zips[1].read_bytes()
    with zipfile.ZipFile(zips[0]) as z:
        assert all(n.startswith(zips[0].stem + "/") for n in z.namelist())
    assert CliRunner().invoke(cli, ["verify", str(zips[0])]).exit_code == 0


def test_two_runs_on_one_outdir_do_not_collide(tmp_path: Path) -> None:
    from archivist.deposit.batch import locked
    from archivist.errors import BundleError
    out = tmp_path / "out"
    with locked(out):
        with pytest.raises(BundleError, match="another archivist package run"):
            with locked(out):
                pass
