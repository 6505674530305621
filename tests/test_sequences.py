"""Row numbers (行次, 序号) that break their run (AL702): a number between two that leave no
doubt is reported; numberings that restart, skip or were never a run are not."""

from __future__ import annotations

import pytest

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.markdown import parse_markdown
from auditlint.readers.text import parse_text

FORM = """财政拨款收入支出决算总表
单位：万元
收入 支出
项目 行次 金额 项目 行次 金额
一、一般公共预算财政拨款 1 15.00 一、一般公共服务支出 {a} 12.00
二、政府性基金预算财政拨款 2 0.00 二、外交支出 {b} 0.00
3 三、国防支出 {c} 0.00
4 四、公共安全支出 {d} 3.00
5 五、教育支出 {e} 0.00
本年收入合计 6 15.00 本年支出合计 {f} 15.00
"""


def found(text: str, markdown: bool = False) -> list[tuple[int, str]]:
    doc = parse_markdown(text, "t.md") if markdown else parse_text(text, "t.txt")
    ctx = CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt")
    return [(f.line, f.message) for f in run_rules(ctx) if f.code == "AL702"]


def form(*numbers: int) -> str:
    return FORM.format(**dict(zip("abcdef", (str(n) for n in numbers), strict=True)))


def test_a_number_copied_from_another_row_is_found() -> None:
    ((line, message),) = found(form(28, 33, 30, 31, 32, 33))
    assert line == 6
    assert "is 33, between 28 and 30: 29 belongs here" in message
    assert "33 is the 行次 of 本年支出合计" in message


def test_a_number_typed_wrong_is_found_at_the_end_of_a_run() -> None:
    ((line, message),) = found(form(28, 29, 30, 31, 23, 33))
    assert line == 9 and "32 belongs here" in message and "is the" not in message


@pytest.mark.parametrize("numbers", [
    (28, 29, 30, 31, 32, 33),  # a clean run
    (28, 29, 31, 32, 33, 34),  # one row left out: the run skips, nothing is out of place
    (28, 29, 30, 1, 2, 3),  # numbering restarts
    (28, 40, 30, 50, 32, 60),  # no run to speak of: neighbours step by two, but no further
])
def test_runs_that_leave_doubt_are_not_reported(numbers: tuple[int, ...]) -> None:
    assert found(form(*numbers)) == []


def test_a_doubled_item_number_is_found() -> None:
    text = ("项目支出明细表\n\n单位：万元\n\n| 序号 | 项目名称 | 金额 |\n|---|---|---|\n"
            "| 1 | 办公设备购置 | 10.00 |\n| 2 | 档案数字化 | 20.00 |\n| 2 | 信息系统运维 | 30.00 |\n"
            "| 4 | 培训 | 5.00 |\n| 5 | 宣传 | 5.00 |\n| 合计 | | 70.00 |\n")
    ((line, message),) = found(text, markdown=True)
    assert line == 9 and "序号 of 信息系统运维 is 2, between 2 and 4: 3 belongs here" in message
