"""Shared fixtures: the seed, the corpus in ../shared, masters built once per session.

Nothing here needs ../shared at import: unit tests run without it; the corpus fixtures
(``masters``, ``tei_all``) fail with a clear message when it is missing.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"
SEED = ROOT / "seeds" / "000_46162b52d6e248d1.txt"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
#: The build time tests pass to the library (the edge's job; the library never reads a clock).
BUILT = datetime.datetime.fromtimestamp(int(EPOCH), tz=datetime.timezone.utc)
WHEN = BUILT.date().isoformat()

EXAMPLE_CONFIG = ROOT / "examples" / "archivist.example.toml"

os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)  # for the CLI, which reads it at the edge
# `archivist package` requires a depositing institution: the tests use the shipped example.
os.environ.setdefault("ARCHIVIST_CONFIG", str(EXAMPLE_CONFIG))


def options(**kwargs: object):  # noqa: ANN201 - RenderOptions, imported lazily
    """RenderOptions with the tests' build time."""
    from archivist.render.options import RenderOptions

    return RenderOptions(built=BUILT, **kwargs)  # type: ignore[arg-type]


def corpus_files() -> list[Path]:
    """The corpus seeds in ../shared (empty when it is missing; see ``require_corpus``)."""
    return sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".md", ".txt"))


def require_corpus() -> None:
    files = corpus_files()
    assert len(files) == 62, f"expected the 62 corpus files in {CORPUS}, found {len(files)}"


ALL_SEEDS = [SEED, *corpus_files()]


def seed_id(path: Path) -> str:
    return path.name


@pytest.fixture(scope="session")
def masters() -> dict[Path, bytes]:
    """Every seed of the corpus and seeds/ converted once: path → master bytes."""
    from archivist.ingest.build import convert
    from archivist.tei.writer import to_bytes

    require_corpus()
    return {p: to_bytes(convert(p, when=WHEN)) for p in ALL_SEEDS}


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """TEI P5 tei_all.rng, compiled once (about 5 s)."""
    assert (SCHEMAS / "tei" / "tei_all.rng").is_file(), f"TEI schemas missing in {SCHEMAS}"
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei" / "tei_all.rng")))


def render_all(masters: dict[Path, bytes], fmt: str, out: Path) -> dict[Path, Path]:
    """Render every master as ``fmt`` into ``out``: seed path → output file."""
    from archivist.render import render_bytes

    files = {}
    for i, (seed, master) in enumerate(masters.items()):
        f = out / f"{i:03d}.{fmt}"
        f.write_bytes(render_bytes(master, fmt, options(), name=seed.name))
        files[seed] = f
    return files


#: Fixtures that convert, render or package the whole corpus (or start a JVM or a cluster):
#: a test using one is ``slow``. ``pytest -m "not slow"`` is the fast subset (unit tests,
#: golden files, the single-source and purity checks), runnable without ../shared.
HEAVY_FIXTURES = {"masters", "tei_all", "collection", "pdfs", "epubs", "cluster", "score", "scores"}
#: Modules whose every test is heavy (subprocess batches, thousands of fuzz cases).
HEAVY_MODULES = {"test_package", "test_cluster", "test_fuzz", "test_issue_package",
                 "test_corpus_tei", "test_safety_bags", "test_safety_io", "test_alignment_gold"}
#: Single tests that build whole bags.
HEAVY_TESTS = {"test_disk_full_leaves_no_partial_bag", "test_failed_rename_leaves_no_partial_bag",
               "test_concurrent_run_on_same_outdir_is_refused"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if (module in HEAVY_MODULES or item.name in HEAVY_TESTS or "corpus" in item.name
                or HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)


#: Run as ``python -c VALIDATE_METS SCHEMAS FILE...`` with XML_CATALOG_FILES set (libxml2 reads
#: the catalog at start-up): METS against deposit-driver.xsd, a MODS record against MODS 3.8,
#: and every MODS record inside a METS too. Prints "checked N"; exit 1 on any invalid file.
VALIDATE_METS = r"""
import sys
from lxml import etree
driver = etree.XMLSchema(etree.parse(sys.argv[1] + "/deposit-driver.xsd"))
mods = etree.XMLSchema(etree.parse(sys.argv[1] + "/mods/mods-3-8.xsd"))
bad = 0
for path in sys.argv[2:]:
    doc = etree.parse(path)
    schema = driver if doc.getroot().tag.endswith("}mets") else mods
    if not schema.validate(doc):
        print(path, schema.error_log); bad += 1
    for record in doc.iter("{http://www.loc.gov/mods/v3}mods"):
        if not mods.validate(etree.ElementTree(record)):
            print(path, "MODS", mods.error_log); bad += 1
print("checked", len(sys.argv) - 2)
sys.exit(1 if bad else 0)
"""


@pytest.fixture(scope="session")
def pdfs(masters: dict[Path, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every master rendered as a PDF once per session: seed path → PDF file."""
    return render_all(masters, "pdf", tmp_path_factory.mktemp("pdfs"))
