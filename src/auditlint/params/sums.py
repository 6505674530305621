"""Parameters of the sum kinds (table_sum, parts_sum, identity; weight_sum, score_sum) and
of a score against its weight (score_cap)."""

from __future__ import annotations

from typing import Literal

from auditlint.params.base import Named


class SumParams(Named):
    """A `table_sum`, `parts_sum` or `identity` relation (AL101–AL103): the result is the
    signed sum of its operands (`signs`, one + or − each, all + when empty); `bound` at_most
    when the parts may be incomplete (主要/等, a subset of rows), so they cannot exceed it."""

    signs: str = ""
    bound: Literal["at_most"] | None = None
    # a 其中 list that may name only some of the parts: below its total it is a warning
    partial: bool | None = None

    def signs_for(self, n: int) -> str:
        return self.signs or "+" * n

    @property
    def at_most(self) -> bool:
        return self.bound == "at_most"


class TotalParams(SumParams):
    """A `weight_sum` or `score_sum` relation (AL302, AL303): a sum, or with one operand the
    same value stated elsewhere (`role` says where); `note` is added to its finding."""

    role: str | None = None
    note: str | None = None


class ScoreCapParams(Named):
    """A `score_cap` relation (AL301): a score cannot exceed its weight; `score`/`weight` are
    the words the report uses for them."""

    name: str = ""
    weight: str = "分值"
    score: str = "得分"
