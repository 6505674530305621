"""Table facts and relations: totals (AL101), rates (AL201), score caps (AL301), each with a
passing and a failing table; random consistent tables give no finding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.extract.tableview.view import view_of
from tablekit import codes, fixture, grid, run


def rel_kinds(ctx) -> list[str]:
    return [r.kind for r in ctx.graph.relations]


def replace_cell(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- facts ----------------------------------------------------------------------------------


def test_facts_of_cells_typed_by_column():
    ctx, _ = run(fixture("scoring.tsv"))
    facts = ctx.graph.facts
    first = [f for f in facts if f.row == 1]
    assert [(f.kind, str(f.value), f.unit) for f in first] == [
        ("weight", "3", "分"), ("score", "3", "分"), ("percent", "100", "%")]
    f = first[0]
    assert f.label == "目标明确性 / 满分"
    assert f.context == "决策（15 分） / 目标管理（6 分） / 目标明确性 / 满分"
    assert f.location == "table 1, row 2, column 4"
    assert (f.span.line, f.span.column) == (2, len("决策（15 分）\t目标管理（6 分）\t目标明确性\t") + 1)
    assert ctx.cell_facts[(1, 1, 3)] == f.id


def test_no_facts_of_codes_sequence_numbers_or_lanci():
    ctx, _ = run(fixture("codes.tsv"))
    assert not [f for f in ctx.graph.facts if f.col is not None and f.col < 3]
    ctx, _ = run(fixture("lanci.tsv"))
    assert not [f for f in ctx.graph.facts if f.row == 1]
    ctx, _ = run(grid("序号\t项目名称\t金额\n1\t培训费\t3.00\n2\t印刷费\t4.00\n合计\t\t7.00"))
    assert [f.col for f in ctx.graph.facts] == [2, 2, 2]


def test_amounts_take_the_table_unit():
    ctx, _ = run(fixture("budget_multiheader.tsv", unit="单位：元"))
    f = ctx.graph.facts[0]
    assert (f.kind, f.unit, f.multiplier) == ("amount", "元", Decimal(1))


def test_a_cell_unit_overrides_its_column():
    ctx, _ = run(grid("三级指标\t分值\t得分\n金额\t38.57万元\t11\n时效\t10\t9"))
    assert ctx.graph.facts[0].kind == "amount"


# --- AL101 totals -------------------------------------------------------------------------

SIMPLE = "项目\t金额\n办公费\t12.30\n印刷费\t4.50\n合计\t16.80"


def test_total_row_passes_and_fails():
    ctx, found = run(grid(SIMPLE))
    assert rel_kinds(ctx) == ["table_sum"] and not found
    _, found = run(grid(replace_cell(SIMPLE, "16.80", "17.80")))
    assert codes(found) == ["AL101"]
    assert "12.30 + 4.50 = 16.80 ≠ 17.80" in found[0].message


def test_group_totals_and_grand_total_of_a_scoring_table():
    text = fixture_text("scoring.tsv")
    _, found = run(grid(text))
    assert not found
    # a wrong group total: one finding on it (the grand total sums the stated subtotals)
    bad = replace_cell(text, "决策指标得分\t\t\t15\t12\t80%", "决策指标得分\t\t\t15\t13\t80%")
    _, found = run(grid(bad))
    assert codes(found) == ["AL101", "AL101", "AL201"]  # 决策 13 ≠ 12; 合计 35 ≠ 36; 80% ≠ 13/15


def test_subtotals_then_grand_total():
    text = fixture_text("budget_multiheader.tsv")
    _, found = run(grid(text, unit="单位：元"))
    assert not found
    bad = replace_cell(text, "1,335,000.00", "1,336,000.00")
    _, found = run(grid(bad, unit="单位：元"))
    assert codes(found) == ["AL101"]
    assert found[0].location == "table 1, row 9, column 3"


def test_total_column_over_its_sub_columns():
    text = fixture_text("budget_multiheader.tsv")
    bad = replace_cell(text, "800,000.00\t799,000.00", "800,000.00\t789,000.00")
    _, found = run(grid(bad, unit="单位：元"))
    # 收入合计 ≠ 789,000 + 1,000 on that row; the 基本支出合计 of 财政拨款收入 no longer adds up
    assert codes(found) == ["AL101", "AL101"]


def test_subset_column_may_not_exceed_its_total():
    text = fixture_text("budget_multiheader.tsv")
    ok_subset = replace_cell(text, "40,000.00\t12,000.00", "40,000.00\t40,000.00")
    ok_subset = ok_subset.replace("45,000.00\t12,000.00", "45,000.00\t40,000.00")
    _, found = run(grid(ok_subset, unit="单位：元"))
    assert not found
    over = replace_cell(text, "5,000.00\t\t90,000.00", "5,000.00\t6,000.00\t90,000.00")
    _, found = run(grid(over, unit="单位：元"))
    assert "AL101" in codes(found)


def test_classification_codes():
    text = fixture_text("codes.tsv")
    ctx, found = run(grid(text))
    assert not found
    origins = {r.origin for r in ctx.graph.relations}
    assert any("classification code 20805" in o for o in origins)
    bad = replace_cell(text, "150.20\t150.20", "150.20\t151.20")
    _, found = run(grid(bad))
    # 行政单位离退休: 合计 ≠ 151.20 + 0; 20805's 基本支出 ≠ its sub-codes
    assert codes(found) == ["AL101", "AL101"]


def test_grand_total_counts_top_codes_only():
    text = fixture_text("codes.tsv")
    ctx, _ = run(grid(text))
    grand = [r for r in ctx.graph.relations if "合计 row" in r.origin]
    assert grand and all(len(r.operands) == 2 for r in grand)  # 208 and 221, not their children


def test_column_formula_from_lanci_row():
    text = fixture_text("lanci.tsv")
    _, found = run(grid(text))
    assert not found
    _, found = run(grid(replace_cell(text, "25.00", "26.00")))
    assert codes(found) == ["AL101"]
    assert "column formula 4=1-2+3" in found[0].message


def test_qizhong_rows_with_the_rest_are_a_complete_breakdown():
    text = fixture_text("selfeval.tsv")
    ctx, found = run(grid(text))
    assert not found
    assert any("其中 rows under 「年度资金总额」" in r.origin for r in ctx.graph.relations)
    _, found = run(grid(replace_cell(text, "0.00\t3.20\t3.00", "0.00\t3.20\t2.00")))
    assert codes(found) == ["AL101"]


def test_total_score_may_include_the_funds_block():
    text = fixture_text("selfeval.tsv")
    ctx, _ = run(grid(text))
    total = [r for r in ctx.graph.relations if r.kind == "table_sum" and "总分" in r.origin]
    assert len(total) == 2 and all("funds block" in r.origin for r in total)
    # without the funds line the indicator weights reach 100 by themselves
    alone = text.replace("\t30\t26\t", "\t40\t35.5\t")
    ctx, found = run(grid(alone))
    total = [r for r in ctx.graph.relations if r.kind == "table_sum" and "总分" in r.origin]
    assert len(total) == 2 and not any("funds block" in r.origin for r in total)
    assert not found


def test_qizhong_row_is_only_a_part():
    text = "项目\t金额\n一、基本支出\t80.00\n其中：人员经费\t60.00\n二、项目支出\t20.00\n合计\t100.00"
    _, found = run(grid(text))
    assert not found
    _, found = run(grid(text.replace("60.00", "85.00")))
    assert codes(found) == ["AL101"]


def test_numbered_children_are_not_counted_twice():
    text = fixture_text("side_by_side.tsv")
    _, found = run(grid(text))
    assert not found
    _, found = run(grid(text.replace("支出总计\t980.00", "支出总计\t990.00")))
    assert codes(found) == ["AL101"]
    assert found[0].location == "table 1, row 8, column 4"


def test_unattributable_total_gives_a_notice():
    text = ("项目\t金额\t数量\n甲\t10.00\t1\n小计\t10.00\t1\n乙\t5.00\t2\n丙\t6.00\t3\n"
            "合计\t99.00\t9")
    ctx, found = run(grid(text))
    assert not found
    assert [n.code for n in ctx.graph.notices] == ["AL902"]


def test_misaligned_rows_are_not_summed():
    text = ("一级指标\t二级指标\t分值\t得分\t\n产出\t数量\t10\t9\t\n产出\t质量\t10\t10\t\n"
            "产出\t时效\t10\t8\t\n产出指标得分\t\t\t30\t27\t85%")
    ctx, found = run(grid(text))
    assert not found and ctx.graph.notices


REALIGN = ("一级指标\t二级指标\t三级指标\t满分\t得分\t得分率\n"
           "决策\t目标\t目标明确\t4\t4\t100%\n\t\t依据充分\t6\t3\t50%\n"
           "\t决策指标得分\t\t\t10\t7\t70%")


def test_total_row_one_column_off_is_read_in_its_columns():
    ctx, found = run(grid(REALIGN, merge_down=True))
    assert not found and not ctx.graph.notices
    sums = [r for r in ctx.graph.relations if r.kind == "table_sum"]
    assert len(sums) == 2
    total = ctx.graph.facts[sums[1].result]
    assert (total.kind, total.value, total.location) == ("score", 7, "table 1, row 4, column 6")
    _, found = run(grid(replace_cell(REALIGN, "\t7\t", "\t8\t"), merge_down=True))
    assert codes(found) == ["AL101", "AL201"]  # 8 ≠ 4 + 3; 70% ≠ 8 / 10


def test_total_failing_every_column_is_a_notice():
    text = "项目\t预算数\t执行数\n甲\t10.00\t9.00\n乙\t5.00\t5.00\n合计\t30.00\t28.00"
    ctx, found = run(grid(text))
    assert not found and ctx.graph.notices


def test_inferred_column_sum():
    text = fixture_text("inferred.tsv")
    ctx, found = run(grid(text))
    assert not found
    inferred = [r for r in ctx.graph.relations if r.trust == "inferred"]
    assert len(inferred) == 5
    assert inferred[0].origin.startswith("inferred: column 2 = columns 3+4 on 5 of 5 rows")
    bad = replace_cell(text, "88.00", "98.00")
    _, found = run(grid(bad))
    assert [(f.code, f.severity) for f in found] == [("AL101", "warning")]
    assert "on 4 of 5 rows" in found[0].message


def test_no_inference_from_few_rows():
    text = "单位\t支出\t基本\t项目\n甲\t3.00\t1.00\t2.00\n乙\t7.00\t3.00\t4.00\n丙\t9.00\t4.00\t6.00"
    ctx, _ = run(grid(text))
    assert not ctx.graph.relations


# --- AL201 rates ----------------------------------------------------------------------------


def test_rate_uses_the_full_year_budget():
    ctx, found = run(fixture("selfeval.tsv"))
    rates = [r for r in ctx.graph.relations if r.kind == "rate"]
    assert len(rates) == 1 and rates[0].params["denominator"] == "全年预算数"
    assert not found
    text = fixture_text("selfeval.tsv").replace("95.00%", "103.26%")  # 38 / 36.80: 年初
    _, found = run(grid(text))
    assert codes(found) == ["AL201"]


def test_score_rate_rounds_like_the_table():
    text = "三级指标\t满分\t得分\t得分率\n甲\t3\t1\t33.3%\n乙\t3\t2\t66.7%\n丙\t6\t5\t83.3%"
    _, found = run(grid(text))
    assert not found
    _, found = run(grid(text.replace("83.3%", "80.3%")))
    assert codes(found) == ["AL201"]


def test_rate_with_percent_header_and_dashes():
    text = ("项目名称\t全年预算数\t全年执行数\t执行率(%)\n甲\t50.00\t45.00\t90\n"
            "乙\t—\t—\t—\n丙\t0.00\t0.00\t0")
    ctx, found = run(grid(text))
    assert not found
    assert len([r for r in ctx.graph.relations if r.kind == "rate"]) == 2  # 0/0 is not judged
    _, found = run(grid(text.replace("\t90\n", "\t95\n")))
    assert codes(found) == ["AL201"]


# --- AL301 score caps -------------------------------------------------------------------------


def test_score_above_weight():
    text = "一级指标\t二级指标\t三级指标\t分值\t得分\n产出\t数量指标\t培训人次\t5\t5"
    _, found = run(grid(text))
    assert not found
    _, found = run(grid(text.replace("\t5\t5", "\t5\t6")))
    assert codes(found) == ["AL301"]
    assert "得分 6 > 分值 5" in found[0].message


def test_negative_score():
    _, found = run(grid("三级指标\t分值\t得分\n甲\t5\t-1"))
    assert codes(found) == ["AL301"]


def test_score_within_rounding_of_its_weight():
    _, found = run(grid("三级指标\t分值\t得分\n甲\t5\t5.0\n乙\t5\t5.04"))
    assert codes(found) == ["AL301"]  # 5.04 is above 5; 5.0 is not


# --- random tables --------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(amounts, min_size=2, max_size=2), min_size=2, max_size=7),
       st.data())
def test_consistent_tables_pass_and_one_change_fails_once(values, data):
    names = [f"科目{i}" for i in range(len(values))]
    totals = [sum((row[c] for row in values), Decimal(0)) for c in range(2)]
    lines = ["项目\t年初预算数\t全年预算数"]
    lines += [f"{n}\t{a:.2f}\t{b:.2f}" for n, (a, b) in zip(names, values, strict=True)]
    lines.append(f"合计\t{totals[0]:.2f}\t{totals[1]:.2f}")
    _, found = run(grid("\n".join(lines)))
    assert [f for f in found if f.code == "AL101"] == []
    r = data.draw(st.integers(0, len(values) - 1))
    c = data.draw(st.integers(0, 1))
    # a change larger than the rounding of the parts (±0.005 each) and of the total
    delta = data.draw(st.sampled_from([Decimal("0.10"), Decimal("1.00"), Decimal("-0.50")]))
    changed = [list(v) for v in values]
    changed[r][c] = changed[r][c] + delta
    if changed[r][c] < 0:
        return
    lines = ["项目\t年初预算数\t全年预算数"]
    lines += [f"{n}\t{a:.2f}\t{b:.2f}" for n, (a, b) in zip(names, changed, strict=True)]
    lines.append(f"合计\t{totals[0]:.2f}\t{totals[1]:.2f}")
    _, found = run(grid("\n".join(lines)))
    assert codes(found) == ["AL101"]


cell = st.one_of(
    st.sampled_from(["", "合计", "小计", "总分", "其中：甲", "其他", "分值", "得分", "执行率",
                     "全年预算数", "全年执行数", "—", "1", "5", "10.5", "100%", "-3", "208",
                     "20805", "栏次", "3=1+2", "一、收入", "(5分)"]),
    st.decimals(min_value=-500, max_value=500, places=2).map(str),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=1, max_size=6), min_size=1, max_size=8),
       st.booleans())
def test_no_grid_crashes_extraction(rows, merge):
    text = "\n".join("\t".join(r) for r in rows)
    if not text.strip():
        return
    run(grid(text, merge_down=merge))


def fixture_text(name: str) -> str:
    from tablekit import FIXTURES

    return (FIXTURES / name).read_text(encoding="utf-8")


# --- AL202 growth over year columns ------------------------------------------------------------

YEARS = """项目\t2021年\t2022年\t2023年\t2023年同比增长\t两年复合增长率
登记人数\t1200\t1350\t1500\t11.11%\t11.80%
在册户数\t400\t380\t361\t-5.00%\t-5.00%
新增网点\t\t90\t99\t10.00%\t"""


def test_growth_column_over_year_columns():
    ctx, found = run(grid(YEARS))
    growth = [r for r in ctx.graph.relations if r.kind == "growth"]
    assert [r.params["form"] for r in growth] == ["values"] * 3 + ["cagr"] * 2
    assert not found and not ctx.graph.notices
    _, found = run(grid(replace_cell(YEARS, "11.11%", "12.11%")))
    assert codes(found) == ["AL202"]
    assert "(1,500 − 1,350) / 1,350" in found[0].message
    _, found = run(grid(replace_cell(YEARS, "\t99\t", "\t97\t")))
    assert codes(found) == ["AL202"]  # 10.00% of a row whose first year is empty


def test_compound_growth_column():
    _, found = run(grid(replace_cell(YEARS, "11.80%", "11.90%")))
    assert codes(found) == ["AL202"]
    assert "(1,500 / 1,200)^(1/2) − 1" in found[0].message
    # the first year changed: the compound rate (and nothing else) disagrees
    _, found = run(grid(replace_cell(YEARS, "\t400\t", "\t410\t")))
    assert codes(found) == ["AL202"]


def test_a_short_row_is_not_read_against_the_wrong_years():
    text = YEARS.replace("新增网点\t\t90\t99\t10.00%\t", "新增网点\t90\t99\t10.00%")
    ctx, found = run(grid(text))
    assert not found
    assert all(ctx.graph.facts[r.result].row != 3 for r in ctx.graph.relations)


def test_change_and_rate_columns_of_two_budget_years():
    text = ("项目\t2022年预算数\t2023年预算数\t增减额\t增减率（%）\n"
            "办公费\t120.00\t150.00\t30.00\t25.00\n印刷费\t80.00\t60.00\t-20.00\t-25.00")
    ctx, found = run(grid(text, unit="单位：万元"))
    assert sorted(r.kind for r in ctx.graph.relations) == ["growth", "growth",
                                                          "table_sum", "table_sum"]
    assert not found
    _, found = run(grid(replace_cell(text, "30.00", "31.00"), unit="单位：万元"))
    assert codes(found) == ["AL101"]
    _, found = run(grid(replace_cell(text, "-25.00", "-24.00"), unit="单位：万元"))
    assert codes(found) == ["AL202"]


def test_growth_column_meaning_something_else_is_a_notice():
    text = ("项目\t2022年\t2023年\t增长率\n甲\t100\t120\t5.00%\n乙\t200\t210\t8.00%")
    ctx, found = run(grid(text))
    assert not found and [n.code for n in ctx.graph.notices] == ["AL902"]


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1e12"), places=6),
       st.integers(min_value=1, max_value=8))
def test_roots_bound_the_exact_root(x, n):
    from auditlint.facts import Interval

    r = Interval.exact(x).root(n)
    assert r.lo ** n <= x <= r.hi ** n
    assert r.hi - r.lo <= r.hi * Decimal("1e-25")


# --- numbered parents ---------------------------------------------------------------------------

NUMBERED = """项目\t预算数\t执行数
一、基本支出\t150.00\t140.00
1. 人员经费\t100.00\t95.00
2. 公用经费\t50.00\t45.00
二、项目支出\t80.00\t70.00
合计\t230.00\t210.00"""


def numbered_origins(ctx) -> list[str]:
    return [r.origin for r in ctx.graph.relations if "numbered row" in r.origin]


def test_numbered_row_is_the_sum_of_its_items():
    ctx, found = run(grid(NUMBERED))
    assert not found and len(numbered_origins(ctx)) == 2
    _, found = run(grid(replace_cell(NUMBERED, "100.00", "110.00")))
    assert codes(found) == ["AL101"]
    assert "110.00 + 50.00 = 160.00 ≠ 150.00" in found[0].message


def test_numbering_that_leaves_doubt_gives_no_parent_sum():
    gap = NUMBERED.replace("2. 公用经费", "3. 公用经费")
    between = NUMBERED.replace("2. 公用经费", "公用经费")
    for text in (gap, between):
        ctx, _ = run(grid(replace_cell(text, "100.00", "110.00")))
        assert not numbered_origins(ctx)


def test_ordinals():
    from auditlint.extract.tables.base import ordinal

    assert [ordinal(t) for t in ("一、收入", "（十二）其他", "3. 差旅", "(4)印刷", "②", "合计")] \
        == [1, 12, 3, 4, 2, None]


def test_rate_of_approved_budget_and_actual_spending():
    text = ("项目名称\t预算批复\t实际执行\t执行率\n甲\t2,400.00\t2,280.00\t95.00%\n"
            "乙\t600.00\t540.00\t90.00%")
    ctx, found = run(grid(text))
    assert not found and len([r for r in ctx.graph.relations if r.kind == "rate"]) == 2
    _, found = run(grid(replace_cell(text, "95.00%", "96.00%")))
    assert codes(found) == ["AL201"]


def test_rate_column_disagreeing_on_every_row_is_a_notice():
    text = ("项目名称\t全年预算数\t全年执行数\t执行率\n甲\t200.00\t150.00\t60.00%\n"
            "乙\t100.00\t90.00\t45.00%")
    ctx, found = run(grid(text))
    assert not found and [n.code for n in ctx.graph.notices] == ["AL902"]
    assert not [r for r in ctx.graph.relations if r.kind == "rate"]


# --- PDF-shaped budget tables ---------------------------------------------------------------

SANGONG = (
    "决算数\t←\t←\t←\t←\t←\n"
    "合计\t因公出国（境）费\t公务用车购置及运行费\t←\t←\t公务接待费\n"
    "↑\t↑\t小计\t购置费\t运行费\t↑\n"
    "1\t2\t3\t4\t5\t6\n"
    "52.40\t10.00\t36.40\t20.00\t16.40\t6.00")


def test_row_of_column_numbers_is_a_header_not_data():
    ctx, found = run(grid(SANGONG, marks=True))
    assert not found
    rows = {ctx.graph.facts[r.result or 0].row for r in ctx.graph.relations}
    assert rows == {4}  # the 1 2 3 ... row holds no facts
    _, found = run(grid(replace_cell(SANGONG, "52.40", "62.40"), marks=True))
    assert codes(found) == ["AL101"]


def test_total_column_over_a_sub_group_counts_its_subtotal():
    ctx, _ = run(grid(SANGONG, marks=True))
    grand = [r for r in ctx.graph.relations if "决算数/合计 =" in r.origin]
    assert len(grand) == 1 and len(grand[0].operands) == 3  # 出国 + 公务用车小计 + 接待
    _, found = run(grid(replace_cell(SANGONG, "16.40", "17.40"), marks=True))
    # 公务用车小计 ≠ 购置费 + 运行费; 合计 still adds up over the 小计
    assert codes(found) == ["AL101"] and "小计" in found[0].message


BUDGET_GROUP = ("本年支出\t←\t←\t←\n合计\t基本支出\t←\t项目支出\n↑\t人员经费\t公用经费\t↑\n"
                "80.00\t30.00\t10.00\t40.00")


def test_total_column_over_a_sub_group_without_subtotal_counts_its_columns():
    ctx, found = run(grid(BUDGET_GROUP, marks=True))
    grand = [r for r in ctx.graph.relations if "本年支出/合计 =" in r.origin]
    assert not found and len(grand) == 1 and len(grand[0].operands) == 3
    _, found = run(grid(BUDGET_GROUP.replace("80.00", "81.00"), marks=True))
    assert codes(found) == ["AL101"]


def test_total_column_with_a_column_it_cannot_place_is_not_checked():
    # a second total beside 合计 under the same header: which adds up what is in doubt
    text = BUDGET_GROUP.replace("←\n合计", "←\t←\n合计").replace("项目支出\n", "项目支出\t总计\n") \
        .replace("↑\n", "↑\t↑\n").replace("40.00", "40.00\t80.00").replace("80.00\t30", "81.00\t30")
    ctx, found = run(grid(text, marks=True))
    assert not [r for r in ctx.graph.relations if "本年支出/合计 =" in r.origin]
    assert not found


BASIC = (  # 人员经费 | 公用经费 run on into a second panel, codes in their own columns
    "人员经费\t←\t←\t公用经费\t←\t←\t←\t←\t←\n"
    "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\n"
    "301\t工资福利支出\t90.00\t302\t商品和服务支出\t30.00\t310\t资本性支出\t5.00\n"
    "30101\t基本工资\t60.00\t30201\t办公费\t20.00\t31002\t办公设备购置\t5.00\n"
    "30102\t津贴补贴\t30.00\t30205\t水费\t10.00\t399\t其他支出\t\n"
    "303\t对个人和家庭的补助\t10.00\t\t\t\t\t\t\n"
    "30302\t退休费\t10.00\t\t\t\t\t\t\n"
    "人员经费合计\t←\t100.00\t公用经费合计\t←\t←\t←\t←\t35.00")


def test_side_by_side_panels_count_their_own_top_codes():
    ctx, found = run(grid(BASIC, marks=True))
    assert not found
    origins = [r.origin for r in ctx.graph.relations]
    assert any("合计 row 「人员经费合计」 over rows 3, 6" in o for o in origins)
    assert any("written across 2 panels, over their top-level codes 302, 310" in o
               for o in origins)
    _, found = run(grid(BASIC.replace("100.00", "101.00"), marks=True))
    assert codes(found) == ["AL101"]


def test_total_written_across_panels_adds_both():
    _, found = run(grid(BASIC.replace("\t35.00", "\t36.00"), marks=True))
    assert codes(found) == ["AL101"] and "30.00 + 5.00 = 35.00 ≠ 36.00" in found[0].message
    # its own panel alone would be 5.00: no finding reads it so
    ctx, found = run(grid(BASIC, marks=True))
    assert not [r for r in ctx.graph.relations if len(r.operands) == 1
                and ctx.graph.facts[r.result or 0].text == "35.00"]


def test_codes_of_a_second_panel_are_read_from_its_code_column():
    text = ("科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n"
            "301\t工资福利支出\t9.00\t302\t商品和服务支出\t7.00\n"
            "30101\t基本工资\t9.00\t30201\t办公费\t7.00\n"
            "人员经费合计\t\t9.00\t公用经费合计\t\t7.00")
    ctx, found = run(grid(text))
    assert not found
    assert any("classification code 302 over its sub-codes 30201" in r.origin
               for r in ctx.graph.relations)
    _, found = run(grid(text.replace("\t7.00\n30101", "\t8.00\n30101")))
    assert codes(found) == ["AL101", "AL101"]  # 302 ≠ 30201; 公用经费合计 ≠ 302


UNITS = ("单位编码\t单位名称\t合计\n\t合计\t150\n"
         "245\t市医疗保障局\t150\n245001\t市医疗保障局（本级）\t100\n"
         "245002\t经办服务中心\t50")


def test_unit_codes_nest_by_three_digits():
    ctx, found = run(grid(UNITS))
    assert not found
    origins = [r.origin for r in ctx.graph.relations]
    assert any("classification code 245 over its sub-codes 245001, 245002" in o for o in origins)
    assert any("over row 3" in o for o in origins)  # the 合计 is the 245 row alone
    _, found = run(grid(UNITS.replace("\t50", "\t60")))
    assert codes(found) == ["AL101"]


def test_rows_and_their_sub_rows_are_never_added_together():
    # a second code system (the unit) marks 245001 as part of 245; the classification code
    # is the same on every row: the 合计 cannot be read as the sum of all rows
    text = ("科目编码\t单位编码\t名称\t数量\n\t\t合计\t21\n2101505\t245\t市医疗保障局\t21\n"
            "2101505\t245001\t市医疗保障局（本级）\t21\n2101505\t\t台式计算机\t12\n"
            "2101505\t\t运行维护服务\t9")
    ctx, found = run(grid(text))
    assert not found
    sums = [r for r in ctx.graph.relations if "合计 row" in r.origin]
    assert all(len(r.operands) < 4 for r in sums)


def test_total_of_the_last_panel_may_cover_a_panel_without_total():
    # 公用经费合计 stands only in the last panel; the panel left of it has no total of its own
    text = BASIC.replace("公用经费\t←\t←\t←\t←\t←", "公用经费\t←\t←\t公用经费\t←\t←") \
        .replace("公用经费合计\t←\t←\t←\t←\t35.00", "\t\t\t\t公用经费合计\t35.00")
    ctx, found = run(grid(text, marks=True))
    assert not found
    assert any("written across 2 panels" in r.origin for r in ctx.graph.relations)
    # a total that fits neither its own panel nor both is not checked
    ctx, found = run(grid(text.replace("\t35.00", "\t36.00"), marks=True))
    assert not found and any("matches none" in n.message for n in ctx.graph.notices)


CARRIED = ("项目\t预算数\t调整数\t决算数\n一、一般公共预算财政拨款\t300.00\t10.00\t290.00\n"
           "二、政府性基金预算财政拨款\t\t\t\n本年收入合计\t300.00\t10.00\t290.00\n"
           "年初财政拨款结转和结余\t20.00\t4.00\t30.00\n一、一般公共预算财政拨款\t20.00\t4.00\t30.00\n"
           "二、政府性基金预算财政拨款\t\t\t\n总计\t320.00\t14.00\t320.00")


def test_numbered_rows_under_an_unnumbered_row_are_its_breakdown():
    ctx, found = run(grid(CARRIED))
    assert not found
    grand = [r for r in ctx.graph.relations if "总计 row" in r.origin]
    # 本年收入合计 + 年初结转 in each column, its 一、 row not counted again
    assert len(grand) == 3 and all(len(r.operands) == 2 for r in grand)
    _, found = run(grid(CARRIED.replace("\t14.00\t320.00", "\t15.00\t320.00")))
    assert codes(found) == ["AL101"]


UNCODED = ("项目\t预算数\t上年数\t执行数\n一、一般公共服务支出\t30.00\t28.00\t29.00\n"
           "统计事务\t30.00\t28.00\t29.00\n行政运行\t20.00\t18.00\t19.00\n"
           "专项业务\t10.00\t10.00\t10.00\n二、教育支出\t5.00\t4.00\t3.00\n"
           "培训支出\t5.00\t4.00\t3.00\n本年支出合计\t35.00\t32.00\t32.00")


def test_uncoded_rows_under_a_numbered_row_are_its_breakdown():
    ctx, found = run(grid(UNCODED))
    assert not found
    total = [r for r in ctx.graph.relations if "本年支出合计" in r.origin]
    assert len(total) == 3 and all(len(r.operands) == 2 for r in total)
    # one column wrong: the numbers still choose the numbered rows, and it is found
    _, found = run(grid(UNCODED.replace("\t32.00\t32.00", "\t33.00\t32.00")))
    assert codes(found) == ["AL101"] and "30.00 + 5.00" not in found[0].message
    assert "28.00 + 4.00 = 32.00 ≠ 33.00" in found[0].message
    # a single column that fits no reading is not checked
    one = "\n".join("\t".join(ln.split("\t")[:2]) for ln in UNCODED.split("\n"))
    ctx, found = run(grid(one.replace("\t35.00", "\t36.00")))
    assert not found and any("matches none" in n.message for n in ctx.graph.notices)


SIDES = ("收 入\t←\t支 出\t←\n项 目\t预算数\t按功能分科目\t预算数\n"
         "1、财政拨款\t100.00\t1、一般公共服务支出\t10.00\n2、事业收入\t0.00\t2、教育支出\t0.00\n"
         "其中：专户管理的收费\t0.00\t3、卫生健康支出\t90.00\n3、其他收入\t0.00\t4、住房保障支出\t0.00")


def test_a_subset_row_of_one_panel_is_no_part_of_the_other():
    ctx, found = run(grid(SIDES, marks=True))
    assert not found
    assert not [r for r in ctx.graph.relations if "其中 rows" in r.origin
                and ctx.graph.facts[r.result or 0].col == 3]
    _, found = run(grid(SIDES.replace("收费\t0.00", "收费\t5.00"), marks=True))
    assert codes(found) == ["AL101"] and "事业收入 / 收入/预算数" in found[0].message


THREE = ("单位\t“三公”经费预算总额\t因公出国（境）费\t公务接待费\t公务用车购置及运行费\t←\t←\n"
         "↑\t↑\t↑\t↑\t小计\t公务用车购置费\t公务用车运行费\n"
         "甲单位\t30.00\t8.00\t2.00\t20.00\t5.00\t15.00\n"
         "乙单位\t12.00\t1.00\t1.00\t10.00\t4.00\t6.00\n"
         "丙单位\t9.00\t2.00\t3.00\t4.00\t1.00\t3.00")


def test_total_column_without_group_adds_a_sub_group_by_its_subtotal():
    ctx, found = run(grid(THREE, marks=True))
    assert not found
    rels = [r for r in ctx.graph.relations if "预算总额 column" in r.origin]
    assert len(rels) == 3 and all(len(r.operands) == 3 for r in rels)
    _, found = run(grid(THREE.replace("\t8.00\t2.00", "\t8.00\t3.00"), marks=True))
    assert codes(found) == ["AL101"] and "8.00 + 3.00 + 20.00 = 31.00 ≠ 30.00" in found[0].message
    # a single row whose total fits neither reading is not checked
    one = "\n".join(THREE.split("\n")[:3]).replace("\t8.00\t2.00", "\t8.00\t3.00")
    _, found = run(grid(one, marks=True))
    assert not found


def test_a_cell_merged_by_the_layout_keeps_its_figure_in_its_first_column() -> None:
    # a PDF or Word table's own merged cell over two value columns is no figure of unknown
    # place (as a table rebuilt from text has): it stands in its first column and is summed
    table = grid("项目\t合计\t甲\t乙\nA\t10\t10\t←\nB\t5\t\t5\n合计\t15\t10\t5", marks=True)
    ctx, found = run(table)
    part = view_of(ctx, table)
    assert part.fact(1, 2) is not None and not part.spread
    assert codes(found) == []
