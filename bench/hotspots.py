#!/usr/bin/env python
"""Where extraction spends its time: cProfile over ingest → emit for a corpus, one process.

    /work/venv/bin/python bench/hotspots.py [PATH ...] [--top N] [--out FILE.prof]

Prints the CPU seconds per etl module (own time of its functions) and the top functions by
own time and by cumulative time. Default PATH: the benchmark corpus (../shared/corpus/bench).
Open a saved profile with ``python -m pstats FILE.prof`` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import identity, pipeline, rdf  # noqa: E402
from etl.ingest import find_reports, read_report  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402


def extract_all(files: list[Path]) -> None:
    lex = default_lexicon()
    for f in files:
        identity.emit(pipeline.extract_document(read_report(f), lex))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus" / "bench"])
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", type=Path, default=None, help="also save the raw profile here")
    args = ap.parse_args(argv)
    files = find_reports(args.paths)
    size = sum(f.stat().st_size for f in files)
    extract_all(files[:1])  # lexicon, automata and regexes are built once per process: not profiled
    prof = cProfile.Profile()
    t = time.process_time()
    prof.enable()
    extract_all(files)
    prof.disable()
    cpu = time.process_time() - t
    print(f"{len(files)} reports, {size / 1e6:.2f} MB, {cpu:.2f} s cpu under the profiler "
          f"({size / 1e6 / cpu:.2f} MB/s; the profiler itself slows Python code down)\n")
    stats = pstats.Stats(prof)
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        path = Path(filename)
        if "etl" in path.parts:
            key = "etl/" + "/".join(path.parts[path.parts.index("etl") + 1 :])
        elif filename.startswith("~") or filename.startswith("<"):
            key = "builtins (re, str, dict …, attributed to their callers below)"
        else:
            key = path.parts[-2] if len(path.parts) > 1 else filename
        by_module[key] += tottime
    total = sum(by_module.values()) or 1
    print("own time by module")
    for key, sec in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {sec:8.2f} s  {sec / total * 100:5.1f} %  {key}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    if args.out:
        prof.dump_stats(str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
