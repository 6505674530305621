"""A PDF's pages assembled into one document: running heads and page numbers dropped,
wrapped lines joined by geometry, and a table that goes on over a page break joined."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from auditlint.document import Document, SourceText
from auditlint.readers.grid import is_unit_line, unit_of
from auditlint.readers.headings import marker_of
from auditlint.readers.lines import classify
from auditlint.readers.office import DocumentBuilder, GridCell, RawTable
from auditlint.readers.paragraphs import ends_sentence, is_tabular
from auditlint.readers.pdf.model import TOL, PdfLine, PdfPage, PdfTable, shown
from auditlint.readers.textutil import SOFT_END, is_numeric, is_value_token, join_texts


@dataclass(slots=True)
class _Item:
    page: int
    top: float
    line: PdfLine | None = None
    table: PdfTable | None = None
    undecodable: bool = False


def assemble(path: str, pages: list[PdfPage]) -> Document:
    builder = DocumentBuilder(path, "pdf")
    body = _drop_furniture(pages)
    geometry = _Geometry.of(body, {p.number: p.width for p in pages})
    items: list[_Item] = []
    for p in pages:
        page_items = [_Item(p.number, ln.top, line=ln) for ln in body.get(p.number, [])]
        page_items += [_Item(p.number, t.top, table=t) for t in p.tables]
        if not p.lines and not p.tables and (p.images or p.undecodable):
            page_items.append(_Item(p.number, 0.0, undecodable=p.undecodable))  # noted
        items += sorted(page_items, key=lambda it: it.top)
    items = _join_split_tables(items, _text_bottom(pages, body))
    paragraph: list[PdfLine] = []
    for item in items:
        if item.line is None and item.table is None:
            _flush(builder, paragraph)
            paragraph = []
            builder.page(item.page)
            what = ("a text layer that cannot be decoded (fonts without a map to Unicode)"
                    if item.undecodable else "no text layer (a scanned image?)")
            line = builder.marker(f"[page {item.page}: {what.split(' (')[0]}]")
            builder.note(f"page {item.page} has {what}: OCR it first; its content was not "
                         "checked", f"page {item.page}", line)
        elif item.line is not None:
            if paragraph and not geometry.continues(paragraph[-1], item.line):
                _flush(builder, paragraph)
                paragraph = []
            paragraph.append(item.line)
        elif item.table is not None:
            _flush(builder, paragraph)
            paragraph = []
            t = item.table
            builder.table(RawTable(grid=t.grid, row_pages=list(t.row_pages)), page=t.page)
    _flush(builder, paragraph)
    return builder.build()


def _flush(builder: DocumentBuilder, lines: list[PdfLine]) -> None:
    if not lines:
        return
    text = join_texts([SourceText(ln.text.strip(), []) for ln in lines]).text
    builder.paragraph(text, page=lines[0].page)


def _drop_furniture(pages: list[PdfPage]) -> dict[int, list[PdfLine]]:
    """Body lines by page: the text reader's rules for page numbers, running heads and
    tables of contents, run over the page texts with their page breaks."""
    raw: list[str] = []
    refs: list[PdfLine | None] = []
    for p in pages:
        # tables stand in the stream as placeholders, so that the line above a table is
        # not taken for the last line of its page
        entries: list[tuple[float, PdfLine | None]] = [(ln.top, ln) for ln in p.lines]
        entries += [(t.top, None) for t in p.tables]
        entries.sort(key=lambda e: e[0])
        if not entries:
            raw.append("\f")
            refs.append(None)
        for k, (_, ln) in enumerate(entries):
            text = ln.text.replace("\t", " ") if ln is not None else "[table]"
            raw.append(("\f" if k == 0 else "") + text)
            refs.append(ln)
    heads = _running_heads(pages)
    body: dict[int, list[PdfLine]] = {}
    for cl, ref in zip(classify(raw), refs, strict=True):
        if ref is not None and cl.kind == "text" and id(ref) not in heads:
            body.setdefault(ref.page, []).append(ref)
    return body


EDGE = 0.12  # the top and bottom share of a page where running heads and feet stand


def _running_heads(pages: list[PdfPage]) -> set[int]:
    """The first or last line of a page, in its top or bottom margin, whose text (digits
    aside) recurs at the same height on other pages: running heads and feet, which the text
    rules only see on four pages or more. Positions make two pages enough."""
    where: dict[tuple[str, str], list[PdfLine]] = {}
    for p in pages:
        lines = sorted(p.lines, key=lambda ln: ln.top)
        for ln in {id(x): x for x in lines[:1] + lines[-1:]}.values():
            zone = ("top" if ln.bottom <= EDGE * p.height
                    else "bottom" if ln.top >= (1 - EDGE) * p.height else None)
            key = re.sub(r"\s+", "", re.sub(r"\d+", "#", ln.text))
            if zone and 0 < len(key) <= 80 and unit_of(ln.text) is None:
                where.setdefault((zone, key), []).append(ln)
    with_text = sum(1 for p in pages if p.lines)
    out: set[int] = set()
    for found in where.values():
        n_pages = len({ln.page for ln in found})
        steady = max(ln.top for ln in found) - min(ln.top for ln in found) <= 4.0
        if steady and n_pages >= 2 and n_pages * 3 >= with_text:
            out.update(id(ln) for ln in found)
    return out


@dataclass
class _Geometry:
    """Where body text starts and ends on a line, learned from the document's own lines."""

    left: dict[int, float | None]
    right: dict[int, float | None]
    gap: float

    @classmethod
    def of(cls, body: dict[int, list[PdfLine]], widths: dict[int, float]) -> _Geometry:
        """Margins page by page (the document's where a page has too few lines); margins
        closer together than half the page width are not a text column but a run of short
        lines, and are not believed."""
        all_lines = [ln for lines in body.values() for ln in lines]
        page_width = max(widths.values(), default=0.0)
        left_all, right_all = _column([ln.x0 for ln in all_lines], [ln.x1 for ln in all_lines],
                                      page_width)
        left: dict[int, float | None] = {}
        right: dict[int, float | None] = {}
        for page, lines in body.items():
            lo, hi = _column([ln.x0 for ln in lines], [ln.x1 for ln in lines],
                             widths.get(page, page_width))
            left[page], right[page] = (lo, hi) if lo is not None else (left_all, right_all)
        gaps = [b.top - a.bottom for lines in body.values() for a, b in pairwise(lines)
                if b.top > a.bottom]
        gap = statistics.median(gaps) if gaps else 0.0
        return cls(left, right, gap)

    def continues(self, a: PdfLine, b: PdfLine) -> bool:
        """Does line b go on with the paragraph line a ends? Only when a reaches the right
        margin and b starts at the left one (no first-line indent), close below a or at the
        top of the next page, in the same type size; never into a heading, a unit line or
        a row of a table without rules."""
        if is_tabular(a.text) or is_tabular(b.text) or marker_of(b.text) is not None:
            return False
        if is_unit_line(a.text) or is_unit_line(b.text):
            return False
        size = a.size or b.size or 10.0
        if a.size and b.size and abs(a.size - b.size) > 0.15 * size:
            return False
        if b.page == a.page:
            if b.top - a.bottom > max(self.gap * 1.6, self.gap + 0.6 * size):
                return False
        elif b.page != a.page + 1:
            return False
        right, left = self.right.get(a.page), self.left.get(b.page)
        if right is None or left is None:
            return False
        last = a.text.rstrip()[-1:]
        open_end = last.isalnum()  # `…住房保障支出（类）445.69万元，占`
        if a.x1 < right - 1.5 * size and not (open_end and a.x1 >= left + 0.8 * (right - left)):
            return False
        # a line that stops mid-sentence goes on even into an indented line (`占` /
        # `15.16%；` set two characters in, the justification having left `占` short)
        indent = 0.6 if ends_sentence(a.text) or last in SOFT_END else 2.6
        return b.x0 <= left + indent * size


MARGIN_SUPPORT = 3  # lines that must share a margin before it is believed


def _column(x0s: list[float], x1s: list[float], page_width: float
            ) -> tuple[float | None, float | None]:
    left, right = _margin(x0s, low=True), _margin(x1s, low=False)
    if left is None or right is None or right - left < 0.5 * page_width:
        return None, None
    return left, right


def _margin(values: list[float], low: bool) -> float | None:
    """The left (low) or right margin: the outermost position, to 2 points, that at least
    MARGIN_SUPPORT lines share; None when no position is shared that often."""
    counts = Counter(round(v / 2) for v in values)
    support = {b: sum(counts.get(b + d, 0) for d in (-1, 0, 1)) for b in counts}
    good = [b for b, n in support.items() if n >= MARGIN_SUPPORT]
    if not good:
        return None
    return float((min(good) if low else max(good)) * 2)


def _text_bottom(pages: list[PdfPage], body: dict[int, list[PdfLine]]) -> dict[int, float]:
    """How far down each page the text area reaches: the lowest body line or table bottom
    of any page of the same height, and at least four fifths of the page (a short
    document shows no full page)."""
    lowest: dict[float, float] = {}
    for p in pages:
        bottoms = [ln.bottom for ln in body.get(p.number, [])] + [t.bottom for t in p.tables]
        if bottoms:
            lowest[p.height] = max(lowest.get(p.height, 0.0), max(bottoms))
    return {p.number: max(lowest.get(p.height, 0.0), 0.8 * p.height) for p in pages}


def _join_split_tables(items: list[_Item], bottom: dict[int, float]) -> list[_Item]:
    """A table that fills one page to its foot and one that opens the next, with the same
    columns, are one table; rows that repeat its header are dropped. Lines above the
    continuation that repeat the title lines above the table (`表1` / `收入支出决算总表` /
    `单位：万元` printed again on every page) do not stop the join and are dropped with
    the header."""
    out: list[_Item] = []
    titles: dict[int, set[str]] = {}  # id of a table -> the lines just above its first part
    for item in items:
        t = item.table
        if t is None:
            out.append(item)
            continue
        j = len(out)
        repeated = titles.get(id(out[_last_table(out)].table), set()) if _last_table(out) >= 0 \
            else set()
        while j > 0 and out[j - 1].line is not None and out[j - 1].page == item.page \
                and _key(out[j - 1].line.text) in repeated:
            j -= 1
        prev = out[j - 1].table if j > 0 else None
        if prev is not None and out[j - 1].page < item.page and _same_columns(prev, t) \
                and (_reaches_foot(prev, bottom) or _headless(prev, t)):
            del out[j:]
            _append_rows(prev, t)
            continue
        titles[id(t)] = {_key(it.line.text) for it in _lines_above(out, item.page)}
        out.append(item)
    return out


def _headless(a: PdfTable, b: PdfTable) -> bool:
    """A table that opens with a row of figures on the page after a table with the same
    columns and a header of its own goes on with it (even where the first part stops short
    of the page foot): a table of its own would have its own header. So does one that
    opens with rows of labels alone (the rest of a long 支出 list beside an empty 收入 side)
    before its figures: rows that leave every column of figures of the first part empty
    are no header, which would name those columns."""
    def has_values(row: list[GridCell]) -> bool:
        return any(gc.origin is None and is_numeric(gc.text.strip()) for gc in row)

    if not a.grid or not b.grid or has_values(a.grid[0]):
        return False
    figures = {j for row in a.grid for j, gc in enumerate(row)
               if gc.origin is None and is_numeric(gc.text.strip())}
    for row in b.grid:
        if has_values(row):
            return True
        if any(j >= len(row) or shown(b.grid, row[j], j) for j in figures):
            return False
    return False


def _reaches_foot(t: PdfTable, bottom: dict[int, float]) -> bool:
    """A table that breaks over a page ends near the foot of the text area (a form that
    ends mid-page and the next form on the next page are two tables)."""
    page = t.row_pages[-1]
    rows = sum(1 for p in t.row_pages if p == page)
    row_height = (t.last_bottom - t.last_top) / max(1, rows)
    return t.last_bottom >= bottom.get(page, t.last_bottom) - max(3 * row_height, 50.0)


def _last_table(out: list[_Item]) -> int:
    return next((k for k in range(len(out) - 1, -1, -1) if out[k].table is not None), -1)


def _lines_above(out: list[_Item], page: int, limit: int = 4) -> list[_Item]:
    """The text lines right above a table on its page (its title, unit, issuer lines)."""
    found: list[_Item] = []
    for it in reversed(out):
        if it.line is None or it.page != page or len(found) == limit:
            break
        found.append(it)
    return found


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _same_columns(a: PdfTable, b: PdfTable) -> bool:
    if b.page != a.row_pages[-1] + 1 or len(a.xs) != len(b.xs):
        return False
    return all(abs(x - y) <= 3 * TOL for x, y in zip(a.xs, b.xs, strict=True))


def _append_rows(a: PdfTable, b: PdfTable) -> None:
    grid = b.grid
    repeated = 0
    while (repeated < len(grid) - 1 and repeated < len(a.grid) - 1
           and _row_texts(grid[repeated]) == _row_texts(a.grid[repeated])
           and any(gc.text for gc in grid[repeated])):
        repeated += 1
    offset = len(a.grid) - repeated
    for r, row in enumerate(grid[repeated:]):
        new_row: list[GridCell] = []
        for gc in row:
            if gc.origin is None:
                new_row.append(GridCell(text=gc.text))
            elif gc.origin[0] < repeated:  # merged into a dropped header row
                new_row.append(GridCell())
            else:
                new_row.append(GridCell(origin=(gc.origin[0] + offset, gc.origin[1])))
        if r == 0:
            _continue_labels(a.grid, new_row, len(a.grid))
        a.grid.append(new_row)
        a.row_pages.append(b.page)
    a.last_top, a.last_bottom = b.top, b.bottom


def _continue_labels(grid: list[list[GridCell]], row: list[GridCell], r: int) -> None:
    """Leading empty cells of a continued table's first row go on with the merged label
    cell above them (a 一级指标 cell cut by the page break)."""
    above = grid[-1]
    for c, gc in enumerate(row):
        if gc.origin is not None or gc.text:
            break
        origin = above[c].origin or (r - 1, c)
        label = grid[origin[0]][origin[1]].text
        if not label or is_value_token(label):
            break
        row[c] = GridCell(origin=origin)


def _row_texts(row: list[GridCell]) -> list[str]:
    return [gc.text if gc.origin is None else "\0" for gc in row]
