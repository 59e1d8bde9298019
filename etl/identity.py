"""Cross-report identity: one IRI per real thing, and the resolution graph that says why.

Within a report, canonical names already key the IRIs (rdf.entity_iri), so the same
canonical name in two reports is one entity. Across reports this module adds the merges
that need the whole corpus:

- a shorter form that is the tail of exactly one fuller region-qualified form of the same
  kind (乌当区人大常委会 → 贵阳市乌当区人大常委会, when no other 乌当区 is known);
- laws written with and without the 中华人民共和国 prefix;
- people of one name whose post bodies became the same entity.

Homonyms stay apart: two bodies of different regions, two people of one name in different
bodies. Every merge is an ``lh:IdentityDecision`` in the resolution graph with its reason,
and publishing applies the merges to the quads of the report graphs (``merge_quads``: the
merged-away label becomes an skos:altLabel and the kept entity brings its own label), so
undoing a merge is rebuilding without it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from . import rdf
from .hanzi import ONE_TO_TEN, UNIT_CHARS
from .lexicon import default_lexicon
from .models import ReportExtraction

RESOLUTION_GRAPH = rdf.ID + "graph/resolution"
LAW_PREFIXES = ("中华人民共和国",)
REGION_SUFFIXES = UNIT_CHARS
NATIONAL_MARKERS = ("中国", "全国", "中央", "国家", "国务院", "最高")
LOCAL_KINDS = (("body", "bodies"), ("meeting", "meetings"))


#: A plenum of the party's central committee (二十届四中全会): one meeting, named alike in every report.
CENTRAL_PLENUM = re.compile(rf"(?:中共)?[{ONE_TO_TEN}]+届[{ONE_TO_TEN}]+中全会")


@cache
def _national_names() -> frozenset[str]:
    """The lexicon's national bodies (公安部, 海关总署): one body, whatever report names it."""
    return frozenset(default_lexicon().national_bodies)


def is_unqualified(name: str) -> bool:
    """A body or meeting name with no region in it (代表联络站, 政协十届二次会议): it means a
    different thing in every region, so it never merges across reports of different regions.
    National names (全国人大, 国务院, 公安部) and the central committee's plenums (二十届四中全会,
    where 中 is the centre) are the same thing everywhere."""
    if CENTRAL_PLENUM.fullmatch(name) or name in _national_names():
        return False
    return not any(c in name for c in REGION_SUFFIXES) and not any(m in name for m in NATIONAL_MARKERS)


@dataclass
class Mapping:
    """old IRI → kept IRI, with the decisions that made the merges."""

    target: dict[str, str] = field(default_factory=dict)
    decisions: list[tuple[str, str, str, str, tuple[str, ...]]] = field(default_factory=list)
    # (kept IRI, kind, reason, rule, merged names)
    labels: dict[str, str] = field(default_factory=dict)  # kept IRI → its name (rdfs:label)

    def __call__(self, iri: str) -> str:
        return self.target.get(iri, iri)


def _law_key(name: str) -> str:
    key = rdf.norm_key(name)
    for p in LAW_PREFIXES:
        if key.startswith(p) and len(key) > len(p) + 1:
            key = key[len(p) :]
    return key


def _tail_merges(kind: str, names: set[str]) -> dict[str, str]:
    """Short form → the one fuller form that ends with it and adds a region in front."""
    by_tail: dict[str, list[str]] = defaultdict(list)  # tail after a region suffix → names
    for n in names:
        for k in range(1, len(n)):
            if n[k - 1] in REGION_SUFFIXES:
                by_tail[n[k:]].append(n)
    out = {}
    for short in names:
        fuller = by_tail.get(short, ())
        # the short form must itself start with a region name (乌当区…, not 人大常委会)
        if len(fuller) == 1 and any(s in short[:6] for s in REGION_SUFFIXES):
            out[short] = fuller[0]
    return out


def local_keys(ex: ReportExtraction) -> dict[str, str]:
    """IRI → IRI keyed by the report's region too, for the report's unqualified body and
    meeting names: they are made local when the report is emitted (``emit``)."""
    out = {}
    for kind, attr in LOCAL_KINDS:
        for item in getattr(ex, attr):
            if is_unqualified(item.name):
                old = rdf.entity_iri(kind, item.name).value
                out[old] = rdf.iri(kind, rdf.norm_key(item.name), ex.metadata.region or ex.sha256).value
    return out


def emit(ex: ReportExtraction) -> str:
    """The report's graph as sorted N-Quads, its unqualified names already made local: what
    the cache keeps, and what the corpus-wide merges (``rewrite``) then apply to."""
    return rdf.to_nquads(ex, local_keys(ex))


def resolve_corpus(extractions: Sequence[ReportExtraction]) -> Mapping:
    m = Mapping()
    for kind, attr in (("body", "bodies"), ("place", "places"), ("meeting", "meetings")):
        names = {item.name for ex in extractions for item in getattr(ex, attr)}
        for short, full in sorted(_tail_merges(kind, names).items()):
            old, new = rdf.entity_iri(kind, short).value, rdf.entity_iri(kind, full).value
            m.target[old] = new
            m.labels[new] = full
            m.decisions.append((new, kind, f"'{short}' is the tail of the one fuller name '{full}'",
                                f"identity.tail.{kind}", (short, full)))
    by_key: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for law in ex.laws:
            by_key[_law_key(law.name)].add(law.name)
    for key, names in sorted(by_key.items()):
        if len(names) > 1:
            keep = max(sorted(names), key=len)
            m.labels[rdf.entity_iri("law", keep).value] = keep
            for n in sorted(names - {keep}):
                m.target[rdf.entity_iri("law", n).value] = rdf.entity_iri("law", keep).value
            m.decisions.append((rdf.entity_iri("law", keep).value, "law",
                                f"the same title with and without {'/'.join(LAW_PREFIXES)}",
                                "identity.law_prefix", tuple(sorted(names))))
    # people: re-key by (name, merged body) so that a body merge carries its people along
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ex in extractions:
        for p in ex.people:
            anchor = next((q.body for q in p.posts if q.body), None)
            old = rdf.person_iri(p.name, anchor).value
            body_iri = m(rdf.entity_iri("body", anchor).value) if anchor else ""
            people[(p.name, body_iri)].add(old)
    for (name, body_iri), olds in sorted(people.items()):
        if len(olds) > 1:
            keep = sorted(olds)[0]
            m.labels[keep] = name
            for o in sorted(olds - {keep}):
                m.target[o] = keep
            m.decisions.append((keep, "person", f"same name '{name}' with a post in the same (merged) body",
                                "identity.person_body", (name,)))
    m.target = {old: _follow(m.target, old) for old in m.target}  # a chain ends at its last IRI
    return m


def _follow(target: dict[str, str], iri: str) -> str:
    seen = {iri}
    while iri in target and target[iri] not in seen:
        iri = target[iri]
        seen.add(iri)
    return iri


_LABEL = ox.NamedNode(rdf.RDFS + "label")
_ALT_LABEL = ox.NamedNode(rdf.SKOS + "altLabel")
_TITLE = ox.NamedNode(rdf.ELI + "title")
_MERGEABLE = tuple(f"{rdf.ID}{kind}/" for kind in ("body", "person", "law", "project", "place", "meeting"))
_MERGEABLE_RX = "(?:" + "|".join(map(re.escape, _MERGEABLE)) + ")[^>]*"
#: an entity as an N-Quads line's subject (after a newline) or object (between the predicate and the graph);
#: a literal prefix each, which ``re`` finds fast (``^`` in multiline mode would try every position)
_ENTITY_TERMS = (re.compile(rf"\n<({_MERGEABLE_RX})>"), re.compile(rf"> <({_MERGEABLE_RX})> <"))


def entity_iris(quads: Iterable[ox.Quad] | str) -> list[str]:
    """The entity IRIs (bodies, people, laws, projects, places, meetings) that ``quads`` (or
    the N-Quads text ``emit`` wrote) name as subject or object: what the corpus-wide merges can touch."""
    if isinstance(quads, str):
        return sorted({iri for rx in _ENTITY_TERMS for iri in rx.findall("\n" + quads)})
    found = set()
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(_MERGEABLE):
                found.add(term.value)
    return sorted(found)


def merge_quads(quads: Iterable[ox.Quad], mapping: Mapping) -> set[ox.Quad] | None:
    """Apply the corpus-wide merges to the quads of one report graph, on terms: merged IRIs
    are replaced by the kept one, a merged-away rdfs:label becomes skos:altLabel and its
    eli:title the kept name, and the kept entity gets its own label in this graph too (an
    entity is never left without its label where it is used). None when nothing changes."""
    quads = set(quads)
    change = merge_change(quads, mapping)
    if change is None:
        return None
    removed, added = change
    return (quads - removed) | added


def merge_change(quads: Iterable[ox.Quad], mapping: Mapping) -> tuple[set[ox.Quad], set[ox.Quad]] | None:
    """What the merges (``merge_quads``) take out of one report graph's quads and put in:
    ``(removed, added)``, the merged graph being ``quads - removed | added``; only the quads
    that name a merged IRI are rebuilt. None when nothing changes."""
    target = mapping.target
    removed: set[ox.Quad] = set()
    added: set[ox.Quad] = set()
    alt_labels: set[ox.Quad] = set()  # unchanged ones: a kept entity's own label replaces one
    named: dict[str, ox.NamedNode | ox.DefaultGraph] = {}  # kept IRI → a graph it was merged into

    for q in quads:
        s, o = target.get(q.subject.value), target.get(q.object.value)
        if s is not None or o is not None:  # an IRI merged, unless a blank node or literal reads like one
            s = ox.NamedNode(s) if s is not None and isinstance(q.subject, ox.NamedNode) else None
            o = ox.NamedNode(o) if o is not None and isinstance(q.object, ox.NamedNode) else None
        if s is None and o is None:
            if q.predicate == _ALT_LABEL:
                alt_labels.add(q)
            continue
        removed.add(q)
        p, obj = q.predicate, o or q.object
        if s is not None:
            named[s.value] = q.graph_name
            if p == _LABEL:
                p = _ALT_LABEL
            elif p == _TITLE and s.value in mapping.labels:
                obj = ox.Literal(mapping.labels[s.value])
        added.add(ox.Quad(s or q.subject, p, obj, q.graph_name))
    if not removed:
        return None
    for iri, graph in named.items():
        if iri in mapping.labels:
            label = ox.Literal(mapping.labels[iri], language="zh")
            node = ox.NamedNode(iri)
            added.add(ox.Quad(node, _LABEL, label, graph))
            alt = ox.Quad(node, _ALT_LABEL, label, graph)
            added.discard(alt)
            if alt in alt_labels:
                removed.add(alt)
    return removed, added


def rewrite(nquads: str, mapping: Mapping) -> str:
    """One report graph's sorted N-Quads with the corpus-wide merges applied (``merge_quads``);
    the same text when no merge touches it."""
    if not mapping.target or not nquads:
        return nquads
    merged = merge_quads(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS), mapping)
    return nquads if merged is None else rdf.quads_to_nquads(merged)


def resolution_graph(extractions: Sequence[ReportExtraction], mapping: Mapping) -> str:
    """lh:IdentityDecision nodes: which surface forms in which reports became one IRI, and why."""
    g = ox.NamedNode(RESOLUTION_GRAPH)
    lh = rdf.LH
    seen: dict[str, dict] = {}

    def note(kind: str, node: str, name: str, forms, report: str, local: dict[str, str]) -> None:
        node = mapping(local.get(node, node))
        d = seen.get(node)
        if d is None:
            d = seen[node] = {"kind": kind, "name": name, "reports": set(), "forms": set()}
        d["reports"].add(report)
        d["forms"].update(forms)

    for ex in extractions:
        report = rdf.report_iri(ex.sha256).value
        local = local_keys(ex)
        for kind, attr in (("body", "bodies"), ("law", "laws"), ("place", "places"), ("project", "projects"),
                           ("meeting", "meetings")):
            for item in getattr(ex, attr):
                note(kind, rdf.entity_iri(kind, item.name).value, item.name, [item.name, *item.aliases], report,
                     local)
        for p in ex.people:
            anchor = next((q.body for q in p.posts if q.body), None)
            note("person", rdf.person_iri(p.name, anchor).value, p.name, [p.name], report, local)
    reasons = {keep: (reason, rule) for keep, _k, reason, rule, _n in mapping.decisions}
    quads = set()

    def add(s, p, o) -> None:
        quads.add(ox.Quad(s, ox.NamedNode(p), o, g))

    for entity, d in seen.items():
        if len(d["reports"]) < 2 and entity not in reasons:
            continue
        node = ox.NamedNode(f"{rdf.ID}merge/{rdf.key_hash(entity)}")
        reason, rule = reasons.get(entity, (
            f"same canonical name '{d['name']}' ({d['kind']}) in {len(d['reports'])} reports",
            f"identity.canonical_name.{d['kind']}",
        ))
        add(node, rdf.RDF + "type", ox.NamedNode(lh + "IdentityDecision"))
        add(node, lh + "entity", ox.NamedNode(entity))
        add(node, lh + "reason", ox.Literal(reason))
        add(node, lh + "rule", ox.Literal(rule))
        for r in d["reports"]:
            add(node, lh + "report", ox.NamedNode(r))
        for f in d["forms"]:
            add(node, lh + "surfaceForm", ox.Literal(f))
    return rdf.quads_to_nquads(quads)
