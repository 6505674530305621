"""`--format html`: the review page. The page is checked as a browser builds it (headless
Chromium): every finding marked at its figure, every operand link leading to its operand,
n/p stepping through findings, filters hiding findings, merged cells spanning; and what
does not need a browser (self-contained, well-formed marks, bad output paths) without."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.cli import main
from auditlint.document import Cell, SourceText, Table
from auditlint.report.html import _Mark, _marked, _spans
from review_browser import print_pdf, probe

# a report written for these tests: a wrong 执行率, a 合计 row that is not its rows' sum under
# a two-row header with merged cells, a stated count the list does not have, and a
# suppression directive that suppresses nothing (a warning on a line cut out of the text)
REPORT = (
    "青禾县文化馆2024年度部门整体支出绩效自评报告\n"
    "\n"
    "一、基本情况\n"
    "\n"
    "2024年全年预算数 400.00 万元，全年执行数 380.00 万元，预算执行率 96.00%。\n"
    "\n"
    "表1 支出情况表\n"
    "单位：万元\n"
    "项目\t预算数\t\t全年执行数\n"
    "\t年初预算数\t全年预算数\t\n"
    "基本支出\t200.00\t210.00\t205.00\n"
    "项目支出\t150.00\t190.00\t175.00\n"
    "合计\t350.00\t400.00\t390.00\n"
    "\n"
    "二、其他\n"
    "\n"
    "auditlint: ignore AL203\n"
    "馆内共有文化活动室 3 个，分别为：书画室、舞蹈室。\n"
)

# run in the browser after the page's own script: what a reviewer would see and do
DOM_PROBE = (Path(__file__).parent / "review_probe.js").read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def findings_of(path: Path) -> list[dict[str, object]]:
    code, out = run("check", "--format", "json", str(path))
    assert code in (0, 1), out
    return json.loads(out)["findings"]


def page_of(tmp_path: Path, *reports: Path) -> Path:
    out = tmp_path / "review.html"
    before = [digest(r) for r in reports]
    code, text = run("check", "--format", "html", "-o", str(out), *map(str, reports))
    assert code == 1, text  # the reports have errors: the exit status says so, as always
    assert [digest(r) for r in reports] == before  # the reports are only read
    return out


# -- in the browser ---------------------------------------------------------------------


def test_every_finding_is_marked_at_its_figure_and_linked_to_its_operands(
        tmp_path: Path, report: Path) -> None:
    expected = findings_of(report)
    assert {f["code"] for f in expected} >= {"AL201", "AL101", "AL402", "AL001"}
    dom = probe(page_of(tmp_path, report), DOM_PROBE, tmp_path)
    lines = REPORT.splitlines()
    assert [(f["code"], f["severity"]) for f in dom["findings"]] == [
        (f["code"], f["severity"]) for f in expected]
    colours = {}
    for want, got in zip(expected, dom["findings"], strict=True):
        if want["code"] == "AL001":  # its line is a directive, cut out of the document
            assert got["tag"] is None
            continue
        figure = lines[want["line"] - 1][want["column"] - 1: want["end_column"] - 1]
        assert (got["tag"], got["text"], got["line"]) == ("MARK", figure, want["line"]), want
        assert got["width"] > 0  # shown, not only present
        colours.setdefault(want["severity"], set()).add(got["colour"])
        assert len(got["ops"]) == len(want["related"])
        for op, rel in zip(got["ops"], want["related"], strict=True):
            at = lines[rel["line"] - 1][rel["column"] - 1:]
            assert op["found"] and op["line"] == rel["line"] and op["of"] == got["target"]
            # the whole number the operand's message names, as written there
            assert at.startswith(op["text"])
            assert op["text"] in re.findall(r"\d[\d,]*(?:\.\d+)?%?", rel["message"])
    assert len(colours["error"]) == 1


def test_keys_step_through_findings_and_filters_hide_them(tmp_path: Path, report: Path) -> None:
    dom = probe(page_of(tmp_path, report), DOM_PROBE, tmp_path)
    marks = dom["marks"]  # in document order, the side list's order
    assert len(marks) >= 3
    assert (dom["afterN"], dom["afterNN"], dom["afterNNP"]) == (marks[0], marks[1], marks[0])
    assert dom["lit"] and set(dom["lit"]) == {marks[0]}  # the current finding's operands
    assert dom["shownAfterFilter"] == ["warning"]  # errors unticked: the AL001 warning is left
    assert dom["afterFilterN"] is None  # n skips hidden findings (the warning has no figure)


def test_a_click_on_a_figure_shows_its_computation_beside_it(tmp_path: Path, report: Path) -> None:
    expected = findings_of(report)
    dom = probe(page_of(tmp_path, report), DOM_PROBE, tmp_path)
    card = dom["card"]
    first = next(f for f in expected if f["code"] != "AL001")  # the first marked in the page
    assert card["shown"] and card["below"] and card["text"] == first["message"]
    assert card["links"] == [card["of"]] * len(first["related"])  # each leads to an operand
    assert dom["cardAfterEscape"] is False
    of, now = dom["operandLeadsTo"]
    assert now == of  # a click on an operand selects its finding's figure


def test_merged_cells_span_and_unchecked_is_counted(tmp_path: Path, report: Path) -> None:
    dom = probe(page_of(tmp_path, report), DOM_PROBE, tmp_path)
    # as the reader reads the header (`auditlint render`): 项目 over two rows, 预算数 over two
    # columns; the empty cell under 全年执行数 is a cell of its own
    assert sorted(dom["merged"]) == [["项目", 2, 1], ["预算数", 1, 2]]
    assert all("not checked: 0" in u for u in dom["unchecked"])
    assert dom["resources"] == []  # nothing fetched: the page works offline, mailed


def test_pdf_blocks_show_their_pages(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from review_pdfs import report_pdf

    pdf = report_pdf(tmp_path / "r.pdf", scanned_page=True)
    expected = findings_of(pdf)
    assert "AL902" in {f["code"] for f in expected}  # the scanned page: not checked
    dom = probe(page_of(tmp_path, pdf), DOM_PROBE, tmp_path)
    assert dom["blocks"] and all(b["page"] and b["badge"] == f"p. {b['page']}"
                                 for b in dom["blocks"])
    placed = [f for f in dom["findings"] if f["code"] != "AL902"]
    assert placed and all(f["tag"] == "MARK" and f["page"] == 1 for f in placed)
    assert any("not checked: 1" in u for u in dom["unchecked"])


def test_page_prints_with_findings_and_marks(tmp_path: Path, report: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    page = page_of(tmp_path, report)
    probe(page, "return 1;", tmp_path)  # skips here where there is no browser
    printed = print_pdf(page, tmp_path / "printed.pdf", tmp_path)
    with pdfplumber.open(printed) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages)
    # NFKC: the font's glyphs come back as Kangxi radicals (⽀ for 支) in the PDF's text
    squeezed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    assert "[AL101]" in squeezed and "[AL201]" in squeezed  # each mark names its finding
    assert "预算执行率96.00%≠380.00/400.00" in squeezed  # the side list, printed
    assert "severity" not in text  # the filters are not printed


# -- without a browser -------------------------------------------------------------------


def test_page_is_self_contained(tmp_path: Path, report: Path) -> None:
    text = page_of(tmp_path, report).read_text(encoding="utf-8")
    assert "<style>" in text and "<script>" in text
    assert not re.search(r"<link|@import|url\(|@font-face|\bsrc=", text)
    assert not re.search(r"href=\"(?!#)", text)  # links only within the page
    assert "Noto Sans CJK SC" in text  # a system CJK font stack, no bundled font


def test_html_to_standard_output(report: Path) -> None:
    code, out = run("check", "--format", "html", str(report))
    assert code == 1
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert 'class="fig sev-error"' in out


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "html", "-o", "{dir}/missing/out.html"], "does not exist"),
    (["--format", "html", "-o", "{dir}"], "is a folder"),
    (["--format", "html", "-o", "{report}"], "is one of the reports checked"),
])
def test_bad_output_stops_before_anything_is_written(tmp_path: Path, report: Path,
                                                      args: list[str], message: str) -> None:
    before = digest(report)
    args = [a.format(dir=tmp_path, report=report) for a in args]
    result = CliRunner().invoke(main, ["check", *args, str(report)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert digest(report) == before


def test_marks_nest_where_a_figure_is_another_findings_operand() -> None:
    def mark(start: int, end: int, id_: str, kind: str) -> _Mark:
        return _Mark(start, end, id_, id_, kind, "error", "AL101", "t")

    text = "合计 1,200.00 元"
    out = _marked(text, [mark(3, 11, "o1-0-0", "opd"), mark(3, 11, "f1-1", "fig"),
                         mark(6, 13, "o1-2-0", "opd")])
    # the figure holds its operand mark; an overlapping mark is cut to fit inside
    assert re.sub(r' (data|title|class|tabindex)[-\w]*="[^"]*"', "", out) == (
        '合计 <mark id="f1-1"><span id="o1-0-0">1,2<span id="o1-2-0">00.00</span></span>'
        "</mark> 元")


def test_merged_cell_spans_are_read_from_the_grid() -> None:
    def cell(r: int, c: int, origin: tuple[int, int] | None = None) -> Cell:
        return Cell(SourceText("x"), r, c, origin)

    t = Table([[cell(0, 0), cell(0, 1), cell(0, 2, (0, 1))],
               [cell(1, 0, (0, 0)), cell(1, 1, (0, 1)), cell(1, 2, (0, 1))]])
    assert _spans(t) == {(0, 0): (2, 1), (0, 1): (2, 2)}


def test_locator_finds_figures_on_the_lines_of_findings_only(tmp_path: Path, report: Path) -> None:
    from auditlint.findings import Finding
    from auditlint.readers import read
    from auditlint.report.locate import Locator

    doc = read(report)
    rate = Finding(code="AL201", rule="rate-mismatch", severity="error", path=str(report),
                   line=5, column=44, end_line=5, end_column=50, message="m")
    other = rate.model_copy(update={"line": 13, "end_line": 13, "column": 18, "end_column": 24})
    loc = Locator(doc, [rate])
    place = loc.figure(rate)
    assert place is not None and loc.text(place) == "96.00%"
    assert loc.figure(other) is None  # line 13 was not indexed
    full = Locator(doc)
    found = full.figure(other)
    assert found is not None and full.text(found) == "390.00"


def test_a_table_over_two_pages_says_where_the_second_begins(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    from review_pdfs import FONT

    pdf = tmp_path / "long.pdf"
    rows = [["指标", "分值", "得分"]] + [[f"指标{k}", "5", "4"] for k in range(1, 61)]
    table = RLTable(rows, repeatRows=1, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    SimpleDocTemplate(str(pdf), pagesize=A4, invariant=1).build([table])
    code, text = run("check", "--format", "html", str(pdf))
    assert code in (0, 1)
    assert re.search(r'<div class="blk tbl"[^>]*data-page="1"', text)
    assert "pages 1–2" in text
    new_page = re.findall(r'<tr class="newpage" data-page="2"><td data-line="\d+" '
                          r'data-newpage="p\. 2">指标(\d+)</td>', text)
    assert len(new_page) == 1 and 1 < int(new_page[0]) < 60  # one row opens page 2
