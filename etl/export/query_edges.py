"""A template's result as a weighted graph, when its rows are pairs (``--query NAME``).

Two shapes of result are pairs, told apart by their columns:

* ends ``a`` and ``b`` (co_mentions): one edge a → b per row, weighted by the row's last
  integer column (``sentences``);
* sides ``…_a`` and ``…_b`` (compare_bodies, compare_years): per row and side, an edge from
  the side's entity (``body_a``/``body_b``, else ``body``) to the row's ``type``, weighted by
  ``activities_…`` (the summed ``total_…`` holds stray money amounts on real reports, so it is
  no weight), labelled with the side's ``year_…`` (or the row's ``year``).

Any other template keeps the projection of the entities its rows name (``selection``).
Nodes carry the projection's attributes; a concept (an activity type) becomes a ``kind`` node.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from ..rdf import PREFIXES
from .graph import to_graph
from .projection import Edge, Node, Projection, _concept_labels, project
from .selection import Selection, resolve_report

RELATION_GLOSS = {"co_mentions": "共现", "compare_bodies": "对比", "compare_years": "对比"}


def _plain(term) -> str | int | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#integer", "#int", "#long")):
        return int(term.value)
    return term.value


def _concept(term) -> str | None:
    """An activity type as its concept IRI (templates give the IRI or its local name)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal) and term.value:
        return PREFIXES["activitykind"] + term.value
    return None


def pair_edges(name: str, columns: tuple[str, ...], rows) -> list[tuple[str, str, str, int]] | None:
    """(source IRI, target IRI, label, weight) per pair in the rows; None when not pairs."""
    cols = list(columns)
    out = []
    if "a" in cols and "b" in cols:
        weight_col = next((c for c in reversed(cols) if c not in ("a", "b", "entity") and not c.endswith("label")), None)
        for row in rows:
            r = dict(zip(cols, row, strict=True))
            if isinstance(r["a"], ox.NamedNode) and isinstance(r["b"], ox.NamedNode):
                w = _plain(r.get(weight_col)) if weight_col else 1
                out.append((r["a"].value, r["b"].value, RELATION_GLOSS.get(name, name), w if isinstance(w, int) else 1))
        return out
    sides = [x for x in ("a", "b") if f"total_{x}" in cols or f"activities_{x}" in cols]
    if len(sides) != 2 or "type" not in cols:
        return None
    for row in rows:
        r = dict(zip(cols, row, strict=True))
        for x in sides:
            source = r.get(f"body_{x}") if f"body_{x}" in cols else r.get("body")
            target = _concept(r["type"])
            if not isinstance(source, ox.NamedNode) or target is None:
                continue
            weight = _plain(r.get(f"activities_{x}"))
            if not isinstance(weight, int) or weight <= 0:
                continue  # this side has nothing of this type
            label = _plain(r.get(f"year_{x}")) or _plain(r.get("year")) or RELATION_GLOSS.get(name, name)
            out.append((source.value, target, str(label), weight))
    return out


def query_graph(store, selection: Selection, result) -> nx.MultiDiGraph | None:
    """The weighted pair graph of the rows of ``selection.query`` (its ``result``); None when
    they are not pairs."""
    pairs = pair_edges(selection.query, tuple(result.columns), result.rows)
    if pairs is None:
        return None
    report = resolve_report(store, selection.report) if selection.report else None
    full = project(store, selection.node_types(), report)
    concepts = _concept_labels(store)
    proj = Projection()
    for source, target, label, weight in pairs:
        for iri in (source, target):
            if iri not in proj.nodes:
                known = full.nodes.get(iri)
                proj.nodes[iri] = known or Node(iri, "kind", concepts.get(iri, iri.rstrip("/").rsplit("/", 1)[-1]))
        e = proj.edges.setdefault((source, target, f"{selection.query}:{label}"),
                                  Edge(source, target, selection.query, label))
        e.sentences += weight
    return to_graph(proj)
