"""What every family of table relations shares: the rows as a panel sees them, a reading of a
total's parts, the cell accessors of one table view, and small arithmetic tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import chinese_to_int
from auditlint.extract.tableview.model import SUMMABLE, CellValue, Column, Panel, Row, TableView, cell_value
from auditlint.extract.tableview.text import norm, norm_header
from auditlint.facts import Fact, Interval, Notice, Relation, to_unit_of
from auditlint.lazyre import lazy_compile

MIN_INFERRED_ROWS = 4
SUBSET_INSIDE = lazy_compile(r"(?:^|\s)其中[：:]")
INFERRED_SHARE = Decimal("0.8")


# ---------------------------------------------------------------------------------------------
# relations


@dataclass
class PRow:
    """A row as one panel sees it."""

    row: Row
    label: str
    prefix: tuple[str, ...]
    is_total: bool
    total_word: str | None
    subset: bool
    rest: bool  # label starts with 其他: closes a 其中 group
    code: str | None
    level: int | None
    # its codes in every code system of the panel (0: the classification code, then a unit
    # code...), as (system, digits)
    codes: tuple[tuple[int, str], ...] = ()

    @property
    def number(self) -> int | None:
        """Its number: its label's (`二、`), else its 序号 cell's."""
        n = ordinal(self.label)
        return n if n is not None or self.level is None else ordinal(self.row.numbering)


@dataclass
class Cand:
    """A reading of which rows a total adds up; `extra` adds facts from outside the block
    (the 资金执行率 score of a 自评表's funds block in its 总分), by column."""

    rows: list[PRow]
    extra: dict[int, Fact] = field(default_factory=dict)
    note: str = ""


class RelationsBase:
    """One table view, its facts and cells; each family of relations is a mixin of this."""

    def __init__(self, ctx: ExtractContext, view: TableView) -> None:
        self.ctx = ctx
        self.view = view
        self.graph = ctx.graph
        self.table = view.table
        self.cols = {c.index: c for c in view.columns}
        self.score_block = view.kind in ("scoring", "selfeval_indicators")
        # column -> set of row indices whose cell there is already a stated total's result
        self.result_cols: set[int] = set()
        self.shifted = {r.index for r in view.rows if r.shifted}
        self.offsets = {r.index: r.offset for r in view.rows if r.offset}
        self.first = view.first_value()
        self._values: dict[tuple[int, int], CellValue] = {}
        # (row, direction, panel columns) -> column -> (plain cells from it on, their kinds)
        self._ahead: dict[tuple[int, int, int, int], dict[int, tuple[bool, frozenset[str]]]] = {}

    # -- helpers ---------------------------------------------------------------------------

    def fact(self, row: int, col: int) -> Fact | None:
        if row in self.shifted:
            return None
        fid = self.view.fact(row, col)
        return None if fid is None else self.graph.facts[fid]

    def cv(self, row: int, col: int) -> CellValue:
        """What the cell at (row, col) holds, read once: the families ask for a cell many
        times (each candidate reading of a total reads its parts again)."""
        found = self._values.get((row, col))
        if found is None:
            found = self._values[(row, col)] = self._read_cv(row, col)
        return found

    def _read_cv(self, row: int, col: int) -> CellValue:
        if row in self.shifted:
            return CellValue("text")  # not understood: no total over it is checked
        at = col + self.offsets.get(row, 0) if col >= self.first else col
        cell = self.table.cell(row, at) if 0 <= at < self.table.n_cols else None
        if (row, col) in self.view.spread:
            return CellValue("text")  # in one of several columns: no sum of one counts it
        if cell is None or cell.merged:
            return CellValue("empty")
        return cell_value(cell.text.text)

    def summable(self, col: int) -> bool:
        c = self.cols[col]
        if c.role not in SUMMABLE:
            return False
        if c.role in ("weight", "score"):
            return self.score_block
        return True

    def relate(self, **kwargs: object) -> None:
        self.graph.relate(Relation(**kwargs))  # type: ignore[arg-type]

    def notice(self, row: int, message: str) -> None:
        span = None
        for c in range(self.table.n_cols):
            cc = self.table.cell(row, c)
            if cc is not None and cc.text.text.strip():
                span = cc.text.strip().whole_span()
                break
        where = f"table {self.table.index}, row {row + 1}"
        self.graph.notices.append(Notice(code="AL902", message=message, span=span,
                                         location=where))


# ---------------------------------------------------------------------------------------------
# small helpers


def re_digits(code: str | None) -> str | None:
    return "".join(ch for ch in code if "0" <= ch <= "9") if code else None


_ORDINAL = lazy_compile(r"^[（(]?([一二三四五六七八九十]+|\d{1,2})[)）、.．]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def ordinal(label: str) -> int | None:
    """The number of a numbered label: 一、 -> 1, （二） -> 2, 3. -> 3, ④ -> 4."""
    t = norm(label)
    if t and t[0] in _CIRCLED:
        return _CIRCLED.index(t[0]) + 1
    m = _ORDINAL.match(t)
    if not m:
        return None
    g = m.group(1)
    return int(g) if g.isascii() else chinese_to_int(g)


def column_name(row: Row, col: Column) -> str:
    if row.label and col.header:
        return f"{row.label} / {col.header}"
    return row.label or col.header or "total"


def pick_column(cols: dict[int, Column], candidates: list[int], synonyms: list[str]) -> int | None:
    """The first synonym (in pack order) that names one of the candidate columns."""
    for syn in synonyms:
        s = norm_header(syn)
        hits = [c for c in candidates if cols[c].path and norm_header(cols[c].path[-1]) == s]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None  # two columns of that name: cannot tell
    return None


def adds_up(result: Fact, ops: list[Fact]) -> bool:
    total = Interval.exact(Decimal(0))
    for f in ops:
        total = total + to_unit_of(f, result)
    return result.interval.intersects(total)


def adds_up_closely(result: Fact, ops: list[Fact]) -> bool:
    """A sum that tells a table's structure: off by at most one unit of the last digit
    (`尾数误差`), and exact for whole numbers, whose ±0.5 intervals would let 2 = 1 pass."""
    return mids_add_up_closely(result, (to_unit_of(f, result).mid for f in ops))


def mids_add_up_closely(result: Fact, mids: Iterable[Decimal]) -> bool:
    """`adds_up_closely` of the parts' midpoints in the result's unit, already worked out."""
    total = sum(mids, Decimal(0))
    unit = Decimal(1).scaleb(-result.decimals)
    return abs(result.value - total) <= (unit if result.decimals else Decimal(0))


def same_kind(result: Fact, ops: Iterable[Fact]) -> bool:
    """Parts and total of one dimension (no 万元 amount added to a percentage)."""
    return all(f.kind == result.kind for f in ops)


def best_support(supports: list[tuple[int, int]]) -> int | None:
    """The candidate the numbers support on a clear majority of the checked columns/rows,
    when it is the only one supported that well."""
    scored = [(h, c, i) for i, (h, c) in enumerate(supports) if c and h * 2 > c]
    if not scored:
        return None
    top = max(h for h, _, _ in scored)
    winners = [i for h, _, i in scored if h == top]
    return winners[0] if len(winners) == 1 else None


def _nested(rows: list[PRow]) -> bool:
    """Whether a set of rows holds a row and one of its sub-rows by code (`245` and `245001`,
    `208` and `20805`): adding them counts the sub-row twice."""
    codes = sorted({c for q in rows for c in q.codes})  # (code system, digits)
    return any(a[0] == b[0] and b[1].startswith(a[1]) for a, b in pairwise(codes))


def dedupe_cands(cands: list[list[PRow]]) -> list[Cand]:
    out: list[Cand] = []
    seen: set[tuple[int, ...]] = set()
    for c in cands:
        key = tuple(q.row.index for q in c)
        if c and key not in seen and not _nested(c):
            seen.add(key)
            out.append(Cand(c))
    return out


def top_items(items: list[PRow]) -> list[PRow]:
    """The top level of a list of rows: the shortest classification codes, or the highest
    numbering level (unnumbered rows kept), when the rows have them."""
    coded = [q for q in items if q.code]
    plain = [q for q in items if not q.is_total]
    # all rows coded, or coded rows each followed by rows without a code (its items)
    if coded and (len(coded) == len(plain) or plain[0].code):
        shortest = min(len(q.code or "") for q in coded)
        return [q for q in items if q.is_total or len(q.code or "") == shortest]
    # numbered rows 一、二、... right under an unnumbered row (`年初结转和结余` over
    # `一、一般公共预算财政拨款`) are its breakdown, not rows of the top level
    under: set[int] = set()
    for k, q in enumerate(items[:-1]):
        nxt = items[k + 1]
        if q.level is None and not q.is_total and nxt.level is not None \
                and nxt.number == 1:
            for r in items[k + 1:]:
                if r.level is None or r.level < nxt.level:
                    break
                under.add(id(r))
    items = [q for q in items if id(q) not in under]
    levels = [q.level for q in items if q.level is not None]
    if levels:
        top = min(levels)
        return [q for q in items if q.level is None or q.level == top]
    return items


def numbered_top(items: list[PRow]) -> list[PRow]:
    """The top level read as the numbered rows alone: unnumbered rows standing after a
    top-level numbered row (up to the next total) may be its breakdown (`一、一般公共服务支出`
    over `统计信息事务` and `行政运行`, written without codes) rather than rows of their own.
    A second reading beside `top_items`'s; the numbers choose. Empty when there is no such row."""
    top = top_items(items)
    levels = [q.level for q in top if q.level is not None]
    if not levels:
        return []
    first = min(levels)
    out: list[PRow] = []
    under = dropped = False
    for q in top:
        if q.is_total:
            under = False
        elif q.level == first:
            under = True
        elif q.level is None and under:
            dropped = True
            continue
        out.append(q)
    return out if dropped else []


def rows_origin(total: PRow, parts: list[PRow]) -> str:
    first, last = parts[0].row.index + 1, parts[-1].row.index + 1
    if first == last:
        span = f"row {first}"
    elif len(parts) == last - first + 1:
        span = f"rows {first}–{last}"
    elif len(parts) <= 6:
        span = "rows " + ", ".join(str(q.row.index + 1) for q in parts)
    else:
        span = f"{len(parts)} rows of rows {first}–{last}"
    return f"{total.total_word} row 「{total.label}」 over {span}"


def column_run(view: TableView, panel: Panel, tc: int, step: int, ok: object) -> list[int]:
    """Columns next to `tc` (right when step is +1, left when -1) of the same kind, up to the
    next total column."""
    cols = panel.value_cols
    if tc not in cols:
        return []
    i = cols.index(tc) + step
    out: list[int] = []
    by_index = {c.index: c for c in view.columns}
    while 0 <= i < len(cols):
        c = cols[i]
        if by_index[c].total or not ok(c):  # type: ignore[operator]
            break
        if out and cols[i] != out[-1] + step:
            break
        if not out and abs(c - tc) != 1:
            break
        out.append(c)
        i += step
    return sorted(out)


def neighbour_sides(cols: list[int], tc: int) -> list[list[int]]:
    """The columns adjacent to `tc` on its right and on its left, nearest first, each side up
    to the first gap: a run of two or more of them (`side[:k]`) may be the parts of `tc`."""
    out: list[list[int]] = []
    right = [c for c in cols if c > tc]
    left = [c for c in cols if c < tc][::-1]
    for side, step in ((right, 1), (left, -1)):
        run: list[int] = []
        prev = tc
        for c in side:
            if c != prev + step:
                break
            run.append(c)
            prev = c
        out.append(run)
    return out
