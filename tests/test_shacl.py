"""The compiled shapes (etl/shacl.py) give pyshacl's verdicts: the same focus nodes, paths and
messages, on real graphs and on graphs broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from etl import identity, shacl
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
