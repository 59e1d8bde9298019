#!/usr/bin/env python
"""The metadata and meetings extracted for every report of a corpus, one line each.

    .venv/bin/python bench/metadata_table.py [FOLDER ...] [--meetings] [-o out.json]

Defaults to ../shared/corpus/{bench,national-2026,dev,seeds}. Prints genre, region, issuing
body, date, period, author and meeting per report (and with ``--meetings`` the meetings
found), so that a change of the metadata rules can be read report by report; ``-o`` saves the
table as JSON to diff against a later run. Never run by the unit suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.ingest import find_reports  # noqa: E402
from etl.pipeline import extract_report  # noqa: E402

DEFAULT = ["bench", "national-2026", "dev", "seeds"]


def row(path: str) -> dict:
    ex = extract_report(path)
    md = ex.metadata
    return {"report": path, "genre": md.genre, "region": md.region, "issuing_body": md.issuing_body,
            "date": md.date, "period": md.period, "title": md.title,
            "author": f"{md.author.name}/{md.author.role}/{md.author.body}" if md.author else None,
            "meeting": md.meeting, "meetings": sorted(m.name for m in ex.meetings)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--meetings", action="store_true")
    ap.add_argument("-o", "--out")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args()
    folders = args.folders or [str(Path(args.shared) / "corpus" / d) for d in DEFAULT]
    files = sorted(str(f) for d in folders if Path(d).exists() for f in find_reports([d]))
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(row, files))
    for r in rows:
        name = "/".join(Path(r["report"]).parts[-2:])
        print(f"{name:42} {r['genre']:14} {r['region'] or '-':14} {r['issuing_body'] or '-':18} "
              f"{r['date'] or '-':10} {r['period'] or '-':9} {r['author'] or '-'} | {r['meeting'] or '-'} | {r['title']}")
        if args.meetings:
            for m in r["meetings"]:
                print(f"    {m}")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
