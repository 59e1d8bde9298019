"""``OxigraphStore``: pyoxigraph on disk, in generations.

    graphs/store/
      LIANGHUI-STORE  marker written when the store is created: only such a folder is built into
      CURRENT         name of the published generation (replaced atomically)
      gen-000003/     pyoxigraph (RocksDB) files of that generation, never modified
      gen-000003.files.json  the generation's RocksDB files and sizes, checked before opening
      build.lock      held by the build writing to the store (a second one waits)
      cache/          per-report N-Quads and extraction summaries (the incremental cache)

A build writes a new generation next to the published one and switches CURRENT atomically
only after it loaded and validated: an interrupted or failed build leaves the previous graph
intact and queryable, and readers never see a half-written graph. ``gen-NNNNNN.keys.json``
beside a generation names a key per graph (see ``GraphSource``): when few graphs changed, the
next generation starts as a hard-linked checkpoint of the published one (RocksDB SST files are
immutable) and only the changed graphs are replaced.

Every report is a named graph, and the default graph holds their union with each triple
once: queries read the default graph (pyoxigraph's union mode repeats a triple once per
graph that has it, and a label held by 600 reports made joins 600 times bigger), triple
exports dump it as it is, and a delta keeps it in step.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from . import publisher
from .errors import StoreError
from .files import atomic_write
from .loading import DEFAULT_GRAPH, Preload, apply_delta, bulk_load, change_graphs, dump_union, first_quad, with_union
from .publisher import Delta, GraphSource, build_lock
from .query_result import QueryResult, Term, result_of
from .sparql import with_values

DEFAULT_STORE = "graphs/store"
MARKER = "LIANGHUI-STORE"
MARKER_TEXT = ("A lianghui-kg store: `lianghui build` writes generations (gen-NNNNNN) and a cache here.\n"
               "Only folders holding this file are built into; only what a build made is deleted.\n")
GENERATION = re.compile(r"gen-(\d{6})(\.keys\.json|\.files\.json)?")  # what a build makes and may delete


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
        return build_lock(self.root / "build.lock", self.location, notify)

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
            self._union = first_quad(self._db, None) is not None and first_quad(self._db, DEFAULT_GRAPH) is None
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

    def publish(self, graphs: Mapping[str, str | GraphSource], validate=None, preload: "Preload | None" = None,
                timing: dict[str, float] | None = None) -> None:
        """Make the store hold exactly ``graphs`` (IRI → N-Quads text or GraphSource) in a new
        generation, switched to atomically. ``validate(db, names)`` gets the loaded generation
        and the graphs that are not ``checked``, and raises to refuse it. With ``preload``,
        the generation starts from what was streamed into it. ``timing`` gets the seconds of
        load, union, optimize and switch (validation is timed by the caller)."""
        timing = timing if timing is not None else {}
        sources = {g: v if isinstance(v, GraphSource) else GraphSource.of(v) for g, v in graphs.items()}
        old = self.current_generation()
        path = preload.path if preload is not None else self.root / self._next_generation()
        gen = path.name
        try:
            db = self._fill(path, sources, preload, timing)
            if validate is not None:
                validate(db, sorted(g for g, src in sources.items() if not src.checked))
            t = time.perf_counter()
            db.flush()
            del db
            if preload is not None:
                preload.close()
            keys = json.dumps({g: src.key for g, src in sorted(sources.items())}, ensure_ascii=False, indent=0)
            atomic_write(self.root / f"{gen}.keys.json", keys)
            atomic_write(self.root / f"{gen}.files.json", json.dumps(_rocksdb_files(path), indent=0))
        except BaseException:
            if preload is not None:
                preload.abort()
            shutil.rmtree(path, ignore_errors=True)
            for suffix in (".keys.json", ".files.json"):
                (self.root / f"{gen}{suffix}").unlink(missing_ok=True)
            raise
        atomic_write(self.root / "CURRENT", gen + "\n", durable=True)
        self._db = None
        self._drop_old(gen, old)
        _timed(timing, "switch", t)

    def _fill(self, path: Path, sources: dict[str, GraphSource], preload: "Preload | None",
              timing: dict[str, float]) -> ox.Store:
        """The new generation at ``path`` holding ``sources``: the preload finished and the
        graphs whose key differs replaced, a delta of the published generation when few
        graphs changed, or else one bulk load of everything (each graph with its union part)."""
        previous = self.graph_keys() if self.current_generation() else {}
        changed = sorted(g for g, src in sources.items() if previous.get(g) != src.key)
        delta = preload is None and bool(previous) and len(changed) <= publisher.DELTA_LIMIT * max(len(sources), 1)
        if delta:
            self.db()
            delta = not self._union  # a generation without the union default graph is not built on
        self.last_delta = None
        if preload is not None:
            return _finish_preload(preload, sources, timing)
        t = time.perf_counter()
        if delta:
            old_db = self.db()
            old_db.backup(str(path))
            db = ox.Store(str(path))
            self.last_delta = apply_delta(old_db, db, sorted(set(previous) - set(sources)), changed,
                                          (sources[g].text().encode("utf-8") for g in changed))
            _timed(timing, "load", t)
            return db
        db = ox.Store(str(path))
        bulk_load(db, (with_union(sources[g].text().encode("utf-8"), sources[g].union and sources[g].union())
                       for g in sorted(sources)))
        _timed(timing, "load", t)
        t = time.perf_counter()
        db.optimize()
        _timed(timing, "optimize", t)
        return db

    def _drop_old(self, gen: str, old: str | None) -> None:
        """Keep the previous generation for readers that still have it open; drop older ones
        (only what a build made: gen-NNNNNN folders and their listings)."""
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
            sparql = with_values(sparql, bindings)
        try:
            db = self.db()
            res = db.query(sparql, use_default_graph_as_union=self._union, substitutions=subs or None)
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from None
        return result_of(res)

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
            dump_union(db, out, fmt, kwargs.get("prefixes"))

    def __len__(self) -> int:
        """Quads in the report graphs."""
        return self.counts()[1] if self.exists() else 0



def _finish_preload(preload: Preload, sources: dict[str, GraphSource], timing: dict[str, float]) -> ox.Store:
    """The preloaded generation with every graph whose key differs changed to its source: by
    the merges' difference when the raw graph was preloaded, else replaced. The new quads are
    made while the loader still works (it releases the GIL), then applied."""
    t = time.perf_counter()
    have = preload.keys
    edits: dict[str, tuple[set | None, set]] = {g: (None, set()) for g in sorted(set(have) - set(sources))}
    for g in sorted(g for g, src in sources.items() if have.get(g) != src.key):
        src = sources[g]
        if src.change is not None and have.get(g) == src.raw_key:  # merges rewrote the raw graph
            edits[g] = src.change()
        else:
            text = src.text().encode("utf-8")
            edits[g] = (None, set(ox.parse(text, ox.RdfFormat.N_QUADS)) if text else set())
    _timed(timing, "union", t)
    db = preload.finish(timing)
    t = time.perf_counter()
    for g, (was, now) in edits.items():
        if was is None:  # replaced: whatever the preload holds of it goes
            edits[g] = (set(db.quads_for_pattern(None, None, None, ox.NamedNode(g))), now)
    change_graphs(db, edits)
    _timed(timing, "union", t)  # merges rewrite graphs: their quads and union triples follow
    return db


def _rocksdb_files(path: Path) -> dict[str, int]:
    """The files RocksDB needs to open a generation (tables, manifest), with their sizes."""
    return {p.name: p.stat().st_size for p in sorted(path.iterdir())
            if p.suffix == ".sst" or p.name.startswith(("MANIFEST-", "OPTIONS-")) or p.name == "CURRENT"}



def _timed(timing: dict[str, float], key: str, since: float) -> None:
    timing[key] = timing.get(key, 0.0) + time.perf_counter() - since
