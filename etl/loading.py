"""Loading quads into a pyoxigraph store: bulk loads in batches, the preload thread, deltas.

Every report is a named graph and the default graph holds their union with each triple once
(see etl/generations.py). A full load streams each graph's N-Quads followed by its triples as
N-Triples (the union part, made by the worker that extracted the report, ``rdf.graph_triples``);
a delta changes a graph by the difference of two sets of quads and keeps the union in step
(a triple leaves it with the last graph that had it). Nothing here edits N-Quads text.
"""

from __future__ import annotations

import io
import queue
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError
from .publisher import Delta

DEFAULT_GRAPH = ox.DefaultGraph()


def first_quad(db: ox.Store, graph) -> ox.Quad | None:
    return next(iter(db.quads_for_pattern(None, None, None, graph)), None)


def _has(db: ox.Store, triple: tuple) -> bool:
    """Whether a report graph (not the union default graph) holds ``triple``."""
    return any(q.graph_name != DEFAULT_GRAPH for q in db.quads_for_pattern(*triple, None))


def sync_union(db: ox.Store, triples: Iterable[tuple], held: Iterable[tuple] = ()) -> dict[tuple, bool]:
    """Make the default graph hold each of ``triples`` exactly when a report graph does;
    ``held``: triples a report graph is known to hold (no need to ask). Returns whether one
    does, for each."""
    out = {}
    for t in triples:
        q = ox.Quad(*t, DEFAULT_GRAPH)
        out[t] = _has(db, t)
        if out[t]:
            db.add(q)
        else:
            db.remove(q)
    held = list(held)
    db.extend(ox.Quad(*t, DEFAULT_GRAPH) for t in held)
    out.update(dict.fromkeys(held, True))
    return out


def union_bytes(quads: Iterable[ox.Quad]) -> bytes:
    """A graph's triples as N-Triples: its share of the union default graph, for a graph whose
    worker did not hand it over (``rdf.graph_triples`` makes it from the emitted text)."""
    return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)


def with_union(data: bytes, union: bytes | None = None) -> bytes:
    """A graph's N-Quads followed by its triples in the default graph (``union`` when the
    worker made them, else made here), ready for one bulk load."""
    if not data:
        return data
    if union is None:
        try:
            union = union_bytes(ox.parse(data, ox.RdfFormat.N_QUADS))
        except SyntaxError:
            return data  # the load reports it
    return data + (b"" if data.endswith(b"\n") else b"\n") + union


class Preload:
    """A generation bulk-loaded in a thread from graphs handed over as they are extracted.

    pyoxigraph's bulk loader releases the GIL, so with worker processes extracting, the
    store fills at the same time instead of after them. ``add`` hands over one graph (its
    key and N-Quads, before cross-report merges); ``OxigraphStore.publish`` then finishes
    the load and replaces only the graphs whose final key differs (by the difference of
    their quads). A failed load is raised by ``finish``; ``abort`` stops it and removes the
    half-made generation.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[str, str] = {}
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
            bulk_load(self._db, chunks())
        except BaseException as e:  # kept for finish(); the queue is drained so add() never blocks
            self._error = e
            while not ended and self._queue.get() is not None:
                pass

    def add(self, graph: str, key: str, nquads: str, union: bytes | None = None) -> None:
        """Load ``nquads`` as ``graph`` (its key says what was loaded), with ``union``, its
        triples as N-Triples, when the worker made them."""
        if graph in self.keys or not self._thread.is_alive():
            return
        self.keys[graph] = key
        if nquads:
            self._queue.put(with_union(nquads.encode("utf-8"), union))

    def finish(self, timing: dict[str, float] | None = None) -> ox.Store:
        """The loaded, optimised generation; ``timing`` gets the seconds waited for the load
        to end (``load``) and of the optimisation (``optimize``)."""
        timing = timing if timing is not None else {}
        t = time.perf_counter()
        if self._thread.is_alive():
            self._queue.put(None)
        self._thread.join()
        timing["load"] = timing.get("load", 0.0) + time.perf_counter() - t
        if self._error is not None:
            raise StoreError(f"cannot load the graphs into {self.path.name} ({self._error})") from self._error
        t = time.perf_counter()
        self._db.optimize()
        timing["optimize"] = timing.get("optimize", 0.0) + time.perf_counter() - t
        return self._db

    def close(self) -> None:
        """Drop the database handle (the generation is complete and closed)."""
        self._db = None

    def abort(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
        self._thread.join()
        self._db = None
        shutil.rmtree(self.path, ignore_errors=True)


def apply_delta(old: ox.Store, db: ox.Store, gone: list[str], changed: list[str], texts: Iterator[bytes]) -> Delta:
    """Turn ``db`` (a checkpoint of ``old``) into the new content: graphs in ``gone`` dropped,
    each graph in ``changed`` made to hold exactly the quads of its new N-Quads (only the
    quads that differ are touched: a large graph that changed a little costs little)."""
    removed: set[ox.Quad] = set()
    added: set[ox.Quad] = set()
    gone = list(gone)
    for g in gone:
        removed.update(db.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    for g, data in zip(changed, texts):
        if not data:
            gone.append(g)  # an empty graph is no graph, as after a full load
        new = set(ox.parse(data, ox.RdfFormat.N_QUADS)) if data else set()
        was = set(db.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        removed |= was - new
        added |= new - was
    held = {(q.subject, q.predicate, q.object) for q in added}
    triples = held | {(q.subject, q.predicate, q.object) for q in removed}
    before = {t: ox.Quad(*t, DEFAULT_GRAPH) in old for t in triples}  # old's union: held by a graph
    for q in removed:
        db.remove(q)
    if len(added) > 200_000:
        db.bulk_extend(added)
    else:
        db.extend(added)
    for g in gone:
        db.remove_graph(ox.NamedNode(g))
    after = sync_union(db, triples - held, held)
    return Delta(len(removed), len(added), {t: (before[t], after[t]) for t in triples})


def replace_graph(db: ox.Store, graph: str, now: bytes) -> None:
    """Make ``graph`` in ``db`` hold exactly the quads of the N-Quads ``now``: the difference
    of the two sets of quads is removed and added, and the union default graph follows."""
    was = set(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    change_graph(db, graph, was, set(ox.parse(now, ox.RdfFormat.N_QUADS)) if now else set())


def change_graph(db: ox.Store, graph: str, was: set[ox.Quad], now: set[ox.Quad]) -> None:
    """``graph`` holds ``was``: make it hold ``now`` (the difference only), the union too.
    ``was`` and ``now`` may be just the quads that differ (those to remove, those to add)."""
    change_graphs(db, {graph: (was, now)})


def change_graphs(db: ox.Store, edits: dict[str, tuple[set[ox.Quad], set[ox.Quad]]]) -> None:
    """``change_graph`` for each graph → (was, now) of ``edits``, the union brought in step
    once at the end (a triple several graphs lose is looked up once)."""
    lost: set[tuple] = set()
    held: set[tuple] = set()
    for graph, (was, now) in edits.items():
        name = ox.NamedNode(graph)
        was = {q if q.graph_name == name else ox.Quad(q.subject, q.predicate, q.object, name) for q in was}
        now = {q if q.graph_name == name else ox.Quad(q.subject, q.predicate, q.object, name) for q in now}
        gone, new = was - now, now - was
        for q in gone:
            db.remove(q)
        db.extend(new)
        lost.update((q.subject, q.predicate, q.object) for q in gone)
        held.update((q.subject, q.predicate, q.object) for q in new)
    sync_union(db, lost - held, held)


LOAD_BATCH = 64 << 20  # bytes of N-Quads per bulk load: its memory grows with the batch


def bulk_load(db: ox.Store, chunks: Iterator[bytes]) -> None:
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


def dump_union(db: ox.Store, out, fmt, prefixes) -> None:
    """Every triple of every graph once, in a triples format (a store without a union graph)."""
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in db)
    kwargs = {"prefixes": dict(prefixes)} if prefixes and fmt == ox.RdfFormat.TURTLE else {}
    union.dump(out, fmt, from_graph=ox.DefaultGraph(), **kwargs)
