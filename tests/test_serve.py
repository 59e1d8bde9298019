"""The read-only SPARQL endpoint: protocol, content negotiation, templates, refusals, reopening."""

from __future__ import annotations

import csv
import io
import json
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

from test_queries import SAMPLE_RUNS

LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label ?s"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def server(sample_store):
    srv = make_server(sample_store, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def call(srv, path: str, data: bytes | None = None, headers=None, method=None):
    req = urllib.request.Request(srv.url + path, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def q(query: str, **extra) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def solutions(body: bytes):
    res = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    return [tuple(sol[v] for v in res.variables) for sol in res]


# --------------------------------------------------------------------------- SPARQL protocol


def test_get_post_and_form_give_the_store_rows(server, sample_store):
    expected = list(run_sparql(sample_store, LABELS).rows)
    status, media, body = call(server, q(LABELS))
    assert status == 200 and media == "application/sparql-results+json"
    assert solutions(body) == expected
    status, _, body = call(server, "/sparql", LABELS.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and solutions(body) == expected
    form = urllib.parse.urlencode({"query": LABELS}).encode()
    status, _, body = call(server, "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and solutions(body) == expected


def test_content_negotiation(server, sample_store):
    n = len(run_sparql(sample_store, LABELS).rows)
    status, media, body = call(server, q(LABELS), headers={"Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["s", "label"] and len(table) == n + 1
    status, media, body = call(server, q(LABELS), headers={"Accept": "text/tab-separated-values;q=0.9, text/csv;q=0.1"})
    assert media.startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?s\t?label" and lines[1].startswith("<https://w3id.org/")
    assert call(server, q(LABELS, format="csv"), headers={"Accept": "application/json"})[1].startswith("text/csv")
    status, _, body = call(server, q("ASK { ?s ?p ?o }"), headers={"Accept": "*/*"})
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_construct_as_turtle_and_ntriples(server, sample_store):
    query = "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    expected = set(run_sparql(sample_store, query).triples)
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
    assert choose_format("application/n-triples", None, graph=True) == "nt"
    assert choose_format("text/csv", None, graph=True) == "ttl"


# --------------------------------------------------------------------------- refusals, never a crash


def test_updates_are_refused_and_the_store_is_unchanged(server, sample_store):
    before = (len(sample_store), sample_store.graph_iris())
    drop = b"DROP ALL"
    assert call(server, "/sparql", drop, {"Content-Type": "application/sparql-update"})[0] == 403
    assert call(server, "/sparql", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert call(server, "/sparql?update=DROP+ALL")[0] == 403
    status, _, body = call(server, q("DROP ALL"))
    assert status == 400 and b"updates are refused" in body
    status, _, body = call(server, q("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"))
    assert status == 400
    assert call(server, "/sparql", drop, method="PUT")[0] == 405
    assert call(server, "/sparql", method="DELETE")[0] == 405
    assert (len(sample_store), sample_store.graph_iris()) == before


def test_bad_requests_get_400_and_the_server_keeps_serving(server):
    for path in (q("SELECT ?x WHERE { ?x ?p }"), q("SELECT * WHERE { ?s ?p ?o FILTER( }"), "/sparql", q("   ")):
        status, media, body = call(server, path)
        assert status == 400 and media.startswith("text/plain") and body, path
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
def test_run_template_over_http(server, sample_store, name):
    params = SAMPLE_RUNS[name][0]
    status, _, body = call(server, f"/templates/{name}?" + urllib.parse.urlencode(params))
    assert status == 200, body
    assert solutions(body) == list(run_template(sample_store, name, params).rows)


def test_template_errors_and_formats(server):
    status, media, body = call(server, "/templates/people_of_body?format=csv&body=" + urllib.parse.quote("区人大常委会"))
    assert status == 200 and media.startswith("text/csv")
    assert body.decode().splitlines()[0] == "body,person,name,post,period,report,membership"
    assert call(server, "/templates/people_of_body")[0] == 400
    status, _, body = call(server, "/templates/people_of_body?body=nobody&colour=red")
    assert status == 400 and b"LH301" in body
    assert call(server, "/templates/no_such")[0] == 404


def test_remote_store_can_read_this_endpoint(server, sample_store):
    """Our JSON is standard SPARQL JSON: RemoteStore queries it like any SPARQL server."""
    store = RemoteStore(f"sparql+{server.url}/?query=sparql")
    for name in ("laws_by_body", "activity_counts", "label_search"):
        params = SAMPLE_RUNS[name][0]
        assert run_template(store, name, params).rows == run_template(sample_store, name, params).rows


# --------------------------------------------------------------------------- a build while serving


def test_serves_the_new_generation_after_a_build(server, sample_store, sample_graph_data):
    count = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/lianghui/ontology#Report> }"
    assert solutions(call(server, q(count))[2])[0][0].value == "3"
    first = sorted(g for g in sample_graph_data if "/report/" in g)[0]
    sample_store.publish({first: sample_graph_data[first]})  # what `lianghui build` does: a new generation
    assert solutions(call(server, q(count))[2])[0][0].value == "1"


def test_missing_store_is_503(tmp_path):
    from etl.store import OxigraphStore

    srv = make_server(OxigraphStore(tmp_path / "empty"), quiet=True)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        status, _, body = call(srv, q("ASK { ?s ?p ?o }"))
        assert status == 503 and b"lianghui build" in body
    finally:
        srv.shutdown()
        srv.server_close()


def test_cli_serve(sample_store):
    """``lianghui serve`` on a free port answers, then stops when its process is ended."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "serve", "--port", str(port), "--store", sample_store.location],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        deadline = time.monotonic() + 20
        while True:
            try:
                with OPENER.open(url, timeout=2) as resp:
                    assert json.loads(resp.read()) == {"head": {}, "boolean": True}
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert b"/sparql" in proc.stderr.read()


def test_turtle_uses_the_project_prefixes(server):
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 1"
    body = call(server, q(query))[2].decode()
    assert f"@prefix lh: <{rdf.LH}>" in body
