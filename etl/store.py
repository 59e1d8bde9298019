"""Stores: where built graphs live and how they are queried.

``OxigraphStore`` (default) keeps generations of a pyoxigraph database under one folder:

    graphs/store/
      CURRENT         name of the published generation (replaced atomically)
      gen-000003/     pyoxigraph (RocksDB) files of that generation, never modified
      cache/          per-report N-Quads and extraction summaries (the incremental cache)

A build writes a new generation next to the published one and switches CURRENT with
``os.replace`` only after it loaded and validated: an interrupted or failed build leaves
the previous graph intact and queryable, and readers never see a half-written graph.

``MemoryStore`` is an rdflib Dataset (for comparison and notebooks); ``open_store`` picks
one from a ``--store`` value (a folder, ``memory:``, or ``sparql+http://…``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from .errors import StoreError

Term = ox.NamedNode | ox.Literal | ox.BlankNode
DEFAULT_STORE = "graphs/store"


@dataclass(frozen=True)
class QueryResult:
    """SELECT results (``columns`` + ``rows`` of terms or None) or, for ASK, ``boolean``."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())  # CONSTRUCT / DESCRIBE


class Store(Protocol):
    location: str

    def publish(self, graphs: Mapping[str, str], validate=None) -> None:
        """Make the store hold exactly ``graphs`` (graph IRI → N-Quads text), atomically."""

    def graph_iris(self) -> set[str]: ...

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None: ...

    def __len__(self) -> int: ...


def _result(res) -> QueryResult:
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        cols = tuple(v.value for v in res.variables)
        rows = tuple(tuple(sol[c] for c in cols) for sol in res)
        return QueryResult(columns=cols, rows=rows)
    return QueryResult(triples=tuple(res))


class OxigraphStore:
    """pyoxigraph on disk, in generations (see module docstring)."""

    def __init__(self, location: str | Path = DEFAULT_STORE) -> None:
        self.root = Path(location)
        self.location = str(self.root)
        self._db: ox.Store | None = None
        self._gen: str | None = None

    # -- generations
    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    def current_generation(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        return name if (self.root / name).is_dir() else None

    def exists(self) -> bool:
        return self.current_generation() is not None

    def db(self) -> ox.Store:
        """The published generation, opened read-only (reopened when a build published)."""
        gen = self.current_generation()
        if gen is None:
            raise StoreError("no graph has been built here yet; run `lianghui build PATH` first", path=self.root)
        if self._db is None or gen != self._gen:
            try:
                self._db = ox.Store.read_only(str(self.root / gen))
            except OSError as e:
                raise StoreError(f"cannot open the store ({e})", path=self.root) from None
            self._gen = gen
        return self._db

    def publish(self, graphs: Mapping[str, str], validate=None) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        old = self.current_generation()
        number = max([int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()] + [0]) + 1
        gen = f"gen-{number:06d}"
        path = self.root / gen
        try:
            db = ox.Store(str(path))
            for graph in sorted(graphs):
                if graphs[graph]:
                    db.bulk_load(graphs[graph].encode("utf-8"), ox.RdfFormat.N_QUADS)
            db.optimize()
            if validate is not None:
                validate(db)
            db.flush()
            del db
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        tmp = self.root / "CURRENT.tmp"
        with open(tmp, "w") as f:
            f.write(gen + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / "CURRENT")
        self._db = None
        # Keep the previous generation for readers that still have it open; drop older ones.
        for p in self.root.glob("gen-*"):
            if p.name not in (gen, old):
                shutil.rmtree(p, ignore_errors=True)

    # -- reading
    def graph_iris(self) -> set[str]:
        if not self.exists():
            return set()
        return {g.value for g in self.db().named_graphs()}

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            res = self.db().query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from None
        return _result(res)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self.db().quads_for_pattern(None, None, None, g))

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None:
        kwargs = {}
        if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            kwargs["prefixes"] = dict(prefixes)
        if graph is not None:
            kwargs["from_graph"] = ox.NamedNode(graph)
        elif not fmt.supports_datasets:
            # triples formats: the union of all graphs, deduplicated
            data = ox.Store()
            data.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.quads())
            data.dump(out, fmt, from_graph=ox.DefaultGraph(), **kwargs)
            return
        self.db().dump(out, fmt, **kwargs)

    def __len__(self) -> int:
        return len(self.db()) if self.exists() else 0


class MemoryStore:
    """rdflib in-memory Dataset: the reference engine for comparisons and notebooks."""

    def __init__(self) -> None:
        import rdflib

        self.location = "memory:"
        self.ds = rdflib.Dataset(default_union=True)

    def publish(self, graphs: Mapping[str, str], validate=None) -> None:
        import rdflib

        ds = rdflib.Dataset(default_union=True)
        for graph in sorted(graphs):
            if graphs[graph]:
                ds.parse(data=graphs[graph], format="nquads")
        if validate is not None:
            db = ox.Store()
            for graph in sorted(graphs):
                if graphs[graph]:
                    db.bulk_load(graphs[graph].encode("utf-8"), ox.RdfFormat.N_QUADS)
            validate(db)
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
            _dump_union(db, out, fmt, prefixes)

    def __len__(self) -> int:
        return sum(1 for _ in self.ds.quads((None, None, None, None)))


def _dump_union(db: ox.Store, out, fmt, prefixes) -> None:
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in db)
    kwargs = {"prefixes": dict(prefixes)} if prefixes and fmt == ox.RdfFormat.TURTLE else {}
    union.dump(out, fmt, from_graph=ox.DefaultGraph(), **kwargs)


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


def open_store(location: str | Path | None = None) -> Store:
    """A store from a ``--store`` value: folder (default), ``memory:``, ``sparql+http://…``."""
    loc = str(location or os.environ.get("LIANGHUI_STORE", DEFAULT_STORE))
    if loc == "memory:":
        return MemoryStore()
    if loc.startswith(("sparql+http://", "sparql+https://")):
        from .remote import RemoteStore

        return RemoteStore(loc)
    if "://" in loc:
        raise StoreError("unknown store URL: use a folder, memory: or sparql+http://HOST:PORT/", path=loc)
    return OxigraphStore(loc)

