"""收支总表 of three panels or more side by side, rows numbered within each panel."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.document import SourceText
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.numpanels import _pairs
from auditlint.readers.text import parse_text

THREE = (
    "表1\n2025年部门综合预算收支总表\n单位：元\n收 入 支 出\n"
    "项 目 预算数 支出功能科目 预算数 经济科目 预算数\n"
    "一、部门预算 900.00一、部门预算 900.00一、部门预算 900.00\n"
    "1、财政拨款 900.00 1、一般公共服务支出 500.00 1、工资福利支出 600.00\n"
    "2、事业收入 0.00 2、教育支出 100.00 2、商品和服务支出 250.00\n"
    "3、其他收入 0.00 3、卫生健康支出 200.00 3、资本性支出 50.00\n"
    "4、住房保障支出 100.00 4、其他支出 0.00\n"
    "5、其他支出 0.00\n"
    "本年收入合计 900.00 本年支出合计 900.00 本年支出合计 900.00\n"
    "上年结转 0.00 结转下年 0.00 结转下年 0.00\n"
    "收入总计 900.00 支出总计 900.00 支出总计 900.00\n"
    "表2\n"
)


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def test_each_pair_goes_to_the_panel_whose_numbering_it_continues() -> None:
    (table,) = parse_text(THREE).tables
    assert table.n_cols == 6 and table.caption == "2025年部门综合预算收支总表"
    # `4、住房保障支出` continues the functions (3、卫生健康支出), `4、其他支出` the classes
    row = [table.text(5, c) for c in range(6)]
    assert row[2:] == ["4、住房保障支出", "100.00", "4、其他支出", "0.00"]
    assert [table.text(6, c) for c in (2, 3)] == ["5、其他支出", "0.00"]
    assert [table.text(8, c) for c in (0, 1)] == ["上年结转", "0.00"]  # the leftmost panel


def test_the_panels_sums_are_checked() -> None:
    assert _findings(THREE) == []
    assert _findings(THREE.replace("2、教育支出 100.00", "2、教育支出 110.00")) == [("AL101", 6)]
    assert _findings(THREE.replace("2、商品和服务支出 250.00", "2、商品和服务支出 260.00")) \
        == [("AL101", 6)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["1、财政拨款", "(2)工资", "其中：专项", "480.00", "0.00一、部门预算",
                                 "收入", "x,y", "12.5%", "，", "3"]), max_size=8))
def test_no_line_crashes_the_pair_reader(tokens: list[str]) -> None:
    pairs = _pairs(SourceText(" ".join(tokens), []))
    assert pairs is None or all(p.label for p in pairs)


WRAPPED = (
    "收支预算总表\n单位：万元\n收入 支出\n功能分类 支出用途\n"
    "项目名称 金额 功能科目名称 金额 项目名称 金额\n"
    "一、财政拨款 500.00 一、一般公共服务支出 300.00 一、基本支出 320.00\n"
    "1.一般公共预算 500.00 二、外交支出 二、项目支出 100.00\n"
    "2.政府性基金预 三、其他经常性支\n"
    "三、国防支出 80.00\n"
    "算 出\n"
    "二、事业收入 四、教育支出 200.00\n"
    "三、其他收入 五、卫生健康支出\n"
    "当年收入小计 500.00 当年支出小计 500.00\n"
    "上年结转 结转下年\n"
    "收入合计 500.00 支出合计 500.00\n"
    "表2\n"
)


def test_wrapped_labels_join_and_a_centred_figure_goes_where_the_sums_put_it() -> None:
    (table,) = parse_text(WRAPPED).tables
    row = [table.text(3, c) for c in range(6)]
    # `三、国防支出` stands centred between the two lines of the wrapped cells; its line's
    # figure completes the 支出用途 panel, not the function panel
    assert row == ["2.政府性基金预算", "", "三、国防支出", "", "三、其他经常性支出", "80.00"]
    assert table.text(4, 0) == "二、事业收入"


def test_a_three_panel_table_with_wrapped_labels_is_checked() -> None:
    assert _findings(WRAPPED) == []
    assert _findings(WRAPPED.replace("四、教育支出 200.00", "四、教育支出 210.00")) \
        == [("AL101", 13)]
    assert ("AL101", 13) in _findings(WRAPPED.replace("三、国防支出 80.00", "三、国防支出 81.00"))
    assert ("AL101", 13) in _findings(WRAPPED.replace("当年支出小计 500.00", "当年支出小计 501.00"))


def test_a_figure_the_sums_cannot_place_is_unknown() -> None:
    # both expenditure panels lack 80.00: wherever it goes, one panel does not add up
    text = WRAPPED.replace("四、教育支出 200.00", "四、教育支出 120.00")
    (table,) = parse_text(text).tables
    assert table.text(3, 3) == "?" and table.text(3, 5) == ""
