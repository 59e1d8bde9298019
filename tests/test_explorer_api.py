"""The Python API a notebook meets: template results are iterable rows; labels carry @zh."""

from __future__ import annotations

import pickle

import pyoxigraph as ox

from etl import rdf
from etl.queries import run_template
from etl.store import QueryResult, Row


def test_run_template_result_iterates_rows_and_has_a_length(sample_store):
    result = run_template(sample_store, "bodies_by_kind", {})
    rows = list(result)
    assert len(result) == len(rows) == len(result.rows) > 0
    first = rows[0]
    assert isinstance(first, Row) and isinstance(first, tuple)
    for column in result.columns:
        assert first[column] == first[result.columns.index(column)]
    assert first.asdict() == dict(zip(result.columns, result.rows[0]))
    assert first.get("no such column", "default") == "default"


def test_row_reads_by_index_slice_and_name_and_pickles():
    result = QueryResult(columns=("a", "b"), rows=((ox.Literal("甲"), None),))
    (row,) = result
    assert row[0] == row["a"] == ox.Literal("甲")
    assert row["b"] is None and row[:1] == (ox.Literal("甲"),)
    again = pickle.loads(pickle.dumps(row))
    assert again == row and again["a"] == row["a"]


def test_construct_result_iterates_triples_and_ask_has_no_rows():
    t = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"))
    assert list(QueryResult(triples=(t,))) == [t]
    assert len(QueryResult(triples=(t,))) == 1
    ask = QueryResult(boolean=True)
    assert len(ask) == 0 and ask.boolean


def test_labels_and_aliases_are_tagged_zh(sample_store):
    result = sample_store.query(
        "SELECT ?l WHERE { { ?e <%slabel> ?l } UNION { ?e <%saltLabel> ?l } }" % (rdf.RDFS, rdf.SKOS)
    )
    labels = [row["l"] for row in result]
    assert labels and all(isinstance(x, ox.Literal) and x.language == "zh" for x in labels)


def test_templates_find_entities_by_plain_string_labels(sample_store):
    found = run_template(sample_store, "label_search", {"text": "临河"})
    assert len(found) > 0
    posts = run_template(sample_store, "people_of_body", {"body": "青州市临河区人大常委会"})
    assert len(posts) > 0
