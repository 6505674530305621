"""Parameters of a `same_as` relation: mentions of one subject that must state one value."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Literal

from pydantic import Field

from auditlint.facts import Relation
from auditlint.links import Place, link
from auditlint.params.base import Params

_BASE = ("confidence", "reason", "subject")


def _int(value: str | None) -> int | None:
    return int(value) if value else None


class SameAsParams(Params):
    """A `same_as` relation (AL401, AL403): mentions of one subject that must state one value.

    `places` gives each mention's fact id and `Place`, in the order of the relation's facts,
    from which `link` tells how any two of them are linked; `pairs` states the link of two
    fact ids `"a,b"` outright (confidence and reason) where no place tells it; `read_in` the
    cells of tables without a unit and the unit they were read in; `reliable` the one mention
    to trust when two disagree (an indicator's 实际完成值)."""

    confidence: Literal["exact", "loose"]
    reason: str
    subject: str
    places: list[tuple[int, Place]] = Field(default_factory=list)
    pairs: dict[str, list[str]] = Field(default_factory=dict)
    read_in: list[tuple[int, str]] = Field(default_factory=list)
    reliable: int | None = None

    def as_params(self) -> dict[str, str]:
        given = [k for k in self._given if k in _BASE] or list(_BASE)
        out = {k: str(getattr(self, k)) for k in given}
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
