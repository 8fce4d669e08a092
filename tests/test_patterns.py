"""Every recognising pattern still finds a match in each real line it was written for."""
from __future__ import annotations

import importlib

import pytest

from archivist.ingest import patterns

for _module in ("roles", "qa"):
    importlib.import_module(f"archivist.ingest.{_module}")


def test_patterns_carry_examples() -> None:
    assert len(patterns.EXAMPLES) >= 16
    assert all(examples for _, examples in patterns.EXAMPLES)


@pytest.mark.parametrize("rx,examples", patterns.EXAMPLES, ids=[rx.pattern[:24] for rx, _ in patterns.EXAMPLES])
def test_pattern_matches_its_examples(rx, examples) -> None:
    missed = [e for e in examples if not rx.search(e)]
    assert not missed

