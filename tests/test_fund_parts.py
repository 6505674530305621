"""Figures of a narrower table are not the department's: the total of a 一般公共预算 table's
基本支出 column, the rows of a table of 基本支出 alone (公务接待费 of 基本支出 is not the
“三公” 公务接待费), and the codes of a 基本支出总表 against a table of every expenditure."""

from __future__ import annotations

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.extract.disclosure.tables import spec_of
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text


def _codes(text: str) -> list[str]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted(f.code for f in found if f.severity != "info" and f.code.startswith("AL4"))


WHOLE = """支出决算表
单位：万元
科目代码 科目名称 本年支出合计 基本支出 项目支出
合计 1,000.00 700.00 300.00
201 一般公共服务支出 1,000.00 700.00 300.00
20108 审计事务 1,000.00 700.00 300.00
2010801 行政运行 700.00 700.00 0.00
2010804 审计业务 300.00 0.00 300.00
注：本表反映部门本年度各项支出。
"""
GENERAL = """收入决算表
单位：万元
科目编码 科目名称 本年收入合计 财政拨款收入 其他收入
合计 1,000.00 800.00 200.00
201 一般公共服务支出 1,000.00 800.00 200.00
20108 审计事务 1,000.00 800.00 200.00
注：本表反映部门本年度各项收入。
一般公共预算财政拨款支出决算表
单位：万元
科目代码 科目名称 小计 基本支出 项目支出
合计 800.00 600.00 200.00
201 一般公共服务支出 800.00 600.00 200.00
20108 审计事务 800.00 600.00 200.00
2010801 行政运行 600.00 600.00 0.00
2010804 审计业务 200.00 0.00 200.00
注：本表反映一般公共预算财政拨款支出。
"""
TEXT = """
第二部分 2024年度部门决算情况说明

三、支出决算情况说明

本年支出合计1,000.00万元，其中：基本支出{basic}万元，占70.00%；项目支出300.00万元，占30.00%。
"""
HEAD = "青山县审计局2024年度部门决算\n第一部分 2024年度部门决算表\n"


def test_a_general_tables_column_total_is_not_the_departments() -> None:
    # 其他收入 200: the 一般公共预算 table holds less than the whole (whose tables the report
    # has), and its 基本支出 total 600 is no mismatch with the text's 700 of every fund
    assert _codes(HEAD + GENERAL + TEXT.format(basic="700.00")) == []
    # the whole's 基本支出 is still checked against the text
    assert _codes(HEAD + WHOLE + GENERAL + TEXT.format(basic="700.00")) == []
    assert "AL401" in _codes(HEAD + WHOLE + GENERAL + TEXT.format(basic="710.00"))


BASIC = """青山县审计局2025年部门预算
第一部分 2025年部门预算表
一般公共预算基本支出部门预算经济分类预算表
单位：元
经济分类科目编码 经济分类科目名称 合计 人员经费 公用经费
302 商品和服务支出 300,000 0 300,000
30201 办公费 210,000 0 210,000
30217 公务接待费 90,000 0 90,000
注：本表反映一般公共预算基本支出。

第二部分 2025年部门预算情况说明

{heading}

{sentence}
"""


def test_a_basic_expenditure_tables_rows_are_not_the_whole_departments() -> None:
    three = BASIC.format(heading="一、“三公”经费预算情况说明",
                         sentence="（三）公务接待费15.00万元，与上年预算持平。")
    assert _codes(three) == []


def test_the_text_under_a_heading_of_basic_expenditure_is_checked_against_its_rows() -> None:
    basic = BASIC.format(heading="一、一般公共预算基本支出情况说明",
                         sentence="公用经费中，办公费{}万元。")
    assert _codes(basic.format("21.00")) == []
    assert "AL401" in _codes(basic.format("25.00")) or "AL403" in _codes(basic.format("25.00"))


TOTALS = """青山县统计局2026年部门预算
第一部分 2026年部门预算表
基本支出总表
单位：万元
支出项目类别 总计 财政拨款
商品和服务支出 400.00 400.00
办公费 400.00 400.00
一般公共预算支出表（按经济分类）
单位：万元
科目编码 科目名称 合计 基本支出 项目支出
302 商品和服务支出 1,000.00 400.00 600.00
30201 办公费 1,000.00 400.00 600.00
"""


def test_a_basic_expenditure_total_table_is_no_table_of_every_expenditure() -> None:
    # `基本支出总表` ends with `支出总表`: the longer title names it, a table of one part
    spec = spec_of("2026年基本支出总表", load_packs().tables)
    assert spec is not None and (spec.name, spec.part) == ("基本支出总表", "基本支出")
    whole = spec_of("2026年支出总表", load_packs().tables)
    assert whole is not None and whole.part == ""
    assert _codes(TOTALS) == []


WHOLE_UNNAMED = WHOLE.replace("本年支出合计 基本支出 项目支出", "金额1 金额2 金额3")
GENERAL_ALL = """收入决算表
单位：万元
科目编码 科目名称 本年收入合计 财政拨款收入 其他收入
合计 1,000.01 1,000.00 0.01
201 一般公共服务支出 1,000.01 1,000.00 0.01
20108 审计事务 1,000.01 1,000.00 0.01
注：本表反映部门本年度各项收入。
一般公共预算财政拨款支出决算表
单位：万元
科目代码 科目名称 小计 基本支出 项目支出
合计 1,000.00 700.00 300.00
201 一般公共服务支出 1,000.00 700.00 300.00
20108 审计事务 1,000.00 700.00 300.00
2010801 行政运行 700.00 700.00 0.00
2010804 审计业务 300.00 0.00 300.00
注：本表反映一般公共预算财政拨款支出。
"""


def test_a_general_table_whose_grand_total_is_the_wholes_speaks_for_the_whole() -> None:
    # every expenditure is 一般公共预算 (its 合计 is the 支出决算表's), though a little other
    # income stands in the 收入决算表: its 基本支出 total is the text's
    report = HEAD + WHOLE_UNNAMED + GENERAL_ALL
    assert _codes(report + TEXT.format(basic="700.00")) == []
    assert "AL401" in _codes(report + TEXT.format(basic="710.00"))
