"""The .pdf reader: lines re-joined by geometry, furniture dropped, ruled tables as grids
(merges, split over pages), pages in locations, broken files said clearly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as RLParagraph

from auditlint.document import Document, Paragraph
from auditlint.readers import ReadError
from auditlint.readers.pdf import read_pdf

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 12
LEFT = 72
WIDTH = 30  # characters per full line
TOP = A4[1] - 90


def spans_hit_lines(doc: Document) -> None:
    for block in doc.blocks:
        texts = ([block.text] if isinstance(block, Paragraph)
                 else [c.text for row in block.rows for c in row])
        for t in texts:
            if t.text:
                s = t.whole_span()
                assert doc.lines[s.line - 1][s.column - 1: s.end_column - 1] == t.text


def draw_pages(path: Path, pages: list[list[tuple[float, str]]], head: str | None = None,
               foot: bool = False) -> Path:
    """Lines at (x offset in characters, text), one under another, page by page."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    for n, lines in enumerate(pages, 1):
        c.setFont(FONT, SIZE)
        y = TOP
        for indent, text in lines:
            c.drawString(LEFT + indent * SIZE, y, text)
            y -= SIZE * 1.8
        c.setFont(FONT, 9)
        if head:
            c.drawCentredString(A4[0] / 2, A4[1] - 40, head)
        if foot:
            c.drawCentredString(A4[0] / 2, 30, f"- {n} -")
        c.showPage()
    c.save()
    return path


def full(text: str) -> str:
    """Pad a line of CJK text to the full line width."""
    assert len(text) <= WIDTH
    return text + "收" * (WIDTH - len(text))


def test_wrapped_lines_rejoin_into_paragraphs(tmp_path: Path) -> None:
    lines = [
        (2, full("本年收入合计")[:WIDTH - 2]),
        (0, full("上年结转")),
        (0, full("事业收入")),
        (0, full("其中财政拨款收入为")[: WIDTH - 2] + "1,2"),  # a number cut by the wrap
        (0, "34.56万元。"),  # short: the paragraph ends
        (2, "一、评价结论"),
        (2, "总分 91 分。"),
    ]
    doc = read_pdf(draw_pages(tmp_path / "p.pdf", [lines]))
    texts = [p.text.text for p in doc.paragraphs]
    assert len(texts) == 3
    assert texts[0].endswith("1,234.56万元。")
    assert doc.paragraphs[1].heading and doc.paragraphs[2].section == ("一、评价结论",)
    spans_hit_lines(doc)


def test_paragraph_goes_on_over_a_page_break(tmp_path: Path) -> None:
    page1 = [(2, full("第一段开头")[:WIDTH - 2])] + [(0, full("中间"))] * 2
    page2 = [(0, "结尾共 12.5 万元。"), (2, "第二段。")]
    doc = read_pdf(draw_pages(tmp_path / "p.pdf", [page1, page2], head="某单位2024年度报告",
                              foot=True))
    texts = [p.text.text for p in doc.paragraphs]
    assert len(texts) == 2 and texts[0].endswith("结尾共 12.5 万元。")
    assert [p.page for p in doc.paragraphs] == [1, 2]
    assert not any("某单位" in line or line.startswith("- ") for line in doc.lines)


def test_running_head_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    pages = [[(2, f"第{n}页的正文，金额 {n}.00 万元。")] for n in range(1, 4)]
    doc = read_pdf(draw_pages(tmp_path / "p.pdf", pages, head="云山县财政局 2024 年部门决算",
                              foot=True))
    assert [p.text.text for p in doc.paragraphs] == [
        "第1页的正文，金额 1.00 万元。", "第2页的正文，金额 2.00 万元。", "第3页的正文，金额 3.00 万元。"]
    assert [p.page for p in doc.paragraphs] == [1, 2, 3]


def platypus(path: Path, story: list[object]) -> Path:
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def cell_style() -> ParagraphStyle:
    return ParagraphStyle("c", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")


def ruled(rows: list[list[str]], spans: list[tuple[int, int, int, int]] = (),
          repeat: int = 0) -> Table:
    st = cell_style()
    data = [[RLParagraph(t, st) for t in row] for row in rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]
    return Table(data, repeatRows=repeat, style=TableStyle(style))


def text(s: str) -> RLParagraph:
    return RLParagraph(s, ParagraphStyle("b", fontName=FONT, fontSize=SIZE, leading=20))


def test_ruled_table_with_merged_cells(tmp_path: Path) -> None:
    rows = [["项目", "预算数", "", "全年执行数"], ["", "年初预算数", "全年预算数", ""],
            ["基本支出", "410.20", "436.75", "428.30"], ["合计", "410.20", "436.75", "428.30"]]
    story = [text("表 3 部门预算执行情况表"), text("单位：万元"),
             ruled(rows, [(0, 1, 0, 2), (0, 0, 1, 0), (0, 3, 1, 3)])]
    doc = read_pdf(platypus(tmp_path / "t.pdf", story))
    (t,) = doc.tables
    assert (t.caption, t.unit, t.shape, t.page) == ("表 3 部门预算执行情况表", "万元", "pdf", 1)
    assert doc.paragraphs == []
    assert [[c.text.text for c in row] for row in t.rows] == [
        ["项目", "预算数", "预算数", "全年执行数"], ["项目", "年初预算数", "全年预算数", "全年执行数"],
        ["基本支出", "410.20", "436.75", "428.30"], ["合计", "410.20", "436.75", "428.30"]]
    assert t.rows[0][2].origin == (0, 1)
    assert t.rows[1][0].origin == (0, 0) and t.rows[1][3].origin == (0, 3)
    assert t.header_rows == 2
    spans_hit_lines(doc)


def test_table_split_over_pages_is_one_table(tmp_path: Path) -> None:
    rows = [["指标", "分值", "得分"]] + [[f"指标{k}", "5", "4"] for k in range(1, 61)]
    rows.append(["合计", "300", "240"])
    story = [text("下表为评分情况。"), ruled(rows, repeat=1), text("表后说明。")]
    doc = read_pdf(platypus(tmp_path / "t.pdf", story))
    (t,) = doc.tables
    assert t.n_rows == 62  # the header repeated on the next page is dropped
    assert t.text(61, 0) == "合计"
    assert t.page == 1 and t.page_of(61) == 2 and t.page_of(1) == 1
    assert doc.paragraphs[-1].text.text == "表后说明。" and doc.paragraphs[-1].page == 2
    spans_hit_lines(doc)


def test_title_lines_repeated_above_a_continued_table_are_dropped(tmp_path: Path) -> None:
    def titles(canvas: Canvas, _doc: object) -> None:
        canvas.setFont(FONT, 12)
        for k, line in enumerate(["表1", "收入支出决算总表", "单位：万元"]):
            canvas.drawString(72, A4[1] - 110 - 16 * k, line)

    rows = [["项目", "决算数"]] + [[f"支出{k}", f"{k}.00"] for k in range(1, 70)]
    rows.append(["合计", f"{sum(range(1, 70))}.00"])
    path = tmp_path / "t.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=170, invariant=1).build(
        [ruled(rows, repeat=1)], onFirstPage=titles, onLaterPages=titles)
    doc = read_pdf(path)
    (t,) = doc.tables
    assert (t.n_rows, t.caption, t.unit) == (71, "收入支出决算总表", "万元")
    assert [p.text.text for p in doc.paragraphs] == ["表1"]  # once, above the first part
    assert t.page_of(70) > 1


def test_forms_on_consecutive_pages_stay_two_tables(tmp_path: Path) -> None:
    form = [["项目名称", "甲项目"], ["分值", "得分"], ["10", "9"], ["总分", "9"]]
    other = [["项目名称", "乙项目"], ["分值", "得分"], ["10", "8"], ["总分", "8"]]
    story = [text("项目绩效自评表"), ruled(form), PageBreak(), text("项目绩效自评表"),
             ruled(other)]
    doc = read_pdf(platypus(tmp_path / "t.pdf", story))
    assert [t.text(0, 1) for t in doc.tables] == ["甲项目", "乙项目"]


def test_table_going_on_without_header_after_a_short_page_is_one_table(tmp_path: Path) -> None:
    def part(rows: list[list[str]]) -> Table:
        st = cell_style()
        return Table([[RLParagraph(t, st) for t in row] for row in rows], colWidths=[80, 160, 90],
                     style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))

    first = [["科目编码", "科目名称", "金额"], ["302", "商品和服务支出", "30.00"],
             ["30201", "办公费", "20.00"]]
    rest = [["30205", "水费", "10.00"], ["310", "资本性支出", "5.00"]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [part(first), PageBreak(), part(rest)]))
    (t,) = doc.tables
    assert t.n_rows == 5 and t.text(4, 0) == "310" and t.page_of(4) == 2
    # a table with a header of its own on the next page stays apart
    again = [["科目编码", "科目名称", "金额"], *rest]
    doc = read_pdf(platypus(tmp_path / "u.pdf", [part(first), PageBreak(), part(again)]))
    assert len(doc.tables) == 2


def test_table_going_on_with_label_rows_after_a_short_page_is_one_table(tmp_path: Path) -> None:
    def part(rows: list[list[str]]) -> Table:
        st = cell_style()
        return Table([[RLParagraph(t, st) for t in row] for row in rows],
                     colWidths=[110, 60, 110, 60],
                     style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))

    first = [["收入项目", "预算数", "支出项目", "预算数"], ["一、财政拨款", "40.00", "一、教育支出", "10.00"],
             ["", "", "二、科学技术支出", ""]]
    rest = [["", "", "三、卫生健康支出", ""], ["", "", "四、住房保障支出", "30.00"],
            ["本年收入合计", "40.00", "本年支出合计", "40.00"]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [part(first), PageBreak(), part(rest)]))
    (t,) = doc.tables
    assert t.n_rows == 6 and t.text(5, 2) == "本年支出合计"
    # rows with text over the columns of figures are a header of a table of its own
    again = [["", "", "支出项目", "预算数"], *rest[1:]]
    doc = read_pdf(platypus(tmp_path / "u.pdf", [part(first), PageBreak(), part(again)]))
    assert len(doc.tables) == 2


def test_table_locations_name_the_page_of_the_row(tmp_path: Path) -> None:
    from auditlint.extract import build_graph
    from auditlint.packs import load_packs

    story = [text("第一页。"), PageBreak(), text("第二页 本年支出 77.30 万元。")]
    graph = build_graph(read_pdf(platypus(tmp_path / "t.pdf", story)), load_packs())
    (fact,) = [f for f in graph.facts if f.text.startswith("77.30")]
    assert fact.location == "paragraph 2, page 2"


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "e.pdf"
    c = Canvas(str(path), encrypt="secret")
    c.setFont(FONT, 12)
    c.drawString(72, 700, "加密内容 1.00 万元")
    c.save()
    with pytest.raises(ReadError, match="encrypted"):
        read_pdf(path)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(img)
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path))
    c.drawImage(str(img), 72, 600, 200, 100)
    c.save()
    with pytest.raises(ReadError, match=r"no text layer.*OCR it first"):
        read_pdf(path)


def test_scanned_page_among_text_pages_is_noted(tmp_path: Path) -> None:
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(img)
    path = tmp_path / "mixed.pdf"
    c = Canvas(str(path))
    c.setFont(FONT, 12)
    c.drawString(72, 700, "第一页正文。")
    c.showPage()
    c.drawImage(str(img), 72, 600, 200, 100)
    c.save()
    doc = read_pdf(path)
    (note,) = doc.notes
    assert note.code == "AL902" and note.location == "page 2" and "OCR" in note.message


def test_empty_pdf(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    c = Canvas(str(path))
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="no text"):
        read_pdf(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"not a pdf", "not a PDF"),
    (b"", "not a PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage", "corrupt PDF"),
])
def test_broken_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_pdf(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    good = draw_pages(tmp_path / "g.pdf", [[(2, "正文 1.00 万元。")]])
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(ReadError):
        read_pdf(bad)


def test_too_many_pages(tmp_path: Path) -> None:
    path = draw_pages(tmp_path / "p.pdf", [[(2, "正文。")]] * 3)
    with pytest.raises(ReadError, match="3 pages: more than the 2 pages"):
        read_pdf(path, max_pages=2)


# -- one report, three formats ---------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "office"


def _build_examples(outdir: Path) -> dict[str, Path]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.main(["build_examples.py", str(outdir)])
    return {ext: outdir / f"report.{ext}" for ext in ("txt", "docx", "pdf")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build_examples(tmp_path_factory.mktemp("office"))


def test_committed_examples_are_what_the_script_builds(built: dict[str, Path]) -> None:
    from auditlint.readers.docx import read_docx

    assert (EXAMPLES / "report.pdf").read_bytes() == built["pdf"].read_bytes()
    assert (EXAMPLES / "report.txt").read_bytes() == built["txt"].read_bytes()
    assert read_docx(EXAMPLES / "report.docx").lines == read_docx(built["docx"]).lines


def test_same_findings_as_docx_pdf_and_text(built: dict[str, Path]) -> None:
    from auditlint.packs import load_packs
    from auditlint.pipeline import check_file

    packs = load_packs()
    found = {ext: check_file(path, packs).findings for ext, path in built.items()}
    keys = {ext: [(f.code, f.expected, f.actual) for f in fs] for ext, fs in found.items()}
    assert keys["docx"] == keys["txt"] == keys["pdf"]
    planted = {("AL101", "1,031.87", "1,041.87"), ("AL201", "96.68", "97.12"),
               ("AL301", "<= 5", "6")}
    assert set(keys["pdf"]) == planted  # the planted errors, and nothing else
    by_code = {ext: {f.code: f for f in fs} for ext, fs in found.items()}
    assert by_code["pdf"]["AL301"].location == "table 2, row 4, column 5, page 2"
    assert by_code["docx"]["AL301"].location == "table 2, row 4, column 5"
    assert by_code["pdf"]["AL201"].location == "paragraph 9, page 1"
    for ext in ("docx", "pdf"):  # line and column point at the number in the render lines
        from auditlint.readers import read

        lines = read(built[ext]).lines
        for f in found[ext]:
            assert f.line == f.end_line
            shown = lines[f.line - 1][f.column - 1: f.end_column - 1]
            assert shown[:1].isdigit(), (f, shown)


def test_unmapped_glyphs_never_become_numbers() -> None:
    from auditlint.readers.pdf import _undecodable, clean

    assert clean("收入(cid:12)(cid:7)万元") == "收入\ufffd\ufffd万元"
    assert clean("收入 12 万元") == "收入 12 万元"
    chars = [{"text": t} for t in ["(cid:3)", "(cid:4)", "收", " ", "入", "元", "合", "计"]]
    assert _undecodable(chars) and not _undecodable(chars[2:])


def test_pdf_whose_fonts_cannot_be_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import auditlint.readers.pdf as pdf_reader

    path = draw_pages(tmp_path / "p.pdf", [[(2, "正文 1.00 万元。")]] * 2)
    monkeypatch.setattr(pdf_reader, "_undecodable", lambda chars: True)
    with pytest.raises(ReadError, match="cannot be decoded"):
        read_pdf(path)
    calls = iter([False, True])
    monkeypatch.setattr(pdf_reader, "_undecodable", lambda chars: next(calls))
    doc = read_pdf(path)
    (note,) = doc.notes
    assert note.location == "page 2" and "cannot be decoded" in note.message


def _chars(text: str, x: float, top: float, size: float = 12.0, width: float = 12.0
           ) -> list[dict[str, object]]:
    return [{"text": ch, "x0": x + k * width, "x1": x + (k + 1) * width, "top": top,
             "bottom": top + size, "size": size} for k, ch in enumerate(text)]


def test_numbers_set_lower_stay_on_their_line() -> None:
    from auditlint.readers.pdf import text_lines

    chars = (_chars("支出", 72, 545) + _chars("2940.05", 96, 549.9, width=6)
             + _chars("万元", 138, 545) + _chars("下一行", 72, 559))
    lines = text_lines(chars, 1)
    assert [ln.text for ln in lines] == ["支出2940.05万元", "下一行"]


def test_drawn_spaces_and_wide_gaps_are_spaces() -> None:
    from auditlint.readers.pdf import text_lines

    chars = _chars("合计", 72, 100) + _chars(" ", 96, 100, width=3) + _chars("12", 99, 100, width=6)
    chars += _chars("项目", 160, 100)
    assert [ln.text for ln in text_lines(chars, 1)] == ["合计 12 项目"]


def test_line_left_short_mid_sentence_goes_on(tmp_path: Path) -> None:
    lines = [(2, full("本年支出")[: WIDTH - 2]), (0, full("其中")), (0, full("基本")),
             (0, full("住房保障支出")[: WIDTH - 3] + "占"),  # short, but mid-sentence
             (2, "15.16%；"), (2, "二、下一段。")]
    doc = read_pdf(draw_pages(tmp_path / "p.pdf", [lines]))
    first, second = doc.paragraphs
    assert first.text.text.endswith("收占15.16%；") and second.text.text == "二、下一段。"


def test_check_dir_picks_up_office_files(built: dict[str, Path]) -> None:
    from auditlint.pipeline import find_reports

    files, errors = find_reports([str(built["pdf"].parent)])
    assert not errors
    assert {f.suffix for f in files} >= {".txt", ".docx", ".pdf"}


def _framed(rows: list[list[str]], widths: list[float], spans: list[tuple[int, int, int, int]]
            ) -> Table:
    """A ruled table whose empty cells hold nothing (strips too narrow for a paragraph)."""
    st = cell_style()
    data = [[RLParagraph(t, st) if t else "" for t in row] for row in rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 1),
             ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]
    return Table(data, colWidths=widths, style=TableStyle(style))


def test_thin_strips_between_columns_are_no_columns(tmp_path: Path) -> None:
    # the first part draws 5-pt strips beside its rules, the part on the next page others;
    # cells spanning a strip start in it
    first = [["", "科目编码", "", "", "科目名称", "", "", "金额", ""],
             ["", "合计", "", "", "", "", "", "30.00", ""],
             ["301", "", "", "工资福利支出", "", "", "20.00", "", ""],
             ["30101", "", "", "基本工资", "", "", "20.00", "", ""]]
    spans = [(1, 1, 1, 4), (2, 0, 2, 2), (2, 3, 2, 5), (2, 6, 2, 8), (3, 0, 3, 2), (3, 3, 3, 5),
             (3, 6, 3, 8)]
    rest = [["302", "商品和服务支出", "10.00", "", ""], ["30201", "办公费", "10.00", "", ""]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [
        _framed(first, [5, 100, 5, 5, 100, 5, 5, 100, 5], spans), PageBreak(),
        _framed(rest, [110, 110, 5, 100, 5], [(0, 2, 0, 4), (1, 2, 1, 4)])]))
    (t,) = doc.tables
    assert [[c.text.text for c in row] for row in t.rows] == [
        ["科目编码", "科目名称", "金额"], ["合计", "合计", "30.00"],
        ["301", "工资福利支出", "20.00"], ["30101", "基本工资", "20.00"],
        ["302", "商品和服务支出", "10.00"], ["30201", "办公费", "10.00"]]


def test_empty_strip_at_the_edge_is_no_column(tmp_path: Path) -> None:
    first = [["", "项目", "金额"], ["", "合计", "30.00"], ["", "甲服务", "20.00"]]
    rest = [["乙服务", "10.00"], ["丙服务", "0.00"]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [
        _framed(first, [9, 120, 90], []), PageBreak(), _framed(rest, [120, 90], [])]))
    (t,) = doc.tables
    assert t.n_rows == 5 and [c.text.text for c in t.rows[4]] == ["丙服务", "0.00"]
    assert t.text(1, 0) == "合计"


def test_title_bar_inside_the_frame_is_the_caption(tmp_path: Path) -> None:
    rows = [["预算04表 财政拨款收支总表", "", ""], ["", "", "金额单位：万元"],
            ["项目", "预算数", "备注"], ["本年收入", "12.00", ""]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [ruled(rows, [(0, 0, 0, 2)])]))
    (t,) = doc.tables
    assert (t.caption, t.unit) == ("预算04表财政拨款收支总表", "万元")


def test_unit_beside_the_issuer_inside_the_frame_is_the_tables_unit(tmp_path: Path) -> None:
    rows = [["部门：某某局", "", "单位：万元"], ["科目代码", "科目名称", "金额"],
            ["201", "一般公共服务支出", "12.00"]]
    doc = read_pdf(platypus(tmp_path / "t.pdf", [ruled(rows, [(0, 0, 0, 1)])]))
    (t,) = doc.tables
    assert t.unit == "万元"
    # a row of figures beside the unit is no title row
    rows[0] = ["合计 30.00", "", "单位：万元"]
    (t,) = read_pdf(platypus(tmp_path / "u.pdf", [ruled(rows, [(0, 0, 0, 1)])])).tables
    assert t.unit is None


def test_figure_printed_over_the_one_before_stays_in_its_cell(tmp_path: Path) -> None:
    # `57.000000` starts over the last 0 of `107.000000`: its 5 has its centre left of the
    # rule between the cells
    path = tmp_path / "t.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    xs, ys = [100, 200, 300, 400], [700, 680, 660]
    c.grid(xs, ys)
    c.setFont(FONT, 9)
    for x, s in [(105, "项目"), (205, "合计"), (305, "其中")]:
        c.drawString(x, 686, s)
    c.drawString(105, 666, "其他资金")
    digit = pdfmetrics.stringWidth("0", FONT, 9)
    c.drawRightString(299.5, 666, "107.000000")
    c.drawString(299.5 - 0.6 * digit, 666, "57.000000")
    c.showPage()
    c.save()
    (t,) = read_pdf(path).tables
    assert [c.text.text for c in t.rows[1]] == ["其他资金", "107.000000", "57.000000"]


def test_a_library_warning_on_a_damaged_stream_becomes_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    import auditlint.readers.pdf as pdf

    pages = pdf._pages

    def damaged(*args: object, **kwargs: object) -> object:
        logging.getLogger("pdfminer.pdfpage").warning("Data-loss while decompressing  stream")
        return pages(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "_pages", damaged)
    doc = read_pdf(draw_pages(tmp_path / "p.pdf", [[(720, "本年收入 520.40 万元。")]]))
    [note] = doc.notes
    assert note.code == "AL902"
    assert "could not be read (Data-loss while decompressing stream)" in note.message
    assert capsys.readouterr().err == ""
