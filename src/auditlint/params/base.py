"""The base of typed relation parameters: a model names the fields a relation kind carries
and their types; a relation still stores them as strings (`Relation.params`, printed by
`auditlint facts`). A model writes the fields its producer set, in the order the producer
named them (`as_params`), so what is printed is what the producer said; `of` reads them back,
each string coerced to its field's type, keys the model does not know left aside (a check may
read the fields it shares with several kinds, `Named.of(rel).name`)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict

from auditlint.facts import Relation


def written(value: object) -> str:
    """A field's value as the string a relation stores: flags as 1/0, lists comma-joined."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(written(v) for v in value)
    if isinstance(value, Decimal | int):
        return str(value)
    return str(value)


_NAMES: dict[type, tuple[dict[str, str], frozenset[str]]] = {}
P = TypeVar("P", bound="Params")


def _names(cls: type[Params]) -> tuple[dict[str, str], frozenset[str]]:
    """A model's field names by the name a relation stores (its alias, else itself), and
    every key it reads (aliases and names), worked out once a class: every relation a
    producer writes or a rule reads asks for them."""
    names = _NAMES.get(cls)
    if names is None:
        by = {f.alias or k: k for k, f in cls.model_fields.items()}
        names = _NAMES[cls] = (by, frozenset(by) | frozenset(cls.model_fields))
    return names


class Params(BaseModel):
    """Parameters of one relation kind; a field left None by its producer is not written."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        names = _names(type(self))[0]
        # kept in pydantic's slot for private values, but declared as no private attribute:
        # one makes pydantic run its private-attribute set-up on every model it validates
        # (twice as slow: 30,000 parameter sets a report) and read it through `__getattr__`
        object.__setattr__(self, "__pydantic_private__", {
            "_given": tuple(names.get(k, k) for k, v in data.items() if v is not None)})

    @property
    def _given(self) -> tuple[str, ...]:
        """The fields the producer set (not None), in the order it named them; copies keep
        them (`model_copy`)."""
        private = self.__pydantic_private__
        return private.get("_given", ()) if private else ()

    def __eq__(self, other: object) -> bool:
        """Equal by the values of the fields, whatever order they were given in."""
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = BaseModel.__hash__

    def as_params(self) -> dict[str, str]:
        fields = type(self).model_fields
        return {fields[k].alias or k: written(getattr(self, k)) for k in self._given}

    @classmethod
    def of(cls, rel: Relation) -> Self:
        keys = _names(cls)[1]
        return _read(cls, tuple((k, v) for k, v in rel.params.items() if k in keys))


@lru_cache(maxsize=4096)
def _read(cls: type[P], given: tuple[tuple[str, str], ...]) -> P:
    """A model read from a relation's strings, once for the same strings: a relation's
    parameters are read back by several stages and rules (a table's sums three times), and
    a model is frozen, so the one read can be shared."""
    return cls(**dict(given))


class Named(Params):
    """What every relation that names its subject carries: the name its findings show."""

    name: str | None = None

    def named(self, default: str) -> str:
        return self.name if self.name is not None else default
