"""Stores that keep one version: ``MemoryStore`` (rdflib, for comparisons and notebooks) and
the part of the Publisher interface they share with a remote server (``SingleVersion``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import StoreError
from .loading import dump_union
from .publisher import Delta, GraphSource, build_lock
from .query_result import QueryResult, Term


class SingleVersion:
    """The ``Store`` publishing part for stores that keep one version (no generations, no
    preload): the memory store and a remote server. Their cache lives under graphs/cache."""

    location: str
    last_delta: Delta | None = None

    @property
    def cache_dir(self) -> Path:
        return Path("graphs/cache") / hashlib.sha256(self.location.encode()).hexdigest()[:12]

    def claim(self) -> None:
        pass

    def build_lock(self, notify: Callable[[str], None] | None = None):
        return build_lock(self.cache_dir / "build.lock", self.location, notify)

    def current_generation(self) -> str | None:
        return None

    def graph_keys(self) -> dict[str, str]:
        return {}

    def preload(self) -> None:
        return None

    def counts(self) -> tuple[int, int]:
        q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        return int(self.query(q).rows[0][0].value), len(self)

    def dataset(self) -> ox.Store:
        db = ox.Store()
        db.bulk_extend(self.quads())
        return db

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult: ...

    def __len__(self) -> int: ...


def staged(graphs: Mapping[str, "str | GraphSource"], validate=None) -> tuple[dict[str, str], ox.Store]:
    """The N-Quads of ``graphs`` and an in-memory store of all of them, validated with
    ``validate(db, names)`` (the graphs not ``checked``) before anything is written."""
    texts, unchecked = {}, []
    db = ox.Store()
    for graph in sorted(graphs):
        value = graphs[graph]
        text = value.text() if isinstance(value, GraphSource) else value
        texts[graph] = text
        if not (isinstance(value, GraphSource) and value.checked):
            unchecked.append(graph)
        if text:
            try:
                db.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
            except SyntaxError as e:
                raise StoreError(f"graph {graph} is not valid N-Quads ({e})") from None
    if validate is not None:
        validate(db, unchecked)
    return texts, db


class MemoryStore(SingleVersion):
    """rdflib in-memory Dataset: the reference engine for comparisons and notebooks."""

    def __init__(self) -> None:
        import rdflib

        self.location = "memory:"
        self.ds = rdflib.Dataset(default_union=True)

    def publish(self, graphs: Mapping[str, "str | GraphSource"], validate=None, preload=None, timing=None) -> None:
        import rdflib

        texts, _ = staged(graphs, validate)
        ds = rdflib.Dataset(default_union=True)
        for graph in sorted(texts):
            if texts[graph]:
                ds.parse(data=texts[graph], format="nquads")
        self.ds = ds

    def graph_iris(self) -> set[str]:
        return {str(g.identifier) for g in self.ds.graphs() if str(g.identifier) != "urn:x-rdflib:default"}

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        init = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        res = self.ds.query(sparql, initBindings=init)
        if res.type == "ASK":
            return QueryResult(boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            cols = tuple(str(v) for v in res.vars)
            rows = tuple(tuple(from_rdflib(r[c]) if r[c] is not None else None for c in cols) for r in res)
            return QueryResult(columns=cols, rows=rows)
        return QueryResult(triples=tuple(ox.Triple(*(from_rdflib(t) for t in tr)) for tr in res))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        for s, p, o, g in self.ds.quads((None, None, None, None)):
            gi = str(g.identifier) if hasattr(g, "identifier") else str(g)
            if graph is None or gi == graph:
                yield ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ox.NamedNode(gi))

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None:
        db = ox.Store()
        db.bulk_extend(self.quads(graph))
        if fmt.supports_datasets:
            db.dump(out, fmt)
        elif graph:
            db.dump(out, fmt, from_graph=ox.NamedNode(graph))
        else:
            dump_union(db, out, fmt, prefixes)

    def __len__(self) -> int:
        return sum(1 for _ in self.ds.quads((None, None, None, None)))


def to_rdflib(term: Term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))


def from_rdflib(term) -> Term:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))

