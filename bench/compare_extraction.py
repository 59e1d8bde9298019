#!/usr/bin/env python
"""Behaviour check for refactors of the extraction core: one hash per report.

    .venv/bin/python bench/compare_extraction.py -o /tmp/extraction-before.json [--dump DIR]
    .venv/bin/python bench/compare_extraction.py -o /tmp/after.json --against /tmp/extraction-before.json [--diff]

For every report of examples/reports and ../shared/corpus/{seeds,dev,bench,national-2026}
(missing folders skipped) it runs the per-report extraction (``pipeline.extract_document``)
and the per-report emission (``identity.emit``: the report's sorted N-Quads before
cross-report identity), and writes ``{corpus/file: {"nquads": sha256, "extraction": sha256}}``.
The extraction hash covers the ReportExtraction JSON, so a change in emission made by someone
else shows as an N-Quads difference with an unchanged extraction. ``--dump DIR`` keeps each
report's N-Quads (``DIR/corpus/file.nq``); ``--against FILE`` prints the reports that differ,
and with ``--diff`` (needs the dump folder of the earlier run, ``--before-dump``, or re-reads
``FILE``'s dump folder recorded in it) the quads only one side has.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import identity, pipeline  # noqa: E402
from etl.ingest import find_reports, read_report  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402

SHARED_CORPORA = ("seeds", "dev", "bench", "national-2026")


def corpora(shared: Path) -> dict[str, Path]:
    return {"examples": ROOT / "examples" / "reports", **{c: shared / "corpus" / c for c in SHARED_CORPORA}}


CORPORA = corpora(ROOT.parent / "shared")


def emit_one(path: str) -> tuple[str, str]:
    """Sorted N-Quads and extraction JSON of one report file."""
    ex = pipeline.extract_document(read_report(path), default_lexicon())
    nquads = "".join(sorted(line + "\n" for line in identity.emit(ex).splitlines() if line.strip()))
    return nquads, ex.model_dump_json(exclude={"path"})  # the same report read from another checkout


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reports(only: list[str] | None, shared: Path | None = None) -> list[tuple[str, Path]]:
    out = []
    for corpus, folder in (corpora(shared) if shared else CORPORA).items():
        if only and corpus not in only:
            continue
        if not folder.is_dir():
            print(f"skip {corpus}: {folder} missing", file=sys.stderr)
            continue
        for p in find_reports([folder]):
            out.append((f"{corpus}/{p.relative_to(folder)}", p))
    return out


def _job(item: tuple[str, str]) -> tuple[str, str, str]:
    key, path = item
    nquads, extraction = emit_one(path)
    return key, nquads, extraction


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", help="write the hashes here (JSON)")
    ap.add_argument("--dump", help="folder to keep each report's sorted N-Quads and extraction JSON")
    ap.add_argument("--against", help="an earlier JSON to compare with")
    ap.add_argument("--before-dump", help="the dump folder of the earlier run (default: recorded in it)")
    ap.add_argument("--diff", action="store_true", help="print the quads that differ (needs both dumps)")
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="only these corpora")
    ap.add_argument("--shared", type=Path, help="the shared folder (default: ../shared)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    items = [(k, str(p)) for k, p in reports(args.corpus, args.shared)]
    hashes: dict[str, dict[str, str]] = {}
    dump = Path(args.dump) if args.dump else None
    with ProcessPoolExecutor(args.workers) as pool:
        for key, nquads, extraction in pool.map(_job, items, chunksize=1):
            hashes[key] = {"nquads": _sha(nquads), "extraction": _sha(extraction)}
            if dump:
                (dump / key).parent.mkdir(parents=True, exist_ok=True)
                (dump / f"{key}.nq").write_text(nquads, encoding="utf-8")
                (dump / f"{key}.json").write_text(extraction, encoding="utf-8")
    result = {"dump": str(dump.resolve()) if dump else None, "reports": dict(sorted(hashes.items()))}
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(hashes)} reports hashed", file=sys.stderr)
    if not args.against:
        return 0
    before = json.loads(Path(args.against).read_text(encoding="utf-8"))
    old = before["reports"]
    before_dump = Path(args.before_dump or before.get("dump") or "")
    differ = 0
    for corpus in CORPORA:
        keys = [k for k in hashes if k.startswith(corpus + "/")]
        if not keys:
            continue
        same = sum(1 for k in keys if old.get(k, {}).get("nquads") == hashes[k]["nquads"])
        print(f"{corpus}: {len(keys)} reports, {same} identical N-Quads")
    for key in sorted(set(old) | set(hashes)):
        a, b = old.get(key), hashes.get(key)
        if a == b:
            continue
        if a is None or b is None:
            print(f"{key}: only {'after' if a is None else 'before'}")
            differ += 1
            continue
        what = [f for f in ("nquads", "extraction") if a.get(f) != b.get(f)]
        if not what:
            continue
        differ += 1
        print(f"DIFFERS {key}: {', '.join(what)}")
        if args.diff and dump and before_dump.is_dir():
            old_q = set((before_dump / f"{key}.nq").read_text(encoding="utf-8").splitlines())
            new_q = set((dump / f"{key}.nq").read_text(encoding="utf-8").splitlines())
            for q in sorted(old_q - new_q):
                print(f"  - {q}")
            for q in sorted(new_q - old_q):
                print(f"  + {q}")
    print(f"{differ} report(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
