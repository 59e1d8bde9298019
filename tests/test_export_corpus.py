"""Every export format on the real corpora (the bundled examples, and the development seeds
when ../shared is present): read back by an independent reader, counts equal to the store."""

from __future__ import annotations

import csv
import json
import re
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
    stats = {fmt: export(store, fmt, tmp_path / f"g.{fmt}") for fmt in FORMATS if FORMATS[fmt].kind == "graph"}
    assert stats["graphml"].nodes == entities
    assert len({(s.nodes, s.edges) for s in stats.values()}) == 1
    nodes, edges = stats["graphml"].nodes, stats["graphml"].edges

    g = nx.read_graphml(tmp_path / "g.graphml")
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    for _, d in g.nodes(data=True):
        assert d["label"] and d["type"] and d["color"].startswith("#") and "size" in d
    assert all("relation" in d for *_, d in g.edges(data=True))
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert (ig.vcount(), ig.ecount()) == (nodes, edges)

    gx = nx.read_gexf(tmp_path / "g.gexf")
    assert (gx.number_of_nodes(), gx.number_of_edges()) == (nodes, edges)

    cy = json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    els = cy["elements"]
    assert (len(els["nodes"]), len(els["edges"])) == (nodes, edges)
    assert all(n["data"]["name"] for n in els["nodes"]) and all(e["data"]["interaction"] for e in els["edges"])

    node_rows = list(csv.DictReader(open(tmp_path / "g.nodes.csv", encoding="utf-8")))
    edge_rows = list(csv.DictReader(open(tmp_path / "g.edges.csv", encoding="utf-8")))
    assert (len(node_rows), len(edge_rows)) == (nodes, edges)
    assert {"Id", "Label"} <= set(node_rows[0]) and {"Source", "Target", "Weight"} <= set(edge_rows[0])

    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the HTML view must not load anything"
