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
from functools import cache
from itertools import combinations, product

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.packs import load_packs
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line, scan_tables
from auditlint.readers.spaced import SpacedTable, header_above
from auditlint.readers.textutil import has_cjk, is_value_token

_MIN_PANELS = 3
_MIN_ROWS = 5  # lines with a pair of every panel or all but one
_GLUED = lazy_compile(r"^(-?[\d,]*\d\.\d+)(\D.*)$")
_NUMBERED = (
    (lazy_compile(r"^([一二三四五六七八九十]{1,3})、"), 0),
    (lazy_compile(r"^(\d{1,2})[、.．](?!\d)"), 1),
    (lazy_compile(r"^[（(](\d{1,2})[)）]"), 2),
)
_SUBSET = lazy_compile(r"^其中[：:]?")
# the first character a numbered label (any of _NUMBERED) can start with
_NUMBER_FIRST = lazy_compile(r"\s*[一二三四五六七八九十（(\d]")
_CLAUSE_TOKEN = lazy_compile(r"\S*[，。；]\S*")  # a token holding clause punctuation
_CN = "一二三四五六七八九十"
_MAX_PIECE = 8  # characters of a piece of a wrapped label
_MAX_MOVES = 64  # joint placements of the figures of wrapped rows tried against the totals
_UNKNOWN = SourceText("?", [])


@dataclass
class _Pair:
    label: list[SourceText]
    value: SourceText | None = None
    unknown: bool = False  # its figure stood here or in another panel, the sums cannot tell

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.label)


def read_numbered_panels(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every numbered many-panel table among the free content lines (indices into `lines`)."""
    return scan_tables(lines, free, _table_at)


def _table_at(lines: list[Line], free: list[int], p: int) -> tuple[SpacedTable, int] | None:
    if not _NUMBER_FIRST.match(lines[free[p]].text.text):
        return None  # its first label is not numbered: not cut into pairs
    first = _pairs(lines[free[p]].text)
    if first is None or len(first) < _MIN_PANELS or not all(_number(x) for x in first):
        return None
    rows: list[list[_Pair]] = []
    joins: dict[int, int] = {}  # a row -> the row above it whose wrapped cells stand around it
    q = p
    width = len(first)
    while q < len(free) and (q == p or free[q] == free[q - 1] + 1):
        text = lines[free[q]].text
        pieces = _pieces(text, width) if rows else None
        if pieces is not None and (target := _wrapped(rows, joins, len(pieces))) is not None:
            for pair, piece in zip([x for x in rows[target] if x.value is None], pieces,
                                   strict=True):
                pair.label.append(piece)
            if target == len(rows) - 2:
                joins[len(rows) - 1] = target
            q += 1
            continue
        pairs = _pairs(text)
        foot = pieces is not None and len(pieces) >= 2 and _totals_seen(rows)
        if pairs is not None and len(pairs) == 1 and foot:
            pairs = [_Pair([piece]) for piece in pieces]  # `上年结转 结转下年`: both empty
        if pairs is None or len(pairs) > len(first) or (not any(
                x.value is not None or _number(x) for x in pairs) and not foot):
            break  # prose, or words without figure or numbering: a caption, a note
        rows.append(pairs)
        q += 1
    if sum(len(r) >= width - 1 for r in rows) < _MIN_ROWS \
            or not any(x.value is not None for r in rows for x in r):
        return None
    placed = _assign(rows, width)
    if placed is None:
        return None
    placed = _by_sums(_joined(placed, joins), width)
    head, caption, unit, stated = header_above(lines, free, p)
    grid: list[list[RawCell]] = [[_cell(w) for _ in range(width) for w in ("项目", "金额")]]
    blank = SourceText("", [])
    for cells in placed:
        row: list[RawCell] = []
        for pair in cells:
            label = SourceText.join(pair.label, "") if pair is not None and pair.label else blank
            row.append(RawCell(label))
            row.append(RawCell(pair.value if pair is not None and pair.value is not None
                               else _UNKNOWN if pair is not None and pair.unknown else blank))
        _span_last(row, cells, width)
        grid.append(row)
    table = build_table(grid, shape="spaced", header_rows=1, caption=caption, unit=unit)
    used = sorted({*head, *stated, *(free[k] for k in range(p, q))})
    return SpacedTable(table, used), q


def _pieces(text: SourceText, width: int) -> list[SourceText] | None:
    """A line of label pieces alone (`算 费`), no figure and no numbering: the ends of labels
    wrapped from a line above, or a row of labels whose cells are empty."""
    toks = [text.slice(m.start(), m.end()) for m in re.finditer(r"\S+", text.text)]
    if not toks or len(toks) > width or any(
            not has_cjk(t.text) or re.search(r"\d", t.text) or _starts_pair(t.text)
            or re.search(r"[，。；：:]", t.text) or len(t.text) > _MAX_PIECE for t in toks):
        return None
    return toks


def _wrapped(rows: list[list[_Pair]], joins: dict[int, int], n: int) -> int | None:
    """The row whose labels `n` pieces end: two rows up when the row between stands centred
    on the wrapped cells (their figures on its line), else the row just above; its labels
    without a figure are as many as the pieces."""
    def open_labels(k: int) -> int:
        return sum(1 for x in rows[k] if x.value is None and _number(x) is not None)

    if len(rows) >= 2 and len(rows) - 1 not in joins and len(rows) - 2 not in joins \
            and all(_number(x) is not None for x in rows[-1]) \
            and all(x.value is None for x in rows[-2]) and open_labels(len(rows) - 2) == n:
        return len(rows) - 2
    if rows and all(x.value is None for x in rows[-1]) and open_labels(len(rows) - 1) == n \
            and len(rows[-1]) == n:
        return len(rows) - 1
    return None


def _totals_seen(rows: list[list[_Pair]]) -> bool:
    """A row of totals (`当年收入小计 X 当年支出小计 Y`) is among the rows: lines of labels
    alone after it are the carry-over rows of the table's foot, their cells empty."""
    words = _total_words()
    return any(x.text.endswith(words) for r in rows for x in r)


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
    kinds: list[list[int]] = [[0, 0] for _ in range(width)]  # function names, other names
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
                    if level == 1 and t is not None and items[c] <= t < items[c] + value:
                        score -= 0.5  # the sums say no: more than the panel's total
                    score += _affinity(pair, kinds[c])
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
                kind = _function_kind(pair)
                if kind is not None:
                    kinds[c][0 if kind else 1] += 1
        out.append(cells)
    return out


def _affinity(pair: _Pair, kinds: list[int]) -> float:
    """Between panels whose numbering both continue (`三、` after two `二、`): a name of a
    function class (`国防支出`, rules/classification.toml) belongs with the panel of function
    classes, another name with a panel of other names (支出用途, 收入)."""
    kind = _function_kind(pair)
    if kind is None or kinds[0] == kinds[1]:
        return 0.0
    return 0.5 if kind == (kinds[0] > kinds[1]) else -0.5


def _function_kind(pair: _Pair) -> bool | None:
    """True for a numbered label naming a function class (类), False for another numbered
    label, None for an unnumbered one or a name both classifications give (其他支出)."""
    if _number(pair) is None:
        return None
    name = re.sub(r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]|[（(]\d{1,2}[)）])", "", pair.text)
    function, both = _class_names()
    if name in both:
        return None
    return name in function


@cache
def _class_names() -> tuple[frozenset[str], frozenset[str]]:
    """Names of the function classes (类, three digits), and the names an economic class
    shares with them."""
    cls = load_packs().classification()
    function = frozenset(n for c, n in cls.function.items() if len(c) == 3)
    return function, function & frozenset(cls.economic.values())


@cache
def _total_words() -> tuple[str, ...]:
    return tuple(w.replace(" ", "") for w in load_packs().totals("rows"))


def _joined(placed: list[list[_Pair | None]], joins: dict[int, int]
            ) -> tuple[list[list[_Pair | None]], set[tuple[int, int]]]:
    """The rows with each row centred between a wrapped row's lines merged into it (one row
    of the printed table), and the figures so merged (row, panel): a figure printed centred
    on the row's middle line may belong to any panel at or right of where it stands."""
    out: list[list[_Pair | None]] = []
    moving: set[tuple[int, int]] = set()
    for k, cells in enumerate(placed):
        target = joins.get(k)
        if target is not None and out and target == k - 1 and all(
                a is None or b is None for a, b in zip(out[-1], cells, strict=True)):
            merged = [a if a is not None else b for a, b in zip(out[-1], cells, strict=True)]
            out[-1] = merged
            moving.update((len(out) - 1, c) for c, x in enumerate(cells)
                          if x is not None and x.value is not None)
            continue
        out.append(list(cells))
    return out, moving


def _by_sums(joined: tuple[list[list[_Pair | None]], set[tuple[int, int]]], width: int
             ) -> list[list[_Pair | None]]:
    """The merged figures placed where each panel's numbered top rows add up to its total
    (a total standing in a panel's last labelled cell of its row totals the empty panels
    right of it too): the placement that breaks the fewest of these sums, when only one
    does; a figure the least-breaking placements disagree on is left unknown (`?`)."""
    rows, moving = joined
    if not moving:
        return rows
    targets: list[Decimal | None] = [None] * width
    end = len(rows)
    for r, cells in enumerate(rows):
        present = [c for c, x in enumerate(cells) if x is not None]
        if present and all(_number(cells[c]) is None and cells[c].text.endswith(  # type: ignore[union-attr]
                _total_words()) for c in present):
            for c in present:
                stop = width if c == present[-1] else c + 1
                for d in range(c, stop):
                    if targets[d] is None and cells[c].value is not None:  # type: ignore[union-attr]
                        targets[d] = _value(cells[c])  # type: ignore[arg-type]
            end = min(end, r)
    if None in targets:
        return rows
    choices: list[tuple[tuple[int, int], list[int]]] = []
    for r, c in sorted(moving):
        if r >= end:
            return rows
        cols = [c]
        for d in range(c + 1, width):
            x = rows[r][d]
            if x is None:
                continue
            if x.value is not None:
                break
            cols.append(d)
        choices.append(((r, c), cols))
    combos = 1
    for _, cols in choices:
        combos *= len(cols)
    if combos > _MAX_MOVES or combos == 1:
        return rows
    decimals = max((len(x.value.text.split(".")[1]) if "." in x.value.text else 0
                    for cells in rows for x in cells if x is not None and x.value is not None),
                   default=0)
    scored: list[tuple[tuple[int, int], tuple[int, ...]]] = []
    for choice in product(*(cols for _, cols in choices)):
        sums = [Decimal(0)] * width
        counts = [0] * width
        moved = {pos: d for (pos, _), d in zip(choices, choice, strict=True)}
        for r, cells in enumerate(rows[:end]):
            for c, x in enumerate(cells):
                if x is None or x.value is None:
                    continue
                d = moved.get((r, c), c)
                if _level(rows[r][d]) != 0:
                    continue  # a figure of an item (`1.一般公共预算`), not of a top row
                sums[d] += _value(x)
                counts[d] += 1
        off = [t - s for s, t, n in zip(sums, targets, counts, strict=True)  # type: ignore[operator]
               if abs(t - s) > Decimal(n + 1) * Decimal(5).scaleb(-decimals - 1)]  # type: ignore[operator]
        # as few sums broken as can be, and those by one amount (one wrong figure, a total
        # that several panels share) rather than by several
        scored.append(((len(off), len(set(off))), choice))
    least = min(b for b, _ in scored)
    best = [ch for b, ch in scored if b == least]
    for k, ((r, c), _) in enumerate(choices):
        cols = {ch[k] for ch in best}
        pair = rows[r][c]
        assert pair is not None
        if len(cols) > 1:
            pair.value, pair.unknown = None, True
            continue
        d = cols.pop()
        if d != c:
            rows[r][d].value = pair.value  # type: ignore[union-attr]
            pair.value = None
    return rows


def _level(pair: _Pair | None) -> int | None:
    num = _number(pair) if pair is not None else None
    return num[0] if num is not None else None


def _span_last(row: list[RawCell], cells: list[_Pair | None], width: int) -> None:
    """A foot row of fewer cells than panels (`当年收入小计 X 当年支出小计 Y` under three
    panels): its last label runs over the panels right of it, its figure in the last
    panel's column, as the printed table merges them."""
    present = [c for c, x in enumerate(cells) if x is not None]
    if len(present) < 2 or present != list(range(len(present))) or present[-1] == width - 1 \
            or any(_number(cells[c]) is not None for c in present):  # type: ignore[arg-type]
        return
    c = present[-1]
    label, value = row[2 * c], row[2 * c + 1]
    label.span = 2 * (width - 1 - c) + 1
    row[2 * c:] = [label, value]


def _value(pair: _Pair) -> Decimal:
    if pair.value is None:
        return Decimal(0)
    try:
        return Decimal(pair.value.text.replace(",", ""))
    except InvalidOperation:
        return Decimal(0)


def _cell(text: str) -> RawCell:
    return RawCell(SourceText(text, []))
