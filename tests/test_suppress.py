"""Inline suppressions: parsing, cutting them out of the document, applying them, AL001."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditlint.cli import main
from auditlint.document import Document, Paragraph, SourceText
from auditlint.findings import Finding
from auditlint.suppress import apply, find_directives, parse_line, strip_directives

KNOWN = {"AL001", "AL101", "AL102", "AL201"}


def finding(code: str, line: int) -> Finding:
    return Finding(code=code, rule="r", severity="error", path="r.txt", line=line, column=1,
                   end_line=line, end_column=2, message="m")


def test_parse_plain_directive_with_codes_and_reason() -> None:
    [d] = parse_line("执行率 95.00%。auditlint: ignore AL201, AL102 -- 按调整后预算计算", 7)
    assert d.line == 7
    assert [c for c, _ in d.codes] == ["AL201", "AL102"]
    assert d.reason == "按调整后预算计算"
    text = "执行率 95.00%。auditlint: ignore AL201, AL102 -- 按调整后预算计算"
    col = dict(d.codes)["AL102"]
    assert text[col - 1:col - 1 + 5] == "AL102"
    assert text[d.column - 1:].startswith("auditlint")
    assert d.end_column == len(text) + 1


def test_parse_markdown_comment() -> None:
    text = "| 合计 | 17.70 | <!-- auditlint: ignore AL101 -- 含尾差 -->"
    [d] = parse_line(text, 3)
    assert [c for c, _ in d.codes] == ["AL101"]
    assert d.reason == "含尾差"
    assert text[d.column - 1:d.end_column - 1] == "<!-- auditlint: ignore AL101 -- 含尾差 -->"


@pytest.mark.parametrize("text, codes, reason", [
    ("auditlint：ignore al201、AL202", ["AL201", "AL202"], ""),  # full-width colon, 、
    ("Auditlint: Ignore AL201 因口径不同", ["AL201"], "因口径不同"),
    ("auditlint: ignore AL201 —— 说明", ["AL201"], "说明"),
    ("auditlint: ignore", [], ""),
    ("<!--auditlint: ignore AL101-->", ["AL101"], ""),
])
def test_parse_variants(text: str, codes: list[str], reason: str) -> None:
    [d] = parse_line(text, 1)
    assert [c for c, _ in d.codes] == codes
    assert d.reason == reason


@pytest.mark.parametrize("text", ["auditlint ignores nothing here", "auditlint: ignored AL101",
                                  "本年收入 100.00 万元", "auditlint: ignore-file AL101"])
def test_not_a_directive(text: str) -> None:
    assert parse_line(text, 1) == []


@given(st.text(max_size=80))
def test_parse_never_crashes(text: str) -> None:
    for d in find_directives([text, "auditlint: ignore " + text]):
        assert d.column >= 1 and d.end_column > d.column


def test_directive_covers_its_line_and_the_next() -> None:
    directives = find_directives(["auditlint: ignore AL101", "x", "y"])
    out = apply([finding("AL101", 2), finding("AL101", 3), finding("AL102", 2)], directives,
                path="r.txt", enabled=KNOWN, known=KNOWN)
    assert [(f.code, f.line) for f in out.suppressed] == [("AL101", 2)]
    assert [(f.code, f.line) for f in out.kept] == [("AL101", 3), ("AL102", 2)]


def test_directive_on_the_finding_line() -> None:
    directives = find_directives(["x", "合计 17.70 auditlint: ignore AL101"])
    out = apply([finding("AL101", 2)], directives, path="r.txt", enabled=KNOWN, known=KNOWN)
    assert out.kept == [] and len(out.suppressed) == 1


def test_unused_suppression_is_reported() -> None:
    directives = find_directives(["x", "本年支出 12.00 万元。auditlint: ignore AL101, AL201"])
    out = apply([finding("AL101", 2)], directives, path="r.txt", enabled=KNOWN, known=KNOWN)
    [unused] = out.kept
    assert unused.code == "AL001" and unused.severity == "warning"
    assert "AL201" in unused.message
    assert (unused.line, unused.column) == (2, len("本年支出 12.00 万元。auditlint: ignore AL101, ") + 1)


def test_unknown_code_and_empty_directive_are_reported() -> None:
    directives = find_directives(["auditlint: ignore AL777", "auditlint: ignore"])
    out = apply([], directives, path="r.txt", enabled=KNOWN, known=KNOWN)
    messages = [f.message for f in out.kept]
    assert any("unknown rule code AL777" in m for m in messages)
    assert any("names no rule code" in m for m in messages)


def test_codes_not_enabled_are_not_judged() -> None:
    directives = find_directives(["auditlint: ignore AL201"])
    out = apply([], directives, path="r.txt", enabled={"AL001", "AL101"}, known=KNOWN)
    assert out.kept == []


def test_al001_not_enabled_reports_nothing() -> None:
    directives = find_directives(["auditlint: ignore AL201"])
    assert apply([], directives, path="r.txt", enabled={"AL201"}, known=KNOWN).kept == []


def test_directive_on_line_and_line_before_both_used() -> None:
    directives = find_directives(["auditlint: ignore AL101", "合计 auditlint: ignore AL101"])
    out = apply([finding("AL101", 2)], directives, path="r.txt", enabled=KNOWN, known=KNOWN)
    assert out.kept == []


def _paragraph(text: str, line: int) -> Paragraph:
    return Paragraph(SourceText.at(text, line, 1))


def test_directives_are_cut_out_of_the_document() -> None:
    lines = ["auditlint: ignore AL102 -- 口径不同", "本年收入 520.40 万元。auditlint: ignore AL102"]
    joined = SourceText.join([SourceText.at(lines[0], 1, 1), SourceText.at(lines[1], 2, 1)])
    doc = Document(path="r.txt", format="text", lines=lines,
                   blocks=[Paragraph(joined), _paragraph(lines[0], 1)])
    doc.number_blocks()
    strip_directives(doc, find_directives(lines))
    [p] = doc.paragraphs  # the paragraph that was only a directive is gone
    assert p.text.text == "本年收入 520.40 万元。"
    assert p.index == 1
    assert p.text.position(0) == (2, 1)  # the source map still points at line 2
    assert p.text.position(5) == (2, 6)


@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_cutting_keeps_the_source_map_consistent(lines: list[str]) -> None:
    lines = [x.replace("\n", " ").replace("\r", " ") for x in lines]
    lines[0] = lines[0] + " auditlint: ignore AL101"
    parts = [SourceText.at(x, i, 1) for i, x in enumerate(lines, start=1) if x]
    doc = Document(path="r.txt", format="text", lines=lines,
                   blocks=[Paragraph(SourceText.join(parts, " "))])
    strip_directives(doc, find_directives(lines))
    for p in doc.paragraphs:
        assert "auditlint: ignore AL101" not in p.text.text
        for i, ch in enumerate(p.text.text):
            line, col = p.text.position(i)
            if ch != " ":
                assert lines[line - 1][col - 1] == ch


# -- through the command line -----------------------------------------------------------------

BAD_PARTS = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["check", "--format", "concise", *args])
    return out.exit_code, out.output


def report(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_cli_finding_without_suppression(tmp_path: Path) -> None:
    code, out = run(report(tmp_path, "r.txt", "一、收入情况\n" + BAD_PARTS))
    assert code == 1 and "AL102" in out


def test_cli_suppressed_on_the_line_before_in_text(tmp_path: Path) -> None:
    text = "一、收入情况\nauditlint: ignore AL102 -- 另有代管资金\n" + BAD_PARTS
    code, out = run(report(tmp_path, "r.txt", text))
    assert (code, out) == (0, "")


def test_cli_suppressed_on_the_same_line_in_text(tmp_path: Path) -> None:
    text = "一、收入情况\n" + BAD_PARTS.rstrip("\n") + "auditlint: ignore AL102\n"
    code, out = run(report(tmp_path, "r.txt", text))
    assert (code, out) == (0, "")


def test_cli_suppressed_by_markdown_comment(tmp_path: Path) -> None:
    text = "# 收入情况\n\n<!-- auditlint: ignore AL102 -- 另有代管资金 -->\n" + BAD_PARTS
    code, out = run(report(tmp_path, "r.md", text))
    assert (code, out) == (0, "")


def test_cli_unused_suppression_is_a_warning(tmp_path: Path) -> None:
    text = "一、收入情况\n本年收入 520.40 万元。auditlint: ignore AL102\n"
    path = report(tmp_path, "r.txt", text)
    code, out = run(path)
    assert code == 0  # a warning: below the default --fail-on
    col = text.splitlines()[1].index("AL102") + 1
    assert out.strip() == f"{path}:2:{col}: AL001 unused suppression: no AL102 finding on " \
                          "this line or the next"
    code, _ = run("--fail-on", "warning", path)
    assert code == 1


def test_cli_directive_digits_are_not_facts(tmp_path: Path) -> None:
    path = report(tmp_path, "r.txt", "一、收入情况\nauditlint: ignore AL102\n" + BAD_PARTS)
    out = CliRunner().invoke(main, ["facts", "--format", "json", path])
    assert out.exit_code == 0
    assert '"102"' not in out.output and "AL102" not in out.output
