"""Score archivist's quality flags against the hand-checked gold (tests/data/gold/flags.json).

Used by ``tests/test_flags_gold.py`` (floors) and ``benchmarks/bench.py`` (prints the figures).

Matching rule (see tests/data/gold/README.md): a flag is the triple (file, kind, location).

* location of a text flag: the language and the unit number (units as in
  ``shared/gold/units.py``: non-blank lines of the English body / of the Chinese body, from 0);
  a gold flag that also names ``en_unit`` (truncation: where the English stops) is matched
  there too;
* location of an entity flag: the entity's Chinese form as written in the list;
* location of a header flag (the title): the header, no unit.

Flags pair one to one. Recall is measured over the gold flags of the kinds a rule can see
(:data:`SCORED`); gold flags of kind ``other`` (mistranslated names or numbers, a misspelling)
need a reader and are only counted. A code flag is correct when it pairs with a gold flag of
the same kind and location, or sits where the gold names an ``other`` problem (the reader saw
a real problem there and had no kind for it).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "data" / "gold" / "flags.json"
#: Kinds a rule can detect; ``other`` (semantic errors) is reported but not scored.
SCORED = frozenset({"markdown", "invented", "truncated", "untranslated", "ocr-placeholder",
                    "ocr-gap", "mixed-script-title", "mixed-script-word", "entity-not-found",
                    "entity-parse", "date-mismatch", "page-mismatch", "markup"})

Loc = tuple[str, object]


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def seed_path(rel: str) -> Path:
    """A gold key (relative to shared/) as a file; the seed is also in the repository."""
    p = SHARED / rel
    return p if p.exists() else ROOT / rel


def gold_locations(flag: dict) -> list[Loc]:
    lang = flag["lang"]
    if lang == "entity":
        return [("entity", flag.get("entity"))]
    if lang == "header":
        return [("header", None)]
    locs: list[Loc] = [(lang, flag["unit"])]
    if flag.get("en_unit") is not None:
        locs.append(("en", flag["en_unit"]))
    return locs


def _unit_map(paragraphs: list, units: list[str]) -> dict[str, int]:
    """Paragraph id → unit number, pairing paragraphs with units of the same text in order."""
    out: dict[str, int] = {}
    k = 0
    for p in paragraphs:
        j = k
        while j < len(units) and units[j] != p.text:
            j += 1
        if j < len(units):
            out[p.id] = j
            k = j + 1
    return out


def code_flags(path: Path) -> list[tuple[str, Loc]]:
    """archivist's flags for one seed, each as (kind, location)."""
    import sys

    here = GOLD.parent if (GOLD.parent / "units.py").exists() else SHARED / "gold"
    if str(here) not in sys.path:
        sys.path.insert(0, str(here))
    import units as gold_units  # the gold's unit definition (tests/data/gold or shared/gold)

    from archivist.ingest.build import convert

    article = convert(path, when="2023-11-14")
    en_units, zh_units, _ = gold_units.units(str(path))
    where: dict[str, Loc] = {}
    for lang, paras, units in (("en", article.en_paragraphs, en_units),
                               ("zh", article.zh_paragraphs, zh_units)):
        for pid, n in _unit_map(paras, units).items():
            where[pid] = (lang, n)
    for e in article.entities:
        where[e.id] = ("entity", e.zh)
    return [(n.code, where.get(n.target, ("header", None)) if n.target else ("header", None))
            for n in article.notes]


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)     # kind → code flags that are right
    fp: Counter = field(default_factory=Counter)     # kind → code flags that are wrong
    fn: Counter = field(default_factory=Counter)     # kind → gold flags missed
    other: int = 0                                   # gold flags a rule cannot see
    wrong: list = field(default_factory=list)        # (file, kind, loc) of false flags
    missed: list = field(default_factory=list)       # (file, kind, loc) of missed flags

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def precision(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        return self._ratio(tp, tp + fp)

    def recall(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        return self._ratio(tp, tp + fn)

    def table(self) -> str:
        kinds = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        rows = [f"{'kind':<20} {'TP':>3} {'FP':>3} {'FN':>3}  precision  recall"]
        for k in kinds + [None]:
            tp, fp, fn = ((self.tp[k], self.fp[k], self.fn[k]) if k else
                          (sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())))
            rows.append(f"{k or 'ALL':<20} {tp:>3} {fp:>3} {fn:>3}  "
                        f"{self.precision(k):9.3f}  {self.recall(k):6.3f}")
        rows.append(f"(gold flags of kind 'other', not scored: {self.other})")
        return "\n".join(rows)


def score_file(rel: str, gold: list[dict], found: list[tuple[str, Loc]], s: Score) -> None:
    """Pair one file's code flags with its gold flags and add the counts to ``s``."""
    open_gold = [(g["kind"], gold_locations(g)) for g in gold if g["kind"] in SCORED]
    other_locs = [loc for g in gold if g["kind"] not in SCORED for loc in gold_locations(g)]
    s.other += sum(1 for g in gold if g["kind"] not in SCORED)
    for kind, loc in found:
        hit = next((i for i, (k, locs) in enumerate(open_gold) if k == kind and loc in locs), None)
        if hit is not None:
            open_gold.pop(hit)
            s.tp[kind] += 1
        elif loc in other_locs and loc[0] != "header":
            other_locs.remove(loc)
            s.tp[kind] += 1
        else:
            s.fp[kind] += 1
            s.wrong.append((rel, kind, loc))
    for kind, locs in open_gold:
        s.fn[kind] += 1
        s.missed.append((rel, kind, locs[0]))


def score(gold: dict | None = None) -> Score:
    """Score every file the gold covers."""
    gold = gold if gold is not None else load_gold()
    s = Score()
    for rel, flags in sorted(gold.items()):
        if rel.startswith("_"):
            continue
        score_file(rel, flags, code_flags(seed_path(rel)), s)
    return s


if __name__ == "__main__":
    result = score()
    print(result.table())
    for w in result.wrong:
        print("FALSE ", *w)
    for m in result.missed:
        print("MISSED", *m)
