"""Namespaces, deterministic IRIs, and ``ReportExtraction`` → RDF quads (pyoxigraph terms).

One named graph per report (graph IRI = report IRI). IRIs come from content only:
``https://w3id.org/lianghui/id/{type}/{key}`` with key = short hash of the canonical key; a
sentence that names entities is ``…/id/sentence/{report hash}-{start}`` (``lh:mentions``).

Long: the namespaces, the IRI rules and the emitter stay together because every triple's IRIs
are made by the rules above it; ``to_nquads`` is one walk over the extraction in ontology order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse

if TYPE_CHECKING:  # the records are only read here: a query never loads them (pydantic models)
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
    "figure": ("figure", LH + "Figure"),
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


# --------------------------------------------------------------------------- emission
# Quads are written straight as N-Quads lines (the text pyoxigraph prints for the same
# terms): building a pyoxigraph object per term and sorting by str() cost most of emit.

_ESCAPE = {chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
_ESCAPE.update({"\b": r"\b", "\t": r"\t", "\n": r"\n", "\f": r"\f", "\r": r"\r", '"': r"\"", "\\": r"\\"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_T_BOOLEAN, _T_INTEGER = f"^^<{XSD}boolean>", f"^^<{XSD}integer>"


def _quoted(text: str) -> str:
    """An N-Triples string literal, escaped as oxrdf prints it."""
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: _ESCAPE[m.group()], text)
    return f'"{text}"'


def _lit(value: str | int | bool | None, datatype: str | None = None) -> str | None:
    """``lit`` as N-Triples text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ('"true"' if value else '"false"') + _T_BOOLEAN
    if isinstance(value, int):
        return f'"{value}"{_T_INTEGER}'
    if datatype and datatype != XSD + "string":
        return f"{_quoted(value)}^^<{datatype}>"
    return _quoted(value)


def _zh(text: str) -> str:
    """A Chinese label as N-Triples text: tagged @zh (rdfs:label, skos:altLabel)."""
    return f"{_quoted(text)}@zh"


def _iri(kind: str, *key: str) -> str:
    return f"<{ID}{ENTITY_TYPES[kind][0]}/{key_hash(*key)}>"


_entity_cache: dict[tuple[str, str], str] = {}


def _entity(kind: str, name: str) -> str:
    key = (kind, name)
    found = _entity_cache.get(key)
    if found is None:
        if len(_entity_cache) > 100_000:
            _entity_cache.clear()
        found = _entity_cache[key] = _iri(kind, norm_key(name))
    return found


def _person(name: str, anchor: str | None) -> str:
    return _iri("person", norm_key(name), norm_key(anchor or ""))


_concepts: dict[tuple[str, str], str] = {}


def _concept(scheme: str, name: str) -> str:
    found = _concepts.get((scheme, name))
    if found is None:  # validated once: kinds come from records, not from code
        found = _concepts[(scheme, name)] = f"<{concept(scheme, name).value}>"
    return found


def _u(iri_text: str) -> str:
    return f"<{iri_text}>"


_TYPE = _u(RDF + "type")
_DERIVED = _u(PROV + "wasDerivedFrom")
_EVIDENCE_CLASS = _u(LH + "Evidence")
_P_DOCUMENT, _P_START, _P_END, _P_QUOTE, _P_RULE = (_u(LH + x) for x in ("document", "start", "end", "quote", "rule"))
_P_MENTIONS = _u(LH + "mentions")


class _Emitter:
    """Collects the N-Quads lines of one report graph; entities and evidence deduplicated."""

    def __init__(self, ex: ReportExtraction, local: Mapping[str, str]) -> None:
        self.ex = ex
        self.local = {_u(a): _u(b) for a, b in local.items()}
        self.graph = _u(report_iri(ex.sha256).value)
        self.lines: set[str] = set()
        self.tail = f" {self.graph} .\n"

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is None:
            return
        self.lines.add(f"{s} <{p}> {o}{self.tail}")

    def evidence(self, subject: str, evs: Iterable[Evidence]) -> None:
        add, tail, sha = self.lines.add, self.tail, self.ex.sha256
        for ev in evs:
            node = _iri("evidence", sha, str(ev.start), str(ev.end), ev.rule)
            add(f"{subject} {_DERIVED} {node}{tail}")
            add(f"{node} {_TYPE} {_EVIDENCE_CLASS}{tail}")
            add(f"{node} {_P_DOCUMENT} {self.graph}{tail}")
            add(f'{node} {_P_START} "{ev.start}"{_T_INTEGER}{tail}')
            add(f'{node} {_P_END} "{ev.end}"{_T_INTEGER}{tail}')
            add(f"{node} {_P_QUOTE} {_quoted(ev.quote)}{tail}")
            add(f"{node} {_P_RULE} {_quoted(ev.rule)}{tail}")

    def entity(self, kind: str, node: str, label: str, aliases: Iterable[str], evs) -> None:
        self.add(node, RDF + "type", _u(ENTITY_TYPES[kind][1]))
        self.add(node, RDFS + "label", _zh(label))
        for a in aliases:
            if a != label:
                self.add(node, SKOS + "altLabel", _zh(a))
        self.add(node, LH + "mentionedIn", self.graph)
        self.evidence(node, evs)
        for ev in evs:  # its sentences: co_mentions joins two entities on one without reading evidence
            self.lines.add(f"<{ID}sentence/{self.ex.sha256[:16]}-{ev.start}> {_P_MENTIONS} {node}{self.tail}")

    def body(self, name: str | None) -> str | None:
        return self.named("body", name) if name else None

    def named(self, kind: str, name: str) -> str:
        node = _entity(kind, name)
        return self.local.get(node, node)


def to_nquads(ex: ReportExtraction, local: Mapping[str, str] | None = None) -> str:
    """The sorted N-Quads text of one report's named graph (byte-identical for equal input);
    entity IRIs in ``local`` are written as the IRI they map to (identity.local_keys).

    Long: one walk over the extraction, kind by kind in ontology order, so that a reader sees
    every triple a report graph can hold in one place."""
    e = _Emitter(ex, local or {})
    g = e.graph
    md = ex.metadata
    e.add(g, RDF + "type", _u(LH + "Report"))
    e.add(g, DCTERMS + "title", _lit(md.title or ex.document))
    e.add(g, DCTERMS + "alternative", _lit(md.subtitle))
    e.add(g, DCTERMS + "identifier", _lit(ex.document))
    e.add(g, LH + "sha256", _lit(ex.sha256))
    e.add(g, DCTERMS + "date", _lit(md.date, XSD + "date") if md.date else None)
    e.add(g, LH + "period", _lit(md.period))
    if md.genre:
        e.add(g, LH + "genre", _concept("genre", md.genre))
    if md.issuing_body:
        e.add(g, LH + "issuingBody", e.body(md.issuing_body))
    if md.region:
        e.add(g, LH + "region", _entity("place", md.region))
    if md.meeting:
        e.add(g, LH + "deliveredAt", e.named("meeting", md.meeting))
    if md.author:
        e.add(g, DCTERMS + "creator", _person(md.author.name, md.author.body))
    if ex.report_evidence:
        e.evidence(g, [ex.report_evidence])

    for b in ex.bodies:
        node = e.body(b.name)
        e.entity("body", node, b.name, b.aliases, b.evidence)
        e.add(node, RDF + "type", _u(ORG + "FormalOrganization"))
        e.add(node, LH + "bodyKind", _concept("body", b.kind))
        if b.parent:
            e.add(node, ORG + "subOrganizationOf", e.body(b.parent))
        if b.region:
            e.add(node, LH + "region", _entity("place", b.region))

    for p in ex.places:
        node = _entity("place", p.name)
        e.entity("place", node, p.name, p.aliases, p.evidence)
        if p.level:
            e.add(node, LH + "placeLevel", _concept("placelevel", p.level))
        if p.parent:
            e.add(node, SCHEMA + "containedInPlace", _entity("place", p.parent))

    for person in ex.people:
        anchor = next((q.body for q in person.posts if q.body), None)
        node = _person(person.name, anchor)
        e.entity("person", node, person.name, (), person.evidence)
        e.add(node, FOAF + "name", _lit(person.name))
        for post in person.posts:
            m = _iri("membership", node, post.post, post.body or "")
            e.add(m, RDF + "type", _u(ORG + "Membership"))
            e.add(m, ORG + "member", node)
            if post.body:
                e.add(m, ORG + "organization", e.body(post.body))
            role = _iri("role", post.post)
            e.add(m, ORG + "role", role)
            e.add(role, RDF + "type", _u(ORG + "Role"))
            e.add(role, RDFS + "label", _zh(post.post))
            e.add(m, LH + "postTitle", _lit(post.post))
            e.add(m, LH + "period", _lit(post.period))
            e.add(m, LH + "reportedIn", g)
            e.evidence(m, post.evidence or person.evidence[:1])

    for law in ex.laws:
        node = _entity("law", law.name)
        e.entity("law", node, law.name, law.aliases, law.evidence)
        e.add(node, ELI + "title", _lit(law.name))
        e.add(node, LH + "legalKind", _concept("law", law.kind))
        for act in law.actions:
            a = _iri("legalaction", ex.sha256, node, act.action, act.body or "")
            e.add(a, RDF + "type", _u(LH + "LegalAction"))
            e.add(a, LH + "actionType", _concept("action", act.action))
            e.add(a, PROV + "used", node)
            if act.body:
                e.add(a, PROV + "wasAssociatedWith", e.body(act.body))
            e.add(a, LH + "period", _lit(act.period))
            e.add(a, LH + "reportedIn", g)
            e.evidence(a, act.evidence or law.evidence[:1])

    for p in ex.projects:
        node = _entity("project", p.name)
        e.entity("project", node, p.name, p.aliases, p.evidence)
        if p.place:
            e.add(node, LH + "place", _entity("place", p.place))

    for m in ex.meetings:
        node = e.named("meeting", m.name)
        e.entity("meeting", node, m.name, m.aliases, m.evidence)
        e.add(node, SCHEMA + "startDate", _lit(m.date, XSD + "date") if m.date else None)
        if m.body:
            e.add(node, LH + "ofBody", e.body(m.body))

    for i, act in enumerate(ex.activities):
        first = act.evidence[0] if act.evidence else None
        a = _iri(
            "activity",
            ex.sha256,
            act.type,
            act.body or "",
            str(act.count),
            act.unit or "",
            act.topic or "",
            str(first.start if first else i),
        )
        e.add(a, RDF + "type", _u(LH + "Activity"))
        e.add(a, LH + "activityType", _concept("activity", act.type))
        if act.body:
            e.add(a, PROV + "wasAssociatedWith", e.body(act.body))
        e.add(a, LH + "count", _lit(act.count))
        e.add(a, LH + "unit", _lit(act.unit))
        e.add(a, LH + "period", _lit(act.period))
        e.add(a, LH + "topic", _lit(act.topic))
        if act.approx:
            e.add(a, LH + "approximate", _lit(True))
        e.add(a, LH + "date", _lit(act.date, XSD + "date") if act.date else None)
        e.add(a, LH + "reportedIn", g)
        e.evidence(a, act.evidence)

    for i, fig in enumerate(ex.figures):
        first = fig.evidence[0] if fig.evidence else None
        f = _iri("figure", ex.sha256, str(fig.value), fig.unit or "", fig.date or "", fig.measures or "",
                 str(first.start if first else i))
        e.add(f, RDF + "type", _u(LH + "Figure"))
        if fig.value is not None:
            e.add(f, LH + "value", _lit(_decimal(fig.value), XSD + "decimal"))
        e.add(f, LH + "unit", _lit(fig.unit))
        e.add(f, LH + "date", _lit(fig.date, XSD + "date") if fig.date else None)
        e.add(f, LH + "measures", _lit(fig.measures))
        if fig.approx:
            e.add(f, LH + "approximate", _lit(True))
        e.add(f, LH + "reportedIn", g)
        e.evidence(f, fig.evidence)

    return "".join(sorted(e.lines))


def _decimal(value) -> str:
    """A Decimal as an xsd:decimal lexical form: no exponent, no trailing zeros (12000, 95.8)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_quads(ex: ReportExtraction) -> list[Quad]:
    """All quads of one report's named graph, sorted for deterministic output."""
    return list(parse(to_nquads(ex).encode("utf-8"), RdfFormat.N_QUADS))


def graph_triples(nquads: str, sha256: str) -> bytes:
    """The triples of one report graph (``to_nquads`` text) as N-Triples, in the same order:
    every line without its graph name, which ends each line (a literal never holds a newline)."""
    return nquads.replace(f" <{report_iri(sha256).value}> .\n", " .\n").encode("utf-8")


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
