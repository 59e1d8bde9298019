"""Build, incremental cache, atomic publish and extract, on the bundled sample reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from etl import rdf
from etl.errors import InputError
from etl.annotation import Annotation
from etl.pipeline import Cache, build, extract_report, extract_to_files, store_stats
from conftest import append_paragraph, example_corpus, sorted_nquads
from etl.store import MemoryStore, OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "store")
    report = build([EXAMPLES], store, workers=1)
    return store, report


def test_build_examples_publishes_one_graph_per_report(built):
    store, report = built
    assert report.failed == [] and report.built == 3
    graphs = store.graph_iris()
    reports = {g for g in graphs if "/report/" in g}
    assert len(reports) == 3
    assert report.triples == store_stats(store)["triples"] > 1000
    for kind in ("body", "person", "law", "place", "meeting", "activity"):
        assert report.entities.get(kind, 0) > 0, kind


def test_every_report_graph_holds_its_report_node(built):
    store, _ = built
    res = store.query(
        "SELECT ?g ?t WHERE { GRAPH ?g { ?g a <https://w3id.org/lianghui/ontology#Report> ; "
        "<http://purl.org/dc/terms/title> ?t } }"
    )
    assert len(res.rows) == 3
    assert all(t.value for _, t in res.rows)


def test_rebuild_skips_unchanged_reports_and_is_identical(built, tmp_path):
    store, _ = built
    before = sorted_nquads(store)
    again = build([EXAMPLES], store, workers=1)
    assert again.built == 0 and again.skipped == 3
    assert sorted_nquads(store) == before


def test_changed_report_is_rebuilt_alone_and_removed_report_disappears(tmp_path):
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    build([corpus], store, workers=1)
    first = store.graph_iris()
    target = corpus / "renda_2023.txt"
    append_paragraph(target, "本报告新增一段说明。")
    second = build([corpus], store, workers=1)
    assert (second.built, second.skipped) == (1, 2)
    assert len(store.graph_iris() - first) == 1  # the changed report has a new graph IRI
    (corpus / "zhengxie_2023.txt").unlink()
    third = build([corpus], store, workers=1)
    assert third.removed == 1
    labels = {r[0].value for r in store.query("SELECT ?l WHERE { ?b a <http://www.w3.org/ns/org#Organization> ; "
                                              "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").rows}
    assert not any("松阳县政协" == label for label in labels)


def test_build_is_deterministic_across_workers_and_order(tmp_path):
    a = OxigraphStore(tmp_path / "a")
    b = OxigraphStore(tmp_path / "b")
    files = sorted(EXAMPLES.glob("*.txt"))
    build(files, a, workers=1)
    build(list(reversed(files)), b, workers=2)
    assert sorted_nquads(a) == sorted_nquads(b)


def test_failed_report_is_listed_and_others_build(tmp_path):
    corpus = example_corpus(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    store = OxigraphStore(tmp_path / "store")
    report = build([corpus], store, workers=1)
    assert report.built == 3
    assert len(report.failed) == 1 and "empty.txt" in report.failed[0] and "empty" in report.failed[0]


def test_failed_validation_keeps_previous_graph(tmp_path, monkeypatch):
    from etl import errors, pipeline

    store = OxigraphStore(tmp_path / "store")
    build([EXAMPLES / "renda_2023.txt"], store, workers=1)
    before = sorted_nquads(store)

    def refuse(db, names, changes=None):  # not one report's fault (as a broken resolution graph): nothing is published
        raise errors.ValidationError("1 SHACL violation(s), graph not published")

    monkeypatch.setattr("etl.validate.check_graphs", refuse)
    with pytest.raises(errors.ValidationError):
        pipeline.build([EXAMPLES], store, workers=1)
    assert sorted_nquads(store) == before


def test_memory_store_holds_the_same_quads(built):
    store, _ = built
    mem = MemoryStore()
    graphs: dict[str, list[str]] = {}
    for q in store.quads():
        graphs.setdefault(q.graph_name.value, []).append(f"{q} .\n")
    mem.publish({g: "".join(v) for g, v in graphs.items()})
    assert sorted_nquads(mem) == sorted_nquads(store)


def test_extract_writes_gold_schema(tmp_path):
    written, errors = extract_to_files([EXAMPLES], tmp_path, "json")
    assert errors == [] and len(written) == 3
    for path in written:
        data = json.loads(path.read_text(encoding="utf-8"))
        ann = Annotation.model_validate(data)
        assert ann.document == path.stem
        assert ann.metadata.title and ann.bodies and ann.activities


def test_extract_report_evidence_quotes_source():
    ex = extract_report(EXAMPLES / "renda_2023.txt")
    source = (EXAMPLES / "renda_2023.txt").read_text(encoding="utf-8")
    evs = [e for b in ex.bodies for e in b.evidence] + [e for a in ex.activities for e in a.evidence]
    assert evs
    for e in evs:
        assert source[e.start : e.end] == e.quote


def test_iris_are_content_keyed():
    assert rdf.entity_iri("body", "某市人大常委会") == rdf.entity_iri("body", " 某市人大常委会 ")
    assert rdf.entity_iri("body", "甲市人大常委会") != rdf.entity_iri("body", "乙市人大常委会")


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        build([tmp_path / "nope"], OxigraphStore(tmp_path / "s"))


def test_cache_drops_files_half_written_by_a_dead_build(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stray = tmp_path / f".abc-1-x.nq.{dead.stdout.strip()}.0123abcd.tmp"
    mine = tmp_path / f".abc-1-x.json.{os.getpid()}.0123abcd.tmp"  # a live writer's file stays
    stray.write_text("half", encoding="utf-8")
    mine.write_text("half", encoding="utf-8")
    Cache(tmp_path, "v")
    assert not stray.exists() and mine.exists()


def test_a_build_where_every_report_fails_publishes_nothing(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 50)
    store = OxigraphStore(tmp_path / "store")
    report = build([bad], store, workers=2)
    assert report.built == 0 and len(report.failed) == 1 and "binary.txt" in report.failed[0]
    assert not store.exists() and report.triples == 0
    assert not list((tmp_path / "store").glob("gen-*"))
