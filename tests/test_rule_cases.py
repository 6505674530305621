"""Rule cases: one file per rule (`tests/rules/AL101.toml`), each with snippets that must give the
rule's finding at the stated positions and snippets that must not give it. A new rule adds its
file; a new case of an old rule is a few lines of TOML, not a test function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from auditlint.checks.base import all_rules
from auditlint.packs import load_packs
from auditlint.pipeline import check_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).resolve().parent / "rules"
FILES = sorted(CASES.glob("AL*.toml"))


def _cases(kind: str) -> list[Any]:
    out = []
    for path in FILES:
        for i, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8")).get(kind, [])):
            out.append(pytest.param(path.stem, case, id=f"{path.stem}-{kind}-{i}"))
    return out


def _found(tmp_path: Path, case: dict[str, Any], code: str) -> list[Any]:
    path = tmp_path / f"case.{case.get('format', 'txt')}"
    path.write_text(case["text"] + "\n", encoding="utf-8")
    report = check_file(path, load_packs())
    assert report.result.error is None, report.result.error
    return [f for f in report.findings if f.code == code]


def _findings(tmp_path: Path, case: dict[str, Any], code: str) -> list[tuple[int, int, int, int]]:
    return [(f.line, f.column, f.end_line, f.end_column) for f in _found(tmp_path, case, code)]


@pytest.mark.parametrize(("code", "case"), _cases("fail"))
def test_failing_case_gives_the_finding_where_expected(code: str, case: dict[str, Any],
                                                       tmp_path: Path) -> None:
    expected = [(e["line"], e["column"], e["end_line"], e["end_column"]) for e in case["expect"]]
    found = _found(tmp_path, case, code)
    assert [(f.line, f.column, f.end_line, f.end_column) for f in found] == expected, \
        case.get("name")
    # a case may also say the finding's severity (`severity = "warning"`)
    for e, f in zip(case["expect"], found, strict=True):
        assert e.get("severity", f.severity) == f.severity, case.get("name")


@pytest.mark.parametrize(("code", "case"), _cases("pass"))
def test_passing_case_gives_none(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert _findings(tmp_path, case, code) == [], case.get("name")


def test_every_rule_whose_examples_lint_has_a_case_file() -> None:
    lintable = {r.code for r in all_rules() if r.examples_lintable}
    assert lintable <= {p.stem for p in FILES}
    assert {p.stem for p in FILES} <= {r.code for r in all_rules()}
