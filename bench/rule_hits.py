#!/usr/bin/env python
"""How often each rule fires, per corpus: a rule that fires only where it was written is suspect.

    .venv/bin/python bench/rule_hits.py [--shared ../shared] [--out bench/results] [--only-rare N]

For every report of examples/reports and ../shared/corpus/{seeds,dev,bench,national-2026}
(missing folders skipped) it counts the rule id of every mention the recogniser keeps
(``Mention.rule``: body.core.level, law.guillemets …) and of the evidence of every fact in the
extraction (``Evidence.rule``: activity.counted.meeting, post.after_title …), and prints a
table rule × corpus with hits (and, in brackets, the number of reports they come from) and
the rule's rationale (``rules`` in schema/lexicon.yaml).
``--only-rare N`` prints only rules with at most N hits in all. Writes
``DIR/rule-hits-<timestamp>.json``. Never run by the unit suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare_extraction import reports  # noqa: E402

from etl import pipeline  # noqa: E402
from etl.clean import clean  # noqa: E402
from etl.ingest import read_report  # noqa: E402
from etl.lexicon import default_lexicon, rationale  # noqa: E402
from etl.recognize import recognize  # noqa: E402
from etl.segment import segment  # noqa: E402


def fact_rules(ex) -> list[str]:
    """Rule ids of the evidence of every fact (entities' evidence repeats their mention rules)."""
    facts = [*ex.activities, *ex.figures, *(p for person in ex.people for p in person.posts),
             *(a for law in ex.laws for a in law.actions)]
    return [e.rule for f in facts for e in f.evidence] + ([ex.report_evidence.rule] if ex.report_evidence else [])


def hits_of(path: str) -> dict[str, int]:
    lex = default_lexicon()
    source = read_report(path)
    counts: dict[str, int] = defaultdict(int)
    doc = clean(source, lex)
    for *_, reason in doc.dropped:  # text dropped by a rule (clean.chrome), not by layout
        if reason.startswith("clean."):
            counts[reason] += 1
    for m in recognize(segment(doc, lex), lex):
        counts[m.rule] += 1
    ex = pipeline.extract_document(source, lex)
    for rule in fact_rules(ex):
        counts[rule] += 1
    # an entity only assembly adds (the report's own body its title decides: body.acting) has no mention
    for rule in {e.rule for b in ex.bodies for e in b.evidence} - set(counts):
        counts[rule] += 1
    return dict(counts)


def _job(item: tuple[str, str]) -> tuple[str, dict[str, int]]:
    return item[0], hits_of(item[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, help="the shared folder (default: ../shared)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    ap.add_argument("--only-rare", type=int, help="print only rules with at most this many hits")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    items = [(k, str(p)) for k, p in reports(None, args.shared)]
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # rule → corpus → [hits, reports]
    corpora: list[str] = []
    with ProcessPoolExecutor(args.workers) as pool:
        for key, counts in pool.map(_job, items, chunksize=1):
            corpus = key.split("/", 1)[0]
            if corpus not in corpora:
                corpora.append(corpus)
            for rule, n in counts.items():
                table[rule][corpus][0] += n
                table[rule][corpus][1] += 1
    rows = []
    for rule in sorted(table):
        total = sum(h for h, _ in table[rule].values())
        rows.append({"rule": rule, "rationale": rationale(default_lexicon(), rule), "total": total,
                     **{c: table[rule][c][0] for c in corpora},
                     "reports": {c: table[rule][c][1] for c in corpora if table[rule][c][1]}})
    print(f"{'rule':40}" + "".join(f"{c:>18}" for c in corpora))
    for r in rows:
        if args.only_rare is not None and r["total"] > args.only_rare:
            continue
        cells = "".join(f"{(str(r[c]) + ' (' + str(r['reports'].get(c, 0)) + ')') if r[c] else '-':>18}" for c in corpora)
        print(f"{r['rule']:40}{cells}   {r['rationale'] or 'NO RATIONALE in schema/lexicon.yaml rules'}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"rule-hits-{stamp}.json"
    path.write_text(json.dumps({"when": stamp, "corpora": corpora, "rules": rows}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
