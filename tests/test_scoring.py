"""AL302–AL306 on report snippets: each check finds what it should and nothing on a
consistent report."""

from __future__ import annotations

import pytest

from scoring_helpers import codes, findings, fixture

SCORING_TABLE = """\
一级指标\t二级指标\t三级指标\t满分\t得分\t得分率
投入（20 分）\t预算编制（8 分）\t预算编制科学性\t4\t4\t100%
投入（20 分）\t预算编制（8 分）\t绩效目标明确性\t4\t3\t75%
投入（20 分）\t资金落实（12 分）\t资金到位率\t12\t10\t83.3%
产出（30 分）\t产出数量（30 分）\t完成培训人次\t30\t27\t90%
合计\t\t\t50\t44\t88%
"""


def test_consistent_scoring_table_gives_nothing() -> None:
    assert codes(SCORING_TABLE) == []


def test_label_weight_not_the_sum_of_its_rows() -> None:
    text = SCORING_TABLE.replace("资金落实（12 分）", "资金落实（10 分）")
    found = findings(text)
    assert [f.code for f in found] == ["AL302"]  # 投入（20 分） still adds up: 4 + 4 + 12
    assert "资金落实（10 分）" in found[0].message and "10 ≠ 12" in found[0].message


def test_total_score_not_the_sum_is_al303_not_al101() -> None:
    text = SCORING_TABLE.replace("合计\t\t\t50\t44", "合计\t\t\t50\t45")
    assert codes(text, ("AL101", "AL303")) == ["AL303"]


def test_total_weight_not_the_sum_is_al302() -> None:
    text = SCORING_TABLE.replace("合计\t\t\t50\t44", "合计\t\t\t60\t44")
    assert codes(text, ("AL101", "AL302")) == ["AL302"]


NARRATIVE = """\
四、评价结果

（一）投入指标评价结果

投入指标下设二级指标：预算编制和资金落实，投入指标满分为 20 分，评价得分为 17 分。

1.预算编制（指标分值 8 分，评价得分 7 分）

（1）预算编制科学性（指标分值 4 分，评价得分 4 分）

（2）绩效目标明确性（指标分值 4 分，评价得分 3 分）

2.资金落实（指标分值 12 分，评价得分 10 分）

（二）产出指标评价结果

产出指标满分为 30 分，评价得分为 27 分。
"""


def test_consistent_narrative_gives_nothing() -> None:
    assert codes(NARRATIVE) == []
    assert codes(NARRATIVE + "\n" + SCORING_TABLE) == []


def test_narrative_group_score_not_the_sum_of_its_children() -> None:
    text = NARRATIVE.replace("评价得分 7 分", "评价得分 6 分")
    found = findings(text)
    assert [f.code for f in found] == ["AL303", "AL303"]  # 预算编制 over (1)(2); 投入 over 1. 2.
    assert "4 + 3 = 7 ≠ 6" in found[1].message


def test_narrative_weight_not_the_sum_of_its_children() -> None:
    text = NARRATIVE.replace("投入指标满分为 20 分", "投入指标满分为 22 分")
    assert codes(text) == ["AL302"]


def test_narrative_against_table_rows() -> None:
    """`评价得分 2 分` for a group whose rows give 1 + 1 is fine; a different sum is not."""
    text = NARRATIVE.replace("评价得分为 27 分", "评价得分为 28 分")
    found = findings(text + "\n" + SCORING_TABLE)
    assert [f.code for f in found] == ["AL303"]
    assert "28" in found[0].message and "27" in found[0].message


def test_a_total_of_an_appended_report_is_not_the_tables() -> None:
    body = "四、评价结果\n\n经评价，总分为 44 分。\n\n" + SCORING_TABLE
    assert codes(body.replace("总分为 44 分", "总分为 45 分")) == ["AL303"]
    appended = ("\n\n附件\n\n社区养老服务补贴项目绩效评价报告\n\n二、综合绩效评价结论\n\n"
                "经评价，总分为 81.50 分。\n")
    assert codes(body + appended) == []


def test_a_missing_child_heading_leaves_the_group_unchecked() -> None:
    text = NARRATIVE.replace("（2）绩效目标明确性（指标分值 4 分，评价得分 3 分）", "（2）绩效目标明确性")
    assert codes(text) == []


def test_narrative_score_above_its_weight() -> None:
    text = NARRATIVE.replace("评价得分 10 分", "评价得分 13 分")
    assert "AL301" in codes(text)


def test_inline_list_after_the_total() -> None:
    ok = ("经评价，总分为 88 分。其中，投入指标分值 20 分，评价得分 17 分；"
          "产出指标分值 80 分，评价得分 71 分。")
    assert codes(ok) == []
    assert codes(ok.replace("71 分", "70 分")) == ["AL303"]


BANDS = "评价标准：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，60 分以下为差。\n\n"


@pytest.mark.parametrize(("score", "grade", "found"), [
    ("93", "优", []), ("85.5", "良", []), ("93", "良", ["AL304"]), ("79", "良", ["AL304"]),
    ("90", "优", []), ("81", "良好", []),
])
def test_grade_against_the_reports_bands(score: str, grade: str, found: list[str]) -> None:
    assert codes(BANDS + f"经评价，总分为 {score} 分，等级为“{grade}”。") == found


def test_grade_against_default_bands_is_a_warning() -> None:
    found = findings("经评价，综合得分 75 分，评价等级为“优”。")
    assert [(f.code, f.severity) for f in found] == [("AL304", "warning")]
    assert "default bands" in found[0].message


def test_bands_that_leave_a_gap() -> None:
    text = ("综合得分在 90~100 分（含 90 分）为优秀；\n\n综合得分在 80~90 分（含 80 分）为良好；\n\n"
            "综合得分在 70~80 分（含 70 分）为一般；\n\n综合得分在 60 分（含 60 分）以下为较差。\n")
    found = findings(text)
    assert [(f.code, f.severity) for f in found] == [("AL304", "warning")]
    assert "between 60 and 70" in found[0].message


def test_bands_that_overlap_and_integer_bands_that_do_not() -> None:
    overlap = "优（得分 85 分以上，含 85 分）、良（得分 80 分～90 分，含 80 分）、差（80 分以下）。"
    assert codes(overlap) == ["AL304"]
    assert codes("90-100 分为优，80-89 分为良，60-79 分为中，60 分以下为差。") == []


def test_conflicting_band_statements() -> None:
    other = "附：90 分（含）以上为优，75 分（含）至 90 分为良，60 分（含）至 75 分为中，60 分以下为差。"
    text = BANDS + other + "\n"
    assert codes(text) == ["AL304"]


def test_selfeval_fixture_clean_gives_nothing() -> None:
    assert codes(fixture("selfeval_clean.txt")) == []


def test_selfeval_fixture_planted_errors() -> None:
    found = findings(fixture("selfeval_errors.txt"))
    got = sorted({f.code for f in found})
    assert got == ["AL302", "AL303", "AL304", "AL305", "AL306"]
    al305 = next(f for f in found if f.code == "AL305")
    assert al305.severity == "warning" and "0.2" in al305.message and "8.00" in al305.message


FUNDS = "项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分\n"
INDICATORS = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"


def selfeval(rate: str, score: str, rows: str, total: str) -> str:
    return ("项目支出绩效自评表\n\n项目名称\t某项目\n" + FUNDS +
            f"\t年度资金总额\t10.00\t10.00\t9.00\t10\t{rate}\t{score}\n" + INDICATORS + rows +
            f"总分\t\t\t\t\t100\t{total}\t\n\n")


ROWS = ("产出指标\t数量指标\t服务人次\t≥500 人次\t520 人次\t50\t50\t\n"
        "满意度指标\t满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t\n")


def test_selfeval_total_counts_the_funds_line_like_its_weights() -> None:
    assert codes(selfeval("90.00", "9.00", ROWS, "99.00")) == []
    found = findings(selfeval("90.00", "9.00", ROWS, "90.00"))
    assert [f.code for f in found] == ["AL303"]
    assert "without the 资金执行率 score" in found[0].message


def test_a_funds_line_scored_without_its_weight_leaves_the_total_score_alone() -> None:
    # the form gives the 资金执行率 line no 分值, yet its 9 points are in the 总分: the
    # indicators' 90 points are not all the total counts, and 99 > 90 is what is wrong
    text = selfeval("90.00", "9.00", ROWS, "99.00").replace(
        "\t9.00\t10\t90.00\t9.00", "\t9.00\t\t90.00\t9.00").replace(
        "总分\t\t\t\t\t100", "总分\t\t\t\t\t90")
    assert codes(text) == ["AL301"]


@pytest.mark.parametrize(("target", "actual", "score", "reason", "found"), [
    ("≥500 人次", "480 人次", "50", "", ["AL306"]),  # missed, full marks
    ("≥500 人次", "480 人次", "46", "", []),  # missed, deducted
    ("≤5 万元", "4.80 万元", "45", "", ["AL306"]),  # met, deducted, no reason: warning
    ("≤5 万元", "4.80 万元", "45", "合同金额调整", []),  # met, deducted, a reason given
    ("=100%", "99.5%", "50", "", ["AL306"]),
    ("及时", "未及时", "50", "", ["AL306"]),  # text target missed
    ("及时", "及时", "50", "", []),
    ("可控", "100", "45", "", []),  # cannot tell: nothing
])
def test_target_against_result(target: str, actual: str, score: str, reason: str,
                               found: list[str]) -> None:
    rows = f"产出指标\t数量指标\t服务人次\t{target}\t{actual}\t50\t{score}\t{reason}\n" \
           "满意度指标\t满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t\n"
    total = f"{9 + int(score) + 40}.00"
    assert codes(selfeval("90.00", "9.00", rows, total), ("AL306",)) == found


@pytest.mark.parametrize(("category", "name", "target", "actual", "score", "found"), [
    ("成本指标", "项目实施成本", "390", "334", "50", []),  # a cost target is a ceiling
    ("成本指标", "项目实施成本", "390", "334", "44", []),  # a deduction for money unspent
    ("成本指标", "项目实施成本", "390", "390", "44", ["AL306"]),  # hit, deducted, no reason
    ("成本指标", "项目实施成本", "390", "412", "50", ["AL306"]),  # over the ceiling, full marks
    ("成本指标", "设备采购单价", "12.5万元", "12.46万元", "50", []),
    ("数量指标", "服务人次", "1200 人次", "1150 人次", "50", []),  # which side is good: unsaid
    ("质量指标", "提高宣传覆盖率", "95%", "90%", "50", ["AL306"]),  # the words say: more
    ("质量指标", "群众投诉率", "2%", "3.5%", "50", ["AL306"]),  # the words say: less
    ("质量指标", "群众投诉率", "2%", "1.5%", "50", []),
    ("质量指标", "验收通过率", "≥95%", "≥95%", "44", []),  # a bound is no measured result
    ("质量指标", "职工满意度", "≥90%", "＜90%", "46", []),
    ("满意度指标", "群众满意度", "满意", "基本满意", "44", []),  # not the target's own words
    ("满意度指标", "群众满意度", "满意", "满意。", "44", ["AL306"]),
])
def test_bare_targets_and_results_that_are_no_measurement(
        category: str, name: str, target: str, actual: str, score: str,
        found: list[str]) -> None:
    rows = f"产出指标\t{category}\t{name}\t{target}\t{actual}\t50\t{score}\t\n" \
           "满意度指标\t满意度指标\t服务对象满意度\t≥90%\t95%\t40\t40\t\n"
    total = f"{9 + int(score) + 40}.00"
    assert codes(selfeval("90.00", "9.00", rows, total), ("AL306",)) == found


def test_missed_target_is_an_error_met_target_a_warning() -> None:
    rows = ("产出指标\t数量指标\t服务人次\t≥500 人次\t480 人次\t50\t50\t\n"
            "成本指标\t经济成本指标\t印刷费\t≤5 万元\t4.80 万元\t40\t38\t\n")
    found = findings(selfeval("90.00", "9.00", rows, "97.00"), ("AL306",))
    assert [f.severity for f in found] == ["error", "warning"]


def exec_report(lines: list[tuple[str, str]]) -> str:
    out = []
    for rate, score in lines:
        total = f"{float(score) + 90:.2f}"
        out.append(selfeval(rate, score, ROWS, total))
    return "\n".join(out)


def test_exec_formula_inferred_and_the_odd_table_flagged() -> None:
    ok = [("96.40", "9.64"), ("88.50", "8.85"), ("100.00", "10.00")]
    assert codes(exec_report(ok)) == []
    found = findings(exec_report([*ok, ("92.00", "10.00")]), ("AL305",))
    assert len(found) == 1 and "9.20" in found[0].message and "2 tables" in found[0].message


def test_exec_formula_linear_deduction_floored_at_zero() -> None:
    ok = [("96.50", "9.13"), ("77.68", "4.42"), ("37.70", "0.00"), ("92.32", "8.08")]
    assert codes(exec_report(ok)) == []
    found = findings(exec_report([*ok, ("98.89", "10.00")]), ("AL305",))
    assert len(found) == 1 and "× 0.25" in found[0].message and "9.72" in found[0].message


def test_exec_formula_needs_support() -> None:
    """One table cannot establish a formula, and more dissent than support stops it."""
    assert codes(exec_report([("89.71", "7.00"), ("100.00", "10.00"), ("100", "10")])) == []
    lines = [("96.40", "9.64"), ("88.50", "8.85"), ("92.00", "10.00"), ("91.00", "10.00"),
             ("95.00", "10.00")]
    assert codes(exec_report(lines), ("AL305",)) == []


@pytest.mark.parametrize(("target", "actual", "said", "why"), [
    ("≥500 人次", "620 人次", "was exceeded", "penalises over-achievement"),
    ("≤5 万元", "3.20 万元", "was exceeded", "penalises over-achievement"),
    ("≥500 人次", "500 人次", "was reached", "deducts for this result"),
])
def test_a_deducted_met_target_names_what_would_justify_the_deduction(
        target: str, actual: str, said: str, why: str) -> None:
    rows = f"产出指标\t数量指标\t服务人次\t{target}\t{actual}\t50\t45\t\n" \
           "满意度指标\t满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t\n"
    found = findings(selfeval("90.00", "9.00", rows, "94.00"), ("AL306",))
    assert [f.severity for f in found] == ["warning"]
    assert said in found[0].message and why in found[0].message
    assert "偏差原因" in found[0].message


STATED = "评分说明：资金执行率得分 = 执行率 × 分值，其余指标按评分标准打分。\n\n"


def test_a_stated_exec_formula_is_checked_as_stated_and_is_an_error() -> None:
    # one table suffices: the rule is the report's own, not inferred from its other tables
    found = findings(STATED + exec_report([("92.00", "10.00")]), ("AL305",))
    assert [f.severity for f in found] == ["error"]
    assert "the report states" in found[0].message and "9.20" in found[0].message
    assert codes(STATED + exec_report([("92.00", "9.20")]), ("AL305",)) == []


def test_an_inferred_exec_formula_says_no_stated_one_was_read() -> None:
    ok = [("96.40", "9.64"), ("88.50", "8.85"), ("100.00", "10.00")]
    found = findings(exec_report([*ok, ("92.00", "10.00")]), ("AL305",))
    assert [f.severity for f in found] == ["warning"]
    assert "no formula stated in the report was read" in found[0].message


def test_target_params_round_trip() -> None:
    """A `target` relation's parameters, written by the extractor and read by AL306, are one
    typed model: what is written is what is read."""
    from decimal import Decimal

    from auditlint.facts import Relation
    from auditlint.params import TargetParams

    numeric = TargetParams(name="满意度", target_text=">=95%", actual_text="96%", reason="",
                           has_reason_column=True, target=3, actual=4, comparator=">=",
                           bare=False, per_step=Decimal(1), per_points=Decimal("0.5"))
    text = TargetParams(name="及时性", target_text="及时", actual_text="及时", reason="",
                        has_reason_column=False, met="yes")
    for params in (numeric, text):
        rel = Relation(kind="target", result=1, operands=[2], origin="a test",
                       params=params.as_params())
        assert TargetParams.of(rel) == params
