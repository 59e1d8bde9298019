"""Stage order, the per-report run, the incremental cache, and the build.

``extract_report`` runs ingest → clean → segment → recognize → canonicalize → relate →
assemble for one file. ``build`` runs it for many files (in a process pool), keeps each
report's sorted N-Quads in a cache keyed by content hash and rule version (unchanged reports
are skipped), adds the cross-report resolution graph, and publishes the whole dataset to the
store atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import identity, rdf
from .identity import RESOLUTION_GRAPH
from .clean import clean
from .errors import InputError, LianghuiError
from .ingest import find_reports, read_report
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .models import ReportExtraction
from .recognize import recognize
from .relate import relate
from .resolve import assemble, canonicalize, finish_metadata
from .segment import segment
from .store import OxigraphStore, Store, open_store

CACHE_FORMAT = 1


def extract_document(source, lex: Lexicon) -> ReportExtraction:
    doc = clean(source)
    seg = segment(doc, lex)
    mentions = recognize(seg, lex)
    res = canonicalize(seg, mentions, lex)
    metadata = finish_metadata(seg, mentions, res, lex)
    facts = relate(seg, mentions, res, metadata, lex)
    return assemble(seg, mentions, res, facts, metadata, lex)


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
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    store: str = ""

    def summary(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
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


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def _work(args: tuple[str, str | None]) -> tuple[str, ReportExtraction | None, str | None]:
    """Worker: extract one report; errors come back as their one-line message."""
    path, lexicon_path = args
    try:
        lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
        return path, extract_report(path, lex), None
    except LianghuiError as e:
        return path, None, str(e)
    except Exception as e:  # a bug must not sink the other reports; say which file
        return path, None, f"error[LH999]: {path}: internal error while extracting: {type(e).__name__}: {e}"


class Cache:
    """Per-report N-Quads + extraction JSON, keyed by sha256 and rule version."""

    def __init__(self, root: Path, rule_version: str) -> None:
        self.root = root
        self.version = f"{CACHE_FORMAT}-{rule_version}"
        root.mkdir(parents=True, exist_ok=True)

    def _stem(self, sha: str) -> Path:
        return self.root / f"{sha[:32]}-{self.version}"

    def has(self, sha: str) -> bool:
        return self._stem(sha).with_suffix(".nq").exists() and self._stem(sha).with_suffix(".json").exists()

    def put(self, ex: ReportExtraction) -> None:
        stem = self._stem(ex.sha256)
        _atomic_write(stem.with_suffix(".json"), ex.model_dump_json())
        _atomic_write(stem.with_suffix(".nq"), rdf.quads_to_nquads(rdf.to_quads(ex)))

    def nquads(self, sha: str) -> str:
        return self._stem(sha).with_suffix(".nq").read_text(encoding="utf-8")

    def extraction(self, sha: str) -> ReportExtraction:
        return ReportExtraction.model_validate_json(self._stem(sha).with_suffix(".json").read_text(encoding="utf-8"))

    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, dict]:
        try:
            return json.loads(self.manifest_path().read_text(encoding="utf-8"))["reports"]
        except (FileNotFoundError, KeyError, json.JSONDecodeError):
            return {}

    def save_manifest(self, reports: dict[str, dict]) -> None:
        _atomic_write(self.manifest_path(), json.dumps({"reports": reports}, ensure_ascii=False, indent=1, sort_keys=True))


RULE_MODULES = ("ingest", "formats", "clean", "segment", "recognize", "relate", "resolve", "rdf", "models")


def rule_version(lex: Lexicon) -> str:
    """Lexicon version + a digest of the lexicon and of the code of every extraction stage:
    any change to the rules invalidates the cache."""
    h = hashlib.sha256(lex.digest.encode())
    here = Path(__file__).parent
    for name in RULE_MODULES:
        for p in sorted([here / f"{name}.py", *(here / name).glob("*.py")]):
            if p.exists():
                h.update(p.read_bytes())
    return f"{lex.version}-{h.hexdigest()[:12]}"


def cache_for(store: Store, lex: Lexicon) -> Cache:
    if isinstance(store, OxigraphStore):
        root = store.cache_dir
    else:
        root = Path("graphs/cache") / hashlib.sha256(store.location.encode()).hexdigest()[:12]
    return Cache(root, rule_version(lex))


def build(
    paths: Iterable[str | Path],
    store: Store | str | None = None,
    *,
    workers: int | None = None,
    lexicon_path: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    validate: bool = True,
) -> BuildReport:
    """Build the reports under ``paths`` into ``store``; unchanged reports are skipped.

    The store ends up holding every report it held before (those rebuilt replaced, those
    whose files vanished from a built folder removed) plus the new ones. Failed reports are
    listed in the result and leave their previous graph in place.
    """
    t0 = time.perf_counter()
    st = store if store is not None and not isinstance(store, str) else open_store(store)
    lex = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    cache = cache_for(st, lex)
    report = BuildReport(store=st.location)
    arg_paths = [Path(p) for p in paths]
    files = find_reports(arg_paths)
    manifest = cache.manifest()

    # reports that were under a built folder but are gone now
    folders = [p.resolve() for p in arg_paths if p.is_dir()]
    for key in list(manifest):
        kp = Path(key)
        if any(f == kp.parent or f in kp.parents for f in folders) and not kp.exists():
            del manifest[key]
            report.removed += 1

    todo: list[Path] = []
    shas: dict[str, str] = {}
    for f in files:
        key = str(f.resolve())
        try:
            sha = _file_sha(f)
        except OSError as e:
            report.failed.append(str(InputError(f"cannot read the file ({e.strerror})", path=f)))
            continue
        shas[key] = sha
        if cache.has(sha) and manifest.get(key, {}).get("sha256") == sha:
            report.skipped += 1
        elif cache.has(sha):
            manifest[key] = {"sha256": sha, "name": f.stem}
            report.skipped += 1
        else:
            todo.append(f)

    n_workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    jobs = [(str(f), str(lexicon_path) if lexicon_path else None) for f in todo]
    results = map(_work, jobs) if n_workers == 1 else ProcessPoolExecutor(n_workers).map(_work, jobs, chunksize=1)
    for i, (path, ex, err) in enumerate(results, 1):
        if progress:
            progress(path, i, len(jobs))
        if err:
            report.failed.append(err)
            continue
        cache.put(ex)
        manifest[str(Path(path).resolve())] = {"sha256": ex.sha256, "name": ex.document}
        report.built += 1

    unchanged = report.built == 0 and report.removed == 0 and manifest == cache.manifest()
    if not (unchanged and isinstance(st, OxigraphStore) and st.exists()):
        publish_dataset(st, cache, manifest, validate=validate)
        cache.save_manifest(manifest)
    report.reports = len(manifest)
    stats = store_stats(st)
    report.triples = stats["triples"]
    report.entities = stats["entities"]
    report.seconds = time.perf_counter() - t0
    return report


def publish_dataset(st: Store, cache: Cache, manifest: dict[str, dict], validate: bool = True) -> None:
    shas = sorted({v["sha256"] for v in manifest.values()})
    extractions = [cache.extraction(sha) for sha in shas]
    mapping = identity.resolve_corpus(extractions)
    graphs = {rdf.report_iri(sha).value: identity.rewrite(cache.nquads(sha), mapping, sha) for sha in shas}
    graphs[RESOLUTION_GRAPH] = identity.resolution_graph(extractions, mapping)
    check = None
    if validate:
        from .validate import check_store

        check = check_store
    st.publish(graphs, validate=check)


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
    q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    triples = int(st.query(q).rows[0][0].value)
    ents: Counter[str] = Counter()
    values = " ".join(f"<{c}>" for c in ENTITY_CLASSES.values())
    res = st.query(
        f"SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?e a ?c }} GROUP BY ?c"
    )
    back = {v: k for k, v in ENTITY_CLASSES.items()}
    for c, n in res.rows:
        ents[back[c.value]] = int(n.value)
    reports = int(st.query(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{rdf.LH}Report> }}").rows[0][0].value)
    return {"triples": triples, "quads": len(st), "reports": reports, "entities": dict(ents)}


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
