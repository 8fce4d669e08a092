"""Issue 15, signals: SIGTERM or SIGINT to the parent of a pooled run stops the workers,
leaves report.json with what finished, no staging, no lock; exit 143 / 130."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archivist.deposit.verify import verify_bag

from conftest import ALL_SEEDS


def _group(pgid: int) -> list[int]:
    """Live processes of process group ``pgid`` (zombies excluded)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


@pytest.mark.slow
@pytest.mark.parametrize("by,signum,code", [("article", signal.SIGTERM, 143),
                                            ("article", signal.SIGINT, 130),
                                            ("issue", signal.SIGTERM, 143)])
def test_signal_stops_workers_and_leaves_a_report(by: str, signum: int, code: int, tmp_path: Path) -> None:
    src = tmp_path / "seeds"
    src.mkdir()
    for p in ALL_SEEDS[:30]:
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "archivist", "package", str(src), "-o", str(out),
                             "--jobs", "2", "--no-epubcheck", "--by", by], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and len([p for p in out.iterdir() if not p.name.startswith(".")]) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert len(_group(proc.pid)) >= 3, "expected the parent and two workers"
    os.kill(proc.pid, signum)  # the parent alone, as a service manager or `kill` would
    try:
        _, stderr = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the run did not stop within 10 s of the signal")
    assert proc.returncode == code, stderr
    assert _group(proc.pid) == [], "a worker outlived the run"
    assert f"interrupted by {signal.Signals(signum).name}" in stderr and "Traceback" not in stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["interrupted"]["signal"] == signal.Signals(signum).name
    finished = [a for a in report["articles"] if a["status"] == "packaged"]
    assert finished and len(report["articles"]) < 30
    if by == "article":
        assert report["interrupted"]["unfinished"] == 30 - len(report["articles"])
    for article in finished:
        assert verify_bag(out / article["bag"]) == []
    assert not (out / ".staging").exists() and not (out / ".archivist.lock").exists()
    for bag in (p for p in out.iterdir() if p.is_dir()):
        assert verify_bag(bag) == [], bag  # anything at a final path is a whole bag
