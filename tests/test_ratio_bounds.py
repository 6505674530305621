"""Rates computed by the rules keep the outward rounding of interval arithmetic to the end."""

from __future__ import annotations

from decimal import Decimal

from auditlint.checks.base import CheckContext
from auditlint.checks.ratios import GrowthMismatch
from auditlint.document import Document, Span
from auditlint.facts import FactGraph, Relation


def test_compound_growth_is_not_narrowed_by_rounding() -> None:
    # (2 / 1)^(1/2) − 1 = 41.42135623730950488016887242097...%: the rate written to 27 decimals
    # is right, and subtracting 1 from the root's bounds at 28 digits used to round past it
    g = FactGraph()
    at = Span(1, 1, 1, 2)
    rate = g.add_fact(value=Decimal("41.421356237309504880168872421"), decimals=27, unit="%",
                      span=at)
    last = g.add_fact(value=Decimal(2), decimals=40, span=at)
    first = g.add_fact(value=Decimal(1), decimals=40, span=at)
    g.relate(Relation(kind="growth", result=rate.id, operands=[last.id, first.id],
                      params={"form": "cagr", "years": "2"}))
    ctx = CheckContext(document=Document(path="r.txt", format="text", blocks=[], lines=[]),
                       graph=g, path="r.txt")
    assert list(GrowthMismatch().check(ctx)) == []
