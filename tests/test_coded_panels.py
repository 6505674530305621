"""Tables of codes in three panels side by side (the 基本支出 table), unfolded by code."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.document import Table
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

TABLE = """一般公共预算财政拨款基本支出决算表
金额单位：万元
人员经费 公用经费
科目代码 科目名称 决算数 科目代码 科目名称 决算数 科目代码 科目名称 决算数
301 工资福利支出 {w} 302 商品和服务支出 60.00 310 资本性支出 8.00
30101 基本工资 40.00 30201 办公费 20.00 31002 办公设备购置 8.00
30102 津贴补贴 30.00 30205 水费 31003 专用设备购置
30103 奖金 30206 电费 10.00 399 其他支出
30199 其他工资福利支出 10.00 30211 差旅费 30.00 39907 国家赔偿费用支出
303 对个人和家庭的补助 5.00 30299 其他商品和服务支出
对民间非营利组织和群众
30302 退休费 5.00 39908
性自治组织补贴
30399 其他对个人和家庭的补助 39999 其他支出
人员经费合计 85.00 公用经费合计 68.00
"""


def read(text: str) -> Table:
    (table,) = parse_text(text, "t.txt").tables
    return table


def sums_found(text: str) -> list[str]:
    doc = parse_text(text, "t.txt")
    ctx = CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt")
    return [f.message for f in run_rules(ctx) if f.code == "AL101"]


def test_rows_are_unfolded_by_code_with_each_figure_beside_its_own_name() -> None:
    table = read(TABLE.format(w="80.00"))
    rows = [[table.text(r, c).strip() for c in range(3)] for r in range(table.n_rows)]
    assert rows[0] == ["科目编码", "科目名称", "决算数"]
    codes = [r[0] for r in rows[1:]]
    assert codes == sorted(codes) and codes[:3] == ["301", "30101", "30102"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["30103"][1:] == ["奖金", ""]  # an empty cell stays empty
    assert by_code["30206"][1:] == ["电费", "10.00"]
    assert by_code["39908"][1] == "对民间非营利组织和群众性自治组织补贴"
    assert table.unit == "万元" and table.caption == "一般公共预算财政拨款基本支出决算表"


def test_a_class_that_is_not_the_sum_of_its_items_is_found() -> None:
    assert sums_found(TABLE.format(w="80.00")) == []
    (message,) = sums_found(TABLE.format(w="82.00"))
    assert "code 301" in message and "40.00 + 30.00 + 10.00 = 80.00 ≠ 82.00" in message


def test_codes_of_two_classifications_or_stated_twice_are_not_unfolded() -> None:
    twice = TABLE.format(w="80.00").replace("30205 水费", "30201 水费")
    assert all(t.shape != "spaced" or t.n_cols != 3 for t in parse_text(twice, "t.txt").tables)
    mixed = TABLE.format(w="80.00").replace("31002 办公设备购置", "20101 行政运行")
    assert all(t.n_cols != 3 for t in parse_text(mixed, "t.txt").tables)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["301", "30101", "302", "30201", "399", "基本工资", "办公费", "10.00", "0",
                     "1,000.00", "-", " ", "合计"]),
    st.text(alphabet="0123456789 工资办公费.,-", max_size=12)), max_size=14),
    st.integers(min_value=1, max_value=9))
def test_no_line_of_codes_crashes_the_reader(tokens: list[str], n: int) -> None:
    line = " ".join(tokens)
    text = "基本支出决算表\n单位：万元\n" + "\n".join([line] * n) + "\n"
    parse_text(text, "t.txt")


def test_a_short_line_after_the_last_row_is_left_to_the_next_table() -> None:
    text = TABLE.format(w="80.00").replace(
        "人员经费合计 85.00 公用经费合计 68.00\n",
        "政府性基金预算支出表\n科目编码 科目名称 2025年预算数\n229 其他支出 0.00\n")
    first = parse_text(text, "t.txt").tables[0]
    assert all("政府性基金" not in first.text(r, 1) for r in range(first.n_rows))
