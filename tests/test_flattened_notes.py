"""Value tables flattened by PDF extraction with a text column (超支或结余资金原因) after the
figures, names and notes wrapped over the lines around a row, numbered rows, and the header
printed again where the table goes over a page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

PROJECT_TABLE = """（1）预算资金安排及使用情况
专项资金预算批复金额900万元，实际执行800万元。
项目支出情况表
单位：万元
序 超支或结余资金
项目名称 预算批复 预算到位 实际执行 执行率 指标结余
号 原因及处理
合计 900.00 900.00 800.00 88.89% 100.00
一 企业补助资金 600.00 600.00 550.00 91.67% 50.00
根据联审结果安
1 弥补企业资金缺口 400.00 400.00 380.00 95.00% 20.00
排资金
2 启动资金 200.00 200.00 170.00 85.00% 30.00 年底结余收回
— 7 —
\f序 超支或结余资金
项目名称 预算批复 预算到位 实际执行 执行率 指标结余
号 原因及处理
困难职
二 300.00 300.00 250.00 83.33% 50.00
工帮扶资金
1 100.00 100.00 100.00 100.00% -由财政直接拨付
2 特困救助 200.00 200.00 150.00 75.00% 50.00 按实际情况安排
（2）项目组织情况
本项目由某某办公室负责组织实施。
"""


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def _line(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), 1) if ln.startswith(start))


def test_rows_with_notes_numbers_and_a_repeated_header_are_one_table() -> None:
    (table,) = parse_text(PROJECT_TABLE).tables
    labels = [table.text(r, 0) for r in range(1, table.n_rows)]
    assert labels[0] == "合计"
    assert [la[:2] for la in labels[1:]] == ["一、", "1、", "2、", "二、", "1、", "2、"]
    assert [table.text(6, c) for c in range(1, 6)] == ["100.00", "100.00", "100.00", "100.00%", "-"]
    assert _findings(PROJECT_TABLE) == []


def test_a_wrong_total_and_a_wrong_rate_are_found() -> None:
    wrong = PROJECT_TABLE.replace("合计 900.00 900.00", "合计 900.00 910.00")
    assert ("AL101", _line(wrong, "合计")) in _findings(wrong)
    wrong = PROJECT_TABLE.replace("170.00 85.00%", "170.00 86.00%")
    assert ("AL201", _line(wrong, "2 启动资金")) in _findings(wrong)
    wrong = PROJECT_TABLE.replace("1 100.00 100.00 100.00 100.00%", "1 100.00 100.00 100.00 90.00%")
    assert ("AL201", _line(wrong, "1 100.00")) in _findings(wrong)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PROJECT_TABLE.split("\n")), max_size=25))
def test_no_order_of_such_lines_crashes_the_reader(lines: list[str]) -> None:
    parse_text("\n".join(lines) + "\n")


CENTRED_TABLE = """（1）预算资金安排及使用情况
资金安排情况如下表：
项目支出情况表
单位：万元
序 超支或结余资金
项目名称 预算批复 预算到位 实际执行 执行率 指标结余
号 原因及处理
合计 900.00 900.00 800.00 88.89% 100.00
道路养护
一 600.00 600.00 550.00 91.67% 50.00
维修补助
乡村道路 按工程结算进度安
1 400.00 400.00 380.00 95.00% 20.00
养护补助 排资金
— 7 —
\f序 超支或结余资金
项目名称 预算批复 预算到位 实际执行 执行率 指标结余
号 原因及处理
城区桥梁
2 200.00 200.00 170.00 85.00% 30.00
维修补助
社区公共
服务设施
年底结余部分由财政收
二 管护运维 300.00 300.00 250.00 83.33% 50.00
回统一安排，不再结转
资金保障
补助经费
（2）项目组织情况
本项目由某某办公室负责组织实施。
"""


def test_names_centred_on_their_rows_are_read_from_both_sides() -> None:
    (table,) = parse_text(CENTRED_TABLE).tables
    labels = [table.text(r, 0) for r in range(1, table.n_rows)]
    assert labels == ["合计", "一、道路养护维修补助", "1、乡村道路养护补助", "2、城区桥梁维修补助",
                      "二、社区公共服务设施管护运维资金保障补助经费"]


def test_names_wrapped_before_their_rows_keep_that_reading() -> None:
    # every name ends on its row's line: nothing says a line belongs to the row above it
    text = """项目支出情况表
单位：万元
项目名称 预算批复 预算到位 实际执行 执行率 指标结余
合计 900.00 900.00 800.00 88.89% 100.00
道路养护
维修补助 600.00 600.00 550.00 91.67% 50.00
社区公共
服务补助 300.00 300.00 250.00 83.33% 50.00
"""
    (table,) = parse_text(text).tables
    assert [table.text(r, 0) for r in range(2, table.n_rows)] == ["道路养护维修补助",
                                                                   "社区公共服务补助"]
