#!/usr/bin/env python
"""Template first-page latency on a scale-up store, built once and reused.

    .venv/bin/python bench/template_latency.py build --triples 1000000 --out /tmp/scale1m
    .venv/bin/python bench/template_latency.py time /tmp/scale1m [--templates a,b] [--json F]
    .venv/bin/python bench/template_latency.py same /tmp/scale1m --before DIR [--templates a,b]

``build`` replicates the bench corpus (bench/run.py's ``replicate``: provincial names and
surnames rotated per copy) to about ``--triples`` triples under ``OUT/corpus`` and builds it
into ``OUT/store`` (kept: a second ``build`` only rebuilds what changed). ``time`` runs every
template's first page (``--limit``, default bench/run.py's page of 50 rows) ``--reps`` times,
each template in a child process held to ``--budget`` seconds, and prints p50/p95 per template;
parameters are chosen as bench/run.py chooses them. ``same`` runs each template whole with the
templates of ``--before`` (e.g. a ``git worktree`` of the old queries/) and with the current
ones, and says whether the rows are the same in the same order.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
_spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
bench = importlib.util.module_from_spec(_spec)  # bench/run.py, loaded by path (bench/ is no package)
_spec.loader.exec_module(bench)

from etl import pipeline  # noqa: E402
from etl.queries import load_templates, run_template  # noqa: E402
from etl.store import OxigraphStore  # noqa: E402

PER_COPY = 136_624  # triples one copy of the bench corpus adds (8 copies: 1,092,994 triples on 2026-12-06)


def build(args) -> int:
    out = Path(args.out)
    copies = max(1, math.ceil(args.triples / PER_COPY))
    corpus = out / "corpus"
    if not corpus.is_dir():
        bench.log(f"replicating the bench corpus {copies} times into {corpus}")
        bench.replicate(Path(args.corpus), corpus, copies)
    t = time.perf_counter()
    report = pipeline.build([corpus], str(out / "store"), workers=args.workers, validate=args.validate)
    bench.log(f"built {report.built} reports ({len(report.failed)} failed), {report.triples:,} triples "
              f"in {time.perf_counter() - t:.0f} s")
    return 0


def _templates(args) -> dict:
    templates = load_templates()
    if args.templates:
        wanted = set(args.templates.split(","))
        templates = {k: v for k, v in templates.items() if k in wanted}
    return templates


def timing(args) -> int:
    store = OxigraphStore(Path(args.store) / "store")
    templates = _templates(args)
    params = bench.template_params(store, templates)
    res = bench.query_latency(store, templates, params, args.reps, args.budget, limit=args.limit)
    triples = pipeline.store_stats(store)["triples"]
    print(f"{triples:,} triples, first {args.limit} rows, {args.reps} runs")
    print(f"{'template':22} {'p50 ms':>9} {'p95 ms':>9} {'rows':>5}  full_scan / error")
    for name, r in res.items():
        p50 = f"{r['p50_ms']:9.1f}" if r["p50_ms"] is not None else f"{'—':>9}"
        p95 = f"{r['p95_ms']:9.1f}" if r["p95_ms"] is not None else f"{'—':>9}"
        note = " ".join(x for x in ("full_scan" if r["full_scan"] else "", r["error"] or "") if x)
        print(f"{name:22} {p50} {p95} {r['rows'] if r['rows'] is not None else '—':>5}  {note}")
    if args.json:
        Path(args.json).write_text(json.dumps({"triples": triples, "limit": args.limit, "templates": res},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def same(args) -> int:
    """The current templates' rows against those of ``--before``, whole, with the same params."""
    store = OxigraphStore(Path(args.store) / "store")
    now, before = _templates(args), load_templates(args.before)
    params = bench.template_params(store, now)
    differ = 0
    for name in sorted(now):
        t = time.perf_counter()
        new = run_template(store, name, params[name], templates=now)
        mid = time.perf_counter()
        old = run_template(store, name, params[name], templates=before)
        end = time.perf_counter()
        ok = new.columns == old.columns and new.rows == old.rows
        differ += not ok
        print(f"{name:22} {'same' if ok else 'DIFFER'} {len(new.rows):6} rows "
              f"(now {1000 * (mid - t):8.1f} ms, before {1000 * (end - mid):8.1f} ms)")
        if not ok and args.verbose:
            for i, (a, b) in enumerate(zip(new.rows, old.rows)):
                if a != b:
                    print(f"   first difference at row {i}:\n   now    {a}\n   before {b}")
                    break
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="replicate the bench corpus and build it into OUT/store")
    b.add_argument("--triples", type=int, default=1_000_000)
    b.add_argument("--out", required=True)
    b.add_argument("--corpus", default=str(bench.DEFAULT_CORPUS))
    b.add_argument("--workers", type=int, default=2)
    b.add_argument("--validate", action="store_true", help="validate the graphs (off: only latency is measured)")
    for name, fn in (("time", timing), ("same", same)):
        p = sub.add_parser(name)
        p.add_argument("store", help="a folder made by `build` (its store/)")
        p.add_argument("--templates", default="", help="only these templates (comma-separated)")
        p.set_defaults(fn=fn)
    t = sub.choices["time"]
    t.add_argument("--limit", type=int, default=bench.PAGE)
    t.add_argument("--reps", type=int, default=20)
    t.add_argument("--budget", type=float, default=60.0, help="seconds for one template's runs")
    t.add_argument("--json", help="write the timings here")
    s = sub.choices["same"]
    s.add_argument("--before", required=True, help="a queries/ folder to compare with")
    s.add_argument("-v", "--verbose", action="store_true")
    b.set_defaults(fn=build)
    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
