"""Tables of one row of figures under a header of several lines (the “三公” table), laid out
by the pack's declared layouts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

THREE_PUBLIC = (
    "某某局2025年“三公”经费和机关运行经费预算表\n"
    "编制部门：某某局 单位：万元\n"
    "“三公”经费预算数\n"
    "机关运行经\n"
    "公务用车购置及运行费\n"
    "费预算数\n"
    "合计 因公出国(境)费 公务接待费\n"
    "小计 购置费 运行费\n"
    "30.50 2.00 1.50 27.00 10.00 17.00 120.30\n"
    "其他相关情况说明\n"
)

WITH_MEETINGS = (
    "“三公”经费、会议费、培训费支出预算表\n"
    "部门名称：某某院 单位：万元\n"
    "“三公”经费\n"
    "公务用车购置及运行维护费\n"
    "合计 因公出 公务接 会议费 培训费\n"
    "国（境） 公务用车购 公务用车运\n"
    "小计 费 小计 待费\n"
    "置费 行维护费\n"
    "500.00 120.00 30.00 60.00 60.00 30.00 80.00 300.00\n"
    "公开10表\n"
)


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def test_the_declared_layout_gives_the_columns_and_their_groups() -> None:
    (table,) = parse_text(THREE_PUBLIC).tables
    assert table.header_rows == 3 and table.n_cols == 7
    assert [table.text(3, c) for c in range(7)] == ["30.50", "2.00", "1.50", "27.00", "10.00",
                                                    "17.00", "120.30"]
    assert table.text(2, 3) == "小计" and table.text(1, 3) == "公务用车购置及运行费"
    assert table.text(0, 6) == "机关运行经费"  # the marker found though wrapped over two lines


def test_the_identities_of_the_layout_are_checked() -> None:
    assert _findings(THREE_PUBLIC) == []
    assert _findings(THREE_PUBLIC.replace(" 10.00 ", " 11.00 ")) == [("AL101", 9)]
    assert _findings(THREE_PUBLIC.replace("30.50", "31.50")) == [("AL101", 9)]
    # 机关运行经费 is no part of the “三公” total
    assert _findings(THREE_PUBLIC.replace("120.30", "121.30")) == []


def test_a_dropped_empty_cell_is_placed_by_the_identities() -> None:
    # nine columns, eight figures: 公务用车购置费 is empty; the 60 of the car is its 运行维护费
    # or its 购置费, one of the parts of its 小计 either way
    (table,) = parse_text(WITH_MEETINGS).tables
    assert table.n_cols == 9 and table.header_rows == 4
    assert [table.text(4, c) for c in (0, 1, 2, 3)] == ["500.00", "120.00", "30.00", "60.00"]
    assert [table.text(4, c) for c in (6, 7, 8)] == ["30.00", "80.00", "300.00"]
    assert _findings(WITH_MEETINGS) == []
    assert ("AL101", 9) in _findings(WITH_MEETINGS.replace(" 80.00 ", " 81.00 "))


def test_a_row_no_layout_names_stays_text() -> None:
    other = THREE_PUBLIC.replace("“三公”经费和机关运行经费预算表", "收入预算表")
    assert not parse_text(other).tables
    # more figures than the layout has columns
    assert not parse_text(THREE_PUBLIC.replace("120.30", "120.30 5.00")).tables


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["0", "1.35", "15", "21.56", "36.56", "x", "合计", "1,000.00"]),
                min_size=0, max_size=10),
       st.sampled_from(["合计 因公出国(境)费 公务接待费", "会议费 培训费", "", "小计 购置费"]))
def test_no_header_or_row_crashes_the_reader(row: list[str], header: str) -> None:
    text = f"“三公”经费预算表\n单位：万元\n{header}\n{' '.join(row)}\n"
    for table in parse_text(text).tables:
        assert table.n_cols >= len([t for t in row if t != "x"]) - 2


WIDE_INCOME = (
    "预算02表 收入总表\n"
    "金额单位：万元\n"
    "本年收入 上年结转结余\n"
    "合计\n"
    "一般公共预算 政府性基金预 国有资本经营 财政专户管理 事业单位经营 附属单位上缴 "
    "一般公共预算 政府性基金预 国有资本经营 财政专户管理\n"
    "小计 事业收入 上级补助收入 其他收入 小计 单位资金\n"
    "资金 算资金 预算资金 资金 收入 收入 资金 算资金 预算资金 资金\n"
    "1,200.50 1,100.25 1,090.00 10.25 100.25 60.00 40.25\n"
    "预算03表 支出总表\n"
)


def test_a_wide_row_that_lost_most_cells_is_checked_by_its_subtotals() -> None:
    # 17 columns, 7 figures: the subtotals place 合计, 本年收入/小计 and 上年结转结余/小计; the
    # other figures are parts of one of them, which parts the sums cannot tell
    (table,) = parse_text(WIDE_INCOME).tables
    assert table.n_cols == 17
    assert [table.text(table.header_rows, c) for c in (0, 1, 11)] == [
        "1,200.50", "1,100.25", "100.25"]
    assert _findings(WIDE_INCOME) == []
    assert _findings(WIDE_INCOME.replace(" 60.00 ", " 61.00 ")) == [("AL101", 8)]
    assert _findings(WIDE_INCOME.replace(" 10.25 ", " 11.25 ")) == [("AL101", 8)]


def test_figures_without_trailing_zeros_are_read_at_the_tables_precision() -> None:
    # `30 60 60` among figures of two decimals none of which ends in 0: printed without
    # trailing zeros, so 30 is 30.00, and a 小计 one unit off is no rounding
    trimmed = WITH_MEETINGS.replace(
        "500.00 120.00 30.00 60.00 60.00 30.00 80.00 300.00",
        "500.26 120.26 30 60 60 30.26 80 300")
    assert _findings(trimmed) == []
    assert _findings(trimmed.replace(" 30 60", " 31 60")) == [("AL101", 9)]
    # with a trailing zero shown (`30.20`), figures without decimals may be rounded: 31 is
    # within the rounding of 31 ± 0.5 and 60 ± 0.5
    shown = trimmed.replace("30.26", "30.20").replace("120.26", "120.20").replace(
        "500.26", "500.20")
    assert _findings(shown.replace(" 30 60", " 31 60")) == []


BUDGET_AND_OUTTURN = (
    "二、收入支出情况说明\n"
    "某某局2024年部门决算说明。\n"
    "表7\n"
    "一般公共预算财政拨款“三公”经费支出决算表\n"
    "部门：某某局 单位：万元\n"
    "预算数 决算数\n"
    "公务用车购置及运行费 公务用车购置及运行费\n"
    "因公出国 公务接待 因公出国 公务接待\n"
    "合计 公务用车 公务用车 合计 公务用车 公务用车\n"
    "（境）费 小计 费 （境）费 小计 费\n"
    "购置费 运行费 购置费 运行费\n"
    "1 2 3 4 5 6 7 8 9 10 11 12\n"
    "3.00 1.00 1.50 0.00 1.50 0.50 2.40 0.80 1.20 0.00 1.20 0.40\n"
    "注：本表反映部门本年度“三公”经费支出情况。\n"
    "三、“三公”经费支出决算情况说明\n"
    "某某局2024年度“三公”经费财政拨款支出决算为2.40万元。其中：公务接待费支出决算为0.40万元。\n"
)


def test_a_final_table_of_budget_and_outturn_under_its_column_numbers() -> None:
    (table,) = parse_text(BUDGET_AND_OUTTURN).tables
    assert table.n_cols == 12
    assert [table.text(table.header_rows, c) for c in (0, 6, 11)] == ["3.00", "2.40", "0.40"]
    assert _findings(BUDGET_AND_OUTTURN) == []
    # each half's total is the sum of its own columns
    assert ("AL101", 13) in _findings(BUDGET_AND_OUTTURN.replace(" 0.80 ", " 0.90 "))


def test_the_outturn_column_is_the_texts_outturn_not_the_budget() -> None:
    # `公务接待费支出` is the table's 决算数 公务接待费: a changed figure in the text is found,
    # and the 预算数 column (0.50) is another quantity, never linked to the text's outturn
    assert _findings(BUDGET_AND_OUTTURN) == []
    changed = _findings(BUDGET_AND_OUTTURN.replace("决算为0.40万元", "决算为0.41万元"))
    assert any(code == "AL401" and line == 16 for code, line in changed)


SPENDING_ROW = (
    "公开03表\n"
    "支出预算总表\n"
    "部门名称：某某局 单位：万元\n"
    "合计 基本支出 项目支出 单位预留机动经费 结转下年资金\n"
    "5000.00 3000.00 1500.00 500.00\n"
    "公开04表\n"
    "第三部分 2025年度部门预算情况说明\n"
    "此外，基本支出预算数为3000.00万元。项目支出预算数为1500万元。\n"
)


def test_a_one_line_header_lays_out_its_own_row() -> None:
    # no declared layout: the header's words are the columns, the first the total of the
    # others; a budget's carry-over column, empty, is left out
    (table,) = parse_text(SPENDING_ROW).tables
    assert table.n_cols == 4
    assert [table.text(0, c) for c in range(4)] == ["合计", "基本支出", "项目支出",
                                                    "单位预留机动经费"]
    assert _findings(SPENDING_ROW) == []
    # the row's own sum, and the text's 基本支出 that is the table's
    assert _findings(SPENDING_ROW.replace("5000.00 3000.00", "5000.00 3001.00")) == [
        ("AL101", 5), ("AL401", 8)]
    assert _findings(SPENDING_ROW.replace("1500万元", "1501万元")) == [("AL401", 8)]


def test_a_one_line_header_short_of_figures_elsewhere_stays_text() -> None:
    # a final account's carry-over is a figure: which column lost its cell is not known
    final = SPENDING_ROW.replace("支出预算总表", "支出决算表")
    assert not parse_text(final).tables
    # a column other than a carry-over without its figure
    assert not parse_text(SPENDING_ROW.replace(" 结转下年资金", " 上缴上级支出")).tables
    # a header not opened by a total
    assert not parse_text(SPENDING_ROW.replace("合计 基本支出", "基本支出 合计")).tables


def test_a_row_with_a_spread_figure_links_its_placed_columns() -> None:
    # the car's 60 stands in 购置费 or 运行维护费: those two are no column's figure, but the
    # 会议费 and 培训费 the placement fixed are the text's
    text = WITH_MEETINGS + "第三部分 情况说明\n会议费80.00万元，培训费300.00万元。\n"
    assert _findings(text) == []
    assert _findings(text.replace("会议费80.00", "会议费81.00")) == [("AL401", 12)]
    assert _findings(text.replace("培训费300.00", "培训费301.00")) == [("AL401", 12)]
