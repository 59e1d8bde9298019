#!/usr/bin/env python
"""Precision by careful reading: a fixed-seed random sample of what extraction finds on a corpus
with no gold, to be judged by a person, then scored.

    .venv/bin/python bench/precision_sample.py draw [--corpus ../shared/corpus/bench] [--entities 120]
                                                    [--activities 60] [--seed 7] [-o FILE.jsonl]
    .venv/bin/python bench/precision_sample.py score FILE.jsonl

``draw`` extracts every report of the corpus and writes one JSON line per sampled item: what
was extracted (an entity's type and name; an activity's action, body, count, unit, period and
type), the report, and the evidence sentence with its source offsets. A reader fills in
``verdict`` (``ok`` or ``wrong``) and, when wrong, ``why``, reading the sentence in the report
(``path``, ``start``-``end``). An entity is right when it is a real entity of its type with a
correct canonical name; an activity is right only when its action, body, count, period and type
are all right. ``score`` prints precision overall and per type and writes it next to the file
as JSON. The sample depends only on the corpus, the extraction and the seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import pipeline  # noqa: E402
from etl.ingest import find_reports, read_report  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402

ENTITY_KINDS = {"bodies": "body", "people": "person", "laws": "law", "projects": "project", "places": "place",
                "meetings": "meeting"}


def _evidence(item) -> dict:
    ev = item.evidence[0] if item.evidence else None
    return {"start": ev.start, "end": ev.end, "quote": ev.quote, "rule": ev.rule} if ev else {}


def items_of(path: str) -> tuple[list[dict], list[dict]]:
    """Every entity and every activity of one report, as sample rows."""
    ex = pipeline.extract_document(read_report(path), default_lexicon())
    where = {"report": ex.document, "path": path, "report_period": ex.metadata.period}
    entities = [{"kind": kind, "name": e.name, **where, **_evidence(e)}
                for field, kind in ENTITY_KINDS.items() for e in getattr(ex, field)]
    activities = [{"kind": "activity", "type": a.type, "body": a.body, "count": a.count, "unit": a.unit,
                   "period": a.period, "topic": a.topic, "approx": a.approx, **where, **_evidence(a)}
                  for a in ex.activities]
    return entities, activities


def draw(args) -> int:
    paths = [str(p) for p in find_reports([args.corpus])]
    entities, activities = [], []
    with ProcessPoolExecutor(args.workers) as pool:
        for ents, acts in pool.map(items_of, paths, chunksize=2):
            entities += ents
            activities += acts
    rng = random.Random(args.seed)
    sample = [*rng.sample(entities, min(args.entities, len(entities))),
              *rng.sample(activities, min(args.activities, len(activities)))]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for i, row in enumerate(sample, 1):
            f.write(json.dumps({"n": i, **row, "verdict": None, "why": None}, ensure_ascii=False) + "\n")
    counts = Counter(e["kind"] for e in entities)
    print(f"{len(paths)} reports: {len(entities)} entities ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
          f"{len(activities)} activities; sampled {len(sample)} into {out}", file=sys.stderr)
    return 0


def score(args) -> int:
    rows = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    open_rows = [r["n"] for r in rows if r.get("verdict") not in ("ok", "wrong")]
    if open_rows:
        print(f"{args.file}: {len(open_rows)} rows not judged yet (verdict ok|wrong): {open_rows[:10]}", file=sys.stderr)
        return 1
    result: dict[str, dict] = {}
    for group, keep in (("entities", lambda r: r["kind"] != "activity"), ("activities", lambda r: r["kind"] == "activity")):
        judged = [r for r in rows if keep(r)]
        ok = sum(r["verdict"] == "ok" for r in judged)
        result[group] = {"n": len(judged), "ok": ok, "precision": round(ok / len(judged), 3) if judged else None}
    for kind in sorted({r["kind"] for r in rows}):
        judged = [r for r in rows if r["kind"] == kind]
        ok = sum(r["verdict"] == "ok" for r in judged)
        result[kind] = {"n": len(judged), "ok": ok, "precision": round(ok / len(judged), 3)}
    for name, r in result.items():
        print(f"{name:12} {r['ok']:>4}/{r['n']:<4} {r['precision']}")
    Path(args.file).with_suffix(".score.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="extract a corpus and write a random sample to judge")
    d.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "bench"))
    d.add_argument("--entities", type=int, default=120)
    d.add_argument("--activities", type=int, default=60)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--workers", type=int, default=2)
    d.add_argument("-o", "--out", default=str(ROOT / "bench" / "results" / "precision-sample.jsonl"))
    s = sub.add_parser("score", help="precision of a judged sample")
    s.add_argument("file")
    args = ap.parse_args(argv)
    return draw(args) if args.command == "draw" else score(args)


if __name__ == "__main__":
    sys.exit(main())
