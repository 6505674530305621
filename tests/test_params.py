"""Relation parameters go through their typed models (auditlint.params): producers in extract/
and checks in checks/ never write a params dict literal nor read `params.get`/`params[...]`."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from auditlint.facts import Relation
from auditlint.params import (
    CountParams,
    GrowthParams,
    Named,
    RateParams,
    RowNumberParams,
    SameAsParams,
    SumParams,
    TotalParams,
    WordingParams,
)

SRC = Path(__file__).resolve().parent.parent / "src" / "auditlint"
_UNTYPED = re.compile(r"params\s*=\s*\{|params\s*\[|params\.get\(|params\.(?:update|setdefault)\(")


@pytest.mark.parametrize("stage", ["extract", "checks"])
def test_params_are_read_and_written_only_through_their_models(stage: str) -> None:
    found = [f"{path.relative_to(SRC)}:{n}: {line.strip()}"
             for path in sorted((SRC / stage).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _UNTYPED.search(line)]
    assert not found, "\n".join(found)


def test_fields_are_written_in_the_order_the_producer_names_them() -> None:
    assert list(GrowthParams(direction="decrease", rate_direction="increase",
                             name="g").as_params()) == ["direction", "rate_direction", "name"]
    assert list(GrowthParams(form="values", name="g", narrative=True, rate_direction="increase",
                             current="c", previous="p").as_params()) == \
        ["form", "name", "narrative", "rate_direction", "current", "previous"]
    assert list(SameAsParams(subject="s", reason="r", confidence="exact",
                             reliable=4).as_params()) == ["subject", "reason", "confidence",
                                                          "reliable"]


def test_a_field_left_none_is_not_written() -> None:
    assert SumParams(name="n", bound=None).as_params() == {"name": "n"}
    assert SumParams(signs="+-", name="n", bound="at_most").as_params() == \
        {"signs": "+-", "name": "n", "bound": "at_most"}


def test_the_fields_given_are_kept_apart_from_pydantic_and_through_copies() -> None:
    """What the producer set is no pydantic private attribute (one doubles the cost of every
    parameter set); a copy writes what its original was given, a model built without
    `__init__` nothing."""
    assert not SumParams.__private_attributes__
    given = SumParams(signs="+-", name="n")
    assert given.model_copy(update={"bound": "at_most"}).as_params() == {"signs": "+-", "name": "n"}
    assert SumParams.model_construct(name="n").as_params() == {}
    assert given == SumParams(name="n", signs="+-") and hash(given) == hash(SumParams(name="n", signs="+-"))


@pytest.mark.parametrize("model", [
    RateParams(form="diff", percent=True, name="r", numerator="a", denominator="b"),
    GrowthParams(form="cagr", name="g", last="l", first="f", years=3),
    CountParams(counted=3, readings=[2, 3], items="a、b", noun="个", basis="listed"),
    WordingParams(check="name", own="x（项）", other="y", class_="z"),
    RowNumberParams(expected=Decimal(4), label="l", column="行次", twin="t"),
    TotalParams(name="总分", note=""),
])
def test_a_model_reads_back_what_it_wrote(model: object) -> None:
    written = model.as_params()  # type: ignore[attr-defined]
    back = type(model).of(Relation(kind="count", params=written))  # type: ignore[attr-defined]
    assert back == model
    assert back.as_params() == written


def test_strings_read_back_as_their_types() -> None:
    p = GrowthParams.of(Relation(kind="growth", params={"form": "values", "narrative": "1",
                                                        "years": "4"}))
    assert p.narrative is True and p.years == 4 and p.current == "current"
    c = CountParams.of(Relation(kind="count", params={"counted": "5", "readings": "5,x,6"}))
    assert c.readings == [5, 6] and c.basis == "items counted"
    assert WordingParams(check="name", class_="c").as_params() == {"check": "name", "class": "c"}


def test_a_check_reads_the_name_whatever_the_kind() -> None:
    rel = Relation(kind="share", params={"name": "share of x"})
    assert Named.of(rel).named("rate") == "share of x"
    assert Named.of(Relation(kind="rate")).named("rate") == "rate"
