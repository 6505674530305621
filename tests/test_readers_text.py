"""The .txt reader on small reports written in the style of real extracts."""

from __future__ import annotations

from pathlib import Path

from auditlint.document import Document, Paragraph, Table
from auditlint.readers import read
from auditlint.readers.text import parse_text
from readers_helpers import assert_mapped, grid

# PDF text: wrapped at a fixed width, a blank line after every line, a page number and a
# page-boundary space in the middle of a paragraph, a number and its unit split.
WRAPPED = """\
 某某县农业服务中心

2024 年度部门决算

公开说明
 第一部分 单位概况

一、主要职能

负责全县农业技术推广和农村经营管理工作，组织实

施农业项目的申报、实施和验收，指导乡镇农业服务

站开展技术培训和信息服务，承担县政府交办的其他

工作任务。

二、收入支出决算总体情况说明

2024 年度收入总计 2,418.36 万元，其中：本年收入合

计 2,418.36 万元，使用非财政拨款结余 0.00 万元，年初

结转和结余 0.00 万元。与上年相比，增加 126.40 万

元，增长 5.52%，主要原因是：本年新增高标准农田建

设管护经费、农机购置补贴配套经费和农村人居环境



- 2 -

 整治专项经费。

三、支出决算情况说明

本年支出 2,418.36 万元，其中：基本支出 1,530.12 万

元，占 63.27%；项目支出 888.24 万元，占 36.73%。
"""


def _paragraphs(doc: Document) -> list[str]:
    return [p.text.text for p in doc.paragraphs]


def _para(doc: Document, start: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.text.text.startswith(start))


def test_wrapped_lines_are_rejoined_without_spaces() -> None:
    doc = parse_text(WRAPPED)
    p = _para(doc, "2024 年度收入总计")
    assert "本年收入合计 2,418.36 万元" in p.text.text
    assert "增加 126.40 万元，增长 5.52%" in p.text.text
    assert p.text.text.endswith("农村人居环境整治专项经费。")
    assert "- 2 -" not in p.text.text
    assert _para(doc, "负责全县").text.text.endswith("承担县政府交办的其他工作任务。")
    assert_mapped(doc)


def test_source_map_points_into_the_original_lines() -> None:
    doc = parse_text(WRAPPED)
    p = _para(doc, "2024 年度收入总计")
    text = p.text.text
    i = text.index("126.40")
    line, col = p.text.position(i)
    assert doc.lines[line - 1][col - 1: col + 5] == "126.40"
    span = p.text.span(text.index("万元，增长"), text.index("万元，增长") + 2)
    assert (span.line, span.end_line) == (24, 26)  # 万 and 元 on two lines
    assert doc.lines[span.end_line - 1][span.end_column - 2] == "元"


def test_page_boundary_space_is_dropped() -> None:
    doc = parse_text(WRAPPED)
    assert _paragraphs(doc)[0] == "某某县农业服务中心"
    heading = _para(doc, "第一部分")
    assert heading.heading
    assert heading.text.whole_span().column == 2


def test_headings_and_section_paths() -> None:
    doc = parse_text(WRAPPED)
    p = _para(doc, "本年支出")
    assert p.section == ("第一部分 单位概况", "三、支出决算情况说明")
    assert not p.heading
    assert [h.text.text for h in doc.paragraphs if h.heading] == [
        "第一部分 单位概况", "一、主要职能", "二、收入支出决算总体情况说明", "三、支出决算情况说明",
    ]
    assert [p.index for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))


# Word text: one paragraph per line, paragraphs cut by page breaks (blank lines).
WORD = (
    "摘 要\n\n一、部门概况\n\n"
    "本中心核定编制 18 名，实有人员 16 名，主要负责全区社会救助对象的审核、"
    "资金发放和监督管理工作，同时承担区民政局交办的\n\n\n\n"
    "其他事项。\n\n（一）资金情况\n\n"
    "2024 年预算资金 356.80 万元，其中基本支出 206.80 万元。\n"
    "（二）存在问题\n1.预算编制不够细化\n部分项目测算依据不充分。\n"
)


def test_paragraph_per_line_text_joins_only_across_breaks() -> None:
    doc = parse_text(WORD)
    texts = _paragraphs(doc)
    assert "同时承担区民政局交办的其他事项。" in texts[2]
    assert texts[0] == "摘 要"
    heading = _para(doc, "1.预算编制")
    assert heading.heading
    assert heading.section == ("摘 要", "一、部门概况", "（二）存在问题", "1.预算编制不够细化")
    assert _para(doc, "部分项目").section[-1] == "1.预算编制不够细化"


def test_furniture_is_skipped() -> None:
    text = (
        "目 录\n"
        "一、基本情况.........\t3\n"
        "二、绩效分析.........\t5\n"
        "三、问题与建议\t9\n"
        "\n"
        "[bookmark: _Toc1201]一、基本情况\n"
        "本年度共完成培训 12 期。\n"
        "\n\n"
        "第 2 页\n"
        "\n"
        "3/10\n"
        "二、绩效[bookmark: _Toc77]分析\n"
    )
    doc = parse_text(text)
    texts = _paragraphs(doc)
    assert texts == ["目 录", "一、基本情况", "本年度共完成培训 12 期。", "二、绩效分析"]
    heading = _para(doc, "二、绩效分析")
    assert heading.text.position(4) == (13, 23)  # 分 after the cut marker
    assert_mapped(doc)


def test_pages_running_headers_and_page_numbers() -> None:
    page = "某某局2024年度部门决算\n正文第{n}页的内容，说明本页的情况。\n{n}\n"
    text = "\f".join(page.format(n=n) for n in range(1, 6))
    doc = parse_text(text)
    texts = _paragraphs(doc)
    assert all("部门决算" not in t for t in texts)
    assert len(texts) == 5
    assert [p.page for p in doc.paragraphs] == [1, 2, 3, 4, 5]
    assert_mapped(doc)


TSV = """\
对本项目的评价得分见下表。
一级指标\t二级指标\t三级指标\t分值\t得分\t得分率
决策（15 分）\t项目立项（6 分）\t立项依据充分性\t3\t3\t100%
\t\t立项程序规范性\t3\t2\t66.7%



\t绩效目标（9 分）\t绩效目标合理性\t5\t4\t80%
\t\t绩效指标明确性\t4\t4\t100%
产出（40 分）\t产出数量\t培训人次完成率\t20\t18\t90%

\t(40分)\t培训合格率\t20\t20\t100%
合计\t\t\t55\t51\t92.7%

二、问题
"""


def test_tab_separated_table_with_merges_and_a_page_break() -> None:
    doc = parse_text(TSV)
    (table,) = doc.tables
    assert table.shape == "tsv"
    assert table.header_rows == 1
    g = grid(table)
    assert len(g) == 8
    assert g[0] == ["一级指标", "二级指标", "三级指标", "分值", "得分", "得分率"]
    assert g[2] == ["决策（15 分）", "项目立项（6 分）", "立项程序规范性", "3", "2", "66.7%"]
    assert table.rows[2][0].merged and table.rows[2][0].origin == (1, 0)
    assert g[3][:3] == ["决策（15 分）", "绩效目标（9 分）", "绩效目标合理性"]
    assert g[5][1] == "产出数量(40分)"
    assert g[6][1] == "产出数量(40分)" and table.rows[6][1].origin == (5, 1)
    assert g[7] == ["合计", "", "", "55", "51", "92.7%"]
    assert not table.rows[7][1].merged
    assert doc.paragraphs[-1].text.text == "二、问题"
    assert_mapped(doc)


def test_row_of_label_fragments_is_folded_into_the_row_above() -> None:
    text = "项目\t指标\t分值\n产出\t数量指标\t20\n\t(20分)\t\n效益\t社会效益\t30\n"
    (table,) = parse_text(text).tables
    assert grid(table) == [
        ["项目", "指标", "分值"], ["产出", "数量指标(20分)", "20"], ["效益", "社会效益", "30"],
    ]


CELLS = """\
2024年，各类资金收支情况如下：
某某中心2024年收支明细表
单位：元
\t类别
\t年初预算
\t收入
\t支出

\t
\t
\t收入合计
\t财政拨款收入
\t其他收入
\t支出合计
\t财政拨款支出
\t其他支出

\t基本支出
\t820,000.00
\t815,600.00
\t800,000.00
\t15,600.00
\t790,300.00
\t780,000.00
\t10,300.00

\t
\t50,000.00
\t52,000.00
\t52,000.00
\t0.00
\t49,500.00
\t49,500.00
\t0.00

\t说明
\t第一行为基本支出。
第二行为项目支出。
\t
\t
\t
\t
\t
\t


三、结论
"""


def test_cell_per_line_table_with_two_header_rows() -> None:
    doc = parse_text(CELLS)
    (table,) = doc.tables
    assert table.shape == "cell-per-line"
    assert table.caption == "某某中心2024年收支明细表"
    assert table.unit == "元"
    assert table.header_rows == 2
    assert table.n_cols == 8
    g = grid(table)
    assert g[0] == ["类别", "年初预算", "收入", "收入", "收入", "支出", "支出", "支出"]
    assert [c.merged for c in table.rows[0]] == [False, False, False, True, True, False, True, True]
    assert g[1][:3] == ["类别", "年初预算", "收入合计"]
    assert table.rows[1][0].origin == (0, 0)
    assert g[2][0] == "基本支出" and g[3][0] == "基本支出"  # merged down
    assert g[3][1:] == ["50,000.00", "52,000.00", "52,000.00", "0.00", "49,500.00", "49,500.00",
                        "0.00"]
    assert g[4][1] == "第一行为基本支出。第二行为项目支出。"
    texts = _paragraphs(doc)
    assert "某某中心2024年收支明细表" not in texts and "单位：元" not in texts
    assert texts[-1] == "三、结论"
    assert_mapped(doc)


def test_header_spans_from_a_repeating_pattern() -> None:
    text = (
        "\t项目\n\t甲单位\n\t乙单位\n\n"
        "\t\n\t预算\n\t决算\n\t预算\n\t决算\n\n"
        "\t收入\n\t10\n\t11\n\t20\n\t19\n"
    )
    (table,) = parse_text(text).tables
    assert grid(table)[0] == ["项目", "甲单位", "甲单位", "乙单位", "乙单位"]


def test_header_spans_not_clear_gives_a_notice() -> None:
    text = (
        "\t项目\n\t甲\n\t乙\n\n"
        "\t\n\t一\n\t二\n\t三\n\n"
        "\t收入\n\t1\n\t2\n\t3\n"
    )
    doc = parse_text(text)
    assert len(doc.tables) == 1
    assert [n.code for n in doc.notes] == ["AL902"]


SELF_EVALUATION = """\
四、绩效自评结果
项 目 支 出 绩 效 自 评 表
（2024 年度）
项目名称 农村道路养护补助资金
项目资金
（万元）
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 48.20 52.00 50.44 10 97.00% 9.70
其中：当年财
政拨款
48.20 52.00 50.44 — — —
其他资金 0.00 0.00 0.00 — — —
年度
总体
目标
预期目标 实际完成情况
完成全县农村公路日常养护，保持路况良好。
一级指
标
二级指标 三级指标 年度指标值 实际完成值 分值 得分
偏差原
因分析
及改进
措施
产出指
标
数量指标
养护里程
>=320 公里 =318 公里 20 19.50
个别路段
因施工延
后养护。
质量指标
路况优良
率
>=85% =88% 20 20.00
效益指
标
社会效益指标
群众出行条件
改善
改善 改善 30 30.00
成本指
标
经济成本指标
每公里养护
成本
<=1500 元/公
里
=1420 元/公
里
20 20.00
 总分 90 89.50 分
五、问题和建议
"""


def test_flattened_funds_block() -> None:
    doc = parse_text(SELF_EVALUATION)
    funds = doc.tables[0]
    assert funds.shape == "flattened"
    assert funds.caption == "项目支出绩效自评表"
    assert funds.unit == "万元"
    assert grid(funds) == [
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "48.20", "52.00", "50.44", "10", "97.00%", "9.70"],
        ["其中：当年财政拨款", "48.20", "52.00", "50.44", "—", "—", "—"],
        ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
    ]
    assert_mapped(doc)


def test_flattened_indicator_block() -> None:
    doc = parse_text(SELF_EVALUATION)
    table = doc.tables[1]
    g = grid(table)
    assert g[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施"]
    assert g[1] == ["产出指标", "数量指标", "养护里程", ">=320 公里", "=318 公里", "20", "19.50",
                    "个别路段因施工延后养护。"]
    assert g[2] == ["产出指标", "质量指标", "路况优良率", ">=85%", "=88%", "20", "20.00", ""]
    assert table.rows[2][0].merged
    assert g[3][:5] == ["效益指标", "社会效益指标", "群众出行条件改善", "改善", "改善"]
    assert g[4][:7] == ["成本指标", "经济成本指标", "每公里养护成本", "<=1500 元/公里",
                        "=1420 元/公里", "20", "20.00"]
    assert g[5][0] == "总分" and g[5][5:7] == ["90", "89.50 分"]
    assert not doc.notes
    texts = _paragraphs(doc)
    assert texts[-1] == "五、问题和建议"
    assert "完成全县农村公路日常养护，保持路况良好。" in texts
    assert_mapped(doc)


def test_indicator_row_that_cannot_be_split_is_reported() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标\n"
        "宣传活动\n"
        "按计划开展\n"
        "已开展\n"
        "10 10\n"
        "培训场次 >=4 场 =5 场 10 10\n"
        "时效指标\n"
        "资金拨付及时率 =100% =100% 10 10\n"
        "总分 30 30\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    g = grid(table)
    assert g[1][:5] == ["产出指标", "数量指标", "宣传活动按计划开展已开展", "", ""]
    assert g[2][2:5] == ["培训场次", ">=4 场", "=5 场"]
    assert g[3][:3] == ["产出指标", "时效指标", "资金拨付及时率"]
    assert [n.code for n in doc.notes] == ["AL902"]
    assert "row(s) 1 " in doc.notes[0].message


def test_indicator_table_mostly_misaligned_is_not_read() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 印刷份数>=2 万份\n"
        "=2 万份 10 10\n"
        "质量指标 合格率>=95%\n"
        "=96% 10 10\n"
    )
    doc = parse_text(text)
    assert not doc.tables
    assert "could not be aligned" in doc.notes[0].message


def test_indicator_header_with_unknown_words_is_not_read() -> None:
    text = (
        "一级指 年度指 得\n"
        "二级指标 三级指标 实际完成值 分值 及\n"
        "标 标值 分\n"
        "数量指标 培训人数 ≥300人 366人 6 6\n"
    )
    doc = parse_text(text)
    assert not doc.tables
    assert doc.notes[0].code == "AL902"


def test_units_glued_to_target_values() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 补助月份\n"
        ">=7 个月 =7 个月 10 10.00\n"
        "发放标准 <=560 人/元 =560 人/元 10 9.00\n"
    )
    (table,) = parse_text(text).tables
    g = grid(table)
    assert g[1][3:5] == [">=7 个月", "=7 个月"]
    assert g[2][2:5] == ["发放标准", "<=560 人/元", "=560 人/元"]


def test_indicator_header_without_scores_is_not_read() -> None:
    text = "一级指标 二级指标 三级指标 年度指标值\n产出指标 数量指标 培训人数 >=100 人\n"
    doc = parse_text(text)
    assert not doc.tables
    assert doc.notes and doc.notes[0].code == "AL902"
    assert len(doc.paragraphs) == 2


def test_spaced_rows_with_a_dropped_cell_are_placed_by_their_sums() -> None:
    text = (
        "支出决算表\n"
        "单位：万元\n"
        "科目名称 合计 基本支出 项目支出\n"
        "201 一般公共服务支出 1,200.50 1,000.50 200.00\n"
        "201 03 政府办公厅 1,200.50 1,000.50 200.00\n"
        "201 03 01 行政运行 900.10 900.10\n"
        "201 03 02 一般行政管理事务 300.40 100.40 200.00\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    assert (table.shape, table.caption, table.unit) == ("spaced", "支出决算表", "万元")
    assert [table.text(0, c) for c in range(5)] == ["科目编码", "项目", "合计", "基本支出", "项目支出"]
    # 900.10 twice: the total and, under a parent whose 项目支出 is 200.00, the 基本支出
    assert [table.text(3, c) for c in range(5)] == ["201 03 01", "行政运行", "900.10", "900.10", ""]
    assert not doc.notes and not doc.paragraphs[1:]


def test_spaced_rows_whose_placement_the_sums_cannot_tell_keep_only_what_is_sure() -> None:
    text = (
        "单位：万元\n"
        "科目名称 合计 基本支出 项目支出\n"
        "201 一般公共服务支出 1,200.50 1,000.50 200.00\n"
        "202 外交支出 300.00 100.00 200.00\n"
        "203 国防支出 50.00 50.00\n"
    )
    (table,) = parse_text(text).tables
    # 50.00 is the total; whether the other 50.00 is 基本 or 项目 nothing says: it is one
    # cell over both, so no column total is checked over it (the row's 合计 is)
    assert [table.text(3, c) for c in range(5)] == ["203", "国防支出", "50.00", "50.00", "50.00"]
    assert table.cell(3, 4).merged and not table.cell(3, 3).merged


def test_simple_flattened_score_table() -> None:
    text = (
        "表 2：综合评价得分情况表\n"
        "一级指标 分值 得分 得分率\n"
        "决策 20 18.50 92.50%\n"
        "过程 30 27.00 90.00%\n"
        "合 计 50 45.50 91.00%\n"
        "评价等级为“优”。\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    assert table.caption == "表 2：综合评价得分情况表"
    assert grid(table)[3] == ["合 计", "50", "45.50", "91.00%"]


def test_read_from_file(tmp_path: Path) -> None:
    p = tmp_path / "r.text"
    p.write_text(TSV, encoding="utf-8")
    doc = read(p)
    assert doc.path == str(p)
    assert isinstance(doc.blocks[1], Table)
    assert doc.tables[0].index == 1


def test_crlf_file_keeps_columns(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(WRAPPED.replace("\n", "\r\n").encode("utf-8"))
    doc = read(p)
    assert doc.lines == WRAPPED.splitlines()
    assert_mapped(doc)


def test_value_rows_longer_than_the_header_are_not_read() -> None:
    # a second `得分` cut above and below: where it stands is not known
    text = (
        "得\n"
        "年初预算数 全年预算数（A） 全年执行数（B） 分值 得分\n"
        "分\n"
        "项目资金 年度资金总额 240 229.19 229.19 10 100.00% 10.00\n"
        "（万元） 其中：当年财政拨款 240 229.19 229.19 — —\n"
    )
    doc = parse_text(text)
    assert not doc.tables
    assert "more values" in doc.notes[0].message


def test_a_funds_column_cut_above_and_below_takes_its_place_in_the_block() -> None:
    text = (
        "执行率（\n"
        "年初预算数 全年预算数（A） 全年执行数（B） 分值 得分\n"
        "B/A）\n"
        "项目资金 年度资金总额 240 229.19 229.19 10 100.00% 10.00\n"
    )
    (table,) = parse_text(text).tables
    assert [h.replace("\n", "") for h in grid(table)[0][1:]] == [
        "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
    assert grid(table)[1][5] == "100.00%"


def test_a_cut_funds_column_goes_after_the_label_column() -> None:
    text = (
        "全年执行数\n"
        "项目资金 年初预算数 全年预算数（A） 分值 执行率（B/A） 得分\n"
        "（B）\n"
        "（万元） 年度资金总额 300 300 270 10 90.00% 9\n"
    )
    (table,) = parse_text(text).tables
    assert [h.replace("\n", "") for h in grid(table)[0]] == [
        "项目资金", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
    assert grid(table)[1][1:] == ["300", "300", "270", "10", "90.00%", "9"]


def test_formula_tags_in_column_names() -> None:
    text = (
        "项目资金\n（万元）\n"
        "年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分\n"
        "年度资金总额 100 120 90 10 75.00% 7.5\n"
    )
    (table,) = parse_text(text).tables
    assert grid(table)[0][2] == "全年预算数（A）"
    assert grid(table)[1] == ["年度资金总额", "100", "120", "90", "10", "75.00%", "7.5"]


def test_numbering_column_does_not_stop_merges_from_above() -> None:
    text = (
        "序号\t类别\t科室\t备注\n"
        "1\t内设机构\t办公室\t\n"
        "2\t\t财务室\t\n"
        "3\t\t信息科\t又名数据室\n"
    )
    (table,) = parse_text(text).tables
    assert grid(table)[2][:2] == ["2", "内设机构"]
    assert table.rows[3][1].merged
    assert not table.rows[2][3].merged  # an empty 备注 stays empty


def test_cell_cut_by_a_page_break_is_rejoined() -> None:
    text = (
        "指标\t分值\t评分标准\t来源\n"
        "资金到位率\t2\t到位率100%得满分，每低5%扣\t财务资料\n"
        "\n\n\n"
        "\t\t0.5分，扣完为止。\t\n"
        "执行率\t2\t执行率达到95%得满分。\t决算报表\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    assert len(table.rows) == 3
    assert grid(table)[1][2] == "到位率100%得满分，每低5%扣0.5分，扣完为止。"
    assert_mapped(doc)


def test_text_in_a_narrow_column_is_rejoined() -> None:
    body = "".join(
        f"第{n}段正文说明本单位本年度各项工作开展情况和资金使用情况，内容较长需要换行。\n"
        for n in range(1, 4)
    )
    wrapped = (
        "本单位全年预算执行情况良好，各项工作按计划推进，资金使用规范，\n"
        "绩效目标基本完成，群众满意度较高，社会效益明显，达到预期\n"
        "效果。\n"
    )
    narrow = "预期目标：完成全县道路日常养护\n工作，保持路面状况良好，及时处\n置突发路况。\n"
    text = wrapped * 3 + body + narrow
    doc = parse_text(text)
    texts = _paragraphs(doc)
    assert "预期目标：完成全县道路日常养护工作，保持路面状况良好，及时处置突发路况。" in texts


def test_numbered_labels_in_table_rows_stay_rows() -> None:
    text = (
        "本部门收支情况如下，相关数据均以万元为单位列示，具体见表格内容说明。\n" * 6
        + "七、文化旅游体育与传媒支出 39 1,200.00 1,200.00\n"
        + "八、社会保障和就业支出 40 2,228.57 2,228.57\n"
        + "九、卫生健康支出 41 497.53 497.53\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    assert [table.text(r, 0) for r in range(1, 4)] == [
        "七、文化旅游体育与传媒支出", "八、社会保障和就业支出", "九、卫生健康支出"]
    assert not any(p.heading for p in doc.paragraphs)


_WORD_SAVED = (
    "表 1 指标评分表\n"
    "一级指标\t二级指标\t三级指标\t分值\t得分\t得分率\n"
    "投入\t预算编制\t预算编制科学性\t10\t9\t90%\n"
    "\t资金落实\t资金到位率\t10\t10\t100%\n"
    "产出\t产出数量\t培训完成率\t30\t27\t90%\n"
    "合计\t50\t47\t94%\n"
)


def test_a_total_row_saved_by_word_with_its_merged_label_once_spans_the_label_columns() -> None:
    doc = parse_text(_WORD_SAVED, "t.txt")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    rows = grid(table)
    assert rows[-1][3:] == ["50", "47", "94%"]
    assert table.cell(4, 0).merged is False and table.cell(4, 1).merged


def test_a_short_row_whose_figures_already_fit_is_left_as_it_is() -> None:
    text = "项目\t金额\t说明\t备注\n甲\t10\t说明一\t无\n乙\t20\n"
    doc = parse_text(text, "t.txt")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert grid(table)[-1][:2] == ["乙", "20"]
