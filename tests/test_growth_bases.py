"""Changes against two figures of their sentence (extract/narrative/bases.py): a sentence whose
figures agree never gives a finding, whatever its shape, and one whose change is off does."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_phrases import check, document, graph_of

# (label of the base, label of the current figure, words before the change); the base first
SHAPES = [
    ("上年决算数为", "本年决算数为", ""),
    ("2023年支出决算", "2024年支出决算", "比2023年"),
    ("上年培训费预算", "本年培训费预算", "与上年相比"),
    ("会议费支出预算", "支出决算", "决算数较预算数"),
    ("会议费年初预算为", "支出决算为", "比年初预算"),
]
AMOUNT = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=2,
                     allow_nan=False, allow_infinity=False)
CENT = Decimal("0.01")


def sentence(shape: tuple[str, str, str], base: Decimal, current: Decimal, rate: bool,
             base_last: bool, change: Decimal | None = None) -> str:
    b_label, c_label, words = shape
    diff = current - base
    word, rate_word = ("增加", "增长") if diff > 0 else ("减少", "下降")
    change = abs(diff) if change is None else change
    first, second = f"{b_label} {base} 万元", f"{c_label} {current} 万元"
    if base_last and not words.startswith(("决算数", "比年初")):
        first, second = second, first
    text = f"{first}，{second}，{words}{word} {change} 万元"
    if rate:
        pct = (abs(diff) / base * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        text += f"，{rate_word} {pct}%"
    return text + "。"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHAPES), AMOUNT, AMOUNT, st.booleans(), st.booleans())
def test_figures_that_agree_give_no_finding(shape: tuple[str, str, str], base: Decimal,
                                            current: Decimal, rate: bool,
                                            base_last: bool) -> None:
    if current == base:
        return
    assert check([sentence(shape, base, current, rate, base_last)]) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHAPES), AMOUNT, AMOUNT, st.booleans())
def test_a_change_off_by_one_gives_a_finding(shape: tuple[str, str, str], base: Decimal,
                                             current: Decimal, base_last: bool) -> None:
    if current == base:
        return
    wrong = abs(current - base) + 1
    found = check([sentence(shape, base, current, False, base_last, wrong)])
    assert [f.code for f in found] == ["AL202"]


def test_each_shape_is_read_as_a_change_of_the_two_figures() -> None:
    for shape in SHAPES:
        g = graph_of(document([sentence(shape, Decimal("100.00"), Decimal("110.00"), False,
                                        False)]))
        (rel,) = [r for r in g.relations if r.kind == "growth"]
        assert rel.params["form"] == "change", shape
        assert [g[i].text for i in rel.operands] == ["110.00 万元", "100.00 万元"], shape
