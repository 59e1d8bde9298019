"""Start-up and the incremental rebuild, each in a fresh process as a user runs it.

Usage: .venv/bin/python bench/startup.py [CORPUS] [--reps 3] [--workers 2] [-o bench/results/startup.json]

On a copy of CORPUS (default ../shared/corpus/bench) in a temporary folder: the import of the
build path (``import etl.pipeline``, ``import etl.cli``), a full ``lianghui build``, then a rebuild
with nothing changed and a rebuild after one report changed (a paragraph appended, as
``bench/run.py`` does, to the same report; another paragraph each repetition, so each one
extracts). Each is the best
of ``--reps`` runs, in wall seconds and in CPU seconds of the process and its workers (the
machine is shared: the CPU seconds are the steadier figure). Prints the figures and the ratios to
the full build; writes them as JSON only with ``-o``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from etl.ingest import find_reports

ROOT = Path(__file__).resolve().parent.parent
LIANGHUI = Path(sys.executable).parent / "lianghui"
LINE = "\n全年共召开常委会会议{n}次，开展执法检查3次。\n"


def run(cmd: list[str]) -> dict:
    """Wall and CPU seconds (user + system, the process and the children it waited for) of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-800:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall": wall, "cpu": cpu, "stderr": done.stderr}


def rebuilds(cmd: list[str], reps: int, built: int, before=None) -> list[dict]:
    """``reps`` runs of ``cmd`` that built ``built`` reports (``before()`` readies each): a run
    that built more (another session changed the code under the rule version) is run again."""
    runs = []
    for attempt in range(3 * reps):
        if before:
            before(attempt)
        r = run(cmd)
        found = re.search(r"\((\d+) built", r["stderr"])
        if found and int(found.group(1)) == built:
            runs.append(r)
        if len(runs) == reps:
            break
    if not runs:
        raise RuntimeError(f"no run built {built} report(s): the code keeps changing under the rule version")
    return runs


def best(runs: list[dict]) -> dict:
    """The least wall and the least CPU seconds of several runs (each its own best)."""
    return {"wall_s": round(min(r["wall"] for r in runs), 3), "cpu_s": round(min(r["cpu"] for r in runs), 3)}


def build_cmd(corpus: Path, store: Path, workers: int) -> list[str]:
    return [str(LIANGHUI), "build", str(corpus), "--store", str(store), "--workers", str(workers), "--profile"]


def measure(corpus: Path, reps: int, workers: int) -> dict:
    """The figures described in the module docstring, on a copy of ``corpus``."""
    out: dict = {"corpus": str(corpus), "reps": reps, "workers": workers, "load_avg": [os.getloadavg()]}
    for module in ("etl.pipeline", "etl.cli"):
        out[f"import {module}"] = best([run([sys.executable, "-c", f"import {module}"]) for _ in range(reps)])
    with tempfile.TemporaryDirectory(prefix="lianghui-startup-") as tmp:
        copy, store = Path(tmp) / "corpus", Path(tmp) / "store"
        shutil.copytree(corpus, copy)
        out["full"] = best([run(build_cmd(copy, store, workers))])
        run(build_cmd(copy, store, workers))  # after a run that rebuilt all, the next one has nothing to do
        out["no_change"] = best(rebuilds(build_cmd(copy, store, workers), reps, 0))
        files = find_reports([copy])
        target = files[len(files) // 2]  # the report bench/run.py changes
        original = target.read_text(encoding="utf-8")

        def change(n: int) -> None:
            target.write_text(original + LINE.format(n=6 + n), encoding="utf-8")

        runs = rebuilds(build_cmd(copy, store, workers), reps, 1, change)
        out["one_changed"] = best(runs)
        out["one_changed_profile"] = runs[-1]["stderr"].strip().splitlines()[-12:]
        out["changed_file"] = str(target.relative_to(copy))
    for key in ("no_change", "one_changed"):
        out[f"{key}_share"] = {k: round(out[key][k] / out["full"][k], 4) for k in ("wall_s", "cpu_s")}
    out["load_avg"].append(os.getloadavg())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "bench"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-o", "--output", help="write the figures as JSON here (e.g. bench/results/startup.json)")
    args = ap.parse_args()
    res = measure(Path(args.corpus).resolve(), args.reps, args.workers)
    for key, value in res.items():
        if isinstance(value, dict):
            print(f"{key:24s} " + "  ".join(f"{k} {v}" for k, v in value.items()))
    print("profile of the last one-changed rebuild:", *res["one_changed_profile"], sep="\n  ")
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
