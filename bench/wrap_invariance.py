#!/usr/bin/env python
"""Layout invariance: does hard wrapping a report change what is extracted from it?

    .venv/bin/python bench/wrap_invariance.py [--corpus examples seeds dev national-2026]
        [--widths 18 22 30] [--blank both|yes|no] [-v] [-o out.json] [--write DIR]

Each report is wrapped every W characters (as PDF text layers and copied web pages are), with
and without a blank line after every line; the annotation of the wrapped text (entities,
facts, metadata in the gold schema) is compared with that of the original, item by item.
Prints the number of differing items per report and variant; ``-v`` prints the items;
``--write DIR`` keeps the wrapped copies (``DIR/<corpus>-w<W>[b]/<file>``) for ``lianghui evaluate``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import pipeline  # noqa: E402
from etl.annotation import to_annotation  # noqa: E402
from etl.ingest import find_reports, read_report  # noqa: E402
from etl.lexicon import default_lexicon  # noqa: E402
from etl.models import SourceDocument  # noqa: E402

CORPORA = {"examples": ROOT / "examples" / "reports",
           **{c: ROOT.parent / "shared" / "corpus" / c for c in ("seeds", "dev", "national-2026", "bench")}}


def hard_wrap(text: str, width: int, blank: bool = False) -> str:
    """Every line cut every ``width`` characters; ``blank`` puts an empty line after each."""
    out = []
    for line in text.splitlines():
        parts = [line[i : i + width] for i in range(0, len(line), width)] or [""]
        for part in parts:
            out.append(part)
            if blank:
                out.append("")
    return "\n".join(out) + "\n"


def items(text: str, name: str = "t") -> Counter:
    """The annotation of ``text`` as a multiset of JSON items (one per entity, activity, field).
    Whitespace is removed, as the evaluation compares names: a wrap may fall on a space."""
    doc = SourceDocument(path=f"{name}.txt", name=name, sha256="0" * 64, source=text)
    ann = to_annotation(pipeline.extract_document(doc, default_lexicon())).to_plain()
    out: Counter = Counter()
    for key, value in ann.items():
        if key == "document":
            continue
        if key == "metadata":
            out.update(f"metadata.{k}={_plain(v)}" for k, v in value.items())
        else:
            out.update(f"{key}:{_plain(v)}" for v in value)
    return out


def _plain(value) -> str:
    return re.sub(r"\s+", "", json.dumps(value, ensure_ascii=False, sort_keys=True))


def differences(a: Counter, b: Counter) -> tuple[list[str], list[str]]:
    """Items only the original has, items only the wrapped text has."""
    return sorted((a - b).elements()), sorted((b - a).elements())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="*", default=["examples", "seeds", "dev", "national-2026"])
    ap.add_argument("--widths", nargs="*", type=int, default=[18, 22, 30])
    ap.add_argument("--blank", choices=("both", "yes", "no"), default="both")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-o", "--out", help="write the counts here (JSON)")
    ap.add_argument("--write", help="folder for the wrapped copies")
    args = ap.parse_args(argv)
    blanks = {"both": (False, True), "yes": (True,), "no": (False,)}[args.blank]
    result: dict[str, dict[str, int]] = {}
    total = 0
    for corpus in args.corpus:
        folder = CORPORA[corpus]
        if not folder.is_dir():
            print(f"skip {corpus}: {folder} missing", file=sys.stderr)
            continue
        for path in find_reports([folder]):
            text = read_report(path).source
            base = items(text, path.stem)
            for width in args.widths:
                for blank in blanks:
                    variant = f"w{width}{'b' if blank else ''}"
                    wrapped = hard_wrap(text, width, blank)
                    if args.write:
                        out = Path(args.write) / f"{corpus}-{variant}" / path.name
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_text(wrapped, encoding="utf-8")
                    lost, gained = differences(base, items(wrapped, path.stem))
                    n = len(lost) + len(gained)
                    total += n
                    result.setdefault(f"{corpus}/{path.name}", {})[variant] = n
                    print(f"{corpus}/{path.name} {variant}: {n}", flush=True)
                    if args.verbose:
                        for it in lost:
                            print(f"   - {it}")
                        for it in gained:
                            print(f"   + {it}")
    print(f"total differing items: {total}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
