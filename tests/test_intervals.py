"""Interval arithmetic: when rounded numbers agree, with no epsilon."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from auditlint.facts import Interval

D = Decimal


def test_written_interval() -> None:
    iv = Interval.written(D("4.69"), 2)
    assert (iv.lo, iv.hi) == (D("4.685"), D("4.695"))
    iv0 = Interval.written(D("81"), 0)
    assert (iv0.lo, iv0.hi) == (D("80.5"), D("81.5"))


def test_sum_of_rounded_parts_may_differ_from_rounded_total() -> None:
    parts = [Interval.written(D("33.33"), 2)] * 3
    total = parts[0] + parts[1] + parts[2]
    assert total.intersects(Interval.written(D("100.00"), 2))
    assert not total.intersects(Interval.written(D("100.10"), 2))


def test_ratio_checked_at_the_precision_of_the_rate() -> None:
    rate = Interval.written(D("4.69"), 2)
    q = (Interval.written(D("1727.26"), 2) - Interval.written(D("1649.93"), 2)) / \
        Interval.written(D("1649.93"), 2)
    assert q is not None
    assert q.scale(D(100)).intersects(rate)
    assert not q.scale(D(100)).intersects(Interval.written(D("4.79"), 2))


def test_division_by_interval_containing_zero_is_undefined() -> None:
    assert Interval.written(D(1), 0) / Interval.written(D("0.00"), 2) is None


@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=2), min_size=1,
                max_size=12))
def test_exact_sum_lies_in_interval_sum(values: list[Decimal]) -> None:
    total = Interval.exact(D(0))
    for v in values:
        total = total + Interval.written(v, 2)
    assert total.contains(sum(values, D(0)))


def test_fact_copy_recomputes_its_intervals() -> None:
    from auditlint.document import Span
    from auditlint.facts import Fact

    f = Fact(id=0, value=D("0"), decimals=0, span=Span(1, 1, 1, 2), multiplier=D(10000))
    assert f.interval == Interval.written(D(0), 0)
    exact = f.model_copy(update={"decimals": 30})
    assert exact.interval.hi < D("1e-29")
    assert exact.base_interval.hi < D("1e-24")


def test_bounds_of_long_figures_are_not_rounded_to_28_digits() -> None:
    # a figure of 30 digits keeps its rounding interval (the default context would collapse
    # it to one point) and a sum of such figures stays exact
    big = Interval.written(D("123456789012345678901234567890.1"), 1)
    assert big.lo < big.hi
    parts = Interval.written(D("123456789012345678901234567889.0"), 1) + \
        Interval.written(D("1.1"), 1)
    assert big.intersects(parts)
    assert not big.intersects(parts + Interval.written(D("0.3"), 1))


@given(st.integers(min_value=1, max_value=10**40), st.integers(min_value=1, max_value=10**40))
def test_quotient_bounds_are_rounded_outward(a: int, b: int) -> None:
    q = Interval.exact(D(a)) / Interval.exact(D(b))
    assert q is not None
    assert Fraction(q.lo) <= Fraction(a, b) <= Fraction(q.hi)  # exact: no context
