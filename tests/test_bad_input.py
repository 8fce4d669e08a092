"""Bad seeds: one line ``path:line: what`` on stderr, exit ≠ 0, no traceback, no output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli

from archivist.tei import reader
from conftest import SEED, WHEN

GOOD = SEED.read_text(encoding="utf-8")


def _cases() -> dict[str, bytes]:
    no_original = GOOD.split("<hr />")[0].encode()
    header, _, rest = GOOD.partition("Edition: 1\n")
    no_body = (header + "Edition: 1\n\n\n<hr /> \n" + GOOD.split("<hr /> ", 1)[1]).encode()
    return {
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "gbk": GOOD.encode("gbk", errors="replace"),
        "no-original": no_original,
        "no-english-body": no_body,
        "impossible-date": GOOD.replace("Date: 1966-01-11", "Date: 1966-02-30").encode(),
        "huge": GOOD.encode() + b"x" * (20 * 1024 * 1024),
    }


EXPECTED_LINE = {
    "empty": 1, "binary": 2, "gbk": 1, "no-original": None, "no-english-body": None,
    "impossible-date": 3, "huge": 1,
}


@pytest.mark.parametrize("case", sorted(_cases()))
def test_bad_seed_fails_cleanly(case: str, tmp_path: Path) -> None:
    seed = tmp_path / f"{case}.md"
    seed.write_bytes(_cases()[case])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tei", str(seed), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    m = re.match(rf"^{re.escape(str(seed))}:(\d+): \S", lines[0])
    assert m, lines[0]
    if EXPECTED_LINE[case]:
        assert int(m.group(1)) == EXPECTED_LINE[case]
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_gbk_message_says_encoding(tmp_path: Path) -> None:
    seed = tmp_path / "gbk.md"
    seed.write_bytes(GOOD.encode("gbk", errors="replace"))
    result = CliRunner().invoke(cli, ["tei", str(seed), "-o", str(tmp_path)])
    assert "not UTF-8" in result.stderr


def test_one_bad_seed_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "b.md").write_bytes(b"")
    result = CliRunner().invoke(cli, ["-q", "tei", str(tmp_path / "in"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert len(list((tmp_path / "o").glob("*.tei.xml"))) == 1


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_give_the_same_text(variant: str, tmp_path: Path) -> None:
    from archivist.ingest.build import convert
    from archivist.tei.writer import to_bytes

    data = GOOD.encode()
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    seed = tmp_path / SEED.name
    seed.write_bytes(data)
    a, b = convert(seed, when=WHEN), convert(SEED, when=WHEN)
    assert a.english == b.english and a.chinese == b.chinese and a.bibl == b.bibl
    assert a.provenance.source_sha256 != b.provenance.source_sha256  # the bytes differ…
    again = reader.load(to_bytes(a))  # …and the master is valid and reads back the same text
    assert again.english == a.english and again.chinese == a.chinese and again.bibl == a.bibl
