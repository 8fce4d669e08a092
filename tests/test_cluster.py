"""Packaging on a Dask cluster on 127.0.0.1: same bags as locally, survives a dead worker."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

BIN = Path(sys.executable).parent
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
#: The corpus months and seeds/ (the corpus tests fail, not this import, when ../shared is missing).
INPUTS = [*sorted(str(p) for p in CORPUS.glob("*") if p.is_dir()), str(ROOT / "seeds")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    workers = []
    for _ in range(2):
        w = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                              "--no-dashboard", "--host", "127.0.0.1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        workers.append(w)
    procs += workers
    from distributed import Client
    with Client(address, timeout="60s") as c:  # connecting retries until the scheduler is up
        c.wait_for_workers(2, timeout=60)
    yield address, workers
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def package(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archivist", "-q", "package", *args],
                          capture_output=True, text=True, env=ENV, timeout=1200)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".archivist.lock"}


def test_cluster_bags_equal_local_bags(cluster, tmp_path: Path) -> None:
    address, _ = cluster
    remote, local = tmp_path / "remote", tmp_path / "local"
    run = package(*INPUTS, "-o", str(remote), "--scheduler", address, "--group", "corpus")
    assert run.returncode == 0, run.stderr[-2000:]
    assert package(*INPUTS, "-o", str(local), "--jobs", "2", "--group", "corpus").returncode == 0
    report = json.loads((remote / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"articles": 63, "packaged": 63, "skipped": 0, "failed": 0}
    a, b = tree(remote), tree(local)
    assert a.keys() == b.keys() and len(a) > 63 * 9
    assert [k for k in a if a[k] != b[k]] == []
    check = subprocess.run([sys.executable, "-m", "archivist", "verify",
                            *[str(p) for p in remote.iterdir() if p.is_dir() and not p.name.startswith(".")]],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[-2000:]


def test_a_dead_worker_loses_nothing(cluster, tmp_path: Path) -> None:
    address, workers = cluster
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "archivist", "-q", "package", *INPUTS, "-o", str(out),
                             "--scheduler", address, "--no-epubcheck"], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline:
        done = [p for p in out.glob("*") if p.is_dir() and not p.name.startswith(".")] if out.exists() else []
        if len(done) >= 8:
            break
        time.sleep(0.05)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait()
    stdout, stderr = proc.communicate(timeout=900)
    assert proc.returncode == 0, stderr[-2000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["articles"] == 63 and report["summary"]["failed"] == 0
    bags = sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(bags) == 63 and len({b.name for b in bags}) == 63
    assert not (out / ".staging").exists()
    check = subprocess.run([sys.executable, "-m", "archivist", "verify", *map(str, bags)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[-2000:]


def test_no_dask_import_without_scheduler(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from archivist.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['package', {str(ROOT / 'seeds')!r}, '-o', {str(tmp_path / 'o')!r},"
        " '--jobs', '1', '--no-epubcheck'])\n"
        "assert r.exit_code == 0, r.output\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
        "print('LOADED', loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert run.returncode == 0, run.stdout + run.stderr


def test_missing_dask_is_a_clear_error(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['distributed'] = None\n"
        "from archivist.cli import main\n"
        f"sys.argv = ['archivist', 'package', {str(ROOT / 'seeds')!r}, '-o', {str(tmp_path / 'o')!r},"
        " '--scheduler', 'tcp://127.0.0.1:9']\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert run.returncode == 2
    assert "pip install 'archivist[dask]'" in run.stderr and "Traceback" not in run.stderr
