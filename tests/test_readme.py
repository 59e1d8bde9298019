"""The README's two set-up commands stay true: CI runs the test command, and the demo
command's steps (build → query → export) work on the bundled sample reports."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command(marker: str) -> str:
    m = re.search(rf"<!-- {marker} -->\s*```sh\n(.+?)\n```", README, re.S)
    assert m, f"README has no {marker} block"
    return m.group(1).strip()


def test_ci_runs_the_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for marker in ("demo-command", "test-command"):
        assert f".ci/readme_command.py {marker}" in ci, f"CI does not run the README's {marker}"
        printed = subprocess.run(
            [sys.executable, str(ROOT / ".ci" / "readme_command.py"), marker], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert printed == command(marker)


def test_graphs_folder_is_documented_and_its_outputs_ignored():
    assert (ROOT / "graphs" / "README.md").is_file()
    for generated in ("graphs/store/x", "graphs/examples.ttl", "graphs/examples.graphml"):
        done = subprocess.run(["git", "check-ignore", "-q", generated], cwd=ROOT)
        if done.returncode == 128:
            pytest.skip("not a git checkout")
        assert done.returncode == 0, f"{generated} is not git-ignored"


def test_demo_command_builds_queries_and_exports(tmp_path):
    steps = [s.strip() for s in command("demo-command").split("&&")]
    assert steps[0].startswith("python3 -m venv") and "pip install" in steps[1]
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    lianghui = Path(sys.executable).parent / "lianghui"
    outputs = []
    for step in steps[2:]:
        args = shlex.split(step)
        assert args[0] == ".venv/bin/lianghui", step
        done = subprocess.run([str(lianghui), *args[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{step}\n{done.stderr}"
        outputs.append(done.stdout)
    assert any(line.strip() for line in outputs[1].splitlines()[1:]), "the demo query returned no rows"
    ttl = rdflib.Graph().parse(tmp_path / "graphs" / "examples.ttl", format="turtle")
    assert len(ttl) > 1000
    g = nx.read_graphml(tmp_path / "graphs" / "examples.graphml")
    assert g.number_of_nodes() > 50
    assert all("label" in d and "type" in d for _, d in g.nodes(data=True))


def _figures(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / "readme_figures.py"), *args], capture_output=True, text=True, timeout=300)


def test_readme_figures_are_printed_from_the_result_files():
    done = _figures("--check")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr


@pytest.mark.parametrize("name", ["examples", "seeds", "dev"])
def test_evaluate_result_files_match_extraction_today(name):
    """A rule change that moves a score re-scores: `readme_figures.py --evaluate`, then `--write`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "bench" / "readme_figures.py")
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)
    corpus, _ = figures.EVALUATIONS[name]
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    stored = figures.evaluation(name)
    now = json.loads(json.dumps(figures.score(name)))
    assert now["micro"] == stored["micro"], (
        f"extraction on {name} no longer scores what bench/results/evaluate-{name}.json says: "
        "run `python bench/readme_figures.py --evaluate`, then `python bench/readme_figures.py --write`"
    )
