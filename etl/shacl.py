"""SHACL core, compiled: the shapes of ``schema/shapes.ttl`` as checks over one graph's quads.

pyshacl builds an rdflib graph and walks every shape for every report (half a second a report,
most of a build's time). The shapes use a small part of SHACL core: node shapes with
``sh:targetClass``, property shapes on one predicate with ``sh:minCount``, ``sh:maxCount``,
``sh:datatype``, ``sh:class``, ``sh:nodeKind``, ``sh:pattern`` and ``sh:message``, and ``sh:or``
of such property shapes. ``compile_shapes`` turns them into ``NodeRule`` records (or raises
``Unsupported`` for anything else, and validate.py falls back to pyshacl); ``violations``
judges a list of quads with the same focus nodes, paths and messages pyshacl reports.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_PROPERTY_KEYS = {"path", "minCount", "maxCount", "datatype", "class", "nodeKind", "pattern", "flags", "message",
                  "name", "description", "order", "group"}
_NODE_KEYS = {"targetClass", "property", "or", "message", "name", "description"}
_NODE_KINDS = {
    "IRI": (ox.NamedNode,), "Literal": (ox.Literal,), "BlankNode": (ox.BlankNode,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), "IRIOrLiteral": (ox.NamedNode, ox.Literal),
    "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
}
# lexical forms of the datatypes the shapes name (an ill-formed literal violates sh:datatype)
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "date": re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?"),
}


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not compile."""


@dataclass(frozen=True)
class PropertyRule:
    """One property shape: constraints on the values of ``path`` at a focus node."""

    path: str
    message: str
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    cls: str | None = None
    node_kind: tuple[type, ...] | None = None
    pattern: re.Pattern | None = None


@dataclass(frozen=True)
class NodeRule:
    """One node shape: its target classes, property shapes, and ``sh:or`` alternatives."""

    targets: tuple[str, ...]
    properties: tuple[PropertyRule, ...]
    any_of: tuple[PropertyRule, ...] = ()
    message: str | None = None


@dataclass(frozen=True)
class Finding:
    """One validation result: focus node, shortened later by the caller, path and message."""

    focus: ox.NamedNode | ox.BlankNode
    path: str | None
    message: str


def compile_shapes(path: Path) -> tuple[NodeRule, ...]:
    """The node shapes of a Turtle shapes file as rules; ``Unsupported`` for other features."""
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as e:
        raise Unsupported(str(e)) from None
    props: dict = defaultdict(lambda: defaultdict(list))
    for t in triples:
        props[t.subject][t.predicate.value].append(t.object)
    shapes = [s for s, p in props.items() if ox.NamedNode(SH + "NodeShape") in p.get(RDF + "type", [])]
    return tuple(_node_rule(s, props) for s in sorted(shapes, key=str))


def _keys(node, props, allowed: set[str]) -> dict[str, list]:
    out = {}
    for pred, objects in props[node].items():
        if pred == RDF + "type":
            continue
        if not pred.startswith(SH) or pred[len(SH):] not in allowed:
            raise Unsupported(f"{pred} on {node}")
        out[pred[len(SH):]] = objects
    return out


def _node_rule(shape, props) -> NodeRule:
    keys = _keys(shape, props, _NODE_KEYS)
    any_of = ()
    if "or" in keys:
        if len(keys["or"]) != 1:
            raise Unsupported(f"several sh:or on {shape}")
        any_of = tuple(_property_rule(m, props, keys.get("message")) for m in _list(keys["or"][0], props))
    return NodeRule(tuple(sorted(t.value for t in keys.get("targetClass", []))),
                    tuple(_property_rule(p, props) for p in sorted(keys.get("property", []), key=str)),
                    any_of, _one(keys.get("message")))


def _property_rule(node, props, fallback_message=None) -> PropertyRule:
    keys = _keys(node, props, _PROPERTY_KEYS)
    paths = keys.get("path") or []
    if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
        raise Unsupported(f"a path that is not one predicate on {node}")
    path = paths[0].value
    message = _one(keys.get("message")) or _one(fallback_message)
    if message is None:
        raise Unsupported(f"a property shape without sh:message on {node}")  # pyshacl writes its own text
    kind = _one(keys.get("nodeKind"))
    if kind is not None and kind[len(SH):] not in _NODE_KINDS:
        raise Unsupported(f"sh:nodeKind {kind}")
    if "flags" in keys:
        raise Unsupported("sh:flags")
    pattern = _one(keys.get("pattern"))
    return PropertyRule(path, message, _int(keys.get("minCount")), _int(keys.get("maxCount")), _one(keys.get("datatype")),
                        _one(keys.get("class")), _NODE_KINDS[kind[len(SH):]] if kind else None,
                        re.compile(pattern) if pattern is not None else None)


def _one(values) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise Unsupported(f"several values where one is compiled: {values}")
    return values[0].value


def _int(values) -> int | None:
    v = _one(values)
    return int(v) if v is not None else None


def _list(head, props) -> list:
    out = []
    while head != ox.NamedNode(RDF + "nil"):
        out.append(_one_term(props[head].get(RDF + "first")))
        head = _one_term(props[head].get(RDF + "rest"))
    return out


def _one_term(values):
    if not values or len(values) != 1:
        raise Unsupported("a malformed RDF list")
    return values[0]


@functools.lru_cache(maxsize=4)
def compiled(path: Path, stamp: int | None) -> tuple[NodeRule, ...] | None:
    """The compiled shapes of ``path`` (``stamp``: its mtime), or None when they use more."""
    try:
        return compile_shapes(path)
    except Unsupported:
        return None


# --------------------------------------------------------------------------- judging


def violations(quads: Iterable[ox.Quad], rules: tuple[NodeRule, ...], context: str | None,
               focus: Collection | None = None) -> list[Finding]:
    """What ``rules`` find in ``quads``; quads in the graph ``context`` are context only (their
    subjects are not focus nodes), as pyshacl's ``focus_nodes`` does. ``focus``: judge only
    these nodes (a shape reads only its focus node's values and their types)."""
    values: dict = {}  # subject → predicate → its values
    types: dict = {}  # node → its classes
    checked = set()
    has_context = False
    context_node = ox.NamedNode(context) if context is not None else None
    last, by_path = None, {}
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if s != last:  # quads come grouped by subject, mostly
            last, by_path = s, values.setdefault(s, {})
        if p in by_path:
            by_path[p].add(o)
        else:
            by_path[p] = {o}
        if p == _TYPE:
            types.setdefault(s, set()).add(o.value)
        if context_node is None:
            continue
        if q.graph_name == context_node:
            has_context = True
        else:
            checked.add(s)
    by_class = _rules_by_class(rules)
    out: list[Finding] = []
    for node in (types if focus is None else [n for n in focus if n in types]):
        if has_context and node not in checked:
            continue
        applicable = {i for t in types[node] for i in by_class.get(t, ())}
        for i in sorted(applicable):
            out += _judge(node, values[node], rules[i], types)
    return out


_TYPE = RDF + "type"


@functools.lru_cache(maxsize=8)
def _rules_by_class(rules: tuple[NodeRule, ...]) -> dict[str, tuple[int, ...]]:
    """Target class → the positions of the rules that target it."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, rule in enumerate(rules):
        for t in rule.targets:
            out[t].append(i)
    return {t: tuple(sorted(set(ids))) for t, ids in out.items()}


@functools.lru_cache(maxsize=8)
def class_paths(rules: tuple[NodeRule, ...]) -> frozenset[str]:
    """The predicates whose values' types some rule reads (``sh:class``): the only context a
    graph judged alone needs."""
    return frozenset(p.path for r in rules for p in (*r.properties, *r.any_of) if p.cls is not None)


def _judge(node, props, rule: NodeRule, types) -> list[Finding]:
    out = []
    for p in rule.properties:
        n = _failures(props.get(p.path, ()), p, types)
        if n:
            out += [Finding(node, p.path, p.message)] * n
    if rule.any_of and not any(_failures(props.get(p.path, ()), p, types) == 0 for p in rule.any_of):
        out.append(Finding(node, None, rule.message or rule.any_of[0].message))
    return out


def _failures(vals, p: PropertyRule, types) -> int:
    """How many results one property shape gives at a focus node with these values."""
    n = 0
    if p.min_count is not None and len(vals) < p.min_count:
        n += 1
    if p.max_count is not None and len(vals) > p.max_count:
        n += 1
    if p.datatype is not None:
        n += sum(1 for v in vals if not _has_datatype(v, p.datatype))
    if p.cls is not None:
        n += sum(1 for v in vals if p.cls not in types.get(v, ()))
    if p.node_kind is not None:
        n += sum(1 for v in vals if not isinstance(v, p.node_kind))
    if p.pattern is not None:
        n += sum(1 for v in vals if isinstance(v, ox.BlankNode) or not p.pattern.search(v.value))
    return n


def _has_datatype(v, datatype: str) -> bool:
    if not isinstance(v, ox.Literal):
        return False
    if datatype == RDF + "langString":
        return bool(v.language)
    if v.language or v.datatype.value != datatype:
        return False
    lexical = _LEXICAL.get(datatype)
    if lexical is None:
        return True
    m = lexical.fullmatch(v.value)
    if m is None:
        return False
    if datatype == XSD + "date":
        try:
            datetime.date(2000, int(m[2]), int(m[3]))  # a leap year: 02-29 is a date
        except ValueError:
            return False
    return True
