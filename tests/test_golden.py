"""Golden files: for a few articles, the exact TEI master, METS and EPUB documents.

Each case is a folder under tests/golden/ holding the seed (``seed.md`` or ``seed.txt``) and
what archivist makes of it: ``master.tei.xml``, ``master.mets.xml`` (``render --to mets``)
and ``epub/`` (the EPUB's XHTML documents and package file). After an intended change of
output, regenerate them all with one command and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
    git diff tests/golden/

Versions of third-party libraries recorded in the outputs (PREMIS agents, the EPUB's
generator) are masked as ``{version of NAME}``, so a library upgrade alone changes nothing.
"""
from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from archivist.ingest.build import convert
from archivist.render import render_bytes
from archivist.tei.writer import to_bytes
from conftest import ROOT, WHEN, options

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
MASKED = ("lxml", "EbookLib", "weasyprint", "epubcheck")


def _mask(data: bytes) -> str:
    text = data.decode("utf-8")
    for dist in MASKED:
        version = metadata.version(dist)
        text = text.replace(f"{dist} {version}", f"{dist} {{version of {dist}}}")
        text = text.replace(f">{version}<", f">{{version of {dist}}}<")
    return re.sub(r"Ebook-lib [0-9.]+", "Ebook-lib {version}", text)  # ebooklib's generator


def _outputs(case: Path) -> dict[str, str]:
    seed = next(p for p in case.iterdir() if p.name.startswith("seed."))
    master = to_bytes(convert(seed, when=WHEN))
    out = {"master.tei.xml": _mask(master),
           "master.mets.xml": _mask(render_bytes(master, "mets", options()))}
    with zipfile.ZipFile(io.BytesIO(render_bytes(master, "epub", options()))) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf")):
                out[f"epub/{Path(name).name}"] = _mask(z.read(name))
    return out


@pytest.mark.parametrize("case", CASES)
def test_outputs_match_the_golden_files(case: str) -> None:
    folder = GOLDEN / case
    outputs = _outputs(folder)
    if UPDATE:
        for name, text in outputs.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    stored = {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
              for p in folder.rglob("*") if p.is_file() and not p.name.startswith("seed.")}
    assert sorted(stored) == sorted(outputs), "files differ; regenerate with UPDATE_GOLDEN=1"
    for name, text in outputs.items():
        if text != stored[name]:
            diff = "".join(list(difflib.unified_diff(stored[name].splitlines(True), text.splitlines(True),
                                                     f"golden/{case}/{name}", "now"))[:60])
            pytest.fail(f"{case}/{name} changed (UPDATE_GOLDEN=1 to accept):\n{diff}")


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 3
    for case in CASES:
        assert (GOLDEN / case / "master.tei.xml").is_file()
