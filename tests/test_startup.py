"""Start-up stays lazy where it is most of the work (issue 18): a rebuild with nothing to extract
loads no extraction stage, no cn2an, no progress bar and no process pool; extracting the example
reports reads their numerals without cn2an; each stage imports on its own. Each check runs a
fresh process and reads its ``sys.modules``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import pipeline
from etl.generations import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
EXTRACTION_ONLY = ("etl.stages", "etl.recognize", "etl.resolve", "etl.relate", "etl.clean", "etl.segment",
                   "etl.annotation", "cn2an")


def run_fresh(code: str) -> tuple[set[str], str]:
    """The modules a fresh Python process holds once ``code`` has run (it may call sys.exit), and
    what it wrote to stderr."""
    report = "import atexit, json, sys; atexit.register(lambda: print(json.dumps(sorted(sys.modules))))\n"
    done = subprocess.run([sys.executable, "-c", report + code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1])), done.stderr


def modules_after(code: str) -> set[str]:
    return run_fresh(code)[0]


def loaded(modules: set[str], names) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_importing_the_build_loads_no_stage():
    assert loaded(modules_after("import etl.pipeline"), EXTRACTION_ONLY) == []


def test_a_rebuild_with_nothing_changed_loads_no_stage_and_no_progress_bar(tmp_path):
    store = tmp_path / "store"
    cli = f"sys.argv = ['lianghui', 'build', {str(EXAMPLES)!r}, '--store', {str(store)!r}]\nfrom etl.cli import main\nmain()"
    for _ in range(3):  # another session editing etl/ meanwhile makes new rules: build again
        pipeline.build([EXAMPLES], OxigraphStore(store), workers=1)
        modules, said = run_fresh(cli)
        if "(0 built" in said:
            break
    assert "(0 built" in said and "etl.publish" in modules
    assert loaded(modules, (*EXTRACTION_ONLY, "rich.progress", "concurrent.futures.process")) == []


def test_extracting_the_examples_needs_no_cn2an():
    code = f"from etl.pipeline import extract_report\nfor f in sorted(__import__('pathlib').Path({str(EXAMPLES)!r}).iterdir()):\n" \
           "    extract_report(f)"
    modules = modules_after(code)
    assert "etl.recognize" in modules and loaded(modules, ("cn2an",)) == []


@pytest.mark.parametrize("module", ["etl.recognize", "etl.resolve", "etl.resolve.names", "etl.relate", "etl.stages"])
def test_each_stage_imports_on_its_own(module):
    """Nothing imports the stages in a set order any more: each one loads first in a process."""
    assert module in modules_after(f"import {module}")
