"""Property-based fuzzing of the seed parser on mutated real corpus files.

Every case either yields a master that validates against archivist's schema, or raises
SeedError with a file and line — never another exception, never a hang.
"""
from __future__ import annotations

import signal
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from archivist.ingest.build import build_article
from archivist.errors import SeedError
from archivist.ingest.seed import parse_seed_text
from archivist.tei.schema import validate_tree
from archivist.tei.writer import to_bytes

from conftest import ALL_SEEDS, WHEN

SOURCES = [p.read_bytes() for p in ALL_SEEDS]
NASTY = ["&", "<", ">", "]]>", "&amp;", "<hr />", "Original: ", "### ", "**Named Entities**",
         "\ufffe", "\uffff", "\x00", "\x07", "\x1b", "\r", "\u3000", "\u200b", "\ufeff", "专栏：",
         "第1版()", "Title: ", "Date: 1966-02-30", "\t", "People:", "x" * 5000, "１９８９",
         "&#0;", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;"]
RAW_NASTY = [b"\xed\xa0\x80", b"\xff", b"\xc3", b"\xa4\xa4\xce\xc4", b"\x80\x80", b"\xef\xbb\xbf"]


@contextmanager
def time_limit(seconds: int):
    def fail(signum, frame):
        raise TimeoutError(f"case took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "insert", "raw", "dup", "drop", "lines", "blank"]))
        n = len(data)
        i = draw(st.integers(0, n))
        if op == "cut":
            data = data[:i] if draw(st.booleans()) else data[i:]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(NASTY)).encode("utf-8", "surrogatepass")
        elif op == "raw":
            data[i:i] = draw(st.sampled_from(RAW_NASTY))
        elif op == "dup" and n:
            j = draw(st.integers(i, min(n, i + 2000)))
            data[j:j] = data[i:j]
        elif op == "drop" and n:
            j = draw(st.integers(i, min(n, i + 500)))
            del data[i:j]
        elif op == "blank":  # empty a header value: "Title: x" → "Title: ", "### x" → "### "
            lines = bytes(data).split(b"\n")
            k = draw(st.integers(0, max(0, len(lines) - 1)))
            if lines:
                line = lines[k]
                cut = line.find(b":") + 1 or (4 if line.startswith(b"### ") else 0)
                lines[k] = line[:cut] + draw(st.sampled_from([b"", b" ", b"  ", "\u3000".encode()]))
            data = bytearray(b"\n".join(lines))
        elif op == "lines":
            lines = bytes(data).split(b"\n")
            k = draw(st.integers(0, max(0, len(lines) - 1)))
            choice = draw(st.sampled_from(["del", "dup", "blank"]))
            if choice == "del":
                del lines[k]
            elif choice == "dup":
                lines.insert(k, lines[k] if lines else b"")
            else:
                lines.insert(k, b"")
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(mutated())
def test_parser_yields_valid_master_or_located_seed_error(data: bytes) -> None:
    with time_limit(10):
        try:
            article = build_article(parse_seed_text(data, "fuzz.md"), when=WHEN)
        except SeedError as exc:
            assert exc.path == "fuzz.md" and exc.line >= 0
            assert str(exc).startswith(f"fuzz.md:{exc.line}: ")
            return
        master = to_bytes(article)
        tree = etree.ElementTree(etree.fromstring(master))
        assert validate_tree(tree, "fuzz") == []
