"""Every export format on the real corpora (the bundled examples, and the development seeds
when ../shared is present): read back by an independent reader, counts equal to the store."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import igraph
import networkx as nx
import pytest
import rdflib

from etl.export import FORMATS, export
from etl.pipeline import build
from etl.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
ENTITY_CLASSES = (
    "http://www.w3.org/ns/org#Organization",
    "http://xmlns.com/foaf/0.1/Person",
    "http://data.europa.eu/eli/ontology#LegalResource",
    "https://w3id.org/lianghui/ontology#Project",
    "http://purl.org/dc/terms/Location",
    "https://w3id.org/lianghui/ontology#Meeting",
)
CORPORA = [pytest.param(ROOT / "examples" / "reports", id="examples"),
           pytest.param(SEEDS, id="seeds", marks=pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is absent"))]


@pytest.fixture(scope="module", params=CORPORA)
def store(request, tmp_path_factory):
    st = OxigraphStore(tmp_path_factory.mktemp("corpus") / "store")
    report = build([request.param], st, workers=1)
    assert report.failed == []
    return st


def count(st, query: str) -> int:
    return int(st.query(query).rows[0][0].value)


def test_rdf_formats_parse_back_to_the_store_counts(store, tmp_path):
    triples = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt")):
        stats = export(store, fmt, tmp_path / f"all.{fmt}")
        g = rdflib.Graph().parse(tmp_path / f"all.{fmt}", format=parser)
        assert len(g) == stats.triples == triples, fmt
    for fmt, parser in (("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")):
        stats = export(store, fmt, tmp_path / f"all.{fmt}")
        ds = rdflib.Dataset().parse(tmp_path / f"all.{fmt}", format=parser)
        assert sum(len(g) for g in ds.graphs() if g.identifier != rdflib.URIRef("urn:x-rdflib:default")) \
            == stats.triples == len(store), fmt


def test_viewer_formats_read_back_with_the_projection_counts(store, tmp_path):
    entities = count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?c { "
                     + " ".join(f"<{c}>" for c in ENTITY_CLASSES) + " } ?e a ?c }")
    reports = count(store, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/lianghui/ontology#Report> }")
    have_vis = importlib.util.find_spec("pyvis") is not None  # the HTML view inlines its vis-network
    stats = {fmt: export(store, fmt, tmp_path / f"g.{fmt}") for fmt in FORMATS
             if FORMATS[fmt].kind == "graph" and (fmt != "html" or have_vis)}
    assert stats["graphml"].nodes == entities + reports  # no entity left out as isolated
    assert len({(s.nodes, s.edges) for s in stats.values()}) == 1
    nodes, edges = stats["graphml"].nodes, stats["graphml"].edges

    g = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert not [n for n in g if g.degree(n) == 0]
    for _, d in g.nodes(data=True):
        assert d["label"] and d["type"] and d["color"].startswith("#") and 10 <= d["size"] <= 60
        assert isinstance(d["mentions"], int)
    assert all("relation" in d for *_, d in g.edges(data=True))
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert (ig.vcount(), ig.ecount()) == (nodes, edges)

    gx = nx.read_gexf(tmp_path / "g.gexf")
    assert (gx.number_of_nodes(), gx.number_of_edges()) == (nodes, edges)
    assert all(10 <= d["viz"]["size"] <= 60 and d["viz"]["color"] for _, d in gx.nodes(data=True))

    cy = json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    els = cy["elements"]
    assert (len(els["nodes"]), len(els["edges"])) == (nodes, edges)
    assert all(n["data"]["name"] for n in els["nodes"]) and all(e["data"]["interaction"] for e in els["edges"])
    back = nx.cytoscape_graph(cy)
    assert back.is_directed() and back.is_multigraph()
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    assert set(back) == set(g)

    node_rows = list(csv.DictReader(open(tmp_path / "g.nodes.csv", encoding="utf-8")))
    edge_rows = list(csv.DictReader(open(tmp_path / "g.edges.csv", encoding="utf-8")))
    assert (len(node_rows), len(edge_rows)) == (nodes, edges)
    assert {"Id", "Label"} <= set(node_rows[0]) and {"Source", "Target", "Weight"} <= set(edge_rows[0])

    if not have_vis:
        return
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)[^>]*(src|href)\s*=\s*["']?(https?:)?//""", html), \
        "the HTML view must not load anything"


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper is missing (Debian package raptor2-utils)")
def test_rapper_reads_turtle_and_ntriples_with_the_store_counts(store, tmp_path):
    triples = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    for fmt, syntax in (("ttl", "turtle"), ("nt", "ntriples")):
        export(store, fmt, tmp_path / f"all.{fmt}")
        res = subprocess.run(["rapper", "-i", syntax, "-c", str(tmp_path / f"all.{fmt}")],
                             capture_output=True, text=True, check=True)
        assert re.search(rf"returned {triples} triples", res.stderr), res.stderr


def test_pyld_expands_jsonld_to_the_store_quads(store, tmp_path):
    from pyld import jsonld

    stats = export(store, "jsonld", tmp_path / "all.jsonld")
    doc = json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))
    assert "@context" in doc
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert len(set(nquads.splitlines())) == stats.triples == len(store)
