"""A report's profile: what checks across reports need of it, kept after its document is let go.

A run over many reports holds one document at a time; checks across reports (AL5xx) run when
all are read. Each report leaves behind its profile: the body, year and kind it says it is,
and the figures another report can state (a standard table's figure for each classification
code, the narrative's labelled amounts) and those it states of another report (a 上年 column,
`比2024年预算增加 …`), each with the place it was written and the line it stands on, so that a
finding can be shown with its code frame.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from auditlint.document import Span

Kind = Literal["budget", "final"]
Level = Literal["department", "unit"]


class Figure(BaseModel):
    """One figure of a report, with where it stands (`source`: the text of its line)."""

    value: Decimal
    decimals: int
    multiplier: Decimal = Decimal(1)
    unit: str | None = None
    text: str = ""
    label: str = ""
    location: str = ""
    span: Span
    source: str = ""

    def same_value(self, other: Figure) -> bool:
        """The same amount exactly, in the base unit (元)."""
        return self.value * self.multiplier == other.value * other.multiplier


class Stated(BaseModel):
    """A figure stated against an earlier report: `current` is this report's, `change` the
    difference stated, or `rate` the percentage (neither for 持平), `sign` +1 增加, −1 减少,
    0 持平; `year` and `basis` say which report it is compared with."""

    label: str
    current: Figure
    change: Figure | None = None
    rate: Figure | None = None
    sign: int
    year: int
    basis: Kind
    initial: bool = False  # the basis is the budget the year began with (年初预算)
    phrase: str = ""  # the comparison as written, for the message


class ReportProfile(BaseModel):
    body: str | None = None
    year: int | None = None
    kind: Kind | None = None
    level: Level | None = None
    title: str = ""
    # standard table name -> classification code -> the table's total for the code
    codes: dict[str, dict[str, Figure]] = Field(default_factory=dict)
    # the same, from columns that state the previous year's budget
    prior_codes: dict[str, dict[str, Figure]] = Field(default_factory=dict)
    # the same, from the 年初预算 columns of final accounts
    initial_codes: dict[str, dict[str, Figure]] = Field(default_factory=dict)
    # standard table name -> the funds it covers (rules/disclosure.toml: general, fiscal …)
    scopes: dict[str, str] = Field(default_factory=dict)
    # `类名/款名/项名` -> a 一般公共预算 expense table's figure for that 项 (by the names of
    # its code's rows), and the 年初预算 a 决算's narrative states for the item
    items: dict[str, Figure] = Field(default_factory=dict)
    initial_items: dict[str, Figure] = Field(default_factory=dict)
    # narrative amounts by their label (years and the body's name cut out)
    named: dict[str, list[Figure]] = Field(default_factory=dict)
    stated: list[Stated] = Field(default_factory=list)

    def describe(self) -> str:
        """`2025 部门 预算 of 上海市…办事处`, for messages and `auditlint facts`."""
        kind = {"budget": "预算", "final": "决算", None: "report"}[self.kind]
        level = {"department": "部门", "unit": "单位", None: ""}[self.level]
        year = f"{self.year} " if self.year else ""
        return f"{year}{level}{kind}" + (f" of {self.body}" if self.body else "")
