"""Under load: the read-only SPARQL endpoint answers 8 clients × 200 queries without an
error, and while a build publishes into the same store every answer is a whole graph (the
number of reports is the old one or the new one, never anything between).

Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import rdf
from etl.cli import app
from etl.store import OxigraphStore

serve = pytest.importorskip("etl.serve", reason="etl/serve.py (the SPARQL endpoint) is not written yet")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
CLIENTS, QUERIES = 8, 200
REPORTS_QUERY = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{rdf.LH}Report> }}"
BODIES_QUERY = (
    "SELECT ?label (COUNT(?e) AS ?n) WHERE { ?b a <http://www.w3.org/ns/org#Organization> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label . "
    "OPTIONAL { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?b } } GROUP BY ?label ORDER BY DESC(?n) LIMIT 20"
)


@pytest.fixture
def server(tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--store", str(store), "--workers", "1"])
    assert result.exit_code == 0, result.output
    srv = serve.make_server(OxigraphStore(store), "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv, store
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)


def ask(conn: http.client.HTTPConnection, query: str) -> dict:
    """One GET /sparql on a kept-alive connection; raises on anything but a full 200 JSON."""
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                 headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise AssertionError(f"HTTP {response.status}: {body[:200]!r}")
    if len(body) != int(response.headers["Content-Length"]):
        raise AssertionError("short body")
    return json.loads(body)


def count(answer: dict) -> int:
    return int(answer["results"]["bindings"][0]["n"]["value"])


def _connect(srv) -> http.client.HTTPConnection:
    host, port = srv.server_address[:2]
    assert host == "127.0.0.1"
    return http.client.HTTPConnection(host, port, timeout=30)


def test_eight_clients_two_hundred_queries_each(server):
    srv, _ = server
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        conn = _connect(srv)
        mine, bad = [], []
        for i in range(QUERIES):
            query = REPORTS_QUERY if (i + n) % 2 else BODIES_QUERY
            t0 = time.perf_counter()
            try:
                answer = ask(conn, query)
                if query is REPORTS_QUERY and count(answer) != 3:
                    bad.append(f"reports {count(answer)}")
            except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the others
                bad.append(f"{type(e).__name__}: {e}")
                conn.close()
                conn = _connect(srv)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    seconds = time.perf_counter() - t0
    latencies.sort()
    p50, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    print(f"\n{len(latencies)} queries from {CLIENTS} clients in {seconds:.1f} s "
          f"({len(latencies) / seconds:.0f}/s): p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"{len(errors)} errors")
    assert not errors, errors[:5]
    assert len(latencies) == CLIENTS * QUERIES


def test_readers_never_see_a_half_published_graph(server, tmp_path):
    srv, store = server
    more = tmp_path / "more"
    more.mkdir()
    for i in range(2):  # six more reports, each a different file
        for f in sorted(EXAMPLES.glob("*.txt")):
            (more / f"{f.stem}_{i}.txt").write_text(f.read_text(encoding="utf-8") + f"\n（第{i + 1}份）\n",
                                                    encoding="utf-8")
    seen: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    building = threading.Event()
    building.set()

    def reader() -> None:
        conn = _connect(srv)
        mine, bad = [], []
        deadline = time.monotonic() + 180
        for _ in range(20_000):  # bounded: stops when the build is over, or at the deadline
            if not building.is_set() or time.monotonic() > deadline:
                break
            try:
                mine.append(count(ask(conn, REPORTS_QUERY)))
            except Exception as e:  # noqa: BLE001
                bad.append(f"{type(e).__name__}: {e}")
                conn.close()
                conn = _connect(srv)
        conn.close()
        with lock:
            seen.extend(mine)
            errors.extend(bad)

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for t in readers:
        t.start()
    cmd = [sys.executable, "-m", "etl.cli", "build", str(EXAMPLES), str(more), "--store", str(store), "--workers", "1"]
    try:
        build = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=170,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    finally:
        time.sleep(0.3)  # a few more answers after the switch
        building.clear()
        for t in readers:
            t.join(60)
    assert build.returncode == 0, build.stderr
    print(f"\n{len(seen)} answers during the build: {sorted(set(seen))}, {len(errors)} errors")
    assert not errors, errors[:5]
    assert set(seen) <= {3, 9}, sorted(set(seen))
    assert 3 in seen
    assert count(ask(_connect(srv), REPORTS_QUERY)) == 9  # the server serves the new generation
