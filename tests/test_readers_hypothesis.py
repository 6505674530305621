"""Readers never crash: any text gives a Document whose source map stays inside the file;
any bytes give a Document or a ReadError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.document import Document, Table
from auditlint.readers import ReadError, read
from auditlint.readers.encoding import decode
from auditlint.readers.markdown import parse_markdown
from auditlint.readers.text import parse_text
from auditlint.report.render import render_document
from readers_helpers import assert_mapped, texts_of

# pieces that report text is made of, so that the random text meets the reader's branches
PIECES = [
    "一、", "（一）", "1.", "(1)", "①", "第一部分", "摘 要", "合计", "小计", "其中：", "单位：万元",
    "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "一级指标", "二级指标",
    "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "产出指标", "数量指标",
    "总分", "表", "1,234.56", "0.00", "96.50%", ">=20 人", "=18 人", "—", "-", "- 3 -", "12",
    "万", "元", "。", "，", "；", "\t", "\n", "\n\n", "\f", " ", "　", "[bookmark: _Toc1]",
    "(12分)", "|", "**", "<!-- x -->", "# ", "---", "\r\n", "\r", "收入", "支出", "2024 年",
    "本年收入合", "计", "项 目 支 出 绩 效 自 评 表", ".....\t3",
]
report_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60
).map("".join)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _within_file(doc: Document) -> None:
    for text in texts_of(doc):
        for seg in text.segments:
            assert 1 <= seg.line <= len(doc.lines)
            assert seg.column >= 1
            assert seg.column - 1 + seg.length <= len(doc.lines[seg.line - 1])
            assert seg.offset >= 0 and seg.offset + seg.length <= len(text.text)
        for i in range(len(text.text)):
            line, col = text.position(i)
            if text.segments:
                assert 1 <= line <= len(doc.lines)
                assert 1 <= col <= len(doc.lines[line - 1]) + 1
    for note in doc.notes:
        if note.span is not None:
            assert 1 <= note.span.line <= note.span.end_line <= max(1, len(doc.lines))


def _well_formed(doc: Document) -> None:
    for table in doc.tables:
        assert isinstance(table, Table)
        width = table.n_cols
        assert all(len(row) == width for row in table.rows)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                assert (cell.row, cell.col) == (r, c)
                if cell.origin is not None:
                    orow, ocol = cell.origin
                    assert table.rows[orow][ocol].text is cell.text
    assert [t.index for t in doc.tables] == list(range(1, len(doc.tables) + 1))


@SETTINGS
@given(report_text)
def test_any_text_reads(text: str) -> None:
    from auditlint.readers.encoding import normalise_newlines

    doc = parse_text(normalise_newlines(text))
    _within_file(doc)
    _well_formed(doc)
    assert_mapped(doc)
    render_document(doc)


@SETTINGS
@given(report_text)
def test_any_markdown_reads(text: str) -> None:
    from auditlint.readers.encoding import normalise_newlines

    doc = parse_markdown(normalise_newlines(text))
    _within_file(doc)
    _well_formed(doc)
    assert_mapped(doc)
    render_document(doc)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_read_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except ReadError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert "\r" not in decoded.text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([".txt", ".md"]))
def test_any_file_reads_or_raises_read_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    try:
        doc = read(p)
    except ReadError:
        return
    _within_file(doc)
    _well_formed(doc)
