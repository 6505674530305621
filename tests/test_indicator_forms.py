"""自评表 indicator blocks as PDF text extraction prints them: a header whose long column names
are cut above and below a line of whole names, and rows on one line each with the 一级 labels
and wrapped pieces of other cells on the lines between them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import auditlint.readers.indicator_lines as il
from auditlint.checks.base import CheckContext, run_rules
from auditlint.document import SourceText, Table
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.pipeline import check_file
from auditlint.readers.flatheader import read_header
from auditlint.readers.indicator_lines import _group_labels, _LineRow, _place_groups, _values_line
from auditlint.readers.lines import classify
from auditlint.readers.text import parse_text
from readers_helpers import assert_mapped, grid

HEADER = """二级 年度 实际 偏差原因分析及改
一级指标 三级指标 分值 得分
指标 指标值 完成值 进措施
"""

FORM = """某某中心运行保障项目绩效自评表
（2023年度）
项目名称 运行保障项目
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分
年度资金总额 500 400 380 10 95.00% 9.5
项目资金
（万元） 其中：当年财政拨款 500 400 380 — 95.00% —
""" + HEADER + """数量指标 完成巡查次数 12次 12次 10 10 无
质量指标 巡查合格率 100% 100% 20 20 无
产出指标
（50分）
时效指标 完成时间 2023年 2023年 10 10 无
成本指标 运行成本 400万元 380万元 10 9 加强成本核算
绩效指
标
社会效益指
群众知晓程度 明显提高 明显提高 13 13 无
标
效益指标
（30分）
可持续影响
长效机制建立 长期 长期 13 13 无
指标
满意度 服务对象满
指标 群众满意度 ≥90% 95% 10 10 无
意度指标
（10分）
总分 100 98.5
"""


def _table(text: str) -> Table:
    doc = parse_text(text, "t.txt")
    assert_mapped(doc)
    found = [b for b in doc.blocks if isinstance(b, Table) and b.text(0, 0) == "一级指标"]
    assert len(found) == 1, [b for b in doc.blocks]
    return found[0]


def _findings(text: str) -> list[tuple[str, str]]:
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt"))
    return sorted((f.code, f.message) for f in found if f.severity != "info")


def test_header_cut_above_and_below_is_joined_in_form_order() -> None:
    lines = classify(HEADER.splitlines())
    seq = list(range(len(lines)))
    header = read_header(lines, seq, 1)
    assert header is not None
    assert [w.text.replace("\n", "") for w in header.words] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施"]
    assert header.used == [0, 1, 2]
    assert header.end == 3


def test_header_cut_in_three_pieces() -> None:
    text = "偏差原因分\n二级 年度 实际\n一级指标 三级指标 分值 得分 析及改进措\n指标 指标值 完成值\n施\n"
    lines = classify(text.splitlines())
    header = read_header(lines, list(range(len(lines))), 2)
    assert header is not None
    assert header.words[-1].text.replace("\n", "") == "偏差原因分析及改进措施"
    assert header.end == 5


def test_pieces_that_make_no_column_name_are_not_a_header() -> None:
    text = "二级 年度 其他\n一级指标 三级指标 分值 得分\n指标 指标值 说明\n"
    lines = classify(text.splitlines())
    header = read_header(lines, list(range(len(lines))), 1)
    assert header is None or len(header.words) == 4


def test_rows_on_their_own_lines_are_grouped_under_centred_labels() -> None:
    table = _table(FORM)
    rows = grid(table)
    assert rows[0][:3] == ["一级指标", "二级指标", "三级指标"]
    l1 = [r[0].replace("\n", "") for r in rows[1:]]
    assert l1[0] == "产出指标（50分）" and l1[4] == "效益指标（30分）"
    assert l1[6] == "满意度指标（10分）"
    assert [r[2] for r in rows[1:7]] == ["完成巡查次数", "巡查合格率", "完成时间", "运行成本",
                                        "群众知晓程度", "长效机制建立"]
    assert [r[-3] for r in rows[1:]] == ["10", "20", "10", "10", "13", "13", "10", "100"]
    assert rows[-1][0] == "总分"


def test_group_weights_that_do_not_add_up_are_found() -> None:
    found = _findings(FORM)
    codes = [c for c, _ in found]
    assert codes.count("AL302") == 2, found
    assert any("13 + 13 = 26" in m for _, m in found)


def test_a_total_without_its_funds_line_is_not_read() -> None:
    form = FORM.replace("年度资金总额 500 400 380 10 95.00% 9.5\n", "")
    assert not any("总分" in m for _, m in _findings(form))
    notes = [n.message for n in parse_text(form, "t.txt").notes]
    assert any("总分 row is not checked" in m for m in notes), notes


def test_a_missed_label_leaves_the_block_unread() -> None:
    form = FORM.replace("（10分）\n", "（10）\n")
    doc = parse_text(form, "t.txt")
    assert not any(isinstance(b, Table) and b.text(0, 0) == "一级指标" for b in doc.blocks)
    assert not any(c.startswith("AL30") for c, _ in _findings(form))


def test_labels_that_fit_two_groupings_leave_the_block_unread() -> None:
    form = FORM.replace("产出指标\n（50分）\n时效指标", "时效指标").replace(
        "成本指标 运行成本 400万元 380万元 10 9 加强成本核算\n",
        "成本指标 运行成本 400万元 380万元 10 9 加强成本核算\n产出指标\n（50分）\n")
    assert not any(c.startswith("AL30") for c, _ in _findings(form))


WRAPPED = """某某医院保洁服务项目绩效自评表
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分
年度资金总额 400 400 380 10 95.00% 9.5
""" + HEADER + """数量
完成巡查次数 12次 12次 10 10
指标
质量 巡查记录完整
≥90% 95% 20 20
指标 ，群众满意
产出指标
（50分） 时效 2023年1 2023年1-
绩 完成时效 10 10
指标 至12月 12月
效
指 成本 ≤400万
运行成本 380万 10 10
标 指标 元
社会效益指
群众知晓程度 提高 提高 13 13
效益指标 标
（30分） 可持续影响 机制长期
≥1年 1年 13 13
指标 运行
满意度指标 服务对象满
群众满意度 ≥90% 95% 10 10
（10分） 意度指标
总分 100 96
"""


def test_a_grouping_clearly_closest_to_the_labels_is_read() -> None:
    """Moving the last 产出 row under 效益 puts both labels a line and a half off their rows'
    middle: worse than the grouping that centres every label."""
    rows = grid(_table(WRAPPED))
    l1 = [r[0].replace("\n", "") for r in rows[1:]]
    assert l1[:7] == ["产出指标（50分）"] * 4 + ["效益指标（30分）"] * 2 + ["满意度指标（10分）"]
    assert [r[-3] for r in rows[1:]] == ["10", "20", "10", "10", "13", "13", "10", "100"]
    found = _findings(WRAPPED)
    assert any(m.startswith("总分") and "= 96" in m for _, m in found), found
    # `≥1年 1年 13 13` has its name wrapped around it: a row of its own all the same, it counts
    # under 效益指标（30分） as it does in the 总分
    assert any("weight of 效益指标（30分）" in m and "13 + 13 = 26" in m for _, m in found), found


def test_values_wrapped_around_a_row_are_left_out() -> None:
    rows = grid(_table(WRAPPED))
    # `运行成本 380万` with `≤400万` above and `元` below: which is the label, the target
    # or the actual value is not known
    assert rows[4][2:5] == ["运行成本", "", ""]
    assert rows[1][2:5] == ["完成巡查次数", "12次", "12次"]
    # `（10分）` below the row: a figure next to it might belong to its values
    assert rows[7][2:5] == ["群众满意度", "", ""]


def test_a_category_word_on_a_row_line_is_its_own_second_level_only() -> None:
    rows = grid(_table(FORM))
    # 成本指标 names a 一级 category in some forms: which level it is here is not known
    assert [r[1] for r in rows[1:5]] == ["数量指标", "质量指标", "时效指标", ""]


def test_a_weight_beside_a_row_and_a_row_without_its_values() -> None:
    form = FORM.replace("（50分）\n时效指标", "（50分） 时效指标").replace(
        "长效机制建立 长期 长期 13 13 无", "长效机制建立 13 13 无")
    rows = grid(_table(form))
    assert rows[3][0].replace("\n", "") == "产出指标（50分）"
    assert rows[3][1:3] == ["时效指标", "完成时间"]
    # `长效机制建立 13 13`: a name or a value, with the rest wrapped around: not known
    assert rows[6][2:5] == ["", "", ""]
    assert [r[-3] for r in rows[1:]] == ["10", "20", "10", "10", "13", "13", "10", "100"]


def test_a_funds_name_cut_above_and_below_is_put_in_the_block_order() -> None:
    form = FORM.replace(
        "年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分\n",
        "执行率（\n年初预算数 全年预算数（A） 全年执行数（B） 分值 得分\nB/A）\n")
    doc = parse_text(form, "t.txt")
    funds = next(b for b in doc.blocks if isinstance(b, Table) and b.text(1, 0) == "年度资金总额")
    assert [funds.text(0, c).replace("\n", "") for c in range(1, funds.n_cols)] == [
        "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
    assert funds.text(1, 5) == "95.00%"
    # the 资金执行率 line read, the 总分 is checked with it: 86 + 10 = 96
    assert any(m.startswith("总分") and "= 96 ≠ 100" in m for _, m in _findings(form))


def test_a_label_and_its_weight_cut_anywhere() -> None:
    form = FORM.replace("产出指标\n（50分）\n", "产出指标（\n50分）\n").replace(
        "满意度 服务对象满\n指标 群众满意度 ≥90% 95% 10 10 无\n意度指标\n（10分）\n",
        "满意度指 服务对象满\n标（10分 群众满意度 ≥90% 95% 10 10 无\n） 意度指标\n")
    rows = grid(_table(form))
    l1 = [r[0].replace("\n", "") for r in rows[1:8]]
    assert l1 == ["产出指标（50分）"] * 4 + ["效益指标（30分）"] * 2 + ["满意度指标（10分）"]
    assert rows[7][2] == "群众满意度"


def test_a_label_without_its_weight_still_places_the_rows() -> None:
    form = FORM.replace("效益指标\n（30分）\n", "效益指标\n\n")
    rows = grid(_table(form))
    l1 = [r[0].replace("\n", "") for r in rows[1:8]]
    assert l1 == ["产出指标（50分）"] * 4 + ["效益指标"] * 2 + ["满意度指标（10分）"]
    assert not any("= 26" in m for _, m in _findings(form))


def _rows_at(*at: int) -> list[_LineRow]:
    score = SourceText("10", [])
    return [_LineRow(q, None, [], score, score, None) for q in at]


def _labels_at(*centres: str) -> list[tuple[SourceText, Decimal]]:
    return [(SourceText(f"产出指标（{k}0分）", []), Decimal(c)) for k, c in enumerate(centres, 1)]


def test_the_grouping_a_line_closer_than_any_other_is_kept() -> None:
    rows = _rows_at(0, 2, 4, 6, 8, 11, 14, 18, 22)
    found = _place_groups(rows, _labels_at("4", "15.5", "22"))
    assert found is not None and sorted(found) == [0, 5, 8]


def test_groupings_less_than_a_line_apart_are_not_told() -> None:
    # rows 0-1 / 2-3 and 0-2 / 3 put the labels half a line off, each
    assert _place_groups(_rows_at(0, 1, 2, 3), _labels_at("1", "2.5")) is None


def test_a_label_more_than_a_line_off_its_rows_is_not_read() -> None:
    assert _place_groups(_rows_at(0, 1, 2, 10), _labels_at("1", "8")) is None


def test_a_weight_two_categories_may_take_is_given_to_neither() -> None:
    lines = classify(["成本指标", "效益指标", "（30分）"])
    assert _group_labels(lines, [0, 1, 2], [0, 1, 2], []) is None


def test_a_second_level_name_between_the_pieces_of_a_label_does_not_compete() -> None:
    form = FORM.replace(
        "满意度 服务对象满\n指标 群众满意度 ≥90% 95% 10 10 无\n意度指标\n（10分）\n",
        "满意度\n服务对象满意度\n指标 群众满意度 ≥90% 95% 10 10 无\n指标\n（10分）\n")
    rows = grid(_table(form))
    assert rows[7][0].replace("\n", "") == "满意度指标（10分）"


def test_a_weight_two_categories_may_take_leaves_the_block_unread() -> None:
    start = FORM.index("成本指标 运行成本")
    end = FORM.index("满意度 服务对象满")
    form = FORM[:start] + (
        "成本指标 运行成本 400万元 380万元 10 9 加强成本核算\n"
        "效益指标 社会效益\n"
        "群众知晓程度 明显提高 明显提高 26 26 无\n"
        "（30分） 指标\n") + FORM[end:]
    doc = parse_text(form, "t.txt")
    assert not any(isinstance(b, Table) and b.text(0, 0) == "一级指标" for b in doc.blocks)
    assert not any(c.startswith("AL30") for c, _ in _findings(form))


TASKS = """某某局部门整体支出绩效自评表
全年预算数（万元） 全年执行数（万元）
任务名称 主要内容 完成情况 分值 执行率 得分
总额 财政拨款 其他资金 总额 财政拨款 其他资金
一般公共服务支
保证机关日常运转。 任务完成 100 100 0 90 90 0 5 90.00% 4.5
出
保证所属学校教育
教育支出 基本任务完成 300 200 100 300 200 100 5 100.00% 5
支出。
卫生健康支出 保障公共卫生服务。 任务完成 600 500 100 540 450 90 5 90.00% 4.5
金额合计 1,000.00 800.00 200.00 930.00 740.00 190.00 15 93.00% 14
预期目标（年初设定） 目标实际完成情况
"""


def test_a_block_by_task_reads_its_grouped_columns_and_rows() -> None:
    doc = parse_text(TASKS, "t.txt")
    assert_mapped(doc)
    (table,) = doc.tables
    g = grid(table)
    assert table.header_rows == 2
    assert g[0][1:4] == ["全年预算数（万元）"] * 3 and g[1][1:4] == ["总额", "财政拨款", "其他资金"]
    assert g[0][-3:] == ["分值", "执行率", "得分"]
    # each row is named by what stands on its own line
    assert [r[0] for r in g[2:]] == ["保证机关日常运转。 任务完成", "教育支出 基本任务完成",
                                     "卫生健康支出 保障公共卫生服务。 任务完成", "金额合计"]
    assert g[3][1:] == ["300", "200", "100", "300", "200", "100", "5", "100.00%", "5"]
    assert not [f for f in _findings(TASKS)]


def test_a_block_by_task_whose_figures_do_not_add_up_is_checked() -> None:
    text = TASKS.replace("金额合计 1,000.00", "金额合计 1,100.00")
    found = _findings(text)
    assert ("AL101", "金额合计 / 全年预算数（万元）/总额 1,100.00 is not the sum of its parts (合计 row "
            "「金额合计」 over rows 3–5): 100 + 300 + 600 = 1,000.00 ≠ 1,100.00") in found


def test_a_block_by_task_without_its_total_is_not_read() -> None:
    text = TASKS.replace("金额合计 1,000.00 800.00 200.00 930.00 740.00 190.00 15 93.00% 14\n", "")
    assert not parse_text(text, "t.txt").tables


def test_a_row_as_heavy_as_the_total_leaves_the_block_unread() -> None:
    # `质量指标 巡查合格率 100% 100 20`: its 得分 missing, 100 and 20 would pass for 分值 and 得分
    form = FORM.replace("质量指标 巡查合格率 100% 100% 20 20 无", "质量指标 巡查合格率 100% 100 20 无")
    assert not any(isinstance(b, Table) and b.text(0, 0) == "一级指标"
                   for b in parse_text(form, "t.txt").blocks)


def test_a_total_with_a_word_after_it_is_not_a_row() -> None:
    (line,) = classify(["总分 100 98.5 优"])
    assert _values_line(line, 2, True) is False
    form = FORM.replace("总分 100 98.5\n", "总分 100 98.5 优\n")
    assert not any(c.startswith("AL30") for c, _ in _findings(form))


PIECES = ["二级", "年度", "实际", "偏差原因分析及改", "一级指标", "三级指标", "分值", "得分",
          "指标", "指标值", "完成值", "进措施", "产出指标", "（50分）", "效益指标", "总分",
          "数量指标", "10", "12.5", "100%", "≥90%", "无", "满意度", "（10分）", " ", "\n", "标"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=50))
def test_any_form_text_reads_without_crashing(parts: list[str]) -> None:
    text = HEADER + "".join(parts) + "\n总分 100 90\n"
    doc = parse_text(text, "t.txt")
    assert_mapped(doc)


LINE_PIECES = [*PIECES, "偏差原因分", "析及改进措", "施", "完成值", "（", "50分）", "标（10分", "）",
               "执行率（", "B/A）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "执行率"]
lines_of_pieces = st.lists(
    st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=6).map(" ".join),
    min_size=1, max_size=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_of_pieces, st.integers(min_value=0, max_value=7))
def test_any_header_lines_read_without_crashing(texts: list[str], at: int) -> None:
    lines = classify(texts)
    seq = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    if not seq:
        return
    header = read_header(lines, seq, min(at, len(seq) - 1))
    if header is not None:
        assert all(0 <= q < len(seq) for q in header.used)
        assert header.end <= len(seq)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_of_pieces)
def test_any_rows_after_a_cut_header_read_without_crashing(texts: list[str]) -> None:
    text = HEADER + "\n".join(texts) + "\n总分 100 90\n"
    doc = parse_text(text, "t.txt")
    assert_mapped(doc)


TASK_PIECES = ["全年预算数（万元）", "全年执行数（万元）", "任务名称", "主要内容", "完成情况", "分值",
               "执行率", "得分", "总额", "财政拨款", "其他资金", "金额合计", "任务完成", "100", "90.00%",
               "1,000.00", "0", "5", "支出。", "出"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(TASK_PIECES), min_size=1, max_size=12).map(" ".join),
                min_size=1, max_size=10))
def test_any_block_by_task_reads_without_crashing(texts: list[str]) -> None:
    text = ("全年预算数（万元） 全年执行数（万元）\n任务名称 主要内容 完成情况 分值 执行率 得分\n"
            "总额 财政拨款 其他资金 总额 财政拨款 其他资金\n" + "\n".join(texts) + "\n")
    doc = parse_text(text, "t.txt")
    assert_mapped(doc)


def test_rows_whose_names_wrapped_around_them_still_count_under_their_label() -> None:
    # the 三级 names of the 效益 rows stand cut around their lines: the rows are read without
    # a name, and still count as the indicators under 效益指标（30分）
    form = FORM.replace("社会效益指\n群众知晓程度 明显提高 明显提高 13 13 无\n标\n",
                        "社会效益指 群众知晓\n明显提高 明显提高 13 13 无\n标 程度\n").replace(
        "可持续影响\n长效机制建立 长期 长期 13 13 无\n指标\n",
        "可持续影响 长效机制\n长期 长期 13 13 无\n指标 建立\n")
    rows = grid(_table(form))
    assert [r[2] for r in rows[5:7]] == ["", ""]
    found = _findings(form)
    assert any("weight of 效益指标（30分）" in m and "13 + 13 = 26" in m for _, m in found), found


def test_a_row_as_heavy_as_its_label_is_not_counted_as_one_of_its_indicators() -> None:
    form = FORM.replace("社会效益指\n群众知晓程度 明显提高 明显提高 13 13 无\n标\n",
                        "社会效益指 群众知晓\n明显提高 明显提高 30 30 无\n标 程度\n").replace(
        "可持续影响\n长效机制建立 长期 长期 13 13 无\n指标\n",
        "可持续影响 长效机制\n长期 长期 13 13 无\n指标 建立\n")
    assert not any("weight of 效益指标" in m for _, m in _findings(form))


def test_a_bracket_closing_a_wrapped_target_is_not_a_piece_of_a_weight() -> None:
    form = FORM.replace("数量指标 完成巡查次数 12次 12次 10 10 无\n",
                        "数量 12次（±1\n指标 完成巡查次数 12次 10 10 无\n）\n")
    rows = grid(_table(form))
    assert rows[1][0].replace("\n", "") == "产出指标（50分）"
    assert any("13 + 13 = 26" in m for _, m in _findings(form))


# A form whose indicator block has the outer column `绩效指标` printed one character a line
# (`绩` `效` inside the cut header, `指` `标` between rows), a 一级 weight without brackets
# and labels the lines between rows put off the middle of their rows; its funds block lists
# 上年结转资金 between `其中：当年财政拨款` and 其他资金.
OUTER_FORM = """某某中心运行保障项目绩效自评表
（2023年度）
项目名称 运行保障项目
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分
年度资金总额 500 400 380 10 95.00% 9.5
项目资金
（万元） 其中：当年财政拨款 300 300 300 — 100.00% —
上年结转资金 200 100 80 — 80.00% —
其他资金 0 0 0 — — —
绩 二级 年度 实际 偏差原因分析及改
一级指标 三级指标 分值 得分
效 指标 指标值 完成值 进措施
数量指标 完成巡查次数 12次 12次 10 10 无
质量指标 巡查合格率 100% 100% 20 20 无
产出指标 完成时间 2023年 10 10 无
指 （50分）
成本指标 运行成本 400万元 380万元 10 9 加强成本核算
标
社会效益指
群众知晓程度 明显提高 明显提高 15 15 无
标
效益指标
30分
可持续影响
长效机制建立 长期 长期 15 15 无
指标
满意度 服务对象满
指标 群众满意度 ≥90% 95% 10 10 无
意度指标
（10分）
总分 100 98.5
"""


def test_a_funds_block_total_is_the_sum_of_every_row_after_its_subset_row() -> None:
    doc = parse_text(OUTER_FORM, "t.txt")
    assert not any("differs from the sum" in n.message for n in doc.notes)
    assert _findings(OUTER_FORM) == []
    wrong = OUTER_FORM.replace("上年结转资金 200 100 80", "上年结转资金 200 100 70")
    found = _findings(wrong)
    assert any("380" in m for _, m in found), found


def test_a_funds_block_with_a_total_row_after_the_subset_row_keeps_it_a_part() -> None:
    # rows after the 其中 row up to another total are not taken as the whole breakdown
    form = OUTER_FORM.replace("其他资金 0 0 0 — — —\n", "其他资金 0 0 0 — — —\n小计 500 400 380 — — —\n")
    assert not any(c == "AL101" and "年度资金总额" in m for c, m in _findings(form))


def test_a_header_cut_around_the_outer_column_characters_is_read() -> None:
    text = "绩 二级 年度 实际 偏差原因分析及改\n一级指标 三级指标 分值 得分\n效 指标 指标值 完成值 进措施\n"
    lines = classify(text.splitlines())
    header = read_header(lines, list(range(len(lines))), 1)
    assert header is not None
    assert [w.text.replace("\n", "") for w in header.words] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施"]


def test_a_block_with_outer_characters_and_an_unbracketed_weight_is_read() -> None:
    rows = grid(_table(OUTER_FORM))
    l1 = [r[0].replace("\n", "") for r in rows[1:-1]]
    assert l1 == ["产出指标（50分）"] * 4 + ["效益指标30分"] * 2 + ["满意度指标（10分）"]
    assert [r[2] for r in rows[1:8]] == ["完成巡查次数", "巡查合格率", "完成时间", "运行成本",
                                        "群众知晓程度", "长效机制建立", "群众满意度"]
    assert rows[-1][0] == "总分"
    wrong = OUTER_FORM.replace("总分 100 98.5", "总分 100 90.5")
    assert any(c == "AL303" for c, _ in _findings(wrong)), _findings(wrong)


def test_outer_characters_are_found_only_whole_and_in_order() -> None:
    lines = classify(["绩 二级", "一级指标", "效 指标", "指 （50分）", "某行 1 1", "标", "总分 10 10"])
    assert il._outer_pieces(lines, list(range(7)), 0) == {0, 2, 3, 5}
    lines = classify(["指 （50分）", "某行 1 1", "标", "总分 10 10"])
    assert il._outer_pieces(lines, list(range(4)), 0) == frozenset()


def test_a_category_before_a_label_taken_from_the_values_is_a_lead() -> None:
    line = classify(["产出指标 完成时间 2023年 10 10 无"])[0]
    row = _values_line(line, 2, True)
    assert isinstance(row, _LineRow)
    assert row.label is not None and row.label.text == "完成时间"
    assert row.lead is not None and row.lead.text == "产出指标"


def test_rows_are_grouped_by_the_weights_of_their_labels() -> None:
    # the middles of the groups' lines are off their labels; the weights tell the groups
    rows = [_LineRow(q, None, [], SourceText(w, []), SourceText(w, []), None)
            for q, w in ((0, "10"), (1, "20"), (2, "10"), (9, "10"), (10, "15"), (20, "15"))]
    labels = [(SourceText("产出指标（50分）", []), Decimal("6")),
              (SourceText("效益指标30分", []), Decimal("13"))]
    assert il._groups_by_weights(rows, labels) == {0: labels[0][0], 4: labels[1][0]}
    assert il._groups_by_weights(rows, [(labels[0][0], Decimal(6)),
                                        (SourceText("效益指标（20分）", []), Decimal(13))]) is None
    zero = [*rows[:3], _LineRow(5, None, [], SourceText("0", []), SourceText("0", []), None),
            *rows[3:]]
    assert il._groups_by_weights(zero, labels) is None


def test_a_weight_after_another_category_goes_to_the_nearer_one_when_weights_agree() -> None:
    lines = classify(["成本", "指标", "效益指标", "（30分）"])
    assert _group_labels(lines, [0, 1, 2, 3], [0, 1, 2, 3], []) is None
    found = _group_labels(lines, [0, 1, 2, 3], [0, 1, 2, 3], [], nearest=True)
    assert found is not None and [t.text for t, _ in found] == ["效益指标（30分）"]


FUNDS_MD = """# 某某中心设备购置项目绩效自评表

| 项目资金（万元） | 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分 |
| --- | --- | --- | --- | --- | --- | --- |
| 年度资金总额 | 500 | 500 | 480 | 10 | 96.00% | 9.6 |
| 其中：当年财政拨款 | 300 | 300 | 300 | — | — | — |
| 上年结转资金 | | | | — | — | — |
| 其他资金 | 200 | {a} | 180 | — | — | — |
"""


def _sums_of(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "form.md"
    path.write_text(text, encoding="utf-8")
    return [f.message for f in check_file(path, load_packs()).findings if f.code == "AL101"]


def test_a_funds_part_blank_in_one_column_only_is_not_taken_for_zero(tmp_path: Path) -> None:
    # 其他资金 has figures under 年初预算数 and 全年执行数 and none under 全年预算数: not
    # filled in there, so that column's parts may fall short of 500
    assert _sums_of(FUNDS_MD.format(a=""), tmp_path) == []
    found = _sums_of(FUNDS_MD.format(a="150"), tmp_path)
    assert len(found) == 1 and "300 + 150 = 450 ≠ 500" in found[0]
    # a part above its total is wrong whether or not a part is blank
    over = FUNDS_MD.format(a="").replace("| 300 | 300 | 300 |", "| 300 | 600 | 300 |")
    assert any("600" in m for m in _sums_of(over, tmp_path))


# Labels at the top of their cells: `产出指标` on its first row's line, `（50分）` on the
# next row's, every row's line ending with its reason; the groups' weights do not add up.
TOP_FORM = """某某医院设备购置项目绩效自评表
（2023年度）
项目名称 设备购置项目
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分
年度资金总额 500 400 380 10 95.00% 9.5
项目资金
（万元） 其中：当年财政拨款 500 400 380 — 95.00% —
""" + HEADER + """产出指标 数量指标 购置设备数量 4台 4台 10 10 无偏差
符合国家相关
（50分） 质量指标 设备验收 验收标准 达到要求 20 20 无偏差
规范
2023.1.1-
时效指标 项目完成率 100% 10 10 无偏差
2023.12.31
成本指标 项目成本 400万元 380万元 20 20 无偏差
社会效益指 提升服务
效益指标 产生的社会效益 完成 10 10 无偏差
标 能力
生态效益指 无废物/
（30分） 生态效益 达到要求 5 5 无偏差
标 辐射
可持续影响
完成后持续影响 长期 长期 5 5 无偏差
指标
满意度
服务对象满
指标 服务满意度 满意 ≥95% 10 10 无偏差
意度指标
（10分）
总分 100 99.5
"""


def test_labels_at_the_top_of_their_cells_place_the_rows_below_them() -> None:
    rows = grid(_table(TOP_FORM))
    l1 = [r[0].replace("\n", "") for r in rows[1:9]]
    assert l1 == ["产出指标（50分）"] * 4 + ["效益指标（30分）"] * 3 + ["满意度指标（10分）"]
    found = _findings(TOP_FORM)
    assert any("产出指标（50分）" in m and "10 + 20 + 10 + 20 = 60" in m for _, m in found), found
    assert any("效益指标（30分）" in m and "10 + 5 + 5 = 20" in m for _, m in found), found


def _spans_at(*spans: tuple[int, int]) -> list[tuple[int, int]]:
    return list(spans)


def test_a_label_at_the_top_of_its_rows_starts_their_group() -> None:
    rows = _rows_at(0, 2, 5, 8, 11, 14, 17, 21)
    labels = _labels_at("1", "12.5", "21")
    found = il._top_groups(rows, labels, _spans_at((0, 2), (11, 14), (19, 23)))
    assert found is not None and sorted(found) == [0, 4, 7]


def test_a_label_not_clearly_above_the_middle_of_its_rows_places_none() -> None:
    # the second label, lines 11-15, may be centred on rows 11-17 as well as stand at their top
    rows = _rows_at(0, 2, 5, 8, 11, 14, 17, 21)
    labels = _labels_at("1", "13", "21")
    assert il._top_groups(rows, labels, _spans_at((0, 2), (11, 15), (19, 23))) is None


def test_top_labels_need_a_first_group_that_shows_them_at_the_top() -> None:
    # a first label on a single row is centred on it as well: nothing shows the labels stand
    # at the top of their cells rather than in their middle
    rows = _rows_at(0, 5, 8, 11, 14, 17, 21)
    labels = _labels_at("0", "5", "21")
    assert il._top_groups(rows, labels, _spans_at((0, 0), (4, 6), (19, 23))) is None


def test_rows_above_the_first_label_are_no_group_of_the_top_labels() -> None:
    rows = _rows_at(0, 2, 5, 8, 11, 14, 17, 21)
    labels = _labels_at("3", "12.5", "21")
    assert il._top_groups(rows, labels, _spans_at((2, 4), (11, 14), (19, 23))) is None


def test_a_row_of_another_first_level_category_breaks_a_top_grouping() -> None:
    rows = _rows_at(0, 2, 5, 8, 11, 14, 17, 21)
    rows[3].pieces = [SourceText("社会效益指标", [])]
    labels = [(SourceText("产出指标（50分）", []), Decimal(1)),
              (SourceText("效益指标（30分）", []), Decimal("12.5")),
              (SourceText("满意度指标（10分）", []), Decimal(21))]
    spans = _spans_at((0, 2), (11, 14), (19, 23))
    assert il._top_groups(rows, labels, spans) is None
    rows[3].pieces = [SourceText("成本指标", [])]
    assert il._top_groups(rows, labels, spans) is not None


def test_a_piece_of_a_category_ending_with_the_beginning_of_its_weight_is_no_name() -> None:
    line = classify(["标（10分 满意度指 ≥95% 10 10"])[0]
    row = _values_line(line, 2, True)
    assert isinstance(row, _LineRow)
    assert row.label is None and row.lead is not None and row.lead.text == "标（10分"
    line = classify(["设备（10台 满意度指 ≥95% 10 10"])[0]
    row = _values_line(line, 2, True)
    assert isinstance(row, _LineRow) and row.label is not None and row.label.text == "设备（10台"


def _placed(values: str) -> list[str] | None:
    from auditlint.readers.flatcells import tokens
    from auditlint.readers.flattened import _place_funds

    found = _place_funds(tokens(classify([values])[0]), [0, 1, 2, 3, 4, 5])
    return None if found is None else [c.text for c in found]


def test_a_funds_row_with_a_cell_left_out_is_placed_by_its_rate() -> None:
    # 全年执行数 ÷ 全年预算数 is the rate only with 年初预算数 blank
    assert _placed("400 380 10 95.00% 9.5") == ["", "400", "380", "10", "95.00%", "9.5"]
    assert _placed("600.00 464.84 10 77.47% 7.75") == ["", "600.00", "464.84", "10", "77.47%", "7.75"]
    # a blank 得分 after the rate
    assert _placed("218 218 218 10 100.00%") == ["218", "218", "218", "10", "100.00%", ""]


def test_a_funds_cell_two_placements_fill_differently_stays_blank() -> None:
    # 分值 blank, or 年初预算数: both fit; the figures both put in 全年预算数 and 全年执行数
    # are kept, and no 分值 is made up
    assert _placed("316.82 316.82 316.82 100.00% 10.00") == [
        "", "316.82", "316.82", "", "100.00%", "10.00"]


def test_a_funds_row_whose_rate_fits_no_placement_is_not_read() -> None:
    assert _placed("3000 3000 10 80% 8") is None
    assert _placed("400 380 10 9.5") is None  # no rate: nothing ties the values to columns
    assert _placed("400 380 95.00% 10 9.5") is None  # the rate out of its column


def test_a_total_counting_a_placed_funds_line_is_checked() -> None:
    form = FORM.replace("年度资金总额 500 400 380 10 95.00% 9.5", "年度资金总额 400 380 10 95.00% 9.5")
    found = _findings(form)
    assert any("总分 / 分值" in m and "= 96 ≠ 100" in m for _, m in found), found
    # with its 分值 left blank the line's weight is not known: the total is not judged
    blank = FORM.replace("年度资金总额 500 400 380 10 95.00% 9.5",
                         "年度资金总额 380 380 380 100.00% 10")
    assert not any("总分 / 分值" in m for _, m in _findings(blank))
