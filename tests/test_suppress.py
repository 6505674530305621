"""Inline suppressions: parsing, cutting them out of the document, applying them, AL001."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditlint.cli import main
from auditlint.document import Document
from auditlint.findings import Finding
from auditlint.readers.markdown import parse_markdown
from auditlint.readers.text import parse_text
from auditlint.suppress import apply, find_directives, masked_lines, parse_line, without_directives

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


def test_masked_lines() -> None:
    lines = ["一、收入", "auditlint: ignore AL102 -- 口径不同",
             "本年收入 520.40 万元。auditlint: ignore AL102",
             "<!-- auditlint: ignore AL101 --> 合计 17.70", "末行"]
    masked, origin = masked_lines(lines, find_directives(lines))
    assert masked == ["一、收入", "本年收入 520.40 万元。", " " * 32 + " 合计 17.70", "末行"]
    assert origin == [1, 3, 4, 5]


@given(st.lists(st.text(alphabet=st.sampled_from("a 1\t<!->:：auditlgnoreAL0"), max_size=40),
                max_size=6))
def test_masking_never_crashes_and_keeps_columns(lines: list[str]) -> None:
    lines = [*lines, "x auditlint: ignore AL101 y", "auditlint: ignore AL101"]
    masked, origin = masked_lines(lines, find_directives(lines))
    assert len(masked) == len(origin) and origin == sorted(set(origin))
    for text, number in zip(masked, origin, strict=True):
        assert find_directives([text]) == []
        original = lines[number - 1]
        for i, ch in enumerate(text):  # every character kept stands where it stood
            assert ch == " " or original[i] == ch


def read_without(text: str, name: str = "r.txt") -> tuple[Document, list[int]]:
    lines = text.splitlines()
    parse = parse_text if name.endswith(".txt") else parse_markdown
    original = parse(text, name, "utf-8")
    doc = without_directives(original, find_directives(lines), parse)
    return doc, [seg.line for p in doc.paragraphs for seg in p.text.segments]


def test_document_read_without_directives_points_at_original_lines() -> None:
    doc, _ = read_without("一、收入情况\nauditlint: ignore AL102 -- 口径不同\n本年收入 520.40 万元。\n")
    assert [p.text.text for p in doc.paragraphs] == ["一、收入情况", "本年收入 520.40 万元。"]
    assert doc.paragraphs[1].text.position(5) == (3, 6)
    assert doc.lines[1].startswith("auditlint")  # the code frames show the file as it is


def test_directive_line_does_not_split_a_table() -> None:
    text = "项目\t金额\n办公费\t12.30\nauditlint: ignore AL101\n合计\t17.70\n"
    doc, _ = read_without(text)
    [table] = doc.tables
    assert table.n_rows == 3
    assert table.cell(2, 1).text.position(0) == (4, 4)


def test_merged_cell_below_directives_points_at_its_origin_line() -> None:
    # the merged copy shares its text with the cell above: mapped back once, not twice
    text = ("auditlint: ignore AL101\nauditlint: ignore AL102\n"
            "一级指标\t二级指标\t分值\n投入\t预算编制\t10\n\t资金落实\t10\n")
    doc, _ = read_without(text)
    [table] = doc.tables
    assert table.cell(2, 0).merged
    assert table.cell(2, 0).text.position(0) == (4, 1)


# -- through the command line -----------------------------------------------------------------

BAD_PARTS = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["check", "--format", "concise", "--quiet", *args])
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


def test_cli_suppressed_inside_a_table(tmp_path: Path) -> None:
    rows = ["项目\t金额", "办公费\t12.30", "印刷费\t4.50"]
    plain = report(tmp_path, "a.txt", "\n".join([*rows, "合计\t17.70"]) + "\n")
    code, out = run(plain)
    assert code == 1 and ":4:" in out and "AL101" in out
    before = report(tmp_path, "b.txt", "\n".join([*rows, "auditlint: ignore AL101 -- 尾差",
                                                  "合计\t17.70"]) + "\n")
    assert run(before) == (0, "")
    other = report(tmp_path, "c.txt", "\n".join([*rows, "auditlint: ignore AL201",
                                                 "合计\t17.70"]) + "\n")
    code, out = run("--select", "AL101", other)  # AL201 is not judged; AL101 still found
    assert code == 1 and f"{other}:5:4: error: AL101" in out
    end = report(tmp_path, "d.txt", "\n".join([*rows, "合计\t17.70\tauditlint: ignore AL101"]))
    assert run(end) == (0, "")


def test_cli_unused_suppression_is_a_warning(tmp_path: Path) -> None:
    text = "一、收入情况\n本年收入 520.40 万元。auditlint: ignore AL102\n"
    path = report(tmp_path, "r.txt", text)
    code, out = run(path)
    assert code == 0  # a warning: below the default --fail-on
    col = text.splitlines()[1].index("AL102") + 1
    assert out.strip() == f"{path}:2:{col}: warning: AL001 unused suppression: no AL102 finding on " \
                          "this line or the next"
    code, _ = run("--fail-on", "warning", path)
    assert code == 1


def test_cli_directive_digits_are_not_facts(tmp_path: Path) -> None:
    path = report(tmp_path, "r.txt", "一、收入情况\nauditlint: ignore AL102\n" + BAD_PARTS)
    out = CliRunner().invoke(main, ["facts", "--format", "json", path])
    assert out.exit_code == 0
    assert '"102"' not in out.output and "AL102" not in out.output
