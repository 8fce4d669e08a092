"""Score archivist's alignment against the gold alignments (shared by tests and benchmark).

Our gold: ``tests/data/gold/gold-alignment.json`` (see its README). The independent gold:
``../shared/gold/gold-alignment.json`` when present. Keys are paths relative to ``shared/``;
``seeds/…`` is read from this checkout's ``seeds/`` (the same file).

Unseen articles: ``tests/data/unseen/dev`` (40 articles, used to study failures),
``tests/data/unseen/dev2`` (29 articles, measured untouched once, then used the same way) and
``tests/data/unseen/blind`` (40 articles, only ever measured); their keys are paths relative
to the set's own folder.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from archivist.ingest.build import convert
from archivist.ingest.evaluate import Score, score_article

ROOT = Path(__file__).resolve().parents[1]
#: The build date of the masters scored (it does not affect the alignment).
WHEN = "2023-11-14"
GOLD_DIR = ROOT / "tests" / "data" / "gold"
OUR_GOLD = GOLD_DIR / "gold-alignment.json"
INDEPENDENT_GOLD = ROOT.parent / "shared" / "gold" / "gold-alignment.json"
UNSEEN_DIR = ROOT / "tests" / "data" / "unseen"
DEV_GOLD = UNSEEN_DIR / "dev" / "gold-alignment.json"
BLIND_GOLD = UNSEEN_DIR / "blind" / "gold-alignment.json"
DEV2_GOLD = UNSEEN_DIR / "dev2" / "gold-alignment.json"


def _units_module():
    spec = importlib.util.spec_from_file_location("gold_units", GOLD_DIR / "units.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def seed_path(key: str, gold_path: Path = OUR_GOLD) -> Path:
    """The seed a gold key names: unseen sets hold their seeds next to their gold file."""
    if gold_path.parent.parent == UNSEEN_DIR:
        return gold_path.parent / key
    return ROOT / key if key.startswith("seeds/") else ROOT.parent / "shared" / key


def load_gold(path: Path = OUR_GOLD) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def score_all(gold: dict[str, dict], gold_path: Path = OUR_GOLD) -> dict[str, Score]:
    """Key → score of archivist's alignment of that seed against ``gold`` (read from
    ``gold_path``, which tells where its seeds are)."""
    units = _units_module()
    out = {}
    for key, entry in gold.items():
        path = seed_path(key, gold_path)
        en_units, zh_units, _ = units.units(str(path))
        assert (len(en_units), len(zh_units)) == (entry["en_units"], entry["zh_units"]), key
        out[key] = score_article(convert(path, when=WHEN), en_units, zh_units, entry["beads"])
    return out


def score_set(gold_path: Path) -> dict[str, Score]:
    """Scores of every article of the gold file ``gold_path``."""
    return score_all(load_gold(gold_path), gold_path)


def total(scores: dict[str, Score]) -> Score:
    return sum(scores.values(), Score(0, 0, 0))


def table(scores: dict[str, Score], worst: int = 8) -> str:
    """Overall figures and the worst files, as text."""
    t = total(scores)
    lines = [f"overall  P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} "
             f"({t.correct}/{t.predicted} predicted, {t.gold} gold links, {len(scores)} files)"]
    for key, s in sorted(scores.items(), key=lambda kv: (kv[1].f1, kv[0]))[:worst]:
        lines.append(f"  F1={s.f1:.3f} P={s.precision:.3f} R={s.recall:.3f}  {key}")
    return "\n".join(lines)


if __name__ == "__main__":
    for name, path in (("our gold", OUR_GOLD), ("independent gold", INDEPENDENT_GOLD),
                       ("unseen dev", DEV_GOLD), ("unseen dev2", DEV2_GOLD)):
        if path.exists():
            print(name)
            print(table(score_set(path), worst=15))
