"""Grade bands: an interval of scores and a grade name, and the gaps and overlaps of a set of
them. Shared by the scoring extractor, which reads bands from a report, and the checks, which
judge a grade against them."""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from decimal import Decimal

TOP = Decimal(100)


@dataclass(frozen=True)
class Band:
    grade: str
    lo: Decimal | None = None
    hi: Decimal | None = None
    lo_inc: bool = True
    hi_inc: bool = False
    lo_explicit: bool = False  # the report said whether lo is included
    hi_explicit: bool = False
    start: int = 0  # offsets of the clause in its paragraph's text
    end: int = 0

    def contains(self, lo: Decimal, hi: Decimal) -> bool:
        """Whether the score interval [lo, hi] meets this band (either reading of a bound
        whose inclusion is only a convention)."""
        if self.lo is not None:
            inc = self.lo_inc or not self.lo_explicit
            if hi < self.lo or (hi == self.lo and not inc):
                return False
        if self.hi is not None:
            inc = self.hi_inc or not self.hi_explicit
            if lo > self.hi or (lo == self.hi and not inc):
                return False
        return True

    def shown(self) -> str:
        lo = "" if self.lo is None else f"{'[' if self.lo_inc else '('}{_n(self.lo)}"
        hi = "" if self.hi is None else f"{_n(self.hi)}{']' if self.hi_inc else ')'}"
        if self.lo is None:
            return f"{self.grade} {'≤' if self.hi_inc else '<'} {_n(self.hi)}"  # type: ignore[arg-type]
        if self.hi is None:
            return f"{self.grade} {'≥' if self.lo_inc else '>'} {_n(self.lo)}"
        return f"{self.grade} {lo}, {hi}"


def _n(v: Decimal | None) -> str:
    return "" if v is None else format(v.normalize(), "f")


def bands_to_json(bands: list[Band]) -> str:
    return json.dumps([{k: (str(v) if isinstance(v, Decimal) else v)
                        for k, v in asdict(b).items()} for b in bands], ensure_ascii=False)


def bands_from_json(text: str) -> list[Band]:
    out: list[Band] = []
    for d in json.loads(text):
        for k in ("lo", "hi"):
            d[k] = None if d[k] is None else Decimal(d[k])
        out.append(Band(**d))
    return out


# ---------------------------------------------------------------------------------------------
# normalisation and clauses


# ---------------------------------------------------------------------------------------------
# band sets


@dataclass(frozen=True)
class BandProblem:
    kind: str  # gap | overlap
    lower: Band
    upper: Band
    lo: Decimal
    hi: Decimal

    def message(self) -> str:
        if self.kind == "gap":
            return (f"the grade bands leave scores between {_n(self.lo)} and {_n(self.hi)} without "
                    f"a grade ({self.lower.shown()}; {self.upper.shown()})")
        if self.lo == self.hi:
            return (f"the grade bands both include {_n(self.lo)} ({self.lower.shown()}; "
                    f"{self.upper.shown()})")
        return (f"the grade bands overlap between {_n(self.lo)} and {_n(self.hi)} "
                f"({self.lower.shown()}; {self.upper.shown()})")


def _key(b: Band) -> Decimal:
    if b.lo is not None:
        return b.lo
    return (b.hi if b.hi is not None else Decimal(0)) - Decimal(1000)


def problems(bands: list[Band]) -> list[BandProblem]:
    """Gaps and overlaps between neighbouring bands that do not hang on a convention.

    A gap narrower than one point between integer bounds (`80-89` then `90-100`) is the
    usual way of writing integer scores and is left alone.
    """
    ordered = sorted(bands, key=_key)
    out: list[BandProblem] = []
    for lower, upper in itertools.pairwise(ordered):
        if lower.hi is None or upper.lo is None:
            if lower.hi is None and upper.lo is not None and lower.lo is not None \
                    and lower.lo < upper.lo:
                out.append(BandProblem("overlap", lower, upper, upper.lo, upper.lo))
            continue
        if lower.hi < upper.lo:
            if upper.lo - lower.hi > 1:
                out.append(BandProblem("gap", lower, upper, lower.hi, upper.lo))
        elif lower.hi > upper.lo:
            out.append(BandProblem("overlap", lower, upper, upper.lo, lower.hi))
        elif lower.hi_explicit and upper.lo_explicit:
            if lower.hi_inc and upper.lo_inc:
                out.append(BandProblem("overlap", lower, upper, upper.lo, upper.lo))
            elif not lower.hi_inc and not upper.lo_inc:
                out.append(BandProblem("gap", lower, upper, upper.lo, upper.lo))
    return out


def same_bands(a: list[Band], b: list[Band]) -> bool:
    def sig(bs: list[Band]) -> set[tuple[str, Decimal | None, Decimal | None]]:
        return {(x.grade, x.lo, x.hi) for x in bs}
    return sig(a) == sig(b)
