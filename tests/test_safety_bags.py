"""Issue 15, bags: ids that cannot silently collide, tag values that cannot inject tags, an
incremental re-run that checks the bag, a strict and bounded ``verify``, and a rebuild that
is crash-safe at every rename and unlink."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli
from archivist.config import load_config
from archivist.deposit import batch, bundle

from conftest import ALL_SEEDS, EXAMPLE_CONFIG, SEED, options

CONFIG = load_config(EXAMPLE_CONFIG)


def package(seed: Path, out: Path, **kw: object) -> bundle.Outcome:
    opts = bundle.PackageOptions(options(), epubcheck=False, **kw)  # type: ignore[arg-type]
    return bundle.package_seed(str(seed), str(out), CONFIG, opts)


def verify(*paths: Path):  # noqa: ANN201 - click Result
    return CliRunner().invoke(cli, ["verify", *map(str, paths)])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good bag, built once for the module."""
    out = tmp_path_factory.mktemp("bags") / "out"
    outcome = package(SEED, out)
    assert outcome.status == "packaged", outcome.errors
    return out / outcome.id


@pytest.fixture()
def bag(built: Path, tmp_path: Path) -> Path:
    """A private copy of the good bag, in ``tmp_path/out``."""
    dst = tmp_path / "out" / built.name
    shutil.copytree(built, dst)
    return dst


# 3. ids keep 64 bits of the seed's hash; a collision is refused loudly
def test_article_id_keeps_64_bits(built: Path) -> None:
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert re.fullmatch(r"1966-01-11_p01_[0-9a-f]{16}", built.name) and built.name.endswith(sha[:16])


def test_colliding_ids_fail_loudly_and_replace_nothing(tmp_path: Path, monkeypatch) -> None:
    from archivist.ingest import build

    monkeypatch.setattr(build, "article_id", lambda seed: "1966-01-11_p01_0000000000000000")
    first, second = ALL_SEEDS[1], ALL_SEEDS[2]
    out = tmp_path / "out"
    opts = bundle.PackageOptions(options(), epubcheck=False)
    outcomes = batch.run([first, second], out, CONFIG, opts, jobs=1)
    assert [o.status for o in outcomes] == ["packaged", "failed"]
    assert "collides with the bag already there, built from a different seed" in outcomes[1].errors[0]
    bag = out / outcomes[0].id
    held = bundle.existing_tags(bag)[bundle.SEED_KEY]
    assert held == hashlib.sha256(first.read_bytes()).hexdigest()
    before = {p: p.read_bytes() for p in bag.rglob("*") if p.is_file()}
    again = batch.run([second], out, CONFIG, bundle.PackageOptions(options(), epubcheck=False, force=True))
    assert again[0].status == "failed" and "collides" in again[0].errors[0]
    assert {p: p.read_bytes() for p in bag.rglob("*") if p.is_file()} == before


def test_two_seeds_that_both_landed_on_one_id_both_fail() -> None:
    a = bundle.Outcome("a.md", "packaged", id="x", bag="x", sha256="1" * 64)
    b = bundle.Outcome("b.md", "packaged", id="x", bag="x", sha256="2" * 64)
    same = bundle.Outcome("copy-of-a.md", "skipped", id="y", bag="y", sha256="3" * 64)
    twin = bundle.Outcome("a-again.md", "skipped", id="y", bag="y", sha256="3" * 64)
    batch._mark_collisions([a, b, same, twin])
    assert (a.status, b.status, same.status, twin.status) == ("failed", "failed", "skipped", "skipped")
    assert "collides with b.md" in a.errors[0]


# 4. a title with Unicode line separators cannot add tags to bag-info.txt
def test_line_separators_in_a_title_cannot_inject_tags(tmp_path: Path) -> None:
    import bagit

    text = SEED.read_text(encoding="utf-8")
    evil = "Title: Evil\u2028Source-Organization: Evil Org\u2029Contact-Email: x@evil\x85Bag-Group-Identifier: evil"
    seed = tmp_path / "evil.md"
    seed.write_text(text.replace(text.splitlines()[0], evil, 1), encoding="utf-8")
    outcome = package(seed, tmp_path / "out")
    assert outcome.status == "packaged", outcome.errors
    bag = tmp_path / "out" / outcome.id
    info = (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert "Evil\\u2028Source-Organization: Evil Org\\u2029Contact-Email: x@evil\\u0085Bag" in info
    lines = info.splitlines()  # str.splitlines breaks at U+2028/2029/0085 too: the widest reader
    assert sum(ln.startswith("Source-Organization:") for ln in lines) == 1
    assert not any("Evil Org" in ln and not ln.startswith("External-Description:") for ln in lines)
    assert bagit.Bag(str(bag)).info["Source-Organization"] == CONFIG.institution.name
    assert verify(bag).exit_code == 0


# 6. an incremental re-run checks the bag, not only bag-info.txt
def _damage(bag: Path, how: str) -> None:
    data = bag / "data"
    if how == "delete-pdf":
        next(data.glob("*.pdf")).unlink()
    elif how == "edit-master":
        master = next(data.glob("*.tei.xml"))
        master.write_bytes(master.read_bytes() + b"<!-- edited -->\n")
    elif how == "extra-file":
        (data / "extra.txt").write_text("x")
    elif how == "delete-manifest":
        (bag / "manifest-sha512.txt").unlink()
    elif how == "forge-info":
        info = bag / "bag-info.txt"
        info.write_text(info.read_text(encoding="utf-8") + "Source-Organization: Evil Org\n", encoding="utf-8")


@pytest.mark.parametrize("how", ["delete-pdf", "edit-master", "extra-file", "delete-manifest", "forge-info"])
def test_rerun_rebuilds_a_damaged_bag(how: str, bag: Path) -> None:
    out = bag.parent
    assert package(SEED, out).status == "skipped"  # the intact copy is up to date
    _damage(bag, how)
    again = package(SEED, out)
    assert again.status == "packaged", again.errors
    assert again.warnings[-1].startswith(f"existing bag rebuilt: {bag}")
    assert verify(bag).exit_code == 0


def test_verify_existing_checks_payload_fixity(bag: Path) -> None:
    pdf = next((bag / "data").glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1  # same size: only a checksum can tell
    pdf.write_bytes(bytes(data))
    assert package(SEED, bag.parent).status == "skipped"  # documented: sizes only by default
    again = package(SEED, bag.parent, verify_existing=True)
    assert again.status == "packaged" and "sha256 checksum mismatch" in again.warnings[-1]
    assert verify(bag).exit_code == 0


# 7. verify: strict about tag manifests, names every failing file, bounded
def test_verify_refuses_a_forged_info_without_tag_manifests(bag: Path) -> None:
    for f in bag.glob("tagmanifest-*.txt"):
        f.unlink()
    info = bag / "bag-info.txt"
    info.write_text(re.sub(r"Source-Organization: .*", "Source-Organization: Evil Org",
                           info.read_text(encoding="utf-8")), encoding="utf-8")
    result = verify(bag)
    assert result.exit_code == 1
    assert f"{bag}/tagmanifest-sha256.txt: tag manifest missing" in result.stderr
    assert f"{bag}/tagmanifest-sha512.txt: tag manifest missing" in result.stderr


def test_verify_requires_the_profile_tags(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(re.sub(r"Bagging-Date: .*\n", "", info.read_text(encoding="utf-8")), encoding="utf-8")
    import bagit
    bagit.Bag(str(bag)).save()  # consistent tag manifests: only the missing tag is wrong
    result = verify(bag)
    assert result.exit_code == 1 and f"{bag}/bag-info.txt: required tag Bagging-Date is missing" in result.stderr


def test_verify_names_a_file_whose_size_changed(bag: Path) -> None:
    pdf = next((bag / "data").glob("*.pdf"))
    with open(pdf, "ab") as fh:
        fh.write(b"%% appended\n")
    result = verify(bag)
    assert result.exit_code == 1
    assert f"{pdf.relative_to(bag.parent)}: sha256 checksum mismatch" in result.stderr.replace(str(bag.parent) + "/", "")
    assert "Payload-Oxum" in result.stderr


def test_non_utf8_tag_file_is_named_and_later_bags_still_checked(bag: Path, built: Path, tmp_path: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_bytes(info.read_bytes() + b"X-Note: caf\xe9\n")
    good = tmp_path / "good" / built.name
    shutil.copytree(built, good)
    result = verify(bag, good)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(ln.startswith(f"{bag}/bag-info.txt: line ") and "not UTF-8 (byte 0xe9" in ln for ln in lines)
    assert f"{good}: valid" in lines
    assert all(ln.startswith((str(bag), str(good))) for ln in lines)  # every line names its bag


def test_byte_order_mark_is_named_with_its_bag(bag: Path) -> None:
    manifest = bag / "manifest-sha256.txt"
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes())
    result = verify(bag)
    assert result.exit_code == 1
    assert all(ln.startswith(f"{bag}/") for ln in result.stderr.splitlines())
    assert f"{bag}/manifest-sha256.txt: starts with a byte-order mark" in result.stderr


def run_verify(bag: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archivist", "verify", str(bag)], capture_output=True,
                          text=True, timeout=30, env={**os.environ, **env})


def test_huge_tag_line_is_refused_unread(bag: Path) -> None:
    with open(bag / "bag-info.txt", "a", encoding="utf-8") as fh:
        fh.write("X-Long: " + "a" * 50_000_000 + "\n")
    run = run_verify(bag)  # the 30 s timeout bounds it (it took > 120 s)
    assert run.returncode == 1
    assert f"{bag}/bag-info.txt: is 50,00" in run.stderr and "tag files above 1,048,576 bytes are refused" in run.stderr


def test_fifo_in_the_payload_is_named_never_opened(bag: Path) -> None:
    pdf = next((bag / "data").glob("*.pdf"))
    pdf.unlink()
    os.mkfifo(pdf)
    run = run_verify(bag)  # would hang forever opening the FIFO
    assert run.returncode == 1
    assert f"{pdf}: is a FIFO (named pipe); not read" in run.stderr


class _ZerosDeflater:
    """Stands in for zlib's compressor: every 1 MiB of zeros becomes one precomputed,
    byte-aligned deflate block (a full flush resets the window, so blocks concatenate)."""

    def __init__(self) -> None:
        import zlib
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = c.compress(b"\0" * (1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
        self.end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()

    def compress(self, data: bytes) -> bytes:
        assert data == b"\0" * (1 << 20)
        return self.block

    def flush(self) -> bytes:
        return self.end


@pytest.mark.slow
def test_zip_bomb_is_refused_without_inflating(tmp_path: Path, monkeypatch) -> None:
    bomb = tmp_path / "bomb.zip"
    tags = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": b"Payload-Oxum: 1024.1\nBagging-Date: 2023-11-14\n",
            "manifest-sha256.txt": b"0" * 64 + b"  data/zeros\n"}
    tags["tagmanifest-sha256.txt"] = b"".join(hashlib.sha256(v).hexdigest().encode() + b"  " + k.encode() + b"\n"
                                              for k, v in tags.items())
    with zipfile.ZipFile(bomb, "w") as z:
        for name, data in tags.items():
            z.writestr(f"bag/{name}", data)
        monkeypatch.setattr(zipfile, "_get_compressor", lambda *a: _ZerosDeflater())
        with z.open(zipfile.ZipInfo("bag/data/zeros"), "w", force_zip64=True) as fh:
            fh._compress_type = zipfile.ZIP_DEFLATED  # the header says deflate, as the data is
            for _ in range(2048):
                fh.write(b"\0" * (1 << 20))
    monkeypatch.undo()
    with zipfile.ZipFile(bomb) as z:
        assert z.getinfo("bag/data/zeros").file_size == 2 * 1024**3 and bomb.stat().st_size < 20_000_000
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    run = run_verify(bomb, TMPDIR=str(scratch))  # the 30 s timeout is the acceptance bound
    assert run.returncode == 1
    assert "declares 2,147,483,648 bytes of payload, more than Payload-Oxum allows; payload not read" in run.stderr
    assert list(scratch.iterdir()) == []  # nothing extracted, nothing written


# 2. a rebuild killed at any rename or unlink leaves every bag valid at its final path
CRASH_DRIVER = r"""
import os, signal, sys
from archivist.deposit import bundle
from archivist.cli import main

kill_at, steps, active = int(sys.argv[1]), [0], [False]

def counted(fn):
    def step(*args, **kwargs):
        if active[0]:
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return fn(*args, **kwargs)
    return step

for name in ("rename", "replace", "unlink", "rmdir"):
    setattr(os, name, counted(getattr(os, name)))
real = bundle.move_into_place

def move(*args):
    active[0] = True
    try:
        return real(*args)
    finally:
        active[0] = False

bundle.move_into_place = move
sys.argv = ["archivist", *sys.argv[2:]]
try:
    main()
finally:
    print("STEPS", steps[0], file=sys.stderr)
"""


@pytest.mark.slow
def test_rebuild_killed_at_every_step_keeps_every_bag(bag: Path, tmp_path: Path) -> None:
    from archivist.deposit.verify import verify_bag

    out = bag.parent
    args = [str(SEED), "-o", str(out), "--jobs", "1", "--no-epubcheck", "--force"]
    killed_at = []
    for step in range(1, 100):
        run = subprocess.run([sys.executable, "-c", CRASH_DRIVER, str(step), "package", *args],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != -signal.SIGKILL:
            assert run.returncode == 0, run.stderr
            total = int(re.search(r"STEPS (\d+)", run.stderr).group(1))
            break
        killed_at.append(step)
        with batch.locked(out):  # what the next run does first, under the lock
            batch._clean_staging(out)
        assert verify_bag(bag) == [], f"killed at step {step}: bag not valid at its final path"
        assert not (out / bundle.STAGING).exists()
    assert killed_at == list(range(1, total + 1)) and total >= 3  # rename, rename, rmtree's unlinks


def test_bagit_warnings_name_the_bag(tmp_path: Path, monkeypatch, caplog) -> None:
    import logging

    caplog.set_level(logging.CRITICAL)  # the warnings are kept whatever the process's level
    import bagit

    real = bagit.make_bag

    def warn(path: str, *args: object, **kwargs: object):  # noqa: ANN202
        logging.getLogger("bagit").warning("Disabling requested hash algorithm %s", "md6")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(bagit, "make_bag", warn)
    outcome = package(SEED, tmp_path / "out")
    assert outcome.status == "packaged"
    assert f"bagit: {outcome.id}: Disabling requested hash algorithm md6" in outcome.warnings
