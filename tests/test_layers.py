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
