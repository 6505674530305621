"""Typed parameters of relations: one model per relation kind, so that a producer and the
check that reads its relation agree on the names and types of what it carries. A relation
still stores its parameters as strings (`Relation.params`, printed by `auditlint facts`);
a model writes them (`as_params`) and reads them back (`of`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditlint.facts import Relation


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "1"


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


class TargetParams(BaseModel):
    """A `target` relation (AL306): an indicator's score against its target and its result.

    With both a numeric target and result, `target`/`actual` are their fact ids and
    `comparator` says which side is good (`bare`: the report wrote none, it was inferred);
    a text target (及时, 可控) carries the verdict its words give in `met` instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    target_text: str
    actual_text: str
    reason: str
    has_reason_column: bool
    target: int | None = None
    actual: int | None = None
    comparator: str | None = None
    bare: bool | None = None
    per_step: Decimal | None = None  # a stated deduction per step short (每降低1个百分点扣0.5分)
    per_points: Decimal | None = None
    met: Literal["yes", "no"] | None = None

    def as_params(self) -> dict[str, str]:
        out = {"name": self.name, "target_text": self.target_text,
               "actual_text": self.actual_text, "reason": self.reason,
               "has_reason_column": "1" if self.has_reason_column else "0"}
        if self.target is not None and self.actual is not None:
            out["target"], out["actual"] = str(self.target), str(self.actual)
            out["comparator"] = self.comparator or ""
            out["bare"] = "1" if self.bare else "0"
            if self.per_step is not None and self.per_points is not None:
                out["per_step"], out["per_points"] = str(self.per_step), str(self.per_points)
        if self.met is not None:
            out["met"] = self.met
        return out

    @classmethod
    def of(cls, rel: Relation) -> TargetParams:
        p = rel.params
        return cls(name=p.get("name", ""), target_text=p.get("target_text", ""),
                   actual_text=p.get("actual_text", ""), reason=p.get("reason", ""),
                   has_reason_column=p.get("has_reason_column") == "1",
                   target=_int(p.get("target")), actual=_int(p.get("actual")),
                   comparator=p.get("comparator") or None, bare=_flag(p.get("bare")),
                   per_step=_decimal(p.get("per_step")), per_points=_decimal(p.get("per_points")),
                   met=p.get("met") or None)  # type: ignore[arg-type]
