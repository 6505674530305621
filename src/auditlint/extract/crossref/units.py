"""Units: the money unit of a table that states none, and a unit impossible for its quantity."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from decimal import ROUND_DOWN, Decimal

from auditlint.agreement import agreeing, plausible_slip, scaled_agree
from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import clean
from auditlint.extract.crossref.mentions import Mention, UnitReading, clause_before
from auditlint.facts import Fact, Relation
from auditlint.params import UnitParams
from auditlint.units import UNITS, dimension_of, read_in

# --- tables that state no unit ------------------------------------------------------------------


def unit_unknown(m: Mention) -> bool:
    """A money cell of a table that states no unit (no 单位 line, no unit in its headers)."""
    return m.subject.table is not None and not m.fact.unit and m.subject.dimension == "money"


def _agrees_in(fact: Fact, unit: str, known: list[Fact]) -> bool:
    read = read_in(fact, unit)
    agree, _ = agreeing([*known, read])
    return len(agree) >= 2 and any(f is read for f in agree)


def _candidate_units(known: list[Fact]) -> list[str]:
    units = {f.unit for f in known if f.unit in UNITS} | {"元", "万元"}
    return sorted(units, key=lambda u: UNITS[u][1])


def unit_readings(groups: list[list[Mention]]) -> dict[int, UnitReading]:
    """The unit each table without one is read in: the one money unit in which its cells agree
    with the mentions of known unit they are linked to. A table whose cells agree in different
    units, or in none, gets no reading (its cells are then not compared with figures of known
    unit: a cell without a unit is never assumed to be in 元)."""
    votes: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for group in groups:
        known = [m.fact for m in group if m.subject.dimension == "money" and m.fact.unit]
        if not known:
            continue
        for m in group:
            if not unit_unknown(m) or m.subject.table is None:
                continue
            fits = [u for u in _candidate_units(known) if _agrees_in(m.fact, u, known)]
            if len(fits) == 1:
                votes[m.subject.table].setdefault(fits[0], []).append(
                    m.subject.cleaned or m.subject.core)
    return {t: UnitReading(t, unit, UNITS[unit][1], tuple(dict.fromkeys(shown)))
            for t, by_unit in votes.items() if len(by_unit) == 1
            for unit, shown in by_unit.items()}


def read_group_units(group: list[Mention], readings: dict[int, UnitReading]) -> list[Mention] | None:
    """The group with cells of unit-less tables read in their table's unit. A cell whose table
    has no reading is left out when anything else in the group has a unit; cells of unit-less
    tables alone are compared as written unless a power of ten reconciles them (then the tables
    may simply be in different units). A read cell that disagrees is kept only when no other
    unit would reconcile it and its value looks like the other figure slipped."""
    unknown = [m for m in group if unit_unknown(m)]
    if not unknown:
        return group
    unresolved = [m for m in unknown if m.subject.table not in readings]
    if len(unresolved) == len(group):
        facts = [m.fact for m in group]
        if agreeing(facts)[1] and scaled_agree(facts):
            return None
        return group
    out: list[Mention] = []
    for m in group:
        if m in unresolved:
            continue
        if m in unknown and m.subject.table is not None:
            r = readings[m.subject.table]
            m = replace(m, fact=read_in(m.fact, r.unit), read_as=r)
        out.append(m)
    _, rest = agreeing([m.fact for m in out])
    for m in out:
        if m.read_as is None or not rest:
            continue
        known = [o.fact for o in out if o is not m]
        if any(_agrees_in(m.fact, u, known) for u in _candidate_units(known)
               if u != m.read_as.unit):
            return None  # this cell agrees in another unit: the table's unit is not one
        if not any(plausible_slip(m.fact, k) for k in known):
            out = [o for o in out if o is not m]
    return out


# --- units --------------------------------------------------------------------------------------


def unit_relations(ctx: ExtractContext) -> list[Relation]:
    """A year unit on an amount: `其他资金预算 28.09 年` where 万元 is meant."""
    out: list[Relation] = []
    for block_no, found in ctx.paragraph_facts.items():
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        for i, (q, fid) in enumerate(found):
            if q.unit != "年" or q.scale or text[q.end: q.end + 1] in "终中初末底度内":
                continue
            label = clause_before(text, q.start, 20)
            if not any(w in label for w in ctx.packs.words("money_label_words")) or "年限" in label:
                continue
            # a period of years is a whole number or a half; an amount has cents (the
            # fraction taken without `% 1`, which raises past the context's 28 digits)
            fraction = q.value - q.value.to_integral_value(ROUND_DOWN)
            if q.decimals == 0 or (q.decimals == 1 and fraction in (0, Decimal("0.5"))):
                continue
            neighbours = [ctx.graph[f] for j, (_, f) in enumerate(found) if j != i]
            money = [f.unit for f in neighbours if f.unit and dimension_of(f) == "money"]
            expected = Counter(money).most_common(1)[0][0] if money else "万元"
            out.append(Relation(
                kind="unit", result=fid,
                origin=f"a year unit on the amount {clean(label)}",
                params=UnitParams(problem="year-unit-on-amount", expected=expected,
                                  subject=clean(label)).as_params()))
    return out
