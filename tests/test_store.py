"""The store's parts: the one atomic-write helper, the Publisher interface every store
implements, changing a loaded graph by a difference of quads, the build's profile and the
remembered rule version."""

from __future__ import annotations

import inspect
import os

import pyoxigraph as ox
import pytest

from etl import cache, files, pipeline
from etl.lexicon import default_lexicon
from etl.loading import DEFAULT_GRAPH, change_graph, change_graphs, with_union
from etl.publisher import Store
from etl.store import MemoryStore, OxigraphStore, RemoteStore

G = "http://example.org/g"


def test_write_atomically_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "a.json"
    files.atomic_write(target, "一")
    files.write_atomically({target: b"two", tmp_path / "b.txt": "three"}, durable=True)
    assert target.read_bytes() == b"two" and (tmp_path / "b.txt").read_text(encoding="utf-8") == "three"
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []
    tmp = files.temporary_name(target)
    assert files.writer_pid(tmp) == os.getpid() and files.writer_pid(target) is None


@pytest.mark.parametrize("store_class", [OxigraphStore, MemoryStore, RemoteStore])
def test_every_store_publishes_through_the_same_interface(store_class):
    wanted = inspect.signature(Store.publish).parameters
    have = inspect.signature(store_class.publish).parameters
    assert list(have) == list(wanted)
    for name in ("cache_dir", "claim", "build_lock", "current_generation", "graph_keys", "preload", "counts", "query"):
        assert hasattr(store_class, name), name


def test_a_publish_says_where_its_time_went(tmp_path):
    timing: dict[str, float] = {}
    store = OxigraphStore(tmp_path / "s")
    store.publish({G: f'<http://x/a> <http://x/p> "1" <{G}> .\n'}, timing=timing)
    assert {"load", "optimize", "switch"} <= set(timing) and all(v >= 0 for v in timing.values())
    assert len(store) == 1 and store.counts() == (1, 1)


def test_changing_a_loaded_graph_by_its_difference():
    """A graph loaded with its union copy, changed from the quads it was loaded with to new
    ones, equals the new quads loaded the same way; a triple another graph holds stays in the union."""
    other = "http://example.org/other"
    was = {ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal(v), ox.NamedNode(G)) for v in "12"}
    now = {ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal(v), ox.NamedNode(G)) for v in "23"}
    shared = ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1"), ox.NamedNode(other))
    db = ox.Store()
    db.load(with_union(ox.serialize([*was, shared], format=ox.RdfFormat.N_QUADS)), ox.RdfFormat.N_QUADS)
    change_graph(db, G, was, now)
    assert set(db.quads_for_pattern(None, None, None, ox.NamedNode(G))) == now
    union = {q.object.value for q in db.quads_for_pattern(None, None, None, DEFAULT_GRAPH)}
    assert union == {"1", "2", "3"}  # "1" stays: the other graph holds it
    change_graph(db, G, now - was, was - now)  # by the quads that differ only: back to ``was``
    assert set(db.quads_for_pattern(None, None, None, ox.NamedNode(G))) == was
    assert {q.object.value for q in db.quads_for_pattern(None, None, None, DEFAULT_GRAPH)} == {"1", "2"}


def test_a_build_profiles_its_steps(tmp_path):
    from conftest import example_corpus

    report = pipeline.build([example_corpus(tmp_path)], OxigraphStore(tmp_path / "s"), workers=1)
    assert {"start", "scan", "extract", "serialise", "worker_validate", "identity", "load", "switch"} <= set(report.profile)
    assert report.validate_seconds > 0 and "step" in report.profile_table()


def test_the_rule_version_is_remembered_under_a_stamp(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "VERSION_MEMO", tmp_path / "memo.json")
    lex = default_lexicon()
    first = pipeline.rule_version(lex)
    assert (tmp_path / "memo.json").exists()
    monkeypatch.setattr(pipeline, "extraction_modules", lambda: pytest.fail("walked the imports again"))
    assert pipeline.rule_version(lex) == first
    monkeypatch.setattr(pipeline, "code_stamp", lambda: "another stamp")
    with pytest.raises(pytest.fail.Exception):
        pipeline.rule_version(lex)


def test_changing_several_graphs_brings_the_union_in_step_once():
    """A triple both graphs lose leaves the union; one a graph loses and another gains stays."""
    a, b = "http://example.org/a", "http://example.org/b"

    def quad(v: str, g: str) -> ox.Quad:
        return ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal(v), ox.NamedNode(g))

    db = ox.Store()
    db.load(with_union(ox.serialize([quad("1", a), quad("1", b), quad("2", a)], format=ox.RdfFormat.N_QUADS)),
            ox.RdfFormat.N_QUADS)
    change_graphs(db, {a: ({quad("1", a), quad("2", a)}, set()), b: ({quad("1", b)}, {quad("2", b)})})
    assert set(db.quads_for_pattern(None, None, None, None)) == {quad("2", b), ox.Quad(*quad("2", b).triple, DEFAULT_GRAPH)}
