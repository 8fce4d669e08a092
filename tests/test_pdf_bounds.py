"""Issue 15 (13): one huge paragraph is refused with its id before WeasyPrint lays it out."""
from __future__ import annotations

from pathlib import Path

import pytest

from archivist.errors import RenderError

from conftest import SEED, options


@pytest.mark.parametrize("chars,refused", [(20_000, False), (20_001, True), (1_000_000, True)])
def test_huge_paragraph_is_refused_with_its_id(chars: int, refused: bool, tmp_path: Path) -> None:
    from archivist.ingest.build import master_from_seed
    from archivist.ingest.seed import read_seed
    from archivist.render.pdf import MAX_PARAGRAPH_CHARS, check_bounds

    lines = SEED.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]) if lines[i].isascii() else 0)
    lines[longest] = ("The people of the whole country " * (chars // 32 + 1))[:chars]
    seed = tmp_path / "big.md"
    seed.write_text("\n".join(lines), encoding="utf-8")
    article, master = master_from_seed(read_seed(seed), when=options().date)
    para = next(p for p in article.en_paragraphs if len(p.text) == chars)
    if not refused:
        check_bounds(article)  # at the limit: laid out (the corpus's longest line is 2,400)
        return
    with pytest.raises(RenderError) as err:
        check_bounds(article)
    assert str(err.value) == (f"{article.provenance.article_id}: paragraph {para.id} is {chars:,} "
                              f"characters; the PDF lays out paragraphs of at most "
                              f"{MAX_PARAGRAPH_CHARS:,} (split it in the master)")
    if chars == 1_000_000:  # through the CLI: one line, exit 1, no PDF
        from click.testing import CliRunner
        from archivist.cli import cli

        m = tmp_path / "big.tei.xml"
        m.write_bytes(master)
        result = CliRunner().invoke(cli, ["render", str(m), "--to", "pdf", "-o", str(tmp_path / "big.pdf")])
        assert result.exit_code == 1 and result.stderr.strip() == str(err.value)
        assert not (tmp_path / "big.pdf").exists()
