"""When written figures state one quantity: agreement within rounding, a slip of the pen, and
the links and unit readings a `same_as` relation records. Shared by the cross-reference
extractor, which makes the links, and the checks, which judge them."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from auditlint.facts import Fact
from auditlint.params import SameAsParams
from auditlint.units import UNITS, read_in


def scaled_agree(facts: list[Fact]) -> bool:
    """Whether values written without a unit agree once one is scaled by a unit step."""
    steps = (Decimal(1000), Decimal(10000), Decimal(100000000))
    return any(a.interval.scale(k).intersects(b.interval)
               for a in facts for b in facts if a is not b for k in steps)


def agreeing(facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """The largest set of facts whose base intervals share a point, and the rest.

    Two written values agree when some value rounds to both: their intervals overlap in more
    than an end point (1,203 and 1,204 touch at 1,203.5, which rounds to 1,204 only).
    """
    ends = sorted({p for f in facts for p in (f.base_interval.lo, f.base_interval.hi)})
    points = ends + [(a + b) / 2 for a, b in pairwise(ends)]
    best: list[Fact] = []
    for p in sorted(points):
        inside = [f for f in facts if f.base_interval.lo < p < f.base_interval.hi
                  or f.base_interval.lo == f.base_interval.hi == p]
        if len(inside) > len(best):
            best = inside
    ids = {f.id for f in best}
    return best, [f for f in facts if f.id not in ids]


def plausible_slip(a: Fact, b: Fact) -> bool:
    """Whether two values look like one figure written twice, one of them wrongly: close in
    value (within a quarter), or the same digits with one changed or two swapped."""
    x, y = abs(a.value * a.multiplier), abs(b.value * b.multiplier)
    top = max(x, y)
    if top and abs(x - y) <= top / 4:
        return True
    da, db = _digits(a), _digits(b)
    if len(da) != len(db) or len(da) < 3:
        return False
    diff = [i for i, (p, q) in enumerate(zip(da, db, strict=True)) if p != q]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] \
        and da[diff[1]] == db[diff[0]]


def digit_slip(a: Fact, b: Fact) -> bool:
    """Whether two values are one figure with one digit written wrong or two adjacent digits
    swapped, once both are written to the same decimals in one unit (600 and 601.00; not
    1,131 and 1,000.00): a closeness that only a slip of the pen gives, for links made on
    less than an exact label."""
    x, y = a.value * a.multiplier, b.value * b.multiplier
    if x == y:
        return False
    places = max(_places(x), _places(y))
    da, db = (f"{abs(v):.{places}f}".replace(".", "").lstrip("0") for v in (x, y))
    if len(da) != len(db) or len(da) < 2:
        return False
    diff = [i for i, (p, q) in enumerate(zip(da, db, strict=True)) if p != q]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]])


def _places(v: Decimal) -> int:
    exp = v.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _digits(f: Fact) -> str:
    return re.sub(r"[^0-9]", "", f"{f.value:f}").lstrip("0")


def read_units(params: SameAsParams, facts: list[Fact]) -> list[Fact]:
    """The facts of a `same_as` relation with cells of unit-less tables read as it linked them."""
    units = dict(params.read_in)
    return [read_in(f, units[f.id]) if f.id in units and units[f.id] in UNITS else f
            for f in facts]
