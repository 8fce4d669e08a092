"""archivist.toml: the institution `package` requires, rights, `archivist init`, the example."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import cli
from archivist.config import load_config

from conftest import EXAMPLE_CONFIG, SEED

NO_CONFIG = {"ARCHIVIST_CONFIG": None}


def test_package_without_institution_exits_2_and_writes_nothing(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./archivist.toml here
    out = tmp_path / "out"
    result = CliRunner(env=NO_CONFIG).invoke(cli, ["package", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no depositing institution" in lines[0]
    assert "archivist init" in lines[0] and "[institution] name" in lines[0]
    assert not out.exists()


def test_init_writes_a_commented_config_that_package_then_requires_filled_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env=NO_CONFIG)
    assert runner.invoke(cli, ["init"]).exit_code == 0
    text = Path("archivist.toml").read_text(encoding="utf-8")
    assert text.count("\n#") > 5 and "[institution]" in text and "[rights]" in text
    again = runner.invoke(cli, ["init"])
    assert again.exit_code == 2 and "already exists" in again.stderr
    empty = runner.invoke(cli, ["package", str(SEED), "-o", "out"])
    assert empty.exit_code == 2 and "no depositing institution" in empty.stderr
    Path("archivist.toml").write_text(text.replace('name = ""', 'name = "Test Library"', 1),
                                      encoding="utf-8")
    config = load_config()
    assert config.institution.name == "Test Library" and config.institution_set
    assert config.rights.uri == "http://rightsstatements.org/vocab/UND/1.0/"
    assert config.rights.note == "The copyright status of this article has not been determined."


def test_example_config_says_it_is_an_example() -> None:
    config = load_config(EXAMPLE_CONFIG)
    assert "example" in config.institution.name.lower() and config.institution_set
    assert "EXAMPLE CONFIGURATION" in EXAMPLE_CONFIG.read_text(encoding="utf-8")
    script = (EXAMPLE_CONFIG.parents[1] / "scripts" / "package-seeds.sh").read_text(encoding="utf-8")
    assert "--config examples/archivist.example.toml" in script


def test_default_rights_are_undetermined_with_a_note(tmp_path: Path) -> None:
    cfg = tmp_path / "a.toml"
    cfg.write_text('[institution]\nname = "X"\n', encoding="utf-8")
    rights = load_config(cfg).rights
    assert rights.uri == "http://rightsstatements.org/vocab/UND/1.0/"
    assert rights.label == "Copyright Undetermined" and "sets no [rights] statement" in rights.note
    assert rights.copyright_status == "unknown"


@pytest.mark.parametrize("statement", ["https://creativecommons.org/licenses/by/4.0/",
                                       "http://rightsstatements.org/vocab/XYZ/1.0/", ""])
def test_rights_must_be_a_rightsstatements_uri(tmp_path: Path, statement: str) -> None:
    cfg = tmp_path / "a.toml"
    cfg.write_text(f'[institution]\nname = "X"\n[rights]\nstatement = "{statement}"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["tei", "--config", str(cfg), str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "not a rightsstatements.org URI" in result.stderr


def test_configured_rights_reach_the_master(tmp_path: Path) -> None:
    cfg = tmp_path / "a.toml"
    cfg.write_text('[institution]\nname = "X"\n[rights]\nstatement = '
                   '"http://rightsstatements.org/vocab/InC/1.0/"\nnote = "Held by the publisher."\n',
                   encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["tei", "--config", str(cfg), str(SEED), "-o", str(out)]).exit_code == 0
    from archivist.tei import reader
    master = next(out.glob("*.tei.xml")).read_bytes()
    assert b'<licence target="http://rightsstatements.org/vocab/InC/1.0/">In Copyright. ' \
           b'Held by the publisher.</licence>' in master
    rights = reader.load(master, "m.tei.xml").provenance.rights
    assert (rights.uri, rights.note, rights.copyright_status) == (
        "http://rightsstatements.org/vocab/InC/1.0/", "Held by the publisher.", "copyrighted")
