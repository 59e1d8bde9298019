"""The entity projection (DESIGN.md §5): entities as nodes, relations between them as edges.

Read from any store with SPARQL over ``store.query``. ``Projection`` keeps, for every edge,
the fact nodes (memberships, legal actions) behind it, so an RDF export of a selection can
carry those facts too; ``graph.to_graph`` turns it into a networkx ``MultiDiGraph``.

One edge per (source, target, relation, label), keyed ``"relation:label"``; its ``weight``
is the number of evidence sentences behind it (facts, mentions) or of reports stating it
(hierarchy). Edges to IRIs that are not typed entities of a selected type are left out.

No entity stands alone: every entity is linked to the report that names it (``mentioned_in``,
from ``lh:mentionedIn``/``lh:reportedIn``), or, when reports are not nodes, to the body that
issued that report (``named_by``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ..rdf import DCTERMS, ENTITY_TYPES, LH, ORG, PREFIXES, PROV, SCHEMA, SKOS

#: Node types the projection can hold, in legend order; the first six are the default.
ENTITY_KINDS = ("body", "person", "law", "project", "place", "meeting")
NODE_TYPES = ENTITY_KINDS + ("activity", "report")

#: type → (legend label, colour); colours from the Tableau 10 palette.
TYPE_STYLE = {
    "body": ("机构 body", "#1f77b4"),
    "person": ("人物 person", "#d62728"),
    "law": ("法规 law", "#2ca02c"),
    "project": ("项目 project", "#ff7f0e"),
    "place": ("地点 place", "#9467bd"),
    "meeting": ("会议 meeting", "#8c564b"),
    "activity": ("活动 activity", "#7f7f7f"),
    "report": ("报告 report", "#17becf"),
    "kind": ("类型 kind", "#bcbd22"),  # a concept, in a template's pair graph (query_edges)
}

#: Edge relations stated as one triple: predicate → (relation, reversed?).
HIERARCHY = {
    ORG + "subOrganizationOf": ("part_of", False),
    SCHEMA + "containedInPlace": ("located_in", False),
    LH + "place": ("located_in", False),
    LH + "ofBody": ("of_body", False),
    LH + "region": ("region", False),
    LH + "issuingBody": ("issued_by", False),
    LH + "deliveredAt": ("delivered_at", False),
    DCTERMS + "creator": ("author", False),
    PROV + "wasAssociatedWith": ("carried_out", True),  # body —carried out→ activity
}

#: Chinese labels of the relations that are not concepts (law action and activity types
#: take their skos:prefLabel from the store or schema/ontology.ttl).
GLOSS = {
    "holds_post": "任职",
    "part_of": "隶属",
    "located_in": "位于",
    "of_body": "召开机关",
    "region": "所属地区",
    "issued_by": "发布机关",
    "delivered_at": "报告会议",
    "author": "报告人",
    "carried_out": "开展",
    "mentioned_in": "提及于",
    "named_by": "被提及",
}

#: Relations that link an entity to what names it: followed to a neighbourhood's edge, not beyond.
CONTEXT_RELATIONS = frozenset({"mentioned_in", "named_by"})


_PREAMBLE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


@dataclass
class Node:
    iri: str
    type: str
    label: str
    mentions: int = 0
    reports: int = 0
    year: int | None = None  # reports: the year of their date (or period)


@dataclass
class Edge:
    source: str
    target: str
    relation: str
    label: str
    facts: set[str] = field(default_factory=set)
    support: set[str] = field(default_factory=set)  # evidence IRIs or report graph IRIs
    sentences: int = 0  # mentions: evidence sentences counted in the store

    @property
    def key(self) -> str:
        return f"{self.relation}:{self.label}"

    @property
    def weight(self) -> int:
        return max(1, len(self.support), len(self.facts), self.sentences)


@dataclass
class Projection:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    seeds: set[str] = field(default_factory=set)  # the selected entity: kept even without an edge

    def edge(self, source: str, target: str, relation: str, label: str) -> Edge | None:
        """The edge for these ends, created on first use; None when an end is not a node."""
        if source not in self.nodes or target not in self.nodes:
            return None
        e = Edge(source, target, relation, label)
        return self.edges.setdefault((source, target, e.key), e)

    def subgraph(self, keep: Iterable[str]) -> Projection:
        keep = set(keep) & self.nodes.keys()
        return Projection(
            nodes={i: n for i, n in self.nodes.items() if i in keep},
            edges={k: e for k, e in self.edges.items() if e.source in keep and e.target in keep},
            seeds=self.seeds & keep,
        )

    def neighbourhood(self, seeds: Iterable[str], hops: int) -> set[str]:
        """Nodes within ``hops`` edges of a seed, edges followed in either direction. The
        report (or body) naming a node is a last ring, never walked through: it names
        everything else in its report."""
        adjacent: dict[str, set[str]] = defaultdict(set)
        context: dict[str, set[str]] = defaultdict(set)
        for e in self.edges.values():
            if e.relation in CONTEXT_RELATIONS:
                context[e.source].add(e.target)
            else:
                adjacent[e.source].add(e.target)
                adjacent[e.target].add(e.source)
        seen = set(seeds)
        frontier = set(seen)
        for _ in range(hops):
            frontier = {n for f in frontier for n in adjacent[f]} - seen
            seen |= frontier
        return seen | ({c for n in seen for c in context[n]} if hops > 0 else set())

    def facts(self) -> set[str]:
        return {f for e in self.edges.values() for f in e.facts}


# --------------------------------------------------------------------------- SPARQL


def _ref(term: ox.NamedNode | str) -> str:
    """An IRI as SPARQL text, serialised by pyoxigraph (never pasted by hand)."""
    return str(term if isinstance(term, ox.NamedNode) else ox.NamedNode(term))


def _select(store, body: str) -> list[dict[str, ox.NamedNode | ox.Literal | None]]:
    res = store.query(_PREAMBLE + body)
    return [dict(zip(res.columns, row, strict=True)) for row in res.rows]


def _value(term) -> str | None:
    return None if term is None else term.value


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _in_report(var: str, report: str | None) -> str:
    """A filter keeping ``var`` to things mentioned or reported in ``report``."""
    if report is None:
        return ""
    r = _ref(report)
    return f"FILTER({var} = {r} || EXISTS {{ {var} lh:mentionedIn|lh:reportedIn {r} }})"


def _best_labels(pairs: Iterable[tuple[str, ox.Literal]]) -> dict[str, str]:
    """One label per concept: Chinese first, then untagged, then any; ties by text."""
    best: dict[str, tuple[int, str]] = {}
    for concept, label in pairs:
        lang = label.language or ""
        cand = (0 if lang.startswith("zh") else 1 if not lang else 2, label.value)
        best[concept] = min(best.get(concept, cand), cand)
    return {c: label for c, (_, label) in best.items()}


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, str]:
    """skos:prefLabel of the kinds in schema/ontology.ttl ({} when it is missing)."""
    from ..lexicon import SCHEMA_DIR

    try:
        triples = ox.parse(path=str(SCHEMA_DIR / "ontology.ttl"), format=ox.RdfFormat.TURTLE)
        return _best_labels(
            (t.subject.value, t.object)
            for t in triples
            if t.predicate.value == SKOS + "prefLabel" and isinstance(t.object, ox.Literal)
        )
    except (OSError, SyntaxError):
        return {}


def _concept_labels(store) -> dict[str, str]:
    """Concept IRI → label; labels in the store win over the ontology file's."""
    rows = _select(store, "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l FILTER(isLiteral(?l)) }")
    return {**_ontology_labels(), **_best_labels((r["c"].value, r["l"]) for r in rows)}


def _add_nodes(store, proj: Projection, types: set[str], report: str | None, glosses: dict[str, str]) -> None:
    """Typed entities as nodes; labels and counts come from simple scans joined here (faster)."""
    classes = " ".join(f'({_ref(ENTITY_TYPES[t][1])} "{t}")' for t in NODE_TYPES if t in types)
    if not classes:
        return
    where = f"VALUES (?cls ?type) {{ {classes} }} ?e a ?cls . {_in_report('?e', report)}"
    rows = _select(store, f"SELECT DISTINCT ?e ?type WHERE {{ {where} }}")
    for r in sorted(rows, key=lambda r: (_type_rank(r["type"].value), r["e"].value)):
        if isinstance(r["e"], ox.NamedNode):  # an IRI typed twice keeps the first type
            proj.nodes.setdefault(r["e"].value, Node(r["e"].value, r["type"].value, _local(r["e"].value)))
    for r in _select(store, "SELECT ?e (MIN(STR(?l)) AS ?label) WHERE { ?e rdfs:label|dcterms:title ?l } GROUP BY ?e"):
        node = proj.nodes.get(r["e"].value)
        if node is not None and r["label"] is not None:
            node.label = r["label"].value
    if "activity" in types:
        _label_activities(store, proj, glosses)
    if "report" in types:
        _label_reports(store, proj)
    in_report = "" if report is None else f"?ev lh:document {_ref(report)} ."
    counts = (
        (
            "mentions",
            f"SELECT ?e (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ ?e prov:wasDerivedFrom ?ev . {in_report} }} GROUP BY ?e",
        ),
        ("reports", "SELECT ?e (COUNT(DISTINCT ?r) AS ?n) WHERE { ?e lh:mentionedIn|lh:reportedIn ?r } GROUP BY ?e"),
    )
    for attr, query in counts:
        for r in _select(store, query):
            node = proj.nodes.get(r["e"].value)
            if node is not None:
                setattr(node, attr, int(r["n"].value))


def _label_activities(store, proj: Projection, glosses: dict[str, str]) -> None:
    """Activities have no name: label them 'type count unit (topic)', e.g. 执法检查 5次."""
    rows = _select(
        store,
        """SELECT ?e (MIN(STR(?t)) AS ?type) (MIN(?c) AS ?count) (MIN(?u) AS ?unit) (MIN(?p) AS ?topic)
WHERE { ?e a lh:Activity . OPTIONAL { ?e lh:activityType ?t } OPTIONAL { ?e lh:count ?c }
        OPTIONAL { ?e lh:unit ?u } OPTIONAL { ?e lh:topic ?p } } GROUP BY ?e""",
    )
    for r in rows:
        node = proj.nodes.get(r["e"].value)
        if node is None:
            continue
        kind = _value(r["type"]) or ""
        label = glosses.get(kind) or _local(kind) or "activity"
        if r["count"] is not None:
            label += f" {r['count'].value}{_value(r['unit']) or ''}"
        if r["topic"] is not None:
            label += f"（{r['topic'].value}）"
        node.label = label


def _label_reports(store, proj: Projection) -> None:
    """A report node reads 'issuer year' (国务院 1999): many titles are a first heading or just
    政府工作报告, which tell reports apart poorly on a graph. ``year`` from its date or period."""
    rows = _select(
        store,
        """SELECT ?r (MIN(STR(?d)) AS ?date) (MIN(STR(?p)) AS ?period) (MIN(STR(?i)) AS ?issuer) WHERE {
  ?r a lh:Report . OPTIONAL { ?r dcterms:date ?d } OPTIONAL { ?r lh:period ?p }
  OPTIONAL { ?r lh:issuingBody/rdfs:label ?i } } GROUP BY ?r""",
    )
    named: dict[str, list[Node]] = defaultdict(list)
    for r in rows:
        node = proj.nodes.get(r["r"].value)
        if node is None:
            continue
        dated = (v.value[:4] for v in (r["date"], r["period"]) if v is not None)
        year = next((int(y) for y in dated if y.isdigit()), None)
        node.year = year
        if r["issuer"] is not None and year is not None:
            named[f"{r['issuer'].value} {year}"].append(node)
    for label, nodes in named.items():
        for node in nodes:  # two reports of one issuer and year keep their titles apart
            node.label = label if len(nodes) == 1 else f"{label}（{node.label}）"


def _add_mention_edges(store, proj: Projection, report: str | None) -> None:
    """Each entity to the report naming it (weight: its evidence sentences there); without
    report nodes, to the body that issued the report (weight: the reports)."""
    only = "" if report is None else f"FILTER(?r = {_ref(report)})"
    if any(n.type == "report" for n in proj.nodes.values()):
        rows = _select(
            store,
            f"""SELECT ?e ?r (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
  ?e lh:mentionedIn|lh:reportedIn ?r . {only}
  OPTIONAL {{ ?e prov:wasDerivedFrom ?ev . ?ev lh:document ?r }}
}} GROUP BY ?e ?r""",
        )
        for r in rows:
            e = proj.edge(r["e"].value, r["r"].value, "mentioned_in", GLOSS["mentioned_in"])
            if e is not None:
                e.sentences = int(r["n"].value)
        return
    rows = _select(
        store, f"SELECT DISTINCT ?e ?b ?r WHERE {{ ?e lh:mentionedIn|lh:reportedIn ?r . ?r lh:issuingBody ?b . {only} }}"
    )
    for r in rows:
        if r["e"] != r["b"]:
            e = proj.edge(r["e"].value, r["b"].value, "named_by", GLOSS["named_by"])
            if e is not None:
                e.support.add(r["r"].value)


def _add_fact_edges(store, proj: Projection, report: str | None, glosses: dict[str, str]) -> None:
    """Edges made of a fact node: posts (org:Membership) and law actions (lh:LegalAction)."""
    facts = (
        ("?m a org:Membership ; org:member ?s ; org:organization ?o . OPTIONAL { ?m lh:postTitle ?t }", True),
        ("?m a lh:LegalAction ; lh:actionType ?t ; prov:wasAssociatedWith ?s ; prov:used ?o .", False),
    )
    for pattern, is_post in facts:
        rows = _select(
            store,
            f"""SELECT ?m ?s ?o ?t ?ev WHERE {{
  {pattern}
  OPTIONAL {{ ?m prov:wasDerivedFrom ?ev }}
  {_in_report("?m", report)}
}}""",
        )
        for r in rows:
            if is_post:
                relation, label = "holds_post", _value(r["t"]) or GLOSS["holds_post"]
            else:
                relation = _local(r["t"].value)
                label = glosses.get(r["t"].value, relation)
            e = proj.edge(r["s"].value, r["o"].value, relation, label)
            if e is not None:
                e.facts.add(r["m"].value)
                if r["ev"] is not None:
                    e.support.add(r["ev"].value)


def _add_hierarchy_edges(store, proj: Projection, report: str | None) -> None:
    """Edges stated as one triple (part of, located in, of body …); support = stating graphs."""
    where = "" if report is None else f"FILTER(?g = {_ref(report)})"
    rows = _select(
        store,
        f"""SELECT ?s ?p ?o ?g WHERE {{
  VALUES ?p {{ {" ".join(_ref(p) for p in sorted(HIERARCHY))} }}
  GRAPH ?g {{ ?s ?p ?o }}
  {where}
}}""",
    )
    for r in rows:
        if not isinstance(r["o"], ox.NamedNode):
            continue
        relation, reverse = HIERARCHY[r["p"].value]
        s, o = (r["o"].value, r["s"].value) if reverse else (r["s"].value, r["o"].value)
        e = proj.edge(s, o, relation, GLOSS[relation])
        if e is not None:
            e.support.add(r["g"].value)


def project(store, types: Iterable[str] = ENTITY_KINDS, report: str | None = None) -> Projection:
    """The projection of the whole store, or of what one report (graph IRI) mentions."""
    types = set(types)
    proj = Projection()
    glosses = _concept_labels(store)
    _add_nodes(store, proj, types, report, glosses)
    _add_fact_edges(store, proj, report, glosses)
    _add_hierarchy_edges(store, proj, report)
    _add_mention_edges(store, proj, report)
    return proj


def _type_rank(t: str) -> int:
    return NODE_TYPES.index(t) if t in NODE_TYPES else len(NODE_TYPES)
