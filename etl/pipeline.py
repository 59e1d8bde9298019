"""Stage order, the per-report work, and the build.

One report goes ingest → clean → segment, then the stages that each enrich its
``ReportState``: recognize → resolve → relate → assemble (docs/architecture.md), and is
emitted as its named graph (``identity.emit``). ``build`` runs that for many files and
publishes the result:

1. scan: find the files, hash them, skip those the cache has (``etl.cache``);
2. extract: the per-report work (``_work``) in worker processes (``etl.workers``), each handing
   back the extraction, its N-Quads, its share of the union graph as N-Triples (ready to load)
   and its verdict under the shapes; a first build streams them into the store meanwhile;
3. publish: cross-report identity, merges applied to the graphs they touch, validation of
   the graphs not validated before, the store's new content switched to atomically
   (``etl.publish``; any store: the Publisher interface of ``etl.store``).

A report whose extraction fails, or whose graph violates the shapes, is left out and listed;
the others are published. One build writes to a store at a time (a file lock). The seconds
of every step are in ``BuildReport.profile`` (``lianghui build --profile``).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import gazetteer, identity, rdf
from .cache import (CACHE_FORMAT, IDENTITY_DROPS, Cache, code_digest, code_stamp, imported_modules,  # noqa: F401
                    remember_version, remembered_version)
from .errors import InputError, LianghuiError, UsageError, printable
from .files import atomic_write
from .identity import RESOLUTION_GRAPH  # noqa: F401  (named by callers as pipeline.RESOLUTION_GRAPH)
from .ingest import check_file, find_reports, read_report
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .models import ReportExtraction
from .publish import VIOLATIONS, graph_key, publish_if_changed, start_preload, store_stats
from .store import Preload, Store, open_store
from .validate import validate_quads
from .workers import EXECUTORS, Extracted, die_with_parent, run_jobs

__all__ = ["BuildReport", "EXECUTORS", "VIOLATIONS", "build", "extract_document", "extract_report", "extract_to_files",
           "rule_version", "store_stats"]


def extract_document(source, lex: Lexicon) -> ReportExtraction:
    """clean → segment, then the stages that each enrich the report's state (``etl.stages``,
    imported on first use: a build with nothing to extract never loads them)."""
    from .stages import extract_document as run_stages

    return run_stages(source, lex)


def extract_report(path: str | Path, lex: Lexicon | None = None) -> ReportExtraction:
    """One report file → its extraction (entities resolved within the report)."""
    return extract_document(read_report(path), lex or default_lexicon())


def _work(args: tuple[str, str | None, bool]) -> Extracted:
    """Worker: extract, emit and (optionally) validate one report, and make its graph ready to
    load; errors come back as their one-line message naming the file."""
    path, lexicon_path, validate = args
    die_with_parent()
    try:
        t0 = time.perf_counter()
        lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
        ex = extract_report(path, lex)
        t1 = time.perf_counter()
        nquads = identity.emit(ex)  # its triples and entities read off the text: no parse unless validating
        union, iris = rdf.graph_triples(nquads, ex.sha256), tuple(identity.entity_iris(nquads))
        as_json = ex.model_dump_json()
        t2 = time.perf_counter()
        quads = ox.parse(nquads, ox.RdfFormat.N_QUADS, lenient=True) if validate else ()  # the loader parses strictly
        valid = not validate_quads(quads) if validate else None  # valid alone is valid with any context
        seconds = {"extract": t1 - t0, "serialise": t2 - t1, "validate": time.perf_counter() - t2}
        return Extracted(path, ex.sha256, ex.document, as_json, nquads, union, iris, valid, seconds=seconds)
    except LianghuiError as e:
        return Extracted(path, error=str(e))
    except Exception as e:  # a bug must not sink the other reports; say which file
        return Extracted(path, error=f"error[LH999]: {printable(path)}: internal error while extracting: "
                                     f"{type(e).__name__}: {e}")


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
    extract_seconds: float = 0.0  # scan and the per-report stages, all workers (wall)
    publish_seconds: float = 0.0  # identity, loading, validation of the new generation (wall)
    # seconds per step: wall in this process (start, scan, extract_wall, cache, identity, load, union, optimize,
    # validate, switch, stats) and summed over the workers (extract, serialise, worker_validate)
    profile: dict[str, float] = field(default_factory=dict)
    store: str = ""

    @property
    def identity_seconds(self) -> float:
        return self.profile.get("identity", 0.0)

    @property
    def validate_seconds(self) -> float:  # in the workers (summed) and of the merged graphs at publishing
        return self.profile.get("worker_validate", 0.0) + self.profile.get("validate", 0.0)

    def summary(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        if self.violations_file:
            ents += f"; violations of the reports left out: {self.violations_file}"
        return (
            f"{self.reports} reports ({self.built} built, {self.skipped} unchanged, {self.removed} removed, "
            f"{len(self.failed)} failed), {self.triples} triples; entities: {ents or 'none'}; "
            f"{self.seconds:.2f} s → {self.store}"
        )

    def profile_table(self) -> str:
        """Where the build's time went, one step a line (``lianghui build --profile``)."""
        rows = [f"{k:16s} {v:8.3f} s" for k, v in self.profile.items()]
        return "\n".join(["step             seconds (workers' steps summed over the workers)", *rows])


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
    report = BuildReport(store=st.location)
    lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    cache = cache_for(st, lex)
    _step(report, "start", t0)
    t = time.perf_counter()
    arg_paths = [Path(p) for p in paths]
    files = find_reports(arg_paths)
    manifest = cache.manifest()
    (cache.root / VIOLATIONS).unlink(missing_ok=True)
    _forget_removed(manifest, arg_paths, report)
    files = sorted(set(files) | _repair_cache(cache, manifest, files, report))
    todo, twins = _scan(files, cache, manifest, report)
    _step(report, "scan", t)
    preload = _extract(todo, st, cache, manifest, report, workers, lexicon_path, progress, validate, executor,
                       scheduler)
    built = {v["sha256"]: k for k, v in manifest.items() if "duplicate_of" not in v}
    for key, sha in twins.items():
        if sha in built:
            manifest[key] = {"sha256": sha, "name": Path(key).stem, "duplicate_of": built[sha]}
    report.extract_seconds = time.perf_counter() - t0

    stats = publish_if_changed(st, cache, manifest, report, validate, preload)
    report.publish_seconds = time.perf_counter() - t0 - report.extract_seconds
    report.failed.sort()
    report.reports = len({v["sha256"] for v in manifest.values()})
    if stats is None:
        t = time.perf_counter()
        stats = store_stats(st)
        cache.save_stats(st.current_generation(), stats)
        _step(report, "stats", t)
    report.triples = stats["triples"]
    report.entities = stats["entities"]
    report.seconds = time.perf_counter() - t0
    return report


def _step(report: BuildReport, key: str, since: float) -> None:
    report.profile[key] = report.profile.get(key, 0.0) + time.perf_counter() - since


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
    t = time.perf_counter()
    n_workers = max(1, workers or os.cpu_count() or 1)
    if executor == "local":
        n_workers = min(n_workers, len(todo) or 1)
        if todo:  # the forked workers start with the stages loaded, as the one extracting here does
            from . import stages  # noqa: F401
    # largest first, so that no worker is left with a big report at the end
    jobs = [(str(f), str(lexicon_path) if lexicon_path else None, validate)
            for f in sorted(todo, key=lambda f: (-f.stat().st_size, str(f)))]
    clean = cache.validated() if validate else set()
    preload, overlap, cached, handed = None, n_workers > 1 or executor == "dask", 0.0, 0.0
    try:
        for i, done in enumerate(run_jobs(_work, jobs, n_workers, executor, scheduler), 1):
            if overlap and i == 1:  # the workers exist by now: no fork while the loader runs
                preload = start_preload(st, cache, manifest, todo)
            if progress:
                progress(done.path, i, len(jobs))
            if done.error:
                report.failed.append(done.error)
                continue
            c = time.perf_counter()
            cache.put_text(done.sha256, done.json, done.nquads, done.iris, done.union)
            for step, seconds in done.seconds.items():
                key = "worker_validate" if step == "validate" else step
                report.profile[key] = report.profile.get(key, 0.0) + seconds
            raw_key = graph_key(cache, done.sha256, ())
            if done.valid:  # as extracted; publishing validates it again if merges rewrite it
                clean.add(raw_key)
            manifest[str(Path(done.path).resolve())] = {"sha256": done.sha256, "name": done.name}
            report.built += 1
            cached += time.perf_counter() - c
            if preload:
                c = time.perf_counter()  # waits while the loader is behind
                preload.add(rdf.report_iri(done.sha256).value, raw_key, done.nquads, done.union)
                handed += time.perf_counter() - c
    except BaseException:
        if preload:
            preload.abort()
        raise
    if validate:
        cache.save_validated(clean)
    report.profile.update(extract_wall=time.perf_counter() - t - cached - handed, cache=cached, load_wait=handed)
    return preload


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


# --------------------------------------------------------------------------- the rule version


def extraction_modules() -> list[Path]:
    """The source files of every etl module that extraction imports, found by walking the
    imports (static, function-level ones too) from the stages (``etl.stages``), the modules the
    per-report run calls, and identity (which emits the graph)."""
    roots = {"etl.identity", "etl.stages"}
    for fn in (extract_document, extract_report):
        for name in fn.__code__.co_names:
            module = getattr(globals().get(name), "__module__", None) or getattr(globals().get(name), "__name__", None)
            if module and module.startswith("etl.") and module != __name__:
                roots.add(module)
    return imported_modules(roots)


def rule_version(lex: Lexicon) -> str:
    """Lexicon version + a digest of everything that changes an extraction: the lexicon, the
    code of every module extraction imports (and of the per-report run itself), the
    gazetteer data and the versions of the packages that feed them. Remembered on disk under
    a stamp of the files it reads (walking the imports costs more than a small rebuild)."""
    stamp = f"{lex.version}\0{lex.digest}\0{code_stamp()}"
    known = remembered_version(stamp)
    if known is not None:
        return known
    h = code_digest(extraction_modules(), (inspect.getsource(fn) for fn in (extract_document, extract_report, _work)))
    h.update(lex.digest.encode())
    try:
        h.update(gazetteer._read().encode("utf-8"))
    except LianghuiError:
        h.update(b"no gazetteer")
    version = f"{lex.version}-{h.hexdigest()[:12]}"
    remember_version(stamp, version)
    return version


def cache_for(store: Store, lex: Lexicon) -> Cache:
    return Cache(store.cache_dir, rule_version(lex))


def extract_to_files(paths: Iterable[str | Path], out_dir: str | Path, fmt: str = "json",
                     lexicon_path: str | Path | None = None) -> tuple[list[Path], list[str]]:
    """Gold-schema annotation files, one per report (named after its stem)."""
    import yaml

    from . import annotation

    lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, errors = [], []
    for f in find_reports(paths):
        try:
            ann = annotation.to_annotation(extract_report(f, lex)).to_plain()
        except LianghuiError as e:
            errors.append(str(e))
            continue
        target = out / f"{f.stem}.{'yaml' if fmt == 'yaml' else 'json'}"
        if fmt == "yaml":
            data = yaml.safe_dump(ann, allow_unicode=True, sort_keys=False)
        else:
            data = json.dumps(ann, ensure_ascii=False, indent=2) + "\n"
        atomic_write(target, data)
        written.append(target)
    return written, errors
