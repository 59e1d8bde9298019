#!/usr/bin/env python
"""Load on `lianghui serve`: many concurrent clients, and clients served while idle
connections are held open (issue 19).

    .venv/bin/python bench/load_endpoint.py [--clients 200] [--queries 20] [--idle 1000]
                                            [--store DIR] [--out DIR]

Builds the example reports into a temporary store (or uses ``--store``), starts `lianghui
serve` on a free 127.0.0.1 port, then

1. load: ``--clients`` threads, each on its own kept-alive connection, send ``--queries``
   requests (every template with its example, and raw SPARQL) at once; every answer must
   be a 200;
2. idle: ``--idle`` connections send half a request head and wait, while 20 clients × 10
   queries are served; the server closes the idle ones after its head timeout.

Prints the figures and writes ``DIR/load-endpoint-<time>.json`` (default bench/results/).
Traffic goes to 127.0.0.1 only; every phase is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHASE_LIMIT = 300.0  # seconds any phase may take


def requests_mix() -> list[str]:
    """Paths a client sends: each template with its example, and raw SPARQL."""
    from etl.queries import load_templates

    paths = [f"/templates/{name}?" + urllib.parse.urlencode(t.spec.example)
             for name, t in sorted(load_templates().items())]
    for query in ("ASK { ?s ?p ?o }",
                  "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 50",
                  "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"):
        paths.append("/sparql?" + urllib.parse.urlencode({"query": query}))
    return paths


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_clients(port: int, clients: int, queries: int, paths: list[str]) -> dict:
    """``clients`` threads × ``queries`` requests, released together; latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        for i in range(queries):
            path = paths[(k + i) % len(paths)]
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and body
                problem = None if ok else f"{response.status} {body[:120]!r}"
            except (OSError, http.client.HTTPException) as e:
                problem = f"{type(e).__name__}: {e}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    deadline = time.monotonic() + PHASE_LIMIT
    for t in threads:
        t.join(max(deadline - time.monotonic(), 0.1))
    wall = time.perf_counter() - t0
    unfinished = sum(t.is_alive() for t in threads)
    return {
        "clients": clients,
        "queries_per_client": queries,
        "requests": len(latencies),
        "errors": len(errors) + unfinished * queries,
        "error_examples": sorted(set(errors))[:5],
        "wall_s": round(wall, 2),
        "throughput_rps": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies, default=float("nan")) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
    }


def hold_idle(port: int, count: int) -> list[socket.socket]:
    """``count`` connections that send half a request head and never finish it."""
    held = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        held.append(s)
    return held


def closed_by_server(held: list[socket.socket], wait: float) -> int:
    """How many held connections the server has closed within ``wait`` seconds."""
    deadline = time.monotonic() + wait
    closed: set[int] = set()
    while time.monotonic() < deadline and len(closed) < len(held):
        for i, s in enumerate(held):
            if i in closed:
                continue
            s.settimeout(0.001)
            try:
                if s.recv(1024) == b"":
                    closed.add(i)
            except (TimeoutError, BlockingIOError):
                pass
            except OSError:
                closed.add(i)
        time.sleep(0.2)
    return len(closed)


def more_files() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Endpoint:
    """`lianghui serve` on a free loopback port, stopped by PID."""

    def __init__(self, store: str, *args: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        cmd = [sys.executable, "-m", "etl.cli", "serve", "--port", str(self.port), "--store", store, "--quiet", *args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the endpoint did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def measure(store: str, clients: int, queries: int, idle: int) -> dict:
    more_files()
    paths = requests_mix()
    endpoint = Endpoint(store)
    try:
        load = run_clients(endpoint.port, clients, queries, paths)
        held = hold_idle(endpoint.port, idle)
        try:
            during = run_clients(endpoint.port, 20, 10, paths)
            from etl.serve import HEAD_TIMEOUT

            closed = closed_by_server(held, HEAD_TIMEOUT + 5)
        finally:
            for s in held:
                s.close()
        alive = endpoint.proc.poll() is None
    finally:
        endpoint.stop()
    return {"load": load, "idle": {"connections": idle, "closed_by_server": closed, **during},
            "server_alive_after": alive}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--store", help="a built store folder (default: build examples/reports)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lianghui-load-") as tmp:
        store = args.store
        if store is None:
            import etl

            store = str(Path(tmp) / "store")
            etl.build([str(ROOT / "examples" / "reports")], store=store)
        report = measure(store, args.clients, args.queries, args.idle)
    report["when"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    report["cpus"] = os.cpu_count()
    load, idle = report["load"], report["idle"]
    print(f"load: {load['clients']} clients × {load['queries_per_client']} = {load['requests']} requests, "
          f"{load['errors']} errors, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, max {load['max_ms']} ms, "
          f"{load['throughput_rps']} req/s")
    print(f"idle: {idle['connections']} half-sent connections held; {idle['requests']} requests from "
          f"{idle['clients']} clients, {idle['errors']} errors, p95 {idle['p95_ms']} ms; "
          f"{idle['closed_by_server']} idle connections closed by the server")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = args.out / f"load-endpoint-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    if load["errors"] or idle["errors"] or not report["server_alive_after"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
