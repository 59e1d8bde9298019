"""Stores: where built graphs live and how they are queried.

``OxigraphStore`` (default) keeps generations of a pyoxigraph database under one folder:

    graphs/store/
      CURRENT         name of the published generation (replaced atomically)
      gen-000003/     pyoxigraph (RocksDB) files of that generation, never modified
      cache/          per-report N-Quads and extraction summaries (the incremental cache)

A build writes a new generation next to the published one and switches CURRENT with
``os.replace`` only after it loaded and validated: an interrupted or failed build leaves
the previous graph intact and queryable, and readers never see a half-written graph.
``gen-NNNNNN.keys.json`` beside a generation names a key per graph (see ``GraphSource``):
when few graphs changed, the next generation starts as a hard-linked checkpoint of the
published one (RocksDB SST files are immutable) and only the changed graphs are replaced.

Every report is a named graph, and the default graph holds their union with each triple
once: queries read the default graph (pyoxigraph's union mode repeats a triple once per
graph that has it, and a label held by 600 reports made joins 600 times bigger), triple
exports dump it as it is, and a delta keeps it in step (a triple leaves it with the last
graph that had it).

``MemoryStore`` is an rdflib Dataset (for comparison and notebooks); ``open_store`` picks
one from a ``--store`` value (a folder, ``memory:``, or ``sparql+http://…``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from .errors import StoreError

Term = ox.NamedNode | ox.Literal | ox.BlankNode
DEFAULT_GRAPH = ox.DefaultGraph()
DEFAULT_STORE = "graphs/store"
DELTA_LIMIT = 0.3  # above this share of changed graphs a fresh bulk load is faster than a delta
# Graphs are validated when they are loaded, alone; this graph adds the rdf:type of the nodes
# they point to (a report, an entity in another graph), for sh:class, without validating them.
VALIDATION_CONTEXT = "urn:x-lianghui:validation-context"


@dataclass(frozen=True)
class GraphSource:
    """A graph to publish, read only when it has to be loaded.

    ``key`` changes whenever the N-Quads would (the store keeps graphs whose key it already
    published), ``text()`` produces them, ``checked`` says they already passed validation.
    """

    key: str
    text: Callable[[], str]
    checked: bool = False

    @classmethod
    def of(cls, text: str) -> "GraphSource":
        return cls(hashlib.sha256(text.encode("utf-8")).hexdigest(), lambda: text)


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
        self._union = False  # the published generation has no union default graph
        self._counts: tuple[int, int] | None = None
        self.last_delta: Delta | None = None  # what the last publish changed, if it was a delta

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
            except (OSError, RuntimeError) as e:  # RuntimeError: RocksDB found the files corrupted
                raise StoreError(f"cannot open the store ({e})", path=self.root) from None
            self._gen = gen
            self._counts = None
            # a generation written before the default graph held the union: read the union
            self._union = _first(self._db, None) is not None and _first(self._db, DEFAULT_GRAPH) is None
        return self._db

    def counts(self) -> tuple[int, int]:
        """(distinct triples, quads in the report graphs) of the published generation."""
        db = self.db()
        if self._counts is None:
            if self._union:
                triples = len({(q.subject, q.predicate, q.object) for q in db})
                self._counts = (triples, len(db))
            else:
                res = db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                triples = int(next(iter(res))[0].value)
                self._counts = (triples, len(db) - triples)
        return self._counts

    def graph_keys(self) -> dict[str, str]:
        """Graph IRI → key of every graph in the published generation ({} if unknown)."""
        gen = self.current_generation()
        try:
            return json.loads((self.root / f"{gen}.keys.json").read_text(encoding="utf-8")) if gen else {}
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _next_generation(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        number = max([int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()] + [0]) + 1
        return f"gen-{number:06d}"

    def preload(self) -> "Preload":
        """Start a new generation that graphs stream into while a build still extracts;
        ``publish(..., preload=it)`` finishes it (see ``Preload``)."""
        return Preload(self.root / self._next_generation())

    def publish(self, graphs: Mapping[str, str | GraphSource], validate=None, preload: "Preload | None" = None) -> None:
        """Make the store hold exactly ``graphs`` (IRI → N-Quads text or GraphSource) in a new
        generation, switched to atomically. ``validate(db)`` gets an in-memory store of the
        loaded graphs that are not ``checked`` and raises to refuse the generation. With
        ``preload``, the generation starts from what was streamed into it."""
        sources = {g: v if isinstance(v, GraphSource) else GraphSource.of(v) for g, v in graphs.items()}
        old = self.current_generation()
        previous = self.graph_keys() if old else {}
        changed = sorted(g for g, src in sources.items() if previous.get(g) != src.key)
        delta = preload is None and bool(previous) and len(changed) <= DELTA_LIMIT * max(len(sources), 1)
        if delta:
            self.db()
            delta = not self._union  # a generation without the union default graph is not built on
        path = preload.path if preload is not None else self.root / self._next_generation()
        gen = path.name
        unchecked = ox.Store() if validate is not None else None
        try:
            self.last_delta = None
            if preload is not None:
                db = preload.finish()
                have = preload.keys
                redo = sorted(g for g, src in sources.items()
                              if have.get(g) != src.key or (unchecked is not None and not src.checked))
                for g in sorted(set(have) - set(sources)):
                    _replace_lines(db, g, preload.loaded_text(g), b"")
                for g, text in zip(redo, _graph_bytes(sources, redo, unchecked)):
                    _replace_lines(db, g, preload.loaded_text(g) if g in have else b"", text)
            elif delta:
                old_db = self.db()
                old_db.backup(str(path))
                db = ox.Store(str(path))
                self.last_delta = _apply_delta(old_db, db, sorted(set(previous) - set(sources)), changed,
                                               _graph_bytes(sources, changed, unchecked))
            else:
                db = ox.Store(str(path))
                names = sorted(sources)
                _bulk_load(db, (with_union(data, g) for g, data in zip(names, _graph_bytes(sources, names, unchecked))))
                db.optimize()
            if validate is not None:
                _add_context(unchecked, db)
                validate(unchecked)
            db.flush()
            del db
            keys = json.dumps({g: src.key for g, src in sorted(sources.items())}, ensure_ascii=False, indent=0)
            (self.root / f"{gen}.keys.json").write_text(keys, encoding="utf-8")
        except BaseException:
            if preload is not None:
                preload.abort()
            shutil.rmtree(path, ignore_errors=True)
            (self.root / f"{gen}.keys.json").unlink(missing_ok=True)
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
            if p.name.split(".")[0] not in (gen, old):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)

    # -- reading
    def graph_iris(self) -> set[str]:
        if not self.exists():
            return set()
        return {g.value for g in self.db().named_graphs()}

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        if bindings:
            # Both inline data (terms written by pyoxigraph) and substitutions: pyoxigraph 0.5
            # plans a query without the substituted values (people of one body: 10 s against
            # 2 ms with VALUES on 90k triples), while VALUES does not reach into sub-SELECTs,
            # where substitutions do (activity counts: 111 ms with VALUES alone, 23 ms with both).
            from .queries import with_values

            sparql = with_values(sparql, bindings)
        try:
            db = self.db()
            res = db.query(sparql, use_default_graph_as_union=self._union, substitutions=subs or None)
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from None
        return _result(res)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one report graph, or of all of them (not the union default graph)."""
        if graph:
            return iter(self.db().quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        return (q for q in self.db().quads_for_pattern(None, None, None, None) if q.graph_name != DEFAULT_GRAPH)

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None:
        """Serialise one graph, or everything: triple formats get the union (each triple
        once), dataset formats the report graphs. Streams; the order is the store's index
        order, the same for the same content."""
        kwargs = {}
        if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            kwargs["prefixes"] = dict(prefixes)
        db = self.db()
        if graph is not None:
            db.dump(out, fmt, from_graph=ox.NamedNode(graph), **kwargs)
        elif fmt.supports_datasets and not self._union:
            ox.serialize(self.quads(), out, fmt, **kwargs)
        elif fmt.supports_datasets:
            db.dump(out, fmt, **kwargs)
        elif not self._union:
            db.dump(out, fmt, from_graph=DEFAULT_GRAPH, **kwargs)
        else:
            _dump_union(db, out, fmt, kwargs.get("prefixes"))

    def __len__(self) -> int:
        """Quads in the report graphs."""
        return self.counts()[1] if self.exists() else 0


@dataclass(frozen=True)
class Delta:
    """What a delta publish changed: quads removed and added, and for every triple they
    hold whether the union graph had it (before, after), so counts follow without a scan."""

    removed: int
    added: int
    triples: dict[tuple, tuple[bool, bool]]


def _first(db: ox.Store, graph) -> ox.Quad | None:
    return next(iter(db.quads_for_pattern(None, None, None, graph)), None)


def _has(db: ox.Store, triple: tuple) -> bool:
    """Whether a report graph (not the union default graph) holds ``triple``."""
    return any(q.graph_name != DEFAULT_GRAPH for q in db.quads_for_pattern(*triple, None))


def _sync_union(db: ox.Store, triples: Iterable[tuple]) -> None:
    """Make the default graph hold each of ``triples`` exactly when a report graph does."""
    for t in triples:
        q = ox.Quad(*t, DEFAULT_GRAPH)
        if _has(db, t):
            db.add(q)
        else:
            db.remove(q)


def with_union(data: bytes, graph: str) -> bytes:
    """A graph's N-Quads followed by the same triples in the default graph (for a load)."""
    if not data:
        return data
    tail = f" <{graph}> .\n".encode("utf-8")
    if data.endswith(b"\n") and data.count(tail) == data.count(b"\n"):  # one quad per line, as we write
        return data + data.replace(tail, b" .\n")
    try:
        quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
    except SyntaxError:
        return data  # the load reports it
    triples = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return data + b"\n" + triples


class Preload:
    """A generation bulk-loaded in a thread from graphs handed over as they are extracted.

    pyoxigraph's bulk loader releases the GIL, so with worker processes extracting, the
    store fills at the same time instead of after them. ``add`` hands over one graph (its
    key and N-Quads, before cross-report merges); ``OxigraphStore.publish`` then finishes
    the load and replaces only the graphs whose final key differs. A failed load is raised
    by ``finish``; ``abort`` stops it and removes the half-made generation.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[str, str] = {}
        self._again: dict[str, Callable[[], str]] = {}
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=32)
        self._error: BaseException | None = None
        self._db = ox.Store(str(path))
        self._thread = threading.Thread(target=self._load, name="lianghui-preload", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        ended = False

        def chunks() -> Iterator[bytes]:
            nonlocal ended
            while (chunk := self._queue.get()) is not None:
                yield chunk
            ended = True

        try:
            _bulk_load(self._db, chunks())
        except BaseException as e:  # kept for finish(); the queue is drained so add() never blocks
            self._error = e
            while not ended and self._queue.get() is not None:
                pass

    def add(self, graph: str, key: str, nquads: str, again: Callable[[], str]) -> None:
        """Load ``nquads`` as ``graph``; ``again()`` gives the same text back later (from a
        cache), so that publishing can compare it with the graph's final text."""
        if graph in self.keys or not self._thread.is_alive():
            return
        self.keys[graph] = key
        self._again[graph] = again
        if nquads:
            self._queue.put(with_union(nquads.encode("utf-8"), graph))

    def loaded_text(self, graph: str) -> bytes:
        again = self._again.get(graph)
        return again().encode("utf-8") if again else b""

    def finish(self) -> ox.Store:
        if self._thread.is_alive():
            self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise StoreError(f"cannot load the graphs into {self.path.name} ({self._error})") from self._error
        self._db.optimize()
        return self._db

    def abort(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
        self._thread.join()
        del self._db
        shutil.rmtree(self.path, ignore_errors=True)


def _apply_delta(old: ox.Store, db: ox.Store, gone: list[str], changed: list[str], texts: Iterator[bytes]) -> Delta:
    """Turn ``db`` (a checkpoint of ``old``) into the new content: graphs in ``gone`` dropped,
    each graph in ``changed`` made to hold exactly its new N-Quads (only the quads that
    differ are touched: a large graph that changed a little costs little)."""
    removed: set[ox.Quad] = set()
    added: set[ox.Quad] = set()
    gone = list(gone)
    for g in gone:
        removed.update(db.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    for g, data in zip(changed, texts):
        if not data:
            gone.append(g)  # an empty graph is no graph, as after a full load
        # compare as N-Triples lines (pyoxigraph's own serialisation), parse only the difference
        graph = ox.NamedNode(g)
        tail = f" {graph} .".encode("utf-8")
        lines = [line for line in data.splitlines() if line]
        if not all(line.endswith(tail) for line in lines):  # not one graph as we write it: compare quads
            new_quads = set(ox.parse(data, ox.RdfFormat.N_QUADS))
            old_quads = set(db.quads_for_pattern(None, None, None, graph))
            removed |= old_quads - new_quads
            added |= new_quads - old_quads
            continue
        out = io.BytesIO()
        db.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        was = set(out.getvalue().splitlines())
        new = {line[: -len(tail)] + b" ." for line in lines}
        for lines, into in ((was - new, removed), (new - was, added)):
            if lines:
                triples = ox.parse(b"\n".join(sorted(lines)) + b"\n", ox.RdfFormat.N_TRIPLES)
                into.update(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    triples = {(q.subject, q.predicate, q.object) for q in removed | added}
    before = {t: _has(old, t) for t in triples}
    for q in removed:
        db.remove(q)
    if len(added) > 200_000:
        db.bulk_extend(added)
    else:
        db.extend(added)
    for g in gone:
        db.remove_graph(ox.NamedNode(g))
    _sync_union(db, triples)
    return Delta(len(removed), len(added), {t: (before[t], _has(db, t)) for t in triples})


def _replace_lines(db: ox.Store, graph: str, was: bytes, now: bytes) -> None:
    """Turn ``graph``, loaded from N-Quads text ``was``, into the quads of ``now``: only the
    lines that differ are parsed (a merge rewrites a few lines of a report's graph)."""
    old, new = set(was.splitlines()), set(now.splitlines())
    gone, added = old - new, new - old
    touched = set()
    if any(b"_:" in line for line in gone):  # blank nodes were renamed on loading: reload it
        touched = {(q.subject, q.predicate, q.object) for q in db.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
        db.remove_graph(ox.NamedNode(graph))
        gone, added = set(), new
    for lines, change in ((gone, db.remove), (added, db.add)):
        if lines:
            for q in ox.parse(b"\n".join(sorted(lines)) + b"\n", ox.RdfFormat.N_QUADS):
                change(q)
                touched.add((q.subject, q.predicate, q.object))
    _sync_union(db, touched)


def _add_context(unchecked: ox.Store, db: ox.Store) -> None:
    """The types (from the whole new generation) of the nodes ``unchecked`` points to."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    subjects = {q.subject for q in unchecked}
    pointed = {q.object for q in unchecked if isinstance(q.object, ox.NamedNode)} - subjects
    context = ox.NamedNode(VALIDATION_CONTEXT)
    unchecked.extend([ox.Quad(node, rdf_type, q.object, context)
                      for node in pointed for q in db.quads_for_pattern(node, rdf_type, None, None)])


def _graph_bytes(sources: Mapping[str, GraphSource], names, unchecked: ox.Store | None) -> Iterator[bytes]:
    """The N-Quads of ``names``, one graph at a time; unchecked ones also go to ``unchecked``."""
    for g in names:
        src = sources[g]
        data = src.text().encode("utf-8")
        if unchecked is not None and not src.checked and data:
            unchecked.load(data, ox.RdfFormat.N_QUADS)
        yield data


LOAD_BATCH = 64 << 20  # bytes of N-Quads per bulk load: its memory grows with the batch


def _bulk_load(db: ox.Store, chunks: Iterator[bytes]) -> None:
    """Bulk-load a stream of N-Quads chunks in batches of about ``LOAD_BATCH`` bytes (one
    batch of 260 MB took 1 GB of memory, batches of 50 MB 0.3 GB, in the same time)."""
    while True:
        reader = _Chunks(chunks, LOAD_BATCH)
        try:
            db.bulk_load(reader, ox.RdfFormat.N_QUADS)
        finally:
            reader.reraise()
        if reader.exhausted:
            return


class _Chunks(io.RawIOBase):
    """A binary reader over an iterator of byte strings, so bulk_load streams the graphs
    instead of holding the whole dataset as one string; an error in the iterator is kept
    and raised again by ``reraise`` (pyoxigraph reports it as a read error)."""

    def __init__(self, chunks: Iterator[bytes], limit: int | None = None) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")
        self._error: BaseException | None = None
        self._left = limit  # bytes to serve before an early end (at a chunk boundary)
        self.exhausted = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            if self._left is not None and self._left <= 0:
                return 0
            try:
                self._buf = memoryview(next(self._chunks))
            except StopIteration:
                self.exhausted = True
                return 0
            except BaseException as e:
                self._error = e
                raise
            if self._left is not None:
                self._left -= len(self._buf)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def reraise(self) -> None:
        if self._error is not None:
            raise self._error


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

