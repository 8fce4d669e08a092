"""The CLI in process: help everywhere, validate's output and exit codes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli

from conftest import EPOCH, SCHEMAS, SEED, WHEN


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help) > 20


@pytest.mark.slow  # packages through subprocesses / compiles tei_all
def test_tei_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["tei", str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    master = next(tmp_path.glob("*.tei.xml"))
    assert re.fullmatch(r"1966-01-11_p01_[0-9a-f]{16}\.tei\.xml", master.name)
    assert "Deng Xiaoping" in result.stderr  # the entity warning
    ok = runner.invoke(cli, ["validate", str(master)])
    assert ok.exit_code == 0
    full = runner.invoke(cli, ["validate", "--schema", str(SCHEMAS / "tei" / "tei_all.rng"), str(master)])
    assert full.exit_code == 0, full.output


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tei", "--strict", str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 1


def test_validate_reports_file_and_line(tmp_path: Path, masters: dict) -> None:
    bad = masters[SEED].replace(b"<standOff>", b"<standOff><bogus/>", 1)
    f = tmp_path / "bad.xml"
    f.write_bytes(bad)
    result = CliRunner().invoke(cli, ["validate", str(f)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines and all(re.match(rf"^{re.escape(str(f))}:\d+: error: ", ln) for ln in lines)


@pytest.mark.parametrize("mutation,expect", [
    (lambda b: re.sub(rb'(<link [^>]*target="[^"]*#)zh-[0-9a-f]+', rb'\1zh-00000000', b, count=1),
     "every target must exist"),
    (lambda b: b.replace(b'ref="#ent-', b'ref="#nothing-', 1), "not an entity"),
    (lambda b: re.sub(rb'<link [^>]*/>', b"", b, count=1), "exactly one link or marked unaligned"),
    (lambda b: re.sub(rb'(<link [^>]*/>)', rb'\1\1', b, count=1), "is in 2 alignment link(s)"),
    (lambda b: re.sub(rb'<link type="1-1"', b'<link type="2-1"', b, count=1), "joins 1 English"),
    (lambda b: b.replace(b'ana="#role-', b'ana="#role-bogus #role-', 1), "does not exist"),
    (lambda b: re.sub(rb'(<link [^>]*cert=")[^"]+"', rb'\g<1>1.5"', b, count=1), "linkGrp"),
])
def test_cross_reference_rules(mutation, expect, tmp_path: Path, masters: dict) -> None:
    f = tmp_path / "m.xml"
    f.write_bytes(mutation(masters[SEED]))
    result = CliRunner().invoke(cli, ["validate", str(f)])
    assert result.exit_code == 1
    assert expect in result.output


def test_not_well_formed_and_not_tei(tmp_path: Path) -> None:
    runner = CliRunner()
    f = tmp_path / "broken.xml"
    f.write_text("<TEI><oops></TEI>")
    result = runner.invoke(cli, ["validate", str(f)])
    assert result.exit_code == 1 and re.match(rf"^{re.escape(str(f))}:1: error: ", result.output)


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-m", "archivist", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and "archivist" in run.stdout


def test_institution_from_config_reaches_the_master(tmp_path: Path) -> None:
    cfg = tmp_path / "archivist.toml"
    cfg.write_text('[institution]\nname = "Test Library"\naddress = "1 Test Road"\n'
                   'contact_name = "A. Archivist"\ncontact_email = "a@example.org"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tei", "--config", str(cfg), str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = next(out.glob("*.tei.xml")).read_text(encoding="utf-8")
    assert "<publisher>Test Library</publisher>" in text
    assert "<addrLine>1 Test Road</addrLine>" in text and "<email>a@example.org</email>" in text


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    cfg = tmp_path / "archivist.toml"
    cfg.write_text('[institution]\nnmae = "typo"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["tei", "--config", str(cfg), str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown [institution] keys: nmae" in result.stderr


def test_public_api(tmp_path: Path) -> None:
    import archivist
    article = archivist.parse_seed(SEED, when=WHEN)
    assert article.bibl.date == "1966-01-11"
    from archivist.tei.writer import to_bytes
    master = tmp_path / "m.tei.xml"
    master.write_bytes(to_bytes(article))
    assert archivist.validate(master) == []
    opts = archivist.RenderOptions(built=archivist.build_time({"SOURCE_DATE_EPOCH": EPOCH}))
    out = archivist.render_master(master, "mets", tmp_path / "m.mets.xml", opts)
    assert out.read_bytes().startswith(b"<?xml")
    assert set(archivist.__all__) >= {"parse_seed", "render_master", "package", "validate", "__version__"}


def test_seed_named_twice_is_processed_once(tmp_path: Path) -> None:
    from archivist.fsutil import seed_files
    assert seed_files([SEED, SEED.parent, str(SEED)]) == [SEED]
