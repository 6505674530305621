"""AL306 against a stated standard: a 评分表 whose 评分标准 states the level itself (执行率达到
100%得10分，每降低1个百分点扣0.5分) or bands of deviation (偏离目标10%-20%得8分), with the row's
actual value in its 实际完成值 or 评分依据 cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.scoring.standard import StandardWords, read_rule
from auditlint.packs import load_packs
from auditlint.standards import Standard, allowed
from scoring_helpers import findings

PACKS = load_packs()
WORDS = StandardWords(tuple(PACKS.words("standard_deviation")),
                      tuple(PACKS.words("standard_unread")), tuple(PACKS.words("standard_filler")))

ACTUALS = ("示例中心2024年度项目绩效评价报告\n表1 项目绩效评价指标评分表\n"
           "一级指标\t二级指标\t三级指标\t分值\t评分标准\t实际完成值\t得分\n")
BASIS = ("示例馆2024年度项目绩效评价报告\n表2 评分表\n"
         "评价内容\t评分标准\t分值\t得分\t评分依据\n")


def al306(text: str) -> list[str]:
    return [f.message for f in findings(text, ("AL306",))]


@pytest.mark.parametrize(("score", "wrong"), [("9", True), ("8", False)])
def test_a_per_point_standard_with_its_own_level(score: str, wrong: bool) -> None:
    text = ACTUALS + (f"过程\t资金管理\t预算执行率\t10\t执行率达到100%得10分，每降低1个百分点扣0.5分"
                      f"\t96%\t{score}\n") + "合计\t\t\t10\t\t\t" + score + "\n"
    found = al306(text)
    assert bool(found) == wrong
    if wrong:
        assert "10 − 4 ÷ 1 × 0.5" in found[0] and "= 8" in found[0] and "stated 9" in found[0]


@pytest.mark.parametrize(("score", "wrong"), [("10", True), ("8", False)])
def test_bands_of_deviation_from_a_completion_percentage(score: str, wrong: bool) -> None:
    text = ACTUALS + ("产出\t产出数量\t演出场次\t10\t偏离目标10%以内得10分，偏离目标10%-20%得8分，"
                      f"偏离目标20%及以上不得分\t85%\t{score}\n")
    found = al306(text)
    assert bool(found) == wrong
    if wrong:
        assert "10%-20%得8分" in found[0]


def test_the_actual_value_of_a_basis_cell() -> None:
    text = BASIS + (
        "预算执行率\t执行率达到100%得10分，每降低1个百分点扣0.5分\t10\t9\t"
        "预算100万元，实际支出96万元，实际执行率96%\n"
        "借阅量\t偏离目标10%以内得20分，偏离目标10%-20%得15分，偏离目标20%及以上不得分\t20\t20\t"
        "目标借阅5万册，实际借阅4.2万册，偏离目标16%\n"
        "读者满意度\t满意度达到95%得30分，每降低1个百分点扣1分\t30\t28\t问卷满意度93%\n")
    found = al306(text)
    assert len(found) == 2
    assert "预算执行率" in found[0] and "评分依据 96%" in found[0]
    assert "借阅量" in found[1] and "16%" in found[1]


@pytest.mark.parametrize("basis", [
    "目标执行率100%，执行率96%，上年执行率90%",  # 96% the only figure of the measure not a target
    "实际执行率96%",
])
def test_a_basis_figure_named_for_the_measure(basis: str) -> None:
    text = BASIS + f"预算执行率\t执行率达到100%得10分，每降低1个百分点扣0.5分\t10\t9\t{basis}\n"
    assert len(al306(text)) == 1


@pytest.mark.parametrize(("standard", "basis"), [
    # two figures of the measure that differ: the actual one is not unambiguous
    ("执行率达到100%得10分，每降低1个百分点扣0.5分", "一季度执行率96%，全年执行率98%"),
    # a figure of another measure
    ("执行率达到100%得10分，每降低1个百分点扣0.5分", "资金到位率96%"),
    # proportional scoring and awards without a level are not modelled
    ("执行率达到100%得10分，未达到按比例得分", "实际执行率96%"),
    ("执行率达到100%得5分；资料齐全得5分", "实际执行率96%"),
    # a deduction not per percentage point
    ("执行率达到100%得10分，每低于5%扣1分", "实际执行率96%"),
    # criteria that each score a part: the top award is not the weight
    ("执行率达到100%得6分", "实际执行率96%"),
])
def test_rows_left_alone(standard: str, basis: str) -> None:
    assert al306(BASIS + f"预算执行率\t{standard}\t10\t7\t{basis}\n") == []


def test_a_level_measured_of_another_indicator_is_not_read() -> None:
    # the standard measures 满意度, the row's 实际完成值 is its 覆盖率: no reading
    text = ACTUALS + "效益\t社会效益\t服务覆盖率\t10\t满意度达到95%得10分，每降低1个百分点扣1分\t80%\t10\n"
    assert al306(text) == []


def test_a_standard_judges_a_selfeval_row_once() -> None:
    # a 自评表 with a target and a standard: the stated standard decides, one finding
    text = ("示例站2024年度项目支出绩效自评报告\n项目支出绩效自评表\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t评分标准\t偏差原因\n"
            "满意度指标\t服务对象满意度指标\t群众满意度\t≥95%\t90%\t10\t10\t"
            "满意度95%以上得10分，每降低1个百分点扣1分\t\n")
    found = al306(text)
    assert len(found) == 1 and "= 5" in found[0]


@pytest.mark.parametrize(("text", "measure", "at", "score"), [
    ("执行率达到100%得10分，每降低1个百分点扣0.5分", "level", "96", "8"),
    ("满意度在90%（含）以上得5分；低于60%不得分", "level", "50", "0"),
    ("偏离目标10%以内得10分，偏离目标19%-10%得5分，偏离目标20%及以上不得分", "deviation", "12", "5"),
    ("完成率大于100%，得满分，每下降1个百分点，扣0.1分，扣完为止。", "level", "97", "1.7"),
])
def test_read_rule(text: str, measure: str, at: str, score: str) -> None:
    read = read_rule(text, Decimal(10) if "得满分" not in text else Decimal(2), WORDS) \
        if "得5分；" not in text else read_rule(text, Decimal(5), WORDS)
    assert read is not None and read.rule.measure == measure
    rule = Standard.from_json(read.rule.to_json())
    got = allowed(rule, Decimal(at), Decimal(at))
    assert [a.at for a in got] == [Decimal(score)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="得计扣分满不每降低个百分点以上下内偏离目标达到执行率%-,，;。0123456789.（含）≥≤",
               max_size=60), st.integers(min_value=1, max_value=100))
def test_read_rule_never_crashes(text: str, weight: int) -> None:
    read = read_rule(text, Decimal(weight), WORDS)
    if read is not None:
        assert read.rule.top == weight
        for v in (Decimal(0), Decimal(50), Decimal(100)):
            for a in allowed(read.rule, v, v):
                assert a.lo <= a.hi
