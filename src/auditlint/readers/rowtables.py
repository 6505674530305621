"""Tables of one row of figures under a header of several lines (the “三公” table).

PDF extraction prints such a table as its header words over several lines, a cell that spans
two header rows on the line between them and long names wrapped, then the figures on one
line; a cell left empty leaves no trace. The order of the columns cannot be rebuilt from the
lines, so it comes from the pack: a declared layout (`[[row_tables]]` of
rules/disclosure.toml) whose caption words and marker words the table shows, and whose
columns the figures fill. Where figures are fewer than columns, they are placed as the
layout's own identities allow (each group's total is the sum of its columns, see
`placement`); a figure they cannot place is left out of every sum.

A table with no declared layout whose header is one line of column names, the first a total
(`合计 基本支出 项目支出 结转下年资金`), is laid out by that line itself: the total is the sum
of the columns after it. Figures fewer than its columns are read only when, in a budget, the
missing ones are the carry-over columns (`carry_over_words`, which a 预算 leaves empty): those
columns are left out, the figures fill the others in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditlint.document import SourceText
from auditlint.packs import RowTableDef, load_packs
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line
from auditlint.readers.placement import Identity, number, place_row, raw_cells
from auditlint.readers.spaced import SpacedTable, header_above
from auditlint.readers.textutil import has_cjk, is_value_token, squeeze_spaced

_MIN_FIGURES = 3


@dataclass(frozen=True, slots=True)
class _Layout:
    paths: tuple[tuple[str, ...], ...]
    identities: tuple[Identity, ...]
    shape: str = "spaced"  # headed-row: the header's own columns, each with its figure


def read_row_tables(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every declared one-row table among the free content lines (indices into `lines`)."""
    out: list[SpacedTable] = []
    for p, i in enumerate(free):
        figures = _figures(lines[i].text)
        if figures is None or (p + 1 < len(free) and free[p + 1] == i + 1
                               and _figures(lines[free[p + 1]].text) is not None):
            continue
        top = p - 1 if p > 0 and free[p - 1] == i - 1 \
            and _numbers_columns(lines[i - 1].text.text, len(figures)) else p
        head, caption, unit, stated = header_above(lines, free, top)
        if not head or caption is None:
            continue
        header = [squeeze_spaced(lines[k].text.text).split() for k in head]
        layout = _layout(caption, header, len(figures)) or _header_layout(
            caption, [lines[k].text.text.split() for k in head], len(figures))
        if layout is None:
            continue
        grid = _header_grid(layout.paths)
        depth = len(grid)
        cells = place_row([f.text for f in figures], len(layout.paths), list(layout.identities))
        grid.append(raw_cells(cells, figures))
        table = build_table(grid, shape=layout.shape, header_rows=depth, caption=caption,
                            unit=unit)
        table.ragged = len(figures) < len(layout.paths)
        out.append(SpacedTable(table, sorted({*head, *stated, free[top], i})))
    return out


def _numbers_columns(text: str, n: int) -> bool:
    """A line of the column numbers 1 … n over the figures (the 栏次 row, its label left out)."""
    return text.split() == [str(k) for k in range(1, n + 1)]


def _figures(text: SourceText) -> list[SourceText] | None:
    """The figures of a line that holds nothing else, three or more."""
    if has_cjk(text.text):  # words: not cut (most lines)
        return None
    toks = [text.slice(m.start(), m.end()) for m in re.finditer(r"\S+", text.text)]
    if len(toks) < _MIN_FIGURES or any(has_cjk(t.text) or not is_value_token(t.text)
                                       or number(t.text) is None for t in toks):
        return None
    return toks


def _layout(caption: str, header: list[list[str]], n: int) -> _Layout | None:
    """The first declared layout the caption and header name whose columns `n` figures fill."""
    for d in load_packs().row_tables:
        if any(w in caption for w in d.caption_words) \
                and all(_in_header(m, header) for m in d.markers) \
                and 0 <= len(d.columns) - n <= d.max_dropped:
            return _layout_of(d)
    return None


def _header_layout(caption: str, header: list[list[str]], n: int) -> _Layout | None:
    """The layout a one-line header of column names states, its first a total of the columns
    after it; None when the figures cannot fill its columns (a budget's carry-over columns
    excepted) or a cell names a label column."""
    packs = load_packs()
    if len(header) != 1 or len(header[0]) < 3 or len(set(header[0])) < len(header[0]) \
            or any(len(w) < 2 for w in header[0]):  # letter-spaced words: cells unknown
        return None
    names = header[0]
    labels = {w.replace(" ", "") for w in packs.words("spaced_label_headers")}
    if names[0] not in packs.totals("whole") or any(
            not has_cjk(w) or w in labels or is_value_token(w) for w in names):
        return None
    if n < len(names) and not any(w in caption for w in packs.words("final_account_words")):
        carry = tuple(packs.words("carry_over_words"))
        names = [w for w in names if not any(k in w for k in carry)]
    if n != len(names):
        return None
    return _Layout(tuple((w,) for w in names), ((0, tuple(range(1, len(names)))),),
                   shape="headed-row")


def _in_header(word: str, header: list[list[str]]) -> bool:
    """The word in a header cell, or wrapped: its start ending a cell, its rest starting a
    cell of a later line (`机关运行经` … `费预算数`)."""
    for k, line in enumerate(header):
        for tok in line:
            if word in tok:
                return True
            for cut in range(2, len(word)):
                if tok.endswith(word[:cut]) and any(t.startswith(word[cut:])
                                                    for later in header[k + 1:] for t in later):
                    return True
    return False


def _layout_of(d: RowTableDef) -> _Layout:
    paths = tuple(tuple(p.split("/")) for p in d.columns)
    totals = tuple(load_packs().totals("rows"))
    identities: list[Identity] = []
    for t, path in enumerate(paths):
        if not path[-1].endswith(totals):
            continue
        group = path[:-1]
        parts: list[int] = []
        seen: set[str] = set()
        for c, other in enumerate(paths):
            if c == t or other[:len(group)] != group or len(other) <= len(group):
                continue
            if len(other) == len(group) + 1:
                parts.append(c)
                continue
            sub = other[len(group)]
            if sub in seen:
                continue
            seen.add(sub)
            sub_total = next((k for k, q in enumerate(paths) if q[:-1] == (*group, sub)
                              and q[-1].endswith(totals)), None)
            if sub_total is None:
                break  # a group without its own total: the breakdown is in doubt
            parts.append(sub_total)
        else:
            identities.append((t, tuple(sorted(parts))))
    return _Layout(paths, tuple(identities))


def _header_grid(paths: tuple[tuple[str, ...], ...]) -> list[list[RawCell]]:
    """Header rows from the columns' paths: a group's name spans its columns, a name deeper
    rows leave empty stands over them (the grid merges it down)."""
    depth = max(len(p) for p in paths)
    rows: list[list[RawCell]] = []
    for d in range(depth):
        row: list[RawCell] = []
        prev: tuple[str, ...] | None = None
        for path in paths:
            key = path[:d + 1] if len(path) > d else None
            if key is not None and key == prev and len(path) > d + 1:
                row[-1].span += 1
                continue
            row.append(RawCell(SourceText(path[d] if key is not None else "", [])))
            prev = key if key is not None and len(path) > d + 1 else None
        rows.append(row)
    return rows
