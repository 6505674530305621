"""A stated scoring standard as a rule from a measured value to the points it gives.

`执行率达到100%得10分，每降低1个百分点扣0.5分` is full marks at or above a reference level less
so many points per step below it; `偏离目标10%以内得10分，偏离目标10%-20%得8分` is bands of a
measured deviation, each with its points. The scoring extractor reads a standard into this
shape (grammar/scoring.lark); the check (AL306) asks it which scores a measured value allows.
Shared by both, as the grade bands of `bands.py` are. Every bound is read inclusively, and a
measured value is an interval (its rounding): what a reader could take the standard to allow
is allowed, so that only a score no reading gives is called wrong.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

Measure = Literal["level", "deviation"]


@dataclass(frozen=True)
class Step:
    """A band of the measured value (`lo`/`hi` None: open) and the points it gives."""

    lo: Decimal | None
    hi: Decimal | None
    points_lo: Decimal
    points_hi: Decimal
    text: str

    def meets(self, lo: Decimal, hi: Decimal) -> bool:
        return (self.lo is None or hi >= self.lo) and (self.hi is None or lo <= self.hi)


@dataclass(frozen=True)
class PerPoint:
    """`full` points at `ref` or above, less `points` for each `step` below it, not below 0."""

    ref: Decimal
    step: Decimal
    points: Decimal
    full: Decimal
    text: str


@dataclass(frozen=True)
class Standard:
    measure: Measure
    steps: tuple[Step, ...] = ()
    per: PerPoint | None = None

    def to_json(self) -> str:
        def conv(o: object) -> object:
            return str(o) if isinstance(o, Decimal) else o
        d = asdict(self)
        d["steps"] = [{k: conv(v) for k, v in s.items()} for s in d["steps"]]
        if d["per"] is not None:
            d["per"] = {k: conv(v) for k, v in d["per"].items()}
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Standard:
        d = json.loads(text)

        def dec(v: str | None) -> Decimal | None:
            return None if v is None else Decimal(v)
        steps = tuple(Step(dec(s["lo"]), dec(s["hi"]), Decimal(s["points_lo"]),
                           Decimal(s["points_hi"]), s["text"]) for s in d["steps"])
        p = d["per"]
        per = None if p is None else PerPoint(Decimal(p["ref"]), Decimal(p["step"]),
                                              Decimal(p["points"]), Decimal(p["full"]), p["text"])
        return cls(measure=d["measure"], steps=steps, per=per)

    @property
    def top(self) -> Decimal:
        """The most points any clause gives."""
        tops = [s.points_hi for s in self.steps] + ([self.per.full] if self.per else [])
        return max(tops) if tops else Decimal(0)


@dataclass(frozen=True)
class Allowed:
    """A range of scores a measured value allows, and how it follows from the standard."""

    lo: Decimal
    hi: Decimal
    how: str
    at: Decimal  # the score at the value as written (the middle of its rounding)


def allowed(std: Standard, lo: Decimal, hi: Decimal) -> list[Allowed]:
    """The scores a value measured within [lo, hi] may get; [] when the standard does not say
    (a value in no band, above the reference of a per-point deduction with no band for it)."""
    out = [Allowed(s.points_lo, s.points_hi, f"「{s.text}」", s.points_hi)
           for s in std.steps if s.meets(lo, hi)]
    per = std.per
    if not out and per is not None and lo < per.ref:
        short_lo, short_hi = max(Decimal(0), per.ref - hi), per.ref - lo
        most = (short_hi / per.step).to_integral_value(ROUND_CEILING) * per.points
        least = (short_lo / per.step).to_integral_value(ROUND_FLOOR) * per.points
        s_lo = max(Decimal(0), per.full - most)
        s_hi = max(Decimal(0), per.full - least)
        short = per.ref - (lo + hi) / 2
        shown = _fmt(short)
        at = max(Decimal(0), per.full - short / per.step * per.points)
        out.append(Allowed(s_lo, s_hi, (
            f"「{per.text}」 below {_fmt(per.ref)}%: {shown} points short, so max(0, "
            f"{_fmt(per.full)} − {shown} ÷ {_fmt(per.step)} × {_fmt(per.points)})"), at))
    return out


def shown(d: Decimal) -> str:
    """A number as a reader writes it: at most two decimals, no trailing zeros."""
    q = d.quantize(Decimal("0.01")).normalize()
    return format(q, "f")


def shown_range(lo: Decimal, hi: Decimal) -> str:
    return shown(lo) if shown(lo) == shown(hi) else f"{shown(lo)} to {shown(hi)}"


_fmt = shown
