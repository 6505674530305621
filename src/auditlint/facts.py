"""Facts, relations, and the interval arithmetic that decides when rounded numbers agree.

A value written with d decimals stands for [v - 0.5*10^-d, v + 0.5*10^-d]. Sums and ratios
are computed on intervals; a stated value agrees with a computed one when their intervals
intersect. There is no epsilon anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_FLOOR,
    Context,
    Decimal,
    Inexact,
    localcontext,
)
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, Field

from auditlint.document import Span
from auditlint.profile import ReportProfile

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Interval bounds are computed in these contexts, rounded outward: the default context keeps
# 28 digits and rounds to nearest, which makes figures of more digits collapse or drift (a
# sum could then miss a total it equals). Exact below 60 digits; never narrower above.
_DOWN = Context(prec=60, rounding=ROUND_FLOOR, Emax=MAX_EMAX, Emin=MIN_EMIN)
_UP = Context(prec=60, rounding=ROUND_CEILING, Emax=MAX_EMAX, Emin=MIN_EMIN)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of exact decimals (a plain dataclass: checks create many)."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def written(cls, value: Decimal, decimals: int) -> Interval:
        """The interval a number written with `decimals` decimals stands for."""
        half = Decimal(5).scaleb(-(decimals + 1))
        return cls(lo=_DOWN.subtract(value, half), hi=_UP.add(value, half))

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(lo=value, hi=value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(lo=_DOWN.add(self.lo, other.lo), hi=_UP.add(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return Interval(lo=_DOWN.subtract(self.lo, other.hi), hi=_UP.subtract(self.hi, other.lo))

    def scale(self, k: Decimal) -> Interval:
        if k < 0:
            return Interval(lo=_DOWN.multiply(self.hi, k), hi=_UP.multiply(self.lo, k))
        return Interval(lo=_DOWN.multiply(self.lo, k), hi=_UP.multiply(self.hi, k))

    def __mul__(self, other: Interval) -> Interval:
        pairs = [(self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo),
                 (self.hi, other.hi)]
        return Interval(lo=min(_DOWN.multiply(a, b) for a, b in pairs),
                        hi=max(_UP.multiply(a, b) for a, b in pairs))

    def __truediv__(self, other: Interval) -> Interval | None:
        """Quotient interval; None when the divisor interval contains zero."""
        if other.lo <= 0 <= other.hi:
            return None
        pairs = [(self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo),
                 (self.hi, other.hi)]
        return Interval(lo=min(_DOWN.divide(a, b) for a, b in pairs),
                        hi=max(_UP.divide(a, b) for a, b in pairs))

    def intersects(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    @property
    def mid(self) -> Decimal:
        return _UP.divide(_UP.add(self.lo, self.hi), 2)

    def root(self, n: int) -> Interval:
        """The n-th roots of a non-negative interval (compound growth rates), bounds rounded
        outward and verified by exact powers: the root is monotone, so the roots of the
        bounds bound it."""
        if not 1 <= n <= MAX_ROOT or self.lo < 0:
            raise ValueError(f"no {n}-th root of {self}")
        return Interval(lo=_root_bound(self.lo, n, up=False), hi=_root_bound(self.hi, n, up=True))


MAX_ROOT = 30


def _root_bound(x: Decimal, n: int, up: bool) -> Decimal:
    if x == 0:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 40
        guess = (x.ln() / n).exp()
    step = Decimal(1).scaleb(guess.adjusted() - 30)
    with localcontext() as ctx:
        ctx.prec = 40 * n + 80  # wide enough for exact sums and n-th powers of 40-digit bounds
        ctx.traps[Inexact] = True
        bound = guess + step if up else guess - step
        if up:
            while bound ** n < x:
                bound += step
        else:
            while bound > 0 and bound ** n > x:
                bound -= step
    return max(bound, ZERO)


def total_of(intervals: list[Interval]) -> Interval:
    out = Interval.exact(ZERO)
    for i in intervals:
        out = out + i
    return out


FactKind = Literal[
    "amount", "percent", "score", "weight", "count", "target", "rate", "number", "year"
]


class Fact(BaseModel):
    """One number of the report, typed.

    `value` is as written (in `unit`); `base` is the value in the unit's base (元 for amounts,
    人 for 万人), so that 3.27 万人 and 32,700 人 compare. `label` is the normalised subject
    (row and column headers, or the phrase before the number).
    """

    id: int
    value: Decimal
    decimals: int
    unit: str | None = None
    multiplier: Decimal = Decimal(1)  # base = value * multiplier
    kind: FactKind = "number"
    label: str = ""
    context: str = ""  # the sentence, or the row and column headers of a cell
    location: str = ""  # "table 2, row 5, column 4" / "paragraph 12"; pages where known
    span: Span
    text: str = ""  # the number as written, with its unit
    block: int = 0  # index into Document.blocks
    table: int | None = None  # Table.index
    row: int | None = None
    col: int | None = None
    comparator: str | None = None  # for targets: >=, <=, =, >, <
    section: str = ""

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Fact:
        """A copy whose cached intervals follow the updated value, decimals or unit."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("interval", None)
        copy.__dict__.pop("base_interval", None)
        return copy

    @cached_property
    def interval(self) -> Interval:
        """The written interval, in the written unit."""
        return Interval.written(self.value, self.decimals)

    @cached_property
    def base_interval(self) -> Interval:
        return self.interval.scale(self.multiplier)


def to_unit_of(f: Fact, target: Fact) -> Interval:
    """The interval of `f` expressed in `target`'s written unit (元 parts against 万元 totals)."""
    if f.multiplier == target.multiplier:
        return f.interval
    return f.base_interval.scale(Decimal(1) / target.multiplier)


def ratio(numerator: Interval, denominator: Interval, percent: bool = True) -> Interval | None:
    """numerator / denominator (× 100 for a percentage); None when the denominator may be 0.
    Here, not with the rules, because extraction weighs candidate relations with it too."""
    q = numerator / denominator
    if q is None:
        return None
    return q.scale(HUNDRED) if percent else q


RelationKind = Literal[
    "table_sum",  # AL101: a total row/column of a table
    "parts_sum",  # AL102: 其中 parts of a narrative total
    "identity",  # AL103: a domain identity from a rule pack
    "rate",  # AL201: stated rate = numerator / denominator
    "growth",  # AL202
    "share",  # AL203
    "share_total",  # AL204
    "comparison",  # AL205: 决算数大于年初预算数 between two figures
    "score_cap",  # AL301
    "weight_sum",  # AL302
    "score_sum",  # AL303
    "grade",  # AL304
    "exec_score",  # AL305
    "target",  # AL306
    "standard_score",  # AL306: a score against its stated 评分标准 and the actual value
    "same_as",  # AL401
    "count",  # AL402
    "unit",  # AL403
    "empty_table",  # AL701
    "row_number",  # AL702: a row number (行次, 序号) out of its run
    "wording",  # AL601, AL602
]


class Relation(BaseModel):
    """A claim that some facts must agree, and where the claim came from.

    `result` is the stated fact the relation checks (a total, a rate); `operands` the facts it
    is computed from, in order. `origin` says in words how the relation was established
    (`合计 row`, `其中 phrase`, `inferred from 7 of 8 rows`). `trust` orders explicit structure
    over rule packs over inference; inferred relations give warnings. `params` holds what a
    kind needs beyond facts (a formula, signs of the operands, a band), as strings.
    """

    kind: RelationKind
    result: int | None = None
    operands: list[int] = Field(default_factory=list)
    origin: str = ""
    trust: Literal["explicit", "pack", "inferred"] = "explicit"
    params: dict[str, str] = Field(default_factory=dict)


class Notice(BaseModel):
    """Something extraction could not make sense of (AL902), so silence is not consistency."""

    code: str = "AL902"
    message: str
    span: Span | None = None
    location: str = ""


class Mark(BaseModel):
    """A place of the text that is unfinished whatever its figures say (a placeholder XX, a
    doubled 。。, a reason announced and not given): `kind` names which (AL6 rules)."""

    kind: str
    text: str
    span: Span
    location: str = ""
    context: str = ""


class FactGraph(BaseModel):
    facts: list[Fact] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    profile: ReportProfile | None = None  # what checks across reports need (AL5xx)

    def add_fact(self, **kwargs: object) -> Fact:
        fact = Fact(id=len(self.facts), **kwargs)  # type: ignore[arg-type]
        self.facts.append(fact)
        return fact

    def relate(self, relation: Relation) -> Relation:
        self.relations.append(relation)
        return relation

    def __getitem__(self, fact_id: int) -> Fact:
        return self.facts[fact_id]
