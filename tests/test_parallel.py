"""Parallel, distributed and incremental builds give the same graph as a plain one; the
benchmark runner runs. Timings are never asserted here (bench/run.py measures them)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import pipeline, rdf
from etl.cache import identity_view
from etl.errors import UsageError
from etl.pipeline import build
from conftest import append_paragraph, example_corpus, sorted_nquads
from etl.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("one") / "store")
    report = build([EXAMPLES], store, workers=1, validate=False)
    assert report.failed == [] and report.built == 3
    return sorted_nquads(store)


def test_two_workers_give_the_same_graph_as_one(one_worker, tmp_path):
    store = OxigraphStore(tmp_path / "store")
    report = build([EXAMPLES], store, workers=2, validate=False)
    assert report.failed == [] and report.built == 3
    assert sorted_nquads(store) == one_worker


def test_dask_local_cluster_gives_the_same_graph(one_worker, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install '.[dask]')")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        store = OxigraphStore(tmp_path / "store")
        report = build([EXAMPLES], store, validate=False, executor="dask", scheduler=cluster.scheduler_address)
    assert report.failed == [] and report.built == 3
    assert sorted_nquads(store) == one_worker


def test_unknown_executor_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="executor"):
        build([EXAMPLES], OxigraphStore(tmp_path / "s"), executor="spark")


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the crash is injected through fork")
def test_a_worker_that_dies_is_reported_with_its_file(tmp_path, monkeypatch):
    real = pipeline.extract_report

    def crash_on_renda(path, lex=None):
        if "renda" in str(path):
            os._exit(3)  # what a segfault or an out-of-memory kill looks like to the pool
        return real(path, lex)

    monkeypatch.setattr(pipeline, "extract_report", crash_on_renda)
    report = build([EXAMPLES], OxigraphStore(tmp_path / "store"), workers=2, validate=False)
    assert report.built == 2
    assert len(report.failed) == 1 and "renda_2023.txt" in report.failed[0] and "died" in report.failed[0]


def test_incremental_publish_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setattr("etl.publisher.DELTA_LIMIT", 1.0)  # 3 reports: 2 of 4 graphs change, a delta all the same
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    build([corpus], store, workers=1, validate=False)
    keys = store.graph_keys()
    generation = store.current_generation()

    again = build([corpus], store, workers=1, validate=False)
    assert again.built == 0 and store.current_generation() == generation  # nothing published

    target = corpus / "fayuan_2023.txt"
    append_paragraph(target, "全年共召开审判委员会会议5次。")
    changed = build([corpus], store, workers=1, validate=False)
    assert (changed.built, changed.skipped) == (1, 2)
    after = store.graph_keys()
    kept = {g for g in keys if after.get(g) == keys[g]}
    assert len(kept) >= 2  # the unchanged reports' graphs were carried over, not reloaded

    assert store.last_delta is not None  # published as a delta of the previous generation
    stats = pipeline.store_stats(store)  # the counts kept from the delta equal a full scan
    assert (changed.triples, changed.entities) == (stats["triples"], stats["entities"])

    (corpus / "renda_2023.txt").unlink()
    removed = build([corpus], store, workers=1, validate=False)
    assert removed.removed == 1 and removed.triples == pipeline.store_stats(store)["triples"]

    fresh = OxigraphStore(tmp_path / "fresh")
    build([corpus], fresh, workers=1, validate=False)
    assert sorted_nquads(store) == sorted_nquads(fresh)
    assert store.graph_iris() == fresh.graph_iris()
    assert fresh.graph_keys() == store.graph_keys()
    for st in (store, fresh):  # the default graph is the union of the report graphs, each triple once
        union = {(q.subject, q.predicate, q.object) for q in st.quads()}
        default = {(q.subject, q.predicate, q.object) for q in st.db().quads_for_pattern(None, None, None, ox.DefaultGraph())}
        assert default == union and st.counts() == (len(union), len(list(st.quads())))


def test_validation_is_cached_per_graph(tmp_path, monkeypatch):
    from etl import validate

    seen: list[set[str]] = []
    real = validate.check_graphs

    def recording(db, names, changes=None):
        seen.append(set(names))
        return real(db, names, changes)

    monkeypatch.setattr(validate, "check_graphs", recording)
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    build([corpus], store, workers=1)
    before = store.graph_keys()
    target = corpus / "zhengxie_2023.txt"
    append_paragraph(target, "本届共提交提案10件。")
    build([corpus], store, workers=1)
    assert len(seen) == 2  # every publish validates …
    after = store.graph_keys()
    changed = {g for g in after if before.get(g) != after[g]}
    # … but only graphs no earlier check covered: never the unchanged reports
    assert seen[1] <= changed | {pipeline.RESOLUTION_GRAPH}
    assert rdf.report_iri(pipeline._file_sha(target)).value in changed


def test_emitted_literals_match_pyoxigraph():
    for c in [*range(0x20), 0x22, 0x5C, 0x7F, 0x85, 0x2028, 0x3000, 0x1F600]:
        text = f"a{chr(c)}《法》"
        assert rdf._quoted(text) == str(ox.Literal(text))
        assert rdf._lit(text, rdf.XSD + "date") == str(ox.Literal(text, datatype=ox.NamedNode(rdf.XSD + "date")))
    for value in (True, False, 0, -3, 12000):
        assert rdf._lit(value) == str(rdf.lit(value))


def test_bench_runner_quick_writes_results(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--corpus", str(EXAMPLES), "--triples", "3000",
         "--out", str(out), "--formats", "ttl,graphml", "--templates", "reports,evidence", "--reps", "2",
         "--rdflib-timeout", "120", "--rdflib-query-timeout", "5", "--sizes", "20000"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert {"meta", "stages", "builds", "scale", "store_load", "memory", "targets"} <= set(data)
    assert set(data["stages"]["stages"]) >= {"ingest", "clean", "segment", "recognize", "resolve", "relate", "emit"}
    builds = data["builds"]
    assert builds["identical_output"] and builds["one_changed"]["built"] == 1
    assert {"speedup", "incremental_share", "full_1_worker"} <= set(builds)
    assert data["scale"]["copies"] >= 2 and data["scale"]["triples"] > builds["full_1_worker"]["triples"]
    assert data["memory"]["peak_mb"] > 0
    assert {"extract", "serialise", "worker_validate", "identity", "load"} <= set(builds["full_1_worker"]["profile"])
    if "oxigraph" in data.get("queries", {}):
        curve = data["curve"]  # the scale-up, then the larger point
        assert len(curve) == 2 and curve[1]["triples"] > curve[0]["triples"] and curve[1]["peak_rss_mb"] > 0
        assert set(curve[1]["first_page"]) == {"reports", "evidence"} and curve[1]["store_mb"] > 0
        assert all(set(d) >= {"p50_ms", "p95_ms"} for d in data["queries"]["oxigraph"].values())
        assert "rdflib_ratio" in data["queries"]
    if "ttl" in data.get("exports", {}):
        assert data["exports"]["ttl"]["seconds"] is not None
    assert list(out.glob("*-quick.json"))


def test_cli_build_takes_workers_and_executor(tmp_path):
    from typer.testing import CliRunner

    from etl.cli import app

    runner = CliRunner()
    store = str(tmp_path / "store")
    ok = runner.invoke(app, ["build", str(EXAMPLES), "--store", store, "--workers", "2", "--executor", "local",
                             "--no-validate"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["build", str(EXAMPLES), "--store", store, "--executor", "spark"])
    assert bad.exit_code == 2 and "executor" in bad.output


def test_a_graph_is_validated_alone_with_the_types_it_points_to(tmp_path):
    from etl.errors import ValidationError
    from etl.store import GraphSource
    from etl.validate import validate_graphs

    shapes = tmp_path / "shapes.ttl"  # a cross-graph sh:class, and a shape the context must not meet
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix lh: <{rdf.LH}> .
lh:S1 a sh:NodeShape ; sh:targetClass lh:IdentityDecision ;
    sh:property [ sh:path lh:report ; sh:class lh:Report ; sh:message "names a report" ] .
lh:S2 a sh:NodeShape ; sh:targetClass lh:Report ;
    sh:property [ sh:path lh:never ; sh:minCount 1 ; sh:message "never there" ] .
""", encoding="utf-8")

    def check(db, names):
        assert names == [g]  # the checked report graph is not validated again
        violations = validate_graphs(db, names, shapes)
        if violations:
            raise ValidationError("; ".join(str(v) for vs in violations.values() for v in vs))

    report = rdf.report_iri("ab" * 32).value
    report_graph = f"<{report}> <{rdf.RDF}type> <{rdf.LH}Report> <{report}> .\n"
    g = pipeline.RESOLUTION_GRAPH

    def decision(target: str) -> str:
        return f"<{rdf.ID}merge/1> <{rdf.LH}report> <{target}> <{g}> .\n" + \
            f"<{rdf.ID}merge/1> <{rdf.RDF}type> <{rdf.LH}IdentityDecision> <{g}> .\n"

    store = OxigraphStore(tmp_path / "store")
    checked = GraphSource("r1", lambda: report_graph, checked=True)  # not validated again
    store.publish({report: checked, g: decision(report)}, validate=check)  # the report's type comes along
    with pytest.raises(ValidationError, match="names a report"):
        store.publish({report: checked, g: decision(rdf.ID + "body/1")}, validate=check)


def test_identity_reads_nothing_the_identity_view_drops():
    """Publishing resolves identity on a slim view of each extraction (cache.IDENTITY_DROPS
    and evidence removed): it must give the same merges as the whole extraction."""
    from etl import identity
    from etl.models import ReportExtraction

    files = sorted(EXAMPLES.glob("*.txt"))
    bench = ROOT.parent / "shared" / "corpus" / "bench" / "provincial-2026"
    files += sorted(bench.glob("*.txt"))[:6] if bench.is_dir() else []
    whole = [pipeline.extract_report(f) for f in files]
    views = [ReportExtraction.model_validate_json(identity_view(ex.model_dump_json())) for ex in whole]
    a, b = identity.resolve_corpus(whole), identity.resolve_corpus(views)
    assert a == b
    assert identity.resolution_graph(whole, a) == identity.resolution_graph(views, b)


def _generations(store: OxigraphStore) -> list[str]:
    return sorted(p.name for p in store.root.glob("gen-*") if p.is_dir())


def test_streamed_load_over_a_previous_generation_equals_a_fresh_build(tmp_path, monkeypatch):
    """With new rules every report is extracted again: the store is loaded while the workers
    extract (a Preload), validated, and must hold what a plain one-worker build gives."""
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    build([corpus], store, workers=1)
    first = store.current_generation()

    started = []
    real = OxigraphStore.preload
    monkeypatch.setattr(OxigraphStore, "preload", lambda self: started.append(1) or real(self))
    monkeypatch.setattr(pipeline, "rule_version", lambda lex: "changed-rules")
    (corpus / "renda_2023.txt").unlink()
    report = build([corpus], store, workers=2)
    assert started and (report.built, report.removed, report.failed) == (2, 1, [])
    assert store.current_generation() != first and len(_generations(store)) <= 2

    fresh = OxigraphStore(tmp_path / "fresh")
    build([corpus], fresh, workers=1)
    assert sorted_nquads(store) == sorted_nquads(fresh)
    assert store.graph_keys() == fresh.graph_keys()
    assert (report.triples, report.entities) == (lambda s: (s["triples"], s["entities"]))(pipeline.store_stats(store))


def test_a_failed_streamed_load_keeps_the_previous_graph(tmp_path, monkeypatch):
    from etl.errors import StoreError
    from etl.store import Preload

    store = OxigraphStore(tmp_path / "store")
    build([EXAMPLES], store, workers=1, validate=False)
    before, generation = sorted_nquads(store), store.current_generation()

    real = Preload.add
    monkeypatch.setattr(Preload, "add", lambda self, g, key, text, union=None: real(self, g, key, text + "<broken\n", union))
    monkeypatch.setattr(pipeline, "rule_version", lambda lex: "changed-rules")
    with pytest.raises(StoreError, match="cannot load the graphs"):
        build([EXAMPLES], store, workers=2, validate=False)
    assert store.current_generation() == generation and sorted_nquads(store) == before
    assert _generations(store) == [generation]


def test_an_interrupted_streamed_build_leaves_no_generation_behind(tmp_path):
    store = OxigraphStore(tmp_path / "store")

    def interrupt(path, i, n):
        if i == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([EXAMPLES], store, workers=2, validate=False, progress=interrupt)
    assert not store.exists() and _generations(store) == []
    report = build([EXAMPLES], store, workers=2, validate=False)  # and the next build is whole
    assert report.failed == [] and store.exists() and _generations(store) == [store.current_generation()]


def test_replacing_the_quads_of_a_loaded_graph():
    """A graph loaded with its union copy, changed by the difference of its quads, equals the
    new content loaded the same way: named quads and default graph (blank nodes aside, which
    are renamed)."""
    from etl.loading import DEFAULT_GRAPH, replace_graph, with_union

    g = "http://example.org/g"
    was = f'<http://x/a> <http://x/p> "1" <{g}> .\n<http://x/a> <http://x/q> _:b1 <{g}> .\n'.encode()
    now = f'<http://x/a> <http://x/p> "2" <{g}> .\n<http://x/a> <http://x/q> _:b1 <{g}> .\n'.encode()

    def shape(db):
        return sorted((q.graph_name == DEFAULT_GRAPH, str(q.predicate), str(q.object))
                      for q in db if not isinstance(q.object, ox.BlankNode)), len(db)

    for before, after in ((was, now), (now.replace(b"_:b1", b"<http://x/c>"), was), (was, b"")):
        db, expected = ox.Store(), ox.Store()
        db.load(with_union(before), ox.RdfFormat.N_QUADS)
        replace_graph(db, g, after)
        if after:
            expected.load(with_union(after), ox.RdfFormat.N_QUADS)
        assert shape(db) == shape(expected)


LEAK_CHILD = """
import resource, sys
from etl import workers
def work(job):
    return workers.Extracted(job[0], json="x" * 1_000_000)
if __name__ == "__main__":
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n = sum(1 for _ in workers.run_jobs(work, [(str(i),) for i in range(200)], 2))
    print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_the_pool_keeps_no_finished_result(tmp_path):
    """The build's memory does not grow with the corpus: a result is dropped once handed on
    (kept futures held 1 MB a report: 4 GB at 10 million triples)."""
    script = tmp_path / "leak.py"
    script.write_text(LEAK_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    results, grown_mb = map(int, done.stdout.split())
    assert results == 200 and grown_mb < 100
