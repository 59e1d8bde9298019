#!/usr/bin/env python
"""Print the README's figures from result files, so the README never states a number by hand.

    python bench/readme_figures.py              # print every figure block
    python bench/readme_figures.py --write      # put them into README.md
    python bench/readme_figures.py --check      # exit 1 (with a diff) when README.md differs
    python bench/readme_figures.py --evaluate   # re-score examples, seeds and dev into bench/results/

A figure block in README.md sits between ``<!-- figures:NAME -->`` and ``<!-- /figures -->``.
A ``console`` block holds ``$ lianghui …`` commands and gets what each prints on a store built
from examples/reports. The other blocks' sources are committed result files: ``bench/results/evaluate-{examples,seeds,dev}.json``
(``lianghui evaluate --format json``, written by ``--evaluate``) and the newest
``bench/results/baseline-*.json`` (``bench/run.py``). tests/test_readme.py runs ``--check``
and checks that the evaluate files still match what extraction gives today.
"""

from __future__ import annotations

import argparse
import atexit
import difflib
import functools
import importlib.util
import json
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"

# name → (corpus, gold); the shared ones are scored only where ../shared is present
EVALUATIONS = {
    "examples": (ROOT / "examples" / "reports", ROOT / "examples" / "gold"),
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold"),
    "dev": (SHARED / "corpus" / "dev", SHARED / "gold" / "dev"),
}
ENTITY_ROWS = ("bodies", "people", "laws", "projects", "places", "meetings", "entities")
FACT_ROWS = ("posts", "law_actions", "activities")
BLOCK = re.compile(r"(<!-- figures:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /figures -->)", re.S)


def evaluation(name: str) -> dict:
    return json.loads((RESULTS / f"evaluate-{name}.json").read_text(encoding="utf-8"))


def score(name: str) -> dict:
    """Extract and score one evaluation set now, in the form stored in its result file."""
    sys.path.insert(0, str(ROOT))
    from etl.evaluate import evaluate_corpus

    corpus, gold = EVALUATIONS[name]
    scores = evaluate_corpus(corpus, gold)
    return {"micro": scores["micro"], "per_report": scores["per_report"]}


def combined(names: tuple[str, ...]) -> dict:
    """Micro scores over several evaluation sets together (sums of tp/fp/fn)."""
    out = {}
    for row in (*ENTITY_ROWS, *FACT_ROWS):
        tp, fp, fn = (sum(evaluation(n)["micro"][row][k] for n in names) for k in ("tp", "fp", "fn"))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[row] = {"tp": tp, "fp": fp, "fn": fn, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    md = [evaluation(n)["micro"]["metadata"] for n in names]
    out["metadata"] = {"correct": sum(m["correct"] for m in md), "fields": sum(m["fields"] for m in md)}
    return out


def evaluate_table() -> str:
    """Micro F1 per type on seeds, dev, and both together (the quality floors' table)."""
    both = combined(("seeds", "dev"))
    seeds, dev = evaluation("seeds")["micro"], evaluation("dev")["micro"]
    lines = ["| type | seeds (5) | dev (12) | seeds + dev |", "|---|---|---|---|"]
    for row in (*ENTITY_ROWS, *FACT_ROWS):
        lines.append(f"| {row.replace('_', ' ')} | {seeds[row]['f1']:.3f} | {dev[row]['f1']:.3f} | {both[row]['f1']:.3f} |")
    m = both["metadata"]
    lines.append(
        f"| metadata fields | {seeds['metadata']['correct']}/{seeds['metadata']['fields']} "
        f"| {dev['metadata']['correct']}/{dev['metadata']['fields']} | {m['correct']}/{m['fields']} |"
    )
    return "\n".join(lines) + "\n"


def evaluate_examples() -> str:
    """The `lianghui evaluate examples/reports examples/gold` console block."""
    sys.path.insert(0, str(ROOT))
    from etl.evaluate import format_scores

    text = format_scores({"micro": evaluation("examples")["micro"]})
    return f"```console\n$ lianghui evaluate examples/reports examples/gold\n{text}\n```\n"


def benchmark() -> str:
    """bench/run.py's Markdown table of the newest committed baseline."""
    baseline = sorted(RESULTS.glob("baseline-*.json"))[-1]
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    note = f"`python bench/run.py --markdown bench/results/{baseline.name}` prints this table:\n\n"
    return note + run.markdown(json.loads(baseline.read_text(encoding="utf-8")))


def query_list() -> str:
    """What `lianghui query list` prints: every template with its summary."""
    sys.path.insert(0, str(ROOT))
    from typer.testing import CliRunner

    from etl.cli import app

    done = CliRunner().invoke(app, ["query", "list"])
    return f"```console\n$ lianghui query list\n{done.stdout.rstrip()}\n```\n"


@functools.cache
def examples_store() -> str:
    """A store built from examples/reports, once per run, removed at exit."""
    from typer.testing import CliRunner

    from etl.cli import app

    folder = tempfile.mkdtemp(prefix="readme-figures-")
    atexit.register(shutil.rmtree, folder, True)
    store = str(Path(folder) / "store")
    done = CliRunner().invoke(app, ["build", str(ROOT / "examples" / "reports"), "--store", store, "--workers", "1"])
    if done.exit_code:
        raise SystemExit(f"building examples/reports failed: {done.stderr or done.stdout}")
    return store


def console(body: str) -> str:
    """A console block of `$ lianghui …` commands, each followed by what it prints on the store
    built from examples/reports (the demo's store). ``| head -N`` keeps N lines and marks the cut."""
    sys.path.insert(0, str(ROOT))
    from typer.testing import CliRunner

    from etl.cli import app

    parts = []
    for command in (line[2:] for line in body.splitlines() if line.startswith("$ lianghui ")):
        words, keep = shlex.split(command), None
        if "|" in words:
            cut = words.index("|")
            words, keep = words[:cut], int(words[cut + 2].lstrip("-"))
        done = CliRunner().invoke(app, [*words[1:], "--store", examples_store()])
        if done.exit_code:
            raise SystemExit(f"README.md: `{command}` failed: {done.stderr or done.stdout}")
        lines = done.stdout.rstrip("\n").splitlines()
        if keep is not None and len(lines) > keep:
            lines = [*lines[:keep], "…"]
        parts.append("\n".join([f"$ {command}", *lines]))
    return "```console\n" + "\n\n".join(parts) + "\n```\n"


FIGURES = {"query-list": query_list, "evaluate-table": evaluate_table, "evaluate-examples": evaluate_examples,
           "benchmark": benchmark, "console": console}


def rendered(readme: str) -> str:
    def fill(m: re.Match) -> str:
        make = FIGURES.get(m["name"])
        if make is None:
            raise SystemExit(f"README.md: unknown figure block `{m['name']}` (known: {', '.join(FIGURES)})")
        return m.group(1) + (make(m["body"]) if make is console else make()) + m.group(4)

    return BLOCK.sub(fill, readme)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the figure blocks in README.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when README.md differs from the result files")
    mode.add_argument("--evaluate", action="store_true", help="score examples, seeds and dev into bench/results/")
    args = ap.parse_args()
    if args.evaluate:
        for name, (corpus, _) in EVALUATIONS.items():
            if not corpus.is_dir():
                print(f"skip {name}: {corpus} is absent", file=sys.stderr)
                continue
            path = RESULTS / f"evaluate-{name}.json"
            path.write_text(json.dumps(score(name), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
        return 0
    now = README.read_text(encoding="utf-8")
    want = rendered(now)
    if args.write:
        README.write_text(want, encoding="utf-8")
        return 0
    if args.check:
        if now == want:
            return 0
        sys.stdout.writelines(difflib.unified_diff(now.splitlines(True), want.splitlines(True), "README.md", "figures"))
        print("README.md's figures differ from the result files: run `python bench/readme_figures.py --write`", file=sys.stderr)
        return 1
    for name, make in FIGURES.items():
        if make is not console:
            print(f"<!-- figures:{name} -->\n{make()}<!-- /figures -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
