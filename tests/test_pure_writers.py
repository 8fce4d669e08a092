"""Writers are pure functions of (master, options): no clock, no environment.

The build time is read once at the edge (cli.py, the public API's caller) and travels in
RenderOptions; the same master and options give the same bytes in any process, whatever its
clock, time zone or SOURCE_DATE_EPOCH.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archivist.ingest.build import convert
from archivist.tei.writer import to_bytes
from conftest import ROOT, SEED, WHEN

PACKAGE = ROOT / "archivist"
#: Names whose use reads the clock or the environment.
IMPURE_ATTRS = {"now", "today", "utcnow", "environ", "getenv", "localtime", "gmtime", "time_ns"}


def _impure_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] in ("clock", "time"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Import) and any(a.name in ("time", "archivist.clock") for a in node.names):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports time")
        elif isinstance(node, ast.Attribute) and node.attr in IMPURE_ATTRS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: uses .{node.attr}")
    return found


@pytest.mark.parametrize("folder", ["render", "tei", "ingest", "deposit"])
def test_no_library_module_reads_the_clock_or_environment(folder: str) -> None:
    files = list((PACKAGE / folder).rglob("*.py"))
    assert files
    assert [use for p in files for use in _impure_uses(p)] == []


def test_the_probe_would_see_a_clock() -> None:
    """The check above is not vacuous: it finds the edge's own reads."""
    uses = _impure_uses(PACKAGE / "clock.py")
    assert any(".now" in u for u in uses) and any(".environ" in u for u in uses)


def test_the_clock_is_read_by_the_edge_only() -> None:
    readers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                     if re.search(r"from \.+clock import|import archivist\.clock|\"archivist\.clock\"",
                                  p.read_text(encoding="utf-8")))
    assert readers == ["__init__.py", "cli.py"]


RENDER = """
import datetime, hashlib, json, sys
from archivist.render import render_bytes
from archivist.render.options import RenderOptions
master = open(sys.argv[1], "rb").read()
opts = RenderOptions(built=datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc))
print(json.dumps({to: hashlib.sha256(render_bytes(master, to, opts)).hexdigest()
                  for to in ("epub", "pdf", "mets")}))
"""


def _render_elsewhere(master: Path, **env: str) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    run = subprocess.run([sys.executable, "-c", RENDER, str(master)], capture_output=True,
                         text=True, env=full, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.slow
def test_same_master_same_options_same_bytes_in_any_process(tmp_path: Path) -> None:
    master = tmp_path / "m.tei.xml"
    master.write_bytes(to_bytes(convert(SEED, when=WHEN)))
    first = _render_elsewhere(master, SOURCE_DATE_EPOCH="1", TZ="UTC", LC_ALL="C.UTF-8")
    second = _render_elsewhere(master, SOURCE_DATE_EPOCH="1900000000", TZ="Asia/Shanghai",
                               LANG="zh_CN.UTF-8")
    third = _render_elsewhere(master, TZ="America/Los_Angeles")  # no SOURCE_DATE_EPOCH at all
    assert first == second == third
    assert len(set(first.values())) == 3


def test_build_time_shows_as_given(tmp_path: Path) -> None:
    """The options' time is what the outputs record (not the process's clock)."""
    import datetime
    import io
    import zipfile

    from archivist.render import render_bytes
    from archivist.render.options import RenderOptions

    master = to_bytes(convert(SEED, when=WHEN))
    built = datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)
    epub = render_bytes(master, "epub", RenderOptions(built=built))
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        opf = z.read("EPUB/content.opf").decode()
        assert {i.date_time for i in z.infolist()} == {(2001, 2, 3, 4, 5, 6)}
    assert "2001-02-03T04:05:06Z" in opf
    mets = render_bytes(master, "mets", RenderOptions(built=built))
    assert b'CREATEDATE="2001-02-03T04:05:06Z"' in mets
    assert hashlib.sha256(epub).hexdigest() != hashlib.sha256(
        render_bytes(master, "epub", RenderOptions(built=built + datetime.timedelta(days=1)))).hexdigest()


def test_weasyprint_warnings_become_problems(monkeypatch, caplog) -> None:
    """WeasyPrint reports through its logger; a render collects its warnings as Problems,
    whatever level the process's logging configuration sets (here: critical only)."""
    import logging

    caplog.set_level(logging.CRITICAL)
    from archivist.render import pdf
    from archivist.tei import reader

    master = to_bytes(convert(SEED, when=WHEN))
    article = reader.load(master)
    real = pdf.html_document
    monkeypatch.setattr(pdf, "html_document", lambda a, o: real(a, o).replace(
        b"<body>", b'<body style="colour-of-ink: red">', 1))
    from conftest import options

    data, problems = pdf.build(article, master, options())
    assert data.startswith(b"%PDF-")
    assert [p.level for p in problems] == ["warning"]
    assert problems[0].code == "weasyprint" and "colour-of-ink" in problems[0].message
    assert problems[0].where == f"{article.provenance.article_id}.pdf"
