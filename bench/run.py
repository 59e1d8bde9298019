#!/usr/bin/env python
"""lianghui-kg benchmarks: stage throughput, parallel and incremental builds, store loading,
query latency (pyoxigraph against rdflib), exports and memory, all measured in one run.

    /work/venv/bin/python bench/run.py [--quick] [--out DIR] [--corpus PATH] [--triples N] [--no-validate]

Builds the benchmark corpus (../shared/corpus/bench: real reports, read in place) and a
synthetic scale-up of it (the corpus replicated with region and person names varied per
copy, generated in a temporary folder and deleted afterwards), prints a table and writes
``DIR/<timestamp>.json`` and ``DIR/latest.json`` (default ``bench/results/``). Numbers are
wall-clock seconds on a shared machine unless marked cpu; compare ratios from one run.
Builds validate, as `lianghui build` does, and validation is timed as a stage
(``--no-validate`` for comparison).
Never run by the unit suite (tests/test_parallel.py only checks that it runs).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
import yaml  # noqa: E402

from etl import identity, pipeline, rdf  # noqa: E402
from etl.ingest import find_reports, read_report  # noqa: E402
from etl.lexicon import SCHEMA_DIR, default_lexicon  # noqa: E402
from etl.store import OxigraphStore  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bench"
STAGES = ("ingest", "clean", "segment", "recognize", "resolve", "relate", "emit")
# functions extract_document calls, by the stage they belong to
STAGE_OF = {"clean": "clean", "segment": "segment", "recognize_stage": "recognize", "resolve_stage": "resolve",
            "relate_stage": "relate", "assemble_stage": "resolve"}
TARGETS = {
    "extract_mb_s_per_core": 1.0,  # >=
    "build_mb_s_per_core": 1.0,  # >= whole build with validation, bench corpus
    "speedup_2_workers": 1.7,  # >=
    "incremental_share": 0.05,  # <=
    "query_p50_ms": 50.0,  # < for every template
    "first_page_p50_ms": 50.0,  # < every template's first page at 1M triples
    "first_page_p50_ms_10m": 100.0,  # < at 10M, except templates whose header says full_scan
    "peak_rss_mb_10m": 4096.0,  # < at 10M
    "rdflib_ratio": 10.0,  # >= for every template
    "export_seconds": 30.0,  # < for ttl and graphml
    "peak_rss_mb": 2048.0,  # <
}


PHASES: dict[str, float] = {}  # phase → peak RSS (MB) of this process when it started


def log(msg: str) -> None:
    PHASES[f"{len(PHASES):02d} {msg[:48]}"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def mb(n: int) -> float:
    return n / 1e6


def rss_mb() -> dict:
    """Peak resident set size so far: this process, and the largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(kids, 1), "peak_mb": round(max(own, kids), 1)}


def percentile(values: list[float], p: float) -> float:
    vs = sorted(values)
    k = (len(vs) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return vs[lo] + (vs[hi] - vs[lo]) * (k - lo)


# --------------------------------------------------------------------------- stages


def stage_throughput(files: list[Path], validate: bool) -> dict:
    """CPU seconds and text MB/s of each stage over ``files``, in this one process."""
    lex = default_lexicon()
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            c, w = time.process_time(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                cpu[STAGE_OF[name]] += time.process_time() - c
                wall[STAGE_OF[name]] += time.perf_counter() - w

        return wrapper

    saved = {n: getattr(pipeline, n) for n in STAGE_OF if hasattr(pipeline, n)}
    for n, fn in saved.items():
        setattr(pipeline, n, timed(n, fn))
    size = quads = 0
    try:
        for f in files:
            c, w = time.process_time(), time.perf_counter()
            source = read_report(f)
            cpu["ingest"] += time.process_time() - c
            wall["ingest"] += time.perf_counter() - w
            size += f.stat().st_size
            ex = pipeline.extract_document(source, lex)
            c, w = time.process_time(), time.perf_counter()
            text = identity.emit(ex)
            cpu["emit"] += time.process_time() - c
            wall["emit"] += time.perf_counter() - w
            quads += text.count("\n")
            if validate:
                from etl.validate import validate_quads

                c, w = time.process_time(), time.perf_counter()
                validate_quads(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS))
                cpu["validate"] += time.process_time() - c
                wall["validate"] += time.perf_counter() - w
    finally:
        for n, fn in saved.items():
            setattr(pipeline, n, fn)
    names = [*STAGES, *(["validate"] if validate else [])]
    out = {
        s: {"cpu_s": round(cpu[s], 3), "wall_s": round(wall[s], 3),
            "mb_s": round(mb(size) / cpu[s], 2) if cpu[s] else None}
        for s in names
    }
    total_cpu = sum(cpu[s] for s in STAGES)
    total_wall = sum(wall[s] for s in STAGES)
    out["extract_total"] = {"cpu_s": round(total_cpu, 3), "wall_s": round(total_wall, 3),
                            "mb_s": round(mb(size) / total_cpu, 3), "mb_s_wall": round(mb(size) / total_wall, 3)}
    return {"reports": len(files), "text_mb": round(mb(size), 3), "quads": quads, "stages": out}


# --------------------------------------------------------------------------- builds


def digest(store) -> str:
    """A hash of the store's quads: equal content iterates in the same (index) order."""
    import hashlib

    h = hashlib.sha256()
    for q in store.quads():
        h.update(f"{q} .\n".encode("utf-8"))
    return h.hexdigest()


BUILD_CHILD = """
import json, resource, sys
from etl import pipeline
a = json.loads(sys.argv[1])
r = pipeline.build(a["paths"], a["store"], workers=a["workers"], validate=a["validate"])
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"extract_s": r.extract_seconds, "publish_s": r.publish_seconds, "identity_s": r.identity_seconds,
                  "validate_s": r.validate_seconds, "peak_rss_mb": rss / 1024,
                  "profile": {k: round(v, 3) for k, v in r.profile.items()},
                  "built": r.built, "skipped": r.skipped, "failed": r.failed, "triples": r.triples,
                  "reports": r.reports}, ensure_ascii=False))
"""


def timed_build(paths, store, *, workers: int, validate: bool, timeout: float | None = None) -> dict:
    """One build as a user runs it: a fresh Python process (start-up, imports and the
    lexicon included in ``seconds``), stopped after ``timeout`` seconds (``stopped`` says so).
    ``profile`` is the build's own account of where its time went (BuildReport.profile)."""
    arg = json.dumps({"paths": [str(p) for p in paths], "store": store.location, "workers": workers,
                      "validate": validate})
    t = time.perf_counter()
    code, stdout, stderr, stopped = run_watched([sys.executable, "-c", BUILD_CHILD, arg], timeout or 1e9, 1 << 30,
                                                cwd=ROOT)
    seconds = time.perf_counter() - t
    if stopped:
        return {"seconds": None, "stopped": f"{stopped} ({seconds:.0f} s)", "load_avg": os.getloadavg()}
    if code != 0:
        raise RuntimeError(f"build failed: {stderr.strip()[-800:]}")
    r = json.loads(stdout.strip().splitlines()[-1])
    if r["failed"]:
        log(f"  {len(r['failed'])} report(s) failed, e.g. {r['failed'][0]}")
    return {"seconds": round(seconds, 3), **{k: round(v, 3) for k, v in r.items() if k.endswith("_s")},
            "built": r["built"], "skipped": r["skipped"], "failed": len(r["failed"]), "triples": r["triples"],
            "reports": r["reports"], "peak_rss_mb": round(r["peak_rss_mb"], 1), "profile": r["profile"],
            "load_avg": os.getloadavg()}


def touch_one(folder: Path) -> Path:
    """Change one report the way an editor would: a paragraph added at the end."""
    files = find_reports([folder])
    target = files[len(files) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "\n全年共召开常委会会议6次，开展执法检查3次。\n",
                      encoding="utf-8")
    return target


def build_ratios(corpus: Path, work: Path, workers: int, validate: bool) -> dict:
    """One worker against N, then a no-change and a one-changed rebuild, on the same corpus."""
    size = sum(f.stat().st_size for f in find_reports([corpus]))
    log(f"build, 1 worker: {corpus}")
    one = timed_build([corpus], OxigraphStore(work / "one"), workers=1, validate=validate)
    log(f"build, {workers} workers")
    st = OxigraphStore(work / "many")
    many = timed_build([corpus], st, workers=workers, validate=validate)
    identical = digest(OxigraphStore(work / "one")) == digest(st)
    log("rebuild, nothing changed")
    same = timed_build([corpus], st, workers=workers, validate=validate)
    changed = touch_one(corpus)
    log(f"rebuild, one report changed ({changed.name})")
    inc = timed_build([corpus], st, workers=workers, validate=validate)
    return {
        "text_mb": round(mb(size), 3),
        "workers": workers,
        "full_1_worker": one,
        f"full_{workers}_workers": many,
        "identical_output": identical,
        "no_change": same,
        "one_changed": inc,
        "speedup": round(one["seconds"] / many["seconds"], 3),
        "extract_speedup": round(one["extract_s"] / many["extract_s"], 3) if many["extract_s"] else None,
        "incremental_share": round(inc["seconds"] / many["seconds"], 4),
        "no_change_share": round(same["seconds"] / many["seconds"], 4),
        "build_mb_s_per_core": round(mb(size) / many["seconds"] / workers, 3),
    }


# --------------------------------------------------------------------------- scale-up


def name_variants() -> tuple[list[str], list[str]]:
    data = yaml.safe_load((SCHEMA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    provinces = data.get("provinces") or {}
    shorts = sorted(provinces)
    return shorts, [provinces[s] for s in shorts]


SURNAMES = "李刘杨赵吴孙郑冯韩曹彭蒋蔡潘袁邓董"


def replicate(corpus: Path, out: Path, copies: int) -> list[Path]:
    """``copies`` copies of the corpus; copy k rotates the provincial names (full and short)
    and common surnames by k, so its bodies, places and people are other entities, and
    ends with a line naming the copy, so no two files have the same bytes."""
    shorts, fulls = name_variants()
    files = find_reports([corpus])
    names = sorted({*shorts, *fulls}, key=len, reverse=True)
    region = re.compile("|".join(map(re.escape, names))) if names else None
    surname = re.compile(f"[{SURNAMES}]")
    written = []
    for k in range(copies):
        full_map = {fulls[i]: fulls[(i + k) % len(fulls)] for i in range(len(fulls))}
        short_map = {shorts[i]: shorts[(i + k) % len(shorts)] for i in range(len(shorts))}
        names_map = {**short_map, **full_map}
        sur_map = {c: SURNAMES[(i + k) % len(SURNAMES)] for i, c in enumerate(SURNAMES)}
        for f in files:
            target = out / f"copy-{k:03d}" / f.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = f.read_text(encoding="utf-8")
            if k:
                if region is not None:
                    text = region.sub(lambda m: names_map[m.group()], text)
                text = surname.sub(lambda m: sur_map[m.group()], text) + f"\n（基准副本{k}）\n"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def store_load(store, work: Path) -> dict:
    """Quads per second into a fresh on-disk pyoxigraph store from an N-Quads file: bulk
    load and optimize, as a full publish does."""
    data = work / "load.nq"
    with open(data, "wb") as f:
        store.dump(f, ox.RdfFormat.N_QUADS)
    t = time.perf_counter()
    db = ox.Store(str(work / "load"))
    db.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    loaded = time.perf_counter() - t
    db.optimize()
    db.flush()
    seconds = time.perf_counter() - t
    n = len(db)
    del db
    shutil.rmtree(work / "load", ignore_errors=True)
    size = data.stat().st_size
    data.unlink()
    return {"quads": n, "nquads_mb": round(mb(size), 1), "bulk_load_s": round(loaded, 3), "seconds": round(seconds, 3),
            "quads_per_s": round(n / seconds)}


PER_COPY_SHARE = 1.0  # triples of N copies ÷ N × one copy's: copies share national bodies and laws


def folder_mb(path: Path, prefix: str = "") -> float:
    """MB on disk under ``path`` (only entries whose name starts with ``prefix``)."""
    total = 0
    for entry in path.iterdir() if path.is_dir() else []:
        if entry.name.startswith(prefix):
            files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
            total += sum(p.stat().st_size for p in files)
    return round(mb(total), 1)


def curve_point(scale: dict, workers: int) -> dict:
    """One point of the scale curve from the scale-up section."""
    b = scale["builds"][f"full_{workers}_workers"]
    return {"triples": scale["triples"], "reports": scale["reports"], "copies": scale["copies"],
            "text_mb": scale["builds"]["text_mb"], "build_s": b["seconds"], "peak_rss_mb": b.get("peak_rss_mb"),
            "store_mb": scale.get("store_mb"), "cache_mb": scale.get("cache_mb"), "profile": b.get("profile"),
            "first_page": _latencies(scale.get("first_page", {}))}


def _latencies(q: dict) -> dict:
    return {n: {k: d.get(k) for k in ("p50_ms", "p95_ms", "full_scan", "error")} for n, d in q.items()}


def scale_point(src: Path, work: Path, target: int, per_copy: int, args, templates, reps: int, budget: float) -> dict:
    """A larger point of the scale curve: the corpus replicated to about ``target`` triples,
    one N-worker build (stopped after ``--scale-timeout`` s: the point then says so), its size
    on disk and peak memory, and every template's first page p50/p95. Its files are deleted."""
    copies = max(2, math.ceil(target * PER_COPY_SHARE / per_copy))
    folder, store = work / f"scale-{target}", OxigraphStore(work / f"store-{target}")
    log(f"scale curve: {copies} copies for ~{target:,} triples")
    replicate(src, folder, copies)
    point: dict = {"target_triples": target, "copies": copies,
                   "text_mb": round(mb(sum(f.stat().st_size for f in find_reports([folder]))), 1)}
    try:
        b = timed_build([folder], store, workers=args.workers, validate=args.validate, timeout=args.scale_timeout)
        point.update({"build_s": b["seconds"], "peak_rss_mb": b.get("peak_rss_mb"), "profile": b.get("profile"),
                      "stopped": b.get("stopped"), "load_avg": b.get("load_avg")})
        if b["seconds"] is None:
            return point
        stats = pipeline.store_stats(store)
        point.update({"triples": stats["triples"], "reports": stats["reports"],
                      "store_mb": folder_mb(store.root, "gen-"), "cache_mb": folder_mb(store.root / "cache")})
        log(f"first pages at {stats['triples']:,} triples")
        params = template_params(store, templates)
        point["first_page"] = _latencies(query_latency(store, templates, params, reps, budget, limit=PAGE))
        return point
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(store.root, ignore_errors=True)


# --------------------------------------------------------------------------- queries


def top_entity(store, kind: str) -> str | None:
    cls = rdf.ENTITY_TYPES[kind][1]
    q = (f"SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ ?e a <{cls}> ; <{rdf.LH}mentionedIn> ?g }} "
         "GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1")
    rows = store.query(q).rows
    return rows[0][0].value if rows else None


def template_params(store, templates) -> dict[str, dict]:
    """Each template's ``example``; where it names an entity this corpus lacks, the most
    mentioned entity of the parameter's kind (bodies for any kind) instead."""
    from etl.errors import ParameterError
    from etl.queries import bind_params

    chosen = {}
    for name, t in sorted(templates.items()):
        params = dict(t.spec.example or {})
        for p in t.spec.params:
            if p.type != "entity" or p.name not in params:
                continue
            try:
                bind_params(store, t.spec, {p.name: params[p.name]} | {k: v for k, v in params.items() if k != p.name})
            except ParameterError:
                iri = top_entity(store, p.kind or "body")
                if iri:
                    params[p.name] = iri
        chosen[name] = params
    return chosen


OXIGRAPH_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from etl.store import OxigraphStore
from etl.queries import load_templates, run_template
store, name, params = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
reps, budget, limit = int(sys.argv[5]), float(sys.argv[7]), int(sys.argv[6]) or None
st = OxigraphStore(store)
templates = load_templates()
start = time.perf_counter()
run_template(st, name, params, templates=templates, limit=limit)  # warm-up
for _ in range(reps):
    t = time.perf_counter()
    res = run_template(st, name, params, templates=templates, limit=limit)
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "rows": len(res.rows)}), flush=True)
    if time.perf_counter() - start > budget / 2:  # a slow template gets fewer runs
        break
"""


PAGE = 50  # rows of a first page


def query_latency(store: OxigraphStore, templates, params: dict[str, dict], reps: int, budget: float,
                  limit: int | None = None) -> dict:
    """p50/p95 of each template on the store (its first ``limit`` rows when given), each
    template in a child process (opening the published generation read-only) stopped after
    ``budget`` seconds: pyoxigraph cannot interrupt a query, and one pathological template
    must not stall the run."""
    out = {}
    for name in sorted(templates):
        cmd = [sys.executable, "-c", OXIGRAPH_CHILD, str(ROOT), store.location, name,
               json.dumps(params[name], ensure_ascii=False), str(reps), str(limit or 0)]
        error, timed_out = None, False
        try:
            proc = subprocess.run([*cmd, str(budget)], capture_output=True, text=True, timeout=budget)
            lines = proc.stdout.splitlines()
            if proc.returncode:
                error = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        except subprocess.TimeoutExpired as e:
            lines = (e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout or "").splitlines()
            timed_out = True
        runs = [json.loads(line) for line in lines]
        times = [r["ms"] for r in runs]
        out[name] = {"full_scan": bool(templates[name].spec.full_scan),
                     "p50_ms": round(percentile(times, 0.5), 3) if times else None,
                     "p95_ms": round(percentile(times, 0.95), 3) if times else None,
                     "rows": runs[-1]["rows"] if runs else None, "runs": len(times), "params": params[name],
                     "error": f"stopped after {budget:.0f} s" if timed_out else error,
                     "at_least_ms": budget * 1000 if timed_out and not times else None}
    return out


RDFLIB_CHILD = r"""
import json, re, signal, sys, time
sys.path.insert(0, sys.argv[1])
from etl.store import MemoryStore
from etl.queries import load_templates, run_template
data, params, reps, budget = sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
t = time.perf_counter()
st = MemoryStore()
st.ds.parse(data, format="nquads")
print(json.dumps({"load_s": time.perf_counter() - t}), flush=True)
templates = load_templates()
def stop(signum, frame):
    raise TimeoutError(f"over {budget:.0f} s")
signal.signal(signal.SIGALRM, stop)  # rdflib is pure Python: the alarm interrupts a query
for name in sorted(params):
    times = []
    try:
        for _ in range(reps):
            signal.alarm(int(budget))
            t = time.perf_counter()
            run_template(st, name, params[name], templates=templates)
            times.append((time.perf_counter() - t) * 1000)
            signal.alarm(0)
            if sum(times) > budget * 1000:
                break
        print(json.dumps({"template": name, "times_ms": times}), flush=True)
    except Exception as e:
        signal.alarm(0)
        print(json.dumps({"template": name, "times_ms": times, "timeout_s": budget,
                          "error": f"{type(e).__name__}: {e}"}), flush=True)
hwm = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))  # ru_maxrss survives exec
print(json.dumps({"rss_mb": hwm / 1024}), flush=True)
"""


def rdflib_latency(store, work: Path, params: dict[str, dict], reps: int, timeout: float, per_query: float,
                   memory_mb: int = 12288) -> dict:
    """The same templates and parameters on etl.store.MemoryStore (rdflib), in a child
    process (its memory is its own) that is stopped after ``timeout`` seconds; a template
    still running after ``per_query`` seconds is interrupted (its time is then a lower bound)."""
    data = work / "rdflib.nq"
    with open(data, "wb") as f:
        store.dump(f, ox.RdfFormat.N_QUADS)
    cmd = [sys.executable, "-c", RDFLIB_CHILD, str(ROOT), str(data), json.dumps(params, ensure_ascii=False),
           str(reps), str(per_query)]
    out: dict = {"templates": {}}
    code, stdout, stderr, stopped = run_watched(cmd, timeout, memory_mb)
    if stopped:
        out["stopped"] = stopped
    elif code:
        out["error"] = (stderr.strip().splitlines() or ["rdflib child failed"])[-1]
    for line in stdout.splitlines():
        d = json.loads(line)
        if "template" in d:
            ts = d["times_ms"]
            out["templates"][d["template"]] = {
                "p50_ms": round(percentile(ts, 0.5), 3) if ts else None, "runs": len(ts), "error": d.get("error"),
                # stopped before one run ended: at least this long
                "at_least_ms": d["timeout_s"] * 1000 if d.get("timeout_s") and not ts else None}
        else:
            out.update({k: round(v, 3) for k, v in d.items()})
    data.unlink(missing_ok=True)
    return out


# --------------------------------------------------------------------------- exports


EXPORT_CHILD = r"""
import json, re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from etl.store import OxigraphStore
from etl.export import export
t = time.perf_counter()
stats = export(OxigraphStore(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
seconds = time.perf_counter() - t
hwm = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))  # ru_maxrss survives exec
files = [Path(p) for p in stats.files]
size = sum(p.stat().st_size for p in files)
for p in files:
    p.unlink()
print(json.dumps({"seconds": seconds, "mb": size / 1e6, "triples": stats.triples, "nodes": stats.nodes,
                  "edges": stats.edges, "rss_mb": hwm / 1024}))
"""


def run_watched(cmd: list[str], timeout: float, memory_mb: int, cwd: Path | None = None) -> tuple[int, str, str, str | None]:
    """Run ``cmd``; stop it past ``timeout`` seconds or ``memory_mb`` of resident memory
    (read from /proc twice a second). Returns (exit code, stdout, stderr, why it was stopped)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=cwd)
        start, stopped, peak = time.perf_counter(), None, 0
        while proc.poll() is None:
            time.sleep(0.5)
            try:
                status = Path(f"/proc/{proc.pid}/status").read_text()
                peak = max(peak, int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024)
            except (OSError, AttributeError):
                pass
            if peak > memory_mb:
                stopped = f"over {memory_mb} MB resident"
            elif time.perf_counter() - start > timeout:
                stopped = f"over {timeout:.0f} s"
            if stopped:
                proc.kill()
                proc.wait()
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), stopped


def export_times(store: OxigraphStore, work: Path, formats: list[str], timeout: float, memory_mb: int) -> dict:
    """Seconds per format, each export in a child process (the store opened read-only) held
    to ``timeout`` seconds and ``memory_mb`` of resident memory: an export that cannot finish
    on this machine is a result, not a stalled run or an exhausted machine."""
    out = {}
    failed_graph = None  # the viewer formats share one projection: one that fails, all would
    for fmt in formats:
        viewer = fmt in ("graphml", "gexf", "cyjs", "csv", "html")
        if viewer and failed_graph:
            out[fmt] = {"seconds": None, "error": f"skipped: the entity projection failed for {failed_graph}"}
            continue
        log(f"export {fmt}")

        cmd = [sys.executable, "-c", EXPORT_CHILD, str(ROOT), store.location, fmt, str(work / f"export.{fmt}")]
        code, stdout, stderr, stopped = run_watched(cmd, timeout, memory_mb)
        if stopped:
            out[fmt] = {"seconds": None, "error": f"stopped: {stopped}"}
        elif code:
            out[fmt] = {"seconds": None, "error": (stderr.strip().splitlines() or ["failed"])[-1]}
        else:
            out[fmt] = {k: round(v, 3) for k, v in json.loads(stdout.splitlines()[-1]).items()}
        if viewer and out[fmt]["seconds"] is None:
            failed_graph = fmt
        for leftover in work.glob(f"export.{fmt}*"):
            leftover.unlink()
    return out


# --------------------------------------------------------------------------- run


def verdicts(res: dict) -> dict:
    """Each target of the issue: measured value and met or not (None: not measured)."""
    v = {}
    st = res.get("stages", {}).get("stages", {}).get("extract_total", {})
    v["extract_mb_s_per_core"] = (st.get("mb_s"), st.get("mb_s", 0) >= TARGETS["extract_mb_s_per_core"])
    scale = res.get("scale", {})
    b = res.get("builds") or scale.get("builds", {})  # the targets are on the bench corpus
    if b:
        v["speedup_2_workers"] = (b.get("speedup"), b.get("speedup", 0) >= TARGETS["speedup_2_workers"])
        v["incremental_share"] = (b.get("incremental_share"),
                                  b.get("incremental_share", 1) <= TARGETS["incremental_share"])
    q = res.get("queries", {}).get("oxigraph", {})
    p50s = [d.get("p50_ms") or d.get("at_least_ms") for d in q.values()]
    p50s = [x for x in p50s if x is not None]
    if q:
        worst = max(p50s) if p50s else None
        v["query_p50_ms_worst"] = (worst, worst is not None and worst < TARGETS["query_p50_ms"]
                                   and len(p50s) == len(q))
    ratios = res.get("queries", {}).get("rdflib_ratio", {})
    if ratios:
        known = [r for r in ratios.values() if r is not None]
        worst = min(known) if known else None
        v["rdflib_ratio_worst"] = (worst, worst is not None and worst >= TARGETS["rdflib_ratio"]
                                   and len(known) == len(ratios))
    ex = res.get("exports", {})
    for fmt in ("ttl", "graphml"):
        if fmt in ex:
            s = ex[fmt].get("seconds")
            v[f"export_{fmt}_s"] = (s, s is not None and s < TARGETS["export_seconds"])
    for key, label in (("memory_builds", "peak_rss_mb_builds"), ("memory", "peak_rss_mb_all")):
        peak = res.get(key, {}).get("peak_mb")
        v[label] = (peak, peak is not None and peak < TARGETS["peak_rss_mb"])
    if res.get("builds"):
        per_core = res["builds"].get("build_mb_s_per_core")
        v["build_mb_s_per_core"] = (per_core, (per_core or 0) >= TARGETS["build_mb_s_per_core"])
    v.update(_curve_verdicts(res.get("curve") or []))
    return {k: {"value": val, "met": bool(ok)} for k, (val, ok) in v.items()}


def _curve_verdicts(curve: list[dict]) -> dict:
    """First-page p50 at 1M (every template) and at 10M (all but full scans), RSS at 10M."""
    v = {}
    for point, key, target, scans in ((curve[0] if curve else None, "first_page_p50_ms", "first_page_p50_ms", True),
                                      (curve[-1] if len(curve) > 1 else None, "first_page_p50_ms_10m",
                                       "first_page_p50_ms_10m", False)):
        if not point or not point.get("first_page"):
            continue
        p50 = {n: d["p50_ms"] for n, d in point["first_page"].items() if scans or not d.get("full_scan")}
        worst = max(p50.values(), key=lambda x: float("inf") if x is None else x) if p50 else None
        v[key] = (worst, worst is not None and worst < TARGETS[target])
    if len(curve) > 1:
        rss = curve[-1].get("peak_rss_mb")
        v["peak_rss_mb_10m"] = (rss, rss is not None and rss < TARGETS["peak_rss_mb_10m"])
    return v


def print_table(res: dict) -> None:
    w = sys.stdout.write
    s = res["stages"]
    w(f"\nstages ({s['reports']} reports, {s['text_mb']} MB, one process, cpu seconds)\n")
    for name, d in s["stages"].items():
        w(f"  {name:14s} {d['cpu_s']:9.2f} s  {d['mb_s'] or 0:8.2f} MB/s\n")
    for label, b in (("builds (bench corpus)", res.get("builds")),
                     ("builds (scale-up)", res.get("scale", {}).get("builds"))):
        if not b:
            continue
        w(f"\n{label}: {b['text_mb']} MB\n")
        for key in [k for k in b if k.startswith("full_")] + ["no_change", "one_changed"]:
            d = b[key]
            w(f"  {key:18s} {d['seconds']:8.2f} s  (extract {d['extract_s']:.2f}, publish {d['publish_s']:.2f}, "
              f"identity {d['identity_s']:.2f}, validate {d.get('validate_s', 0):.2f}; "
              f"built {d['built']}, triples {d['triples']})\n")
        w(f"  speedup {b['speedup']}x (extract {b['extract_speedup']}x), identical {b['identical_output']}, "
          f"incremental {b['incremental_share'] * 100:.2f} %, no-change {b['no_change_share'] * 100:.2f} %, "
          f"{b['build_mb_s_per_core']} MB/s per core\n")
    if "store_load" in res:
        d = res["store_load"]
        w(f"\nstore load: {d['quads']} quads in {d['seconds']} s = {d['quads_per_s']} quads/s\n")
    q = res.get("queries", {})
    if q.get("oxigraph"):
        w(f"\nqueries ({q.get('triples')} triples): p50 / p95 ms, rdflib p50 ms, ratio\n")
        for name, d in q["oxigraph"].items():
            r = q.get("rdflib", {}).get("templates", {}).get(name, {})
            ratio = q.get("rdflib_ratio", {}).get(name)
            w(f"  {name:20s} {d['p50_ms'] if d['p50_ms'] is not None else '-':>9} {d['p95_ms'] or '-':>9}  "
              f"{r.get('p50_ms') or '-':>10}  {ratio or '-':>8}  {d['error'] or ''}\n")
    if res.get("exports"):
        w("\nexports\n")
        for fmt, d in res["exports"].items():
            w(f"  {fmt:8s} {d['seconds'] if d['seconds'] is not None else '-':>8} s  {d.get('mb', '-')} MB "
              f"{d.get('error') or ''}\n")
    if res.get("curve"):
        w("\nscale curve: triples, build s, peak RSS MB, store MB, first page p50 worst / full scans excluded\n")
        for p in res["curve"]:
            fp = p.get("first_page") or {}
            worst = max((d["p50_ms"] or 0 for d in fp.values()), default=None)
            indexed = max((d["p50_ms"] or 0 for d in fp.values() if not d.get("full_scan")), default=None)
            w(f"  {p.get('triples') or p.get('target_triples'):>12,}  {p.get('build_s') or '-':>8}  "
              f"{p.get('peak_rss_mb') or '-':>8}  {p.get('store_mb') or '-':>8}  {worst} / {indexed}  "
              f"{p.get('stopped') or ''}\n")
    w(f"\nmemory: builds {res.get('memory_builds')}; whole run {res.get('memory')}\n\ntargets\n")
    for k, d in res["targets"].items():
        w(f"  {k:24s} {d['value']!s:>12}  {'met' if d['met'] else 'MISSED'}\n")


def markdown(res: dict) -> str:
    """The targets of issue 9 against a result, as the README's Markdown table."""
    b, sc = res["builds"], res["scale"]["builds"]
    st = res["stages"]["stages"]["extract_total"]
    w = b["workers"]
    q = res.get("queries", {})
    ox_q, ratio = q.get("oxigraph", {}), q.get("rdflib_ratio", {})
    ex = res.get("exports", {})
    mem = max(res.get("memory", {}).get("peak_mb") or 0, res.get("memory_builds", {}).get("peak_mb") or 0)

    def sec(d):
        return f"{d['seconds']:.1f} s"

    rows = [
        ("text through all stages, one process", "≥ 1 MB/s per core", f"{st['mb_s']:.2f} MB/s"),
        ("whole build, bench corpus ({:.1f} MB)".format(b["text_mb"]), "",
         f"1 worker {sec(b['full_1_worker'])}, {w} workers {sec(b[f'full_{w}_workers'])} "
         f"= {b['build_mb_s_per_core']:.2f} MB/s per core"),
        (f"{w} workers ÷ 1, bench corpus / scale-up", "≥ 1.7×", f"{b['speedup']:.2f}× / {sc['speedup']:.2f}×"),
        ("one changed report ÷ full build, bench corpus / scale-up", "≤ 5 %",
         f"{b['incremental_share'] * 100:.1f} % / {sc['incremental_share'] * 100:.1f} %"),
        (f"scale-up: {res['scale']['triples']:,} triples, {res['scale']['reports']} reports", "",
         f"{w} workers {sec(sc[f'full_{w}_workers'])}, {res['scale']['triples_per_s']:,} triples/s"),
    ]
    if ox_q:
        p50 = {n: d["p50_ms"] for n, d in ox_q.items()}
        worst = max(p50, key=lambda n: p50[n] if p50[n] is not None else float("inf"))
        under = sum(1 for v in p50.values() if v is not None and v < TARGETS["query_p50_ms"])
        rows.append(("template p50 at the scale-up", "< 50 ms each",
                     f"{under} of {len(p50)} under; slowest {worst} {p50[worst] or '> budget'} ms"))
    if ratio:
        known = {n: r for n, r in ratio.items() if r is not None}
        low = min(known, key=known.get) if known else None
        rows.append(("rdflib in memory ÷ pyoxigraph, p50", "≥ 10× each",
                     f"{sum(1 for r in known.values() if r >= 10)} of {len(ratio)} ≥ 10×; lowest {low} {known.get(low)}×"))
    for fmt in ("ttl", "graphml"):
        if fmt in ex and ex[fmt].get("seconds") is not None:
            rows.append((f"export {fmt}, whole scale-up", "< 30 s", f"{ex[fmt]['seconds']:.1f} s"))
    rows.append(("peak RSS (largest process)", "< 2 GB", f"{mem:,.0f} MB"))
    loads = [res.get("meta", {}).get(k) for k in ("load_avg_start", "load_avg_end")]
    rows.append(("machine load (1-minute average) at start / end, 2 cores", "",
                 " / ".join(f"{x[0]:.1f}" if x else "–" for x in loads)))
    out = ["| measure | target | measured |", "|---|---|---|"]
    out += [f"| {a} | {t} | {m} |" for a, t, m in rows]
    out += _curve_markdown(res.get("curve") or [])
    if ox_q:
        curve = res.get("curve") or []
        pages = [(p.get("triples") or p["target_triples"], p.get("first_page") or {}) for p in curve]
        heads = "".join(f" first {PAGE} rows p50 ms at {n / 1e6:.1f}M |" for n, _ in pages)
        out += ["", f"| template | p50 ms | p95 ms | rdflib p50 ms | ratio |{heads}",
                "|---|---|---|---|---|" + "---|" * len(pages)]
        rd = q.get("rdflib", {}).get("templates", {})
        for n, d in ox_q.items():
            r = rd.get(n, {})
            slow = r.get("p50_ms") or (f"> {r['at_least_ms']:.0f}" if r.get("at_least_ms") else "–")
            cells = "".join(f" {fp.get(n, {}).get('p50_ms') or '–'}{' (full scan)' if fp.get(n, {}).get('full_scan') else ''} |"
                            for _, fp in pages)
            out.append(f"| {n} | {d['p50_ms'] if d['p50_ms'] is not None else '> budget'} | {d['p95_ms'] or '–'} "
                       f"| {slow} | {ratio.get(n) or '–'} |{cells}")
    return "\n".join(out) + "\n"


def _curve_markdown(curve: list[dict]) -> list[str]:
    """The scale curve as a Markdown table: one row per size."""
    if not curve:
        return []
    out = ["", "| triples | reports | build | peak RSS | store on disk | first page p50 (worst; full scans excluded) |",
           "|---|---|---|---|---|---|"]
    for p in curve:
        fp = p.get("first_page") or {}
        worst = max(fp, key=lambda n: fp[n]["p50_ms"] or 0) if fp else None
        indexed = [n for n in fp if not fp[n].get("full_scan")]
        slow = max(indexed, key=lambda n: fp[n]["p50_ms"] or 0) if indexed else None
        build = f"{p['build_s']:.0f} s" if p.get("build_s") else (p.get("stopped") or "–")
        pages = f"{worst} {fp[worst]['p50_ms']} ms; {slow} {fp[slow]['p50_ms']} ms" if worst and slow else "–"
        size = f"{p['triples']:,}" if p.get("triples") else f"~{p['target_triples']:,}"
        out.append(f"| {size} | {p.get('reports', '–')} | {build} "
                   f"| {p.get('peak_rss_mb') or '–'} MB | {p.get('store_mb') or '–'} MB | {pages} |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a subset, a 100k-triple scale-up, fewer repetitions")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="folder for the JSON results")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the benchmark corpus (read only)")
    ap.add_argument("--triples", type=int, default=None, help="scale-up size (default 1,000,000; quick 100,000)")
    ap.add_argument("--sizes", default=None,
                    help="larger points of the scale curve, comma-separated (default 10000000; quick none)")
    ap.add_argument("--scale-timeout", type=float, default=1500,
                    help="seconds for one build of a larger point; past it the point says it was stopped")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--validate", dest="validate", action="store_true", default=True,
                    help="SHACL-validate in the builds and time it as a stage (the default, as `lianghui build`)")
    ap.add_argument("--no-validate", dest="validate", action="store_false",
                    help="build without validation (for comparison)")
    ap.add_argument("--formats", default="ttl,nt,nq,trig,jsonld,graphml,gexf,cyjs,csv,html")
    ap.add_argument("--export-timeout", type=float, default=180, help="seconds for one export")
    ap.add_argument("--export-memory", type=int, default=6144, help="MB of resident memory for one export")
    ap.add_argument("--templates", default="", help="only these query templates (comma-separated)")
    ap.add_argument("--reps", type=int, default=None, help="runs per template (default 20; quick 5)")
    ap.add_argument("--query-timeout", type=float, default=None,
                    help="seconds for one template's runs on pyoxigraph (default 60; quick 30)")
    ap.add_argument("--rdflib-timeout", type=float, default=None, help="seconds for the whole rdflib comparison")
    ap.add_argument("--rdflib-query-timeout", type=float, default=None,
                    help="seconds before one rdflib query is interrupted (default 60; quick 10)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--markdown", type=Path, default=None, metavar="RESULT.json",
                    help="only print the README's table of a result file, and stop")
    args = ap.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return 0
    quick = args.quick
    target = args.triples or (100_000 if quick else 1_000_000)
    sizes = [int(x) for x in (args.sizes if args.sizes is not None else ("" if quick else "10000000")).split(",") if x]
    reps = args.reps or (5 if quick else 20)
    rdflib_reps = 3
    rdflib_timeout = args.rdflib_timeout or (300 if quick else 1800)
    if not args.corpus.exists():
        print(f"no benchmark corpus at {args.corpus}: pass --corpus", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="lianghui-bench-"))
    started = datetime.now(timezone.utc)
    res: dict = {"meta": {
        "started": started.isoformat(timespec="seconds"), "quick": quick, "corpus": str(args.corpus),
        "scale_target_triples": target, "workers": args.workers, "validate": args.validate,
        "cores": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": ox.__version__,
        "load_avg_start": os.getloadavg(), "commit": _commit(),
        "note": "one run on a shared machine: read the ratios, not the absolute numbers",
    }}
    stamp = started.strftime("%Y%m%dT%H%M%SZ") + ("-quick" if quick else "")
    args.out.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every section: a run stopped half-way keeps what it measured
        res["targets"] = verdicts(res)
        text = json.dumps(res, ensure_ascii=False, indent=1)
        (args.out / f"{stamp}.json").write_text(text, encoding="utf-8")
        (args.out / "latest.json").write_text(text, encoding="utf-8")

    try:
        src = work / "src"  # the corpus (a subset with --quick), never changed
        shutil.copytree(args.corpus, src, ignore=shutil.ignore_patterns("*.md", "*.tsv"))
        files = find_reports([src])
        if quick and len(files) > 12:  # both subsets, short and long reports
            keep = set(files[:: max(1, len(files) // 12)][:12])
            for f in files:
                if f not in keep:
                    f.unlink()
            files = find_reports([src])
        corpus = work / "corpus"  # build_ratios changes one report here
        shutil.copytree(src, corpus)
        log(f"stages over {len(files)} reports")
        res["stages"] = stage_throughput(files, args.validate)
        save()

        res["builds"] = build_ratios(corpus, work / "bench-stores", args.workers, args.validate)
        shutil.rmtree(work / "bench-stores", ignore_errors=True)
        save()

        per_copy = max(1, res["builds"]["full_1_worker"]["triples"])
        copies = max(2, math.ceil(target * PER_COPY_SHARE / per_copy))  # copies share some entities
        log(f"scale-up: {copies} copies of the corpus (~{per_copy} triples each)")
        scale_dir = work / "scale"
        replicate(src, scale_dir, copies)
        res["scale"] = {"copies": copies, "builds": build_ratios(scale_dir, work / "scale-stores", args.workers,
                                                                 args.validate)}
        st = OxigraphStore(work / "scale-stores" / "many")
        stats = pipeline.store_stats(st)
        res["scale"].update({"triples": stats["triples"], "quads": stats["quads"], "reports": stats["reports"],
                             "entities": stats["entities"], "store_mb": folder_mb(st.root, "gen-"),
                             "cache_mb": folder_mb(st.root / "cache")})
        b = res["scale"]["builds"][f"full_{args.workers}_workers"]
        res["scale"]["triples_per_s"] = round(stats["triples"] / b["seconds"])
        shutil.rmtree(scale_dir, ignore_errors=True)

        res["memory_builds"] = rss_mb()  # the pipeline alone: runner + its largest worker
        log("store load")
        res["store_load"] = store_load(st, work)
        save()

        try:
            from etl.queries import load_templates

            templates = load_templates()
            if args.templates:
                wanted = set(args.templates.split(","))
                templates = {k: v for k, v in templates.items() if k in wanted}
        except Exception as e:  # no templates yet
            templates = {}
            res["queries"] = {"error": f"{type(e).__name__}: {e}"}
        if templates:
            log(f"queries: {len(templates)} templates × {reps}")
            params = template_params(st, templates)
            budget = args.query_timeout or (30 if quick else 60)
            res["queries"] = {"triples": stats["triples"],
                              "oxigraph": query_latency(st, templates, params, reps, budget)}
            save()
            log(f"first pages ({PAGE} rows)")
            res["scale"]["first_page"] = query_latency(st, templates, params, reps, budget, limit=PAGE)
            res["curve"] = [curve_point(res["scale"], args.workers)]
            save()
            for size in [s for s in sizes if s > target]:  # the larger points of the curve
                res["curve"].append(scale_point(src, work, size, per_copy, args, templates, max(5, reps // 2), budget))
                save()

        formats = [f for f in args.formats.split(",") if f]
        try:
            import etl.export  # noqa: F401

            log(f"exports: {', '.join(formats)}")
            res["exports"] = export_times(st, work, formats, args.export_timeout, args.export_memory)
            save()
        except ImportError as e:
            res["exports"] = {"error": str(e)}

        res["memory"] = rss_mb()  # before the rdflib child, whose memory is reported apart
        res["memory"]["self_peak_mb_at_phase_start"] = dict(PHASES)
        if templates:
            log(f"rdflib comparison (child process, at most {rdflib_timeout:.0f} s)")
            done = {n: params[n] for n, d in res["queries"]["oxigraph"].items() if d["p50_ms"] is not None}
            rd = rdflib_latency(st, work, done, rdflib_reps, rdflib_timeout,
                                args.rdflib_query_timeout or (10 if quick else 60))
            res["queries"]["rdflib"] = rd
            res["queries"]["rdflib_ratio"] = {}
            for name, d in res["queries"]["oxigraph"].items():
                r = rd["templates"].get(name, {})
                slow = r.get("p50_ms") or r.get("at_least_ms")  # a time-out gives a lower bound
                res["queries"]["rdflib_ratio"][name] = round(slow / d["p50_ms"], 1) if slow and d["p50_ms"] else None
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")
    res["meta"]["seconds"] = round((datetime.now(timezone.utc) - started).total_seconds(), 1)
    res["meta"]["load_avg_end"] = os.getloadavg()
    save()
    print_table(res)
    print(f"\nwrote {args.out / (stamp + '.json')}")
    return 0


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


if __name__ == "__main__":
    sys.exit(main())
