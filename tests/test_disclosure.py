"""The standard tables of a 预算 disclosure against each other (rules/disclosure.toml)."""

from __future__ import annotations

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.extract.disclosure.tables import spec_of
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

HEAD = "项目 支出预算\n功能分类科目名称 合计 基本支出 项目支出\n"
ROWS = (
    "201 一般公共服务支出 {a} 300,000 {b}\n"
    "201 03 政府办公厅(室)及相关机构事务 {a} 300,000 {b}\n"
    "201 03 01 行政运行 300,000 300,000 0\n"
    "201 03 02 一般行政管理事务 {b} 0 {b}\n"
    "221 住房保障支出 90,000 90,000 0\n"
    "221 02 住房改革支出 90,000 90,000 0\n"
    "221 02 01 住房公积金 90,000 90,000 0\n"
)


def _report(expense_row: str = "201 03 02 一般行政管理事务 200,000 0 200,000\n") -> str:
    body = ROWS.format(a="500,000", b="200,000")
    spending = body.replace("201 03 02 一般行政管理事务 200,000 0 200,000\n", expense_row)
    return (
        "2025年部门财务收支预算总表\n单位：元\n本年收入 本年支出\n项目 预算数 项目 预算数\n"
        "一、财政拨款收入 590,000 一、一般公共服务支出 500,000\n"
        "1. 政府性基金预算拨款 0 二、住房保障支出 90,000\n"
        "二、事业收入 0\n"
        "收入总计 590,000 支出总计 590,000\n"
        "2025年部门支出预算总表\n单位：元\n" + HEAD + spending
        + "合计 590,000 390,000 200,000\n"
        "2025年部门一般公共预算支出功能分类预算表\n单位：元\n" + HEAD + body
        + "合计 590,000 390,000 200,000\n"
    )


def _findings(text: str) -> list[tuple[str, int, str]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.line, f.severity) for f in found if f.severity != "info")


def test_titles_of_provinces_name_the_standard_tables() -> None:
    tables = load_packs().tables
    assert spec_of("2025年部门支出预算总表", tables).name == "支出总表"  # type: ignore[union-attr]
    assert spec_of("预算05表 一般公共预算支出表", tables).name == "一般公共预算支出表"  # type: ignore[union-attr]
    assert spec_of("财政拨款收入支出决算总表", tables).name == "财政拨款收支总表"  # type: ignore[union-attr]
    assert spec_of("一般公共预算财政拨款基本支出决算表", tables).name == "一般公共预算基本支出表"  # type: ignore[union-attr]
    assert spec_of("项目支出绩效自评表", tables) is None


def test_consistent_tables_give_nothing() -> None:
    assert _findings(_report()) == []


def test_a_code_that_differs_between_two_tables_is_found() -> None:
    # one figure of the 支出总表 is wrong: its own row and column sums fail, and the same code
    # in the 一般公共预算 table (the same funds: the report states no other income and no
    # 政府性基金) says which figure it is
    found = _findings(_report("201 03 02 一般行政管理事务 210,000 0 200,000\n"))
    assert ("AL401", 16, "error") in found
    assert ("AL101", 16, "error") in found


def test_tables_of_different_funds_are_not_compared_when_the_report_has_other_income() -> None:
    text = _report("201 03 02 一般行政管理事务 210,000 0 200,000\n").replace(
        "二、事业收入 0", "二、事业收入 10,000")
    assert not [f for f in _findings(text) if f[0] == "AL401"]


def test_a_class_named_in_words_in_the_summary_table_is_linked_to_its_code() -> None:
    graph = build_graph(parse_text(_report()), load_packs())
    (group,) = [r for r in graph.relations if r.kind == "same_as"
                and 5 in {graph.facts[i].span.line for i in [r.result or 0, *r.operands]}]
    lines = sorted(graph.facts[i].span.line for i in [group.result or 0, *group.operands])
    assert lines == [5, 13, 25]  # 收支总表, 支出总表, 一般公共预算支出表
    assert "一般公共服务支出 is code 201" in group.params["reason"]


def test_final_accounts_never_compare_income_with_expenditure_by_function() -> None:
    income = ("收入决算表\n单位：元\n项目 合计 财政拨款收入\n"
              "201 一般公共服务支出 500,000 500,000\n201 03 政府办公厅 500,000 500,000\n"
              "201 03 01 行政运行 500,000 500,000\n")
    expense = ("支出决算表\n单位：元\n项目 合计 基本支出\n"
               "201 一般公共服务支出 480,000 480,000\n201 03 政府办公厅 480,000 480,000\n"
               "201 03 01 行政运行 480,000 480,000\n")
    assert _findings(income + expense) == []


def test_a_detail_table_of_sub_codes_rolls_up_to_the_class_total() -> None:
    summary = ("2025年部门一般公共预算支出功能分类预算表\n单位：万元\n项目 合计 基本支出 项目支出\n"
               "204 公共安全支出 120.00 100.00 20.00\n204 06 司法 120.00 100.00 20.00\n"
               "204 06 01 行政运行 100.00 100.00 0.00\n204 06 02 一般行政管理事务 20.00 0.00 20.00\n")
    detail = ("预算05表 一般公共预算支出表\n金额单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n"
              "2040601 行政运行 100.00 100.00 0.00\n2040602 一般行政管理事务 20.00 0.00 20.00\n"
              "2080505 机关事业单位基本养老保险缴费支出 30.00 30.00 0.00\n")
    assert _findings(summary + detail) == []
    graph = build_graph(parse_text(summary + detail), load_packs())
    rollups = [r for r in graph.relations if r.kind == "table_sum" and "rows under it" in r.origin]
    assert {graph.facts[r.result or 0].text for r in rollups} == {"120.00"}
    # a detail table listing a code unit by unit adds all its rows
    repeated = detail + "2040601 行政运行 40.00 40.00 0.00\n"
    assert ("AL101", 4, "error") in _findings(summary + repeated)


def test_a_note_calling_a_table_with_figures_empty_is_found_and_an_empty_one_is_not() -> None:
    empty = ("2025年部门政府性基金预算支出功能分类预算表\n单位：元\n"
             "功能分类科目名称 合计 基本支出 项目支出\n栏次 1 2 3\n合计\n"
             "注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。\n")
    assert _findings(empty) == []
    filled = ("2025年部门“三公”经费预算表\n单位：万元\n合计 因公出国(境)费 公务接待费\n"
              "3.20 0 3.20\n注：本部门2025年无“三公”经费预算，故本表为空表。\n")
    assert _findings(filled) == [("AL701", 4, "error")]


def test_a_class_total_one_unit_of_the_last_digit_apart_is_a_warning_that_says_so() -> None:
    text = ("部门收支总表\n单位：万元\n项目 预算数 项目 预算数\n"
            "一、财政拨款收入 59.01 一、一般公共服务支出 50.01\n"
            "二、事业收入 0.00 二、住房保障支出 9.00\n"
            "收入总计 59.01 支出总计 59.01\n"
            "部门支出总表\n单位：万元\n功能分类科目名称 合计 基本支出 项目支出\n"
            "201 一般公共服务支出 50.00 30.00 20.00\n201 03 政府办公厅 50.00 30.00 20.00\n"
            "201 03 01 行政运行 30.00 30.00 0.00\n201 03 02 一般行政管理事务 20.00 0.00 20.00\n"
            "221 住房保障支出 9.00 9.00 0.00\n221 02 住房改革支出 9.00 9.00 0.00\n"
            "221 02 01 住房公积金 9.00 9.00 0.00\n")
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    (f,) = [f for f in found if f.code == "AL401"]
    assert f.severity == "warning" and "last digit" in f.message


def test_three_public_expenses_add_up_in_the_narrative() -> None:
    text = ("一、“三公”经费预算情况说明\n2025年“三公”经费预算数为30.50万元。其中：\n"
            "（一）因公出国（境）费0万元。\n（二）公务用车购置及运行费20.00万元。其中：公务用车购置费"
            "12.00万元，公务用车运行费8.00万元。\n（三）公务接待费10.50万元。\n")
    assert _findings(text) == []
    # the car costs' own 其中 list (AL102) or the identity (AL103) catches a wrong part
    assert {c for c, _, _ in _findings(text.replace("运行费8.00", "运行费9.00"))} <= {"AL102", "AL103"}
    assert _findings(text.replace("运行费8.00", "运行费9.00"))
    # the three items of the numbered list against the “三公” total (rules/finance.toml)
    assert [c for c, _, _ in _findings(text.replace("接待费10.50", "接待费11.50"))] == ["AL103"]
