"""Typed parameters of relations: one model per relation kind, so that a producer and the
check that reads its relation agree on the names and types of what it carries. A relation
still stores its parameters as strings (`Relation.params`, printed by `auditlint facts`);
a model writes them (`as_params`) and reads them back (`of`)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditlint.facts import Relation
from auditlint.links import Place, link


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


class SameAsParams(BaseModel):
    """A `same_as` relation (AL401, AL403): mentions of one subject that must state one value.

    `places` gives each mention's fact id and `Place`, in the order of the relation's facts,
    from which `link` tells how any two of them are linked; `pairs` states the link of two
    fact ids `"a,b"` outright (confidence and reason) where no place tells it; `read_in` the
    cells of tables without a unit and the unit they were read in; `reliable` the one mention
    to trust when two disagree (an indicator's 实际完成值)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    confidence: Literal["exact", "loose"]
    reason: str
    subject: str
    places: list[tuple[int, Place]] = []
    pairs: dict[str, list[str]] = {}
    read_in: list[tuple[int, str]] = []
    reliable: int | None = None

    def as_params(self) -> dict[str, str]:
        out = {"confidence": self.confidence, "reason": self.reason, "subject": self.subject}
        if self.read_in:
            out["read_in"] = ",".join(f"{fid}:{unit}" for fid, unit in self.read_in)
        if self.reliable is not None:
            out["reliable"] = str(self.reliable)
        if self.places:
            out["places"] = json.dumps([[fid, *p.as_list()] for fid, p in self.places],
                                       ensure_ascii=False)
        if self.pairs:
            out["pairs"] = json.dumps(self.pairs, ensure_ascii=False)
        return out

    @classmethod
    def of(cls, rel: Relation) -> SameAsParams:
        p = rel.params
        try:
            pairs = json.loads(p.get("pairs", "{}"))
            places = [(int(x[0]), Place.of_list(x[1:])) for x in json.loads(p.get("places", "[]"))]
        except (ValueError, TypeError, IndexError):
            pairs, places = {}, []
        read_in = [(int(fid), unit) for fid, unit in
                   (x.split(":", 1) for x in p.get("read_in", "").split(",") if ":" in x)]
        return cls(confidence="exact" if p.get("confidence") == "exact" else "loose",
                   reason=p.get("reason", ""), subject=p.get("subject", ""), places=places,
                   pairs=pairs, read_in=read_in, reliable=_int(p.get("reliable")))

    @cached_property
    def _index(self) -> dict[int, int]:
        """Each fact's position among the places: a link is read from the earlier one."""
        return {fid: i for i, (fid, _) in enumerate(self.places)}

    def link(self, a: int, b: int) -> tuple[str, str] | None:
        """The confidence and reason of the link between two of its facts."""
        found = self.pairs.get(f"{a},{b}") or self.pairs.get(f"{b},{a}")
        if found:
            return str(found[0]), str(found[1])
        at = self._index
        if a not in at or b not in at or a == b:
            return None
        first, second = sorted((at[a], at[b]))
        made = link(self.places[first][1], self.places[second][1])
        return (made.confidence, made.reason) if made is not None else None
