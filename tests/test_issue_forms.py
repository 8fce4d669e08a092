"""Issue and month bags in every form a deposit takes: a directory, ``--zip``, and APTrust's
tarred profile; each valid, incremental, under the configured rights, naming every seed, and
re-checked against the masters by ``archivist verify``."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from archivist.deposit.bagtree import open_tree, read_small
from archivist.deposit.verify import parse_tags, verify_bag

from conftest import CORPUS, EXAMPLE_CONFIG

IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"
SEEDS = sorted((CORPUS / "1989.06").glob("1989-05-31_*.md"))  # one date, four articles


def _package(src: Path, out: Path, config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archivist", "-q", "package", str(src), "-o", str(out),
                           "--config", str(config), "-j", "1", "--no-epubcheck", *args],
                          capture_output=True, text=True, timeout=900)


def _tags(bag: Path, name: str = "bag-info.txt") -> dict[str, list[str]]:
    tree = open_tree(bag)
    try:
        return parse_tags(read_small(tree, name, 1 << 20))[0]
    finally:
        tree.close()


def _text(bag: Path, suffix: str) -> list[str]:
    tree = open_tree(bag)
    try:
        return [tree.open(rel).read().decode("utf-8") for rel in sorted(tree.entries) if rel.endswith(suffix)]
    finally:
        tree.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("forms")
    src = root / "seeds" / "1989.06"
    src.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, src / seed.name)
    config = root / "archivist.toml"
    config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        'statement = "http://rightsstatements.org/vocab/UND/1.0/"', f'statement = "{IN_COPYRIGHT}"'),
        encoding="utf-8")
    assert IN_COPYRIGHT in config.read_text(encoding="utf-8")
    return src.parent, config


@pytest.mark.slow
@pytest.mark.parametrize("by,form,name", [("issue", "--zip", "1989-05-31.zip"),
                                          ("issue", "aptrust", "1989-05-31.tar"),
                                          ("month", "--zip", "1989-05.zip"),
                                          ("month", "aptrust", "1989-05.tar")])
def test_every_form_is_a_valid_incremental_bag(setup, tmp_path: Path, by: str, form: str, name: str) -> None:
    src, config = setup
    out = tmp_path / "out"
    extra = ["--profile", "aptrust"] if form == "aptrust" else [form]
    run = _package(src, out, config, "--by", by, *extra)
    assert run.returncode == 0, run.stderr[-2000:]
    bag = out / name
    assert bag.is_file() and not (out / name.split(".")[0]).exists()
    assert verify_bag(bag) == []  # completeness, fixity, seeds against masters, declared profile
    if form == "aptrust":
        names = open_tree(bag).entries
        assert "manifest-md5.txt" in names and "manifest-sha512.txt" not in names
        assert _tags(bag, "aptrust-info.txt")["Title"] == [f"People's Daily (人民日报), {name.split('.')[0]}"]
    info = _tags(bag)
    # the configured rights, in bag-info and in every master (not the default statement)
    assert info["Rights-Statement"] == [IN_COPYRIGHT]
    masters = _text(bag, ".tei.xml")
    assert len(masters) == 4 and all(IN_COPYRIGHT in m and "/UND/" not in m for m in masters)
    # every seed named, and the seed digest over all of them
    assert sorted(info["Internal-Sender-Identifier"][0].split("; ")) == [f"1989.06/{s.name}" for s in SEEDS]
    shas = sorted(hashlib.sha256(s.read_bytes()).hexdigest() for s in SEEDS)
    assert info["Archivist-Seed-SHA256"] == [hashlib.sha256("\n".join(shas).encode()).hexdigest()]
    before = bag.read_bytes()
    again = _package(src, out, config, "--by", by, *extra)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "up to date" in (out / "report.json").read_text(encoding="utf-8")
    assert bag.read_bytes() == before  # not rebuilt


@pytest.mark.slow
def test_verify_rechecks_every_seed_of_a_month(setup, tmp_path: Path) -> None:
    src, config = setup
    out = tmp_path / "out"
    assert _package(src, out, config, "--by", "month").returncode == 0
    bag = out / "1989-05"
    assert verify_bag(bag) == []
    seed = sorted((bag / "data" / "1989-05-31").glob("*.seed.md"))[1]
    seed.write_bytes(seed.read_bytes() + "。".encode())
    bagit.Bag(str(bag)).save(manifests=True)  # consistent manifests: only the master can tell
    problems = verify_bag(bag)
    assert [p.message.split(":")[0] for p in problems] == ["seed does not match the master's recorded SHA-256"]
    assert problems[0].where.endswith(seed.name)
