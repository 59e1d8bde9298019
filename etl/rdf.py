"""Namespaces, deterministic IRIs, and ``ReportExtraction`` → RDF quads (pyoxigraph terms).

One named graph per report (graph IRI = report IRI). IRIs come from content only:
``https://w3id.org/lianghui/id/{type}/{key}`` with key = short hash of the canonical key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from .models import Evidence, ReportExtraction

BASE = "https://w3id.org/lianghui/"
LH = BASE + "ontology#"
ID = BASE + "id/"
KIND = BASE + "kind/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

#: Entity types: name → (IRI path segment, class IRI).
ENTITY_TYPES = {
    "report": ("report", LH + "Report"),
    "body": ("body", ORG + "Organization"),
    "person": ("person", FOAF + "Person"),
    "law": ("law", ELI + "LegalResource"),
    "project": ("project", LH + "Project"),
    "place": ("place", DCTERMS + "Location"),
    "meeting": ("meeting", LH + "Meeting"),
    "membership": ("membership", ORG + "Membership"),
    "role": ("role", ORG + "Role"),
    "legalaction": ("legalaction", LH + "LegalAction"),
    "activity": ("activity", LH + "Activity"),
    "evidence": ("evidence", LH + "Evidence"),
}
#: Concept schemes: scheme name → IRI path segment under KIND.
SCHEMES = ("body", "law", "action", "activity", "genre", "placelevel")

PREFIXES = {
    "lh": LH,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "org": ORG,
    "foaf": FOAF,
    "prov": PROV,
    "dcterms": DCTERMS,
    "eli": ELI,
    "schema": SCHEMA,
    "owl": OWL,
    **{seg: ID + seg + "/" for seg, _ in ENTITY_TYPES.values()},
    **{f"{s}kind": KIND + s + "/" for s in SCHEMES},
}

_WS = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """The canonical key of a name: NFKC, no whitespace, quotes and 《》 dropped."""
    t = unicodedata.normalize("NFKC", text)
    return _WS.sub("", t).strip("《》“”\"'")


def key_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def iri(kind: str, *key: str) -> NamedNode:
    return NamedNode(f"{ID}{ENTITY_TYPES[kind][0]}/{key_hash(*key)}")


def report_iri(sha256: str) -> NamedNode:
    return NamedNode(f"{ID}report/{sha256[:16]}")


def concept(scheme: str, name: str) -> NamedNode:
    return NamedNode(f"{KIND}{scheme}/{name}")


def entity_iri(kind: str, name: str) -> NamedNode:
    """IRI of a named entity from its canonical (region-qualified) name."""
    return iri(kind, norm_key(name))


def person_iri(name: str, anchor: str | None) -> NamedNode:
    """People are keyed by name and the body of their first post (homonyms stay apart)."""
    return iri("person", norm_key(name), norm_key(anchor or ""))


_A = NamedNode(RDF + "type")


def _n(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def lit(value: str | int | bool | None, datatype: str | None = None) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if datatype:
        return Literal(value, datatype=NamedNode(datatype))
    return Literal(value)


def year_literal(period: str | None) -> Literal | None:
    return lit(period)


class _Emitter:
    """Collects quads of one report graph; entities and evidence deduplicated."""

    def __init__(self, ex: ReportExtraction) -> None:
        self.ex = ex
        self.graph = report_iri(ex.sha256)
        self.quads: set[Quad] = set()
        self.body_names = {b.name for b in ex.bodies}

    def add(self, s, p: str, o) -> None:
        if o is None:
            return
        self.quads.add(Quad(s, NamedNode(p), o, self.graph))

    def evidence(self, subject: NamedNode, evs: Iterable[Evidence]) -> None:
        for ev in evs:
            node = iri("evidence", self.ex.sha256, str(ev.start), str(ev.end), ev.rule)
            self.add(subject, PROV + "wasDerivedFrom", node)
            self.add(node, RDF + "type", NamedNode(LH + "Evidence"))
            self.add(node, LH + "document", self.graph)
            self.add(node, LH + "start", lit(ev.start))
            self.add(node, LH + "end", lit(ev.end))
            self.add(node, LH + "quote", lit(ev.quote))
            self.add(node, LH + "rule", lit(ev.rule))

    def entity(self, kind: str, node: NamedNode, label: str, aliases: Iterable[str], evs) -> None:
        self.add(node, RDF + "type", NamedNode(ENTITY_TYPES[kind][1]))
        self.add(node, RDFS + "label", lit(label))
        for a in aliases:
            if a != label:
                self.add(node, SKOS + "altLabel", lit(a))
        self.add(node, LH + "mentionedIn", self.graph)
        self.evidence(node, evs)

    def body(self, name: str | None) -> NamedNode | None:
        return entity_iri("body", name) if name else None


def to_quads(ex: ReportExtraction) -> list[Quad]:
    """All quads of one report's named graph, sorted for deterministic output."""
    e = _Emitter(ex)
    g = e.graph
    md = ex.metadata
    e.add(g, RDF + "type", NamedNode(LH + "Report"))
    e.add(g, DCTERMS + "title", lit(md.title or ex.document))
    e.add(g, DCTERMS + "alternative", lit(md.subtitle))
    e.add(g, DCTERMS + "identifier", lit(ex.document))
    e.add(g, LH + "sha256", lit(ex.sha256))
    e.add(g, DCTERMS + "date", lit(md.date, XSD + "date") if md.date else None)
    e.add(g, LH + "period", lit(md.period))
    if md.genre:
        e.add(g, LH + "genre", concept("genre", md.genre))
    if md.issuing_body:
        e.add(g, LH + "issuingBody", e.body(md.issuing_body))
    if md.region:
        e.add(g, LH + "region", entity_iri("place", md.region))
    if md.meeting:
        e.add(g, LH + "deliveredAt", entity_iri("meeting", md.meeting))
    if md.author:
        author = person_iri(md.author.name, md.author.body)
        e.add(g, DCTERMS + "creator", author)
    if ex.report_evidence:
        e.evidence(g, [ex.report_evidence])

    for b in ex.bodies:
        node = e.body(b.name)
        e.entity("body", node, b.name, b.aliases, b.evidence)
        e.add(node, RDF + "type", NamedNode(ORG + "FormalOrganization"))
        e.add(node, LH + "bodyKind", concept("body", b.kind))
        if b.parent:
            e.add(node, ORG + "subOrganizationOf", e.body(b.parent))
        if b.region:
            e.add(node, LH + "region", entity_iri("place", b.region))

    for p in ex.places:
        node = entity_iri("place", p.name)
        e.entity("place", node, p.name, p.aliases, p.evidence)
        if p.level:
            e.add(node, LH + "placeLevel", concept("placelevel", p.level))
        if p.parent:
            e.add(node, SCHEMA + "containedInPlace", entity_iri("place", p.parent))

    for person in ex.people:
        anchor = next((q.body for q in person.posts if q.body), None)
        node = person_iri(person.name, anchor)
        e.entity("person", node, person.name, (), person.evidence)
        e.add(node, FOAF + "name", lit(person.name))
        for post in person.posts:
            m = iri("membership", str(node), post.post, post.body or "")
            e.add(m, RDF + "type", NamedNode(ORG + "Membership"))
            e.add(m, ORG + "member", node)
            if post.body:
                e.add(m, ORG + "organization", e.body(post.body))
            role = iri("role", post.post)
            e.add(m, ORG + "role", role)
            e.add(role, RDF + "type", NamedNode(ORG + "Role"))
            e.add(role, RDFS + "label", lit(post.post))
            e.add(m, LH + "postTitle", lit(post.post))
            e.add(m, LH + "period", lit(post.period))
            e.add(m, LH + "reportedIn", g)
            e.evidence(m, post.evidence or person.evidence[:1])

    for law in ex.laws:
        node = entity_iri("law", law.name)
        e.entity("law", node, law.name, law.aliases, law.evidence)
        e.add(node, ELI + "title", lit(law.name))
        e.add(node, LH + "legalKind", concept("law", law.kind))
        for act in law.actions:
            a = iri("legalaction", ex.sha256, str(node), act.action, act.body or "")
            e.add(a, RDF + "type", NamedNode(LH + "LegalAction"))
            e.add(a, LH + "actionType", concept("action", act.action))
            e.add(a, PROV + "used", node)
            if act.body:
                e.add(a, PROV + "wasAssociatedWith", e.body(act.body))
            e.add(a, LH + "period", lit(act.period))
            e.add(a, LH + "reportedIn", g)
            e.evidence(a, act.evidence or law.evidence[:1])

    for p in ex.projects:
        node = entity_iri("project", p.name)
        e.entity("project", node, p.name, p.aliases, p.evidence)
        if p.place:
            e.add(node, LH + "place", entity_iri("place", p.place))

    for m in ex.meetings:
        node = entity_iri("meeting", m.name)
        e.entity("meeting", node, m.name, m.aliases, m.evidence)
        e.add(node, SCHEMA + "startDate", lit(m.date, XSD + "date") if m.date else None)
        if m.body:
            e.add(node, LH + "ofBody", e.body(m.body))

    for i, act in enumerate(ex.activities):
        first = act.evidence[0] if act.evidence else None
        a = iri(
            "activity",
            ex.sha256,
            act.type,
            act.body or "",
            str(act.count),
            act.unit or "",
            act.topic or "",
            str(first.start if first else i),
        )
        e.add(a, RDF + "type", NamedNode(LH + "Activity"))
        e.add(a, LH + "activityType", concept("activity", act.type))
        if act.body:
            e.add(a, PROV + "wasAssociatedWith", e.body(act.body))
        e.add(a, LH + "count", lit(act.count))
        e.add(a, LH + "unit", lit(act.unit))
        e.add(a, LH + "period", lit(act.period))
        e.add(a, LH + "topic", lit(act.topic))
        if act.approx:
            e.add(a, LH + "approximate", lit(True))
        e.add(a, LH + "reportedIn", g)
        e.evidence(a, act.evidence)

    return sorted(e.quads, key=str)


def quads_to_nquads(quads: Iterable[Quad]) -> str:
    """Sorted N-Quads text, one quad per line (byte-identical for equal sets)."""
    lines = sorted(f"{q} .\n" for q in quads)
    return "".join(lines)


def iter_entity_kinds() -> Iterator[tuple[str, str]]:
    for name, (_, cls) in ENTITY_TYPES.items():
        yield name, cls


__all__ = [
    "BASE",
    "LH",
    "ID",
    "KIND",
    "PREFIXES",
    "ENTITY_TYPES",
    "BlankNode",
    "to_quads",
    "quads_to_nquads",
    "entity_iri",
    "person_iri",
    "report_iri",
    "concept",
    "norm_key",
]
