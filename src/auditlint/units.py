"""Units of quantities: the words of `rules/quantity.toml` (read once), what each unit
measures, and a figure read in another unit. Shared by extraction, which reads quantities, and
the checks, which compare them."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from auditlint.facts import Fact
from auditlint.packs import QuantityWords, load_pack
from auditlint.resources import data_dir


@cache
def words() -> QuantityWords:
    """The quantity vocabulary of `rules/quantity.toml`, read once."""
    pack = load_pack(data_dir("rules") / "quantity.toml")
    assert pack.quantity is not None, "rules/quantity.toml has no [quantity] table"
    return pack.quantity


# unit -> (dimension, multiplier to the dimension's base unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    w: (u.dimension, u.multiplier) for w, u in words().units.items() if u.dimension}
SCALES = {w: s.multiplier for w, s in words().scales.items()}
CMP_NORMAL = {w: norm for norm, ws in words().comparators.items() for w in ws}
_PERSON_COUNTERS = {"人", "名", "位"}


def dimension_of(fact: Fact) -> str | None:
    """money, person, person-time, percent, points, score, count:<counter>; None when unknown."""
    unit = (fact.unit or "").strip()
    if unit:
        if unit in UNITS:
            dim = UNITS[unit][0]
            return None if dim == "year" else dim
        base = unit[1:] if unit[:1] in SCALES and len(unit) > 1 else unit
        if base in UNITS:
            dim = UNITS[base][0]
            return None if dim == "year" else dim
        if base in _PERSON_COUNTERS:
            return "person"
        if unit in SCALES:
            return None
        return f"count:{base}"
    if fact.kind == "amount":
        return "money"
    if fact.kind in ("weight", "score"):
        return "score"
    if fact.kind == "percent":
        return "percent"
    return None


def read_in(fact: Fact, unit: str) -> Fact:
    """The fact read in a money unit (its value as written, its unit supplied)."""
    return fact.model_copy(update={"unit": unit, "multiplier": UNITS[unit][1]})
