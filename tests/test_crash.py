"""Nothing lost: a build killed with SIGKILL, while extracting or while writing the new
generation, leaves the published graph intact and queryable, and the next build succeeds and
removes the stray generation it left behind."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import rdf
from etl.identity import RESOLUTION_GRAPH
from etl.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
COPIES = 10  # 30 reports: long enough to be killed mid-way, short enough for the suite


def corpus(folder: Path) -> Path:
    """The example reports copied COPIES times, each copy a different file (another line at
    the end), so each is its own report graph."""
    folder.mkdir()
    for i in range(COPIES):
        for f in sorted(EXAMPLES.glob("*.txt")):
            text = f.read_text(encoding="utf-8") + f"\n（第{i + 1}份印发稿）\n"
            (folder / f"{f.stem}_{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def nquads(store: Path) -> list[bytes]:
    buf = io.BytesIO()
    OxigraphStore(store).dump(buf, ox.RdfFormat.N_QUADS)
    return sorted(buf.getvalue().splitlines())


def report_count(store: Path) -> int:
    q = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{rdf.LH}Report> }}"
    return int(OxigraphStore(store).query(q).rows[0][0].value)


def generations(store: Path) -> set[str]:
    return {p.name for p in store.glob("gen-*") if p.is_dir()}


def run_build(paths: list[Path], store: Path, *, kill_when=None,
              timeout: float = 120) -> subprocess.CompletedProcess | None:
    """``lianghui build`` in its own process group; with ``kill_when``, SIGKILL the whole
    group (workers too) as soon as ``kill_when()`` is true and return None."""
    # SHACL validation is left out: it only makes the build longer, the publishing is the same
    cmd = [sys.executable, "-m", "etl.cli", "build", *map(str, paths), "--store", str(store), "--workers", "2",
           "--no-validate"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if kill_when is not None and kill_when():
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
                return None
            time.sleep(0.002)
        if proc.poll() is None:
            pytest.fail(f"build did not finish in {timeout} s")
        out, err = proc.communicate()
        if kill_when is not None:
            pytest.fail(f"the build finished before it could be killed:\n{err.decode()}")
        return subprocess.CompletedProcess(cmd, proc.returncode, out.decode(), err.decode())
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def test_kill_during_build_loses_nothing(tmp_path):
    store = tmp_path / "store"
    first = run_build([EXAMPLES], store)
    assert first.returncode == 0, first.stderr
    before = nquads(store)
    published = (store / "CURRENT").read_text()
    assert report_count(store) == 3 and before

    bigger = corpus(tmp_path / "bigger")
    cache = store / "cache"
    cached_before = len(list(cache.glob("*.nq")))

    # 1. killed while extracting: some reports are in the cache, nothing is published
    some_cached = lambda: len(list(cache.glob("*.nq"))) >= cached_before + 3  # noqa: E731
    assert run_build([EXAMPLES, bigger], store, kill_when=some_cached) is None
    assert (store / "CURRENT").read_text() == published
    assert nquads(store) == before and report_count(store) == 3

    # 2. killed while writing the new generation (its folder has appeared)
    old = generations(store)
    assert run_build([EXAMPLES, bigger], store, kill_when=lambda: bool(generations(store) - old)) is None
    stray = generations(store) - old
    assert stray, "the build was killed before it wrote a generation"
    assert (store / "CURRENT").read_text() == published
    assert nquads(store) == before and report_count(store) == 3

    # 3. the next build succeeds, publishes everything and removes the stray generation
    done = run_build([EXAMPLES, bigger], store)
    assert done.returncode == 0, done.stderr
    assert "33 reports" in done.stderr.splitlines()[-1]
    assert report_count(store) == 3 + 3 * COPIES
    assert not (stray & generations(store)), generations(store)
    assert (store / "CURRENT").read_text() != published
    resolution = b"<" + RESOLUTION_GRAPH.encode() + b"> ."
    old_reports = {q for q in before if not q.endswith(resolution)}  # merges now span more reports
    assert old_reports <= set(nquads(store))  # the old report graphs are all still there
