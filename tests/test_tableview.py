"""Table interpretation: header rows, column roles and units, row hierarchy, totals, codes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.extract.tableview.model import cell_value
from auditlint.extract.tableview.view import view_of, views_of
from tablekit import context, fixture, grid, view


def roles(v) -> list[str | None]:
    return [c.role for c in v.columns]


def test_scoring_table_with_merged_labels():
    v = view(fixture("scoring.tsv"))
    assert v.kind == "scoring"
    assert v.header_rows == 1
    assert roles(v) == ["label", "label", "label", "weight", "score", "score_rate"]
    assert v.column("score_rate").unit == "%"
    first = v.rows[0]
    assert first.path == ("决策（15 分）", "目标管理（6 分）", "目标明确性")
    assert first.label == "目标明确性"
    second = v.rows[1]  # leading empty cells: the labels above stand for this row too
    assert second.path == ("决策（15 分）", "目标管理（6 分）", "目标细化程度")
    group_total = v.row(5)
    assert group_total is not None and group_total.is_total
    assert group_total.total_word == "指标得分"
    assert [r.label for r in v.rows if r.is_total] == ["决策指标得分", "实施指标得分", "合计"]


def test_same_table_with_merge_marks():
    v = view(fixture("scoring.tsv", merge_down=True))
    assert v.rows[1].path == ("决策（15 分）", "目标管理（6 分）", "目标细化程度")


def test_weight_wrapped_onto_next_row_joins_its_label():
    v = view(fixture("scoring.tsv"))
    row = next(r for r in v.rows if r.label == "支付进度")
    assert row.path == ("实施（25 分）", "支付管理(15分)", "支付进度")


def test_multi_row_header_spans_sub_columns():
    v = view(fixture("budget_multiheader.tsv", unit="单位：元"))
    assert v.header_rows == 2
    headers = [c.header for c in v.columns]
    assert headers[3] == "年初结转和结余/合计"
    assert headers[4] == "年初结转和结余/其中：财政拨款结转"
    assert headers[5] == "收入/收入合计"
    assert headers[11] == "年末结转结余"
    assert v.columns[3].total and v.columns[4].subset
    assert all(c.unit == "元" for c in v.columns[2:])
    assert v.kind == "budget"
    labels = [(r.path, r.is_total) for r in v.rows]
    assert labels[1] == (("基本支出", "公用经费"), False)
    assert labels[2] == (("基本支出", "基本支出合计"), True)


def test_classification_codes_in_their_own_columns():
    v = view(fixture("codes.tsv"))
    assert roles(v)[:3] == ["code", "code", "code"]
    codes = [r.code for r in v.rows]
    assert codes[:3] == ["208", "208 05", "208 05 01"]
    assert v.rows[2].code_digits == "2080501"
    assert v.rows[-1].is_total and v.rows[-1].code is None


def test_code_written_before_the_name():
    v = view(grid("科目\t金额（万元）\n2080501 行政单位离退休\t12.00\n合计\t12.00"))
    assert v.rows[0].code == "2080501"
    assert v.column("amount").unit == "万元"


def test_lanci_row_numbers_columns_and_states_a_formula():
    v = view(fixture("lanci.tsv"))
    assert [c.number for c in v.columns] == [None, 1, 2, 3, 4]
    assert v.formulas == [(4, [("+", 1), ("-", 2), ("+", 3)])]
    assert [r.label for r in v.rows] == ["甲单位", "乙单位"]  # the 栏次 row is a header


def test_units_from_headers():
    v = view(grid("项目\t金额（万元）\t执行率(%)\n甲\t1.00\t90"))
    assert [c.unit for c in v.columns] == [None, "万元", "%"]
    assert v.column("rate") is not None


def test_form_with_funds_and_indicator_blocks():
    table = fixture("selfeval.tsv")
    ctx = context(table)
    blocks = views_of(ctx, table)
    assert [b.kind for b in blocks] == ["selfeval_funds", "selfeval_indicators"]
    funds, indicators = blocks
    assert funds.column("weight").index == 5 and funds.column("rate").index == 6
    assert [r.label for r in funds.rows] == ["年度资金总额", "其中：当年财政拨款", "其他资金"]
    assert funds.rows[1].subset
    assert indicators.column("target").header == "年度指标值"
    assert indicators.column("actual").header == "实际完成值"
    assert indicators.column("reason") is not None
    assert indicators.rows[-1].is_total and indicators.rows[-1].label == "总分"
    assert view_of(ctx, table).kind == "form"
    assert view_of(ctx, table) is ctx.table_views[table.index]  # cached


def test_side_by_side_panels():
    v = view(fixture("side_by_side.tsv"))
    assert [(p.label_cols, p.value_cols) for p in v.panels] == [([0], [1]), ([2], [3])]
    assert v.rows[0].level == 1 and v.rows[1].level == 3


def test_sequence_column_is_not_a_value():
    v = view(grid("序号\t项目名称\t金额\n1\t培训费\t3.00\n2\t印刷费\t4.00\n合计\t\t7.00"))
    assert roles(v)[:2] == ["seq", "label"]


def test_stray_cell_marks_a_row_as_shifted():
    text = ("一级指标\t二级指标\t分值\t得分\t\n"
            "产出\t数量\t10\t9\t\n产出\t质量\t10\t10\t\n产出\t时效\t10\t8\t\n"
            "产出指标得分\t\t\t30\t27\t")
    v = view(grid(text.replace("\t30\t27\t", "\t30\t27\t90%")))
    assert [r.shifted for r in v.rows] == [False, False, False, True]


def test_row_one_column_off_is_realigned():
    text = ("一级指标\t二级指标\t分值\t得分\t\n"
            "产出\t数量\t10\t9\t\n产出\t质量\t10\t10\t\n产出\t时效\t10\t8\t\n"
            "产出指标得分\t\t\t30\t27\t")
    v = view(grid(text))
    assert [(r.shifted, r.offset) for r in v.rows][-1] == (False, 1)
    assert v.value(4, 2).quantity.value == 30 and v.value(4, 3).quantity.value == 27
    # a label run into the value columns: left unread
    v = view(grid(text.replace("产出指标得分\t\t\t30", "产出\t时效\t合计\t30")))
    assert [(r.shifted, r.offset) for r in v.rows][-1] == (True, 0)
    # a cell missing: which one cannot be told, the row is left unread
    v = view(grid("项目\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
                  "办公费\t80.00\t100.00\t90.00\t90.00%\n印刷费\t100.00\t90.00\t90.00%"))
    assert [(r.shifted, r.offset) for r in v.rows] == [(False, 0), (True, 0)]


def test_cell_values():
    assert cell_value("1,234.50").quantity.value == 1234.5
    assert cell_value(" 2000 ").is_number  # a bare number in a table is a value
    assert cell_value("—").kind == "dash"
    assert cell_value("").kind == "empty"
    assert cell_value("可控").kind == "text"
    assert cell_value("≥95%").quantity.comparator == ">="


cells = st.one_of(
    st.sampled_from(["", "合计", "小计", "其中：", "分值", "得分", "得分率", "1", "—", "100%",
                     "年初预算数", "全年执行数", "执行率", "(5分)", "208", "20805", "栏次", "4=1+2",
                     "一、收入", "其他资金", "总分", "指标得分", "3.5", "-2", "万元", "（万元）"]),
    st.text(max_size=6),
    st.decimals(min_value=-1000, max_value=1000, places=2).map(str),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=8),
       st.booleans())
def test_no_grid_crashes_interpretation(rows, merge):
    text = "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r)
                     for r in rows)
    if not text.strip("\n"):
        return
    v = view(grid(text, merge_down=merge))
    for b in v.blocks:
        assert 0 <= b.header_rows <= len(v.table.rows)
        for r in b.rows:
            assert isinstance(r.path, tuple)


def test_text_column_before_a_repeated_value_header_labels_its_own_panel():
    v = view(grid("收 入\t←\t支 出\t←\n项 目\t预算数\t功能分类科目\t预算数\n"
                  "一、财政拨款\t10.00\t一、教育支出\t4.00\n二、其他收入\t0.00\t二、住房保障支出\t6.00",
                  marks=True))
    assert [c.role for c in v.columns] == ["label", "amount", "label", "amount"]
    assert [(p.label_cols, p.value_cols) for p in v.panels] == [([0], [1]), ([2], [3])]
    # a text column after figures whose header is new stays text (a 说明 column)
    v = view(grid("项 目\t预算数\t资金用途\t执行数\n一、教育\t4.00\t按计划\t4.00\n"
                  "二、住房\t6.00\t按计划\t6.00"))
    assert v.columns[2].role == "text" and len(v.panels) == 1


def test_numbered_rows_without_figures_do_not_start_a_block():
    text = ("收 入\t←\t支 出\t←\n项 目\t预算数\t项 目\t预算数\n"
            "一、财政拨款收入\t10.00\t一、教育支出\t4.00\n二、事业收入\t\t二、科学技术支出\t\n"
            "三、其他收入\t\t三、住房保障支出\t6.00\n本年收入合计\t10.00\t本年支出合计\t10.00")
    v = view(grid(text, marks=True))
    assert len(v.blocks) == 1 and len(v.rows) == 4
    # a row of header words without numbering still opens a block of its own
    v = view(grid(text + "\n项目名称\t预算数\t执行数\t执行率\n培训\t5.00\t4.00\t80%"))
    assert len(v.blocks) == 2
