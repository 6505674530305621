"""Tables written one cell per line (web pages, converted documents) gathered into rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

CELLS = [
    "支出总体情况表", "单位：万元", "科目编码", "科目名称", "合计", "基本支出", "项目支出",
    "类", "款", "项", "合　计", "900.00", "300.00", "600.00",
    "201", "一般公共服务支出", "700.00", "200.00", "500.00",
    "03", "\u3000政府办公厅(室)及相关机构事务", "700.00", "200.00", "500.00",
    "01", "\u3000\u3000行政运行", "200.00", "200.00",
    "02", "\u3000\u3000一般行政管理事务", "500.00", "500.00",
    "208", "社会保障和就业支出", "200.00", "100.00", "100.00",
    "05", "\u3000行政事业单位养老支出", "200.00", "100.00", "100.00",
    "05", "\u3000\u3000机关事业单位基本养老保险缴费支出", "120.00", "60.00", "60.00",
    "06", "\u3000\u3000机关事业单位职业年金缴费支出", "80.00", "40.00", "40.00",
]
TEXT = "\n".join(CELLS) + "\n"


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def test_cells_on_lines_of_their_own_are_gathered_into_rows_with_full_codes() -> None:
    (table,) = parse_text(TEXT).tables
    codes = [table.text(r, 0) for r in range(1, table.n_rows)]
    assert [c for c in codes if c] == ["201", "20103", "2010301", "2010302", "208", "20805",
                                       "2080505", "2080506"]
    row = codes.index("2010301") + 1
    assert [table.text(row, c) for c in range(1, table.n_cols)][:2] == ["行政运行", "200.00"]


def test_a_gathered_table_is_checked_and_its_findings_point_at_the_figure_lines() -> None:
    assert _findings(TEXT) == []
    wrong = TEXT.replace("120.00\n60.00", "121.00\n60.00")
    line = wrong.split("\n").index("121.00") + 1
    parent = wrong.split("\n").index("200.00", line - 10) + 1  # 20805's 合计
    # 20805 ≠ 121.00 + 80.00, and the row's 合计 ≠ 基本支出 + 项目支出, at the figures' lines
    assert _findings(wrong) == [("AL101", parent), ("AL101", line)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["201", "03", "01", "\u3000行政运行", "\u3000\u3000培训支出", "100.00",
                                 "20.00", "合　计", "单位：万元", "—", "7", "表1"]), max_size=40))
def test_no_lines_crash_the_gathering(cells: list[str]) -> None:
    parse_text("\n".join(cells) + "\n")
