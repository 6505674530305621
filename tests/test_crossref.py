"""Cross-references: AL401 same quantity with different values, AL402 counts, AL403 units.

Reports are built block by block (paragraphs with their section path, tables as grids) and go
through the narrative, table and cross-reference stages only, so that each test shows what
the cross-reference stage links and what it leaves alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditlint.checks.base import CheckContext, run_rules
from auditlint.document import Block, Cell, Document, Paragraph, SourceText, Table
from auditlint.extract import crossref, tables
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.counts import split_items
from auditlint.extract.narrative import quantities
from auditlint.facts import FactGraph
from auditlint.findings import Finding
from auditlint.packs import RulePacks, load_pack

RULES = Path(__file__).resolve().parent.parent / "rules"
PACKS = RulePacks(packs=[load_pack(RULES / n) for n in ("vocabulary.toml", "tables.toml",
                                                        "labels.toml")])
CODES = ("AL401", "AL402", "AL403")


def para(text: str, *section: str, heading: bool = False) -> Paragraph:
    return Paragraph(text=SourceText.at(text, 1, 1), section=tuple(section), heading=heading)


def table(rows: list[list[str]], *section: str, caption: str | None = None,
          unit: str | None = None) -> Table:
    grid = [[Cell(SourceText.at(t, 1, 1), r, c) for c, t in enumerate(row)]
            for r, row in enumerate(rows)]
    return Table(rows=grid, header_rows=1, caption=caption, unit=unit, section=tuple(section))


def analyse(*blocks: Block) -> tuple[ExtractContext, list[Finding]]:
    lines: list[str] = []
    placed: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            lines.append(b.text.text)
            b.text = SourceText.at(b.text.text, len(lines), 1)
        else:
            for row in b.rows:
                lines.append("\t".join(c.text.text for c in row))
                for c in row:
                    c.text = SourceText.at(c.text.text, len(lines), 1)
        placed.append(b)
    doc = Document(path="r.txt", format="text", blocks=placed, lines=lines)
    doc.number_blocks()
    ctx = ExtractContext(document=doc, graph=FactGraph(), packs=PACKS)
    for stage in (quantities.extract, tables.extract, crossref.extract):
        stage(ctx)
    found = [f for f in run_rules(CheckContext(doc, ctx.graph, "r.txt"), CODES)]
    return ctx, found


def findings(*blocks: Block) -> list[Finding]:
    return analyse(*blocks)[1]


def relations(kind: str, *blocks: Block) -> list[object]:
    ctx, _ = analyse(*blocks)
    return [r for r in ctx.graph.relations if r.kind == kind]


# --- AL401 -------------------------------------------------------------------------------------


def test_summary_and_body_disagree() -> None:
    found = findings(
        para("2023年全县参保职工 1,204 人，全年发放慰问金 56.30 万元。", "摘要"),
        para("2023年全县参保职工 1,203 人。全年发放慰问金 56.30 万元。", "正文", "一、基本情况"),
    )
    assert [(f.code, f.severity) for f in found] == [("AL401", "error")]
    f = found[0]
    assert "1,203" in f.message and "1,204" in f.message
    assert f.expected == "1,204" and f.actual == "1,203"
    assert len(f.related) == 1 and f.related[0].line == 1


@pytest.mark.parametrize(("a", "b"), [
    ("3.27 万人", "32,700 人"),
    ("3.27 万人", "3.3 万人"),
    ("2.06 亿元", "20,600 万元"),
    ("0.52 万元", "5,200 元"),
    ("158 万元", "158.1 万元"),
])
def test_agreeing_figures_give_nothing(a: str, b: str) -> None:
    rels = relations("same_as", para(f"本年服务对象覆盖 {a}。", "摘要"),
                     para(f"本年服务对象覆盖 {b}。", "正文"))
    assert len(rels) == 1  # linked, and yet:
    assert findings(para(f"本年服务对象覆盖 {a}。", "摘要"),
                    para(f"本年服务对象覆盖 {b}。", "正文")) == []


def test_coarser_precision_still_disagrees() -> None:
    found = findings(para("本年服务对象覆盖 3.27 万人。", "摘要"),
                     para("本年服务对象覆盖 3.2 万人。", "正文"))
    assert [f.code for f in found] == ["AL401"]


@pytest.mark.parametrize(("a", "b"), [
    ("本年办公费支出 12.40 万元。", "上年办公费支出 10.90 万元。"),
    ("2023年办公费支出 12.40 万元。", "2022年办公费支出 10.90 万元。"),
    ("培训费预算数 12.40 万元。", "培训费决算数 10.90 万元。"),
    ("培训费年初预算数 12.40 万元。", "培训费全年预算数 10.90 万元。"),
    ("窗口服务群众 1,200 人。", "窗口服务群众 1,500 人次。"),
    ("参保人数目标 1,200 人。", "参保人数 1,150 人。"),
    ("开展工伤备案 300 余人次。", "开展工伤备案 320 人次。"),
    ("支出决算数为 856.03 万元。", "支出决算数为 85.86 万元。"),
])
def test_different_quantities_are_not_linked(a: str, b: str) -> None:
    assert findings(para(a, "摘要"), para(b, "正文")) == []


def test_a_project_figure_is_not_the_departments() -> None:
    found = findings(
        para("四、项目绩效分析", heading=True),
        para("产出类指标分值 46 分，实际得分 43 分。", "四、项目绩效分析", "（一）困难职工慰问经费"),
        para("产出类指标分值 44 分，实际得分 44 分。", "四、项目绩效分析", "（二）社保卡发放工作经费"),
        table([["项目名称", "困难职工慰问经费"], ["年度资金总额", "43"]]),
        table([["项目名称", "社保卡发放工作经费"], ["年度资金总额", "28"]]),
    )
    assert found == []


def test_a_subject_used_for_several_values_is_not_linked() -> None:
    ctx, found = analyse(
        para("宣传活动经费 2.00 万元。", "一、概况"),
        para("宣传活动经费 3.00 万元。", "二、分析"),
        para("宣传活动经费 4.00 万元。", "三、问题"),
    )
    assert found == []
    assert not [r for r in ctx.graph.relations if r.kind == "same_as"]


def test_two_values_in_one_paragraph_are_not_linked() -> None:
    found = findings(para("宣传活动经费 2.00 万元，宣传活动经费 3.00 万元。", "一、概况"),
                     para("宣传活动经费 2.00 万元。", "二、分析"))
    assert found == []


def test_one_outlier_among_agreeing_mentions() -> None:
    found = findings(
        para("全年为企业缓缴社会保险费 7,625 万元。", "摘要"),
        para("全年为企业缓缴社会保险费 7,625 万元。", "正文", "一、概况"),
        para("全年为企业缓缴社会保险费 7,652 万元。", "附件"),
    )
    assert len(found) == 1
    f = found[0]
    assert f.actual == "7,652" and f.expected == "7,625"
    assert len(f.related) == 2


def test_parallel_sections_are_not_linked() -> None:
    found = findings(
        para("项目支出培训费 2.00 万元。", "四、分析", "（一）培训项目"),
        para("项目支出培训费 3.00 万元。", "四、分析", "（二）宣传项目"),
    )
    assert found == []


def test_sibling_sections_that_agree_with_a_table_are_linked() -> None:
    # the table and two sentences give 0.40: the third sentence's 0.41 is the slip, though it
    # stands in a sibling section of the first
    rows = [["项目", "公务接待费"], ["合计", "0.40"]]
    found = findings(
        table(rows, "三、“三公”经费", caption="“三公”经费支出表", unit="万元"),
        para("公务接待费支出 0.40 万元。", "三、“三公”经费", "（一）总体情况"),
        para("公务接待费支出 0.41 万元，占 100%。", "三、“三公”经费", "（二）具体情况"),
        para("3.公务接待费支出 0.40 万元，主要用于接待。", "三、“三公”经费", "（二）具体情况"),
    )
    assert [(f.code, f.actual) for f in found] == [("AL401", "0.41")]
    # with the table alone agreeing with one of two sibling sentences nothing says which is right
    found = findings(
        table(rows, "三、“三公”经费", caption="“三公”经费支出表", unit="万元"),
        para("公务接待费支出 0.40 万元。", "三、“三公”经费", "（一）总体情况"),
        para("公务接待费支出 0.41 万元。", "三、“三公”经费", "（二）具体情况"),
    )
    assert found == []


def test_parallel_numbered_paragraphs_are_not_linked() -> None:
    found = findings(
        para("1.养老保险参保人数。同比增长 7.15%，三年复合增长率 4.13%。", "三、产出"),
        para("2.工伤保险参保人数。同比增长 3.39%，三年复合增长率 3.79%。", "三、产出"),
    )
    assert found == []


def test_lines_of_a_form_are_not_narrative() -> None:
    found = findings(
        para("项目支出绩效自评表", "五、自评"),
        para("项目名称 社区宣传工作经费", "五、自评"),
        para("预期目标 实际完成情况", "五、自评"),
        para("开展宣传活动 1 次，", "五、自评"),
        para("开展宣传活动 20 次，", "五、自评"),
    )
    assert found == []


def test_a_looser_link_is_a_warning_that_says_why() -> None:
    found = findings(para("全年档案整理 48 卷。", "一、概况"),
                     para("档案整理 46 卷。", "三、成效"))
    assert [(f.code, f.severity) for f in found] == [("AL401", "warning")]
    assert "linked because" in found[0].message
    assert "different sections" in found[0].message


def test_subject_before_a_bracket() -> None:
    found = findings(
        para("（1）资金使用合规性（指标分值 3 分，评价得分 2 分）", "四、指标分析", "（二）过程"),
        para("（1）资金使用合规性（指标分值 4 分，评价得分 2 分）", "附件"),
    )
    assert [f.code for f in found] == ["AL401"]
    assert "3 分" in found[0].message or "4 分" in found[0].message


def test_text_and_table_disagree() -> None:
    found = findings(
        para("全年开展巡检 8 次，服务对象满意度 95%。", "三、产出"),
        table([["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
               ["开展巡检", ">=6 次", "6 次", "10", "10"],
               ["服务对象满意度", ">=90%", "95%", "10", "10"]], "三、产出"),
    )
    assert [f.code for f in found] == ["AL401"]
    assert "8 次" in found[0].message and "6 次" in found[0].message


def test_table_weights_against_the_appendix() -> None:
    scoring = [["一级指标", "二级指标", "三级指标", "满分", "得分"],
               ["产出", "产出数量", "培训人次完成率", "5", "5"],
               ["", "", "培训覆盖率", "4", "3"],
               ["合计", "", "", "9", "8"]]
    appendix = [["一级指标", "二级指标", "三级指标", "分值"],
                ["产出", "产出数量", "培训人次完成率", "5"],
                ["", "", "培训覆盖率", "3"]]
    found = findings(table(scoring, "四、评价结果"), table(appendix, "附表1"))
    assert [f.code for f in found] == ["AL401"]
    assert found[0].actual == "3" and found[0].expected == "4"


def test_the_reason_names_the_places_of_the_pair_reported() -> None:
    scoring = [["一级指标", "三级指标", "满分", "得分"],
               ["效益", "受益群众满意度", "6", "5"],
               ["", "宣传覆盖率", "4", "4"]]
    appendix = [["一级指标", "三级指标", "分值"],
                ["效益", "受益群众满意度", "5"],
                ["", "宣传覆盖率", "4"]]
    found = findings(table(scoring, "摘要"), table(scoring, "正文", "四、评价结果"),
                     table(appendix, "正文", "五、建议", caption="附表 2：绩效评价指标体系"))
    assert [f.code for f in found] == ["AL401"]
    message = found[0].message
    assert "附表 2" in message and "摘要" in message
    assert "in the body" not in message


def _class_table(header: str, values: tuple[str, str]) -> Table:
    return table([["科目代码", "科目名称", header, "基本支出"],
                  ["208", "社会保障和就业支出", values[0], values[0]],
                  ["20805", "行政事业单位养老支出", values[1], values[1]]], "三、附表")


def test_rows_of_two_kinds_of_budget_table_are_not_linked() -> None:
    # the same function classes in an income table and an expenditure table: their figures
    # differ, and rightly (income is not expenditure)
    found = findings(
        para("收入决算表", "三、附表"), para("单位：万元", "三、附表"),
        _class_table("本年收入合计", ("812.40", "790.15")),
        para("支出决算表", "三、附表"), para("单位：万元", "三、附表"),
        _class_table("本年支出合计", ("845.02", "801.33")),
    )
    assert found == []


def test_same_columns_under_different_titles_are_not_linked() -> None:
    # all expenditure, and the 一般公共预算 part of it: one header, two quantities
    found = findings(
        para("支出决算表", "三、附表"), para("单位：万元", "三、附表"),
        _class_table("本年支出合计", ("845.02", "801.33")),
        para("一般公共预算财政拨款支出决算表", "三、附表"), para("单位：万元", "三、附表"),
        _class_table("本年支出合计", ("840.00", "790.50")),
    )
    assert found == []


def test_a_table_restated_under_the_same_title_is_linked() -> None:
    found = findings(
        para("支出决算表", "三、附表"), para("公开03表", "三、附表"),
        _class_table("本年支出合计", ("845.02", "801.33")),
        para("支出决算表", "三、附表"), para("公开07表", "三、附表"),
        _class_table("本年支出合计", ("845.02", "810.33")),
    )
    assert [f.code for f in found] == ["AL401", "AL401"]  # 本年支出合计 and 基本支出
    assert all("801.33" in f.message and "810.33" in f.message for f in found)


def test_a_row_code_tells_two_rows_of_one_name_apart() -> None:
    a = [["科目代码", "科目名称", "合计"], ["2080501", "行政运行", "56.20"]]
    b = [["科目代码", "科目名称", "合计"], ["2013101", "行政运行", "71.90"]]
    assert findings(table(a, "三、附表"), table(b, "三、附表")) == []


def test_two_headings_of_one_part_are_not_linked() -> None:
    found = findings(
        para("本部门开展部门整体自评，涉及预算金额 5,211 万元。", "第二部分", "八、绩效情况"),
        para("对专项资金开展自评，涉及预算金额 5,155.3 万元。", "第二部分", "八、绩效情况",
             "（三）专项资金自评"),
    )
    assert found == []


def test_shifted_table_columns_are_not_a_contradiction() -> None:
    a = [["三级指标", "满分", "得分"], ["培训覆盖率", "4", "3"]]
    b = [["三级指标", "满分", "得分"], ["培训覆盖率", "3", "4"]]
    # the same row, numbers shifted by one column: a layout problem, not two values
    assert findings(table(a, "一、结果"), table(b, "二、结果")) == []


def test_relation_records_origin_and_confidence() -> None:
    rels = relations("same_as", para("全年档案整理 48 卷。", "摘要"),
                     para("全年档案整理 48 卷。", "正文"))
    assert len(rels) == 1
    rel = rels[0]
    assert rel.params["confidence"] == "exact"  # type: ignore[attr-defined]
    assert "paragraph 1" in rel.origin and "paragraph 2" in rel.origin  # type: ignore[attr-defined]


# --- AL402 -------------------------------------------------------------------------------------


def test_count_against_the_list_after_it() -> None:
    found = findings(para("单位下设 4 个科室，分别是：办公室、财务科（审计科）、业务科。", "一、概况"))
    assert [(f.code, f.severity) for f in found] == [("AL402", "error")]
    assert found[0].expected == "3" and found[0].actual == "4"


@pytest.mark.parametrize("text", [
    "单位共有内设机构 3 个：办公室、财务科、业务科。",
    "单位下设 3 个科室，分别是：办公室、财务科（审计科）、业务科。",
    "本次评价设置 3 个一级指标（投入、过程、产出）。",
    "单位设置办公室、财务科、业务科 3 个内部机构。",
    "单位下设三个科室，分别是：办公室、财务科、业务科。",
    "单位下设 3 个科室，分别是：办公室、财务科和业务科。",
    "单位下设 2 个科室，分别是：办公室、财务科和业务科。",
])
def test_counts_that_agree(text: str) -> None:
    assert relations("count", para(text, "一、概况"))
    assert findings(para(text, "一、概况")) == []


@pytest.mark.parametrize("text", [
    "单位下设 5 个科室，包括办公室、财务科等。",
    "单位设置办公室、财务科等 5 个内部机构。",
])
def test_partial_lists_are_not_counted(text: str) -> None:
    assert relations("count", para(text, "一、概况")) == []


def test_count_before_the_list_and_in_brackets() -> None:
    assert [f.code for f in findings(para("本次评价设置 4 个一级指标（投入、过程、产出）。"))] \
        == ["AL402"]
    assert [f.code for f in findings(para("单位设置办公室、财务科、业务科 4 个内部机构。"))] \
        == ["AL402"]


def test_announced_numbered_items() -> None:
    blocks = [
        para("（三）产出情况分析", "三、分析", heading=True),
        para("产出类指标共计 3 项，具体分析情况如下：", "三、分析", "（三）产出情况分析"),
        para("1.参保人数。全年参保 2.6 万人。", "三、分析", "（三）产出情况分析"),
        para("2.认证确认率。确认率 100%。", "三、分析", "（三）产出情况分析"),
        para("3.发放及时率。及时率 100%。", "三、分析", "（三）产出情况分析"),
        para("4.宣传场次。开展宣传 20 场。", "三、分析", "（三）产出情况分析"),
        para("1.社会效益", "三、分析", "（四）效果情况分析"),
    ]
    found = findings(*blocks)
    assert [(f.code, f.severity) for f in found] == [("AL402", "warning")]
    assert found[0].expected == "4"


def test_status_counts_against_the_table() -> None:
    rows = [["一级指标", "三级指标", "指标值", "是否完成"],
            ["产出指标", "参保人数", "≥2.6万人", "完成"],
            ["", "认证确认率", "100%", "完成"],
            ["效益指标", "基金收支平衡", "略有盈余", "部分完成"],
            ["满意度指标", "群众满意度", "≥90%", "完成"]]
    good = para("整体绩效指标共 4 项，部分完成 1 项，完成 3 项，具体情况如下表：", "二、目标")
    assert findings(good, table(rows, "二、目标")) == []
    bad = para("整体绩效指标共 5 项，部分完成 2 项，完成 3 项，具体情况如下表：", "二、目标")
    found = findings(bad, table(rows, "二、目标"))
    assert sorted(f.actual or "" for f in found) == ["2", "5"]
    assert {f.code for f in found} == {"AL402"}


def test_split_items_respects_brackets() -> None:
    assert split_items("办公室（组织人事科、档案室）、财务科、“宣传”科") == [
        "办公室（组织人事科、档案室）", "财务科", "“宣传”科"]


_SYSTEM = [["一级指标", "二级指标", "三级指标", "分值", "得分"],
           ["投入", "预算编制", "预算编制科学性", "10", "9"],
           ["", "", "绩效目标合理性", "10", "10"],
           ["", "资金管理", "资金到位率", "10", "10"],
           ["产出", "产出数量", "培训完成率", "40", "38"],
           ["", "", "宣传覆盖率", "30", "28"],
           ["合计", "", "", "100", "95"]]


def test_indicator_levels_against_the_table_referred_to() -> None:
    stated = "评价指标体系由一级指标 2 个，二级指标 3 个，三级指标 {} 个组成，具体见下表。"
    assert findings(para(stated.format(5), "三、评价"), table(_SYSTEM, "三、评价")) == []
    found = findings(para(stated.format(6), "三、评价"), table(_SYSTEM, "三、评价"))
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [
        ("AL402", "warning", "5", "6")]
    assert "三级指标" in found[0].message


def test_indicator_levels_need_a_reference_and_a_clean_table() -> None:
    stated = "评价指标体系由一级指标 2 个，二级指标 3 个，三级指标 6 个组成。"
    # no reference to a table: which table is meant is not said
    assert findings(para(stated, "三、评价"), table(_SYSTEM, "三、评价")) == []
    # a row with no label at one level was not read cleanly: not counted
    broken = [row[:] for row in _SYSTEM]
    broken[3][1] = ""
    broken[1][1] = ""
    stated = stated.replace("组成。", "组成，具体见下表。")
    assert relations("count", para(stated, "三、评价"), table(broken, "三、评价")) == []


def _forms(n: int, *texts: str) -> list[Block]:
    blocks: list[Block] = [para("2023 年度社区服务中心部门决算"),
                           *(para(t, "四、自评情况") for t in texts)]
    for i in range(n):
        blocks += [para("项目支出绩效自评表", "五、附表"),
                   para(f"项目名称 社区第{i + 1}类服务经费", "五、附表"),
                   table([["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                          ["服务人次", ">=100 人次", "=120 人次", "10", "10"]], "五、附表")]
    return blocks


def test_project_count_against_the_forms() -> None:
    said = "本单位自评的项目共有 3 个，具体项目自评情况附绩效自评表。"
    assert findings(*_forms(3, said)) == []
    found = findings(*_forms(2, said))
    assert [(f.code, f.expected, f.actual) for f in found] == [("AL402", "2", "3")]
    assert "自评表" in found[0].message


def test_fewer_forms_than_projects_only_when_all_are_said_to_be_attached() -> None:
    assert findings(*_forms(2, "本单位自评的项目共有 3 个。")) == []
    found = findings(*_forms(3, "本单位自评的项目共有 2 个。"))
    assert [(f.code, f.expected, f.actual) for f in found] == [("AL402", "3", "2")]


# --- AL403 -------------------------------------------------------------------------------------


def test_year_unit_on_an_amount() -> None:
    found = findings(para("项目资金年初预算 120.56 万元，其中其他资金预算 28.09 年，占 23.3%。"))
    assert [(f.code, f.severity) for f in found] == [("AL403", "error")]
    assert "万元" in found[0].message


@pytest.mark.parametrize("text", [
    "资金使用期限 3 年。",
    "项目资金分 2.5 年拨付。",
    "工作人员平均服务年限 12.35 年。",
])
def test_years_that_are_years(text: str) -> None:
    assert findings(para(text)) == []


def test_yuan_and_wan_yuan_disagree() -> None:
    found = findings(para("全年公务接待费 4,215 元。", "摘要"),
                     para("全年公务接待费 0.52 万元。", "正文"))
    assert [f.code for f in found] == ["AL403"]
    assert "0.4215万元" in found[0].message or "4,215" in found[0].message


def test_yuan_written_for_wan_yuan() -> None:
    found = findings(para("全年公务接待费 5,200 万元。", "摘要"),
                     para("全年公务接待费 5,200 元。", "正文"))
    assert [f.code for f in found] == ["AL403"]
    assert "probably written for" in found[0].message


def test_rules_are_documented() -> None:
    from auditlint.checks.base import REGISTRY, all_rules

    all_rules()
    for code in CODES:
        doc = REGISTRY[code].__doc__ or ""
        for section in ("What it does", "Why it matters", "Anti-pattern", "Best practice"):
            assert section in doc, (code, section)


def test_a_label_prefixed_by_the_reporting_body_links() -> None:
    blocks = [
        para("河口县林业技术推广中心"),
        para("2023 年度部门整体支出绩效评价报告"),
        para("摘 要", heading=True),
        para("河口县林业技术推广中心为县林业局所属事业单位，核定编制 18 名。", "摘 要"),
        para("（二）人员情况", "正文", heading=True),
    ]
    found = findings(*blocks, para("中心核定编制 16 名，实有人数 17 人。", "正文", "（二）人员情况"))
    assert [(f.code, f.severity) for f in found] == [("AL401", "error")]
    assert found[0].actual == "16" and found[0].expected == "18"
    assert findings(*blocks, para("本中心核定编制 18 名。", "正文", "（二）人员情况")) == []


def test_another_bodys_figure_is_not_the_reporting_bodys() -> None:
    blocks = [
        para("河口县林业技术推广中心"),
        para("2023 年度部门整体支出绩效评价报告"),
        para("摘 要", heading=True),
        para("中心核定编制 18 名，城区绿化投入 30.00 万元。", "摘 要"),
        para("县林业局核定编制 16 名，中心城区绿化投入 31.00 万元。", "正文", "（一）概况"),
    ]
    assert findings(*blocks) == []
    # the same sentences with the body's own words do disagree
    assert [f.code for f in findings(*blocks[:4], para(
        "中心核定编制 16 名，城区绿化投入 31.00 万元。", "正文", "（一）概况"))] == ["AL401", "AL401"]


# --- the text of a self-evaluation form against its indicators ------------------------------------

_INDICATORS = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
               ["产出指标", "数量指标", "上门探访独居老人", ">=40 户", "=41 户", "10", "10"],
               ["产出指标", "数量指标", "发放助老包", ">=500 份", "=620 份", "10", "10"]]


def _form(*texts: str) -> list[Block]:
    return [para("2023 年度社区服务中心部门决算"),
            para("五、项目自评", heading=True),
            para("项目支出绩效自评表", "五、项目自评"),
            para("项目名称 社区助老服务经费", "五、项目自评"),
            para("预期目标 实际完成情况", "五、项目自评"),
            *(para(t, "五、项目自评") for t in texts),
            table(_INDICATORS, "五、项目自评")]


def test_form_text_read_as_actual_against_the_indicator_table() -> None:
    found = findings(*_form("开展助老服务，上门探访独居老人 40 户，发放助老包 500 份。",
                            "2023 年，上门探访独居老人 42 户，发放助老包 620 份，开展义诊 3 次。"))
    assert [(f.code, f.severity, f.line) for f in found] == [("AL401", "warning", 7)]
    assert found[0].actual == "42" and found[0].expected == "41"
    assert "实际完成情况" in found[0].message and "620" in found[0].message


@pytest.mark.parametrize("text", [
    # its other figure is the target, not the actual: this is the 预期目标 text
    "2023 年，上门探访独居老人 42 户，发放助老包 500 份。",
    # nothing else in the text says which column it is
    "2023 年，上门探访独居老人 42 户。",
    # its other figure agrees with both
    "2023 年，上门探访独居老人 42 户，发放助老包 620 份以上。",
])
def test_form_text_of_unknown_column_is_not_linked(text: str) -> None:
    assert findings(*_form(text)) == []


# --- tables that state no unit -------------------------------------------------------------------

_EXEC = ["项目", "全年预算数", "全年执行数"]


def _exec_report(basic: str, project: str, *, unit_line: bool = False) -> list[Block]:
    return [
        para("本年支出 412.60 万元，其中：基本支出 301.45 万元；项目支出 111.15 万元。",
             "一、决算情况"),
        table([_EXEC, ["基本支出", "305.00", basic], ["项目支出", "120.00", project]],
              "二、执行情况", unit="万元" if unit_line else None),
    ]


def test_a_unitless_table_is_read_in_the_unit_its_figures_agree_in() -> None:
    # the table says nothing of its unit; its figures are the text's 万元 figures
    assert findings(*_exec_report("301.45", "111.15")) == []
    assert findings(*_exec_report("301.45", "111.15", unit_line=True)) == []


def test_a_unitless_cell_that_slipped_is_a_warning_naming_the_reading() -> None:
    found = findings(*_exec_report("301.54", "111.15"))
    assert [(f.code, f.severity) for f in found] == [("AL401", "warning")]
    message = found[0].message
    assert "None" not in message
    assert "read in 万元" in message and "states no unit" in message


def test_a_unitless_cell_is_never_taken_for_yuan() -> None:
    # no reading of the table makes any of its figures agree: nothing is compared
    found = findings(*_exec_report("290.00", "100.00"))
    assert found == []
    assert all("None" not in f.message for f in found)


def test_a_unitless_table_in_yuan_is_read_in_yuan() -> None:
    found = findings(*_exec_report("3,014,500.00", "1,111,500.00"))
    assert found == []
    found = findings(*_exec_report("3,014,500.00", "1,115,100.00"))
    # 元 against 万元 that disagree after conversion: AL403
    assert [(f.code, f.severity) for f in found] == [("AL403", "warning")]
    assert "read in 元" in found[0].message and "None" not in found[0].message


def test_unitless_tables_a_unit_step_apart_are_not_compared() -> None:
    rows_yuan = [["项目", "全年执行数"], ["宣传培训费", "52,600.00"]]
    rows_wan = [["项目", "全年执行数"], ["宣传培训费", "5.26"]]
    assert findings(table(rows_yuan, "二、执行情况"), table(rows_wan, "三、附表")) == []
    rows_other = [["项目", "全年执行数"], ["宣传培训费", "5.62"]]
    assert [f.code for f in findings(table(rows_wan, "二、执行情况"),
                                     table(rows_other, "三、附表"))] == ["AL401"]


# --- whole reports ------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crossref"


def _report_findings(name: str) -> list[Finding]:
    from auditlint.extract import build_graph
    from auditlint.readers import read

    doc = read(FIXTURES / name)
    graph = build_graph(doc, PACKS)
    return run_rules(CheckContext(doc, graph, name), CODES)


def test_planted_report() -> None:
    found = _report_findings("planted.txt")
    assert sorted(f.code for f in found) == ["AL401", "AL402", "AL403"]
    assert {f.line for f in found} == {7, 13, 17}


def test_clean_report() -> None:
    assert _report_findings("clean.txt") == []


def test_same_as_params_round_trip() -> None:
    """A `same_as` relation's parameters are one typed model, written by the linker and read
    by AL401/AL403: what is written is what is read."""
    from auditlint.facts import Relation
    from auditlint.params import SameAsParams

    params = SameAsParams(confidence="loose", reason="same label", subject="支出合计",
                          pairs={"3,7": ["loose", "same label"]}, read_in=[(7, "万元")],
                          reliable=3)
    rel = Relation(kind="same_as", result=3, operands=[7], origin="a test",
                   params=params.as_params())
    back = SameAsParams.of(rel)
    assert back == params
    assert back.link(7, 3) == ("loose", "same label") and back.link(3, 9) is None


def test_same_as_params_grow_with_the_mentions_not_their_pairs() -> None:
    """A subject stated in many places is one `same_as` relation whose parameters hold one
    place per mention (not one link per pair, which made a long report quadratic), and the
    link of any two mentions read back from them is the one the linker found."""
    from auditlint.params import SameAsParams

    def sizes(n: int) -> tuple[int, SameAsParams, list[int]]:
        blocks = [para("2023年全县参保职工1,204人。", *(("摘要",) if i % 2 else ("正文", "一、概况")))
                  for i in range(n)]
        ctx, _ = analyse(*blocks)
        rels = [r for r in ctx.graph.relations if r.kind == "same_as"]
        assert len(rels) == 1
        rel = rels[0]
        ids = [rel.result or 0, *rel.operands]
        return sum(len(v) for v in rel.params.values()), SameAsParams.of(rel), ids

    small, _, _ = sizes(10)
    large, params, ids = sizes(80)
    assert large < small * 8 * 1.5  # linear, where pairs would grow 70-fold
    assert params.link(ids[1], ids[0]) == (
        "exact", "same label, in the 摘要 (text) and in the body (text)")
    assert params.link(ids[2], ids[4]) == ("exact", "same label, same section")


def _project_table() -> Table:
    return table([["项目名称", "预算批复", "实际执行", "指标结余"],
                  ["合计", "100.00", "87.50", "12.51"],
                  ["甲类补助", "60.00", "50.00", "10.00"],
                  ["乙类补助", "40.00", "37.50", "2.51"]], "一、资金情况", unit="万元")


def test_a_table_listing_projects_is_no_one_projects() -> None:
    # `项目名称 | 预算批复 | …` heads a column of names: 预算批复 names no project, and the
    # table's total row is the figure the text states
    found = findings(para("本年实际执行 87.50 万元，年末指标结余 12.50 万元。", "一、资金情况"),
                     _project_table())
    assert [f.code for f in found] == ["AL401"]
    assert "12.51" in found[0].message


@pytest.mark.parametrize(("heading", "codes"), [
    ("（一）预算资金安排及使用情况", ["AL401"]),  # of budget and use alike: no tag
    ("（一）预算资金安排情况", []),  # the figures under it are budgets: no 结余 of the table
])
def test_a_heading_of_budget_and_use_tags_no_figure(heading: str, codes: list[str]) -> None:
    found = findings(para("本年实际执行 87.50 万元，年末指标结余 12.50 万元。", "一、资金情况", heading),
                     _project_table())
    assert [f.code for f in found] == codes


def test_a_forms_project_name_row_read_as_its_header_still_names_the_project() -> None:
    # `项目名称 | | 甲工程补助` opens each form: the name heads no figures, each form is its project's
    def form(name: str, weight: str) -> Table:
        return table([["项目名称", "", name, ""],
                      ["主管部门", "", "某某局", ""],
                      ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数"],
                      ["年度资金总额", "43", "43", "43"],
                      ["一级指标", "二级指标", "三级指标", "分值"],
                      ["产出指标", "时效", "资金拨付及时性", weight],
                      ["效益指标", "社会效益", "群众生活改善情况", "30"]])
    assert findings(form("甲工程建设补助", "12"), form("乙工程建设补助", "11")) == []


def test_a_project_name_merged_over_a_forms_columns_is_a_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`项目名称 | X X X`, a form's first row as a PDF grid has it, read as the header of
    columns of figures: X heads every column of the form, so it is the form's project, not
    the header of one column (`项目名称 预算批复 实际执行`, a table listing projects)."""
    from types import SimpleNamespace

    import auditlint.extract.crossref.scope as scope

    def columns(*spec: tuple[str, str]) -> list[SimpleNamespace]:
        return [SimpleNamespace(columns=[SimpleNamespace(header=h, role=r) for h, r in spec])]

    form = columns(("项目名称", "label"), ("超声设备购置", "amount"), ("超声设备购置", "amount"),
                   ("超声设备购置", "amount"))
    listing = columns(("项目名称", "label"), ("预算批复", "amount"), ("实际执行", "amount"))
    monkeypatch.setattr(scope, "views_of", lambda ctx, table: table)
    assert not scope._lists_projects(None, form, "超声设备购置")  # type: ignore[arg-type]
    assert scope._lists_projects(None, listing, "预算批复")  # type: ignore[arg-type]


def _text_findings(text: str) -> list[tuple[str, int]]:
    """The AL401 findings of a whole text report, through every stage and the full packs."""
    from auditlint.extract import build_graph
    from auditlint.packs import load_packs
    from auditlint.readers.text import parse_text
    doc = parse_text(text, "r.txt")
    found = run_rules(CheckContext(doc, build_graph(doc, load_packs()), "r.txt"), ("AL401",))
    return sorted((f.code, f.line) for f in found)


WHOLE_AND_PARALLEL = (
    "支出预算总表\n"
    "部门名称：某某局 单位：万元\n"
    "合计 基本支出 项目支出\n"
    "5000.00 3000.00 2000.00\n"
    "第三部分 2025年度部门预算情况说明\n"
    "一、收支预算总体情况说明\n"
    "基本支出预算数为3000.00万元。\n"
    "三、支出预算情况说明\n"
    "本年支出预算合计5000.00万元，其中：基本支出3000.00万元。\n"
)


def test_parallel_sections_are_linked_through_a_table_of_the_whole() -> None:
    # sibling sections may name a different thing each; a table of the whole department
    # stating the figure of one of them shows the label names the department's figure
    assert _text_findings(WHOLE_AND_PARALLEL) == []
    assert _text_findings(WHOLE_AND_PARALLEL.replace("为3000.00", "为3001.00")) == [
        ("AL401", 7)]
    # without the table the two texts are left alone
    alone = WHOLE_AND_PARALLEL.split("第三部分", 1)[1].replace("为3000.00", "为3001.00")
    assert _text_findings("第三部分" + alone) == []


WHOLE_TWICE = (
    "收支预算总表\n"
    "单位：万元\n"
    "项目\t预算数\n"
    "本年收入合计\t900.00\n"
    "上年结转结余\t100.00\n"
    "收入总计\t1000.00\n"
    "收入预算总表\n"
    "单位：万元\n"
    "合计 本年收入 上年结转结余\n"
    "1000.00 900.00 100.00\n"
    "财政拨款收支预算总表\n"
    "单位：万元\n"
    "项目\t预算数\n"
    "本年收入合计\t880.00\n"
    "上年结转结余\t80.00\n"
    "收入总计\t960.00\n"
    "二、收入预算情况说明\n"
    "上年结转结余{v}万元。\n"
)


def test_two_tables_of_the_whole_that_agree_are_one_family() -> None:
    # the 收支总表 and the 收入总表 state the department's 上年结转结余 alike; the 财政拨款
    # table's is another quantity: the text is the department's
    found = _text_findings(WHOLE_TWICE.format(v="100.00"))
    assert found == []
    assert ("AL401", 18) in _text_findings(WHOLE_TWICE.format(v="101.00"))
