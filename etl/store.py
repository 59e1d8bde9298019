"""Stores: where built graphs live and how they are queried.

``OxigraphStore`` (default) keeps generations of a pyoxigraph database under one folder:

    graphs/store/
      LIANGHUI-STORE  marker written when the store is created: only such a folder is built into
      CURRENT         name of the published generation (replaced atomically)
      gen-000003/     pyoxigraph (RocksDB) files of that generation, never modified
      gen-000003.files.json  the generation's RocksDB files and sizes, checked before opening
      build.lock      held by the build writing to the store (a second one waits)
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
one from a ``--store`` value (a folder, ``memory:``, or ``sparql+http://…``). Every store is a
``Publisher``: the build asks it the same questions whichever it is.

Nothing here edits N-Quads text: a graph changes by the difference of two sets of quads.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import queue
import re
import shutil
import sys
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
MARKER = "LIANGHUI-STORE"
MARKER_TEXT = ("A lianghui-kg store: `lianghui build` writes generations (gen-NNNNNN) and a cache here.\n"
               "Only folders holding this file are built into; only what a build made is deleted.\n")
GENERATION = re.compile(r"gen-(\d{6})(\.keys\.json|\.files\.json)?")  # what a build makes and may delete
DELTA_LIMIT = 0.3  # above this share of changed graphs a fresh bulk load is faster than a delta


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


class Row(tuple):
    """One solution: a tuple of terms (None where unbound) that is also read by column name
    (``row["label"]``, ``row.get("year")``, ``row.asdict()``)."""

    def __new__(cls, values, columns: tuple[str, ...] = ()):
        row = super().__new__(cls, values)
        row.columns = columns
        return row

    def __getnewargs__(self):
        return (tuple(self), self.columns)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self.columns.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return self[key] if key in self.columns else default

    def asdict(self) -> dict[str, "Term | None"]:
        return dict(zip(self.columns, self))


@dataclass(frozen=True)
class QueryResult:
    """SELECT results (``columns`` + ``rows`` of terms or None) or, for ASK, ``boolean``.

    Iterating gives the rows as ``Row``s (read by index or column name), or the triples of a
    CONSTRUCT/DESCRIBE; ``len()`` counts them (an ASK result has none: read ``boolean``)."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())  # CONSTRUCT / DESCRIBE

    def __iter__(self) -> Iterator:
        if self.triples and not self.columns:
            return iter(self.triples)
        return (Row(r, self.columns) for r in self.rows)

    def __len__(self) -> int:
        return len(self.triples) if self.triples and not self.columns else len(self.rows)


class Store(Protocol):
    """What every store does: the build publishes through it (``Publisher`` part), the
    commands read from it."""

    location: str
    last_delta: "Delta | None"

    # -- publishing
    @property
    def cache_dir(self) -> Path: ...

    def claim(self) -> None:
        """Check that a build may write here (and mark a new store); raise StoreError if not."""

    def build_lock(self, notify: Callable[[str], None] | None = None): ...

    def current_generation(self) -> str | None: ...

    def graph_keys(self) -> dict[str, str]: ...

    def preload(self) -> "Preload | None": ...

    def publish(self, graphs: Mapping[str, "str | GraphSource"], validate=None, preload=None) -> None:
        """Make the store hold exactly ``graphs`` (graph IRI → N-Quads text or GraphSource),
        atomically. ``validate(db, names)`` gets a pyoxigraph store of the whole new dataset
        and the graphs to check (those not ``checked``), and raises to refuse it."""

    def counts(self) -> tuple[int, int]: ...

    # -- reading
    def dataset(self) -> ox.Store:
        """The published quads as a pyoxigraph store (what validation reads)."""

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

    def claim(self) -> None:
        """A build writes only into a new or empty folder (made a store by writing the marker),
        a folder with the marker, or a store made before the marker existed."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise StoreError(f"cannot make the store here ({os.strerror(errno.ENOTDIR)}): give a folder to --store",
                             path=root)
        if (root / MARKER).is_file():
            return
        legacy = (root / "CURRENT").is_file() and self.current_generation() is not None
        if root.exists() and any(root.iterdir()) and not legacy:
            raise StoreError(f"this folder is not a lianghui store (no {MARKER} file) and is not empty; "
                             "refusing to write into it: give a new or empty folder to --store", path=root)
        root.mkdir(parents=True, exist_ok=True)
        (root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def build_lock(self, notify: Callable[[str], None] | None = None):
        """Held while a build writes here: a second build waits for the first."""
        return _lock(self.root / "build.lock", self.location, notify)

    def damaged(self, gen: str | None = None) -> str | None:
        """What is missing from a generation's RocksDB files (checked against the listing
        written when it was published), or None when they are all there."""
        gen = gen or self.current_generation()
        if gen is None:
            return None
        try:
            listing = json.loads((self.root / f"{gen}.files.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None  # made before listings existed: nothing to check against
        except json.JSONDecodeError:
            return f"{gen}.files.json is unreadable"
        for name, size in sorted(listing.items()):
            try:
                found = (self.root / gen / name).stat().st_size
            except FileNotFoundError:
                return f"{gen}/{name} is missing"
            if found != size:
                return f"{gen}/{name} has {found} bytes instead of {size}"
        return None

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
            broken = self.damaged(gen)
            if broken:
                raise StoreError(f"the store is damaged ({broken}); build again into a new folder "
                                 "(`lianghui build PATH --store NEW`) or rebuild this one", path=self.root)
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
        if gen is None or self.damaged(gen):  # a damaged generation is not built on
            return {}
        try:
            return json.loads((self.root / f"{gen}.keys.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _next_generation(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(m[1]) for p in self.root.iterdir() if (m := GENERATION.fullmatch(p.name))]
        return f"gen-{max(numbers + [0]) + 1:06d}"

    def preload(self) -> "Preload":
        """Start a new generation that graphs stream into while a build still extracts;
        ``publish(..., preload=it)`` finishes it (see ``Preload``)."""
        return Preload(self.root / self._next_generation())

    def publish(self, graphs: Mapping[str, str | GraphSource], validate=None, preload: "Preload | None" = None) -> None:
        """Make the store hold exactly ``graphs`` (IRI → N-Quads text or GraphSource) in a new
        generation, switched to atomically. ``validate(db, names)`` gets the loaded generation
        and the graphs that are not ``checked``, and raises to refuse it. With ``preload``,
        the generation starts from what was streamed into it."""
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
        try:
            self.last_delta = None
            if preload is not None:
                db = preload.finish()
                have = preload.keys
                for g in sorted(set(have) - set(sources)):
                    _replace_graph(db, g, b"")
                for g in sorted(g for g, src in sources.items() if have.get(g) != src.key):
                    _replace_graph(db, g, sources[g].text().encode("utf-8"))
            elif delta:
                old_db = self.db()
                old_db.backup(str(path))
                db = ox.Store(str(path))
                self.last_delta = _apply_delta(old_db, db, sorted(set(previous) - set(sources)), changed,
                                               (sources[g].text().encode("utf-8") for g in changed))
            else:
                db = ox.Store(str(path))
                names = sorted(sources)
                _bulk_load(db, (_with_union(sources[g].text().encode("utf-8")) for g in names))
                db.optimize()
            if validate is not None:
                validate(db, sorted(g for g, src in sources.items() if not src.checked))
            db.flush()
            del db
            if preload is not None:
                preload.close()
            keys = json.dumps({g: src.key for g, src in sorted(sources.items())}, ensure_ascii=False, indent=0)
            (self.root / f"{gen}.keys.json").write_text(keys, encoding="utf-8")
            (self.root / f"{gen}.files.json").write_text(json.dumps(_rocksdb_files(path), indent=0), encoding="utf-8")
        except BaseException:
            if preload is not None:
                preload.abort()
            shutil.rmtree(path, ignore_errors=True)
            for suffix in (".keys.json", ".files.json"):
                (self.root / f"{gen}{suffix}").unlink(missing_ok=True)
            raise
        tmp = self.root / "CURRENT.tmp"
        with open(tmp, "w") as f:
            f.write(gen + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / "CURRENT")
        self._db = None
        # Keep the previous generation for readers that still have it open; drop older ones
        # (only what a build made: gen-NNNNNN folders and their listings).
        for p in self.root.iterdir():
            m = GENERATION.fullmatch(p.name)
            if m and p.name.split(".")[0] not in (gen, old):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                elif m[2]:
                    p.unlink(missing_ok=True)

    # -- reading
    def dataset(self) -> ox.Store:
        return self.db()

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


def _with_union(data: bytes) -> bytes:
    """A graph's N-Quads followed by its triples in the default graph (for a load)."""
    if not data:
        return data
    try:
        quads = ox.parse(data, ox.RdfFormat.N_QUADS)
        triples = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                               format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError:
        return data  # the load reports it
    return data + (b"" if data.endswith(b"\n") else b"\n") + triples


def _rocksdb_files(path: Path) -> dict[str, int]:
    """The files RocksDB needs to open a generation (tables, manifest), with their sizes."""
    return {p.name: p.stat().st_size for p in sorted(path.iterdir())
            if p.suffix == ".sst" or p.name.startswith(("MANIFEST-", "OPTIONS-")) or p.name == "CURRENT"}


def _lock(path: Path, location: str, notify: Callable[[str], None] | None):
    """A file lock on ``path``, waited for with a message when another build holds it."""
    from contextlib import contextmanager

    from filelock import FileLock, Timeout

    @contextmanager
    def held():
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            (notify or _stderr)(f"another build is writing to {location}; waiting for it to finish …")
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    return held()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
            _bulk_load(self._db, chunks())
        except BaseException as e:  # kept for finish(); the queue is drained so add() never blocks
            self._error = e
            while not ended and self._queue.get() is not None:
                pass

    def add(self, graph: str, key: str, nquads: str) -> None:
        """Load ``nquads`` as ``graph`` (its key says what was loaded)."""
        if graph in self.keys or not self._thread.is_alive():
            return
        self.keys[graph] = key
        if nquads:
            self._queue.put(_with_union(nquads.encode("utf-8")))

    def finish(self) -> ox.Store:
        if self._thread.is_alive():
            self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise StoreError(f"cannot load the graphs into {self.path.name} ({self._error})") from self._error
        self._db.optimize()
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


def _apply_delta(old: ox.Store, db: ox.Store, gone: list[str], changed: list[str], texts: Iterator[bytes]) -> Delta:
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


def _replace_graph(db: ox.Store, graph: str, now: bytes) -> None:
    """Make ``graph`` in ``db`` hold exactly the quads of the N-Quads ``now``: the difference
    of the two sets of quads is removed and added, and the union default graph follows."""
    name = ox.NamedNode(graph)
    was = set(db.quads_for_pattern(None, None, None, name))
    new = set(ox.parse(now, ox.RdfFormat.N_QUADS)) if now else set()
    for q in was - new:
        db.remove(q)
    db.extend(new - was)
    _sync_union(db, {(q.subject, q.predicate, q.object) for q in was ^ new})


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
        return _lock(self.cache_dir / "build.lock", self.location, notify)

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

    def publish(self, graphs: Mapping[str, "str | GraphSource"], validate=None, preload=None) -> None:
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

