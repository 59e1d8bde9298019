"""SHACL validation of built graphs against ``schema/shapes.ttl`` (pyshacl).

The unit is one named graph (a report, or the resolution graph), judged alone with the
rdf:type of the nodes it points to as context (read from the whole dataset). The build checks
each graph of the generation it is about to publish this way (``check_graphs``), and
``lianghui validate`` checks each graph of the published store the same way
(``validate_graphs``): one function, one verdict. A graph that passed alone and was then
changed (by the corpus-wide merges) is judged again at the nodes the change can affect only:
the compiled shapes read a focus node's own values and the types of those values.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import shacl
from .errors import SchemaError, ValidationError
from .lexicon import SCHEMA_DIR

VALIDATION_CONTEXT = "urn:x-lianghui:validation-context"  # quads here are context, not judged
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    message: str

    def __str__(self) -> str:
        who = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{who} {self.path or ''}: {self.message}".replace("  ", " ")


def _shapes(path: Path | None = None):
    p = path or SCHEMA_DIR / "shapes.ttl"
    try:
        stamp = p.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    return _parsed_shapes(p, stamp)


@functools.lru_cache(maxsize=4)
def _parsed_shapes(p: Path, stamp: int | None):
    import rdflib

    g = rdflib.Graph()
    try:
        g.parse(p, format="turtle")
    except FileNotFoundError:
        raise SchemaError("SHACL shapes file is missing; restore schema/shapes.ttl", path=p) from None
    except Exception as e:
        raise SchemaError(f"SHACL shapes do not parse: {e}", path=p) from None
    return g


def validate_quads(quads, shapes_path: Path | None = None) -> list[Violation]:
    """Violations of the shapes by the union of the given quads (empty list = valid).

    Quads in the graph ``VALIDATION_CONTEXT`` are context only (e.g. the types of the
    nodes the checked graphs point to): they satisfy sh:class but are not validated. Shapes that
    ``etl.shacl`` compiles are judged there (the same results, far faster); others by pyshacl."""
    quads = list(quads)
    rules = _compiled_shapes(shapes_path)
    if rules is not None:
        return _compiled_violations(quads, rules)
    import rdflib
    from pyshacl import validate

    data = rdflib.Graph()
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    data.parse(data=nt, format="nt")
    checked = [q for q in quads if getattr(q.graph_name, "value", None) != VALIDATION_CONTEXT]
    focus = None
    if len(checked) < len(quads):
        subjects = {q.subject.value for q in checked if isinstance(q.subject, ox.NamedNode)}
        focus = [rdflib.URIRef(n) for n in sorted(subjects)]
    conforms, report, _ = validate(data, shacl_graph=_shapes(shapes_path), inference="none", advanced=False,
                                   focus_nodes=focus)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for r in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(r, sh.focusNode)
        path = report.value(r, sh.resultPath)
        msg = report.value(r, sh.resultMessage)
        label = data.value(focus, rdflib.RDFS.label)
        out.append(Violation(str(focus), str(label) if label else None, _short(path), str(msg)))
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def _compiled_shapes(path: Path | None):
    p = path or SCHEMA_DIR / "shapes.ttl"
    try:
        stamp = p.stat().st_mtime_ns
    except FileNotFoundError:
        raise SchemaError("SHACL shapes file is missing; restore schema/shapes.ttl", path=p) from None
    return shacl.compiled(p, stamp)


def _compiled_violations(quads: list, rules, focus=None) -> list[Violation]:
    found = shacl.violations(quads, rules, VALIDATION_CONTEXT, focus)
    if not found:
        return []
    labels: dict = {}
    for q in quads:
        if q.predicate.value == RDFS_LABEL:
            labels[q.subject] = min(labels.get(q.subject, q.object.value), q.object.value)
    out = [Violation(f.focus.value, labels.get(f.focus), _short(f.path), f.message) for f in found]
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def _short(path) -> str | None:
    if path is None:
        return None
    from .rdf import PREFIXES

    s = str(path)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    return s


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def validate_graph(db: ox.Store, graph: str, shapes_path: Path | None = None,
                   change: tuple[set, set] | None = None) -> list[Violation]:
    """Violations of the shapes by one named graph of ``db``, judged alone with the rdf:type
    (from any graph of ``db``) of the nodes it points to but does not describe. ``change``:
    the graph passed the shapes alone before these quads were (removed, added); only the
    focus nodes whose verdict that can alter are judged again (``touched``)."""
    rules = _compiled_shapes(shapes_path)
    if rules is not None and change is not None:
        return _judge_nodes(db, graph, touched(db, graph, *change), rules)
    quads = list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    if not quads:
        return []
    subjects = {q.subject for q in quads}
    classed = shacl.class_paths(rules) if rules is not None else None  # whose values' types a shape reads
    pointed = {q.object for q in quads if isinstance(q.object, ox.NamedNode)
               and (classed is None or q.predicate.value in classed)} - subjects
    context = ox.NamedNode(VALIDATION_CONTEXT)
    types = {ox.Quad(node, _TYPE, t.object, context) for node in pointed
             for t in db.quads_for_pattern(node, _TYPE, None, None)}
    return validate_quads(quads + sorted(types, key=str), shapes_path)


def touched(db: ox.Store, graph: str, removed: set, added: set) -> set:
    """The nodes of ``graph`` whose verdict can differ after its quads changed by ``removed``
    and ``added``: a compiled shape reads its focus node's values and their types (which only
    grow when they come from other graphs), so the subjects of the changed quads and the
    nodes pointing to them."""
    name = ox.NamedNode(graph)
    subjects = {q.subject for q in removed} | {q.subject for q in added}
    return subjects | {q.subject for node in subjects for q in db.quads_for_pattern(None, None, node, name)}


def _judge_nodes(db: ox.Store, graph: str, nodes: set, rules) -> list[Violation]:
    """``validate_graph``'s verdict on the focus nodes ``nodes`` of ``graph`` alone: their quads,
    and the types of their values (from the graph when it describes them, else from ``db``)."""
    name = ox.NamedNode(graph)
    quads = [q for node in nodes for q in db.quads_for_pattern(node, None, None, name)]
    context = ox.NamedNode(VALIDATION_CONTEXT)
    types = set()
    for value in {q.object for q in quads if not isinstance(q.object, ox.Literal)}:
        if first_quad(db, value, name) is not None:
            where = name
        elif isinstance(value, ox.NamedNode):
            where = None
        else:
            continue  # a blank node the graph does not describe has no type
        types |= {ox.Quad(value, _TYPE, t.object, context) for t in db.quads_for_pattern(value, _TYPE, None, where)}
    return _compiled_violations(quads + sorted(types, key=str), rules, focus={q.subject for q in quads})


def first_quad(db: ox.Store, subject, graph) -> ox.Quad | None:
    return next(iter(db.quads_for_pattern(subject, None, None, graph)), None)


def validate_graphs(db: ox.Store, graphs: Iterable[str], shapes_path: Path | None = None,
                    changes: Mapping[str, Callable[[], tuple[set, set]]] | None = None) -> dict[str, list[Violation]]:
    """``validate_graph`` for each of ``graphs`` (``changes``: graph → its change since it
    passed alone): graph IRI → its violations (valid ones left out)."""
    out = {}
    changes = changes or {}
    for g in sorted(graphs):
        found = validate_graph(db, g, shapes_path, changes[g]() if g in changes else None)
        if found:
            out[g] = found
    return out


def store_graphs(st) -> tuple[ox.Store, list[str]]:
    """A store's published dataset as one pyoxigraph store, and its named graphs."""
    return st.dataset(), sorted(st.graph_iris())


class GraphsInvalid(ValidationError):
    """Some graphs violate the shapes: ``violations`` maps each graph IRI to its violations."""

    def __init__(self, violations: dict[str, list[Violation]]) -> None:
        self.violations = violations
        n = sum(map(len, violations.values()))
        first = "; ".join(str(v) for vs in violations.values() for v in vs[:1])[:500]
        super().__init__(f"{n} SHACL violation(s) in {len(violations)} graph(s), not published: {first}")


def check_graphs(db: ox.Store, graphs: Iterable[str],
                 changes: Mapping[str, Callable[[], tuple[set, set]]] | None = None) -> None:
    """Raise GraphsInvalid (the build leaves those graphs out) when a graph violates the shapes."""
    violations = validate_graphs(db, graphs, changes=changes)
    if violations:
        raise GraphsInvalid(violations)
