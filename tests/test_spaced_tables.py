"""Tables as PDF text extraction prints them (cells split by single spaces, empty cells
dropped): reading the grid, and checking only what the grid's own sums vouch for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

FUNCTION_TABLE = (
    "2025年部门支出预算表\n"
    "编制部门：某某区某某局 单位：元\n"
    "项目 支出预算\n"
    "功能分类科目编码\n"
    "功能分类科目名称 合计 基本支出 项目支出\n"
    "类 款 项\n"
    "201 一般公共服务支出 5,200,000 3,100,000 2,100,000\n"
    "201 03 政府办公厅(室)及相关机构事务 5,200,000 3,100,000 2,100,000\n"
    "201 03 01 行政运行 3,100,000 3,100,000 0\n"
    "201 03 02 一般行政管理事务 2,100,000 0 2,100,000\n"
    "208 社会保障和就业支出 640,300 640,300 0\n"
    "208 05 行政事业单位养老支出 640,300 640,300 0\n"
    "208 05 05 机关事业单位基本养老保险缴费支出 427,000 427,000 0\n"
    "208 05 06 机关事业单位职业年金缴费支出 213,300 213,300 0\n"
    "合计 5,840,300 3,740,300 2,100,000\n"
)


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def test_function_table_is_read_with_codes_headers_caption_and_unit() -> None:
    doc = parse_text(FUNCTION_TABLE)
    (table,) = doc.tables
    assert (table.caption, table.unit, table.shape) == ("2025年部门支出预算表", "元", "spaced")
    assert [table.text(0, c) for c in range(5)] == ["科目编码", "项目", "合计", "基本支出", "项目支出"]
    assert [table.text(3, c) for c in range(5)] == ["201 03 01", "行政运行", "3,100,000",
                                                    "3,100,000", "0"]
    assert not doc.notes and len(doc.paragraphs) == 0


def test_a_clean_function_table_gives_no_finding_and_one_wrong_figure_is_found() -> None:
    assert _findings(FUNCTION_TABLE) == []
    wrong = FUNCTION_TABLE.replace("427,000 427,000", "427,900 427,000")
    found = _findings(wrong)
    assert ("AL101", 13) in found
    assert all(code == "AL101" for code, _ in found)


def test_a_table_whose_sums_fail_all_over_is_not_checked_but_noted() -> None:
    # the 项目支出 figures of every row are off: no single figure explains it
    garbled = FUNCTION_TABLE
    for old, new in (("3,100,000 0", "3,100,000 7"), ("0 2,100,000", "9 2,100,000"),
                     ("640,300 0", "640,300 5"), ("427,000 0", "427,000 3")):
        garbled = garbled.replace(old, new)
    assert _findings(garbled) == []
    doc = parse_text(garbled)
    graph = build_graph(doc, load_packs())
    assert any("not checked" in n.message for n in graph.notices)
    assert not [r for r in graph.relations if r.kind == "table_sum"]


def test_code_written_without_spaces_or_joined_to_its_name() -> None:
    text = (
        "财政拨款支出预算表（功能科目）\n"
        "单位：万元\n"
        "功能科目代码 功能科目名称 金额\n"
        "合 计 1,300.00\n"
        "204 公共安全支出 1,300.00\n"
        "20406 司法 1,300.00\n"
        "2040601 行政运行 1,000.00\n"
        "2040602-一般行政管理事务 300.00\n"
    )
    (table,) = parse_text(text).tables
    assert [table.text(r, 0) for r in range(1, 6)] == ["", "204", "20406", "2040601", "2040602"]
    assert _findings(text) == []
    assert [c for c, _ in _findings(text.replace("1,000.00", "1,010.00"))] == ["AL101"]


def test_two_panels_with_a_left_cell_dropped_and_a_numbered_label_inside() -> None:
    text = (
        "部门财务收支预算总表\n"
        "单位：元\n"
        "本年收入 本年支出\n"
        "项目 预算数 项目 预算数\n"
        "一、财政拨款收入 900,000 一、一般公共服务支出 600,000\n"
        "1. 一般公共预算资金 900,000 二、教育支出 200,000\n"
        "2. 政府性基金 三、卫生健康支出 100,000\n"
        "二、事业收入 四、住房保障支出 0\n"
        "收入总计 900,000 支出总计 900,000\n"
    )
    (table,) = parse_text(text).tables
    assert table.n_cols == 4
    assert [table.text(3, c) for c in range(4)] == ["2. 政府性基金", "", "三、卫生健康支出", "100,000"]
    assert _findings(text) == []


def test_row_numbers_are_a_column_of_their_own_not_amounts() -> None:
    text = (
        "收入支出决算表\n"
        "单位：万元\n"
        "项目 行次 金额\n"
        "一、一般公共预算财政拨款收入 1 500.00\n"
        "二、事业收入 2 120.00\n"
        "三、其他收入 3 30.00\n"
        "本年收入合计 4 650.00\n"
        "四、上年结转 5 50.00\n"
        "五、结余 6 20.00\n"
        "收入总计 7 720.00\n"
    )
    (table,) = parse_text(text).tables
    assert [table.text(0, c) for c in range(3)] == ["项目", "行次", "金额"]
    assert [table.text(4, c) for c in range(3)] == ["本年收入合计", "4", "650.00"]
    assert _findings(text) == []
    graph = build_graph(parse_text(text), load_packs())
    amounts = sorted(f.value for f in graph.facts)
    assert [str(v) for v in amounts] == ["20.00", "30.00", "50.00", "120.00", "500.00", "650.00",
                                         "720.00"]


def test_a_dropped_leading_zero_of_a_code_group_is_restored() -> None:
    text = (
        "基本支出预算表\n"
        "单位：元\n"
        "经济分类科目名称 合计 人员经费 公用经费\n"
        "301 工资福利支出 300 300 0\n"
        "301 01 基本工资 100 100 0\n"
        "301 2 津贴补贴 200 200 0\n"
        "302 商品和服务支出 50 0 50\n"
        "302 01 办公费 50 0 50\n"
    )
    (table,) = parse_text(text).tables
    assert table.text(3, 0) == "301 02"
    assert _findings(text) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 ,.合计项目款类一二、支出收入表单位：元万\n-[]",
                        max_size=40), max_size=12))
def test_no_line_crashes_the_spaced_table_reader(lines: list[str]) -> None:
    text = "\n".join(lines)
    doc = parse_text(text)
    build_graph(doc, load_packs())


def test_a_name_centred_on_its_code_line_is_joined_from_the_lines_around() -> None:
    text = (
        "收入决算表\n单位：万元\n项目 合计 财政拨款收入\n"
        "合计 100.50 100.50\n"
        "社会保障和就业支\n208 100.50 100.50\n出\n"
        "行政事业单位离退\n20805 100.50 100.50\n休\n"
        "2080505 机关事业单位基本养老保险缴费支出 100.50 100.50\n"
    )
    (table,) = parse_text(text).tables
    assert [(table.text(r, 0), table.text(r, 1)) for r in range(2, 5)] == [
        ("208", "社会保障和就业支出"), ("20805", "行政事业单位离退休"),
        ("2080505", "机关事业单位基本养老保险缴费支出")]
    assert _findings(text) == []
    assert [c for c, _ in _findings(text.replace("20805 100.50", "20805 101.50"))] == [
        "AL101", "AL101"]


def test_a_right_panel_row_keeps_its_code_under_its_own_panel() -> None:
    text = (
        "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目名称 决算数 科目名称 决算数\n"
        "301 工资福利支出 30.00 302 商品和服务支出 12.00\n"
        "30101 基本工资 30.00 30201 办公费 5.00\n"
        "30202 印刷费 3.00\n30299 其他商品和服务支出 4.00\n"
        "人员经费合计 30.00 公用经费合计 12.00\n"
    )
    (table,) = parse_text(text).tables
    assert table.text(3, 0) == "" and table.text(3, 3).startswith("30202")
    assert _findings(text) == []


def test_rows_of_a_table_of_three_panels_are_not_read_from_its_tail() -> None:
    text = (
        "收支预算总表\n单位：万元\n"
        "一、财政拨款 300.00 一、一般公共服务支出 一、基本支出 200.00\n"
        "1.一般公共预算 300.00 二、外交支出 二、项目支出 100.00\n"
        "三、国防支出 50.00\n四、公共安全支出 250.00\n五、教育支出 10.00\n"
        "收入合计 300.00 支出合计 300.00\n"
    )
    assert parse_text(text).tables == []


def test_a_table_over_two_pages_repeats_its_caption_header_and_total_once() -> None:
    page = "收入决算表\n单位：万元\n项目 合计 财政拨款收入\n栏次 1 2\n合计 90.00 90.00\n"
    text = (page + "201 一般公共服务支出 60.00 60.00\n201 03 政府办公厅 60.00 60.00\n"
            "201 03 01 行政运行 60.00 60.00\n- 8 -\n\f" + page
            + "221 住房保障支出 30.00 30.00\n221 02 住房改革支出 30.00 30.00\n"
              "221 02 01 住房公积金 30.00 30.00\n")
    (table,) = parse_text(text).tables
    assert [table.text(r, 1) for r in range(1, table.n_rows)].count("合计") == 1
    assert _findings(text) == []
    assert [c for c, _ in _findings(text.replace("住房改革支出 30.00", "住房改革支出 31.00"))]


def test_row_numbers_of_two_panels_with_the_left_one_empty() -> None:
    text = (
        "收入支出决算总表\n单位：万元\n项目 行次 决算数 项目 行次 决算数\n"
        "一、财政拨款收入 1 80.00 一、一般公共服务支出 5 50.00\n"
        "二、事业收入 2 0.00 二、教育支出 6 30.00\n"
        "灾害防治及应急管理支\n3 7 0.00\n出\n"
        "本年收入合计 4 80.00 本年支出合计 8 80.00\n"
    )
    (table,) = parse_text(text).tables
    assert table.n_cols == 6
    assert [table.text(3, c) for c in (4, 5)] == ["7", "0.00"]


def test_figures_of_short_rows_are_placed_by_the_identities_full_rows_satisfy() -> None:
    # 合计 = 基本支出小计 + 项目支出, 小计 = 人员经费 + 公用经费: not "first = sum of the rest"
    text = (
        "一般公共预算支出表\n单位：万元\n科目名称 合计 小计 人员经费 公用经费 项目支出\n"
        "2040601 行政运行 150.00 120.00 100.00 20.00 30.00\n"
        "2040650 事业运行 90.00 60.00 50.00 10.00 30.00\n"
        "2040602 一般行政管理事务 40.00 40.00\n"
        "2040604 基层司法业务 25.00 25.00 25.00\n"
    )
    (table,) = parse_text(text).tables
    # two figures: 合计 and 项目支出 (a 小计 would need 人员经费 or 公用经费 beside it)
    assert [table.text(3, c) for c in range(2, 7)] == ["40.00", "", "", "", "40.00"]
    # three: 合计 for sure; 小计 with 人员经费 or with 公用经费 nothing tells: the last figure
    # is one cell over both, the parts of 小计
    assert [table.text(4, c) for c in range(2, 7)] == ["25.00", "25.00", "25.00", "25.00", ""]
    assert table.cell(4, 5).merged and not table.cell(4, 4).merged


SPLIT_PARTS = (
    "支出总表\n单位：万元\n科目名称 合计 基本支出 项目支出\n"
    "2040601 行政运行 150.00 120.00 30.00\n"
    "2040650 事业运行 90.00 60.00 30.00\n"
    "2040602 一般行政管理事务 40.00 40.00\n"
    "2040604 基层司法业务 25.00 25.00\n"
    "2040605 普法宣传 12.00 12.00\n"
    "合计 317.00 217.00 100.00\n"
)


def test_a_figure_in_one_part_or_the_other_is_summed_in_its_row_but_in_no_column() -> None:
    # 基本支出 or 项目支出 for the short rows: the sums cannot tell, so no column total is
    # checked over them, but each row's 合计 must equal its one part
    assert _findings(SPLIT_PARTS) == []
    # (the 合计 column's total is off by the same figure)
    assert _findings(SPLIT_PARTS.replace("25.00 25.00", "26.00 25.00")) == [("AL101", 7),
                                                                           ("AL101", 9)]
    graph = build_graph(parse_text(SPLIT_PARTS.replace("317.00", "318.00"), "t.txt"),
                        load_packs())
    labels = [f.label for f in graph.facts if f.span is not None and f.span.line == 6]
    assert labels == ["一般行政管理事务 / 合计", "一般行政管理事务 / 基本支出 + 项目支出"]


def test_the_funds_block_of_a_performance_form_is_left_to_the_form_readers() -> None:
    text = ("年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "项目资金 年度资金总额 240 229.19 229.19 10 100.00% 10.00\n"
            "其中：当年财政拨款 240 229.19 229.19 — —\n上年结转资金 — —\n其他资金 — —\n")
    assert not [t for t in parse_text(text).tables if t.shape == "spaced"]


def test_a_second_classification_code_beside_the_first_names_the_same_row() -> None:
    # 部门经济分类 and 政府经济分类 codes side by side: one row, not two panels
    text = (
        "一般公共预算支出明细表（按支出经济分类科目）\n单位：元\n"
        "部门经济科目名称 政府经济科目名称 合计 人员经费支出 公用经费支出\n"
        "合计 700 500 200\n"
        "301 工资福利支出 500 500 0\n"
        "30101 基本工资 50101 工资奖金津补贴 300 300 0\n"
        "30102 津贴补贴 50101 工资奖金津补贴 200 200 0\n"
        "302 商品和服务支出 200 0 200\n"
        "30201 办公费 50201 办公经费 120 0 120\n"
        "30211 差旅费 50201 办公经费 80 0 80\n"
    )
    (table,) = parse_text(text).tables
    assert table.text(3, 0) == "30101" and "50101" in table.text(3, 1)
    assert [table.text(3, c) for c in range(2, 5)] == ["300", "300", "0"]
    assert _findings(text) == []
    wrong = text.replace("30211 差旅费 50201 办公经费 80", "30211 差旅费 50201 办公经费 90")
    assert ("AL101", 8) in _findings(wrong)  # 302 is not the sum of its rows


def test_the_header_line_naming_the_total_column_names_the_values() -> None:
    # pieces of longer names wrapped under the line of whole names fit the columns too, but
    # the line with 合计 is the one that names them
    text = FUNCTION_TABLE.replace(
        "类 款 项\n", "事业单位经 上缴上级支 对附属单位\n营支出 出 补助支出\n")
    (table,) = parse_text(text, "t.txt").tables
    heads = [table.text(0, c).strip() for c in range(table.n_cols)]
    assert heads[-3:] == ["合计", "基本支出", "项目支出"]


def test_a_total_label_on_its_own_line_names_the_first_row_under_it() -> None:
    # `合计` alone over the first row's figure: that row is the total, not a header line, so a
    # wrong item under 302 is checked against two sums and reported
    text = ("机关运行经费支出预算表\n单位：万元\n科目编码 科目名称 机关运行经费支出\n合计\n"
            "120.00\n302 商品和服务支出 120.00\n30201 办公费 50.00\n30205 水费 30.00\n"
            "30206 电费 40.00\n")
    (table,) = parse_text(text).tables
    assert table.text(1, 1) == "合计" and table.text(0, 2) == "机关运行经费支出"
    assert _findings(text) == []
    assert _findings(text.replace("30.00", "31.00")) == [("AL101", 6)]


UNIT_PROJECTS = (
    "表10\n2025年部门专项业务经费支出表\n单位：元\n单位编码 单位（项目）名称 项目金额 项目简介\n"
    "合计 2700000\n"
    "301 某某局 2700000\n"
    "301001 某某局机关 700000\n信息系统运行维护 300000\n专家咨询经费 400000\n"
    "301002 某某服务中心 800000\n业务档案专项费 500000\n宣传经费 300000\n"
    "301003 某某管理中心 1200000\n网络建设 600000\n网络设备更新 600000\n专项购置 600000\n"
    "办公设备 450000\n家具 150000\n"
    "表11\n"
)


def test_the_rows_under_a_unit_code_are_its_projects_when_the_other_units_bear_it_out() -> None:
    # 301 over 301001…; each unit over the rows without code after it, flat where they add up
    # to it, by their sums where a project has items of its own (301003)
    assert _findings(UNIT_PROJECTS) == []
    graph = build_graph(parse_text(UNIT_PROJECTS, "t.txt"), load_packs())
    origins = [r.origin for r in graph.relations if r.kind == "table_sum"]
    assert sum("no sub-code listed" in o for o in origins) == 2
    assert any("301 over its sub-codes 301001, 301002, 301003" in o for o in origins)
    assert _findings(UNIT_PROJECTS.replace("专家咨询经费 400000", "专家咨询经费 410000")) \
        == [("AL101", 7)]
    # one unit code under the department's: no column of codes (its other units may be
    # listed without), so nothing is summed by code
    alone = UNIT_PROJECTS.replace("301001 某某局机关", "某某局机关").replace(
        "301002 某某服务中心", "某某服务中心")
    assert _findings(alone.replace("网络设备更新 600000", "网络设备更新 610000")) == []


PROCUREMENT = (
    "政府采购支出预算表\n"
    "部门：某某局 单位：万元\n"
    "采购品目大类 专项名称 经济科目 采购物品名称 采购组织形式 总计\n"
    "合 计 155.00\n"
    "一、货物A 45.00\n"
    "设备购置 办公设备购置 45.00\n"
    "打印机 部门集中采购 12.00\n"
    "扫描仪（10\n"
    "分散自行组织 33.00\n"
    "万以下）\n"
    "二、服务C 110.00\n"
    "运行维护费 维修（护）费 80.00\n"
    "软件运维服务 政府集中采购 50.00\n"
    "网络运维服务 分散自行组织 30.00\n"
    "物业管理费 30.00\n"
    "物业管理服务 部门集中采购 30.00\n"
    "注：采购组织形式为集中采购和分散采购。\n"
)


def test_groups_of_a_procurement_table_sum_their_items_told_by_their_organisation() -> None:
    assert _findings(PROCUREMENT) == []
    # an item: its group; a group: its numbered row; a numbered row: the total
    assert _findings(PROCUREMENT.replace("打印机 部门集中采购 12.00", "打印机 部门集中采购 13.00")) \
        == [("AL101", 6)]
    assert ("AL101", 11) in _findings(PROCUREMENT.replace("维修（护）费 80.00", "维修（护）费 81.00"))
    assert _findings(PROCUREMENT.replace("二、服务C 110.00", "二、服务C 111.00")) \
        == [("AL101", 4), ("AL101", 11)]
    # the same rows under another caption are not read as groups and items
    other = PROCUREMENT.replace("政府采购支出预算表", "项目支出预算表")
    assert _findings(other.replace("打印机 部门集中采购 12.00", "打印机 部门集中采购 13.00")) == []
