"""Parameters of the ratio kinds: rate, growth, share, share_total, comparison."""

from __future__ import annotations

from typing import Literal

from auditlint.params.base import Named, Params

Direction = Literal["increase", "decrease"]


class RateParams(Named):
    """A `rate` relation (AL201): result = numerator / denominator (`diff`: (n − d) / d),
    as a percent unless `percent` is off; `numerator`/`denominator` name the operands."""

    form: Literal["ratio", "diff"] = "ratio"
    percent: bool = True
    numerator: str = "numerator"
    denominator: str = "denominator"


class GrowthParams(Named):
    """A `growth` relation (AL202). Without `form`, operands [change, current] and the
    `direction` of the change; `values`: [current, previous] (`narrative` when read from the
    text); `flat`: 持平, the two agree; `cagr`: [last, first] over `years`; `change`: the
    result is the amount of the change (`决算数较预算数减少 x`), operands [current, previous],
    `direction` what its word says. `rate_direction` is the direction the rate's own word
    says, where it says one."""

    form: Literal["values", "flat", "cagr", "change"] | None = None
    direction: Direction = "increase"
    rate_direction: Direction | None = None
    narrative: bool = False
    current: str = "current"
    previous: str = "previous"
    last: str = "last"
    first: str = "first"
    years: int = 0


class ShareParams(Named):
    """A `share` relation (AL203, part and whole) or a `share_total` (AL204, shares of one
    breakdown adding up to 100%)."""


class ComparisonParams(Params):
    """A `comparison` relation (AL205): the first operand is `said` (more, less, equal) than
    the second, in the report's `word`."""

    said: Literal["more", "less", "equal"] | None = None
    word: str | None = None
