"""RDF writers: the store, or a selection of it, as Turtle, N-Triples, N-Quads, TriG, JSON-LD.

Quads are sorted before serialising, so the same graph gives byte-identical files. Triple
formats (ttl, nt) hold the union of all graphs; dataset formats keep one graph per report.
A selection keeps a report's graph, or the quads about the selected entities and the facts
linking them (with their evidence and roles).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib

from ..rdf import ORG, PREFIXES, PROV
from .projection import _ref, _select
from .selection import Selection, resolve_report, select

#: Objects whose own quads travel with a selected subject.
_DEPENDENTS = (PROV + "wasDerivedFrom", ORG + "role")
_CHUNK = 200


def selected_quads(store, selection: Selection | None) -> Iterator[ox.Quad]:
    """The quads an RDF export of ``selection`` holds (unsorted)."""
    sel = selection or Selection()
    if sel.is_everything:
        return iter(store.quads())
    graph = resolve_report(store, sel.report) if sel.report else None
    if sel.entity is None and sel.query is None and sel.types is None:
        return iter(store.quads(graph))
    proj = select(store, sel)
    subjects = set(proj.nodes) | proj.facts()
    quads = _quads_about(store, subjects, graph)
    dependents = {q.object.value for q in quads if q.predicate.value in _DEPENDENTS} - subjects
    return iter(quads + _quads_about(store, dependents, graph))


def _quads_about(store, subjects: Iterable[str], graph: str | None) -> list[ox.Quad]:
    """Every quad whose subject is one of ``subjects`` (SPARQL VALUES, in chunks)."""
    subjects = sorted(subjects)
    where = "" if graph is None else f"FILTER(?g = {_ref(graph)})"
    quads = []
    for i in range(0, len(subjects), _CHUNK):
        values = " ".join(_ref(s) for s in subjects[i : i + _CHUNK])
        rows = _select(
            store, f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {where} }}"
        )
        quads += [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
    return quads


# Sorting by the N-Triples line keeps a subject's triples together (Turtle groups them): each
# term is followed by a space, which sorts below any character inside a term.


def _sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=lambda q: (str(q.graph_name), str(ox.Triple(q.subject, q.predicate, q.object))))


def _sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


def _sort_prefix_lines(data: bytes) -> bytes:
    """pyoxigraph writes @prefix lines in hash order: sort them for stable files."""
    lines = data.split(b"\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def rdf_writer(fmt: ox.RdfFormat, dataset: bool, prefixes: bool):
    """A writer of quads as ``fmt``: returns the file's bytes and how many triples or quads it holds."""

    def write(quads: Iterable[ox.Quad]) -> tuple[bytes, int]:
        items = _sorted_quads(quads) if dataset else _sorted_triples(quads)
        data = ox.serialize(items, format=fmt, prefixes=dict(PREFIXES) if prefixes else None)
        return (_sort_prefix_lines(data) if prefixes else data), len(items)

    return write


def _dumped_lines(store, graph: str | None = None) -> list[bytes]:
    """The store's own N-Triples of one graph (or of the union, each triple once), sorted:
    the order ``_sorted_triples`` gives, without a Python object per triple."""
    buf = io.BytesIO()
    store.dump(buf, ox.RdfFormat.N_TRIPLES, graph=graph)
    return sorted(set(buf.getvalue().splitlines()))


def write_everything(store, fmt: str) -> tuple[bytes, int] | None:
    """Turtle, N-Triples or N-Quads of the whole store through its dump: the same bytes as
    the writers above, an order of magnitude faster on a million triples. None for the
    other formats."""
    if fmt in ("ttl", "nt"):
        lines = _dumped_lines(store)
        data = b"\n".join(lines) + b"\n" if lines else b""
        if fmt == "ttl":
            triples = ox.parse(data, ox.RdfFormat.N_TRIPLES)
            data = _sort_prefix_lines(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)))
        return data, len(lines)
    if fmt == "nq":
        out, n = [], 0
        for g in sorted(store.graph_iris(), key=lambda iri: f"<{iri}>"):
            tail = f" <{g}> .\n".encode("utf-8")
            lines = _dumped_lines(store, g)
            out.append(b"".join(line[:-2] + tail for line in lines))
            n += len(lines)
        return b"".join(out), n
    return None


def _sorted_json(value):
    """A JSON-LD tree with its arrays in a stable order (rdflib emits them in hash order);
    ``@list`` arrays keep theirs, it is their meaning."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_jsonld(quads: Iterable[ox.Quad]) -> tuple[bytes, int]:
    """JSON-LD, one graph per report, compacted against an ``@context`` of the project's
    prefixes (rdflib's JSON-LD serializer), so terms read ``rdfs:label``, ids ``body:…``."""
    items = _sorted_quads(quads)
    ds = rdflib.Dataset()
    ds.parse(data=ox.serialize(items, format=ox.RdfFormat.N_QUADS), format="nquads")
    doc = json.loads(ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    data = json.dumps(_sorted_json(doc), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return data.encode("utf-8"), len(items)


RDF_WRITERS = {
    "ttl": (rdf_writer(ox.RdfFormat.TURTLE, dataset=False, prefixes=True), "Turtle, all graphs merged"),
    "nt": (rdf_writer(ox.RdfFormat.N_TRIPLES, dataset=False, prefixes=False), "N-Triples, all graphs merged"),
    "nq": (rdf_writer(ox.RdfFormat.N_QUADS, dataset=True, prefixes=False), "N-Quads, one graph per report"),
    "trig": (rdf_writer(ox.RdfFormat.TRIG, dataset=True, prefixes=True), "TriG, one graph per report"),
    "jsonld": (write_jsonld, "JSON-LD with an @context, one graph per report"),
}
