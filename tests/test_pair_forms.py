"""Forms of label-and-amount groups side by side (a 部门整体支出绩效目标申报表 as PDF text
extraction prints it): read as the grid the ruled PDF shows, each group's rows adding up to the
same whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.document import Table
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.lines import classify
from auditlint.readers.pairforms import amount_header, read_pair_forms
from auditlint.readers.text import parse_text
from auditlint.readers.textutil import is_numeric

FORM = """部门整体支出绩效目标申报表
部门名称 某某局
部门预算支出 预算金额（万元） 收入来源 预算金额（万元）
基本支出 320.50 财政拨款 1,000.00
项目支出 690.00 其他资金 10.50
预算整体情况
事业发展性支出 预算金额（万元） 按预算级次划分 预算金额（万元）
财政专项资金 0.00 市本级使用资金 1,010.50
其他事业发展性支出 0.00 拟用于对下转移支付资金 0.00
总体绩效目标
围绕中心工作，提升服务水平。
"""


def _tables(text: str) -> list[Table]:
    return [b for b in parse_text(text).blocks if isinstance(b, Table)]


def test_the_groups_are_read_as_label_and_amount_columns() -> None:
    (table,) = _tables(FORM)
    assert table.shape == "pairs" and table.unit == "万元"
    assert [table.text(0, c) for c in range(4)] == [
        "部门预算支出", "预算金额（万元）", "收入来源", "预算金额（万元）"]
    assert [table.text(1, c) for c in range(4)] == ["基本支出", "320.50", "财政拨款", "1,000.00"]
    assert table.text(4, 2) == "按预算级次划分"
    assert [table.text(6, c) for c in range(4)] == [
        "其他事业发展性支出", "0.00", "拟用于对下转移支付资金", "0.00"]


def test_the_groups_that_split_the_same_whole_are_related() -> None:
    graph = build_graph(parse_text(FORM), load_packs())
    balances = [r for r in graph.relations if r.kind == "identity"]
    assert len(balances) == 2  # spending against sources, and against levels; once each
    labels = {r.params["name"] for r in balances}
    assert labels == {"基本支出 (部门预算支出 = 收入来源)", "基本支出 (部门预算支出 = 按预算级次划分)"}
    assert all(r.params["signs"] == "++-" for r in balances)


def test_a_group_no_pack_declares_is_not_balanced() -> None:
    text = FORM.replace("收入来源", "来源说明").replace("按预算级次划分", "其他划分")
    graph = build_graph(parse_text(text), load_packs())
    assert not [r for r in graph.relations if r.kind == "identity"]


def test_prose_and_one_row_are_not_a_form() -> None:
    text = ("部门预算支出 预算金额（万元） 收入来源 预算金额（万元）\n"
            "基本支出 320.50 财政拨款 1,000.00\n"
            "本年度预算安排合理，执行情况良好。\n")
    assert _tables(text) == []


def test_amount_header_gives_its_unit() -> None:
    assert amount_header("预算金额（万元）") == "万元"
    assert amount_header("预算金额") == ""
    assert amount_header("项目支出") is None


_PIECES = ["部门预算支出", "预算金额（万元）", "收入来源", "基本支出", "财政拨款", "12.50",
           "1,000.00", "0.00", "预算整体情况", "，", "。", "－", "合计"]


@settings(max_examples=150)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=6)
                .map(" ".join), max_size=12))
def test_any_lines_read_without_crashing(lines: list[str]) -> None:
    classified = classify(lines)
    free = [i for i, ln in enumerate(classified) if ln.kind == "text"]
    for form in read_pair_forms(classified, free):
        assert set(form.used) <= set(free)
        assert form.used == sorted(form.used)
        for row in form.table.rows[1:]:
            values = [c.text.text for c in row[1::2] if c.text.text]
            assert all(is_numeric(v) or amount_header(v) is not None for v in values)


def test_a_two_panel_table_under_label_headers_is_not_a_form() -> None:
    text = ("项目 预算金额（万元） 项目 预算金额（万元）\n"
            "一、财政拨款收入 59.01 一、一般公共服务支出 50.01\n"
            "二、事业收入 0.00 二、住房保障支出 9.00\n"
            "收入总计 59.01 支出总计 59.01\n")
    assert all(t.shape != "pairs" for t in _tables(text))
