"""The shape of etl/: no import cycles, and no module or function too long without a reason.

Imports are read from the source (``ast``), function-level ones included: a cycle hidden by an
import inside a function is still a cycle. A module over ``MAX_MODULE_LINES`` lines or a
function over ``MAX_FUNCTION_LINES`` lines needs a written reason: for a function, a line in
its docstring or a comment at its top starting with ``Long:``; for a module, a ``Long:`` line
in its docstring. ``SIZE_EXEMPT`` lists the modules still being split (owned elsewhere).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "etl"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: Modules over the limits while their owners split them (issue 16); remove an entry once it is.
SIZE_EXEMPT: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The etl modules ``name`` imports (resolved relative imports, ``from x import module``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    graph = {name: _imports(name, path, known) for name, path in mods.items()}
    # importing a.b runs a/__init__ first, but that is no dependency of a.b's own code: a
    # package importing its submodules and a submodule importing a sibling is no cycle
    for name, deps in graph.items():
        deps -= {d for d in deps if name.startswith(d + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


#: Cycles in modules owned elsewhere, hidden by function-level imports (issue 16 asks to remove
#: them); any other cycle fails.
KNOWN_CYCLES: list[list[str]] = []


def test_no_import_cycle_in_etl():
    found = [c for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" ⇄ ".join(c) for c in found)


def _reasoned(node: ast.AST, lines: list[str]) -> bool:
    doc = ast.get_docstring(node) or ""
    if "Long:" in doc:
        return True
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return any("Long:" in line for line in lines[node.lineno - 1 : node.body[0].lineno])  # a comment at its top


def oversized() -> list[str]:
    """Modules over MAX_MODULE_LINES and functions over MAX_FUNCTION_LINES without a reason."""
    out = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        if len(lines) > MAX_MODULE_LINES and not _reasoned(tree, lines):
            out.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES and not _reasoned(node, lines):
                    out.append(f"{name}.{node.name}: {n} lines")
    return out


def test_no_long_module_or_function_without_a_reason():
    found = [x for x in oversized() if x.split(":")[0].rsplit(".", 1)[0] not in SIZE_EXEMPT
             and x.split(":")[0] not in SIZE_EXEMPT and not any(x.startswith(m + ".") for m in SIZE_EXEMPT)]
    assert not found, "over the size limits without a 'Long:' reason: " + ", ".join(found)


#: Character classes defined once in etl/hanzi.py; restating one elsewhere fails (issue 16).
RESTATED = re.compile(r"一二三四五六七八九|〇一二|零一二|省市区|市区县|[省市区县]\|[省市区县自]")


def test_numerals_and_level_words_are_defined_once():
    found = [f"{name}:{i}" for name, path in _modules().items() if name != "etl.hanzi"
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if RESTATED.search(line)]
    assert not found, "numerals or level words restated (import them from etl.hanzi): " + ", ".join(found)


ARCHITECTURE = ROOT / "docs" / "architecture.md"
#: A module map row: | `recognize/bodies.py` | what it holds | 363 |
MAP_ROW = re.compile(r"^\|\s*`([\w/]+\.py)`\s*\|.*\|\s*(\d+)\s*\|\s*$")


def module_map() -> dict[str, int]:
    """Module (path under etl/) → line count, from the module map of docs/architecture.md."""
    rows = (MAP_ROW.match(line) for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines())
    return {m.group(1): int(m.group(2)) for m in rows if m}


def test_module_map_lists_every_module_with_its_size():
    listed = module_map()
    actual = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
              for p in sorted(PACKAGE.rglob("*.py"))}
    missing = sorted(set(actual) - set(listed))
    gone = sorted(set(listed) - set(actual))
    off = [f"{m}: {listed[m]} listed, {n} now" for m, n in actual.items()
           if m in listed and abs(listed[m] - n) > max(3, 0.15 * n)]
    assert not (missing or gone or off), (f"docs/architecture.md module map: missing {missing}, "
                                          f"no such module {gone}, line counts off by over 15% {off}")


if __name__ == "__main__":  # the full list, exempt modules included
    print("\n".join(oversized()) or "none")
    print("cycles:", cycles(import_graph()) or "none")
