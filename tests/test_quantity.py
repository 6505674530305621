"""Quantities: numbers typed with unit, scale, comparator and the decimals as written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.quantity import chinese_to_int, parse_cell, scan


def one(text: str):
    qs = scan(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    ("text", "value", "decimals", "unit"),
    [
        ("收入合计 2,468.15 万元", Decimal("2468.15"), 2, "万元"),
        ("占比 38.40%", Decimal("38.40"), 2, "%"),
        ("得分 8.5 分", Decimal("8.5"), 1, "分"),
        ("参保 4.18万人", Decimal("4.18"), 2, "万人"),
        ("债务 3.5 亿元", Decimal("3.5"), 1, "亿元"),
        ("发放标准 150 元/月/人", Decimal("150"), 0, "元/月/人"),
        ("科室 7 个", Decimal("7"), 0, "个"),
        ("下设十一个科室", Decimal("11"), 0, "个"),
    ],
)
def test_scan_types_quantities(text: str, value: Decimal, decimals: int, unit: str) -> None:
    q = one(text)
    assert (q.value, q.decimals, q.full_unit) == (value, decimals, unit)


def test_multiplier_converts_to_base_unit() -> None:
    assert one("2.06亿元").multiplier == Decimal(100000000)
    assert one("3.27 万人").value * one("3.27 万人").multiplier == Decimal("32700.00")


def test_decimals_as_written_are_kept() -> None:
    assert one("执行数 120.50 万元").decimals == 2
    assert one("执行数 120.5 万元").decimals == 1


@pytest.mark.parametrize(
    ("text", "cmp"),
    [(">=95%", ">="), ("≥ 90%", ">="), ("≤5 天", "<="), ("不低于 85%", ">="), ("=100%", "=")],
)
def test_comparators_of_targets(text: str, cmp: str) -> None:
    assert one(text).comparator == cmp


@pytest.mark.parametrize(
    "text",
    [
        "2024 年度",
        "截至2024年12月31日",
        "（财预〔2021〕12号）",
        "（3）加强管理",
        "2.强化预算",
        "一级指标",
        "第 3 页",
    ],
)
def test_years_dates_codes_and_markers_are_not_quantities(text: str) -> None:
    assert scan(text) == []


def test_negative_numbers() -> None:
    assert one("变动 -3.20 万元").value == Decimal("-3.20")


def test_range_is_two_numbers_not_a_negative() -> None:
    qs = scan("60-65 周岁")
    assert [q.value for q in qs] == [Decimal(60), Decimal(65)]


def test_number_split_by_space_before_unit() -> None:
    q = one("本年支出 1,045.30 万 元")
    assert q.full_unit in ("万元", "万")


def test_chinese_numerals() -> None:
    assert chinese_to_int("十二") == 12
    assert chinese_to_int("二十") == 20
    assert chinese_to_int("一百零五") == 105
    assert chinese_to_int("三千二百") == 3200


def test_parse_cell() -> None:
    cell = parse_cell(" 1,205.40 ")
    assert cell is not None and cell.value == Decimal("1205.40")
    assert parse_cell("合计") is None
    assert parse_cell("办公费 12") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_scan_never_raises(text: str) -> None:
    for q in scan(text):
        assert 0 <= q.start < q.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_formatted_amounts_round_trip(value: Decimal) -> None:
    q = one(f"支出 {value:,.2f} 万元")
    assert q.value == value and q.decimals == 2


def test_full_width_percent_is_a_percent() -> None:
    (q,) = scan("执行率 96.5％")
    assert (q.unit, q.dimension, q.text) == ("%", "percent", "96.5％")


def test_scanner_and_grammar_agree_on_every_word() -> None:
    """Both are built from rules/quantity.toml: every unit and comparator the scanner finds,
    the grammar parses to the same unit and comparator, and the other way round."""
    import re

    from auditlint.extract.quantity import CMP_NORMAL, _parser, grammar_text, parse_quantity_text, words

    for unit, spec in words().units.items():
        written = unit.replace("％", "%")  # one unit, however wide its sign
        assert [q.full_unit for q in scan(f"≥12{unit}")] == [written], unit  # 12日 alone is a date
        parsed = parse_quantity_text(f"12{unit}")
        assert parsed is not None, unit
        assert str(parsed.get("scale") or "") + str(parsed["unit"]) == written, unit
        if spec.per:
            assert [q.unit for q in scan(f"共 12元/{unit}")] == [f"元/{unit}"], unit
    for word, normal in CMP_NORMAL.items():
        assert [q.comparator for q in scan(f"{word}95%")] == [normal], word
        parsed = parse_quantity_text(f"{word}95%")
        assert parsed is not None and parsed["cmp"] == normal, word
    # the grammar file itself names no word: its word terminals are written from the pack
    source = grammar_text()
    written = set(re.findall(r'"([^"]+)"', source[source.index("\nCMP: "):]))
    assert written == set(CMP_NORMAL) | set(words().units) | set(words().scales)
    assert {t.name for t in _parser().terminals} >= {"CMP", "SCALE", "UNIT", "UNIT_PART"}


def test_comparator_words_reach_the_quantity() -> None:
    """`高于 95%` is a target above 95%, not a bare 95%."""
    assert [(q.comparator, q.text) for q in scan("满意度高于95%，约3.2万人")] == [
        (">", "高于95%"), ("~", "约3.2万人")]
    cell = parse_cell("大于95%")
    assert cell is not None and cell.comparator == ">"
