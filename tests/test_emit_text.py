"""What the worker reads off a report graph's N-Quads text without parsing it: its triples
as N-Triples (the union default graph's share) and the entities it names."""

from __future__ import annotations

import pyoxigraph as ox

from etl import identity, rdf
from etl.loading import union_bytes


def test_the_triples_of_the_text_are_those_of_the_parsed_graph(sample_extractions):
    for ex in sample_extractions:
        nquads = identity.emit(ex)
        quads = list(ox.parse(nquads, ox.RdfFormat.N_QUADS))
        triples = rdf.graph_triples(nquads, ex.sha256)
        assert triples == union_bytes(quads)
        parsed = list(ox.parse(triples, ox.RdfFormat.N_TRIPLES))
        assert [q.triple for q in parsed] == [q.triple for q in quads]


def test_the_entities_of_the_text_are_those_of_the_parsed_graph(sample_extractions):
    for ex in sample_extractions:
        nquads = identity.emit(ex)
        iris = identity.entity_iris(nquads)
        assert iris == identity.entity_iris(ox.parse(nquads, ox.RdfFormat.N_QUADS))
        assert any("/person/" in i for i in iris) and any("/body/" in i for i in iris)


def test_an_entity_as_object_alone_is_found():
    graph = "<http://example.org/g>"
    body = f"{rdf.ID}body/abc"
    text = f'<http://example.org/x> <{rdf.LH}issuingBody> <{body}> {graph} .\n' \
           f'<http://example.org/x> <{rdf.RDFS}label> "<{rdf.ID}law/not-a-term>" {graph} .\n'
    assert identity.entity_iris(text) == [body] == identity.entity_iris(ox.parse(text, ox.RdfFormat.N_QUADS))
