"""Stated scoring standards (评分标准): the most one clause awards never exceeds the weight."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.scoring.standard import awards
from scoring_helpers import codes, findings

SYSTEM = "一级指标\t二级指标\t三级指标\t指标解释\t评分标准\n"


def system(rows: str) -> str:
    return "评价指标体系\n\n" + SYSTEM + rows + "\n"


@pytest.mark.parametrize(("text", "points"), [
    ("变动率≤0，计5分；变动率>0，每超过一个百分点扣0.5分，扣完为止。", ["5"]),
    ("①规划合理，得1分；②计划量化，得 1 分。", ["1", "1"]),
    ("偏离目标10%-20%得8分，偏离目标20%及以上不得分", ["8"]),
    ("视完成情况得３-５分", ["5"]),
    ("完成率大于100%，得满分，每下降1个百分点，扣0.1分", []),
    ("综合得分90分以上为优秀", []),
])
def test_award_clauses(text: str, points: list[str]) -> None:
    assert [str(a.points) for a in awards(text)] == points


def test_a_standard_awarding_more_than_the_weight_is_reported() -> None:
    rows = ("投入（20分）\t预算配置（9分）\t三公经费变动率（3分）\t预算数变动\t"
            "变动率≤0，计5分；变动率>0，每超过一个百分点扣0.5分\n"
            "\t\t在职人员控制率（3分）\t在职人数比\t控制率≤100%，计3分\n"
            "\t\t重点支出安排率（3分）\t重点项目比\t①有安排得1分；②安排合理得2分\n")
    found = findings(system(rows), ("AL301",))
    assert len(found) == 1
    assert "计5分" in found[0].message and "三公经费变动率" in found[0].message
    assert "3" in found[0].message


def test_standards_within_the_weight_and_shared_cells_are_quiet() -> None:
    rows = ("投入（20分）\t预算配置（9分）\t三公经费变动率（3分）\t预算数变动\t变动率≤0，计3分\n"
            "\t\t在职人员控制率（3分）\t在职人数比\t按完成情况计6分\n"
            "\t\t重点支出安排率（3分）\t重点项目比\t按完成情况计6分\n")
    # the last two share one standard: it may score their group, not each row
    assert codes(system(rows), ("AL301",)) == []


def test_a_standard_column_in_a_scored_table_checks_the_weight_column() -> None:
    text = ("绩效评价指标评分表\n\n一级指标\t二级指标\t三级指标\t分值\t评分标准\t得分\n"
            "产出\t数量\t培训人次\t5\t完成500人次计8分\t5\n"
            "产出\t质量\t合格率\t5\t合格率100%计5分\t5\n"
            "效益\t满意度\t满意度\t10\t满意度≥90%计10分\t10\n"
            "合计\t\t\t20\t\t20\n")
    found = findings(text, ("AL301",))
    assert len(found) == 1 and "计8分" in found[0].message


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="计得扣分满至-~0123456789.%，；①②是否完成率目标 \n（）()", max_size=80)
       | st.text(max_size=80))
def test_award_parser_never_crashes(text: str) -> None:
    for a in awards(text):
        assert a.points >= Decimal(0)


PER = "达到95%计50分，每降低1个百分点扣2分，扣完为止"
INDICATORS_STD = ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t评分标准\t"
                  "偏差原因分析及改进措施\n")


def selfeval_std(actual: str, score: str) -> str:
    return ("项目支出绩效自评表\n\n项目名称\t某项目\n" + INDICATORS_STD +
            f"产出指标\t质量指标\t验收合格率\t≥95%\t{actual}\t50\t{score}\t{PER}\t\n"
            "满意度指标\t满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t满意度≥90%计40分\t\n"
            f"总分\t\t\t\t\t90\t{int(score) + 40}\t\t\n\n")


@pytest.mark.parametrize(("actual", "score", "found"), [
    ("90%", "40", []),  # 5 points short: 50 - 5 × 2 = 40
    ("90%", "44", ["AL306"]),
    ("92.5%", "45", []),  # 2.5 short: 44 to 46, as the part step counts whole, in part or not
    ("92.5%", "46", []),
    ("92.5%", "43", ["AL306"]),
    ("60%", "0", []),  # not below zero
])
def test_score_follows_a_stated_per_point_deduction(actual: str, score: str,
                                                    found: list[str]) -> None:
    got = findings(selfeval_std(actual, score), ("AL306",))
    assert [f.code for f in got] == found
    if got:
        # the standard states its own level (达到95%): the rule read from it shows the sum
        assert "「每降低1个百分点扣2分」 below 95%" in got[0].message and "50 − " in got[0].message


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="每降低下减少个百分点扣除分计得0123456789.%，,一 ", max_size=60))
def test_per_point_parser_never_crashes(text: str) -> None:
    from auditlint.extract.scoring.standard import per_point
    got = per_point(text)
    assert got is None or got[0] > 0


def selfeval_unit(target: str, actual: str, standard: str, score: str) -> str:
    """A 自评表 whose first indicator is a count or an amount with a per-unit standard."""
    return ("项目支出绩效自评表\n\n项目名称\t某项目\n" + INDICATORS_STD +
            f"产出指标\t数量指标\t指标一\t{target}\t{actual}\t20\t{score}\t{standard}\t\n"
            "满意度指标\t满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t满意度≥90%计40分\t\n"
            f"总分\t\t\t\t\t60\t{Decimal(score) + 40}\t\t\n\n")


@pytest.mark.parametrize(("target", "actual", "standard", "score", "found"), [
    ("≥12次", "9次", "每少1次扣1分", "17", []),  # 3 short: 20 − 3 = 17
    ("≥12次", "9次", "每少1次扣1分", "19", ["AL306"]),
    ("≥12次", "9次", "每少一次扣2分，扣完为止", "14", []),
    ("≥12次", "9次", "每少2次扣1分", "18", []),  # 1.5 steps: 18 to 19
    ("≥12次", "9次", "每少2次扣1分", "17", ["AL306"]),
    ("≥12次", "3次", "每少1次扣3分", "0", []),  # not below zero
    ("≤50万元", "53万元", "每超支1万元扣0.5分", "18.5", []),
    ("≤50万元", "53万元", "每超支1万元扣0.5分", "18", []),  # 53 read within its rounding
    ("≤50万元", "53万元", "每超支1万元扣0.5分", "17", ["AL306"]),
    ("≤50万元", "48万元", "每超支1万元扣0.5分", "20", []),  # within the ceiling: nothing off
    ("≥12场", "9场", "每少1次扣1分", "19", []),  # its unit is not the target's: not read
    ("≥12万人", "9万人", "每少1人扣1分", "19", []),  # nor a unit of another scale
])
def test_score_follows_a_stated_per_unit_deduction(target: str, actual: str, standard: str,
                                                   score: str, found: list[str]) -> None:
    got = findings(selfeval_unit(target, actual, standard, score), ("AL306",))
    assert [f.code for f in got] == found
    if got:
        assert " − " in got[0].message and " ÷ " in got[0].message, got[0].message


def test_a_per_unit_finding_shows_its_computation() -> None:
    (f,) = findings(selfeval_unit("≤50万元", "53万元", "每超支1万元扣0.5分", "17"), ("AL306",))
    assert "deducts 0.50 for each 1.00 万元 over; 53万元 is 3.00 万元 over ≤50万元" in f.message
    assert "max(0, 20 − 3.00 ÷ 1.00 × 0.50) = 18.00 to 19.00, stated 17" in f.message
    (f,) = findings(selfeval_unit("≥12次", "9次", "每少1次扣1分", "19"), ("AL306",))
    assert "9次 is 3.00 次 short of ≥12次" in f.message and ", stated 19" in f.message


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="每少减超支出过多缺低于次场万元人个扣除分计得0123456789.%，,一 ",
               max_size=60) | st.text(max_size=40))
def test_per_unit_parser_never_crashes(text: str) -> None:
    from auditlint.extract.scoring.standard import per_unit
    got = per_unit(text)
    assert got is None or (got.step > 0 and got.unit and got.side in ("short", "over")
                           and "百分点" not in got.unit)
