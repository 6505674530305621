"""Evaluation shared by the arithmetic rules: interval sums and ratios, and how to show them.

Every comparison is between intervals (see `auditlint.facts`). A relation fails *strictly*
when the stated interval misses the computed one; it is then an error unless a looser reading
(the stated value off by at most one unit in its last written digit, as happens when shares
are nudged to add up to 100%) would excuse it, which makes it a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from auditlint.facts import Fact, Interval
from auditlint.facts import ratio as ratio  # re-exported for the rules: defined with the facts
from auditlint.facts import to_unit_of as to_unit_of

HUNDRED = Decimal(100)
WIDE = 60  # digits of exact sums, as in interval arithmetic (auditlint.facts)


def fmt(value: Decimal, decimals: int) -> str:
    """A number as a report writes it: thousands separators, `decimals` decimals."""
    if decimals < 0 or not value.is_finite():
        return f"{value:,}"
    with localcontext() as ctx:  # wide enough for every digit: quantize fails beyond `prec`
        ctx.prec = max(ctx.prec, value.adjusted() + decimals + 2)
        q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{q:,}"


def written(f: Fact) -> str:
    return fmt(f.value, f.decimals)


@dataclass(frozen=True)
class Verdict:
    ok: bool  # the stated value agrees within rounding
    loose_ok: bool  # it agrees when read one unit of its last digit looser
    computed: Interval

    @property
    def severity(self) -> str | None:
        if self.ok:
            return None
        return "warning" if self.loose_ok else "error"


def judge(stated: Fact, computed: Interval | None, in_base: bool = False) -> Verdict | None:
    """Compare a stated fact with a computed interval (in the stated unit unless `in_base`)."""
    if computed is None:
        return None
    stated_iv = stated.base_interval if in_base else stated.interval
    ulp = Decimal(1).scaleb(-stated.decimals) * (stated.multiplier if in_base else 1)
    loose = Interval(lo=stated_iv.lo - ulp / 2, hi=stated_iv.hi + ulp / 2)
    return Verdict(stated_iv.intersects(computed), loose.intersects(computed), computed)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of written values, shown in messages: the default context keeps 28
    digits, which would show a wrong sum of figures with more (60 is far beyond any report).
    A generator's terms are computed in this context too."""
    with localcontext() as ctx:
        ctx.prec = WIDE
        return sum(values, Decimal(0))


def signed_sum(result: Fact, operands: list[Fact], signs: str) -> Interval:
    total = Interval.exact(Decimal(0))
    for f, s in zip(operands, signs, strict=True):
        iv = to_unit_of(f, result)
        total = total - iv if s == "-" else total + iv
    return total


def sum_text(result: Fact, operands: list[Fact], signs: str) -> tuple[str, Decimal, int]:
    """`412.30 + 18.5 − 2.00 = 428.80`: the computation as written, and its exact value."""
    decimals = max([result.decimals, *(f.decimals for f in operands if f.multiplier ==
                                        result.multiplier)])
    exact = exact_sum(-f.value * f.multiplier / result.multiplier if s == "-"
                      else f.value * f.multiplier / result.multiplier
                      for f, s in zip(operands, signs, strict=True))
    parts: list[str] = []
    for i, (f, s) in enumerate(zip(operands, signs, strict=True)):
        shown = written(f) if f.multiplier == result.multiplier else (f.text or written(f))
        parts.append(shown if i == 0 and s == "+" else f"{'−' if s == '-' else '+'} {shown}")
    return " ".join(parts), exact, decimals
