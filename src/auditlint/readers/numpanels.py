"""收支总表 of three panels or more side by side, rows numbered within each panel.

Some provinces print the 收支总表 as 收入 beside three lists of 支出 (by function, by
department economic class, by government economic class). PDF extraction puts a row of
every panel on one line, each a numbered label and its figure (`1、财政拨款 480.00 2、外交支出
0.00 (1)工资福利支出 …`); where a panel has ended, the line holds fewer pairs, and the first
line may run its pairs together (`一、部门预算 X一、部门预算 X`). Each pair is given to the
panel whose numbering it continues (`12、` after `11、`, `(6)` after `(5)`); between
panels that both continue, the sums decide (a panel's items never exceed its top row); a
pair nothing places (`上年结转 0.00`) goes to the leftmost panel that fits. The panels become
label and figure columns side by side, one grid row per line, so that each panel's numbered
rows and totals are read as in any 收支总表; a wrong reading does not add up and is dropped
by the check of rebuilt tables (extract/tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations

from auditlint.document import SourceText
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line, scan_tables
from auditlint.readers.spaced import SpacedTable, header_above
from auditlint.readers.textutil import has_cjk, is_value_token

_MIN_PANELS = 3
_MIN_ROWS = 5  # lines with a pair of every panel or all but one
_GLUED = re.compile(r"^(-?[\d,]*\d\.\d+)(\D.*)$")
_NUMBERED = (
    (re.compile(r"^([一二三四五六七八九十]{1,3})、"), 0),
    (re.compile(r"^(\d{1,2})[、.．](?!\d)"), 1),
    (re.compile(r"^[（(](\d{1,2})[)）]"), 2),
)
_SUBSET = re.compile(r"^其中[：:]?")
_CLAUSE_TOKEN = re.compile(r"\S*[，。；]\S*")  # a token holding clause punctuation
_CN = "一二三四五六七八九十"


@dataclass
class _Pair:
    label: list[SourceText]
    value: SourceText | None = None

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.label)


def read_numbered_panels(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every numbered many-panel table among the free content lines (indices into `lines`)."""
    return scan_tables(lines, free, _table_at)


def _table_at(lines: list[Line], free: list[int], p: int) -> tuple[SpacedTable, int] | None:
    first = _pairs(lines[free[p]].text)
    if first is None or len(first) < _MIN_PANELS or not all(_number(x) for x in first):
        return None
    rows: list[list[_Pair]] = []
    q = p
    while q < len(free) and (q == p or free[q] == free[q - 1] + 1):
        pairs = _pairs(lines[free[q]].text)
        if pairs is None or len(pairs) > len(first) or not any(
                x.value is not None or _number(x) for x in pairs):
            break  # prose, or words without figure or numbering: a caption, a note
        rows.append(pairs)
        q += 1
    width = len(first)
    if sum(len(r) >= width - 1 for r in rows) < _MIN_ROWS \
            or not any(x.value is not None for r in rows for x in r):
        return None
    placed = _assign(rows, width)
    if placed is None:
        return None
    head, caption, unit, stated = header_above(lines, free, p)
    grid: list[list[RawCell]] = [[_cell(w) for _ in range(width) for w in ("项目", "金额")]]
    blank = SourceText("", [])
    for cells in placed:
        row: list[RawCell] = []
        for pair in cells:
            label = SourceText.join(pair.label, "") if pair is not None and pair.label else blank
            row.append(RawCell(label))
            row.append(RawCell(pair.value if pair is not None and pair.value is not None
                               else blank))
        grid.append(row)
    table = build_table(grid, shape="spaced", header_rows=1, caption=caption, unit=unit)
    used = sorted({*head, *stated, *(free[k] for k in range(p, q))})
    return SpacedTable(table, used), q


def _pairs(text: SourceText) -> list[_Pair] | None:
    """A line cut into numbered labels, each with one figure or none; None for a line that is
    no such row (prose, a label with two figures, a figure with no label)."""
    t = text.text
    if ("，" in t or "。" in t or "；" in t) and any(
            has_cjk(m.group()) for m in _CLAUSE_TOKEN.finditer(t)):
        return None  # words with clause punctuation, refused below too: not cut (prose)
    toks: list[SourceText] = []
    for m in re.finditer(r"\S+", text.text):
        tok = text.slice(m.start(), m.end())
        g = _GLUED.match(tok.text)
        if g:  # `480.00一、部门预算`: a figure run into the next label
            toks.extend([tok.slice(0, g.end(1)), tok.slice(g.end(1), len(tok.text))])
        else:
            toks.append(tok)
    out: list[_Pair] = []
    for tok in toks:
        t = tok.text
        if is_value_token(t) and not has_cjk(t):
            if not out or out[-1].value is not None:
                return None
            out[-1].value = tok
        elif has_cjk(t) and not re.search(r"[，。；]", t):
            if out and out[-1].value is None and not _starts_pair(t):
                out[-1].label.append(tok)
            else:
                out.append(_Pair([tok]))
        else:
            return None
    return out or None


def _starts_pair(t: str) -> bool:
    return any(rx.match(t) for rx, _ in _NUMBERED) or bool(_SUBSET.match(t))


def _number(pair: _Pair) -> tuple[int, int] | None:
    """(level, number) of a numbered label: 一、 (0), 1、 (1), (1) (2)."""
    t = pair.text
    for rx, level in _NUMBERED:
        m = rx.match(t)
        if m:
            g = m.group(1)
            return level, int(g) if g.isdigit() else _cn(g)
    return None


def _cn(g: str) -> int:
    if len(g) == 1:
        return _CN.index(g) + 1
    tens = _CN.index(g[0]) + 1 if g[0] != "十" else 1
    ones = _CN.index(g[-1]) + 1 if g[-1] != "十" else 0
    return tens * 10 + ones


def _assign(rows: list[list[_Pair]], width: int) -> list[list[_Pair | None]] | None:
    """Each line's pairs by panel: the order-keeping placement whose numbered labels continue
    most panels' numbering (the leftmost of equals); None where a line fits no panel order."""
    last: list[dict[int, int]] = [{} for _ in range(width)]
    # each panel's top row (`一、部门预算 X`) and the sum of its items (`1、` …) so far
    top: list[Decimal | None] = [None] * width
    items: list[Decimal] = [Decimal(0)] * width
    out: list[list[_Pair | None]] = []
    for pairs in rows:
        best: tuple[float, tuple[int, ...]] | None = None
        for cols in combinations(range(width), len(pairs)):
            score = 0.0
            for pair, c in zip(pairs, cols, strict=True):
                num = _number(pair)
                if num is not None:
                    level, n = num
                    score += 1 if last[c].get(level, 0) == n - 1 else -1
                    value = _value(pair)
                    t = top[c]
                    if level == 1 and t is not None and items[c] + value > t:
                        score -= 0.5  # the sums say no: more than the panel's total
            if best is None or score > best[0]:
                best = (score, cols)
        if best is None:
            return None
        cells: list[_Pair | None] = [None] * width
        for pair, c in zip(pairs, best[1], strict=True):
            cells[c] = pair
            num = _number(pair)
            if num is not None:
                level, n = num
                last[c][level] = n
                if level == 0 and top[c] is None and pair.value is not None:
                    top[c] = _value(pair)
                elif level == 1:
                    items[c] += _value(pair)
                for deeper in [k for k in last[c] if k > level]:
                    del last[c][deeper]  # (1) starts again under the next 2、
        out.append(cells)
    return out


def _value(pair: _Pair) -> Decimal:
    if pair.value is None:
        return Decimal(0)
    try:
        return Decimal(pair.value.text.replace(",", ""))
    except InvalidOperation:
        return Decimal(0)


def _cell(text: str) -> RawCell:
    return RawCell(SourceText(text, []))
