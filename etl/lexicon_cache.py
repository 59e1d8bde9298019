"""The checked lexicon kept on disk, so that a build's start (and each worker's) skips reading it.

Parsing ``schema/lexicon.yaml``, the law list and the division table takes a tenth to a fifth of a
second per process; a pickle of the finished ``Lexicon`` loads in a millisecond. The file is named
by a digest of everything the lexicon is made from (the lexicon's bytes, the law list's path and
bytes, the division package's version, the code that builds it, the Python and pydantic versions),
so a change anywhere makes a new one. A file that cannot be read or unpickled is ignored and
written again: the lexicon is the same either way. The folder is ``LIANGHUI_CACHE_DIR``, else the
user's cache folder (``$XDG_CACHE_HOME/lianghui``); ``LIANGHUI_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from .files import atomic_write

ENV = "LIANGHUI_CACHE_DIR"
KEEP = 16  # compiled lexicons kept
T = TypeVar("T")


def folder() -> Path | None:
    """Where compiled lexicons are kept; None when turned off."""
    env = os.environ.get(ENV)
    if env:
        return None if env == "off" else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lianghui"


def key(parts: Iterable[bytes], code: Iterable[str]) -> str:
    """A digest of the inputs' bytes and of the source files that turn them into the result."""
    h = hashlib.sha256(f"{sys.version}\0{_pydantic_version()}".encode())
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    for path in code:
        h.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return h.hexdigest()[:32]


def cached(name: str, digest: str, make: Callable[[], T], kind: type) -> T:
    """``make()``, or what an earlier call with the same ``digest`` stored (of type ``kind``)."""
    where = folder()
    if where is None:
        return make()
    path = where / f"{name}-{digest}.pickle"
    try:
        found = pickle.loads(path.read_bytes())
        if isinstance(found, kind):
            return found
    except Exception:  # noqa: BLE001 — missing, truncated or from another version: made again
        pass
    made = make()
    try:
        where.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(where, name)
    except OSError:  # a read-only home: the lexicon is made each time, as before
        pass
    return made


def _prune(where: Path, name: str, keep: int = KEEP) -> None:
    """Keep the ``keep`` newest files of ``name`` (lexicons being edited leave many behind)."""
    files = sorted(where.glob(f"{name}-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def _pydantic_version() -> str:
    module = sys.modules.get("pydantic")
    return str(getattr(module, "VERSION", "")) if module else ""
