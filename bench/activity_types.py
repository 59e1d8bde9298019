#!/usr/bin/env python
"""Is an activity typed the same way wherever its verb and object occur? (issue 15)

    .venv/bin/python bench/activity_types.py [--shared ../shared] [--only CORPUS ...] [--other-min N]

For every counted activity extracted from examples/reports and ../shared/corpus/{seeds,dev,bench,
national-2026} (missing folders skipped) it reads its shape from the list item the count was
taken from (the activity's ``topic``): the verb (the first two characters after leading
adverbs), the object's head (at most the last four characters before the number) and the unit, and
prints each (verb, object, unit) shape with its types and counts per corpus. Shapes typed in
more than one way come first (INCONSISTENT), then the most frequent shapes typed ``other``
(a gold type may fit them: ../shared/gold/README.md). Writes ``DIR/activity-types-<timestamp>.json``.
Never run by the unit suite.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare_extraction import reports  # noqa: E402

from etl import pipeline  # noqa: E402
from etl.ingest import read_report  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402

# adverbs and fillers before an item's verb (深入开展…, 全年共召开…): not the verb
LEAD = re.compile(r"^(?:全年|共|累计|先后|分别|其中|还|并|又|已|均|深入|积极|认真|扎实|持续|集中|组织|依法|主动|"
                  r"及时|首次|再次|联合|专题|专项|重点|全面|广泛|定期|多次|常态化)+")
HAN = re.compile(r"[^\u4e00-\u9fff]")


def shape(topic: str | None, unit: str | None) -> tuple[str, str, str]:
    """(verb, object head, unit) of an item: 召开区政府常务会议 次 → (召开, 常务会议, 次); the head
    keeps four characters, enough to tell 常委会会议 from 党组会议."""
    t = HAN.sub("", topic or "")
    t = LEAD.sub("", t) or t
    return (t[:2] or "-", t[2:][-4:] or "-", unit or "-")


def shapes_of(item: tuple[str, str]) -> tuple[str, list[tuple[str, str, str, str, str]]]:
    key, path = item
    ex = pipeline.extract_document(read_report(path), default_lexicon())
    rows = []
    for a in ex.activities:
        if a.count is None or not any(e.rule.startswith("activity.counted") for e in a.evidence):
            continue
        verb, obj, unit = shape(a.topic, a.unit)
        rows.append((verb, obj, unit, a.type, a.topic or ""))
    return key, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, help="the shared folder (default: ../shared)")
    ap.add_argument("--only", nargs="*", help="corpora to read (examples, seeds, dev, bench, national-2026)")
    ap.add_argument("--other-min", type=int, default=3, help="list `other` shapes seen at least this often")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    items = [(k, str(p)) for k, p in reports(args.only, args.shared)]
    types: dict[tuple, Counter] = defaultdict(Counter)  # shape → type → hits
    corpora: dict[tuple, Counter] = defaultdict(Counter)  # shape → corpus → hits
    examples: dict[tuple, dict[str, str]] = defaultdict(dict)  # shape → type → one topic
    with ProcessPoolExecutor(args.workers) as pool:
        for key, rows in pool.map(shapes_of, items, chunksize=1):
            for verb, obj, unit, typ, topic in rows:
                s = (verb, obj, unit)
                types[s][typ] += 1
                corpora[s][key.split("/", 1)[0]] += 1
                examples[s].setdefault(typ, topic)
    mixed = sorted((s for s in types if len(types[s]) > 1), key=lambda s: -sum(types[s].values()))
    other = sorted((s for s in types if set(types[s]) == {"other"} and types[s]["other"] >= args.other_min),
                   key=lambda s: -types[s]["other"])

    def line(s: tuple) -> str:
        ts = ", ".join(f"{t} {n} ({examples[s][t][:24]})" for t, n in types[s].most_common())
        cs = " ".join(f"{c}:{n}" for c, n in sorted(corpora[s].items()))
        return f"  {'/'.join(s):16} {ts}   [{cs}]"

    print(f"INCONSISTENT: {len(mixed)} shapes typed more than one way")
    print("\n".join(line(s) for s in mixed))
    print(f"\nOTHER: {len(other)} shapes typed only `other`, seen ≥ {args.other_min} times")
    print("\n".join(line(s) for s in other))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"activity-types-{stamp}.json"
    rows = [{"verb": s[0], "object": s[1], "unit": s[2], "types": dict(types[s]), "corpora": dict(corpora[s]),
             "examples": examples[s]} for s in sorted(types)]
    path.write_text(json.dumps({"when": stamp, "shapes": rows}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
