"""BagIt profiles: archivist's own (validated with bagit_profile) and APTrust's (tar, md5 +
sha256, aptrust-info.txt), both accepted by `archivist verify`."""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import bagit
import bagit_profile
import pytest
from click.testing import CliRunner

from archivist.cli import cli
from archivist.deposit import profiles

from conftest import ROOT, SEED

DATA = ROOT / "archivist" / "deposit" / "data"


def _package(tmp: Path, *args: str) -> Path:
    src = tmp / "src" / "1966.01"
    src.mkdir(parents=True)
    shutil.copy(SEED, src / SEED.name)
    out = tmp / "out"
    run = subprocess.run([sys.executable, "-m", "archivist", "-q", "package", str(src), "-o", str(out),
                          "--jobs", "1", "--no-epubcheck", *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = _package(tmp_path_factory.mktemp("own"))
    return next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def aptrust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = _package(tmp_path_factory.mktemp("aptrust"), "--profile", "aptrust")
    return next(out.glob("*.tar"))


def test_bag_validates_against_archivists_profile_with_bagit_profile(own: Path, caplog) -> None:
    spec = json.loads((DATA / "archivist-bagit-profile-1.0.json").read_text(encoding="utf-8"))
    ident = spec["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    profile = bagit_profile.Profile(ident, profile=spec)
    caplog.set_level(logging.CRITICAL)  # bagit_profile is chatty; pytest restores the level
    assert profile.validate_serialization(str(own))
    assert profile.validate(bagit.Bag(str(own))), [str(e) for e in profile.report.errors]
    info = bagit.Bag(str(own)).info
    assert info["BagIt-Profile-Identifier"] == ident
    assert info["Bag-Count"] == "1 of 1"
    assert info["Internal-Sender-Identifier"] == f"1966.01/{SEED.name}"
    assert SEED.name in info["Internal-Sender-Description"]


def test_zipped_bag_meets_the_profile_too(tmp_path: Path) -> None:
    out = _package(tmp_path, "--zip")
    archive = next(out.glob("*.zip"))
    spec = json.loads((DATA / "archivist-bagit-profile-1.0.json").read_text(encoding="utf-8"))
    profile = bagit_profile.Profile(spec["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=spec)
    assert profile.validate_serialization(str(archive))
    assert CliRunner().invoke(cli, ["verify", str(archive)]).exit_code == 0


def test_profile_check_fails_a_bag_that_breaks_the_profile(own: Path, tmp_path: Path) -> None:
    bag = tmp_path / own.name
    shutil.copytree(own, bag)
    (bag / "manifest-sha512.txt").unlink()
    (bag / "tagmanifest-sha512.txt").unlink()
    bagit.Bag(str(bag)).save()  # still a valid bag, but not one of archivist's
    run = CliRunner().invoke(cli, ["verify", str(bag)])
    assert run.exit_code == 1
    assert "archivist BagIt profile: required manifest-sha512.txt is missing" in run.stderr


def test_aptrust_bag_is_a_tar_that_meets_aptrusts_profile(aptrust: Path, tmp_path: Path) -> None:
    from archivist.deposit.serialize import tar_bag
    with tarfile.open(aptrust) as tar:
        assert {n.split("/", 1)[0] for n in tar.getnames()} == {aptrust.stem}  # untars to <name>/
        tar.extractall(tmp_path, filter="data")
    bag = tmp_path / aptrust.stem
    assert {p.name for p in bag.glob("*manifest-*.txt")} == {
        "manifest-md5.txt", "manifest-sha256.txt", "tagmanifest-md5.txt", "tagmanifest-sha256.txt"}
    info = (bag / "aptrust-info.txt").read_text(encoding="utf-8")
    assert "Access: Institution\n" in info and "Storage-Option: Standard\n" in info and "Title: " in info
    assert bagit.Bag(str(bag)).info["BagIt-Profile-Identifier"] == profiles.identifier("aptrust")
    assert CliRunner().invoke(cli, ["verify", str(aptrust)]).exit_code == 0
    untarred = CliRunner().invoke(cli, ["verify", str(bag)])
    assert untarred.exit_code == 1 and "must be serialized as application/tar" in untarred.stderr
    (bag / "aptrust-info.txt").write_text(info.replace("Access: Institution", "Access: Public"),
                                          encoding="utf-8")
    bagit.Bag(str(bag)).save()  # consistent manifests: only the profile can object
    public = tmp_path / "public" / aptrust.name
    public.parent.mkdir()
    tar_bag(bag, public)
    run = CliRunner().invoke(cli, ["verify", str(public)])
    assert run.exit_code == 1 and "aptrust-info.txt: Access 'Public' is not one of" in run.stderr


def test_aptrust_profile_is_the_published_one() -> None:
    spec = profiles.load("aptrust")
    assert spec["bagItProfileInfo"]["bagItProfileIdentifier"] == \
        "https://raw.githubusercontent.com/APTrust/preservation-services/master/profiles/aptrust-v2.2.json"
    assert spec["manifestsRequired"] == ["md5"] and spec["acceptSerialization"] == ["application/tar"]


def test_zip_and_aptrust_together_is_a_usage_error(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["package", str(SEED), "-o", str(tmp_path / "o"), "--zip",
                                   "--profile", "aptrust"])
    assert run.exit_code == 2 and "APTrust bags are tar files" in run.stderr
