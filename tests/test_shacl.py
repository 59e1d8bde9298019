"""The compiled shapes (etl/shacl.py) give pyshacl's verdicts: the same focus nodes, paths and
messages, on real graphs and on graphs broken on purpose."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import identity, rdf, shacl
from etl import validate as V
from etl.pipeline import extract_report

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"


def _keys(violations):
    return sorted((v.focus, v.path or "", v.message, v.label or "") for v in violations)


def _by_pyshacl(monkeypatch, quads):
    with monkeypatch.context() as m:
        m.setattr(V, "_compiled_shapes", lambda path: None)
        return V.validate_quads(quads)


def _broken(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """Variants that break each kind of constraint: a value dropped, an ill-typed literal, an
    extra value, a wrong node kind, a language-tagged string."""
    out = []
    for step in (3, 7, 11):
        qs = list(quads)
        for i in range(0, len(qs), step * 17):
            q = qs[i]
            if step == 3:
                qs[i] = None
            elif step == 7 and isinstance(q.object, ox.Literal):
                qs[i] = ox.Quad(q.subject, q.predicate, ox.Literal("x1", datatype=ox.NamedNode(XSD + "integer")), q.graph_name)
            else:
                qs.append(ox.Quad(q.subject, q.predicate, ox.Literal("2023-02-30", datatype=ox.NamedNode(XSD + "date")),
                                  q.graph_name))
                qs.append(ox.Quad(q.subject, q.predicate, ox.NamedNode("http://example.org/x"), q.graph_name))
                qs.append(ox.Quad(q.subject, q.predicate, ox.Literal("文", language="zh"), q.graph_name))
        out.append([q for q in qs if q is not None])
    return out


def test_the_shapes_compile():
    rules = shacl.compile_shapes(ROOT / "schema" / "shapes.ttl")
    assert rules and any(r.any_of for r in rules)


@pytest.mark.parametrize("name", ["renda_2023.txt"])
def test_compiled_shapes_agree_with_pyshacl(monkeypatch, name):
    quads = list(ox.parse(identity.emit(extract_report(ROOT / "examples" / "reports" / name)).encode("utf-8"),
                          ox.RdfFormat.N_QUADS))
    context = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(V.VALIDATION_CONTEXT))
               for q in quads[:40] if q.predicate.value.endswith("#type")]
    variants = [quads, *_broken(quads), _broken(quads)[0] + context]
    assert any(V.validate_quads(v) for v in variants[1:])  # the breakage is seen
    for v in variants:
        assert _keys(V.validate_quads(v)) == _keys(_by_pyshacl(monkeypatch, v))


def test_a_feature_not_compiled_falls_back(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .\n", encoding="utf-8")
    assert shacl.compiled(shapes, shapes.stat().st_mtime_ns) is None


# --------------------------------------------------------------------------- merged graphs judged again

GRAPH = rdf.ID + "report/test"
MEETING_A, MEETING_B = rdf.ID + "meeting/a", rdf.ID + "meeting/b"


def _q(s, p, o) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o if not isinstance(o, str) else ox.NamedNode(o), ox.NamedNode(GRAPH))


def _meetings_graph() -> list[ox.Quad]:
    """A valid report graph with two meetings, each with its own start date."""
    report, ev = rdf.ID + "report/r", rdf.ID + "evidence/e"
    date = ox.NamedNode(XSD + "date")
    quads = [_q(report, rdf.RDF + "type", rdf.LH + "Report"), _q(report, rdf.DCTERMS + "title", ox.Literal("报告")),
             _q(report, rdf.LH + "sha256", ox.Literal("0" * 64)),
             _q(ev, rdf.RDF + "type", rdf.LH + "Evidence"), _q(ev, rdf.LH + "document", report),
             _q(ev, rdf.LH + "start", ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))),
             _q(ev, rdf.LH + "end", ox.Literal("2", datatype=ox.NamedNode(XSD + "integer"))),
             _q(ev, rdf.LH + "quote", ox.Literal("会议")), _q(ev, rdf.LH + "rule", ox.Literal("meeting.short"))]
    for iri, day in ((MEETING_A, "2023-01-05"), (MEETING_B, "2023-02-06")):
        quads += [_q(iri, rdf.RDF + "type", rdf.LH + "Meeting"), _q(iri, rdf.RDFS + "label", ox.Literal(iri[-1], language="zh")),
                  _q(iri, rdf.PROV + "wasDerivedFrom", ev), _q(iri, rdf.SCHEMA + "startDate", ox.Literal(day, datatype=date))]
    return quads


def _judged_again(raw: list[ox.Quad], mapping: identity.Mapping):
    """The merged graph judged again from its change only, and judged whole."""
    assert V.validate_quads(raw) == []  # it passed alone before the merge
    change = identity.merge_change(raw, mapping)
    assert change is not None
    db = ox.Store()
    db.extend((set(raw) - change[0]) | change[1])
    return V.validate_graph(db, GRAPH, change=change), V.validate_graph(db, GRAPH)


def test_a_merge_that_breaks_a_shape_is_caught_when_only_the_change_is_judged():
    """Two meetings of one graph merged: the kept one has two start dates (at most one)."""
    mapping = identity.Mapping(target={MEETING_A: MEETING_B}, labels={MEETING_B: "b"})
    again, whole = _judged_again(_meetings_graph(), mapping)
    assert again == whole
    assert [(v.focus, v.path) for v in again] == [(MEETING_B, "schema:startDate")]


def test_a_harmless_merge_judged_from_its_change_passes_as_the_whole_graph_does():
    other = rdf.ID + "meeting/elsewhere"
    again, whole = _judged_again(_meetings_graph(), identity.Mapping(target={MEETING_A: other}, labels={other: "c"}))
    assert again == whole == []


def test_the_nodes_judged_again_are_the_changed_ones_and_those_pointing_to_them():
    raw = _meetings_graph()
    pointing = _q(rdf.ID + "activity/x", rdf.LH + "meeting", MEETING_B)
    db = ox.Store()
    db.extend([*raw, pointing])
    change = ({raw[-1]}, set())  # the start date of meeting b taken away
    assert V.touched(db, GRAPH, *change) == {ox.NamedNode(MEETING_B), pointing.subject}


def test_the_compiled_shapes_read_only_a_focus_node_and_the_types_of_its_values():
    """What makes judging only the changed nodes sound: every compiled constraint is one of
    these, each read at the focus node (counts, datatypes, node kinds, patterns) or from the
    types of its values (sh:class); a new kind of constraint fails here first."""
    assert {f.name for f in dataclasses.fields(shacl.PropertyRule)} == {
        "path", "message", "min_count", "max_count", "datatype", "cls", "node_kind", "pattern"}
    rules = shacl.compile_shapes(ROOT / "schema" / "shapes.ttl")
    assert all(isinstance(p.path, str) for r in rules for p in (*r.properties, *r.any_of))  # one predicate each


def test_a_graph_judged_whole_reads_the_types_of_the_bodies_it_points_to_from_other_graphs():
    body, act, other = rdf.ID + "body/b", rdf.ID + "activity/a", ox.NamedNode(rdf.ID + "report/other")
    quads = _meetings_graph() + [
        _q(act, rdf.RDF + "type", rdf.LH + "Activity"), _q(act, rdf.LH + "activityType", rdf.KIND + "activity/x"),
        _q(act, rdf.PROV + "wasAssociatedWith", body), _q(act, rdf.PROV + "wasDerivedFrom", rdf.ID + "evidence/e")]
    verdicts = []
    for cls in (rdf.ORG + "Organization", rdf.FOAF + "Person"):
        db = ox.Store()
        db.extend([*quads, ox.Quad(ox.NamedNode(body), ox.NamedNode(rdf.RDF + "type"), ox.NamedNode(cls), other)])
        verdicts.append([(v.focus, v.path) for v in V.validate_graph(db, GRAPH)])
    assert verdicts == [[], [(act, "prov:wasAssociatedWith")]]
