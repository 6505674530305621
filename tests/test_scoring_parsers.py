"""The grade band grammar, the formula grammar, and the narrative subjects."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditlint.bands import Band, problems
from auditlint.checks.formula import FormulaError, parse_family
from auditlint.extract.scoring.bands import parse_clause
from auditlint.extract.scoring.narrative import subject_key
from auditlint.facts import Interval
from auditlint.packs import load_packs

D = Decimal


@pytest.mark.parametrize(("text", "shown"), [
    ("综合得分在 90~100 分（含 90 分）以上为优秀", "优秀 [90, 100]"),
    ("综合得分在 80~90 分（含 80 分）为良好", "良好 [80, 90)"),
    ("综合得分在 60 分（含 60 分）以下为较差", "较差 ≤ 60"),
    ("优（得分90分以上，含90分）", "优 ≥ 90"),
    ("良（得分80分～90分，含80分）", "良 [80, 90)"),
    ("评价等级分为四档：90 分（含）以上为优", "优 ≥ 90"),
    ("80 分（含）至 90 分为良", "良 [80, 90)"),
    ("良好（80≤得分＜90）", "良好 [80, 90)"),
    ("不合格（得分＜60）", "不合格 < 60"),
    ("不低于90分为优秀", "优秀 ≥ 90"),
    ("自评总分 90 分（含）以上为优", "优 ≥ 90"),
])
def test_band_clauses(text: str, shown: str) -> None:
    band = parse_clause(text)
    assert band is not None and band.shown() == shown


@pytest.mark.parametrize("text", ["总分为 81 分，等级为“良”", "评价结果为“优”", "满意度 95% 以上为优",
                                  "得分率 90%"])
def test_not_band_clauses(text: str) -> None:
    assert parse_clause(text) is None


def test_band_problems() -> None:
    gap = [Band("优", D(90), None, True, False, True), Band("良", D(70), D(80), True, False, True)]
    assert [p.kind for p in problems(gap)] == ["gap"]
    explicit_point = [Band("良", D(80), D(90), True, True, True, True),
                      Band("优", D(90), None, True, False, True)]
    assert [p.kind for p in problems(explicit_point)] == ["overlap"]
    convention = [Band("良", D(80), D(90)), Band("优", D(90), None)]
    assert problems(convention) == []


def test_band_contains_reads_conventional_bounds_both_ways() -> None:
    band = Band("良", D(80), D(90))  # neither bound said
    assert band.contains(D(90), D(90)) and band.contains(D(80), D(80))
    strict = Band("良", D(80), D(90), True, False, True, True)
    assert not strict.contains(D(90), D(90))


def test_pack_formulas_parse_and_evaluate() -> None:
    formulas = {k: v for p in load_packs().packs for k, v in p.formulas.items()}
    assert {"proportional", "linear_deduction"} <= set(formulas)
    rate, weight = Interval.written(D("96.50"), 2), Interval.exact(D(10))
    prop = parse_family("proportional", formulas["proportional"]).variants
    assert len(prop) == 1 and prop[0].evaluate(rate, weight).contains(D("9.65"))
    lin = {f.shown: f for f in parse_family("linear_deduction", formulas["linear_deduction"]).variants}
    k25 = lin["max(0, weight - (100 - rate) * 0.25)"]
    assert k25.evaluate(rate, weight).contains(D("9.125"))
    assert k25.evaluate(Interval.written(D("37.70"), 2), weight) == Interval.exact(D(0))


def test_threshold_formula_straddling_its_threshold_covers_both_branches() -> None:
    f = parse_family("t", "if(rate >= t, weight, rate / 100 * weight) for t in 90").variants[0]
    iv = f.evaluate(Interval.written(D("90"), 0), Interval.exact(D(10)))
    assert iv is not None and iv.contains(D(10)) and iv.contains(D("8.96"))


@pytest.mark.parametrize("bad", ["rate +", "foo(rate)", "weight * k", "rate in 1"])
def test_bad_formulas_are_errors(bad: str) -> None:
    with pytest.raises(FormulaError):
        parse_family("bad", bad)


@pytest.mark.parametrize(("text", "key"), [
    ("（一）投入指标评价结果", "投入"), ("产出类指标", "产出"), ("1.部门职能（指标分值 5 分）", "职能"),
    ("2 项目效益情况分析", "效益"), ("该", ""), ("“投入”", "投入"), ("1、项目产出指标", "产出"),
])
def test_subject_keys(text: str, key: str) -> None:
    assert subject_key(text) == key
