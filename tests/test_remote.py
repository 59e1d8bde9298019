"""RemoteStore against the real Oxigraph server (PyPI ``oxigraph``) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import rdf
from etl.errors import ParameterError, StoreError
from etl.queries import load_templates, run_sparql, run_template, values_block, where_start, with_values
from etl.remote import RemoteStore
from etl.store import open_store

from test_queries import ECHO, HOSTILE, SAMPLE_RUNS


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """``oxigraph serve`` on a free 127.0.0.1 port; yields its sparql+http:// URL, stopped by PID."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is missing (pip install oxigraph)")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 20
    while True:
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph server did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.05)
    yield f"sparql+http://127.0.0.1:{port}/"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def remote(oxigraph_server, sample_graph_data):
    store = RemoteStore(oxigraph_server)
    store.publish(sample_graph_data)
    return store


def rows(result):
    return result.columns, result.rows


# --------------------------------------------------------------------------- the store protocol


def test_open_store_picks_remote(oxigraph_server):
    store = open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    assert store.query_url.endswith("/query") and store.store_url.endswith("/store")
    fuseki = RemoteStore("sparql+http://127.0.0.1:3030/ds/?store=data&query=sparql")
    assert (fuseki.query_url, fuseki.store_url, fuseki.update_url) == (
        "http://127.0.0.1:3030/ds/sparql",
        "http://127.0.0.1:3030/ds/data",
        "http://127.0.0.1:3030/ds/update",
    )


def test_publish_holds_exactly_the_graphs(remote, sample_store, sample_graph_data):
    assert remote.graph_iris() == set(sample_graph_data) == sample_store.graph_iris()
    assert len(remote) == len(sample_store)
    first = sorted(sample_graph_data)[0]
    assert set(remote.quads(first)) == set(sample_store.quads(first))
    assert set(remote.quads()) == set(sample_store.quads())
    remote.publish({first: sample_graph_data[first]})  # the others are deleted
    assert remote.graph_iris() == {first}
    assert set(remote.quads()) == set(sample_store.quads(first))
    remote.publish({})
    assert remote.graph_iris() == set() and len(remote) == 0


def test_publish_runs_validate_before_writing(remote, sample_graph_data):
    def refuse(db, names):
        assert len(db) > 0 and names == ["http://g/new"]
        raise StoreError("invalid")

    with pytest.raises(StoreError, match="invalid"):
        remote.publish({"http://g/new": '<http://e/s> <http://e/p> "o" <http://g/new> .\n'}, validate=refuse)
    assert remote.graph_iris() == set(sample_graph_data)


def test_dump_round_trips(remote, sample_store):
    out = BytesIO()
    remote.dump(out, ox.RdfFormat.N_QUADS)
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == set(sample_store.quads())
    out = BytesIO()
    remote.dump(out, ox.RdfFormat.TURTLE, prefixes=rdf.PREFIXES)
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(out.getvalue(), ox.RdfFormat.TURTLE)}
    assert triples == {(q.subject, q.predicate, q.object) for q in sample_store.quads()}


def test_construct_and_ask(remote):
    assert run_sparql(remote, "ASK { ?s a <https://w3id.org/lianghui/ontology#Report> }").boolean is True
    result = run_sparql(remote, "CONSTRUCT { ?r a ?c } WHERE { ?r a ?c FILTER(?c = <https://w3id.org/lianghui/ontology#Report>) }")
    assert len(result.triples) == 3


def test_errors_name_the_url(remote):
    with pytest.raises(StoreError, match="HTTP 400") as e:
        run_sparql(remote, "SELECT ?x WHERE { ?x ?p }")
    assert remote.query_url in str(e.value)
    gone = RemoteStore(f"sparql+http://127.0.0.1:{free_port()}/")
    with pytest.raises(StoreError, match="cannot reach") as e:
        gone.graph_iris()
    assert "127.0.0.1" in str(e.value)
    with pytest.raises(StoreError):
        RemoteStore("http://127.0.0.1:1/")


# --------------------------------------------------------------------------- templates over HTTP


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_same_rows_as_oxigraph_store(name, remote, sample_store):
    params = SAMPLE_RUNS[name][0]
    assert rows(run_template(remote, name, params)) == rows(run_template(sample_store, name, params))


def test_template_examples_on_examples_built_by_the_pipeline(oxigraph_server, example_store, tmp_path, monkeypatch):
    """``pipeline.build`` publishes straight to the server; every example gives the local rows."""
    from conftest import EXAMPLE_REPORTS

    from etl.pipeline import build

    monkeypatch.chdir(tmp_path)  # the pipeline keeps a remote store's cache under ./graphs
    store = RemoteStore(oxigraph_server)
    build([EXAMPLE_REPORTS], store, workers=1)
    assert store.graph_iris() == example_store.graph_iris()
    for name, t in load_templates().items():
        result = run_template(store, name, t.spec.example)
        assert result.rows, name
        assert rows(result) == rows(run_template(example_store, name, t.spec.example)), name


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:30])
def test_hostile_values_stay_literals_over_http(value, remote, tmp_path):
    (tmp_path / "echo.rq").write_text(ECHO, encoding="utf-8")
    echo = load_templates(tmp_path)
    before = (len(remote), remote.graph_iris())
    result = run_template(remote, "echo", {"text": value}, templates=echo)
    assert result.rows[0][0] == ox.Literal(value)
    assert int(result.rows[0][1].value) == len(value)
    assert run_template(remote, "label_search", {"text": value}).rows == ()
    with pytest.raises(ParameterError):
        run_template(remote, "people_of_body", {"body": value})
    assert (len(remote), remote.graph_iris()) == before


# --------------------------------------------------------------------------- VALUES placement


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT ?a WHERE { ?a ?p ?o }", "SELECT ?a WHERE {"),
        ("select * { ?a ?p ?o }", "select * {"),
        ("ASK { ?a ?p ?o }", "ASK {"),
        ("CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }", "CONSTRUCT { ?a ?p ?o } WHERE {"),
        ("#+ example: {a: 1}\n# { comment\nPREFIX x: <http://x/{}>\nSELECT ?a ('{' AS ?b) WHERE { ?a ?p ?o }",
         "AS ?b) WHERE {"),
        ('SELECT ?a ("""}\n{""" AS ?b) WHERE { ?a ?p ?o }', "AS ?b) WHERE {"),
        ("SELECT ?where WHERE { ?a ?p ?where }", "SELECT ?where WHERE {"),
    ],
)
def test_values_go_at_the_start_of_the_where_group(query, before):
    at = where_start(query)
    assert query[:at].endswith(before)


def test_values_block_is_written_by_pyoxigraph():
    block = values_block({"b": ox.Literal('x" } DROP ALL #\n'), "a": ox.NamedNode("http://e/a")})
    assert block == 'VALUES (?a ?b) { (<http://e/a> "x\\" } DROP ALL #\\n") }'
    with pytest.raises(ParameterError):
        values_block({"a b": ox.Literal("x")})
    with pytest.raises(StoreError, match="no WHERE group"):
        with_values("DESCRIBE <http://e/a>", {"a": ox.Literal("x")})
