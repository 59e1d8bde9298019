"""Stores: where built graphs live and how they are queried; ``open_store`` picks one.

Every store implements the Publisher interface (``etl.publisher.Store``): the build publishes
through it and the commands read from it, whichever store it is. The stores, by module:

| module | holds |
|---|---|
| ``publisher`` | the ``Store`` protocol, ``GraphSource`` (a graph to publish), ``Delta``, the build lock |
| ``query_result`` | ``QueryResult`` and ``Row``: what every ``query`` returns |
| ``generations`` | ``OxigraphStore``: pyoxigraph on disk in generations, switched atomically (default) |
| ``loading`` | bulk loads in batches, the preload thread, deltas and the union default graph |
| ``memory`` | ``MemoryStore`` (rdflib, for comparisons and notebooks) and ``SingleVersion`` |
| ``remote`` | ``RemoteStore``: a SPARQL 1.1 server over HTTP |

This module re-exports their public names, so ``from etl.store import …`` keeps working.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import StoreError
from .generations import DEFAULT_STORE, GENERATION, MARKER, MARKER_TEXT, OxigraphStore
from .loading import DEFAULT_GRAPH, LOAD_BATCH, Preload
from .memory import MemoryStore, SingleVersion, from_rdflib, staged, to_rdflib
from .publisher import DELTA_LIMIT, Delta, GraphSource, Store
from .query_result import QueryResult, Row, Term, result_of
from .remote import RemoteStore

__all__ = [
    "DEFAULT_GRAPH", "DEFAULT_STORE", "DELTA_LIMIT", "GENERATION", "LOAD_BATCH", "MARKER", "MARKER_TEXT", "Delta",
    "GraphSource", "MemoryStore", "OxigraphStore", "Preload", "QueryResult", "RemoteStore", "Row", "SingleVersion",
    "Store", "Term", "from_rdflib", "open_store", "result_of", "staged", "to_rdflib",
]


def open_store(location: str | Path | None = None) -> Store:
    """A store from a ``--store`` value: folder (default), ``memory:``, ``sparql+http://…``."""
    loc = str(location or os.environ.get("LIANGHUI_STORE", DEFAULT_STORE))
    if loc == "memory:":
        return MemoryStore()
    if loc.startswith(("sparql+http://", "sparql+https://")):
        return RemoteStore(loc)
    if "://" in loc:
        raise StoreError("unknown store URL: use a folder, memory: or sparql+http://HOST:PORT/", path=loc)
    return OxigraphStore(loc)
