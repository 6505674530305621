"""Tables whose cells are separated by tabs, as Word and HTML exports write them.

Two shapes:
(a) one row per line, cells separated by tabs; a table may be interrupted by blank lines
    and page breaks and go on;
(b) one cell per line, each line starting with a tab, rows separated by a blank line; a line
    without a tab right after a cell line continues that cell. Merged header cells appear
    once, so a header row can hold fewer cells than the table has columns: which columns
    each one covers is worked out from the row below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlint.document import Notice, SourceText, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_numeric, join_texts

_TOTAL = lazy_compile(r"^(合\s*计|小\s*计|总\s*计|.{1,8}(合计|小计|总计))$")


@dataclass
class TabTable:
    """A table found among the lines, with the line indices it used."""

    table: Table
    start: int
    end: int  # index after the last line used
    notices: list[Notice] = field(default_factory=list)


def is_cell_line(line: Line) -> bool:
    """`<TAB>text`: one cell of a one-cell-per-line table."""
    return line.kind == "tab" and line.cells is not None and (
        line.cells.text.startswith("\t") and line.cells.text.count("\t") == 1
    )


def parse_at(lines: list[Line], i: int) -> TabTable | None:
    """The tab table that starts at line i, or None."""
    if lines[i].kind != "tab":
        return None
    if is_cell_line(lines[i]) and _starts_cell_table(lines, i):
        return _cell_per_line(lines, i)
    return _tsv(lines, i)


# ---- (a) tab-separated rows ----------------------------------------------------------------


def split_cells(line: Line) -> list[SourceText]:
    """The cells of a tab-separated line, each stripped and mapped."""
    assert line.cells is not None
    text = line.cells.text
    cells: list[SourceText] = []
    start = 0
    while True:
        tab = text.find("\t", start)
        end = len(text) if tab < 0 else tab
        cells.append(line.cells.slice(start, end).strip())
        if tab < 0:
            return cells
        start = tab + 1


def _tsv(lines: list[Line], i: int) -> TabTable | None:
    rows: list[list[RawCell]] = []
    j = i
    end = i
    while j < len(lines):
        line = lines[j]
        if line.kind == "tab":
            rows.append([RawCell(c) for c in split_cells(line)])
            end = j + 1
        elif line.kind not in ("blank", "furniture"):
            break
        j += 1
    rows = [r for r in rows if any(c.text.text for c in r)]
    if not rows or (len(rows) == 1 and sum(1 for c in rows[0] if c.text.text) < 2):
        return None
    _span_short_rows(rows)
    return TabTable(build_table(rows, shape="tsv", merge_down="leading"), i, end)


def _span_short_rows(rows: list[list[RawCell]]) -> None:
    """A short row led by a label whose other cells are figures (`合计 100 96 95%` under six
    columns): Word saves the text of a merged cell once, so the label spans the columns its
    row lacks, when this puts every figure under a column of figures and leaving it would
    put one under a column that holds only text in the full rows."""
    width = max(len(r) for r in rows)
    full = [r for r in rows[1:] if len(r) == width]
    if not full:
        return
    numeric = [any(is_numeric(r[c].text.text) for r in full) for c in range(width)]
    text_only = [all(not is_numeric(r[c].text.text) for r in full) and
                 any(r[c].text.text for r in full) for c in range(width)]
    for r, row in enumerate(rows):
        n = len(row)
        if r == 0 or n < 2 or n >= width or is_numeric(row[0].text.text):
            continue
        figures = [c.text.text for c in row[1:]]
        if not all(is_numeric(f) for f in figures if f) or not any(figures):
            continue
        gap = width - n
        shifted_ok = all(numeric[gap + k] for k, f in enumerate(figures, 1) if f)
        left_bad = any(text_only[k] for k, f in enumerate(figures, 1) if f)
        if shifted_ok and left_bad:
            row[0] = RawCell(row[0].text, 1 + gap)


# ---- (b) one cell per line ---------------------------------------------------------------


def _starts_cell_table(lines: list[Line], i: int) -> bool:
    """At least two cells in a row, or a cell continued on the next line."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and (is_cell_line(nxt) or nxt.kind == "text")


def _cell_per_line(lines: list[Line], i: int) -> TabTable | None:
    rows, end = _collect_rows(lines, i)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    header = _header_rows(rows, width)
    notices: list[Notice] = []
    raw_rows = _with_spans(rows, width, header, notices)
    table = build_table(raw_rows, shape="cell-per-line", header_rows=header)
    for n in notices:
        n.span = table.rows[0][0].text.whole_span() if table.rows and table.rows[0] else None
    return TabTable(table, i, end, notices)


def _collect_rows(lines: list[Line], i: int) -> tuple[list[list[SourceText]], int]:
    rows: list[list[SourceText]] = []
    row: list[list[SourceText]] = []  # cells, each as its lines
    j = i
    end = i
    while j < len(lines):
        line = lines[j]
        if is_cell_line(line):
            assert line.cells is not None
            row.append([line.cells.slice(1, len(line.cells.text)).strip()])
            end = j + 1
        elif line.kind == "text" and row and end == j:
            row[-1].append(line.text)
            end = j + 1
        elif line.kind in ("blank", "furniture"):
            if row:
                rows.append([join_texts([p for p in cell if p.text]) for cell in row])
                row = []
            k = _next_content(lines, j)
            if k is None or not is_cell_line(lines[k]):
                break
        else:
            break
        j += 1
    if row:
        rows.append([join_texts([p for p in cell if p.text]) for cell in row])
    return rows, end


def _next_content(lines: list[Line], j: int) -> int | None:
    k = j + 1
    while k < len(lines) and lines[k].kind in ("blank", "furniture"):
        k += 1
    return k if k < len(lines) else None


def _header_rows(rows: list[list[SourceText]], width: int) -> int:
    """Row 0 unless numeric; more rows while the row above was short (merged cells)."""
    if len(rows) < 2 or any(is_numeric(c.text) for c in rows[0] if c.text):
        return 0
    h = 1
    while (
        h < len(rows) - 1
        and len(rows[h - 1]) < width
        and not any(is_numeric(c.text) for c in rows[h] if c.text)
    ):
        h += 1
    return h


def _with_spans(
    rows: list[list[SourceText]], width: int, header: int, notices: list[Notice]
) -> list[list[RawCell]]:
    """Raw rows with column spans: header rows resolved bottom-up, short body rows led by a
    cell that spans the gap (a 合计 label over the code columns)."""
    out: list[list[RawCell]] = [[RawCell(c) for c in row] for row in rows]
    last_header = header - 1
    for r in range(max(0, last_header), len(rows)):
        if len(rows[r]) < width:
            out[r][0] = RawCell(rows[r][0], 1 + width - len(rows[r]))
    for r in range(last_header - 1, -1, -1):
        if len(rows[r]) >= width:
            continue
        spans = infer_spans([c.text for c in rows[r]], _expanded(out[r + 1]))
        if spans is None:
            notices.append(Notice(
                code="AL902",
                message=f"header row {r + 1} of a table has {len(rows[r])} cells for "
                        f"{width} columns; which columns each covers was not clear",
            ))
        else:
            out[r] = [RawCell(c, s) for c, s in zip(rows[r], spans, strict=False)]
    return out


def _expanded(row: list[RawCell]) -> list[str]:
    out: list[str] = []
    for c in row:
        out.extend([c.text.text] * max(1, c.span))
    return out


def infer_spans(upper: list[str], lower: list[str]) -> list[int] | None:
    """Column spans of a header row's cells, from the row below it.

    Where the row below is empty, the upper cell stands alone (merged down); a run of
    sub-headers is shared out among the upper cells by its totals (`合计`, `收入合计` start
    a group) or by a repeating pattern (`预算 决算 执行率` twice).
    """
    width = len(lower)
    if len(upper) >= width:
        return None
    segments = _segments(lower)
    singles = sum(1 for s in segments if s[2] == "E")
    runs = [s for s in segments if s[2] == "N"]
    extra = len(upper) - singles
    if extra < len(runs) or not runs:
        return None
    if len(runs) > 1 and extra != len(runs):
        return None
    spans: list[int] = []
    k = 0
    for start, end, kind in segments:
        if kind == "E":
            spans.append(1)
            k += 1
            continue
        m = extra if len(runs) == 1 else 1
        groups = _groups(upper[k: k + m], lower[start:end])
        if groups is None:
            return None
        spans.extend(groups)
        k += m
    return spans if k == len(upper) else None


def _segments(lower: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    c = 0
    while c < len(lower):
        if not lower[c].strip():
            out.append((c, c + 1, "E"))
            c += 1
            continue
        e = c
        while e < len(lower) and lower[e].strip():
            e += 1
        out.append((c, e, "N"))
        c = e
    return out


def _groups(parents: list[str], children: list[str]) -> list[int] | None:
    m, n = len(parents), len(children)
    if m == 0:
        return None
    if m == n:
        return [1] * m
    if m == 1:
        return [n]
    starts = [0] + [
        i for i in range(1, n)
        if _TOTAL.match(children[i].strip()) or any(
            children[i].startswith(p.strip()) for p in parents if p.strip()
        )
    ]
    if len(starts) == m:
        return [b - a for a, b in zip(starts, [*starts[1:], n], strict=False)]
    if n % m == 0:
        size = n // m
        chunks = [children[i: i + size] for i in range(0, n, size)]
        if all(chunk == chunks[0] for chunk in chunks):
            return [size] * m
    return None
