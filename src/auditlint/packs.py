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


class Balance(_Strict):
    """Groups of a form that each split the same whole (部门预算支出 by kind, 收入来源, 按预算
    级次划分): the rows under each group add up to the same sum. Each group is a label synonym
    group name (its own name when the pack gives it no synonyms)."""

    name: str
    groups: list[str]


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
    Tables of one scope and side state the same figure for a code. `part` names the part of
    the expenditure a table lists alone (基本支出): its rows are that part's, not the whole's."""

    name: str
    titles: list[str]
    scope: str
    side: Literal["income", "expense", "both"] = "expense"
    part: str = ""


class RowTableDef(_Strict):
    """A table of one row of figures under a header PDF extraction cannot lay out (the “三公”
    table): it applies when its caption holds one of `caption_words` and its header every
    one of `markers`; `columns` are the paths of its value columns left to right (`三公经费/
    公务用车购置及运行费/小计`), from which the header is built; `max_dropped`: how many
    empty cells the row may have lost (a wide table of sources, most of them empty, loses
    many)."""

    name: str
    caption_words: list[str]
    markers: list[str] = Field(default_factory=list)
    columns: list[str]
    max_dropped: int = 2


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
    """Words the clause lexer gives the phrase grammar as tokens (UP, DOWN, FLAT, LEAD)."""

    up: list[str] = Field(default_factory=list)
    down: list[str] = Field(default_factory=list)
    flat: list[str] = Field(default_factory=list)
    # LEAD: list openers at a clause's start (其中, 包括); `each` also anywhere (分别为);
    # `subset` the openers whose items are parts of a total (其中 A, B; not 主要用于)
    lead: list[str] = Field(default_factory=list)
    each: list[str] = Field(default_factory=list)
    subset: list[str] = Field(default_factory=list)


ColumnKind = Literal["l1", "l2", "l3", "target", "basis", "actual", "weight", "score"]


class FormWords(_Strict):
    """The words of a 项目支出绩效自评表 flattened by PDF extraction (`[form]` of
    rules/scoring.toml): the column names of its indicator and funds blocks, and the category
    labels of its 一级 and 二级 indicators."""

    columns: dict[str, ColumnKind] = Field(default_factory=dict)  # indicator column -> kind
    value_headers: list[str] = Field(default_factory=list)  # names of value columns
    label_headers: list[str] = Field(default_factory=list)  # names of label columns
    l1: list[str] = Field(default_factory=list)  # 一级指标 labels
    l2: list[str] = Field(default_factory=list)  # 二级指标 labels
    category_inside: list[str] = Field(default_factory=list)  # a label holding one is a category


TotalRole = Literal["rows", "group", "score", "whole"]


class Renamed(_Strict):
    """A name a code had in an earlier year's 政府收支分类科目: used up to `until`, the
    current name surely in use from `since` (a report of a year in between is not judged)."""

    code: str
    name: str
    until: int
    since: int


class Classification(_Strict):
    """The names of the 政府收支分类科目 by code (`[classification]` of
    rules/classification.toml): function codes (2xx…) and economic codes (3xx…, 5xx…)."""

    source: str = ""
    levels: dict[str, int] = Field(default_factory=dict)  # 类 -> digits of its codes
    function: dict[str, str] = Field(default_factory=dict)
    economic: dict[str, str] = Field(default_factory=dict)
    renamed: list[Renamed] = Field(default_factory=list)
    # the shorter names a report's text calls a code by (`机关事业单位职业年金（项）` for 2080506)
    short_names: dict[str, list[str]] = Field(default_factory=dict)


class Pack(_Strict):
    name: str = ""
    description: str = ""
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    identities: list[Identity] = Field(default_factory=list)
    balances: list[Balance] = Field(default_factory=list)
    rates: list[RateDef] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)
    formulas: dict[str, str] = Field(default_factory=dict)
    extra: dict[str, list[str]] = Field(default_factory=dict)
    tables: list[TableDef] = Field(default_factory=list)
    row_tables: list[RowTableDef] = Field(default_factory=list)
    quantity: QuantityWords | None = None
    phrases: PhraseWords | None = None
    form: FormWords | None = None
    classification: Classification | None = None
    # total word -> what it totals (`[totals]` of rules/tables.toml, the one list of them)
    totals: dict[str, list[TotalRole]] = Field(default_factory=dict)


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
    def balances(self) -> list[Balance]:
        return [b for p in self.packs for b in p.balances]

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

    def form(self) -> FormWords:
        """The 自评表 form words of every pack, merged."""
        out = FormWords()
        for p in self.packs:
            if p.form is None:
                continue
            out.columns.update(p.form.columns)
            for key in ("value_headers", "label_headers", "l1", "l2", "category_inside"):
                getattr(out, key).extend(w for w in getattr(p.form, key)
                                         if w not in getattr(out, key))
        return out

    def classification(self) -> Classification:
        """The 政府收支分类科目 names of every pack, merged (a later pack's name wins)."""
        out = Classification()
        for p in self.packs:
            if (c := p.classification) is not None:
                out.source = "; ".join(x for x in (out.source, c.source) if x)
                out.levels.update(c.levels)
                out.function.update(c.function)
                out.economic.update(c.economic)
                out.renamed.extend(c.renamed)
                for code, names in c.short_names.items():
                    out.short_names.setdefault(code, []).extend(names)
        return out

    def totals(self, role: TotalRole) -> tuple[str, ...]:
        """The total words of one role (`[totals]` of rules/tables.toml), in the packs' order."""
        out: list[str] = []
        for p in self.packs:
            out.extend(w for w, roles in p.totals.items() if role in roles and w not in out)
        return tuple(out)


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
