"""The narrative of a 预算 report against its tables, and narrative shapes the reader splits:
the item named by its 款 and 项 under a 类 heading, a (类) mark inside a name, the figures of a
one-row table, growth after a sentence that opens with words, a 其中 list on lines of its own."""

from __future__ import annotations

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.extract.disclosure.tables import spec_of
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

TITLE = "青山县审计局2024年部门预算\n第一部分 2024年部门预算表\n"
FUNCTION_TABLE = """一般公共预算支出预算表（功能科目）
部门：青山县审计局 单位：万元
科目代码 功能科目名称 金额
合 计 900.00
201 一般公共服务支出 600.00
20108 审计事务 600.00
2010801 行政运行 420.00
2010804 审计业务 180.00
221 住房保障支出 300.00
22102 住房改革支出 300.00
2210201 住房公积金 300.00
注：本表金额保留两位小数。

第二部分 2024年部门预算情况说明
"""
ONE_ROW_TABLE = """部门“三公”经费和机关运行经费预算表
编制部门：青山县审计局 单位:万元
“三公”经费
机关运行经费
公务用车购置及运行费
合计 因公出国(境)费 公务接待费
小计 购置费 运行费
{row}
注：本表为示例。

第二部分 其他相关情况说明
一、机关运行经费预算
2024年本局机关运行经费预算为{text}万元。
"""


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.line or 0) for f in found if f.severity != "info")


def _items(amount: str) -> str:
    return TITLE + FUNCTION_TABLE + (
        "一、一般公共预算支出预算情况说明\n"
        "（一）一般公共服务（类）\n"
        f"1．审计事务（款）行政运行（项）支出{amount}万元，主要用于机关运行。\n"
        "2．审计事务（款）审计业务（项）支出180.00万元，主要用于审计项目。\n")


def test_a_caption_may_end_with_a_qualifier_in_brackets() -> None:
    doc = parse_text(_items("420.00"), "t.txt")
    assert [t.caption for t in doc.tables] == ["一般公共预算支出预算表（功能科目）"]
    spec = spec_of("一般公共预算支出预算表（功能科目）", load_packs().tables)
    assert spec is not None and spec.scope == "general"


def test_an_item_naming_its_kuan_and_xiang_is_its_row_under_the_one_class() -> None:
    assert _findings(_items("420.00")) == []
    assert _findings(_items("421.00")) == [("AL401", 19)]


def _class_item(amount: str) -> str:
    return TITLE + FUNCTION_TABLE + (
        "一、收支预算总体情况说明\n"
        "本局2024年支出预算总计 900.00 万元。包括：\n"
        "1．一般公共服务（类）支出600.00 万元。主要用于机关运行。\n"
        f"2．住房保障（类）支出 {amount}万元。主要用于住房公积金。\n")


def test_a_class_mark_is_part_of_the_name_and_a_budget_heading_names_the_tables_figures() -> None:
    # the text under `…预算…说明` is the budget's, and so are the table's rows in a 预算 report
    assert _findings(_class_item("300.00")) == []
    assert ("AL401", 20) in _findings(_class_item("301.00"))


def test_a_one_row_table_names_its_figures_by_their_columns() -> None:
    full = "12.50 0 2.50 10.00 0 10.00 88.80"
    assert _findings(TITLE + ONE_ROW_TABLE.format(row=full, text="88.80")) == []
    assert _findings(TITLE + ONE_ROW_TABLE.format(row=full, text="88.90")) == [("AL401", 15)]


def test_a_one_row_table_short_of_a_figure_names_the_columns_it_placed() -> None:
    # five figures under seven columns: 2.50 stands in 因公出国(境)费 or 公务接待费, 10.00 in
    # 购置费 or 运行费 (the sums cannot tell), so those columns name no figure; the totals and
    # the 88.80 after the “三公” group stand where the sums put them, and are named
    short = "12.50 2.50 10.00 10.00 88.80"
    assert _findings(TITLE + ONE_ROW_TABLE.format(row=short, text="88.80")) == []
    assert _findings(TITLE + ONE_ROW_TABLE.format(row=short, text="88.90")) == [("AL401", 15)]
    spread = ONE_ROW_TABLE.replace("机关运行经费预算为{text}", "公务接待费预算为{text}")
    assert _findings(TITLE + spread.format(row=short, text="2.60")) == []


def _growth(opening: str, rate: str) -> str:
    return ("青山县审计局2024年部门预算情况说明\n一、支出预算情况说明\n"
            f"{opening}基本支出预算数为 500.00万元。与上年相比增加50.00 万元，增长 {rate} %。\n")


def test_growth_of_the_amount_after_words_that_open_its_sentence() -> None:
    for opening in ("此外，", "3、"):
        assert _findings(_growth(opening, "11.11")) == []
        assert _findings(_growth(opening, "12.00")) == [("AL202", 3)]


def _split_list(second: str) -> str:
    return ("青山县审计局2024年部门预算情况说明\n一、支出预算情况说明\n"
            "本局本年支出预算合计900.00万元，其中：基本支出500.00万元，占55.56%；\n"
            "项目支出300.00万元，占33.33%；\n"
            "18\n\f"
            f"单位预留机动经费100.00万元，占{second}%。\n")


def test_a_list_split_at_its_semicolons_and_a_page_number_is_one_list() -> None:
    assert _findings(_split_list("11.11")) == []
    assert ("AL203", 6) in _findings(_split_list("12.11"))


FINAL = """青山县审计局2023年部门决算
第一部分 2023年部门决算表
一般公共预算财政拨款支出决算表
单位：万元
科目编码 项目 本年支出合计 基本支出 项目支出
合计 900.00 600.00 300.00
201 一般公共服务支出 900.00 600.00 300.00
20108 审计事务 900.00 600.00 300.00
2010801 行政运行 600.00 600.00 0.00
2010804 审计业务 300.00 0.00 300.00
注：本表金额保留两位小数。

第二部分 2023年部门决算情况说明
一、支出决算总体情况
本局2023年度本年支出 900.00万元。具体情况如下：
1.基本支出 600.00万元，主要用于机关运行。
2.项目支出 {amount}万元，主要用于审计项目。
"""


def test_a_final_reports_untagged_figures_are_the_outturn() -> None:
    # the text under `…决算…` is the outturn's, and so is the column total 项目支出
    assert _findings(FINAL.format(amount="300.00")) == []
    assert ("AL401", 17) in _findings(FINAL.format(amount="301.00"))


def _sangong(third: str, second: str = "公务用车购置及运行费") -> str:
    return ("青山县审计局2024年部门预算情况说明\n一、“三公”经费预算情况说明\n"
            "本局2024年“三公”经费预算支出中，因公出国（境）费支出20万元，占“三公”经费的20.0%；"
            f"{second}支出50万元，占“三公”经费的50.0%；公务接待费支出30万元，占“三公”经费的"
            f"{third}%。\n")


def test_shares_of_every_part_of_a_complete_set_add_up_to_a_hundred() -> None:
    # the whole is stated nowhere, but 因公出国、公务用车、公务接待 are all of 三公经费
    assert _findings(_sangong("30.0")) == []
    assert _findings(_sangong("31.0")) == [("AL204", 3)]
    # two parts of a set named, and a third that is not of it: no breakdown known complete
    assert _findings(_sangong("31.0", second="会议费")) == []


FUND = """青山县审计局2023年部门决算
第一部分 2023年部门决算表
收入决算表
单位：万元
项目 行次 决算数
一般公共预算财政拨款收入 1 900.00
政府性基金预算财政拨款收入 2 0.00
其他收入 3 0.00
本年收入合计 4 900.00
注：本表金额保留两位小数。

第二部分 2023年部门决算情况说明
一、收入决算总体情况
本局2023年度一般公共预算财政拨款收入 {amount}万元，主要用于机关运行。
"""


def test_a_funds_name_is_no_budget_word() -> None:
    # 一般公共预算财政拨款收入 of a 决算 is the fund's outturn, as the table's 决算数 is
    assert _findings(FUND.format(amount="900.00")) == []
    assert _findings(FUND.format(amount="901.00")) == [("AL401", 14)]


CARRIED = """青山县审计局2024年部门预算
第一部分 2024年部门预算表
预算01表 收支总表
单位：万元
项目 预算数 比上年增减
本年收入合计 900.00 10.00
上年结转结余 379.26 5.00
收入总计 1279.26 15.00
注：本表金额保留两位小数。

预算03表 财政拨款收支总表
单位：万元
项目 预算数 比上年增减
本年收入合计 800.00 10.00
上年结转结余 274.68 5.00
收入总计 1074.68 15.00
注：本表金额保留两位小数。

第二部分 2024年部门预算情况说明
{heading}
上年结转结余 {amount} 万元。
"""


def test_the_text_of_the_whole_department_is_the_whole_tables_figure() -> None:
    # the two tables disagree, rightly (all funds, and the 财政拨款 part); the text under a
    # heading of no narrower fund speaks of all funds
    whole = "二、收入预算情况说明"
    assert _findings(CARRIED.format(heading=whole, amount="379.26")) == []
    assert _findings(CARRIED.format(heading=whole, amount="378.26")) == [("AL401", 21)]
    # under a heading that names the 财政拨款 fund it may be that fund's: not linked
    fiscal = "三、财政拨款收支预算情况说明"
    assert _findings(CARRIED.format(heading=fiscal, amount="378.26")) == []
