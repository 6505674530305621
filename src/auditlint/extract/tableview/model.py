"""What a table view is: columns with roles, rows with their nesting, panels, and cell values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from auditlint.document import Table
from auditlint.extract.quantity import Quantity, parse_cell
from auditlint.extract.tableview.text import PLAIN_NUMBER, norm, norm_header

ROLES = ("label", "code", "amount", "weight", "score", "rate", "score_rate", "target", "actual",
         "percent", "count", "reason", "text", "seq")
# roles whose cells are numbers that may be added up by a total row
SUMMABLE = (None, "amount", "weight", "score", "count")
NON_VALUE = ("label", "code", "seq", "text", "reason")


@dataclass
class Column:
    index: int
    header: str  # multi-row header joined with "/", e.g. "年初结转和结余/合计"
    role: str | None  # one of ROLES, None when neither header nor cells tell
    unit: str | None  # 万元/元/% from the header "(万元)" or the table's unit line
    path: tuple[str, ...] = ()  # the header cells top to bottom
    total: bool = False  # the header names a total (合计, 收入合计, 小计)
    subset: bool = False  # the header starts with 其中: a part, not a complete breakdown
    number: int | None = None  # its number in a 栏次 row


@dataclass
class Row:
    index: int  # grid row index in Table.rows
    label: str  # the row's own label (last non-empty label cell)
    path: tuple[str, ...]  # label cells left to right, merged parents included
    is_total: bool  # a 合计/总计/小计/总分/xx指标得分 row
    total_word: str | None
    code: str | None  # classification code (208, 20805, 2080505, "204 06 01") when present
    subset: bool = False  # a 其中 row: part of the row above (or of the total below)
    level: int | None = None  # numbering level: 一、1 （一）2 1. 3 （1）4 ① 5
    numbering: str = ""  # `一、` from a 序号 column, when the label itself is not numbered
    labels: dict[int, str] = field(default_factory=dict)  # label column -> text (merged filled)
    shifted: bool = False  # its numbers stand in columns without a header: misaligned, unused
    # its value cells stand this many columns right (+) or left (-) of their headers: the
    # value of column c is in grid column c + offset (a row realigned, see `realign`)
    offset: int = 0

    @property
    def code_digits(self) -> str | None:
        return re.sub(r"\s", "", self.code) if self.code else None


@dataclass
class Panel:
    """Label columns and the value columns they label. Side-by-side tables (收入 | 支出 of a
    收支总表) have one panel per side; most tables have one."""

    label_cols: list[int]
    value_cols: list[int]
    # the code columns before its first value column that form its code (`类 款 项` under
    # one header; a second code column under another header, `单位编码`, is not part of it)
    code_cols: list[int] = field(default_factory=list)
    # further code columns of other systems (`单位编码` beside `科目编码`), one list each
    more_codes: list[list[int]] = field(default_factory=list)


@dataclass
class TableView:
    table: Table
    header_rows: int
    columns: list[Column]
    rows: list[Row]  # data rows (after header rows), empty rows left out
    kind: str  # budget | scoring | selfeval_funds | selfeval_indicators | other | form
    unit: str | None
    start: int = 0  # first grid row of the block (its header included)
    end: int = 0  # one past its last grid row
    panels: list[Panel] = field(default_factory=list)
    formulas: list[tuple[int, list[tuple[str, int]]]] = field(default_factory=list)
    blocks: list[TableView] = field(default_factory=list, repr=False)
    facts: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)
    # a figure spread over several value columns of its row, one of which holds it, the
    # others empty (a reader could not tell which): (row, each column) -> (fact id, columns)
    spread: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = field(default_factory=dict,
                                                                        repr=False)

    def fact(self, row: int, col: int) -> int | None:
        """The fact id of the numeric cell at grid (row, col), None when it holds no number."""
        return self.facts.get((row, col))

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def row(self, index: int) -> Row | None:
        return next((r for r in self.rows if r.index == index), None)

    def value(self, row: int, col: int) -> CellValue:
        """What the cell of `row` read in column `col` holds (a realigned row's cell stands
        `offset` columns away)."""
        r = self.row(row)
        c = col + (r.offset if r is not None and col >= self.first_value() else 0)
        if not 0 <= c < self.table.n_cols:
            return CellValue("empty")
        return cell_value(self.table.text(row, c))

    def first_value(self) -> int:
        """The first value column: a realigned row moves only the cells from here on."""
        return first_value_column(self.columns)


# ---------------------------------------------------------------------------------------------
# cells


@dataclass(frozen=True)
class CellValue:
    """What a cell holds: nothing, a dash standing for nothing, a number, or text."""

    kind: str  # empty | dash | number | text
    quantity: Quantity | None = None

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


@cache
def _dashes() -> frozenset[str]:
    """The cells standing for nothing (`empty_cells` of rules/tables.toml), read once."""
    from auditlint.packs import load_packs

    return frozenset(norm(w) for w in load_packs().words("empty_cells") if norm(w))


@lru_cache(maxsize=16384)
def cell_value(text: str) -> CellValue:
    t = norm(text)
    if not t:
        return CellValue("empty")
    if t in _dashes():
        return CellValue("dash")
    if PLAIN_NUMBER.match(t):
        # a bare number in a table is a value even when it looks like a year (2000 元)
        raw = t.replace(",", "").replace("－", "-")
        try:
            value = Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return CellValue("text")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return CellValue("number", Quantity(value=value, decimals=decimals, unit=None, scale=None,
                                            comparator=None, start=0, end=len(t), text=t))
    q = parse_cell(t)
    if q is not None:
        return CellValue("number", q)
    return CellValue("text")


def same_code(a: Column, b: Column) -> bool:
    """Two adjacent code columns that write one code: under one header (`科目编码` over `类
    款 项`, or merged over both) or headed 类, 款, 项."""
    parts = {"类", "款", "项"}
    return a.path[:1] == b.path[:1] or not a.path or not b.path \
        or {norm_header(a.path[-1]), norm_header(b.path[-1])} <= parts


def first_value_column(columns: list[Column]) -> int:
    return min((c.index for c in columns if c.role not in NON_VALUE and c.header),
               default=len(columns))
