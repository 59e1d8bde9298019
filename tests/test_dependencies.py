"""Every third-party module the code imports is declared, and every declared package is used.

A fresh machine installs only what pyproject.toml names: an import that works here only because
another package pulled it in (click through dask, say) breaks the README's demo there.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _top_level_imports(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def test_deptry_finds_no_undeclared_unused_or_transitive_dependency():
    deptry = shutil.which("deptry", path=str(Path(sys.executable).parent)) or shutil.which("deptry")
    if deptry is None:
        pytest.fail("deptry is not installed: it is in the [test] extras (pip install -e '.[test]')")
    done = subprocess.run([deptry, "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_test_suite_imports_only_declared_packages():
    declared = {_name(r) for r in PROJECT["dependencies"]}
    for extra in PROJECT.get("optional-dependencies", {}).values():
        declared |= {_name(r) for r in extra}
    local = {p.stem for p in [*(ROOT / "tests").glob("*.py"), *(ROOT / "bench").glob("*.py")]} | {"etl", "conftest"}
    dists = metadata.packages_distributions()
    missing = []
    for module, path in _top_level_imports(ROOT / "tests").items():
        if module in sys.stdlib_module_names or module in local:
            continue
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{path.name} imports {module} ({', '.join(sorted(names))}): not in pyproject.toml")
    assert not missing, "\n".join(missing)
