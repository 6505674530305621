"""Suppressing a finding in a .docx with a Word comment `auditlint: ignore AL101`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

docx = pytest.importorskip("docx")

from auditlint.cli import main  # noqa: E402

SENTENCE = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。"
OTHER = "本年支出 410.00 万元，其中：基本支出 300.00 万元，项目支出 100.00 万元。"
ROWS = [("项目", "金额"), ("办公费", "12.30"), ("印刷费", "4.50"), ("合计", "17.70")]


def build(tmp_path: Path, comments: dict[str, str], name: str = "r.docx") -> Path:
    """A report with two paragraphs and a table; `comments` maps the text a comment is on
    (a paragraph's text, or a table cell's) to the comment's text."""
    d = docx.Document()
    d.add_paragraph("一、收入支出情况")
    for text in (SENTENCE, OTHER):
        p = d.add_paragraph(text)
        if text in comments:
            d.add_comment(p.runs, text=comments[text], author="审核人")
    table = d.add_table(rows=len(ROWS), cols=2)
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if value in comments:
                d.add_comment(cell.paragraphs[0].runs, text=comments[value], author="审核人")
    path = tmp_path / name
    d.save(str(path))
    return path


def codes(path: Path, *args: str) -> list[tuple[str, str]]:
    r = CliRunner().invoke(main, ["check", "--format", "json", *args, str(path)])
    return [(f["code"], f["location"]) for f in json.loads(r.stdout)["findings"]]


def test_findings_without_comments(tmp_path: Path) -> None:
    found = codes(build(tmp_path, {}))
    assert [c for c, _ in found] == ["AL102", "AL102", "AL101"]


def test_comment_on_a_paragraph_suppresses_its_finding_only(tmp_path: Path) -> None:
    path = build(tmp_path, {SENTENCE: "auditlint: ignore AL102 -- 口径不同，见附注"})
    found = codes(path)
    assert [c for c, _ in found] == ["AL102", "AL101"]
    assert "paragraph 3" in found[0][1]  # the other paragraph's finding stays


def test_comment_on_a_table_cell_suppresses_the_rows_finding(tmp_path: Path) -> None:
    path = build(tmp_path, {"17.70": "auditlint：ignore AL101"})
    assert [c for c, _ in codes(path)] == ["AL102", "AL102"]


def test_unused_and_unknown_comment_directives_are_reported(tmp_path: Path) -> None:
    path = build(tmp_path, {OTHER: "auditlint: ignore AL201", "办公费": "auditlint: ignore AL999"})
    found = codes(path)
    assert ("AL001", "Word comment 1") in found and ("AL001", "Word comment 2") in found
    assert [c for c, _ in found].count("AL102") == 2
    r = CliRunner().invoke(main, ["check", "--format", "concise", "-q", str(path)])
    assert "no AL201 finding in the text Word comment 1 is on" in r.stdout
    assert "unknown rule code AL999" in r.stdout


def test_comments_without_a_directive_change_nothing(tmp_path: Path) -> None:
    path = build(tmp_path, {SENTENCE: "请核对数据来源", "17.70": "合计有误？"})
    assert [c for c, _ in codes(path)] == ["AL102", "AL102", "AL101"]


def test_the_report_is_not_modified(tmp_path: Path) -> None:
    path = build(tmp_path, {SENTENCE: "auditlint: ignore AL102"})
    before = path.read_bytes()
    codes(path)
    assert path.read_bytes() == before


def test_a_comment_on_text_not_found_suppresses_nothing_and_says_so(tmp_path: Path) -> None:
    from auditlint.docx_comments import docx_directives
    from auditlint.suppress import apply

    path = build(tmp_path, {SENTENCE: "auditlint: ignore AL102"})
    [d] = docx_directives(path, ["另一份报告的文字"])  # the rendering lacks the paragraph
    assert not d.found
    out = apply([], [d], path="r.docx", enabled={"AL001", "AL102"}, known={"AL001", "AL102"})
    [f] = out.kept
    assert f.code == "AL001" and "did not find" in f.message and f.location == "Word comment 1"
