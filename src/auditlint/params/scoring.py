"""Parameters of the scoring kinds: target and standard_score (AL306), grade (AL304),
exec_score (AL305)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditlint.facts import Relation
from auditlint.params.base import Params


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
    # a per-unit deduction of a count or amount (每少1次扣1分, 每超支1万元扣0.5分): the side of
    # the target it counts ("short" or "over") and its unit; None: per percentage point
    per_side: Literal["short", "over"] | None = None
    per_unit: str | None = None
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
                if self.per_side is not None:
                    out["per_side"], out["per_unit"] = self.per_side, self.per_unit or ""
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
                   per_side=p.get("per_side") or None,  # type: ignore[arg-type]
                   per_unit=p.get("per_unit") or None,
                   met=p.get("met") or None)  # type: ignore[arg-type]


class StandardParams(BaseModel):
    """A `standard_score` relation (AL306): a score against its stated 评分标准 read as a rule
    (`rule`, auditlint.standards.Standard as JSON) and the values the row can be read to measure
    (`readings`: JSON [[lo, hi, how], …], every reading the report allows)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    standard: str
    rule: str
    readings: str

    def as_params(self) -> dict[str, str]:
        return {"name": self.name, "standard": self.standard, "rule": self.rule,
                "readings": self.readings}

    @classmethod
    def of(cls, rel: Relation) -> StandardParams:
        p = rel.params
        return cls(name=p.get("name", ""), standard=p.get("standard", ""),
                   rule=p.get("rule", "{}"), readings=p.get("readings", "[]"))

    def measured(self) -> list[tuple[Decimal, Decimal, str]]:
        return [(Decimal(lo), Decimal(hi), how) for lo, hi, how in json.loads(self.readings)]


class GradeParams(Params):
    """A `grade` relation (AL304), by `mode`: `grade`, a stated `grade` against the score's
    band in `bands` (JSON, auditlint.bands; `classes` JSON of grade words by class); `bands`,
    bands with gaps or overlaps; `conflict`, two statements of the bands (`other_bands`)."""

    mode: Literal["grade", "bands", "conflict"] = "grade"
    grade: str = ""
    bands: str = "[]"
    other_bands: str = "[]"
    classes: str = "{}"


class ExecScoreParams(Params):
    """An `exec_score` relation (AL305): a 资金执行率 line against the pack's `formulas` (JSON
    by name), and the one the report `stated` (by name) and where (`stated_at`), if any."""

    formulas: str = "{}"
    stated: str | None = None
    stated_at: str | None = None
