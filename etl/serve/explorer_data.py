"""What the explorer's pages show, read from query results: the SPARQL it sends (through the
worker pool, like every query) and the records it makes of the answers.

An entity's facts are the fact nodes that point at it (memberships, legal actions,
activities), each with its evidence sentences; a report's text is the source file the build
read (named in the store's build manifest, checked by its sha256), with the evidence
sentences marked at their source offsets. No function here runs a query itself.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import rdf
from ..clean import clean
from ..errors import LianghuiError
from ..ingest import read_report
from ..queries import concepts, one_line

PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in rdf.PREFIXES.items() if not k.endswith("kind"))
FACT_CLASSES = "org:Membership lh:LegalAction lh:Activity"
MAX_FACT_ROWS = 4000  # property rows of an entity's facts (a hub has thousands)
MAX_EVIDENCE = 1500  # evidence sentences listed on one page
SHOWN_PREDICATES = {  # predicate of a fact → the column it is shown in
    rdf.ORG + "member": "person",
    rdf.ORG + "organization": "body",
    rdf.LH + "postTitle": "post",
    rdf.PROV + "used": "law",
    rdf.PROV + "wasAssociatedWith": "body",
    rdf.LH + "actionType": "action",
    rdf.LH + "activityType": "activity",
    rdf.LH + "count": "count",
    rdf.LH + "unit": "unit",
    rdf.LH + "period": "period",
    rdf.LH + "topic": "topic",
    rdf.LH + "date": "date",
}


# --------------------------------------------------------------------------- queries


def iri_term(text: str) -> ox.NamedNode | None:
    """An IRI of this graph's namespace (entity, report), else None: nothing else is looked up."""
    text = text.strip().removeprefix("<").removesuffix(">")
    if not text.startswith(rdf.ID):
        return None
    try:
        return ox.NamedNode(text)
    except ValueError:
        return None


def about_query(entity: ox.NamedNode) -> str:
    """The entity's own statements, with the label of what they point at."""
    return PREFIXES + f"""SELECT ?p ?o ?olabel WHERE {{
  {entity} ?p ?o . FILTER(?p != prov:wasDerivedFrom)
  OPTIONAL {{ ?o rdfs:label|dcterms:title ?olabel }}
}} LIMIT {MAX_FACT_ROWS}"""


def facts_query(entity: ox.NamedNode) -> str:
    """Every property of the facts that point at the entity."""
    return PREFIXES + f"""SELECT ?fact ?class ?p ?o ?olabel WHERE {{
  ?fact ?link {entity} . ?fact a ?class . VALUES ?class {{ {FACT_CLASSES} }}
  ?fact ?p ?o . FILTER(?p != rdf:type && ?p != prov:wasDerivedFrom && ?p != lh:reportedIn)
  OPTIONAL {{ ?o rdfs:label ?olabel }}
}} LIMIT {MAX_FACT_ROWS}"""


def evidence_query(entity: ox.NamedNode) -> str:
    """The evidence of the entity (?fact unbound) and of the facts that point at it."""
    return PREFIXES + f"""SELECT ?fact ?report ?title ?start ?end ?quote ?rule WHERE {{
  {{ {entity} prov:wasDerivedFrom ?ev }}
  UNION
  {{ ?fact ?link {entity} . ?fact a ?class . VALUES ?class {{ {FACT_CLASSES} }} ?fact prov:wasDerivedFrom ?ev }}
  ?ev lh:document ?report ; lh:start ?start ; lh:end ?end ; lh:quote ?quote ; lh:rule ?rule .
  OPTIONAL {{ ?report dcterms:title ?title }}
}} ORDER BY ?report ?start ?fact LIMIT {MAX_EVIDENCE * 4}"""


def report_query(report: ox.NamedNode) -> str:
    return PREFIXES + f"""SELECT ?p ?o ?olabel WHERE {{
  {report} ?p ?o . FILTER(?p != prov:wasDerivedFrom)
  OPTIONAL {{ ?o rdfs:label ?olabel }}
}} LIMIT 200"""


def report_spans_query(report: ox.NamedNode) -> str:
    """The evidence sentences of a report and what each is evidence of."""
    return PREFIXES + f"""SELECT DISTINCT ?start ?end ?quote ?subject ?label WHERE {{
  ?ev lh:document {report} ; lh:start ?start ; lh:end ?end ; lh:quote ?quote .
  ?subject prov:wasDerivedFrom ?ev . OPTIONAL {{ ?subject rdfs:label ?label }}
}} ORDER BY ?start ?end LIMIT 20000"""


# --------------------------------------------------------------------------- reading answers


def value(term) -> str:
    """What a person reads for a term: a concept's label, a literal's text, else the IRI."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode) and term.value.startswith(rdf.KIND):
        return concept_label(term.value)
    return term.value


@functools.cache
def _concept_labels() -> dict[str, str]:
    out = {}
    for scheme in rdf.SCHEMES:
        for c in concepts(scheme):
            zh = next((x for x in c.labels if re.search(r"[\u4e00-\u9fff]", x)), None)
            out[c.iri] = f"{zh} {c.notation}" if zh else c.notation
    return out


def concept_label(iri: str) -> str:
    return _concept_labels().get(iri, iri.rsplit("/", 1)[-1])


def kind_of(iri: str) -> str:
    """The entity type an IRI of this graph names (body, person … report), else ''."""
    return iri[len(rdf.ID) :].split("/", 1)[0] if iri.startswith(rdf.ID) else ""


def report_key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@dataclass
class Evidence:
    report: str
    title: str
    start: int
    end: int
    quote: str
    rule: str

    @property
    def link(self) -> str:
        return f"/explore/report/{report_key(self.report)}?start={self.start}&end={self.end}#focus"


@dataclass
class Fact:
    iri: str
    kind: str  # Membership, LegalAction, Activity
    cells: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # column → entity IRI shown there
    evidence: list[Evidence] = field(default_factory=list)


def _evidence(row) -> Evidence:
    return Evidence(row["report"].value, value(row.get("title")), int(row["start"].value), int(row["end"].value),
                    one_line(row["quote"].value), row["rule"].value)


def group_facts(entity: str, props, evidence) -> tuple[list[Fact], list[Evidence]]:
    """Facts pointing at ``entity`` (from ``facts_query`` and ``evidence_query`` rows) and the
    entity's own evidence, both in report and text order."""
    facts: dict[str, Fact] = {}
    for row in props:
        fact = facts.setdefault(row["fact"].value, Fact(row["fact"].value, row["class"].value.rsplit("#", 1)[-1]))
        column = SHOWN_PREDICATES.get(row["p"].value)
        o = row["o"]
        if column is None or (isinstance(o, ox.NamedNode) and o.value == entity):
            continue
        shown = value(row.get("olabel")) or value(o)
        fact.cells[column] = f"{fact.cells[column]}, {shown}" if column in fact.cells else shown
        if isinstance(o, ox.NamedNode) and kind_of(o.value):
            fact.links[column] = o.value
    own: list[Evidence] = []
    for row in evidence:
        ev = _evidence(row)
        fact = row.get("fact")
        if fact is None:
            own.append(ev)
        elif fact.value in facts:
            facts[fact.value].evidence.append(ev)
    ordered = sorted(facts.values(), key=lambda f: (f.evidence[0].report, f.evidence[0].start) if f.evidence else ("~", 0))
    return ordered, _unique(own)


def _unique(evs: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for ev in evs:
        if (ev.report, ev.start, ev.end) not in seen:
            seen.add((ev.report, ev.start, ev.end))
            out.append(ev)
    return out[:MAX_EVIDENCE]


def marked(text: str, names: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is-a-name) for highlighting the names in an evidence sentence."""
    names = sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True)
    if not names:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(n) for n in names))
    out, at = [], 0
    for m in pattern.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], False))
        out.append((m.group(), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


# --------------------------------------------------------------------------- report text


def manifest_paths(store) -> dict[str, str]:
    """sha256 → the source path a build read it from (the store's build manifest; {} if none)."""
    try:
        path = Path(store.cache_dir) / "manifest.json"
        reports = json.loads(path.read_text(encoding="utf-8"))["reports"]
    except (AttributeError, OSError, KeyError, ValueError, TypeError, LianghuiError):
        return {}
    return {entry["sha256"]: name for name, entry in reports.items() if isinstance(entry, dict) and "sha256" in entry}


@dataclass(frozen=True)
class ReadableText:
    """A report's source as a person reads it: the characters the clean-up kept (hard line
    wraps, page furniture and repeats left out), each still the source's own character."""

    text: str
    runs: tuple[tuple[int, int, int], ...]  # (offset here, source offset, length), as OffsetMap

    def at(self, source: int) -> int:
        """The offset here of a source offset (of the next kept character when it was left out)."""
        i = bisect.bisect_right(self._source_starts, source) - 1
        if i < 0:
            return 0
        here, start, length = self.runs[i]
        if source < start + length:
            return here + source - start
        return here + length

    @functools.cached_property
    def _source_starts(self) -> list[int]:
        return [s for _, s, _ in self.runs]


@functools.lru_cache(maxsize=8)
def source_text(path: str, sha256: str) -> ReadableText | None:
    """The text of the file at ``path`` if it is still the report with ``sha256``, else None."""
    try:
        doc = read_report(path)
    except (LianghuiError, OSError):
        return None
    if doc.sha256 != sha256:
        return None
    runs = tuple(clean(doc).offsets.runs) or ((0, 0, len(doc.source)),)
    return ReadableText("".join(doc.source[s : s + n] for _, s, n in runs), runs)


@dataclass
class Piece:
    text: str
    cls: str = ""  # "ev" inside an evidence sentence, "ev focus" the one asked for
    title: str = ""  # what the sentence is evidence of
    anchor: bool = False  # the first piece of the sentence asked for (id="focus")


def text_pieces(text: str, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None) -> list[Piece]:
    """``text`` cut at the evidence spans (start, end, what it is evidence of), offsets in ``text``."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(e, len(text)))))
    if focus:
        cuts.update((max(0, min(focus[0], len(text))), max(0, min(focus[1], len(text)))))
    points = sorted(cuts)
    covering: dict[int, list[str]] = {}
    for s, e, what in spans:
        for p in points:
            if s <= p < e:
                covering.setdefault(p, []).append(what)
    out, anchored = [], False
    for a, b in zip(points, points[1:]):
        whats = covering.get(a, [])
        cls = "ev" if whats else ""
        anchor = False
        if focus and focus[0] <= a < focus[1]:
            cls, anchor, anchored = "ev focus", not anchored, True
        out.append(Piece(text[a:b], cls, "; ".join(sorted(set(whats)))[:300], anchor))
    return out


def readable_pieces(text: ReadableText, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None) -> list[Piece]:
    """``text_pieces`` of a ReadableText, for spans and focus in source offsets."""
    moved = [(text.at(a), text.at(b), what) for a, b, what in spans]
    return text_pieces(text.text, moved, (text.at(focus[0]), text.at(focus[1])) if focus else None)
