"""Table interpretation: which rows are headers, what each column holds, how the rows nest.

A reader gives a grid of cells; the checks need to know that column 5 is `全年执行数` in 万元,
that row 9 is the `合计` of rows 2–8, that `投入（20 分）` is the parent of the three rows
beside it. `view_of` works that out once per table (cached in `ExtractContext.table_views`)
from the header vocabulary of `rules/tables.toml`, merged cells, 栏次 rows, numbering
(`一、` `（一）` `1.`) and classification codes; the table stage and the scoring stage both
read the resulting `TableView` instead of the raw grid.

A table that holds several blocks with headers of their own (a 自评表: a funds block, then an
indicator block) gives one view per block: `views_of` lists them, `view_of` returns the whole
(kind "form", its blocks in `blocks`) or the single block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity, parse_cell
from auditlint.packs import RulePacks

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
    labels: dict[int, str] = field(default_factory=dict)  # label column -> text (merged filled)
    shifted: bool = False  # its numbers stand in columns without a header: misaligned, unused
    # its value cells stand this many columns right (+) or left (-) of their headers: the
    # value of column c is in grid column c + offset (a row realigned, see `_realign`)
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
        return _first_value(self.columns)


def view_of(ctx: ExtractContext, table: Table) -> TableView:
    """The interpretation of `table`, computed once per document."""
    view = ctx.table_views.get(table.index)
    if view is None:
        view = interpret(table, ctx.packs)
        ctx.table_views[table.index] = view
    return view


def views_of(ctx: ExtractContext, table: Table) -> list[TableView]:
    """The blocks of `table`, each a view with its own header (one for most tables)."""
    return view_of(ctx, table).blocks


# ---------------------------------------------------------------------------------------------
# vocabulary


@dataclass(frozen=True)
class Vocabulary:
    exact: dict[str, str]  # normalised header -> role
    contains_rate: tuple[str, ...]
    contains_reason: tuple[str, ...]
    contains_amount: tuple[str, ...]
    total_suffixes: tuple[str, ...]
    score_total_suffixes: tuple[str, ...]
    subset_prefixes: tuple[str, ...]
    rest_prefixes: tuple[str, ...]
    empty_cells: frozenset[str]


_GROUP_ROLE = [  # order: earlier groups win a header listed twice
    ("header_seq", "seq"), ("header_code", "code"), ("header_score_rate", "score_rate"),
    ("header_reason", "reason"), ("weight", "weight"), ("score", "score"),
    ("rate_exec", "rate"), ("header_target", "target"), ("header_actual", "actual"),
    ("header_percent", "percent"), ("header_count", "count"), ("header_label", "label"),
    ("budget_initial", "amount"), ("budget_full", "amount"), ("executed", "amount"),
    ("total", "amount"),
]


_VOCABS: dict[int, tuple[RulePacks, Vocabulary]] = {}


def vocabulary(packs: RulePacks) -> Vocabulary:
    """The table vocabulary of a set of packs (built once per packs object)."""
    cached = _VOCABS.get(id(packs))
    if cached is not None and cached[0] is packs:
        return cached[1]
    vocab = _build_vocabulary(packs)
    _VOCABS[id(packs)] = (packs, vocab)
    return vocab


def _build_vocabulary(packs: RulePacks) -> Vocabulary:
    exact: dict[str, str] = {}
    for group, role in _GROUP_ROLE:
        for word in packs.synonyms(group):
            exact.setdefault(norm_header(word), role)

    def words(key: str) -> tuple[str, ...]:
        return tuple(norm(w) for w in packs.words(key) if norm(w))

    def syn(key: str) -> tuple[str, ...]:
        return tuple(norm_header(w) for w in packs.synonyms(key) if norm_header(w))

    return Vocabulary(
        exact=exact, contains_rate=syn("contains_rate"), contains_reason=syn("contains_reason"),
        contains_amount=syn("contains_amount"), total_suffixes=words("total_suffixes"),
        score_total_suffixes=words("score_total_suffixes"),
        subset_prefixes=tuple(w for w in packs.words("subset_prefixes")),
        rest_prefixes=words("rest_prefixes"),
        empty_cells=frozenset(w.strip() for w in packs.words("empty_cells")) | {""},
    )


# ---------------------------------------------------------------------------------------------
# text helpers

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_UNIT_IN_BRACKETS = re.compile(
    r"[（(]\s*(?:(?:金额)?单位\s*[:：]\s*)?(万元|亿元|千元|元|%|％|分|人次|万人|人|个|项|次)\s*[)）]")
_UNIT_LINE = re.compile(r"(万元|亿元|千元|元)")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}年度?|本年|上年|当年|本期)")
_LANCI_FORMULA = re.compile(r"^(\d+)\s*[=＝]\s*(\d+(?:\s*[+\-－＋]\s*\d+)+)$")
_NUMBERING = [
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^\d{1,2}[、.．](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,2}[)）]"), 4),
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 5),
]
_WEIGHT_ONLY = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
_CODE_CELL = re.compile(r"^\[?(\d{3}(?:\s?\d{2}){0,3})\]?$")
_CODE_PREFIX = re.compile(r"^\[?(\d{3}(?:\s?\d{2}){0,3})\]?\s*(?=[\u4e00-\u9fff])(?![年万元个人项次期])")
_PLAIN_NUMBER = re.compile(r"^[-－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def norm(text: str) -> str:
    """Text without spaces (headers and labels are compared this way)."""
    return _SPACES.sub("", text)


def norm_header(text: str) -> str:
    """A header without spaces, its unit in brackets and a leading year (`2023年预算` -> 预算)."""
    t = _UNIT_IN_BRACKETS.sub("", norm(text))
    t = re.sub(r"^(?:金额|单位)[:：].*$", "", t)
    t = _YEAR_PREFIX.sub("", t)
    return t.strip("：:")


def header_unit(text: str) -> str | None:
    m = _UNIT_IN_BRACKETS.search(norm(text))
    if not m:
        return None
    return "%" if m.group(1) == "％" else m.group(1)


def unit_of_line(text: str | None) -> str | None:
    """万元/元/... of a unit line (`单位：万元`, `金额：元`)."""
    if not text:
        return None
    m = _UNIT_LINE.search(text)
    return m.group(1) if m else None


def numbering_level(label: str) -> int | None:
    t = norm(label)
    for pattern, level in _NUMBERING:
        if pattern.match(t):
            return level
    return None


def strip_numbering(label: str) -> str:
    t = norm(label)
    for pattern, _ in _NUMBERING:
        t = pattern.sub("", t, count=1)
    return t


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


_DASHES = frozenset({"-", "—", "——", "－", "--", "/", "／", "无", "\\", "…", "－－", "×", "―"})


@lru_cache(maxsize=16384)
def cell_value(text: str) -> CellValue:
    t = norm(text)
    if not t:
        return CellValue("empty")
    if t in _DASHES:
        return CellValue("dash")
    if _PLAIN_NUMBER.match(t):
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


# ---------------------------------------------------------------------------------------------
# interpretation


class _Grid:
    """Cell texts of a table, merged copies resolved to their origin's text."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.n_rows = table.n_rows
        self.n_cols = table.n_cols

    def own(self, r: int, c: int) -> str:
        """The text standing in this cell ('' for the copies of a merged cell)."""
        cell = self.table.cell(r, c)
        if cell is None or cell.merged:
            return ""
        return cell.text.text.strip()

    def eff(self, r: int, c: int) -> str:
        """The text this cell shows (a merged cell's text at each position it covers)."""
        cell = self.table.cell(r, c)
        if cell is None:
            return ""
        if cell.merged and cell.origin is not None:
            origin = self.table.cell(*cell.origin)
            return origin.text.text.strip() if origin else ""
        return cell.text.text.strip()

    def merged(self, r: int, c: int) -> bool:
        cell = self.table.cell(r, c)
        return bool(cell and cell.merged)

    def values(self, r: int) -> list[CellValue]:
        return [cell_value(self.own(r, c)) for c in range(self.n_cols)]

    def empty_row(self, r: int) -> bool:
        return all(not norm(self.eff(r, c)) for c in range(self.n_cols))


def interpret(table: Table, packs: RulePacks) -> TableView:
    """Interpret a table: its blocks, each with headers, column roles and row hierarchy."""
    vocab = vocabulary(packs)
    grid = _Grid(table)
    starts = _block_starts(grid, vocab)
    blocks: list[TableView] = []
    facts: dict[tuple[int, int], int] = {}
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else grid.n_rows
        block = _interpret_block(grid, vocab, start, end, first=i == 0)
        block.facts = facts
        blocks.append(block)
    if not blocks:
        blocks = [TableView(table=table, header_rows=0, columns=[], rows=[], kind="other",
                            unit=unit_of_line(table.unit), facts=facts)]
    if len(blocks) == 1:
        view = blocks[0]
        view.blocks = [view]
        return view
    return TableView(
        table=table, header_rows=0,
        columns=[Column(index=c, header="", role=None, unit=None) for c in range(grid.n_cols)],
        rows=[], kind="form", unit=unit_of_line(table.unit), start=0, end=grid.n_rows,
        blocks=blocks, facts=facts)


def _header_hits(grid: _Grid, vocab: Vocabulary, r: int) -> int:
    """How many cells of row r are header words."""
    hits = 0
    seen: set[str] = set()
    for c in range(grid.n_cols):
        t = grid.own(r, c)
        if not t:
            continue
        h = norm_header(t)
        if h in seen or len(h) > 16:  # a sentence is not a header, whatever words it holds
            continue
        seen.add(h)
        if _role_by_header(h, vocab) is not None or norm(t) in vocab.total_suffixes:
            hits += 1
    return hits


def _has_data_number(grid: _Grid, r: int) -> bool:
    return any(v.is_number for v in grid.values(r))


def _is_lanci_row(grid: _Grid, r: int) -> bool:
    """`栏次 1 2 3 ...` or a row of column numbers and formulas (`7=1+2+3`)."""
    texts = [norm(grid.own(r, c)) for c in range(grid.n_cols)]
    texts = [t for t in texts if t]
    if not texts:
        return False
    numbers = [t for t in texts if (t.isascii() and t.isdigit()) or _LANCI_FORMULA.match(t)]
    if any(t in ("栏次", "行次", "栏号") for t in texts):
        return len(numbers) >= 2
    plain = [int(t) for t in texts if (t.isascii() and t.isdigit())]
    if len(numbers) != len(texts) or len(texts) < 3:
        return False
    if any(_LANCI_FORMULA.match(t) for t in texts):
        return plain == list(range(1, len(plain) + 1))
    # only the numbers 1, 2, 3 ... in order (`1 | 2 | 3 | 4` under the headers): a data row
    # has a label, and reading one as a header leaves it unchecked, never misread
    return plain == list(range(plain[0], plain[0] + len(plain))) and \
        (plain[0] == 1 or len(plain) >= 4)


def _header_like(grid: _Grid, vocab: Vocabulary, r: int, first: bool) -> bool:
    if _is_lanci_row(grid, r):
        return True
    if _has_data_number(grid, r):
        return False
    own = [c for c in range(grid.n_cols) if grid.own(r, c)]
    if first:
        return _header_hits(grid, vocab, r) >= 1
    return len(own) >= 2 and _header_hits(grid, vocab, r) >= 1


def _block_starts(grid: _Grid, vocab: Vocabulary) -> list[int]:
    """Rows where a block begins: the table's top, and each later row that is clearly a
    header of its own (two header words, no numbers) and does not continue the header rows
    just above it (a multi-row header)."""
    if grid.n_rows == 0:
        return []
    starts = [0]
    for r in range(1, grid.n_rows):
        if _has_data_number(grid, r) or _header_hits(grid, vocab, r) < 2:
            continue
        if any(numbering_level(grid.own(r, c)) for c in range(grid.n_cols)):
            continue  # `二、政府性基金收入 | | 二、外交支出 |`: numbered items, no header
        above = r - 1
        while above > starts[-1] and grid.empty_row(above):
            above -= 1
        if above >= starts[-1] and _header_like(grid, vocab, above, first=above == starts[-1]) \
                and _header_run(grid, vocab, starts[-1], above):
            continue  # the second row of a multi-row header
        starts.append(r)
    return starts


def _header_run(grid: _Grid, vocab: Vocabulary, start: int, row: int) -> bool:
    """Whether rows start..row are all header-like (so a header row below continues them)."""
    return all(grid.empty_row(r) or _header_like(grid, vocab, r, first=r == start)
               for r in range(start, row + 1))


def _interpret_block(grid: _Grid, vocab: Vocabulary, start: int, end: int,
                     first: bool) -> TableView:
    table = grid.table
    # header rows: leading rows that are header-like (rows before a first header of a form,
    # such as 项目名称 / 主管部门 lines, are kept as text rows)
    h = 0
    while start + h < end and h < 5:
        r = start + h
        if grid.empty_row(r) and h:
            h += 1
            continue
        if not _header_like(grid, vocab, r, first=h == 0):
            break
        h += 1
    if h == 0 and first and table.header_rows > 0:
        h = min(table.header_rows, end - start)
    header_range = range(start, start + h)
    lanci = [r for r in header_range if _is_lanci_row(grid, r)]
    columns = _columns(grid, vocab, header_range, lanci)
    table_unit = unit_of_line(table.unit) or _unit_from_headers(grid, header_range) \
        or unit_of_line(_caption_unit(table.caption))
    data = [r for r in range(start + h, end) if not grid.empty_row(r)]
    _assign_roles(grid, vocab, columns, data)
    for col in columns:
        if col.unit is None and col.role in ("amount", None) and table_unit:
            col.unit = table_unit
        if col.unit is None and col.role in ("rate", "score_rate", "percent"):
            col.unit = "%"
    panels = _panels(columns)
    rows = _rows(grid, vocab, columns, panels, data)
    if h:
        _mark_shifted(grid, columns, rows)
        _realign(grid, columns, rows)
    formulas = _formulas(grid, columns, lanci)
    view = TableView(table=table, header_rows=h, columns=columns, rows=rows, kind="other",
                     unit=table_unit, start=start, end=end, panels=panels, formulas=formulas)
    view.kind = _kind(view)
    return view


def _caption_unit(caption: str | None) -> str | None:
    if caption and re.search(r"单位|金额[:：]", caption):
        return caption
    return None


def _unit_from_headers(grid: _Grid, header_range: range) -> str | None:
    """A unit written in a header cell of the block (`项目资金（万元）`) applies to its amounts."""
    for r in header_range:
        for c in range(grid.n_cols):
            t = grid.own(r, c)
            if re.search(r"单位[:：]", t):
                u = unit_of_line(t)
                if u:
                    return u
    return None


def _columns(grid: _Grid, vocab: Vocabulary, header_range: range,
             lanci: list[int]) -> list[Column]:
    rows = [r for r in header_range if r not in lanci]
    texts: list[list[str]] = [[grid.eff(r, c) for c in range(grid.n_cols)] for r in rows]
    # a header spanning sub-columns without merge marks: `年初结转和结余 <empty>` over
    # `合计 其中：...` -- the empty cell belongs to the spanning header on its left
    for i in range(len(rows) - 1):
        for c in range(1, grid.n_cols):
            if not texts[i][c] and texts[i][c - 1] and texts[i + 1][c] and texts[i + 1][c - 1] \
                    and not _vertical_label(texts, i, c - 1):
                texts[i][c] = texts[i][c - 1]
    columns: list[Column] = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        for i in range(len(rows)):
            t = texts[i][c].strip()
            if t and (not parts or norm(parts[-1]) != norm(t)):
                parts.append(t)
        header = "/".join(norm(p) for p in parts)
        unit = None
        for p in reversed(parts):
            unit = header_unit(p)
            if unit:
                break
        last = norm_header(parts[-1]) if parts else ""
        col = Column(index=c, header=header, role=None, unit=unit, path=tuple(parts),
                     total=_is_total_word(last, vocab) is not None,
                     subset=any(norm(parts[-1]).startswith(p) for p in vocab.subset_prefixes)
                     if parts else False)
        for r in lanci:
            t = norm(grid.own(r, c))
            if (t.isascii() and t.isdigit()):
                col.number = int(t)
            else:
                m = _LANCI_FORMULA.match(t)
                if m:
                    col.number = int(m.group(1))
        columns.append(col)
    return columns


def _vertical_label(texts: list[list[str]], i: int, c: int) -> bool:
    """A header cell whose own text repeats below is a vertical merge, not a spanning one."""
    return norm(texts[i + 1][c]) == norm(texts[i][c])


def _role_by_header(h: str, vocab: Vocabulary) -> str | None:
    """The role a (normalised) header word gives its column, or None."""
    if not h:
        return None
    role = vocab.exact.get(h)
    if role:
        return role
    if any(w in h for w in vocab.contains_reason):
        return "reason"
    if "得分率" in h:
        return "score_rate"
    if any(w in h for w in vocab.contains_rate):
        return "rate"
    if h.endswith(("指标值", "目标值")):
        return "target"
    if h.endswith(("完成值", "实际值")):
        return "actual"
    if h.endswith(("分值", "满分", "权重")):
        return "weight"
    if h.endswith("得分"):
        return "score"
    if h.startswith("其中"):
        rest = h[2:].lstrip("：:")
        return _role_by_header(rest, vocab) if rest else "amount"
    if any(w in h for w in vocab.contains_amount):
        return "amount"
    if h.endswith(("人数", "户数", "个数", "次数")):
        return "count"
    return None


def _assign_roles(grid: _Grid, vocab: Vocabulary, columns: list[Column], data: list[int]) -> None:
    """Roles from the header words, corrected by what the cells hold."""
    stats: dict[int, tuple[int, int, int]] = {}
    for col in columns:
        numbers = texts = codes = 0
        for r in data:
            t = grid.own(r, col.index)
            v = cell_value(t)
            if v.is_number:
                numbers += 1
                if _CODE_CELL.match(norm(t)) and "." not in t:
                    codes += 1
            elif v.kind == "text":
                texts += 1
                if _CODE_CELL.match(norm(t)):
                    codes += 1
        stats[col.index] = (numbers, texts, codes)
        role = None
        for part in reversed(col.path):
            role = _role_by_header(norm_header(part), vocab)
            if role:
                break
        if role is None and col.path and header_unit(col.path[-1]) == "%":
            role = "percent"
        col.role = role
    first_value = None
    for col in columns:
        numbers, texts, codes = stats[col.index]
        if col.role in ("code", "seq"):
            continue
        if col.role in ("label", None) and numbers and codes == numbers and texts == 0 \
                and _next_is_text(columns, stats, col.index):
            col.role = "code"  # a column of 3-, 5-, 7-digit codes beside the names
            continue
        if col.role is None and col.index == 0 and numbers >= 2 and texts == 0 \
                and _is_sequence(grid, col.index, data) and _next_is_text(columns, stats, 0):
            col.role = "seq"
            continue
        if numbers == 0 and texts and col.role not in ("target", "actual", "reason", "text",
                                                       "label"):
            col.role = "label" if first_value is None else "text"
        elif col.role == "label" and numbers > texts and numbers >= 2:
            col.role = None  # a label-like header over numbers: let the unit tell
        if first_value is None and col.role not in NON_VALUE and numbers:
            first_value = col.index
    # text columns left of the first value column are labels; right of it, text, unless
    # a column of figures headed as one seen before follows it (收入 `项目 | 预算数` beside
    # 支出 `支出功能分科目 | 预算数`): then it labels a panel of its own
    seen: set[str] = set()
    for col in columns:
        opens = _opens_panel(columns, stats, col.index, seen)
        if col.role == "text" and (first_value is None or col.index < first_value or opens):
            col.role = "label"
        if col.role not in NON_VALUE and col.path:
            seen.add(norm_header(col.path[-1]))
        if col.role == "label" and first_value is not None and col.index > first_value \
                and stats[col.index][0] == 0 and not _label_header(col, vocab) and not opens:
            col.role = "text"


def _opens_panel(columns: list[Column], stats: dict[int, tuple[int, int, int]], c: int,
                 seen: set[str]) -> bool:
    """A text column with texts on several rows, followed by a column of figures whose header
    repeats a value column's header left of it: the label column of a side-by-side panel."""
    if c + 1 >= len(columns) or stats[c][1] < 2:
        return False
    nxt = columns[c + 1]
    return nxt.role not in NON_VALUE and stats[c + 1][0] > 0 and bool(nxt.path) \
        and norm_header(nxt.path[-1]) in seen


def _label_header(col: Column, vocab: Vocabulary) -> bool:
    return any(vocab.exact.get(norm_header(p)) == "label" for p in col.path)


def _next_is_text(columns: list[Column], stats: dict[int, tuple[int, int, int]], c: int) -> bool:
    return c + 1 < len(columns) and stats[c + 1][1] > 0


def _is_sequence(grid: _Grid, c: int, data: list[int]) -> bool:
    values = [norm(grid.own(r, c)) for r in data]
    ints = [int(v) for v in values if (v.isascii() and v.isdigit())]
    return len(ints) >= 2 and ints == list(range(ints[0], ints[0] + len(ints)))


def _same_code(a: Column, b: Column) -> bool:
    """Two adjacent code columns that write one code: under one header (`科目编码` over `类
    款 项`, or merged over both) or headed 类, 款, 项."""
    parts = {"类", "款", "项"}
    return a.path[:1] == b.path[:1] or not a.path or not b.path \
        or {norm_header(a.path[-1]), norm_header(b.path[-1])} <= parts


def _panels(columns: list[Column]) -> list[Panel]:
    panels: list[Panel] = []
    current: Panel | None = None
    for col in columns:
        if col.role in ("label", "code", "seq"):
            if current is None or current.value_cols:
                current = Panel(label_cols=[], value_cols=[])
                panels.append(current)
            if col.role == "label":
                current.label_cols.append(col.index)
            elif col.role == "code":
                last = current.more_codes[-1] if current.more_codes else current.code_cols
                prev = columns[last[-1]] if last else None
                if prev is None or (prev.index == col.index - 1 and _same_code(prev, col)):
                    last.append(col.index)
                else:
                    current.more_codes.append([col.index])
        elif col.role not in ("text", "reason"):
            if current is None:
                current = Panel(label_cols=[], value_cols=[])
                panels.append(current)
            current.value_cols.append(col.index)
    return panels


def _is_total_word(label: str, vocab: Vocabulary) -> str | None:
    """The total word a label ends with (合计, 小计, 指标得分 ...), None for other labels."""
    t = norm(label).rstrip("：:")
    t = strip_numbering(t) if t else t
    if not t or any(t.startswith(p) for p in ("其中",)):
        return None
    for w in vocab.score_total_suffixes:
        if t.endswith(w) and len(t) <= len(w) + 8:
            return w
    for w in vocab.total_suffixes:
        if t.endswith(w) and len(t) <= len(w) + 14:
            return w
    return None


def _code_of(text: str) -> str | None:
    t = text.strip()
    m = _CODE_CELL.match(t) or _CODE_PREFIX.match(t)
    if not m:
        return None
    code = m.group(1)
    return code if len(re.sub(r"\s", "", code)) in (3, 5, 7, 9) else None


def code_in(table: Table, r: int, code_cols: list[int]) -> str | None:
    """The code a row states in its code columns (`208 | 05 | 01` -> "208 05 01", `245001`):
    digits only, 3 to 12 of them."""
    parts: list[str] = []
    for c in code_cols:
        cell = table.cell(r, c)
        t = norm(cell.text.text) if cell is not None and not cell.merged else ""
        if t:
            parts.append(t)
    joined = " ".join(parts)
    if parts and all(p.isascii() and p.isdigit() for p in parts) \
            and 3 <= len(joined.replace(" ", "")) <= 12:
        return joined
    return None


def _rows(grid: _Grid, vocab: Vocabulary, columns: list[Column], panels: list[Panel],
          data: list[int]) -> list[Row]:
    label_cols = panels[0].label_cols if panels else [c.index for c in columns
                                                      if c.role == "label"]
    code_cols = panels[0].code_cols if panels else [c.index for c in columns
                                                    if c.role == "code"]
    current: dict[int, str] = {}
    rows: list[Row] = []
    for r in data:
        own = {c: grid.eff(r, c) if grid.merged(r, c) else grid.own(r, c) for c in label_cols}
        present = [c for c in label_cols if norm(own[c])]
        labels: dict[int, str] = {}
        if present:
            j = present[0]
            for c in label_cols:
                if c < j:
                    labels[c] = current.get(c, "")
                elif norm(own[c]):
                    labels[c] = own[c]
                    current[c] = own[c]
                    for d in label_cols:
                        if d > c and not norm(own[d]):
                            current[d] = ""
                else:
                    labels[c] = ""
        path = _dedupe(tuple(labels[c] for c in label_cols if norm(labels.get(c, ""))))
        own_label = own[present[-1]] if present else ""
        code = code_in(grid.table, r, code_cols)
        if code is None and own_label:
            code = _code_of(own_label)
        total_word = _is_total_word(own_label, vocab) if own_label else None
        subset = any(norm(own_label).startswith(p) for p in vocab.subset_prefixes)
        rows.append(Row(index=r, label=own_label.strip(), path=path,
                        is_total=total_word is not None, total_word=total_word, code=code,
                        subset=subset, level=numbering_level(own_label) if own_label else None,
                        labels=labels))
    _join_weight_continuations(rows, label_cols)
    return rows


_INCOMPATIBLE = {
    "amount": ("percent", "score"), "weight": ("percent", "money"), "score": ("percent", "money"),
    "rate": ("money", "score"), "score_rate": ("money", "score"), "count": ("money", "percent"),
}
_TRAILING_NUMBER = re.compile(r"\s[-－]?\d[\d,]*(?:\.\d+)?$")


def _mark_shifted(grid: _Grid, columns: list[Column], rows: list[Row]) -> None:
    """Rows split into cells one place off, whose numbers are not where their headers say:
    numbers in a column that has no header (where few rows have any: a stray tab), a
    percentage in an amount or score column, a 万元 figure in a score column, or a number
    swallowed into the label (`年度资金总额 240`)."""
    numeric_rows = [r for r in rows if any(cell_value(grid.own(r.index, c.index)).is_number
                                           for c in columns)]
    if not numeric_rows:
        return
    for r in numeric_rows:
        if _TRAILING_NUMBER.search(r.label):
            r.shifted = True
            continue
        for col in columns:
            bad = _INCOMPATIBLE.get(col.role or "")
            q = cell_value(grid.own(r.index, col.index)).quantity
            if bad and q is not None and q.dimension in bad and not q.comparator:
                r.shifted = True
                break
    for col in columns:
        if col.header:
            continue
        hits = [r for r in numeric_rows if cell_value(grid.own(r.index, col.index)).is_number]
        if hits and len(hits) * 3 <= len(numeric_rows):
            for r in hits:
                r.shifted = True


def _first_value(columns: list[Column]) -> int:
    return min((c.index for c in columns if c.role not in NON_VALUE and c.header),
               default=len(columns))


def _realign(grid: _Grid, columns: list[Column], rows: list[Row]) -> None:
    """A misaligned row with one cell too many before its numbers, whose numbers all fit
    their columns when read one column to the left, is read so: `合计 | | | 20 | 13 | 65%`
    under `满分 得分 得分率` and a column without header. Only the value cells move: a row
    with text among them (a label run into the value columns) stays unread, and so does a
    row with a cell missing (where it is missing cannot be told)."""
    first = _first_value(columns)
    for r in rows:
        if r.shifted and not _TRAILING_NUMBER.search(r.label) \
                and _fits(grid, columns, r.index, 1, first):
            r.offset, r.shifted = 1, False


def _fits(grid: _Grid, columns: list[Column], r: int, k: int, first: int) -> bool:
    numbers = 0
    for p in range(first, grid.n_cols):
        v = cell_value(grid.own(r, p))
        if v.kind == "text":
            return False
        if not v.is_number or v.quantity is None:
            continue
        logical = p - k
        if not first <= logical < len(columns):
            return False
        col = columns[logical]
        bad = _INCOMPATIBLE.get(col.role or "", ())
        if not col.header or col.role in NON_VALUE or col.role in ("target", "actual") \
                or (v.quantity.dimension in bad and not v.quantity.comparator):
            return False
        numbers += 1
    return numbers >= 2


def _dedupe(path: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for p in path:
        if not out or norm(out[-1]) != norm(p):
            out.append(p.strip())
    return tuple(out)


def _join_weight_continuations(rows: list[Row], label_cols: list[int]) -> None:
    """`产出效果` / `(12分)`: a label wrapped onto the next row, its weight alone there, is one
    label for every row it stands beside."""
    for c in label_cols:
        for i, row in enumerate(rows):
            text = row.labels.get(c, "")
            if not _WEIGHT_ONLY.match(norm(text)) or i == 0:
                continue
            prev = rows[i - 1].labels.get(c, "")
            if not prev or _WEIGHT_ONLY.match(norm(prev)) or re.search(r"\d+(\.\d+)?\s*分", prev):
                continue
            joined = f"{prev.strip()}{norm(text)}"
            for other in rows:
                if other.labels.get(c, "") in (prev, text):
                    other.labels[c] = joined
            for other in rows:
                path = _dedupe(tuple(other.labels[d] for d in label_cols
                                     if norm(other.labels.get(d, ""))))
                other.path = path
                if other.label in (prev, text) and path:
                    other.label = path[-1]


def _formulas(grid: _Grid, columns: list[Column],
              lanci: list[int]) -> list[tuple[int, list[tuple[str, int]]]]:
    """Column formulas stated in headers or 栏次 rows (`7=1+2+3`), as (column, [(sign, column)])."""
    by_number = {c.number: c.index for c in columns if c.number is not None}
    out: list[tuple[int, list[tuple[str, int]]]] = []
    for col in columns:
        texts = [norm(grid.own(r, col.index)) for r in lanci] + [norm(p) for p in col.path]
        for t in texts:
            m = _LANCI_FORMULA.search(t) or re.search(r"(\d+)[=＝](\d+(?:[+\-－＋]\d+)+)$", t)
            if not m:
                continue
            target = by_number.get(int(m.group(1)))
            terms = re.findall(r"([+\-－＋]?)(\d+)", m.group(2))
            parts: list[tuple[str, int]] = []
            for sign, num in terms:
                idx = by_number.get(int(num))
                if idx is None:
                    parts = []
                    break
                parts.append(("-" if sign in ("-", "－") else "+", idx))
            if target is not None and target == col.index and parts:
                out.append((col.index, parts))
                break
    return out


def _kind(view: TableView) -> str:
    grid = _Grid(view.table)
    if not any(cell_value(grid.own(r.index, c.index)).is_number for r in view.rows
               for c in view.columns):
        return "other"
    roles = {c.role for c in view.columns}
    headers = {norm_header(p) for c in view.columns for p in c.path}
    if roles & {"weight", "score"}:
        if roles & {"target", "actual"} or ({"一级指标", "三级指标"} & headers and \
                roles & {"target", "actual"}):
            return "selfeval_indicators"
        if {"年初预算数", "全年预算数", "全年执行数"} & headers or \
                ("rate" in roles and "amount" in roles):
            return "selfeval_funds"
        return "scoring"
    if roles & {"target", "actual"}:
        return "selfeval_indicators"
    if "amount" in roles or (None in roles and view.unit):
        return "budget"
    return "other"
