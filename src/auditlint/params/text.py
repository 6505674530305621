"""Parameters of the kinds about counts, units, wording and disclosure tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from auditlint.params.base import Params


class CountParams(Params):
    """A `count` relation (AL402): a stated count against the `counted` items (`items`, listed
    as the report gives them) of its `basis`; `readings` every count the items allow."""

    counted: int = 0
    readings: list[int] = Field(default_factory=list)
    items: str = ""
    noun: str | None = None
    basis: str = "items counted"

    @field_validator("readings", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(r) for r in value.split(",") if r.isascii() and r.isdigit()]
        return value


class UnitParams(Params):
    """A `unit` relation (AL403): a unit that cannot be the amount's (`problem`), and the one
    `expected` of the `subject`."""

    problem: Literal["year-unit-on-amount"] | None = None
    expected: str = "万元"
    subject: str = "amount"


class WordingParams(Params):
    """A `wording` relation (AL601, AL602), by its `check`: `direction`, a change whose
    `reason` says the opposite `word` of the `stated` one; `copied`, the reason of item `own`
    naming `other`, another item; `name`, an item `own` under `class` with no such row (its
    row with this amount is `other`); `code_name`, a table row of `code` named `own`, the
    name of the code `word`, where the 政府收支分类科目 name `code` `other`;
    `earlier_name`, a row of `code` named `own`, the name `code` had up to the year
    `stated`, in a report of a year from `word` on, when its name is `other`."""

    check: Literal["direction", "copied", "name", "code_name", "earlier_name"]
    reason: str = ""
    word: str | None = None
    stated: str | None = None
    own: str | None = None
    other: str | None = None
    class_: str | None = Field(default=None, alias="class")
    code: str | None = None


class EmptyTableParams(Params):
    """An `empty_table` relation (AL701): the `note` in `line` says the table is empty."""

    note: str = ""
    line: int | None = None


class RowNumberParams(Params):
    """A `row_number` relation (AL702): the row `label` numbers `column` out of its run where
    `expected` belongs; `twin` the row whose number it repeats."""

    expected: Decimal
    label: str
    column: str
    twin: str | None = None
