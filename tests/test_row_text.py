"""A table's row restated in the text, a sentence naming the row once and each figure by its
column's word (crossref/rowtext.py), and the slip of one digit that links them
(agreement.digit_slip)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.agreement import digit_slip
from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.extract.crossref import rowtext
from auditlint.facts import Fact, Span
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

REPORT = """一、基本情况
（一）资金投入和使用情况
具体资金情况如下表：
项目支出情况表
单位：万元
序号 项目名称 预算批复 预算到位 实际执行 执行率 指标结余
合计 900.00 900.00 850.00 94.44% 50.00
一 乡村道路养护维修的补助 600.00 600.00 580.00 96.67% 20.00
二 城区桥梁维修补助 300.00 300.00 270.00 90.00% 30.00
（二）资金实际执行分配情况
①乡村道路养护维修补助项目预算600万元，实际支出580万元，预算执行率96.67%。
②城区桥梁维修补助预算300万元，从其他专户调剂40万元，合计安排340万元，实际支出270万元，预算执行率90%。
"""


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()),
                                   path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def _links(text: str) -> int:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    return sum(1 for r in graph.relations if r.kind == "same_as" and "row" in r.origin
               and "sentence opens" in r.origin)


def test_a_sentence_naming_a_row_links_each_figure_to_its_column() -> None:
    assert _findings(REPORT) == []
    assert _links(REPORT) == 6


def test_a_figure_written_with_one_digit_wrong_is_found() -> None:
    for old, new in (("实际支出580万元", "实际支出590万元"), ("预算300万元", "预算310万元"),
                     ("预算执行率96.67%", "预算执行率97.67%"), ("预算执行率90%", "预算执行率91%")):
        wrong = REPORT.replace(old, new)
        line = next(i for i, ln in enumerate(wrong.split("\n"), 1) if new in ln)
        assert ("AL401", line) in _findings(wrong), new


def test_a_table_cell_written_wrong_is_found_against_the_text() -> None:
    wrong = REPORT.replace("300.00 300.00 270.00 90.00%", "300.00 300.00 271.00 90.00%")
    assert any(code == "AL401" for code, _ in _findings(wrong))


def test_another_quantity_of_the_row_is_not_linked() -> None:
    # the budget topped up from another fund is spent in full: not the table's 实际执行
    other = REPORT.replace("实际支出270万元", "实际支出340万元")
    assert not any(code == "AL401" for code, _ in _findings(other))


def test_a_sentence_naming_no_row_is_not_linked() -> None:
    other = REPORT.replace("②城区桥梁维修补助预算300万元", "②办公楼装修改造预算300万元")
    assert _links(other) == 3


def _fact(value: str, unit: str = "万元") -> Fact:
    d = Decimal(value)
    exp = d.as_tuple().exponent
    return Fact(id=0, kind="amount", value=d, unit=unit, span=Span(1, 1, 1, 2),
                decimals=-exp if isinstance(exp, int) else 0)


def test_digit_slip() -> None:
    assert digit_slip(_fact("601"), _fact("600.00"))
    assert digit_slip(_fact("1,234".replace(",", "")), _fact("1324"))
    assert not digit_slip(_fact("1131"), _fact("1000.00"))
    assert not digit_slip(_fact("600"), _fact("600.00"))
    assert not digit_slip(_fact("600"), _fact("6000"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="资金预算执行率实际支出项目甲乙", min_size=4, max_size=14),
       st.text(alphabet="资金预算执行率实际支出项目甲乙", max_size=20))
def test_the_bounds_before_the_common_subsequence_drop_no_naming(name: str, opening: str) -> None:
    # the length and shared-character bounds only skip pairs the subsequence would refuse
    common = rowtext._common(name, opening)
    held = common >= rowtext._OF_ROW * len(name) and common >= rowtext._OF_OPENING * len(opening)
    expected = common / max(len(name), len(opening)) if held else None
    assert rowtext._held(name, opening) == expected
