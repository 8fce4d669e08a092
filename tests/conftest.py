"""Shared fixtures: the seed, the corpus in ../shared, masters built once per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"
SEED = ROOT / "seeds" / "000_46162b52d6e248d1.txt"
EPOCH = "1700000000"  # 2023-11-14

os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)


def corpus_files() -> list[Path]:
    files = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".md", ".txt"))
    assert len(files) == 62, f"expected the 62 corpus files in {CORPUS}, found {len(files)}"
    return files


ALL_SEEDS = [SEED, *corpus_files()]


def seed_id(path: Path) -> str:
    return path.name


@pytest.fixture(scope="session")
def masters() -> dict[Path, bytes]:
    """Every seed of the corpus and seeds/ converted once: path → master bytes."""
    from archivist.ingest.build import convert
    from archivist.tei.writer import to_bytes

    return {p: to_bytes(convert(p)) for p in ALL_SEEDS}


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """TEI P5 tei_all.rng, compiled once (about 5 s)."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei" / "tei_all.rng")))


def render_all(masters: dict[Path, bytes], fmt: str, out: Path) -> dict[Path, Path]:
    """Render every master as ``fmt`` into ``out``: seed path → output file."""
    from archivist.render import render_bytes

    files = {}
    for i, (seed, master) in enumerate(masters.items()):
        f = out / f"{i:03d}.{fmt}"
        f.write_bytes(render_bytes(master, fmt, name=seed.name))
        files[seed] = f
    return files
