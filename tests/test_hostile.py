"""Hostile XML, unsafe paths and crash safety: clean errors, bounded time, nothing leaked."""
from __future__ import annotations

import errno
import fcntl
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli

from conftest import options, SEED

SECRET = "archivist-secret-7f3a9c"


@pytest.fixture()
def listener():
    """A TCP listener on loopback that records every connection attempt."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                hits.append(1)
                conn.close()
            except OSError:
                pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], hits
    stop.set()
    t.join()
    srv.close()


def hostile_docs(tmp: Path, port: int) -> dict[str, Path]:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    tei = 'xmlns="http://www.tei-c.org/ns/1.0"'
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    docs = {
        "xxe-file": f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]><TEI {tei}><text>&x;</text></TEI>',
        "xxe-passwd": f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI {tei}>&x;</TEI>',
        "billion-laughs": f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{lol}]><TEI {tei}>&l9;</TEI>',
        "network-dtd": f'<!DOCTYPE TEI SYSTEM "http://127.0.0.1:{port}/tei.dtd"><TEI {tei}/>',
        "network-entity": f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]><TEI {tei}>&x;</TEI>',
        "parameter-entity": f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">%p;]><TEI {tei}/>',
        "deep": f"<TEI {tei}>" + "<div>" * 50000 + "</div>" * 50000 + "</TEI>",
        "xinclude": f'<TEI {tei} xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{secret.as_uri()}" parse="text"/></TEI>',
    }
    out = {}
    for name, text in docs.items():
        p = tmp / f"{name}.xml"
        p.write_text('<?xml version="1.0"?>\n' + text, encoding="utf-8")
        out[name] = p
    return out


CASES = ["xxe-file", "xxe-passwd", "billion-laughs", "network-dtd", "network-entity",
         "parameter-entity", "deep", "xinclude"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["validate", "render"])
def test_hostile_xml_is_refused_cleanly(case: str, command: str, tmp_path: Path, listener) -> None:
    port, hits = listener
    doc = hostile_docs(tmp_path, port)[case]
    args = [command, str(doc)] + (["--to", "epub", "-o", str(tmp_path / "out.epub")] if command == "render" else [])
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "archivist", *args], capture_output=True, text=True,
                         timeout=60)
    assert time.monotonic() - started < 30
    assert run.returncode == 1
    out = run.stdout + run.stderr
    assert "Traceback" not in out and SECRET not in out and "root:" not in out
    assert re.search(rf"{re.escape(str(doc))}:\d+: ", out)
    assert not (tmp_path / "out.epub").exists()
    assert hits == [], "archivist opened a network connection"


def test_huge_master_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.xml"
    with open(big, "wb") as fh:  # 200 MB, sparse: refused on its size alone
        fh.truncate(200 * 1024 * 1024)
    for args in (["validate", str(big)], ["render", str(big), "--to", "pdf", "-o", str(tmp_path / "x.pdf")]):
        started = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "archivist", *args], capture_output=True, text=True,
                             timeout=60)
        assert time.monotonic() - started < 20
        assert run.returncode == 1 and "limit" in run.stdout + run.stderr
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "x.pdf").exists()


HOSTILE_TITLES = ["../../etc/passwd", "a/b/c", "CON", "NUL.txt", "x" * 300, "..", "COM1 / LPT1",
                  "title with spaces", "“引号”/..\\..\\"]


@pytest.mark.slow  # packages through subprocesses / compiles tei_all
def test_article_ids_are_safe_whatever_the_seed_says(tmp_path: Path) -> None:
    src = tmp_path / "seeds"
    src.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i, title in enumerate(HOSTILE_TITLES):
        seed = text.replace(text.splitlines()[0], f"Title: {title}", 1)
        seed = seed.replace("### 高举", f"### {title}  高举", 1)
        (src / f"{i:02d} {title[:40].replace('/', '_')}.md").write_text(seed, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "archivist", "package", str(src), "-o", str(out),
                          "--jobs", "2", "--no-epubcheck"], capture_output=True, text=True,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    bags = [n for n in names if n != "report.json"]
    assert len(bags) == len(HOSTILE_TITLES)
    for name in bags:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_p\d{2,3}_[0-9a-f]{16}", name), name
        for f in (out / name).rglob("*"):
            assert f.resolve().is_relative_to(out.resolve())
            assert len(f.name) < 100 and f.name.isascii()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "seeds"]


def test_nul_in_title_fails_cleanly_without_a_bag(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    seed = tmp_path / "nul.md"
    seed.write_text(text.replace(text.splitlines()[0], "Title: a\x00b/../c", 1), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "archivist", "package", str(seed), "-o", str(out),
                          "--no-epubcheck"], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith(f"{seed}:1: control or non-character U+0000")
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        z.writestr("../../escaped.txt", "gotcha")
        z.writestr("/abs/escaped.txt", "gotcha")
    result = CliRunner().invoke(cli, ["verify", str(evil)])
    assert result.exit_code == 1 and "unsafe path in zip" in result.stderr
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert not Path("/abs/escaped.txt").exists()


def test_disk_full_leaves_no_partial_bag(tmp_path: Path, monkeypatch) -> None:
    from archivist.deposit import bundle
    from archivist.config import Config

    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if bundle.STAGING in self.parts and self.suffix == ".pdf":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    out = tmp_path / "out"
    outcome = bundle.package_seed(str(SEED), str(out), Config(), bundle.PackageOptions(options(), epubcheck=False))
    assert outcome.status == "failed"
    assert "No space left on device" in outcome.errors[0]
    assert not (out / outcome.id).exists()
    assert not any((out / bundle.STAGING).iterdir())


def test_failed_rename_leaves_no_partial_bag(tmp_path: Path, monkeypatch) -> None:
    from archivist.deposit import bundle
    from archivist.config import Config

    def readonly(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(bundle.os, "rename", readonly)
    out = tmp_path / "out"
    outcome = bundle.package_seed(str(SEED), str(out), Config(), bundle.PackageOptions(options(), epubcheck=False))
    assert outcome.status == "failed" and "Read-only file system" in outcome.errors[0]
    assert [p.name for p in out.iterdir()] == [bundle.STAGING]
    assert not any((out / bundle.STAGING).iterdir())


def test_concurrent_run_on_same_outdir_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".archivist.lock", "a+") as fh:  # another process holds the lock
        fcntl.flock(fh, fcntl.LOCK_EX)
        run = subprocess.run([sys.executable, "-m", "archivist", "package", str(SEED), "-o", str(out)],
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "another archivist package run" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in out.iterdir()) == [".archivist.lock"]


@pytest.mark.parametrize("kind", ["xsd", "rng"])
def test_user_schema_never_reaches_the_network(kind: str, tmp_path: Path, listener) -> None:
    port, hits = listener
    if kind == "xsd":
        schema = tmp_path / "s.xsd"
        schema.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
                          f'<xs:import namespace="urn:y" schemaLocation="http://127.0.0.1:{port}/y.xsd"/>'
                          '<xs:element name="a"/></xs:schema>')
        doc = tmp_path / "a.xml"
        doc.write_text('<a xmlns="urn:x"/>')
    else:
        schema = tmp_path / "s.rng"
        schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><choice>'
                          '<element name="a"><empty/></element>'
                          f'<externalRef href="http://127.0.0.1:{port}/x.rng"/></choice></start></grammar>')
        doc = tmp_path / "a.xml"
        doc.write_text("<a/>")
    run = subprocess.run([sys.executable, "-m", "archivist", "validate", "--schema", str(schema), str(doc)],
                         capture_output=True, text=True, timeout=60)
    assert "Traceback" not in run.stderr
    if kind == "xsd":  # the import is skipped; the document is judged by what is there
        assert (run.returncode, run.stderr.strip()) == (0, f"{doc}: valid")
    else:  # the external grammar is refused: the schema is unusable, said in one line
        assert run.returncode == 1
        assert "not a usable RELAX NG schema" in run.stdout + run.stderr
    time.sleep(0.5)
    assert hits == []
