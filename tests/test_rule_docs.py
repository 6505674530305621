"""Rule documentation: every registered rule documents itself, and its examples say true
things (the Anti-pattern gives a finding of the rule's code, the Best practice gives none)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from auditlint.checks.base import REGISTRY, Rule, all_rules
from auditlint.cli import main
from auditlint.packs import load_packs
from auditlint.pipeline import check_file
from auditlint.ruledoc import SECTIONS, cleandoc, parse_sections, rule_doc

RULES = all_rules()
LINTABLE = [r for r in RULES if r.examples_lintable]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: type[Rule]) -> None:
    doc = rule_doc(rule)
    assert re.fullmatch(r"AL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), "names are kebab-case"
    assert rule.summary and "\n" not in rule.summary
    assert doc.missing() == [], f"{rule.code} docstring lacks {doc.missing()}"


def lint(tmp_path: Path, snippet: str, name: str) -> list[str]:
    suffix = ".md" if any(x.lstrip().startswith("|") for x in snippet.splitlines()) else ".txt"
    path = tmp_path / f"{name}{suffix}"
    path.write_text(snippet + "\n", encoding="utf-8")
    report = check_file(path, load_packs())
    assert report.result.error is None, report.result.error
    return [f.code for f in report.findings]


@pytest.mark.parametrize("rule", LINTABLE, ids=lambda r: r.code)
def test_anti_pattern_gives_the_finding(rule: type[Rule], tmp_path: Path) -> None:
    codes = lint(tmp_path, rule_doc(rule).anti_pattern, "anti")
    assert rule.code in codes, f"{rule.code}'s Anti-pattern gives {codes}"


@pytest.mark.parametrize("rule", LINTABLE, ids=lambda r: r.code)
def test_best_practice_gives_none(rule: type[Rule], tmp_path: Path) -> None:
    codes = lint(tmp_path, rule_doc(rule).best_practice, "best")
    assert rule.code not in codes, f"{rule.code}'s Best practice gives {codes}"


def test_examples_that_cannot_be_linted_are_marked() -> None:
    assert not REGISTRY["AL901"].examples_lintable  # an unreadable file is not a snippet


def test_sections_are_parsed() -> None:
    doc = """What it does: checks a
    thing.

    Why it matters: because.

    Anti-pattern:
        项目\t金额
          合计\t1

    Best practice:
        ok
    """
    sections = parse_sections(cleandoc(doc))
    assert list(sections) == list(SECTIONS)
    assert sections["What it does"] == "checks a thing."
    assert sections["Anti-pattern"] == "项目\t金额\n  合计\t1"
    assert sections["Best practice"] == "ok"


class _Fake(Rule):
    """What it does: nothing, in a test.

    Why it matters: shows that rules added by anyone are listed.

    Anti-pattern:
        x

    Best practice:
        y
    """

    code: ClassVar[str] = "AL998"
    name: ClassVar[str] = "fake-rule"
    severity = "warning"
    summary: ClassVar[str] = "a rule registered by a test"


def test_rules_lists_every_registered_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "AL998", _Fake)
    out = CliRunner().invoke(main, ["rules"], terminal_width=200)
    assert out.exit_code == 0
    for rule in all_rules():
        assert rule.code in out.output and rule.name in out.output
    row = next(x for x in out.output.splitlines() if "AL998" in x)
    assert "fake-rule" in row and "warning" in row and "a rule registered by a test" in row


def test_rules_json() -> None:
    import json

    out = CliRunner().invoke(main, ["rules", "--format", "json"])
    data = json.loads(out.output)
    assert [d["code"] for d in data] == [r.code for r in all_rules()]


@pytest.mark.parametrize("key", ["AL101", "al101", "sum-mismatch"])
def test_explain_prints_the_doc_with_examples(key: str) -> None:
    out = CliRunner().invoke(main, ["explain", key])
    assert out.exit_code == 0
    doc = rule_doc(REGISTRY["AL101"])
    assert out.output.startswith("AL101 sum-mismatch (default severity: error)\n")
    assert doc.anti_pattern.splitlines()[0] in out.output
    assert "Anti-pattern:" in out.output and "Best practice:" in out.output
    assert "\t" in out.output  # the example table keeps its tabs, ready to copy


def test_explain_registered_later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "AL998", _Fake)
    out = CliRunner().invoke(main, ["explain", "AL998"])
    assert out.exit_code == 0 and "shows that rules added by anyone are listed" in out.output


def test_explain_unknown_rule_exits_2() -> None:
    out = CliRunner().invoke(main, ["explain", "AL777"])
    assert out.exit_code == 2 and "unknown rule" in out.output


def _gives_other_severities(cls: type) -> bool:
    """Whether a rule class (or a base class of it below Rule) passes a severity of its own
    to a finding: `severity=<anything but None>` in a call, or `severity = "…"` in a body."""
    import ast
    import inspect

    from auditlint.checks.base import Rule

    for klass in cls.__mro__:
        if klass is Rule or not issubclass(klass, Rule):
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        for node in ast.walk(tree):
            default = (isinstance(node, ast.keyword) and isinstance(node.value, ast.Attribute)
                       and node.value.attr == "severity")  # severity=self.severity
            if isinstance(node, ast.keyword) and node.arg == "severity" and not default and not (
                    isinstance(node.value, ast.Constant) and node.value.value is None):
                return True
    return False


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_a_rule_that_changes_its_severity_says_when(rule: type) -> None:
    if _gives_other_severities(rule):
        assert rule.severity_varies, f"{rule.code} gives other severities: say when"
    out = CliRunner().invoke(main, ["explain", rule.code])
    if rule.severity_varies:
        assert f"Severity: {rule.severity_varies}." in out.output
    assert f"(default severity: {rule.severity})" in out.output.splitlines()[0]


def test_rules_lists_when_severity_varies() -> None:
    import json

    out = CliRunner().invoke(main, ["rules", "--format", "json"])
    data = {d["code"]: d for d in json.loads(out.output)}
    assert data["AL101"]["severity_varies"].startswith("warning when")
    assert data["AL901"]["severity_varies"] == ""
    table = CliRunner().invoke(main, ["rules"], env={"COLUMNS": "250"}).output
    assert "(warning when the breakdown was inferred rather than stated)" in table


def test_docs_rules_md_is_generated_from_the_docstrings() -> None:
    """docs/rules.md (where SARIF helpUri points) is `auditlint rules --format markdown`;
    regenerate it when a rule's docstring changes."""
    out = CliRunner().invoke(main, ["rules", "--format", "markdown"]).stdout
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == out
    for rule in all_rules():
        assert f"\n## {rule.code}\n" in doc  # the anchor #al101 of helpUri
