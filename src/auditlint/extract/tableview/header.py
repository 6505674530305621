"""Header rows, column roles and panels of a table, from its header vocabulary and merged cells."""

from __future__ import annotations

import re

from auditlint.document import Table
from auditlint.extract.tableview.grid import Grid
from auditlint.extract.tableview.model import NON_VALUE, Column, TableView, cell_value
from auditlint.extract.tableview.rows import (
    kind_of_view,
    mark_shifted,
    panels_of,
    read_rows,
    realign,
    stated_formulas,
    total_word_of,
)
from auditlint.extract.tableview.text import (
    CODE_CELL,
    LANCI_FORMULA,
    header_unit,
    norm,
    norm_header,
    numbering_level,
    unit_of_line,
)
from auditlint.extract.tableview.vocabulary import Vocabulary, vocabulary
from auditlint.packs import RulePacks


def interpret(table: Table, packs: RulePacks) -> TableView:
    """Interpret a table: its blocks, each with headers, column roles and row hierarchy."""
    vocab = vocabulary(packs)
    grid = Grid(table)
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


def _header_hits(grid: Grid, vocab: Vocabulary, r: int) -> int:
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


def _has_data_number(grid: Grid, r: int) -> bool:
    return any(v.is_number for v in grid.values(r))


def _is_lanci_row(grid: Grid, vocab: Vocabulary, r: int) -> bool:
    """`栏次 1 2 3 ...` or a row of column numbers and formulas (`7=1+2+3`)."""
    texts = [norm(grid.own(r, c)) for c in range(grid.n_cols)]
    texts = [t for t in texts if t]
    if not texts:
        return False
    numbers = [t for t in texts if (t.isascii() and t.isdigit()) or LANCI_FORMULA.match(t)]
    if any(t in vocab.column_number_headers for t in texts):
        return len(numbers) >= 2
    plain = [int(t) for t in texts if (t.isascii() and t.isdigit())]
    if len(numbers) != len(texts) or len(texts) < 3:
        return False
    if any(LANCI_FORMULA.match(t) for t in texts):
        return plain == list(range(1, len(plain) + 1))
    # only the numbers 1, 2, 3 ... in order (`1 | 2 | 3 | 4` under the headers): a data row
    # has a label, and reading one as a header leaves it unchecked, never misread
    return plain == list(range(plain[0], plain[0] + len(plain))) and \
        (plain[0] == 1 or len(plain) >= 4)


def _header_like(grid: Grid, vocab: Vocabulary, r: int, first: bool) -> bool:
    if _is_lanci_row(grid, vocab, r):
        return True
    if _has_data_number(grid, r):
        return False
    own = [c for c in range(grid.n_cols) if grid.own(r, c)]
    if first:
        return _header_hits(grid, vocab, r) >= 1
    return len(own) >= 2 and _header_hits(grid, vocab, r) >= 1


def _block_starts(grid: Grid, vocab: Vocabulary) -> list[int]:
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
        if _labels_without_figures(grid, starts[-1], r):
            continue
        above = r - 1
        while above > starts[-1] and grid.empty_row(above):
            above -= 1
        if above >= starts[-1] and _header_like(grid, vocab, above, first=above == starts[-1]) \
                and _header_run(grid, vocab, starts[-1], above):
            continue  # the second row of a multi-row header
        starts.append(r)
    return starts


def _labels_without_figures(grid: Grid, start: int, r: int) -> bool:
    """Whether row r is an item row left empty (`使用非财政拨款结余 | | 结余分配 |` of a
    收支总表, read cell by cell from a ruled PDF), not the header of a new block: the block
    above has figures, and each text of row r stands in a column that held only text since
    the block began (its label columns). A new block's header names its figure columns too."""
    figures: set[int] = set()
    for q in range(start, r):
        figures.update(c for c, v in enumerate(grid.values(q)) if v.is_number)
    own = [c for c in range(grid.n_cols) if norm(grid.own(r, c))]
    return bool(figures) and bool(own) and not figures.intersection(own)


def _header_run(grid: Grid, vocab: Vocabulary, start: int, row: int) -> bool:
    """Whether rows start..row are all header-like (so a header row below continues them)."""
    return all(grid.empty_row(r) or _header_like(grid, vocab, r, first=r == start)
               for r in range(start, row + 1))


def _interpret_block(grid: Grid, vocab: Vocabulary, start: int, end: int,
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
    lanci = [r for r in header_range if _is_lanci_row(grid, vocab, r)]
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
    panels = panels_of(columns)
    rows = read_rows(grid, vocab, columns, panels, data)
    if h:
        mark_shifted(grid, columns, rows)
        realign(grid, columns, rows)
    formulas = stated_formulas(grid, columns, lanci)
    view = TableView(table=table, header_rows=h, columns=columns, rows=rows, kind="other",
                     unit=table_unit, start=start, end=end, panels=panels, formulas=formulas)
    view.kind = kind_of_view(view)
    return view


def _caption_unit(caption: str | None) -> str | None:
    if caption and re.search(r"单位|金额[:：]", caption):
        return caption
    return None


def _unit_from_headers(grid: Grid, header_range: range) -> str | None:
    """A unit written in a header cell of the block (`项目资金（万元）`) applies to its amounts."""
    for r in header_range:
        for c in range(grid.n_cols):
            t = grid.own(r, c)
            if re.search(r"单位[:：]", t):
                u = unit_of_line(t)
                if u:
                    return u
    return None


def _columns(grid: Grid, vocab: Vocabulary, header_range: range,
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
                     total=total_word_of(last, vocab) is not None,
                     subset=any(norm(parts[-1]).startswith(p) for p in vocab.subset_prefixes)
                     if parts else False)
        for r in lanci:
            t = norm(grid.own(r, c))
            if (t.isascii() and t.isdigit()):
                col.number = int(t)
            else:
                m = LANCI_FORMULA.match(t)
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
    if any(w in h for w in vocab.contains_score_rate):
        return "score_rate"
    if any(w in h for w in vocab.contains_rate):
        return "rate"
    for role, ends in vocab.ends_before_amount:
        if h.endswith(ends):
            return role
    if h.startswith("其中"):
        rest = h[2:].lstrip("：:")
        return _role_by_header(rest, vocab) if rest else "amount"
    if any(w in h for w in vocab.contains_amount):
        return "amount"
    if h.endswith(vocab.ends_count):
        return "count"
    return None


def _assign_roles(grid: Grid, vocab: Vocabulary, columns: list[Column], data: list[int]) -> None:
    """Roles from the header words, corrected by what the cells hold."""
    stats: dict[int, tuple[int, int, int]] = {}
    for col in columns:
        numbers = texts = codes = 0
        for r in data:
            t = grid.own(r, col.index)
            v = cell_value(t)
            if v.is_number:
                numbers += 1
                if CODE_CELL.match(norm(t)) and "." not in t:
                    codes += 1
            elif v.kind == "text":
                texts += 1
                if CODE_CELL.match(norm(t)):
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


def _is_sequence(grid: Grid, c: int, data: list[int]) -> bool:
    values = [norm(grid.own(r, c)) for r in data]
    ints = [int(v) for v in values if (v.isascii() and v.isdigit())]
    return len(ints) >= 2 and ints == list(range(ints[0], ints[0] + len(ints)))
