"""co_mentions reads the sentences each report graph names its entities in (``lh:mentions``):
the same pairs and counts as the join of evidence starts, and kept in step by incremental builds."""

from __future__ import annotations

from collections import defaultdict

import pytest

from conftest import append_paragraph, example_corpus
from etl import publisher, rdf
from etl.pipeline import build
from etl.queries import count_template, run_template
from etl.store import OxigraphStore

MENTIONS = rdf.LH + "mentions"


def sentence_names(store) -> set[tuple[str, str, str]]:
    """(graph, sentence, entity) from the lh:mentions quads of the report graphs."""
    return {(q.graph_name.value, q.subject.value, q.object.value) for q in store.quads()
            if q.predicate.value == MENTIONS}


def evidence_names(store) -> set[tuple[str, str, str]]:
    """(graph, sentence, entity) as the evidence says: a labelled subject derived from evidence
    starting there (what co_mentions joined on before the sentences were written)."""
    starts, labelled, derived = {}, set(), []
    for q in store.quads():
        p = q.predicate.value
        if p == rdf.LH + "start":
            starts[(q.graph_name.value, q.subject.value)] = q.object.value
        elif p == rdf.RDFS + "label":
            labelled.add(q.subject.value)
        elif p == rdf.PROV + "wasDerivedFrom":
            derived.append((q.graph_name.value, q.subject.value, q.object.value))
    return {(g, f"{rdf.ID}sentence/{g.rsplit('/', 1)[1]}-{starts[(g, ev)]}", s)
            for g, s, ev in derived if s in labelled}


def test_every_entity_is_named_in_the_sentences_of_its_evidence(example_store):
    named = sentence_names(example_store)
    assert named and named == evidence_names(example_store)


def answers(store) -> dict:
    """co_mentions whole and counted, for all pairs and for each entity that has a pair."""
    rows = run_template(store, "co_mentions", {}).rows
    out = {None: (rows, count_template(store, "co_mentions", {}))}
    for entity in sorted({r[1].value for r in rows} | {r[3].value for r in rows})[:8]:
        out[entity] = (run_template(store, "co_mentions", {"entity": entity}).rows,
                       count_template(store, "co_mentions", {"entity": entity}))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("delta_limit", [1.0, 0.0], ids=["delta", "reload"])
def test_a_changed_or_removed_report_changes_the_pairs_as_a_fresh_build_does(tmp_path, monkeypatch, delta_limit):
    monkeypatch.setattr(publisher, "DELTA_LIMIT", delta_limit)  # a delta of the published generation, or a new one
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    build([corpus], store, workers=1)
    before = answers(store)
    # the first sentences of the kept report, written again: every pair in them counts once more
    kept = corpus / "renda_2023.txt"
    append_paragraph(kept, "".join(kept.read_text(encoding="utf-8").splitlines()[4:8]))
    (corpus / "zhengxie_2023.txt").unlink()
    build([corpus], store, workers=1)
    assert (store.last_delta is not None) == (delta_limit == 1.0)
    fresh = OxigraphStore(tmp_path / "fresh")
    build([corpus], fresh, workers=1)
    after = answers(store)
    assert after == answers(fresh)
    assert after[None] != before[None]
    assert sentence_names(store) == sentence_names(fresh) == evidence_names(store)
    per_graph = defaultdict(int)
    for g, _, _ in sentence_names(store):
        per_graph[g] += 1
    assert len(per_graph) == 2  # the removed report's sentences left with its graph


def test_projects_in_place_finds_the_projects_named_in_a_sentence_with_the_place(example_store):
    """projects_in_place's 'same sentence' rows are the projects (with no location of their
    own) whose evidence starts a sentence the place's evidence starts too."""
    typed, located = defaultdict(set), set()
    for q in example_store.quads():
        if q.predicate.value == rdf.RDF + "type":
            typed[q.object.value].add(q.subject.value)
        elif q.predicate.value == rdf.LH + "place":
            located.add(q.subject.value)
    places, projects = typed[rdf.DCTERMS + "Location"], typed[rdf.LH + "Project"] - located
    named = defaultdict(set)  # sentence → entities
    for g, sentence, entity in evidence_names(example_store):
        named[g, sentence].add(entity)
    expected = defaultdict(set)
    for entities in named.values():
        for place in entities & places:
            expected[place] |= entities & projects
    assert any(expected.values())
    for place in sorted(places):
        rows = run_template(example_store, "projects_in_place", {"place": place}).rows
        found = {r[1].value for r in rows if r[5].value == "same sentence" and r[3].value == place}
        assert found == expected[place], place
