"""The Publisher interface: what the build hands a store, and what every store answers.

``Store`` is the protocol every store implements (the on-disk generations of
``etl.generations``, the rdflib ``MemoryStore``, a remote SPARQL server): the build publishes
through it without asking which store it has, the commands read from it. A graph to publish
is a ``GraphSource`` (a key and a way to produce its N-Quads); a store that published a delta
says what changed in ``last_delta`` (a ``Delta``).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from filelock import FileLock, Timeout

from .query_result import QueryResult, Term

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
    # (quads as first handed to a preload under ``raw_key``, quads now): a store that preloaded
    # the raw graph changes it by the difference, without reading it back or parsing ``text``
    change: Callable[[], tuple[set, set]] | None = None
    raw_key: str | None = None
    # its triples as N-Triples for the union default graph, when known without parsing ``text``
    union: Callable[[], bytes | None] | None = None

    @classmethod
    def of(cls, text: str) -> "GraphSource":
        return cls(hashlib.sha256(text.encode("utf-8")).hexdigest(), lambda: text)


@dataclass(frozen=True)
class Delta:
    """What a delta publish changed: quads removed and added, and for every triple they
    hold whether the union graph had it (before, after), so counts follow without a scan."""

    removed: int
    added: int
    triples: dict[tuple, tuple[bool, bool]]


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

    def preload(self):
        """A load that graphs stream into while the build still extracts (``loading.Preload``),
        or None for a store that has no use for one."""

    def publish(self, graphs: Mapping[str, "str | GraphSource"], validate=None, preload=None,
                timing: dict[str, float] | None = None) -> None:
        """Make the store hold exactly ``graphs`` (graph IRI → N-Quads text or GraphSource),
        atomically. ``validate(db, names)`` gets a pyoxigraph store of the whole new dataset
        and the graphs to check (those not ``checked``), and raises to refuse it. ``timing``
        gets the seconds of the store's own steps (load, union, optimize, switch)."""

    def counts(self) -> tuple[int, int]: ...

    # -- reading
    def dataset(self) -> ox.Store:
        """The published quads as a pyoxigraph store (what validation reads)."""

    def graph_iris(self) -> set[str]: ...

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None: ...

    def __len__(self) -> int: ...


@contextmanager
def build_lock(path: Path, location: str, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """A file lock on ``path``, waited for with a message when another build holds it."""
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


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
