#!/usr/bin/env python
"""Extraction time against input size on hostile input: counted list items without sentence
punctuation (``审议议案12件`` on each line), which clean-up joins into one sentence and one clause.

    .venv/bin/python bench/linearity.py [--small 1000] [--large 4000] [--out bench/results]

Times ``pipeline.extract_document`` on generated texts of ``--small`` and ``--large`` lines
(several shapes: bare items, items after a body heading, items with an enumeration comma,
hearing-report items) and prints the time ratio per shape; linear extraction gives about
large/small (4×). Writes ``DIR/linearity-<timestamp>.json``. Never run by the unit suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import pipeline  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402
from etl.models import SourceDocument  # noqa: E402

ITEMS = ("审议议案{n}件", "办理代表建议{n}件", "审结案件{n}件", "检查法律{n}部", "听取报告{n}个", "开展调研{n}次")
SHAPES = {
    "bare": ("", "{item}\n"),
    "after_body": ("2026年长春市人民代表大会常务委员会工作报告\n市人大常委会\n", "{item}\n"),
    "enumerated": ("", "{item}、\n"),
    "hearing": ("", "听取审议关于第{n}项工作的报告\n"),
}


def text_of(shape: str, lines: int) -> str:
    head, line = SHAPES[shape]
    return head + "".join(line.format(item=ITEMS[i % len(ITEMS)].format(n=i % 97 + 3), n=i + 1)
                          for i in range(lines))


def timed(text: str, repeat: int = 3) -> float:
    """Best of ``repeat`` runs (the machine is shared: the minimum is the least disturbed)."""
    src = SourceDocument(path="generated.txt", name="generated", sha256="0" * 64, source=text)
    lex = default_lexicon()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        pipeline.extract_document(src, lex)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per text; the best is kept")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args(argv)
    timed(text_of("bare", 50))  # warm up: lexicon, compiled matchers
    rows = []
    for shape in SHAPES:
        small, large = text_of(shape, args.small), text_of(shape, args.large)
        ts, tl = timed(small, args.repeat), timed(large, args.repeat)
        rows.append({"shape": shape, "small_lines": args.small, "large_lines": args.large,
                     "small_chars": len(small), "large_chars": len(large),
                     "small_seconds": round(ts, 4), "large_seconds": round(tl, 4), "ratio": round(tl / ts, 2)})
        print(f"{shape:12} {args.small} lines {ts:7.3f} s   {args.large} lines {tl:7.3f} s   ratio {tl / ts:5.2f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"linearity-{stamp}.json"
    path.write_text(json.dumps({"when": stamp, "expected_ratio": args.large / args.small, "shapes": rows},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
