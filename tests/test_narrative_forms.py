"""The report's text against its 自评表: a result the text states of an indicator (全年开展培训 6
次) against the form's 实际完成值, and the total it states against the form's 总分, where the link
is safe (one form in the report, or the one form of the project the text stands under)."""

from __future__ import annotations

import pytest

from scoring_helpers import findings

HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"


def form(trainings: str = "5次", total: str = "40", name: str = "") -> str:
    head = f"项目名称\t{name}\n" if name else ""
    return ("项目支出绩效自评表\n" + head + HEADER +
            f"产出指标\t数量指标\t农技培训次数\t≥5次\t{trainings}\t20\t20\t\n"
            "产出指标\t数量指标\t发放资料数量\t≥300份\t300份\t20\t20\t\n"
            f"总分\t\t\t\t\t40\t{total}\t\n")


def report(text: str, *forms: str) -> str:
    return ("示例站2024年度项目支出绩效自评报告\n一、项目绩效目标完成情况\n" + text + "\n"
            "二、项目支出绩效自评表\n" + "\n".join(forms))


def messages(text: str, code: str) -> list[str]:
    return [f.message for f in findings(text, (code,))]


@pytest.mark.parametrize(("said", "found"), [
    ("全年开展农技培训6次，发放资料300份。", 1),
    ("全年开展农技培训5次，发放资料300份。", 0),
    ("全年开展培训6次。", 1),  # the name's core (培训) right before the figure
    ("计划开展农技培训6次。", 0),  # a plan, not a result
    ("农技培训次数较上年增加6次。", 0),  # a change
    ("开展宣传培训活动6次。", 0),  # 培训 is not the clause's last word
])
def test_a_result_in_the_text_against_the_form(said: str, found: int) -> None:
    text = report(said, form())
    if said.startswith("全年开展培训"):
        text = text.replace("农技培训次数", "培训次数")
    got = messages(text, "AL401")
    assert len(got) == found
    if found:
        assert "实际完成值" in got[0] and "6" in got[0]


def test_many_forms_give_no_link() -> None:
    forms = [form(t) for t in ("5次", "7次", "4次")]
    assert messages(report("全年开展农技培训6次。", *forms), "AL401") == []
    assert messages(report("经自评，该项目自评总分为96分。", *forms), "AL303") == []


def test_the_total_against_a_form_named_only_by_its_caption() -> None:
    got = messages(report("经自评，该项目绩效自评总分为36分。", form(total="40")), "AL303")
    assert len(got) == 1 and "36" in got[0] and "40" in got[0]
    assert messages(report("经自评，该项目绩效自评总分为40分。", form(total="40")), "AL303") == []


def test_a_department_score_is_not_the_form_total() -> None:
    text = report("部门整体支出绩效自评总分为36分。", form(total="40"))
    assert messages(text, "AL303") == []


def test_the_form_of_the_project_the_text_stands_under() -> None:
    text = ("示例局2024年度部门决算\n一、项目绩效自评情况\n（一）甲乡农技推广服务项目\n"
            "全年开展农技培训5次。\n（二）乙乡农技推广服务项目\n全年开展农技培训8次。\n"
            "附件：项目支出绩效自评表\n" + form("5次", name="甲乡农技推广服务项目") + "\n"
            + form("7次", name="乙乡农技推广服务项目"))
    got = messages(text, "AL401")
    assert len(got) == 1 and "8次" in got[0] and "7次" in got[0]
