"""The .docx reader: paragraphs with sections, merged grids, nested tables, text boxes,
pages, broken files; spans always point at the render lines."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from auditlint.document import Document, Paragraph, Table  # noqa: E402
from auditlint.readers import ReadError  # noqa: E402
from auditlint.readers.docx import read_docx  # noqa: E402


def save(d: object, tmp_path: Path, name: str = "r.docx") -> Path:
    path = tmp_path / name
    d.save(str(path))  # type: ignore[attr-defined]
    return path


def spans_hit_lines(doc: Document) -> None:
    """Every paragraph and every cell's text is where its span says, in doc.lines."""
    for block in doc.blocks:
        texts = ([block.text] if isinstance(block, Paragraph)
                 else [c.text for row in block.rows for c in row])
        for t in texts:
            if not t.text:
                continue
            s = t.whole_span()
            assert s.line == s.end_line
            assert doc.lines[s.line - 1][s.column - 1: s.end_column - 1] == t.text


def budget_table(d: object) -> None:
    """项目 and 全年执行数 merged down over two header rows, 预算数 across two columns."""
    t = d.add_table(rows=4, cols=4)  # type: ignore[attr-defined]
    rows = [["项目", "预算数", "", "全年执行数"], ["", "年初预算数", "全年预算数", ""],
            ["基本支出", "410.20", "436.75", "428.30"], ["合计", "410.20", "436.75", "428.30"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 3).merge(t.cell(1, 3))


def test_headings_give_sections(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("部门概况", level=1)
    d.add_paragraph("本单位核定编制 30 名。")
    d.add_heading("收支情况", level=2)
    d.add_paragraph("本年收入 512.30 万元。")
    d.add_heading("评价结论", level=1)
    d.add_paragraph("总分 91 分。")
    doc = read_docx(save(d, tmp_path))
    paras = doc.paragraphs
    assert [p.heading for p in paras] == [True, False, True, False, True, False]
    assert paras[3].section == ("部门概况", "收支情况")
    assert paras[5].section == ("评价结论",)
    assert [p.index for p in paras] == [1, 2, 3, 4, 5, 6]


def test_numbered_paragraphs_without_heading_style_are_headings(tmp_path: Path) -> None:
    d = docx.Document()
    for text in ["一、基本情况", "（一）人员情况", "年末实有 28 人。", "二、收支情况", "收入 88.10 万元。"]:
        d.add_paragraph(text)
    paras = read_docx(save(d, tmp_path)).paragraphs
    assert paras[2].section == ("一、基本情况", "（一）人员情况")
    assert paras[4].section == ("二、收支情况",)


def test_runs_split_inside_a_number_are_joined(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("本年支出")
    for piece in ["1,2", "45.", "6", "0万", "元，同比增长 3.", "2%。"]:
        p.add_run(piece).bold = piece.startswith("4")
    doc = read_docx(save(d, tmp_path))
    assert doc.paragraphs[0].text.text == "本年支出1,245.60万元，同比增长 3.2%。"


def test_line_breaks_inside_a_paragraph_rejoin_like_wrapped_text(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("本年收入合计 2,436.19 万")
    p.add_run().add_break()
    p.add_run("元，其中 Project")
    p.add_run().add_break()
    p.add_run("Fund 12 项")
    doc = read_docx(save(d, tmp_path))
    assert doc.paragraphs[0].text.text == "本年收入合计 2,436.19 万元，其中 Project Fund 12 项"


def test_merged_cells_resolve_into_a_grid(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("表 3 部门预算执行情况表")
    d.add_paragraph("单位：万元")
    budget_table(d)
    doc = read_docx(save(d, tmp_path))
    assert doc.paragraphs == []  # caption and unit belong to the table
    (t,) = doc.tables
    assert (t.caption, t.unit, t.header_rows, t.shape) == ("表 3 部门预算执行情况表", "万元", 2, "docx")
    assert [[c.text.text for c in row] for row in t.rows[:2]] == [
        ["项目", "预算数", "预算数", "全年执行数"], ["项目", "年初预算数", "全年预算数", "全年执行数"]]
    assert t.rows[0][2].origin == (0, 1) and t.rows[0][2].merged
    assert t.rows[1][0].origin == (0, 0) and t.rows[1][3].origin == (0, 3)
    assert not t.rows[2][1].merged
    assert t.rows[1][0].text.whole_span() == t.rows[0][0].text.whole_span()
    spans_hit_lines(doc)
    rendered = "\n".join(doc.lines)
    assert "项目     | 预算数     | ←          | 全年执行数" in rendered
    assert "↑        | 年初预算数 | 全年预算数 | ↑" in rendered


def test_header_rows_marked_in_word_are_used(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("指标", "分值"), ("指标名称", "分"), ("产出数量", "20")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    for r in (0, 1):
        t.rows[r]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    assert read_docx(save(d, tmp_path)).tables[0].header_rows == 2


def test_nested_table_follows_its_outer_table(tmp_path: Path) -> None:
    d = docx.Document()
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "项目", "金额"
    outer.cell(1, 0).text = "设备购置"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "电脑", "3.20"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "打印机", "1.10"
    d.add_paragraph("以上为设备明细。")
    doc = read_docx(save(d, tmp_path))
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Table", "Paragraph"]
    o, n = doc.tables
    assert (o.index, n.index) == (1, 2)
    assert o.text(1, 1) == ""  # the nested table is not run into the cell's text
    assert n.text(1, 1) == "1.10"
    assert "┌ table 2 (nested in table 1, row 2, column 2)" in doc.lines
    spans_hit_lines(doc)


TEXT_BOX = (
    '<w:r {ns}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内说明 99.9 万元'
    "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)
ALTERNATE_TEXT_BOX = (
    '<mc:AlternateContent {ns}><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
    "<w:t>浮动框 12.5 万元</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>浮动框 12.5 万元"
    "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent>"
)


def _ns(*prefixes: str) -> str:
    extra = {"v": "urn:schemas-microsoft-com:vml",
             "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
    known = [p for p in prefixes if p not in extra]
    return " ".join([nsdecls(*known)] + [f'xmlns:{p}="{extra[p]}"' for p in prefixes if p in extra])


def test_text_box_is_skipped_with_an_al902_notice(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("正文 10.5 万元。")
    p._p.append(parse_xml(TEXT_BOX.format(ns=_ns("w", "v"))))
    q = d.add_paragraph()
    q._p.append(parse_xml(ALTERNATE_TEXT_BOX.format(ns=_ns("w", "v", "mc"))))
    doc = read_docx(save(d, tmp_path))
    assert [p.text.text for p in doc.paragraphs] == ["正文 10.5 万元。"]
    assert len(doc.notes) == 2  # one per box, the fallback copy not counted again
    first, second = doc.notes
    assert first.code == "AL902" and "框内说明 99.9 万元" in first.message
    assert first.location == "text box 1, after paragraph 1"
    assert first.span is not None and "text box not read" in doc.lines[first.span.line - 1]
    assert "浮动框" in second.message
    assert all("99.9" not in line or "text box" in line for line in doc.lines)


def test_deleted_revisions_and_toc_are_not_read(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("一、部门概况 3", style=d.styles.add_style("toc 1", 1))
    p = d.add_paragraph("收入 ")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>999'
                          "</w:delText></w:r></w:del>"))
    p.add_run("120.00 万元。")
    doc = read_docx(save(d, tmp_path))
    assert [p.text.text for p in doc.paragraphs] == ["收入 120.00 万元。"]


def test_pages_from_explicit_breaks(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("第一页 1.00 万元。")
    budget_table(d)
    d.add_page_break()
    d.add_paragraph("第二页 2.00 万元。")
    doc = read_docx(save(d, tmp_path))
    assert [p.page for p in doc.paragraphs] == [1, 2]
    assert doc.tables[0].page == 1
    assert "── page 2 ──" in doc.lines


def test_pages_from_word_rendered_breaks(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("甲段落。")
    p = d.add_paragraph()
    p.add_run("乙段落")
    r = p.add_run("续。")
    r._r.insert(0, parse_xml(f'<w:lastRenderedPageBreak {nsdecls("w")}/>'))
    q = d.add_paragraph()
    q.add_run()._r.append(parse_xml(f'<w:lastRenderedPageBreak {nsdecls("w")}/>'))
    q.add_run("丙段落。")
    doc = read_docx(save(d, tmp_path))
    assert [p.page for p in doc.paragraphs] == [1, 1, 3]  # 乙 starts on page 1, 丙 on page 3


def test_without_page_information_pages_are_unknown(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("只有一段。")
    doc = read_docx(save(d, tmp_path))
    assert doc.paragraphs[0].page is None
    assert not any(line.startswith("── page") for line in doc.lines)


def test_page_numbers_reach_fact_locations(tmp_path: Path) -> None:
    from auditlint.extract import build_graph
    from auditlint.packs import load_packs

    d = docx.Document()
    d.add_paragraph("第一页。")
    d.add_page_break()
    d.add_paragraph("本年支出 88.60 万元。")
    graph = build_graph(read_docx(save(d, tmp_path)), load_packs())
    (fact,) = [f for f in graph.facts if f.text.startswith("88.60")]
    assert fact.location == "paragraph 2, page 2"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"),
     "encrypted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003"),
    (b"this is not a zip file at all", "not a .docx"),
    (b"", "not a .docx"),
])
def test_unreadable_files_raise_read_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_docx(path)


def test_zip_without_a_document_part(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        read_docx(path)


def test_damaged_document_xml(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(ReadError, match="corrupt"):
        read_docx(bad)


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_part_whose_compressed_bytes_are_damaged(tmp_path: Path, part: str) -> None:
    path = tmp_path / "r.docx"
    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    data = bytearray(path.read_bytes())
    name_len, extra_len = (int.from_bytes(data[info.header_offset + at:info.header_offset + at + 2],
                                          "little") for at in (26, 28))
    start = info.header_offset + 30 + name_len + extra_len
    data[start:start + 4] = b"\xff" * 4  # a deflate block of the reserved type: zlib.error
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match=r"corrupt \.docx: a compressed part cannot be unpacked"):
        read_docx(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot open"):
        read_docx(tmp_path / "none.docx")


cell_text = st.text(alphabet=st.sampled_from(list("合计项目0123456789.,%万元 （）-")), max_size=12)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paras=st.lists(cell_text, max_size=4),
       grid=st.lists(st.lists(cell_text, min_size=1, max_size=4), min_size=1, max_size=4),
       merges=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3),
                                 st.integers(0, 3)), max_size=2))
def test_any_content_reads_with_consistent_spans(tmp_path: Path, paras: list[str],
                                                 grid: list[list[str]],
                                                 merges: list[tuple[int, int, int, int]]) -> None:
    d = docx.Document()
    for text in paras:
        d.add_paragraph(text)
    width = max(len(r) for r in grid)
    t = d.add_table(rows=len(grid), cols=width)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        if max(r0, r1) < len(grid) and max(c0, c1) < width:
            with contextlib.suppress(Exception):  # python-docx refuses some overlapping merges
                t.cell(r0, c0).merge(t.cell(r1, c1))
    doc = read_docx(save(d, tmp_path))
    spans_hit_lines(doc)
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert table.n_rows == len(grid)
    for row in table.rows:
        assert len(row) == table.n_cols
        for c in row:
            if c.origin is not None:
                assert c.origin <= (c.row, c.col)


def test_render_prints_the_lines_spans_refer_to(tmp_path: Path) -> None:
    from auditlint.report.render import render_document

    d = docx.Document()
    d.add_paragraph("本年收入 512.30 万元。")
    budget_table(d)
    doc = read_docx(save(d, tmp_path))
    shown = render_document(doc).splitlines()
    for n, line in enumerate(doc.lines, 1):
        assert f"{n} │ {line}".rstrip() in shown
    cell = doc.tables[0].rows[3][3]
    s = cell.text.whole_span()
    row = next(x for x in shown if x.startswith(f"{s.line} │ "))
    assert row.split(" │ ", 1)[1][s.column - 1: s.end_column - 1] == "428.30"


def test_a_text_run_over_lxml_s_default_limit_is_read(tmp_path: Path) -> None:
    # lxml refuses text nodes over 10 MB unless told otherwise: 11 MB here, a valid file
    d = docx.Document()
    d.add_paragraph("收入" * 5_500_000)
    d.save(str(tmp_path / "long.docx"))
    doc = read_docx(tmp_path / "long.docx")
    assert len(doc.paragraphs[0].text.text) == 11_000_000


def test_a_form_number_line_under_the_title_is_not_the_caption(tmp_path: Path) -> None:
    """`公开05表` between a table's title and its unit line numbers the form: the title above
    it is the caption (the text reader reads it so), and neither line stays a paragraph."""
    d = docx.Document()
    d.add_paragraph("一般公共预算财政拨款支出决算表")
    d.add_paragraph("公开 05 表")
    d.add_paragraph("部门：某某局 金额单位：万元")
    budget_table(d)
    doc = read_docx(save(d, tmp_path))
    (t,) = doc.tables
    assert (t.caption, t.unit) == ("一般公共预算财政拨款支出决算表", "万元")
    assert doc.paragraphs == []
    d = docx.Document()
    d.add_paragraph("公开05表")
    budget_table(d)
    assert read_docx(save(d, tmp_path, "b.docx")).tables[0].caption == "公开05表"
