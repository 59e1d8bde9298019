#!/usr/bin/env python
"""A fixed-seed sample of extracted entities of one type, for reading by hand (precision).

    .venv/bin/python bench/sample_entities.py projects ../shared/corpus/bench [-n 60] [--seed 15 16] [--json out.json]

Extracts every report under the given paths, collects the entities of the type (one row per
entity per report: name, rule of its first evidence, the sentence), and prints a sample of
``-n`` rows drawn with ``random.Random(seed)`` from the rows sorted by report and name, so the
same tree gives the same sample; several seeds give several samples (judge more than one, so
fixes do not fit one sample). Each row shows how many evidences the entity has (×N): the quote
is the first, and an entity is right when any of them names it as its type. ``--json`` also
writes all rows, to compare two trees (``--against old.json`` marks the sampled rows the old
tree did not have). Never run by the unit suite.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.ingest import find_reports  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402
from etl.pipeline import extract_report  # noqa: E402


def rows_of(kind: str, paths: list[str]) -> list[dict]:
    lex = default_lexicon()
    rows = []
    for f in find_reports(paths):
        for e in getattr(extract_report(f, lex), kind):
            ev = e.evidence[0] if e.evidence else None
            rows.append({"report": f"{f.parent.name}/{f.name}", "name": e.name, "rule": ev.rule if ev else "",
                         "quote": ev.quote if ev else "", "evidence": len(e.evidence)})
    return sorted(rows, key=lambda r: (r["report"], r["name"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["bodies", "people", "laws", "projects", "places", "meetings"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--seed", type=int, nargs="+", default=[15], help="one sample per seed (judge several)")
    ap.add_argument("--json", help="write all rows here")
    ap.add_argument("--against", help="rows of another tree (--json output): mark sampled rows it lacks")
    args = ap.parse_args()
    rows = rows_of(args.kind, args.paths)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    old = None
    if args.against:
        old = {(r["report"], r["name"]) for r in json.loads(Path(args.against).read_text(encoding="utf-8"))}
    for seed in args.seed:
        sample = random.Random(seed).sample(rows, min(args.n, len(rows)))
        print(f"{len(rows)} {args.kind} in {len(sample)} sampled (seed {seed}); ×N: evidence count (the quote is the first)")
        for i, r in enumerate(sample, 1):
            mark = " NEW" if old is not None and (r["report"], r["name"]) not in old else ""
            quote = r["quote"].replace("\n", " ")
            at = quote.find(r["name"][:4])
            snippet = quote[max(0, at - 25) : at + len(r["name"]) + 25] if at >= 0 else quote[:60]
            print(f"{i:3d} {r['name']}\t[{r['rule']}]{mark} ×{r['evidence']}\t{r['report']}\t…{snippet}…")


if __name__ == "__main__":
    main()
