"""The pipeline runs one way, read → extract → checks → report: no stage imports a later one
(a reader knows no rule; extraction never asks a rule)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "auditlint"
LATER = {
    "readers": ("auditlint.extract", "auditlint.checks", "auditlint.report", "auditlint.pipeline",
                "auditlint.cli"),
    "extract": ("auditlint.checks", "auditlint.report", "auditlint.pipeline", "auditlint.cli"),
    # a check reads the fact graph, never how it was made: what both need (units, agreement
    # within rounding, grade bands) lives beside the models
    "checks": ("auditlint.extract", "auditlint.report", "auditlint.pipeline", "auditlint.cli"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):  # function-level imports too
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


@pytest.mark.parametrize("stage", sorted(LATER))
def test_no_stage_imports_a_later_one(stage: str) -> None:
    bad = [f"{p.name}: {m}" for p in sorted((SRC / stage).rglob("*.py")) for m in _imports(p)
           if m.startswith(LATER[stage])]
    assert bad == []


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the auditlint modules it imports (a name imported from a package counts as
    its submodule when there is one, else as the package itself)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module in modules:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    out.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name in modules)
        graph[name] = out - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: list[str] = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.mark.parametrize("stage", [
    "readers", "extract", "checks", "report",
])
def test_no_import_cycle_inside_a_stage(stage: str) -> None:
    """Imports only go down, function-level ones included: a module that needs a lazy import
    to break a cycle hides a layer that should have been cut."""
    inside = f"auditlint.{stage}"
    graph = {m: {d for d in deps if d.startswith(inside)}
             for m, deps in _import_graph().items() if m.startswith(inside)}
    assert _cycles(graph) == []


MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300
# modules still over the limit, each on its way under it; the test fails once one is under,
# so that the exemption goes with it
OVERSIZED: set[str] = set()


def _sizes() -> tuple[dict[str, int], dict[str, int]]:
    modules: dict[str, int] = {}
    classes: dict[str, int] = {}
    for p in sorted(SRC.rglob("*.py")):
        rel = p.relative_to(SRC).as_posix()
        text = p.read_text(encoding="utf-8")
        modules[rel] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                classes[f"{rel}:{node.name}"] = node.end_lineno - node.lineno + 1
    return modules, classes


def test_modules_and_classes_stay_small() -> None:
    """A module a newcomer can read in one sitting: one concern per module, one family of
    relations per class."""
    modules, classes = _sizes()
    assert {m for m, n in modules.items() if n > MAX_MODULE_LINES} == OVERSIZED
    assert {c: n for c, n in classes.items() if n > MAX_CLASS_LINES} == {}
