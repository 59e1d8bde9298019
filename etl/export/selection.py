"""Selections: which part of the store an export holds.

A ``Selection`` narrows the graph by report, by an entity's k-hop neighbourhood, by a query
template's result, and by node type; every criterion given restricts the node set further.
``select`` applies it to the entity projection.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import ExportError, UsageError
from .projection import ENTITY_KINDS, NODE_TYPES, Projection, _select, project


class ExportUsageError(ExportError, UsageError):
    """An export asked for something that is not there (format, type, report, entity): exit 2."""

    code = "LH601"


class Selection(BaseModel):
    """What to export; the empty selection is the whole store.

    ``report``: report IRI, document id (file stem), sha256 (or a prefix of it) or title.
    ``entity``: IRI, prefixed IRI, label or alias; with ``hops`` (default 1) its neighbourhood.
    ``query`` + ``params``: a template's result; IRIs in its rows become the node set.
    ``types``: node types (default: the six entity kinds; add ``activity``, ``report``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: str | None = None
    entity: str | None = None
    hops: int = Field(1, ge=0)
    query: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    types: frozenset[str] | None = None

    @field_validator("types")
    @classmethod
    def _known_types(cls, v: frozenset[str] | None) -> frozenset[str] | None:
        if v is not None:
            unknown = sorted(v - set(NODE_TYPES))
            if unknown:
                raise ValueError(f"unknown type(s) {', '.join(unknown)}; known: {', '.join(NODE_TYPES)}")
        return v

    @property
    def is_everything(self) -> bool:
        return self.report is None and self.entity is None and self.query is None and self.types is None

    def node_types(self, activities: bool = False, reports: bool = False) -> set[str]:
        if self.types is not None:
            return set(self.types)
        return set(ENTITY_KINDS) | ({"activity"} if activities else set()) | ({"report"} if reports else set())


def parse_types(text: str | None) -> frozenset[str] | None:
    """``"body,person"`` → {"body", "person"}; a usage error names the known types."""
    if not text:
        return None
    types = frozenset(t.strip() for t in text.split(",") if t.strip())
    unknown = sorted(types - set(NODE_TYPES))
    if unknown:
        raise ExportUsageError(f"unknown type(s) {', '.join(unknown)}: use {', '.join(NODE_TYPES)}")
    return types


def resolve_report(store, report: str) -> str:
    """The graph IRI of a report given by IRI, document id, sha256 (prefix) or title."""
    rows = _select(
        store,
        """SELECT ?r (MIN(STR(?id)) AS ?doc) (MIN(STR(?sha)) AS ?hash) (MIN(STR(?t)) AS ?title) WHERE {
  ?r a lh:Report . OPTIONAL { ?r dcterms:identifier ?id } OPTIONAL { ?r lh:sha256 ?sha }
  OPTIONAL { ?r dcterms:title ?t } } GROUP BY ?r""",
    )
    hits = set()
    for r in rows:
        iri, doc, sha, title = (t.value if t is not None else "" for t in (r["r"], r["doc"], r["hash"], r["title"]))
        if report in (iri, doc, title) or (len(report) >= 8 and sha.startswith(report)):
            hits.add(iri)
    if len(hits) != 1:
        known = sorted((r["r"] if r["doc"] is None else r["doc"]).value for r in rows)[:10]
        problem = "matches several reports" if hits else "is not a report in the store"
        raise ExportUsageError(f"--report {report!r} {problem}; try one of: {', '.join(known)}")
    return hits.pop()


def query_nodes(store, proj: Projection, name: str, params: dict[str, Any], result=None) -> set[str]:
    """Nodes named in a template's result rows (run here unless given), plus both ends of
    facts named there."""
    if result is None:
        from .. import queries

        result = queries.run_template(store, name, params)
    iris = {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
    nodes = iris & proj.nodes.keys()
    for e in proj.edges.values():
        if e.facts & iris:
            nodes |= {e.source, e.target}
    return nodes


def select(
    store,
    selection: Selection | None = None,
    *,
    activities: bool = False,
    reports: bool = False,
    query_result=None,
) -> Projection:
    """The projection of ``selection`` (see Selection) over ``store`` (``query_result``: the
    rows of ``selection.query`` when already run)."""
    sel = selection or Selection()
    report = resolve_report(store, sel.report) if sel.report else None
    proj = project(store, sel.node_types(activities, reports), report)
    keep = set(proj.nodes)
    if sel.query:
        keep &= query_nodes(store, proj, sel.query, sel.params, query_result)
    if sel.entity:
        from ..queries import resolve_entity  # one way to name an entity, as in query templates

        seed = resolve_entity(store, sel.entity, param="--entity").value
        if seed not in proj.nodes:
            types = ", ".join(t for t in NODE_TYPES if t in sel.node_types(activities, reports))
            raise ExportUsageError(f"--entity {sel.entity!r} is not among the exported nodes (types: {types})")
        keep &= proj.neighbourhood({seed}, sel.hops)
        proj.seeds.add(seed)
    return proj if keep == set(proj.nodes) else proj.subgraph(keep)
