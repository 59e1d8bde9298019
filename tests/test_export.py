"""Exports: RDF formats round-trip to the store's content, viewer formats read back in
networkx, igraph, json and csv, and the HTML page renders offline in headless Chromium.

The graph is built here from hand-written ``ReportExtraction`` records (invented names:
青山市 and its bodies, people, laws), so these tests do not depend on the pipeline.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from etl.errors import ExportError, LianghuiError, UsageError
from etl.export import FORMATS, NODE_TYPES, ExportStats, Selection, export, export_command, to_networkx
from etl.models import (
    Activity,
    Author,
    Body,
    Evidence,
    Law,
    LawAction,
    Meeting,
    Metadata,
    Person,
    Place,
    Post,
    Project,
    ReportExtraction,
)
from etl.rdf import PREFIXES, entity_iri, quads_to_nquads, report_iri, to_quads
from etl.store import MemoryStore, OxigraphStore

ROOT = Path(__file__).resolve().parents[1]


def ev(start: int, quote: str, rule: str = "hand") -> tuple[Evidence, ...]:
    return (Evidence(start=start, end=start + len(quote), quote=quote, rule=rule),)


RENDA = ReportExtraction(
    document="qingshan_renda_2023",
    sha256="a1" * 32,
    path="qingshan_renda_2023.txt",
    metadata=Metadata(
        title="青山市人民代表大会常务委员会工作报告",
        author=Author(name="李明远", role="主任", body="青山市人大常委会"),
        date="2024-01-12",
        region="青山市",
        issuing_body="青山市人大常委会",
        period="2023",
        genre="work_report",
        meeting="青山市第十五届人民代表大会第三次会议",
    ),
    bodies=(
        Body(
            name="青山市人大常委会",
            kind="standing_committee",
            aliases=("市人大常委会", "常委会"),
            parent="青山市人大",
            region="青山市",
            evidence=ev(40, "市人大常委会坚持依法履职"),
        ),
        Body(name="青山市人大", kind="people_congress", region="青山市", evidence=ev(10, "青山市第十五届人民代表大会")),
        Body(
            name="青山市人大常委会法制工作委员会",
            kind="working_body",
            aliases=("法工委",),
            parent="青山市人大常委会",
            evidence=ev(300, "法工委牵头起草"),
        ),
        Body(
            name="青山市政府",
            kind="government",
            aliases=("市政府",),
            region="青山市",
            evidence=ev(500, "听取市政府专项工作报告"),
        ),
        Body(
            name="青山市生态环境局",
            kind="government_department",
            parent="青山市政府",
            evidence=ev(620, "督促市生态环境局整改"),
        ),
    ),
    places=(
        Place(name="青山省", level="province", evidence=ev(5, "青山省")),
        Place(name="青山市", level="city", parent="青山省", evidence=ev(8, "青山市")),
        Place(name="青山市绿水区", level="district", aliases=("绿水区",), parent="青山市", evidence=ev(700, "绿水区")),
        Place(name="白云镇", level="town", parent="青山市绿水区", evidence=ev(720, "白云镇")),
    ),
    people=(
        Person(
            name="李明远",
            posts=(Post(post="主任", body="青山市人大常委会", evidence=ev(20, "主任 李明远")),),
            evidence=ev(20, "主任 李明远"),
        ),
        Person(
            name="王秀兰",
            posts=(Post(post="副主任", body="青山市人大常委会", evidence=ev(900, "副主任王秀兰带队")),),
            evidence=ev(900, "副主任王秀兰带队"),
        ),
        Person(
            name="张建国",
            posts=(Post(post="市长", body="青山市政府", evidence=ev(950, "市长张建国")),),
            evidence=ev(950, "市长张建国"),
        ),
    ),
    laws=(
        Law(
            name="青山市绿水河保护条例",
            kind="regulation",
            actions=(
                LawAction(
                    action="enacted",
                    body="青山市人大常委会",
                    period="2023",
                    evidence=ev(320, "制定《青山市绿水河保护条例》"),
                ),
            ),
            evidence=ev(320, "制定《青山市绿水河保护条例》"),
        ),
        Law(
            name="青山市物业管理条例",
            kind="regulation",
            actions=(
                LawAction(action="revised", body="青山市人大常委会", evidence=ev(360, "修订《青山市物业管理条例》")),
            ),
            evidence=ev(360, "修订《青山市物业管理条例》"),
        ),
        Law(
            name="中华人民共和国大气污染防治法",
            kind="law",
            aliases=("大气污染防治法",),
            actions=(
                LawAction(action="inspected", body="青山市人大常委会", evidence=ev(400, "开展大气污染防治法执法检查")),
            ),
            evidence=ev(400, "开展大气污染防治法执法检查"),
        ),
    ),
    projects=(
        Project(name="绿水河综合治理工程", place="青山市绿水区", evidence=ev(740, "绿水河综合治理工程")),
        Project(name="白云镇污水处理厂", place="白云镇", evidence=ev(760, "白云镇污水处理厂建成投用")),
    ),
    meetings=(
        Meeting(
            name="青山市第十五届人民代表大会第三次会议",
            body="青山市人大",
            date="2024-01-12",
            evidence=ev(10, "青山市第十五届人民代表大会第三次会议"),
        ),
    ),
    activities=(
        Activity(
            type="meeting_standing_committee",
            body="青山市人大常委会",
            count=8,
            unit="次",
            period="2023",
            evidence=ev(60, "召开常委会会议8次"),
        ),
        Activity(
            type="law_enforcement_inspection",
            body="青山市人大常委会",
            count=3,
            unit="项",
            topic="生态环境",
            evidence=ev(400, "开展执法检查3项"),
        ),
    ),
    report_evidence=Evidence(start=0, end=18, quote="青山市人民代表大会常务委员会工作报告", rule="title"),
)

ZHENGFU = ReportExtraction(
    document="qingshan_zhengfu_2023",
    sha256="b2" * 32,
    path="qingshan_zhengfu_2023.txt",
    metadata=Metadata(
        title="青山市政府工作报告",
        author=Author(name="张建国", role="市长", body="青山市政府"),
        date="2024-01-13",
        region="青山市",
        issuing_body="青山市政府",
        period="2023",
        genre="work_report",
        meeting="青山市第十五届人民代表大会第三次会议",
    ),
    bodies=(
        Body(name="青山市政府", kind="government", region="青山市", evidence=ev(30, "市政府")),
        Body(
            name="青山市生态环境局", kind="government_department", parent="青山市政府", evidence=ev(90, "市生态环境局")
        ),
    ),
    places=(
        Place(name="青山市", level="city", parent="青山省", evidence=ev(3, "青山市")),
        Place(name="青山市绿水区", level="district", parent="青山市", evidence=ev(200, "绿水区")),
    ),
    people=(
        Person(
            name="张建国",
            posts=(Post(post="市长", body="青山市政府", evidence=ev(12, "市长 张建国")),),
            evidence=ev(12, "市长 张建国"),
        ),
    ),
    laws=(
        Law(
            name="青山市物业管理条例",
            kind="regulation",
            actions=(
                LawAction(action="studied", body="青山市政府", evidence=ev(260, "学习宣传《青山市物业管理条例》")),
            ),
            evidence=ev(260, "学习宣传《青山市物业管理条例》"),
        ),
    ),
    projects=(Project(name="绿水河综合治理工程", place="青山市绿水区", evidence=ev(220, "推进绿水河综合治理工程")),),
    meetings=(Meeting(name="青山市第十五届人民代表大会第三次会议", body="青山市人大", evidence=ev(5, "第三次会议")),),
)

REPORTS = (RENDA, ZHENGFU)
#: The HTML view inlines vis-network from the pyvis distribution (read as a file, not imported).
HAVE_VIS = importlib.util.find_spec("pyvis") is not None
needs_vis = pytest.mark.skipif(not HAVE_VIS, reason="pyvis (which ships vis-network) is not installed")
VIEWER_FORMATS = ("graphml", "gexf", "cyjs", "csv") + (("html",) if HAVE_VIS else ())
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def graphs() -> dict[str, str]:
    return {report_iri(r.sha256).value: quads_to_nquads(to_quads(r)) for r in REPORTS}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> OxigraphStore:
    s = OxigraphStore(tmp_path_factory.mktemp("store"))
    s.publish(graphs())
    return s


def iri(kind: str, name: str) -> str:
    return entity_iri(kind, name).value


def relations(g: nx.MultiDiGraph, source: str, target: str) -> set[str]:
    return {d["relation"] for d in g.get_edge_data(source, target, default={}).values()}


def store_dataset(store) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data="".join(f"{q} .\n" for q in store.quads()), format="nquads")
    return ds


def union_graph(ds: rdflib.Dataset) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = str(c.identifier if hasattr(c, "identifier") else c)
        out.setdefault(name, rdflib.Graph()).add((s, p, o))
    return out


# --------------------------------------------------------------------------- RDF formats


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_formats_are_isomorphic_to_the_store(store, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    stats = export(store, fmt, out)
    expected = store_dataset(store)
    if fmt in ("ttl", "nt"):
        g = rdflib.Graph().parse(out, format=RDF_FORMATS[fmt])
        assert isomorphic(g, union_graph(expected))
        assert stats.triples == len(g)
    else:
        ds = rdflib.Dataset()
        ds.parse(out, format=RDF_FORMATS[fmt])
        got, want = named_graphs(ds), named_graphs(expected)
        assert sorted(got) == sorted(want)
        for name in want:
            assert isomorphic(got[name], want[name]), name
        assert stats.triples == len(store)


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_turtle_declares_every_prefix_and_no_escaped_slashes(store, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    export(store, fmt, out)
    text = out.read_text(encoding="utf-8")
    declared = dict(re.findall(r"^@prefix (\w*): <([^>]*)> \.$", text, re.M))
    assert declared == PREFIXES
    assert "\\/" not in text
    assert "body:" in text and "青山市人大常委会" in text


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "ntriples")])
def test_rapper_counts_the_same_triples(store, tmp_path, fmt, syntax):
    if shutil.which("rapper") is None:
        pytest.skip("rapper missing: apt-get install raptor2-utils")
    out = tmp_path / f"all.{fmt}"
    stats = export(store, fmt, out)
    res = subprocess.run(["rapper", "-i", syntax, "-c", str(out)], capture_output=True, text=True, check=True)
    counted = int(re.search(r"returned (\d+) triples", res.stderr).group(1))
    assert counted == stats.triples == len(union_graph(store_dataset(store)))


def test_report_selection_is_that_named_graph(store, tmp_path):
    out = tmp_path / "renda.nq"
    export(store, "nq", out, Selection(report="qingshan_renda_2023"))
    ds = rdflib.Dataset()
    ds.parse(out, format="nquads")
    graph = report_iri(RENDA.sha256).value
    assert list(named_graphs(ds)) == [graph]
    want = rdflib.Dataset()
    want.parse(data="".join(f"{q} .\n" for q in store.quads(graph)), format="nquads")
    assert isomorphic(named_graphs(ds)[graph], named_graphs(want)[graph])


def test_entity_selection_in_rdf_keeps_facts_and_evidence(store, tmp_path):
    out = tmp_path / "lmy.ttl"
    export(store, "ttl", out, Selection(entity="李明远", hops=1))
    g = rdflib.Graph().parse(out, format="turtle")
    subjects = {str(s) for s in g.subjects()}
    assert iri("body", "青山市人大常委会") in subjects
    assert any("/membership/" in s for s in subjects)  # the post linking them
    assert any("/evidence/" in s for s in subjects)
    assert iri("law", "青山市物业管理条例") not in subjects  # two hops away


def test_rdf_export_is_byte_identical(store, tmp_path):
    for fmt in ("ttl", "trig", "jsonld"):
        export(store, fmt, tmp_path / f"a.{fmt}")
        export(store, fmt, tmp_path / f"b.{fmt}")
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


# --------------------------------------------------------------------------- projection


def test_projection_nodes_edges_and_scalar_attributes(store):
    g = to_networkx(store)
    assert isinstance(g, nx.MultiDiGraph)
    types = nx.get_node_attributes(g, "type")
    assert sorted(set(types.values())) == ["body", "law", "meeting", "person", "place", "project", "report"]
    body, person = iri("body", "青山市人大常委会"), next(n for n, d in g.nodes(data=True) if d["label"] == "李明远")
    assert g.nodes[body]["label"] == "青山市人大常委会"
    assert g.nodes[body]["color"] == "#1f77b4" and (g.nodes[body]["r"], g.nodes[body]["g"], g.nodes[body]["b"]) == (
        31,
        119,
        180,
    )
    assert g.edges[person, body, "holds_post:主任"]["label"] == "主任"
    assert g.edges[body, iri("law", "青山市绿水河保护条例"), "enacted:制定"]["interaction"] == "enacted"
    assert relations(g, iri("body", "青山市人大常委会法制工作委员会"), body) == {"part_of"}
    assert relations(g, iri("place", "白云镇"), iri("place", "青山市绿水区")) == {"located_in"}
    assert relations(g, iri("project", "白云镇污水处理厂"), iri("place", "白云镇")) == {"located_in"}
    assert relations(g, iri("meeting", "青山市第十五届人民代表大会第三次会议"), iri("body", "青山市人大")) == {
        "of_body"
    }
    assert relations(g, iri("body", "青山市政府"), iri("place", "青山市")) == {"region"}
    # 青山市绿水区 ⊂ 青山市 is stated in both reports: weight 2; the government is mentioned in both
    assert [d["weight"] for d in g[iri("place", "青山市绿水区")][iri("place", "青山市")].values()] == [2]
    assert g.nodes[iri("body", "青山市政府")]["reports"] == 2
    assert g.nodes[iri("body", "青山市政府")]["mentions"] == 2
    for _, d in g.nodes(data=True):
        assert {"label", "type", "color", "r", "g", "b", "mentions", "size", "iri"} <= d.keys()
        assert all(isinstance(v, (str, int, float)) for v in d.values())
        assert 10 <= d["size"] <= 60  # a drawing size, not the raw count
    for n, d in g.nodes(data=True):  # every entity linked to the report naming it
        if d["type"] != "report":
            assert "mentioned_in" in {e["relation"] for *_, e in g.out_edges(n, data=True)}, d["label"]
    for *_, d in g.edges(data=True):
        assert {"relation", "label", "interaction", "weight"} <= d.keys()
        assert all(isinstance(v, (str, int)) for v in d.values())


def test_activities_are_optional_and_reports_name_their_entities(store):
    g = to_networkx(store, activities=True, reports=True)
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    act = next(n for n, d in g.nodes(data=True) if d["type"] == "activity" and "8次" in d["label"])
    assert g.has_edge(iri("body", "青山市人大常委会"), act)
    report = report_iri(RENDA.sha256).value
    assert (g.nodes[report]["label"], g.nodes[report]["year"]) == ("青山市人大常委会 2024", 2024)  # issuer, year
    assert relations(g, iri("law", "青山市绿水河保护条例"), report) == {"mentioned_in"}
    assert relations(g, report, iri("body", "青山市人大常委会")) == {"issued_by"}
    assert relations(g, report, labels["李明远"]) == {"author"}
    only = to_networkx(store, Selection(types=frozenset({"body", "activity"})))
    assert {d["type"] for _, d in only.nodes(data=True)} == {"body", "activity"}
    # without report nodes, an entity is linked to the body that issued the report naming it
    bodies = to_networkx(store, Selection(types=frozenset({"body", "law"})))
    assert relations(bodies, iri("law", "青山市物业管理条例"), iri("body", "青山市政府")) == {"named_by"}
    assert not any(d["relation"] == "named_by" and a == b for a, b, d in bodies.edges(data=True))


def test_entity_neighbourhood_by_label_alias_and_iri(store):
    body = iri("body", "青山市人大常委会")
    one = to_networkx(store, Selection(entity="青山市人大常委会", hops=1))
    assert body in one and iri("law", "青山市物业管理条例") in one
    assert iri("body", "青山市政府") not in one  # two hops: via 青山市
    assert report_iri(RENDA.sha256).value in one  # the report naming it: a last ring, not walked through
    assert iri("project", "白云镇污水处理厂") not in one
    assert set(to_networkx(store, Selection(entity="市人大常委会", hops=1))) == set(one)
    assert set(to_networkx(store, Selection(entity=body, hops=1))) == set(one)
    assert set(to_networkx(store, Selection(entity="body:" + body.rsplit("/", 1)[1], hops=1))) == set(one)
    assert set(to_networkx(store, Selection(entity=body, hops=0))) == {body}
    two = to_networkx(store, Selection(entity=body, hops=2))
    assert iri("body", "青山市政府") in two and set(one) < set(two)


def test_report_selection_projects_what_the_report_mentions(store):
    g = to_networkx(store, Selection(report="qingshan_zhengfu_2023"))
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "青山市政府" in labels and "青山市人大常委会" not in labels
    assert relations(g, iri("body", "青山市政府"), iri("law", "青山市物业管理条例")) == {"studied"}
    assert not g.has_edge(iri("body", "青山市人大常委会"), iri("law", "青山市物业管理条例"))
    by_sha = to_networkx(store, Selection(report=ZHENGFU.sha256[:12]))
    assert set(by_sha) == set(g)


def test_query_selection_uses_template_result(store, monkeypatch):
    body, law = iri("body", "青山市人大常委会"), iri("law", "青山市绿水河保护条例")
    calls = []

    def run_template(st, name, params):
        from etl.store import QueryResult

        calls.append((name, params))
        return QueryResult(
            columns=("law", "title"), rows=((ox.NamedNode(law), ox.Literal("条例")), (ox.NamedNode(body), None))
        )

    fake = types.SimpleNamespace(run_template=run_template)
    monkeypatch.setitem(sys.modules, "etl.queries", fake)
    monkeypatch.setattr("etl.queries", fake, raising=False)
    g = to_networkx(store, Selection(query="laws_by_body", params={"body": "青山市人大常委会"}))
    assert calls == [("laws_by_body", {"body": "青山市人大常委会"})]
    assert set(g) == {body, law} and g.number_of_edges() == 1


def test_query_selection_with_the_real_templates(store):
    queries = pytest.importorskip("etl.queries")
    if not hasattr(queries, "run_template") or not (ROOT / "queries" / "laws_by_body.rq").exists():
        pytest.skip("etl.queries.run_template or queries/laws_by_body.rq not written yet")
    from etl.errors import TemplateError

    try:
        g = to_networkx(store, Selection(query="laws_by_body", params={"body": "青山市人大常委会"}))
    except TemplateError as e:  # another template in queries/ is being written
        pytest.skip(f"query templates do not load yet: {e}")
    assert set(g) == {iri("body", "青山市人大常委会")} | {
        iri("law", n) for n in ("青山市绿水河保护条例", "青山市物业管理条例", "中华人民共和国大气污染防治法")
    }
    assert g.number_of_edges() == 3


def test_memory_store_gives_the_same_projection(store):
    mem = MemoryStore()
    mem.publish(graphs())
    a, b = to_networkx(store), to_networkx(mem)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


@pytest.mark.parametrize("fmt", ["ttl", "nq", "graphml"])
def test_every_store_kind_gives_the_same_bytes(store, tmp_path, fmt):
    mem = MemoryStore()
    mem.publish(graphs())
    a, b = export(store, fmt, tmp_path / f"disk.{fmt}"), export(mem, fmt, tmp_path / f"mem.{fmt}")
    assert Path(a.files[0]).read_bytes() == Path(b.files[0]).read_bytes()


def test_remote_store_exports_the_same(store, tmp_path):
    """Through a real Oxigraph server (the PyPI ``oxigraph`` binary) on 127.0.0.1."""
    server = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(server).exists():
        pytest.skip("the oxigraph server is missing: pip install oxigraph")
    import socket
    import time

    from etl.store import open_store

    data = tmp_path / "all.nq"
    data.write_text("".join(graphs().values()), encoding="utf-8")
    subprocess.run(
        [server, "load", "--location", str(tmp_path / "db"), "--file", str(data)], check=True, capture_output=True
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [server, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        remote = open_store(f"sparql+http://127.0.0.1:{port}/")
        sel = Selection(entity="青山市人大常委会", hops=1)
        for fmt, selection in (("trig", None), ("ttl", sel), ("cyjs", sel)):
            a = export(store, fmt, tmp_path / f"local.{fmt}", selection)
            b = export(remote, fmt, tmp_path / f"remote.{fmt}", selection)
            assert Path(a.files[0]).read_bytes() == Path(b.files[0]).read_bytes(), fmt
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --------------------------------------------------------------------------- viewer formats


@pytest.fixture(scope="module")
def projection(store) -> nx.MultiDiGraph:
    return to_networkx(store)


def test_graphml_reads_back_in_networkx_and_igraph(store, projection, tmp_path):
    out = tmp_path / "g.graphml"
    stats = export(store, "graphml", out)
    assert (stats.nodes, stats.edges) == (projection.number_of_nodes(), projection.number_of_edges())
    text = out.read_text(encoding="utf-8")
    assert 'attr.name="label" attr.type="string"' in text and 'attr.name="weight" attr.type="int"' in text
    assert "<y:NodeLabel>青山市人大常委会</y:NodeLabel>" in text  # yEd shows it

    g = nx.read_graphml(out, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (stats.nodes, stats.edges)
    body = iri("body", "青山市人大常委会")
    want = projection.nodes[body]
    assert {k: g.nodes[body][k] for k in want} == want
    for _, d in g.nodes(data=True):
        assert all(v is not None and not isinstance(v, (list, dict)) for v in d.values())

    import igraph

    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == (stats.nodes, stats.edges)
    v = ig.vs.find(id=body)
    assert (v["label"], v["type"], v["color"], v["size"]) == ("青山市人大常委会", "body", "#1f77b4", want["size"])
    assert set(ig.es["relation"]) >= {"holds_post", "enacted", "part_of", "located_in", "of_body", "region"}
    assert all(isinstance(w, float) for w in ig.es["weight"])


def test_gexf_has_viz_colours_and_reads_back(store, projection, tmp_path):
    out = tmp_path / "g.gexf"
    stats = export(store, "gexf", out)
    g = nx.read_gexf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (stats.nodes, stats.edges)
    body = iri("body", "青山市人大常委会")
    d = g.nodes[body]
    assert d["label"] == "青山市人大常委会" and d["type"] == "body"
    assert {k: d["viz"]["color"][k] for k in "rgb"} == {"r": 31, "g": 119, "b": 180}
    assert d["viz"]["size"] > 0
    rels = {e["relation"] for *_, e in g.edges(data=True)}
    assert {"holds_post", "enacted", "part_of"} <= rels


def test_cyjs_has_name_and_interaction(store, projection, tmp_path):
    out = tmp_path / "g.cyjs"
    export(store, "cyjs", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert len(nodes) == projection.number_of_nodes() and len(edges) == projection.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert all(n["data"]["name"] for n in nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids and e["data"]["interaction"] for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert doc["directed"] and doc["multigraph"] and doc["data"] == {"name": "lianghui"}
    back = nx.cytoscape_graph(doc)
    assert set(back) == set(projection) and back.number_of_edges() == projection.number_of_edges()
    assert back.nodes[iri("body", "青山市人大常委会")]["label"] == "青山市人大常委会"


def test_csv_writes_gephi_nodes_and_edges_tables(store, projection, tmp_path):
    stats = export(store, "csv", tmp_path / "g.csv")
    assert stats.files == (str(tmp_path / "g.nodes.csv"), str(tmp_path / "g.edges.csv"))
    with open(tmp_path / "g.nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "g.edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:3] == ["Id", "Label", "type"]
    assert list(edges[0])[:3] == ["Source", "Target", "Type"] and {"Label", "Weight", "relation"} <= set(edges[0])
    assert len(nodes) == projection.number_of_nodes() and len(edges) == projection.number_of_edges()
    assert {e["Source"] for e in edges} | {e["Target"] for e in edges} <= {n["Id"] for n in nodes}
    assert not (tmp_path / "g.csv").exists()
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "g.nodes.csv").stat().st_mode & 0o777 == 0o666 & ~umask


@needs_vis
def test_html_is_self_contained(store, tmp_path):
    out = tmp_path / "g.html"
    export(store, "html", out)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert "青山市人大常委会" in page and 'id="search"' in page and 'id="types"' in page and 'id="year"' in page
    assert "vis-network" in page  # the drawing library, inlined
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert {t["type"] for t in data["types"]} == {"body", "person", "law", "project", "place", "meeting", "report"}
    assert {"mentioned_in", "holds_post", "enacted"} <= {r["relation"] for r in data["relations"]}
    assert {n["year"] for n in data["nodes"] if n["type"] == "report"} == {2024}


@pytest.mark.parametrize("fmt", VIEWER_FORMATS)
def test_viewer_export_is_byte_identical(store, tmp_path, fmt):
    a, b = export(store, fmt, tmp_path / f"a.{fmt}"), export(store, fmt, tmp_path / f"b.{fmt}")
    for fa, fb in zip(a.files, b.files, strict=True):
        assert Path(fa).read_bytes() == Path(fb).read_bytes()


def test_selection_applies_to_every_viewer_format(store, tmp_path):
    sel = Selection(entity="张建国", hops=1)  # 张建国, 青山市政府, and the two reports naming them
    for fmt in VIEWER_FORMATS:
        stats = export(store, fmt, tmp_path / f"z.{fmt}", sel)
        assert (stats.nodes, stats.edges) == (4, 7), fmt


def test_isolated_nodes_are_off_by_default(store, tmp_path):
    sel = Selection(types=frozenset({"project"}))  # projects alone: no edge between them
    assert export(store, "graphml", tmp_path / "a.graphml", sel).nodes == 0
    assert export(store, "graphml", tmp_path / "b.graphml", sel, isolated=True).nodes == 2
    assert export(store, "graphml", tmp_path / "c.graphml", Selection(entity="张建国", hops=0)).nodes == 1  # the seed


# --------------------------------------------------------------------------- errors, CLI helper


def test_unknown_format_lists_the_known_ones(store, tmp_path):
    with pytest.raises(ExportError) as err:
        export(store, "pdf", tmp_path / "x.pdf")
    assert isinstance(err.value, UsageError) and err.value.exit_code == 2
    assert all(f in str(err.value) for f in FORMATS)
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_entity_and_report_are_usage_errors(store, tmp_path):
    for sel in (
        Selection(entity="不存在的机构"),
        Selection(report="no-such-report"),
        Selection(entity="李明远", types=frozenset({"body"})),
    ):
        with pytest.raises(LianghuiError) as err:
            export(store, "graphml", tmp_path / "x.graphml", sel)
        assert err.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_no_partial_file(store, tmp_path, monkeypatch):
    out = tmp_path / "g.graphml"
    out.write_text("old content")

    def boom(g):
        raise RuntimeError("disk full")

    monkeypatch.setitem(FORMATS, "graphml", FORMATS["graphml"].__class__("graphml", "graph", boom, ""))
    with pytest.raises(RuntimeError):
        export(store, "graphml", out)
    assert out.read_text() == "old content" and [p.name for p in tmp_path.iterdir()] == ["g.graphml"]


def test_export_command_prints_a_summary(store, tmp_path, capsys):
    stats = export_command(
        "graphml", tmp_path / "c.graphml", store=store.location, entity="青山市人大常委会", hops=1, types="body,law"
    )
    assert isinstance(stats, ExportStats) and stats.nodes == 7  # with 青山市政府, which names a law
    assert (
        capsys.readouterr().err.strip()
        == f"exported 7 nodes, {stats.edges} edges as graphml to {tmp_path / 'c.graphml'}"
    )
    with pytest.raises(UsageError):
        export_command("graphml", tmp_path / "d.graphml", store=store.location, types="body,ministry")


# --------------------------------------------------------------------------- headless Chromium


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@needs_vis
def test_html_renders_in_headless_chromium(store, tmp_path):
    """Screenshot the page; LIANGHUI_UPDATE_DOCS=1 also saves it as docs/graph.png."""
    browser = chromium()
    if browser is None:
        pytest.skip("chromium missing: apt-get install chromium fonts-wqy-microhei")
    page = tmp_path / "graph.html"
    export(store, "html", page, Selection(types=frozenset(NODE_TYPES) - {"report"}))
    png = tmp_path / "graph.png"
    with tempfile.TemporaryDirectory() as profile:
        res = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                f"--user-data-dir={profile}",
                f"--screenshot={png}",
                "--window-size=1400,900",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert png.exists(), f"chromium wrote no screenshot: {res.stderr[-500:]}"
    assert "Uncaught" not in res.stderr, res.stderr  # a script error in the page
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1400 and int.from_bytes(data[20:24], "big") == 900
    assert len(data) > 30_000  # a blank page compresses to a few kB; a drawn graph does not
    if os.environ.get("LIANGHUI_UPDATE_DOCS") == "1":
        shutil.copyfile(png, ROOT / "docs" / "graph.png")


# --------------------------------------------------------------------------- CLI


def test_cli_export_writes_the_file_and_a_summary(store, tmp_path):
    from typer.testing import CliRunner

    from etl.cli import app

    out = tmp_path / "cli.gexf"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--format",
            "gexf",
            "-o",
            str(out),
            "--store",
            store.location,
            "--entity",
            "李明远",
            "--hops",
            "2",
            "--types",
            "body,person",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.startswith("exported ") and str(out) in result.stderr
    assert nx.read_gexf(out).number_of_nodes() == 5  # 李明远, 王秀兰, 常委会, 法工委, 市人大

    result = CliRunner().invoke(
        app, ["export", "--format", "pdf", "-o", str(tmp_path / "x"), "--store", store.location]
    )
    assert result.exit_code == 2 and "graphml" in result.stderr and not (tmp_path / "x").exists()
    result = CliRunner().invoke(
        app, ["export", "-f", "ttl", "-o", str(tmp_path / "y"), "--store", store.location, "--report", "nope"]
    )
    assert result.exit_code == 2 and "qingshan_renda_2023" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq"])
def test_whole_store_through_dump_equals_the_quad_writers(store, fmt):
    """The fast path for a whole store (the store's own dump, lines sorted) writes the very
    bytes the general writers write from the quads."""
    from etl.export.rdf_writers import RDF_WRITERS, write_everything

    fast = write_everything(store, fmt)
    slow = RDF_WRITERS[fmt][0](store.quads())
    assert fast == slow and fast[1] > 0


# --------------------------------------------------------------------------- template pairs, Excel


def test_query_pairs_export_as_weighted_edges(store, tmp_path):
    """co_mentions rows are pairs: an edge per pair, weighted by the sentences naming both."""
    g = to_networkx(store, Selection(query="co_mentions"))
    assert g.number_of_edges() >= 1
    a, b, d = next(iter(g.edges(data=True)))
    assert d["relation"] == "co_mentions" and d["weight"] >= 1 and g.nodes[a]["type"] in NODE_TYPES
    stats = export(store, "graphml", tmp_path / "pairs.graphml", Selection(query="co_mentions"))
    back = nx.read_graphml(tmp_path / "pairs.graphml", force_multigraph=True)
    assert (back.number_of_edges(), stats.edges) == (g.number_of_edges(), g.number_of_edges())
    assert sorted(d["weight"] for *_, d in back.edges(data=True)) == sorted(d["weight"] for *_, d in g.edges(data=True))


def test_compare_rows_export_as_body_to_activity_type_edges(store):
    sel = Selection(query="compare_bodies", params={"body_a": "青山市人大常委会", "body_b": "青山市政府"})
    g = to_networkx(store, sel)
    body = iri("body", "青山市人大常委会")
    kinds = {g.nodes[t]["label"]: d["weight"] for _, t, d in g.out_edges(body, data=True)}
    assert kinds and all(w >= 1 for w in kinds.values())
    assert {g.nodes[t]["type"] for _, t in g.out_edges(body)} == {"kind"}


def test_excel_csv_starts_with_a_bom(store, tmp_path):
    export(store, "csv", tmp_path / "x.csv", excel=True)
    for part in ("nodes", "edges"):
        data = (tmp_path / f"x.{part}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    export(store, "csv", tmp_path / "y.csv")
    assert not (tmp_path / "y.nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UsageError):
        export_command("graphml", tmp_path / "z.graphml", store=store.location, excel=True)


def test_jsonld_has_a_context_and_compact_terms(store, tmp_path):
    export(store, "jsonld", tmp_path / "g.jsonld")
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["rdfs"] == PREFIXES["rdfs"]
    assert "rdfs:label" in (tmp_path / "g.jsonld").read_text(encoding="utf-8")


def test_cli_isolated_and_excel_flags(store, tmp_path):
    from typer.testing import CliRunner

    from etl.cli import app

    base = ["export", "--store", store.location, "--types", "project"]
    run = CliRunner().invoke
    assert run(app, [*base, "-f", "graphml", "-o", str(tmp_path / "a.graphml")]).exit_code == 0
    assert nx.read_graphml(tmp_path / "a.graphml").number_of_nodes() == 0
    assert run(app, [*base, "-f", "graphml", "-o", str(tmp_path / "b.graphml"), "--isolated"]).exit_code == 0
    assert nx.read_graphml(tmp_path / "b.graphml").number_of_nodes() == 2
    result = run(app, ["export", "--store", store.location, "-f", "csv", "-o", str(tmp_path / "c.csv"), "--excel"])
    assert result.exit_code == 0 and (tmp_path / "c.nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(app, ["export", "--store", store.location, "-f", "ttl", "-o", str(tmp_path / "d.ttl"), "--excel"]).exit_code == 2
