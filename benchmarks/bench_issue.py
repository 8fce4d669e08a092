"""Package by article vs by issue on the corpus: size on disk, files and throughput per article.

    .venv/bin/python benchmarks/bench_issue.py [SEED_DIR] [--jobs N]

Runs ``archivist package`` twice on the same seeds (``--by article``, then ``--by issue``)
into fresh directories, EPUBCheck included, and prints per article: bytes on disk (file
sizes, and allocated blocks as ``du`` counts them), files, and seconds (wall clock, and CPU time of all processes: the fair figure on a shared
machine, and what a cluster pays); writes
benchmarks/results/issue.json. Goal (issue 12): issue mode no slower per article and at least
30 % smaller per article.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def measure(seeds: Path, by: str, jobs: int, out: Path) -> dict:
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    env.setdefault("ARCHIVIST_CONFIG", str(ROOT / "examples" / "archivist.example.toml"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "archivist", "-q", "package", str(seeds), "-o",
                          str(out), "--by", by, "--jobs", str(jobs)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode != 0:
        raise SystemExit(f"package --by {by} failed: {run.stderr[-2000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    articles = report["summary"]["articles"]
    files = [p for p in out.rglob("*") if p.is_file() and ".staging" not in p.parts]
    bags = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    size = sum(p.stat().st_size for p in files)
    blocks = sum(p.stat().st_blocks * 512 for p in files)
    pdfs = sum(p.stat().st_size for p in files if p.suffix == ".pdf")
    return {"by": by, "articles": articles, "bags": len(bags), "files": len(files),
            "bytes": size, "disk_bytes": blocks, "pdf_bytes": pdfs, "seconds": round(seconds, 1),
            "bytes_per_article": round(size / articles), "disk_per_article": round(blocks / articles),
            "files_per_article": round(len(files) / articles, 2),
            "seconds_per_article": round(seconds / articles, 3),
            "cpu_seconds_per_article": round(cpu / articles, 3),
            "articles_per_minute": round(60 * articles / seconds, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-issue-") as tmp:
        seeds = Path(tmp) / "seeds"  # the seeds only (the corpus folder also holds SURVEY.md)
        seeds.mkdir()
        for f in sorted(args.seeds.glob("*/*.md")) + sorted(args.seeds.glob("*/*.txt")):
            shutil.copy(f, seeds / f.name)
        for by in ("article", "issue"):
            rows.append(measure(seeds, by, args.jobs, Path(tmp) / by))
    art, iss = rows
    summary = {"smaller_per_article": round(1 - iss["bytes_per_article"] / art["bytes_per_article"], 3),
               "smaller_on_disk_per_article": round(1 - iss["disk_per_article"] / art["disk_per_article"], 3),
               "speed_ratio": round(art["seconds_per_article"] / iss["seconds_per_article"], 2),
               "cpu_ratio": round(art["cpu_seconds_per_article"] / iss["cpu_seconds_per_article"], 2)}
    cols = ("by", "articles", "bags", "files_per_article", "bytes_per_article", "disk_per_article",
            "seconds_per_article", "cpu_seconds_per_article", "articles_per_minute")
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    print(f"issue mode: {summary['smaller_per_article']:.0%} smaller per article (file sizes), "
          f"{summary['smaller_on_disk_per_article']:.0%} on disk; {summary['speed_ratio']}x the "
          f"article mode's speed per article (wall clock), {summary['cpu_ratio']}x in CPU time")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "issue.json").write_text(json.dumps({"rows": rows, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
