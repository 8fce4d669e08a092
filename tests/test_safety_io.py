"""Issue 15, inputs and outputs: what is at an output path survives, inputs are read with a
bound, environment errors have their own exit code, messages stay one line each.

Real files, FIFOs, device nodes and tmpfs mounts where the machine allows (CI runs as root);
the mount tests are skipped, saying why, where it does not."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli

from conftest import SEED

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (mknod, mount)")


def archivist(*args: str, env: dict | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archivist", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture()
def master(tmp_path: Path, masters: dict) -> Path:
    m = tmp_path / "m.tei.xml"
    m.write_bytes(masters[SEED])
    return m


@pytest.fixture()
def tmpfs(tmp_path: Path):
    """A fresh 1 MiB tmpfs; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("this machine refuses tmpfs mounts")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


# 1. render -o never replaces a FIFO, a device node or a symlink with a regular file
def test_render_writes_through_a_fifo(master: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = archivist("render", str(master), "--to", "mets", "-o", str(fifo))
    reader.join(timeout=30)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert got and got[0].startswith(b"<?xml") and b"mets" in got[0]


@ROOT_ONLY
def test_render_writes_through_a_device_node(master: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    result = CliRunner().invoke(cli, ["render", str(master), "--to", "mets", "-o", str(null)])
    assert result.exit_code == 0, result.output
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)


def test_render_through_a_symlink_keeps_the_link(master: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.xml"
    real.write_text("old")
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    assert CliRunner().invoke(cli, ["render", str(master), "--to", "mets", "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"<?xml")


@ROOT_ONLY
def test_render_refuses_a_block_device_as_output(master: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 255))  # never opened: refused on its type
    result = CliRunner().invoke(cli, ["render", str(master), "--to", "mets", "-o", str(disk)])
    assert result.exit_code == 74
    assert f"{disk}: is a block device; refusing to replace it with a file" in result.stderr
    assert stat.S_ISBLK(os.lstat(disk).st_mode)


# 5. render M --to mets -o M must not overwrite the master
@pytest.mark.parametrize("alias", ["same", "symlink", "hardlink"])
def test_render_refuses_to_overwrite_its_input(alias: str, master: Path, tmp_path: Path) -> None:
    before = master.read_bytes()
    out = {"same": master, "symlink": tmp_path / "s.xml", "hardlink": tmp_path / "h.xml"}[alias]
    if alias == "symlink":
        out.symlink_to(master)
    elif alias == "hardlink":
        os.link(master, out)
    result = CliRunner().invoke(cli, ["render", str(master), "--to", "mets", "-o", str(out)])
    assert result.exit_code == 74
    assert f"{out}: is the input {master}; refusing to overwrite it" in result.stderr
    assert master.read_bytes() == before


# 9. a FIFO, /dev/zero or a huge seed is refused at once, never read
@pytest.mark.parametrize("what", ["fifo", "dev-zero", "sparse-2gb"])
def test_seed_must_be_a_small_regular_file(what: str, tmp_path: Path) -> None:
    seed = tmp_path / "seed.md"
    if what == "fifo":
        os.mkfifo(seed)
    elif what == "dev-zero":
        seed = Path("/dev/zero")
    else:
        with open(seed, "wb") as fh:
            fh.truncate(2 * 1024**3)
    run = archivist("tei", str(seed), "-o", str(tmp_path / "out"), timeout=60)
    assert run.returncode == 1, run.stderr
    expect = {"fifo": "a FIFO (named pipe), not a regular file",
              "dev-zero": "a character device, not a regular file",
              "sparse-2gb": "file is 2,147,483,648 bytes; the limit is 4,194,304 bytes"}[what]
    assert run.stderr.strip() == f"{seed}:{0 if what != 'sparse-2gb' else 1}: cannot read: {expect}" \
        if what != "sparse-2gb" else run.stderr.strip() == f"{seed}:1: {expect}"


# 10. environment problems: exit 74 and one line naming the path
def test_read_only_outdir_is_an_environment_error(tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    for args in (["tei", str(SEED), "-o", str(tmpfs / "masters")],
                 ["package", str(SEED), "-o", str(tmpfs / "bags"), "--no-epubcheck"]):
        run = archivist(*args)
        assert run.returncode == 74, run.stderr
        assert run.stderr.count("\n") == 1 and str(tmpfs) in run.stderr
        assert "Read-only file system" in run.stderr and "internal error" not in run.stderr


def test_full_disk_at_the_report_is_an_environment_error(tmpfs: Path) -> None:
    fd = os.open(tmpfs / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    run = archivist("package", str(SEED), "-o", str(tmpfs), "--no-epubcheck", timeout=300)
    assert run.returncode == 74, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith(str(tmpfs)) and "No space left on device" in last
    assert not (tmpfs / ".staging").exists() and not (tmpfs / ".archivist.lock").exists()


def test_outdir_under_a_file_and_lock_as_directory(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("x")
    run = archivist("package", str(SEED), "-o", str(plain / "out"), "--no-epubcheck")
    assert run.returncode == 74 and f"{plain / 'out'}: cannot create the output directory" in run.stderr
    out = tmp_path / "out"
    (out / ".archivist.lock").mkdir(parents=True)
    run = archivist("package", str(SEED), "-o", str(out), "--no-epubcheck")
    assert run.returncode == 74 and f"{out / '.archivist.lock'}: cannot create the lock file" in run.stderr


def test_nul_in_configuration_is_a_configuration_error(tmp_path: Path) -> None:
    conf = tmp_path / "archivist.toml"
    conf.write_text('[institution]\nname = "Evil\\u0000Org"\n')
    run = archivist("tei", str(SEED), "-o", str(tmp_path / "o"), "--config", str(conf))
    assert run.returncode == 2 and f"{conf}:1: [institution] values may not contain control" in run.stderr


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "99999999999999999999", "1e9"])
def test_bad_source_date_epoch_is_an_error_not_ignored(value: str, tmp_path: Path) -> None:
    run = archivist("tei", str(SEED), "-o", str(tmp_path), env={"SOURCE_DATE_EPOCH": value})
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"SOURCE_DATE_EPOCH={value!r}: must be a whole number of seconds")
    assert not list(tmp_path.glob("*.tei.xml"))


# 11. OUTDIR inside an input directory, and bags, are never walked for seeds
def test_input_walk_skips_outdir_and_bags(tmp_path: Path) -> None:
    from archivist.fsutil import seed_files

    src = tmp_path / "seeds"
    (src / "out" / "bag1" / "data").mkdir(parents=True)
    (src / "elsewhere" / "data").mkdir(parents=True)
    (src / "a.md").write_text("x")
    (src / "out" / "bag1" / "bagit.txt").write_text("BagIt-Version: 1.0\n")
    (src / "out" / "bag1" / "data" / "b.md").write_text("x")
    (src / "out" / "notes.txt").write_text("x")
    (src / "elsewhere" / "bagit.txt").write_text("BagIt-Version: 1.0\n")
    (src / "elsewhere" / "data" / "c.txt").write_text("x")
    assert seed_files([src], exclude=[src / "out"]) == [src / "a.md"]
    assert seed_files([src]) == [src / "a.md", src / "out" / "notes.txt"]


# 12. --jobs is capped by cores and memory
def test_jobs_are_capped(tmp_path: Path, monkeypatch) -> None:
    from archivist.deposit import batch

    seen = {}
    monkeypatch.setattr(batch, "run", lambda seeds, outdir, config, options, jobs, **kw: seen.update(jobs=jobs) or [])
    result = CliRunner().invoke(cli, ["package", str(SEED), str(SEED.parent), "-o", str(tmp_path), "--jobs", "1000"])
    assert result.exit_code == 0, result.output
    cores = len(os.sched_getaffinity(0))
    assert 1 <= seen["jobs"] <= cores
    assert f"--jobs 1000 capped to {seen['jobs']} ({cores} cores" in result.stderr
    jobs, _ = batch.worker_limit(1000, 10_000)
    monkeypatch.setattr(batch, "_available_memory", lambda: batch.WORKER_BYTES * 3 // 2)
    assert batch.worker_limit(1000, 10_000)[0] == 1 <= jobs


# 14. one line per message; bagit warnings name the bag; tei on nothing exits 2
def test_newline_in_a_file_name_cannot_forge_lines(tmp_path: Path) -> None:
    seed = tmp_path / "x\nforged.md:1: all good\ny.md"
    seed.write_bytes(b"\xff\xfe not utf-8")
    run = archivist("tei", str(seed), "-o", str(tmp_path / "o"))
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(tmp_path) + "/x\\u000aforged.md:1: all good\\u000ay.md:1: not UTF-8")


def test_tei_on_an_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tei", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no *.md or *.txt seed files" in result.stderr


def test_one_line_escapes_every_line_break() -> None:
    from archivist.text import one_line

    for ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\x00\x1b":
        assert one_line(f"a{ch}b") == f"a\\u{ord(ch):04x}b"
        assert len(one_line(f"a{ch}b").splitlines()) == 1
    assert one_line("人民日报\t") == "人民日报\\u0009"
