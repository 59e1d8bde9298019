"""The read-only SPARQL endpoint: protocol, content negotiation, templates, refusals, reopening.

Every server here is a `lianghui serve` process on a free 127.0.0.1 port, started by a
fixture and stopped by its PID.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import rdf
from etl.queries import load_templates, run_sparql, run_template
from etl.remote import RemoteStore
from etl.serve import choose_format, make_server
from etl.store import OxigraphStore

from test_queries import SAMPLE_RUNS

ROOT = Path(__file__).resolve().parent.parent
LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label ?s"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Endpoint:
    """A `lianghui serve` process on 127.0.0.1; its stderr goes to ``log``."""

    def __init__(self, store: str, log: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._err = open(log, "wb")
        cmd = [sys.executable, "-m", "etl.cli", "serve", "--port", str(self.port), "--store", store, *args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self._err)
        deadline = time.monotonic() + 60
        while True:
            try:
                with OPENER.open(self.url + "/", timeout=5) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the endpoint did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.proc.poll() is None and call(self, q("ASK { ?s ?p ?o }"))[0] == 200

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._err.close()


@pytest.fixture(scope="module")
def module_store(tmp_path_factory, sample_graph_data) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("serve") / "store")
    store.publish(sample_graph_data)
    return store


@pytest.fixture(scope="module")
def server(module_store, tmp_path_factory):
    endpoint = Endpoint(module_store.location, tmp_path_factory.mktemp("log") / "serve.log", "--quiet")
    yield endpoint
    endpoint.stop()


def call(srv, path: str, data: bytes | None = None, headers=None, method=None, timeout: float = 30):
    req = urllib.request.Request(srv.url + path, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def q(query: str, **extra) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def solutions(body: bytes):
    res = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    return [tuple(sol[v] for v in res.variables) for sol in res]


# --------------------------------------------------------------------------- SPARQL protocol


def test_get_post_and_form_give_the_store_rows(server, module_store):
    expected = list(run_sparql(module_store, LABELS).rows)
    status, media, body = call(server, q(LABELS))
    assert status == 200 and media == "application/sparql-results+json"
    assert solutions(body) == expected
    status, _, body = call(server, "/sparql", LABELS.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and solutions(body) == expected
    form = urllib.parse.urlencode({"query": LABELS}).encode()
    status, _, body = call(server, "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and solutions(body) == expected


def test_content_negotiation(server, module_store):
    n = len(run_sparql(module_store, LABELS).rows)
    status, media, body = call(server, q(LABELS), headers={"Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["s", "label"] and len(table) == n + 1
    status, media, body = call(server, q(LABELS), headers={"Accept": "text/tab-separated-values;q=0.9, text/csv;q=0.1"})
    assert media.startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?s\t?label" and lines[1].startswith("<https://w3id.org/")
    status, media, body = call(server, q(LABELS), headers={"Accept": "application/sparql-results+xml"})
    assert media == "application/sparql-results+xml"
    assert len(list(ox.parse_query_results(body, ox.QueryResultsFormat.XML))) == n
    assert call(server, q(LABELS, format="csv"), headers={"Accept": "application/json"})[1].startswith("text/csv")
    status, _, body = call(server, q("ASK { ?s ?p ?o }"), headers={"Accept": "*/*"})
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_construct_as_turtle_and_ntriples(server, module_store):
    query = "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    expected = set(run_sparql(module_store, query).triples)
    status, media, body = call(server, q(query))
    assert status == 200 and media.startswith("text/turtle")
    assert {ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, ox.RdfFormat.TURTLE)} == expected
    status, media, body = call(server, q(query), headers={"Accept": "application/n-triples"})
    assert media == "application/n-triples"
    assert {ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)} == expected
    assert call(server, q(query, format="csv"))[0] == 400


def test_choose_format():
    assert choose_format(None, None, graph=False) == "json"
    assert choose_format("text/html, */*;q=0.1", None, graph=False) == "json"
    assert choose_format("text/csv;q=0.2, text/tab-separated-values", None, graph=False) == "tsv"
    assert choose_format("application/sparql-results+xml", None, graph=False) == "xml"
    assert choose_format("application/n-triples", None, graph=True) == "nt"
    assert choose_format("text/csv", None, graph=True) == "ttl"


def test_turtle_uses_the_project_prefixes(server):
    body = call(server, q("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 1"))[2].decode()
    assert f"@prefix lh: <{rdf.LH}>" in body


def test_results_are_cut_at_the_row_limit_and_say_so(module_store, tmp_path):
    endpoint = Endpoint(module_store.location, tmp_path / "serve.log", "--quiet", "--max-rows", "5")
    try:
        req = urllib.request.Request(endpoint.url + q("SELECT * WHERE { ?s ?p ?o }"))
        with OPENER.open(req, timeout=30) as resp:
            assert resp.headers["X-SPARQL-MaxRows"] == "5"
            assert len(solutions(resp.read())) == 5
        status, _, body = call(endpoint, q("CONSTRUCT WHERE { ?s ?p ?o }"), headers={"Accept": "application/n-triples"})
        assert status == 200 and len(body.splitlines()) == 5
        with OPENER.open(endpoint.url + q("SELECT * WHERE { ?s ?p ?o } LIMIT 3"), timeout=30) as resp:
            assert "X-SPARQL-MaxRows" not in resp.headers and len(solutions(resp.read())) == 3
    finally:
        endpoint.stop()


# --------------------------------------------------------------------------- refusals, never a crash


def test_updates_are_refused_and_the_store_is_unchanged(server, module_store):
    before = (len(module_store), module_store.graph_iris())
    drop = b"DROP ALL"
    assert call(server, "/sparql", drop, {"Content-Type": "application/sparql-update"})[0] == 403
    assert call(server, "/sparql", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert call(server, "/sparql?update=DROP+ALL")[0] == 403
    status, _, body = call(server, q("DROP ALL"))
    assert status == 400 and b"updates are refused" in body
    assert call(server, q("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"))[0] == 400
    assert call(server, "/sparql", drop, method="PUT")[0] == 405
    assert call(server, "/sparql", method="DELETE")[0] == 405
    assert (len(module_store), module_store.graph_iris()) == before


def test_bad_requests_get_400_and_the_server_keeps_serving(server):
    for path in (q("SELECT ?x WHERE { ?x ?p }"), q("SELECT * WHERE { ?s ?p ?o FILTER( }"), "/sparql", q("   ")):
        status, media, body = call(server, path)
        assert status == 400 and media.startswith("text/plain") and body.count(b"\n") == 1, path
    assert call(server, "/sparql", b"x", {"Content-Type": "text/plain"})[0] == 415
    status, _, body = call(server, q("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))
    assert status == 403 and b"SERVICE" in body
    assert call(server, "/nowhere")[0] == 404
    assert call(server, q("ASK { ?s ?p ?o }"))[0] == 200


# --------------------------------------------------------------------------- templates


def test_templates_list(server):
    status, media, body = call(server, "/templates")
    assert status == 200 and media == "application/json"
    listed = {t["name"]: t for t in json.loads(body)}
    assert set(listed) == set(load_templates())
    laws = listed["laws_by_body"]
    assert laws["returns"][0] == "body" and laws["params"][0]["type"] == "entity"
    assert laws["url"].startswith("/templates/laws_by_body?body=")


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_run_template_over_http(server, module_store, name):
    params = SAMPLE_RUNS[name][0]
    status, _, body = call(server, f"/templates/{name}?" + urllib.parse.urlencode(params))
    assert status == 200, body
    assert solutions(body) == list(run_template(module_store, name, params).rows)


def test_template_errors_and_formats(server):
    status, media, body = call(server, "/templates/people_of_body?format=csv&body=" + urllib.parse.quote("区人大常委会"))
    assert status == 200 and media.startswith("text/csv")
    assert body.decode().splitlines()[0] == "body,person,name,post,period,report,membership"
    assert call(server, "/templates/people_of_body")[0] == 400
    status, _, body = call(server, "/templates/people_of_body?body=nobody&colour=red")
    assert status == 400 and b"LH301" in body
    assert call(server, "/templates/no_such")[0] == 404


def test_remote_store_can_read_this_endpoint(server, module_store):
    """Our JSON is standard SPARQL JSON: RemoteStore queries it like any SPARQL server."""
    store = RemoteStore(f"sparql+{server.url}/?query=sparql")
    for name in ("laws_by_body", "activity_counts", "label_search"):
        params = SAMPLE_RUNS[name][0]
        assert run_template(store, name, params).rows == run_template(module_store, name, params).rows


# --------------------------------------------------------------------------- a build while serving


def test_serves_the_new_generation_after_a_build(sample_store, sample_graph_data, tmp_path):
    endpoint = Endpoint(sample_store.location, tmp_path / "serve.log", "--quiet")
    try:
        count = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/lianghui/ontology#Report> }"
        assert solutions(call(endpoint, q(count))[2])[0][0].value == "3"
        first = sorted(g for g in sample_graph_data if "/report/" in g)[0]
        sample_store.publish({first: sample_graph_data[first]})  # what `lianghui build` does: a new generation
        assert solutions(call(endpoint, q(count))[2])[0][0].value == "1"
    finally:
        endpoint.stop()


def test_missing_store_is_503(tmp_path):
    endpoint = Endpoint(str(tmp_path / "empty"), tmp_path / "serve.log", "--quiet")
    try:
        status, _, body = call(endpoint, q("ASK { ?s ?p ?o }"))
        assert status == 503 and b"lianghui build" in body
    finally:
        endpoint.stop()


# --------------------------------------------------------------------------- the command


def test_cli_serve_says_where_and_stops_on_sigterm(module_store, tmp_path):
    endpoint = Endpoint(module_store.location, tmp_path / "serve.log")
    endpoint.stop()
    log = endpoint.log.read_text()
    assert f"{endpoint.url}/sparql" in log and "Traceback" not in log


def test_cli_serve_usage_errors(module_store):
    run = [sys.executable, "-m", "etl.cli", "serve", "--store", module_store.location]
    done = subprocess.run([*run, "--port", "70000"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--port" in done.stderr and "65535" in done.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([*run, "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr.strip().count("\n") == 0 and str(port) in done.stderr and "in use" in done.stderr
        # the warning comes before binding: port in use, so nothing ever listens on 0.0.0.0
        done = subprocess.run([*run, "--host", "0.0.0.0", "--port", str(port)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2 and "warning" in done.stderr and "0.0.0.0" in done.stderr


def test_make_server_runs_in_a_thread(module_store):
    """The Python API (tests/test_load.py uses it): bound at once, served, shut down."""
    srv = make_server(module_store, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        assert srv.url.startswith("http://127.0.0.1:")
        assert json.loads(call(srv, q("ASK { ?s ?p ?o }"), timeout=60)[2]) == {"head": {}, "boolean": True}
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)
    assert not thread.is_alive()
