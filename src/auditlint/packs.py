"""Rule packs: declarative vocabulary, identities, grade bands and formulas in rules/*.toml.

Loaded once and validated with pydantic, so a typo in a pack is an error at start-up that
names the key, not a silent no-op.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditlint.resources import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Identity(_Strict):
    """`result = sum(plus) - sum(minus)`, each a label synonym group name."""

    name: str
    result: str
    plus: list[str]
    minus: list[str] = Field(default_factory=list)
    scope: str = "any"  # any | paragraph | table | document
    # `plus` terms a report may leave unstated when they are zero (其他收入, 经营收入)
    optional: list[str] = Field(default_factory=list)


class RateDef(_Strict):
    """A named rate: `name = numerator / denominator` (× 100 when written as a percent)."""

    name: list[str]
    numerator: list[str]
    denominator: list[str]
    minus_denominator: bool = False  # (numerator - denominator) / denominator, e.g. 差异率


class Band(_Strict):
    grade: str
    min: Decimal | None = None
    max: Decimal | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False


class TableDef(_Strict):
    """A standard table of 预算/决算 disclosures: the titles it goes by across provinces and
    the funds it covers (`all`, `fiscal` 财政拨款, `general` 一般公共预算, `fund` 政府性基金,
    `capital` 国有资本经营) and the side it lists by code (`income`, `expense`, `both`).
    Tables of one scope and side state the same figure for a code."""

    name: str
    titles: list[str]
    scope: str
    side: Literal["income", "expense", "both"] = "expense"


class RowTableDef(_Strict):
    """A table of one row of figures under a header PDF extraction cannot lay out (the “三公”
    table): it applies when its caption holds one of `caption_words` and its header every
    one of `markers`; `columns` are the paths of its value columns left to right (`三公经费/
    公务用车购置及运行费/小计`), from which the header is built."""

    name: str
    caption_words: list[str]
    markers: list[str] = Field(default_factory=list)
    columns: list[str]


class UnitDef(_Strict):
    """A unit word: its dimension and multiplier to the dimension's base unit (none: a counter
    of things), the characters after which it is part of another word, whether a Chinese
    numeral before it is a count, whether it may follow a "/" of a compound unit."""

    dimension: str | None = None
    multiplier: Decimal = Decimal(1)
    not_before: str = ""
    counter: bool = False
    per: bool = False


class ScaleDef(_Strict):
    multiplier: Decimal
    alone: bool = True  # read as a scale after a number on its own (3.2万), not only in 千元


class QuantityWords(_Strict):
    """The words of a quantity: one list each, for the scanner and the grammar alike."""

    comparators: dict[str, list[str]] = Field(default_factory=dict)  # normalised -> words
    scales: dict[str, ScaleDef] = Field(default_factory=dict)
    units: dict[str, UnitDef] = Field(default_factory=dict)


class PhraseWords(_Strict):
    """Words the clause lexer gives the phrase grammar as tokens (UP, DOWN, FLAT)."""

    up: list[str] = Field(default_factory=list)
    down: list[str] = Field(default_factory=list)
    flat: list[str] = Field(default_factory=list)


class Pack(_Strict):
    name: str = ""
    description: str = ""
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    identities: list[Identity] = Field(default_factory=list)
    rates: list[RateDef] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)
    formulas: dict[str, str] = Field(default_factory=dict)
    extra: dict[str, list[str]] = Field(default_factory=dict)
    tables: list[TableDef] = Field(default_factory=list)
    row_tables: list[RowTableDef] = Field(default_factory=list)
    quantity: QuantityWords | None = None
    phrases: PhraseWords | None = None


class RulePacks(_Strict):
    """All packs merged; later packs extend earlier ones."""

    packs: list[Pack] = Field(default_factory=list)

    def synonyms(self, group: str) -> list[str]:
        out: list[str] = []
        for p in self.packs:
            out.extend(p.synonyms.get(group, []))
        return out

    @property
    def identities(self) -> list[Identity]:
        return [i for p in self.packs for i in p.identities]

    @property
    def rates(self) -> list[RateDef]:
        return [r for p in self.packs for r in p.rates]

    @property
    def bands(self) -> list[Band]:
        for p in reversed(self.packs):
            if p.bands:
                return p.bands
        return []

    @property
    def tables(self) -> list[TableDef]:
        return [t for p in self.packs for t in p.tables]

    @property
    def row_tables(self) -> list[RowTableDef]:
        return [t for p in self.packs for t in p.row_tables]

    def words(self, key: str) -> list[str]:
        return [w for p in self.packs for w in p.extra.get(key, [])]


class PackError(Exception):
    pass


def load_pack(path: Path) -> Pack:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Pack.model_validate(data)
    except FileNotFoundError:
        raise PackError(f"rule pack {path}: no such file") from None
    except OSError as e:  # the reason, not the errno and the path again
        raise PackError(f"rule pack {path}: cannot read ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise PackError(f"rule pack {path}: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise PackError(f"rule pack {path}: {where}: {first['msg']}") from None


_DEFAULT: RulePacks | None = None


def load_packs(extra: list[Path] | None = None) -> RulePacks:
    """The built-in packs of rules/ followed by the user's."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RulePacks(packs=[load_pack(p) for p in sorted(data_dir("rules").glob("*.toml"))])
    if not extra:
        return _DEFAULT
    return RulePacks(packs=[*_DEFAULT.packs, *(load_pack(Path(p)) for p in extra)])
