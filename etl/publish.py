"""Publishing a build: corpus-wide identity, graph keys, validation, the store's new content.

``publish_if_changed`` publishes unless the store already holds this dataset;
``publish_dataset`` applies the cross-report merges to the cached report graphs, adds the
resolution graph and hands everything to the store's ``publish`` (any store: the Publisher
interface of ``etl.store``), leaving out the reports whose graphs the shapes refuse.
Each published graph has a key (its content hash, rule version and the merges that touch
it): the store loads only graphs whose key changed, validation skips keys that passed, and a
graph the merges rewrote whose graph as extracted passed is judged again only at the nodes
the merges touched (``validate.touched``).
``store_stats`` counts a published store; ``stats_after`` follows the counts through a delta.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from . import identity, publisher, rdf
from . import validate as shapes
from .cache import Cache
from .files import atomic_write
from .identity import RESOLUTION_GRAPH
from .store import GraphSource, Preload, Store

VIOLATIONS = "violations.tsv"  # in the cache folder: every violation of the reports left out


def publish_if_changed(st: Store, cache: Cache, manifest: dict[str, dict], report, validate: bool,
                       preload: Preload | None) -> dict | None:
    """Publish unless the store already holds this dataset (validated, when asked); returns
    the store's counts when they are known without a scan. ``report`` (a BuildReport) gets
    the failures, notes and the time of each step in ``profile``."""
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
    rejected = publish_dataset(st, cache, manifest, validate=validate, preload=preload, timing=report.profile)
    _reject(cache, manifest, rejected, report)
    cache.save_manifest(manifest)
    previous, delta = cache.stats(generation), st.last_delta
    if previous is not None and delta is not None:  # counts follow from the delta: no scan
        stats = stats_after(previous, delta)
        cache.save_stats(st.current_generation(), stats)
    return stats


def _add(timing: dict[str, float], key: str, since: float) -> None:
    timing[key] = timing.get(key, 0.0) + time.perf_counter() - since


def publish_dataset(st: Store, cache: Cache, manifest: dict[str, dict], validate: bool = True,
                    preload: Preload | None = None, timing: dict[str, float] | None = None) -> dict[str, list]:
    """Apply the corpus-wide merges to the cached report graphs, add the resolution graph,
    validate each graph, and publish them as the store's new content (atomically). A report
    whose graph the shapes refuse is left out and identity resolved again without it.
    Returns the refused reports' violations (sha256 → violations); ``timing`` gets the
    seconds of identity, validation and the store's steps."""
    rejected: dict[str, list] = {}
    timing = timing if timing is not None else {}
    changes: dict[str, Callable[[], tuple[set, set]]] = {}

    def check(db, names) -> None:
        t = time.perf_counter()
        try:
            shapes.check_graphs(db, names, changes)
        finally:
            _add(timing, "validate", t)

    while True:
        t0 = time.perf_counter()
        shas = sorted({v["sha256"] for v in manifest.values()} - set(rejected))
        extractions = [cache.identity_view(sha) for sha in shas]
        mapping = identity.resolve_corpus(extractions)
        resolution = identity.resolution_graph(extractions, mapping)
        # Graphs are read, rewritten and validated only when the store has to load them.
        clean = cache.validated() if validate else set()
        sources, changes = _sources(cache, shas, mapping, clean)
        res = GraphSource.of(resolution)
        sources[RESOLUTION_GRAPH] = dataclasses.replace(res, checked=res.key in clean)
        _add(timing, "identity", t0)
        try:
            st.publish(sources, validate=check if validate else None, preload=preload, timing=timing)
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
        return rejected


def _reject(cache: Cache, manifest: dict[str, dict], rejected: dict[str, list], report) -> None:
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
    atomic_write(path, "\n".join(rows) + "\n")
    report.violations_file = str(path)


def _sources(cache: Cache, shas: list[str], mapping: identity.Mapping, clean: set[str]) -> tuple[dict, dict]:
    """Each report's graph to publish (``GraphSource``), and for a graph the merges rewrite
    whose graph as extracted passed the shapes, its change by the merges (read once)."""
    sources: dict[str, GraphSource] = {}
    changes: dict[str, Callable[[], tuple[set, set]]] = {}
    for sha in shas:
        graph, raw_key = rdf.report_iri(sha).value, graph_key(cache, sha, ())
        merges = _merges_for(mapping, cache.iris(sha))
        if not merges:
            sources[graph] = GraphSource(raw_key, functools.partial(cache.nquads, sha), raw_key in clean,
                                         union=functools.partial(cache.union, sha))
            continue
        key = graph_key(cache, sha, merges)
        change = functools.cache(functools.partial(_change, cache, mapping, sha))
        sources[graph] = GraphSource(key, functools.partial(_rewritten, cache, mapping, sha), key in clean, change,
                                     raw_key)
        if raw_key in clean:
            changes[graph] = change
    return sources, changes


def start_preload(st: Store, cache: Cache, manifest: dict[str, dict], todo: list[Path]) -> Preload | None:
    """When most of the store is to be loaded anew (a first build, new rules), start loading
    it while the workers extract: the cached reports now, the others as they arrive."""
    if not todo:
        return None
    redo = {str(f.resolve()) for f in todo}
    total = len(set(manifest) | redo)
    if st.graph_keys() and len(redo) <= publisher.DELTA_LIMIT * total:
        return None  # few changes: publishing a delta of the published generation is cheaper
    preload = st.preload()
    if preload is None:  # a store without generations
        return None
    for sha in sorted({v["sha256"] for k, v in manifest.items() if k not in redo}):
        preload.add(rdf.report_iri(sha).value, graph_key(cache, sha, ()), cache.nquads(sha))
    return preload


@functools.cache
def _identity_digest() -> str:
    return hashlib.sha256(Path(identity.__file__).read_bytes()).hexdigest()[:16]


def _merges_for(mapping: identity.Mapping, iris: Iterable[str]) -> tuple:
    """The part of the corpus-wide merges that can change a graph naming ``iris``."""
    if {f.name for f in dataclasses.fields(mapping)} - {"target", "decisions", "labels"}:
        return (repr(mapping),)  # a kind of merge this function does not know: assume it does
    return tuple((i, mapping.target[i], mapping.labels.get(mapping.target[i])) for i in iris if i in mapping.target)


def graph_key(cache: Cache, sha: str, merges: tuple) -> str:
    """Changes whenever the published graph of report ``sha`` would: its bytes, the rules,
    the identity code, and the merges that touch it."""
    h = hashlib.sha256(f"{_identity_digest()}{merges!r}".encode("utf-8")).hexdigest()[:16]
    return f"{cache.key(sha)}:{h}"


def _rewritten(cache: Cache, mapping: identity.Mapping, sha: str) -> str:
    return identity.rewrite(cache.nquads(sha), mapping)


def _change(cache: Cache, mapping: identity.Mapping, sha: str) -> tuple[set, set]:
    """The quads the corpus-wide merges take out of the report's graph as extracted, and
    the quads they put in."""
    change = identity.merge_change(ox.parse(cache.nquads(sha).encode("utf-8"), ox.RdfFormat.N_QUADS), mapping)
    return change or (set(), set())


# --------------------------------------------------------------------------- counts


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


def stats_after(previous: dict, delta) -> dict:
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
