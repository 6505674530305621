"""PDF reports: the text layer in reading order, ruled tables as grids, page by page.

Library: pypdfium2 (pdfium, in C) reads every character with its box and every drawn
path, 10-20 times faster than pdfminer.six in Python (`pdfium.py`); ruled tables are found
from those paths here (`ruling.py`), with the bounding box of every cell, so that merges
can be resolved into a grid. pdfplumber (on pdfminer.six) reads a file pdfium cannot open,
and names what is wrong with one neither can read.

What the text export of a PDF loses, positions keep: a paragraph's first line is indented
and its last line stops short of the right margin, so lines are re-joined by geometry (the
text of the pieces joined as the text reader joins wrapped lines); page numbers and running
heads are recognised by the text reader's furniture rules (fed the page breaks); a table
that stops at the bottom of one page and goes on at the top of the next, with the same
columns, is one table (its repeated header rows dropped). A PDF with no text layer at all is
an error (AL901: OCR it first); a page without text among pages with text is noted (AL902).
"""

from __future__ import annotations

import contextlib
import logging
import statistics
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditlint.document import Document, Notice
from auditlint.lazyre import lazy_compile
from auditlint.readers.errors import ReadError
from auditlint.readers.office import GridCell, cell_join, pad_grid
from auditlint.readers.pdf import pdfium
from auditlint.readers.pdf.assemble import assemble
from auditlint.readers.pdf.headcells import split_level_headers
from auditlint.readers.pdf.model import TOL, PdfLine, PdfPage, PdfTable, shown
from auditlint.readers.pdf.ruling import RuledTable, find_tables

MAX_PAGES = 2000


def read_pdf(path: str | Path, max_pages: int = MAX_PAGES) -> Document:
    """Read a PDF's text layer; raise ReadError when it is encrypted, corrupt, scanned
    (no text at all) or longer than `max_pages`."""
    path = Path(path)
    with _LibraryWarnings() as warned:
        pages = list(_pages(path, max_pages))
    if not any(p.lines or p.tables for p in pages):
        if any(p.undecodable for p in pages):
            raise ReadError("the text layer cannot be decoded (its fonts have no map to "
                            "Unicode): OCR the PDF first, e.g. `ocrmypdf --force-ocr`")
        if any(p.images for p in pages):
            raise ReadError("no text layer (the pages are scanned images): OCR it first, "
                            "e.g. `ocrmypdf in.pdf out.pdf`, and check the OCR output")
        raise ReadError("no text in this PDF: nothing to check")
    doc = assemble(str(path), pages)
    if warned.messages:  # a damaged stream: what it held is missing, and the user is told
        first = warned.messages[0]
        more = f" (and {len(warned.messages) - 1} more)" if len(warned.messages) > 1 else ""
        doc.notes.append(Notice(code="AL902", location="file", message=(
            f"part of the PDF could not be read ({first}){more}: figures it held are not "
            "checked")))
    return doc


class _LibraryWarnings(logging.Handler):
    """pdfminer's warnings while a file is read, kept for a notice instead of printed bare
    on standard error."""

    LOGGERS = ("pdfminer", "pdfplumber")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._saved: list[tuple[logging.Logger, bool]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 100:
            self.messages.append(" ".join(record.getMessage().split())[:200])

    def __enter__(self) -> _LibraryWarnings:
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            self._saved.append((logger, logger.propagate))
            logger.addHandler(self)
            logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        for logger, propagate in self._saved:
            logger.removeHandler(self)
            logger.propagate = propagate


# -- opening and reading pages ---------------------------------------------------------


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise ReadError(f"cannot open: {e.strerror or e}") from e
    if b"%PDF-" not in head:
        raise ReadError("not a PDF file (no %PDF header): the file is corrupt or misnamed")


ENCRYPTED = ("encrypted PDF (a password is needed to open it): export it again without "
             "protection")


def _read_error(e: Exception) -> ReadError:
    """pdfminer's many exceptions, said in words (pdfplumber wraps them)."""
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return ReadError(ENCRYPTED)
    detail = str(inner) or name
    return ReadError(f"corrupt PDF ({name}: {detail[:120]})")


def _pages(path: Path, max_pages: int) -> Iterator[PdfPage]:
    """Pages one at a time, read through pdfium; through pdfplumber where pdfium cannot
    open the file (pdfminer repairs other damage, or says what is wrong in its words)."""
    _check_header(path)
    try:
        doc = pdfium.open_document(path)
    except pdfium.PdfiumOpenError as e:
        if e.encrypted:
            raise ReadError(ENCRYPTED) from e
        yield from _plumber_pages(path, max_pages)
        return
    try:
        n = len(doc)
        if n == 0:  # nothing pdfium could find: let pdfminer look, or name the damage
            yield from _plumber_pages(path, max_pages)
            return
        _check_length(n, max_pages)
        for i in range(n):
            try:
                content = pdfium.read_page(doc, i)
            except pdfium.PdfiumError as e:
                raise ReadError(f"corrupt PDF (page {i + 1}: {str(e)[:120]})") from e
            yield _read_page(content, i + 1)
    finally:
        doc.close()


def _check_length(n: int, max_pages: int) -> None:
    if n > max_pages:
        raise ReadError(f"{n} pages: more than the {max_pages} pages auditlint reads; "
                        "split the file")


def _plumber_pages(path: Path, max_pages: int) -> Iterator[PdfPage]:
    """The same pages read by pdfplumber (pdfminer), each page's layout released before
    the next."""
    try:
        import pdfplumber
    except ImportError as e:  # pragma: no cover - a broken install
        raise ReadError("corrupt PDF (pdfium cannot open it, and pdfplumber, which might, "
                        "is not installed)") from e
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as e:
        raise _read_error(e) from e
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise _read_error(e) from e
        _check_length(n, max_pages)
        for i in range(n):
            try:
                page = pdf.pages[i]
                try:
                    content = _plumber_content(page)
                finally:
                    with contextlib.suppress(Exception):
                        page.close()
            except Exception as e:  # pdfminer on a damaged file fails in any of its ways
                raise _read_error(e) from e
            yield _read_page(content, i + 1)
    finally:
        # closing a broken file parses it again: its error is said above
        with contextlib.suppress(Exception):
            pdf.close()


def _plumber_content(page: Any) -> pdfium.PageContent:
    edges: list[pdfium.Edge] = []
    for e in page.edges:
        if e["orientation"] == "h":
            edges.append(("h", float(e["top"]), float(e["x0"]), float(e["x1"])))
        elif e["orientation"] == "v":
            edges.append(("v", float(e["x0"]), float(e["top"]), float(e["bottom"])))
    chars = [{"text": c["text"], "x0": float(c["x0"]), "x1": float(c["x1"]),
              "top": float(c["top"]), "bottom": float(c["bottom"]),
              "size": float(c.get("size", 0.0)), "font": c.get("fontname", "")}
             for c in page.chars]
    return pdfium.PageContent(float(page.width), float(page.height), chars, edges,
                              len(page.images))


def _read_page(content: pdfium.PageContent, number: int) -> PdfPage:
    out = PdfPage(number, content.width, content.height, images=content.images)
    chars = content.chars
    if not chars:
        return out
    if _undecodable(chars):
        out.undecodable = True
        return out
    if _has_duplicates(chars):  # bold faked by printing twice: 合合计计
        chars = _dedupe(chars)
    boxes: list[tuple[float, float, float, float]] = []
    for t in find_tables(content.edges):
        table = _table(t, number, chars)
        if table is not None:
            out.tables.append(table)
            boxes.append(t.bbox)

    def outside(c: dict[str, Any]) -> bool:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    out.lines = text_lines([c for c in chars if outside(c)] if boxes else chars, number)
    return out


def text_lines(chars: list[dict[str, Any]], page: int) -> list[PdfLine]:
    """Characters grouped into lines by vertical overlap, left to right.

    Reports set digits in a Latin font whose boxes sit lower than the Chinese ones
    (`支出` at 545-557, `2940.05` at 549.9-561.9): grouping by the top edge, as text
    extraction usually does, puts every number on a line of its own below its sentence.
    A character joins a line when it overlaps the line's band by half its height."""
    lines, bands, spaces = _line_groups(chars)
    gaps = _space_positions(spaces, bands)
    out = [_line_of(sorted(cs, key=lambda c: c["x0"]), page, gaps.get(k, []))
           for k, cs in enumerate(lines)]
    return sorted(out, key=lambda ln: ln.top)


def _line_groups(chars: list[dict[str, Any]]
                 ) -> tuple[list[list[dict[str, Any]]], list[tuple[float, float]],
                            list[dict[str, Any]]]:
    """The visible characters grouped into lines (a character joins a line when it
    overlaps the line's band by half its height), the lines' bands, and the spaces."""
    lines: list[list[dict[str, Any]]] = []
    bands: list[tuple[float, float]] = []
    spaces: list[dict[str, Any]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if not c["text"].strip():
            spaces.append(c)
            continue
        top, bottom = float(c["top"]), float(c["bottom"])
        height = max(bottom - top, 0.1)
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            b_top, b_bottom = bands[k]
            overlap = min(b_bottom, bottom) - max(b_top, top)
            if overlap >= 0.5 * min(height, b_bottom - b_top):
                lines[k].append(c)
                break
        else:
            lines.append([c])
            bands.append((top, bottom))
    return lines, bands, spaces


def _space_positions(spaces: list[dict[str, Any]], bands: list[tuple[float, float]]
                     ) -> dict[int, list[float]]:
    """The x positions of the space characters drawn on each line."""
    out: dict[int, list[float]] = {}
    for c in spaces:
        mid = (float(c["top"]) + float(c["bottom"])) / 2
        for k, (top, bottom) in enumerate(bands):
            if top <= mid <= bottom:
                out.setdefault(k, []).append((float(c["x0"]) + float(c["x1"])) / 2)
                break
    return out


def _line_of(chars: list[dict[str, Any]], page: int, spaces: list[float]) -> PdfLine:
    """A line's text: a space where one was drawn or where the gap between two characters
    is wider than a quarter of the type size."""
    sizes = [float(c.get("size", 0.0)) for c in chars]
    size = statistics.median(sizes) if sizes else 0.0
    parts: list[str] = []
    prev_x1: float | None = None
    for c in chars:
        x0 = float(c["x0"])
        if prev_x1 is not None and (x0 - prev_x1 > max(0.25 * size, 1.5) or any(
                prev_x1 - 0.5 <= x <= x0 + 0.5 for x in spaces)):
            parts.append(" ")
        parts.append(c["text"])
        prev_x1 = float(c["x1"])
    return PdfLine(page, clean("".join(parts)), float(chars[0]["x0"]),
                 max(float(c["x1"]) for c in chars), min(float(c["top"]) for c in chars),
                 max(float(c["bottom"]) for c in chars), float(size))


_CID = lazy_compile(r"\(cid:\d+\)")
UNDECODABLE_SHARE = 0.2


def clean(text: str) -> str:
    """Glyphs pdfminer could not map to Unicode come out as `(cid:123)`: each becomes one
    replacement character, so that its digits are never read as a number."""
    return _CID.sub("\ufffd", text) if "(cid:" in text else text


def _undecodable(chars: list[dict[str, Any]]) -> bool:
    """A page whose text is mostly unmapped glyphs cannot be read (it needs OCR)."""
    visible = [c for c in chars if not c["text"].isspace()]
    bad = sum(1 for c in visible if c["text"].startswith(("(cid:", "\ufffd")))
    return bool(visible) and bad >= UNDECODABLE_SHARE * len(visible)


def _has_duplicates(chars: list[dict[str, Any]]) -> bool:
    seen: set[tuple[str, int, int]] = set()
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen:
            return True
        seen.add(key)
    return False


DEDUPE = 1.0  # points: a glyph printed again this close to itself is the same glyph


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each glyph printed more than once in the same place (faked bold) kept once: among
    characters of the same text, font and size, those whose tops and then left edges chain
    within DEDUPE of each other are one, the first in reading position kept."""
    groups: dict[tuple[str, Any, float], list[int]] = {}
    for k, c in enumerate(chars):
        groups.setdefault((c["text"], c.get("font"), round(float(c.get("size", 0.0)), 3)),
                          []).append(k)
    keep: list[int] = []
    for members in groups.values():
        for by_top in _chains(members, lambda k: chars[k]["top"]):
            for by_x in _chains(by_top, lambda k: chars[k]["x0"]):
                keep.append(min(by_x, key=lambda k: (chars[k]["top"], chars[k]["x0"])))
    return [chars[k] for k in sorted(keep)]


def _chains(members: list[int], value: Any) -> list[list[int]]:
    """Members grouped where their values, sorted, step by no more than DEDUPE."""
    ordered = sorted(members, key=value)
    out: list[list[int]] = []
    for k in ordered:
        if out and value(k) - value(out[-1][-1]) <= DEDUPE:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _table(t: RuledTable, page: int, chars: list[dict[str, Any]]) -> PdfTable | None:
    """A ruled table as a grid with merged positions pointing at their cell; tables of one
    row or one column (a framed paragraph) are left to the text. Each cell's text is built
    from the characters whose centre lies in it, lines grouped as in the text."""
    if len(t.rows) < 2 or len(t.lefts) < 2:
        return None
    xs, ys = list(t.lefts), list(t.tops)
    own: list[tuple[tuple[float, float, float, float], tuple[int, int]]] = []
    grid: list[list[GridCell]] = []
    for i, cells in enumerate(t.rows):
        grid.append([GridCell() if bbox is None else GridCell(origin=None) for bbox in cells])
        own += [(bbox, (i, j)) for j, bbox in enumerate(cells) if bbox is not None]
    pad_grid(grid)
    owned = {pos for _, pos in own}
    for i, row in enumerate(grid):
        for j in range(len(row)):
            if (i, j) in owned:
                continue
            x, y = xs[j] + TOL, ys[i] + TOL
            cover = next((pos for (x0, top, x1, bottom), pos in own
                          if x0 <= x < x1 and top <= y < bottom), None)
            # a grid position no cell covers (a table with a ragged edge) is an empty cell
            row[j] = GridCell(origin=cover) if cover is not None else GridCell()
    x0, top, x1, bottom = t.bbox
    inside = [c for c in chars
              if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    by_cell: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for c, i, j in _placed(inside, xs, ys, float(x1)):
        if i < len(grid) and j < len(grid[i]):
            by_cell.setdefault(grid[i][j].origin or (i, j), []).append(c)
    for (i, j), cs in by_cell.items():
        if grid[i][j].origin is None:
            grid[i][j].text = cell_join([ln.text for ln in text_lines(cs, page)], wrapped=True)
    grid, xs = _fold_columns(grid, xs, float(x1))
    grid = split_level_headers(grid)
    if len(xs) < 2:
        return None
    return PdfTable(page, float(top), float(bottom), xs, grid, [page] * len(grid), float(top),
                   float(bottom))


OVERLAP = 0.2  # share of the narrower glyph by which a character must cover the one before


def _placed(chars: list[dict[str, Any]], xs: list[float], ys: list[float], right: float
            ) -> list[tuple[dict[str, Any], int, int]]:
    """Each character with the grid row and column it stands in: the one holding its
    centre, except where a text is printed over the end of the one before it (the `5` of
    `57.000000` over the last 0 of `107.000000`, its centre still left of the rule): the
    two runs of characters meeting there are two texts, each placed whole in the column
    holding most of it."""
    def row_of(c: dict[str, Any]) -> int:
        return max(0, bisect_right(ys, (c["top"] + c["bottom"]) / 2) - 1)

    where = {id(c): (row_of(c), max(0, bisect_right(xs, (c["x0"] + c["x1"]) / 2) - 1))
             for c in chars}
    by_row: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        by_row.setdefault(where[id(c)][0], []).append(c)
    for i, row_chars in by_row.items():
        for line in _line_groups(row_chars)[0]:
            for run in _overlapping_runs(sorted(line, key=lambda c: c["x0"]), xs[1:]):
                j = _widest_column(float(run[0]["x0"]), float(run[-1]["x1"]), xs, right)
                where.update((id(c), (i, j)) for c in run)
    return [(c, *where[id(c)]) for c in chars]


def _overlapping_runs(line: list[dict[str, Any]], rules: list[float]
                      ) -> list[list[dict[str, Any]]]:
    """The runs of touching characters of a line (left to right) that begin or end where
    a character covers the one before it. A run also ends at a rule it does not cross (a
    figure right-aligned against the rule, the next cell's text set close behind it)."""
    runs: list[list[dict[str, Any]]] = []
    marked: set[int] = set()
    for c in line:
        prev = runs[-1][-1] if runs else None
        if prev is not None:
            x0, end = float(c["x0"]), float(prev["x1"])
            narrow = min(float(c["x1"]) - x0, end - float(prev["x0"]))
            size = float(c.get("size", 0.0)) or narrow
            if x0 < end - OVERLAP * max(narrow, 0.0):
                marked.update((len(runs) - 1, len(runs)))
            elif x0 - end <= max(0.25 * size, 1.5) and not any(end <= x <= x0 for x in rules):
                runs[-1].append(c)
                continue
        runs.append([c])
    return [run for k, run in enumerate(runs) if k in marked]


def _widest_column(a: float, b: float, xs: list[float], right: float) -> int:
    """The column that holds most of the extent a..b."""
    edges = [*xs, right]
    return max(range(len(xs)), key=lambda j: (min(b, edges[j + 1]) - max(a, edges[j]), -j))


THIN = 6.0  # points: a column this narrow holds no character (a double rule's gap)
BLANK = 12.0  # points: a column this narrow that shows no text at all is no column


def _fold_columns(grid: list[list[GridCell]], xs: list[float], right: float
                  ) -> tuple[list[list[GridCell]], list[float]]:
    """Columns that are no columns folded into their neighbours: those too narrow for a
    character that hold no text of their own, only cells going on over other columns
    (drawn where rules are doubled, or where one row's rules miss another's by a few
    points), and narrow ones showing no text anywhere (an empty strip at the table's
    edge). A merged cell keeps its text at the first remaining column it covers. Without
    this the part of a table on the next page, drawn with other such strips, has other
    columns and is not joined to it, and figures stand in the wrong columns."""
    edges = [*xs, right]
    width = len(xs)

    def cell(i: int, j: int) -> tuple[int, int]:
        return grid[i][j].origin or (i, j)

    spans: dict[tuple[int, int], set[int]] = {}
    for i, row in enumerate(grid):
        for j in range(min(width, len(row))):
            spans.setdefault(cell(i, j), set()).add(j)
    own = {j for (i, k), cols in spans.items() if len(cols) == 1 and grid[i][k].text.strip()
           for j in cols}

    def column_shown(j: int) -> bool:
        return any(j < len(row) and shown(grid, row[j], j) for row in grid)

    fold = {j for j in range(width) if j not in own and (
        edges[j + 1] - edges[j] < THIN or (edges[j + 1] - edges[j] < BLANK and not column_shown(j)))}
    keep = [j for j in range(width) if j not in fold]
    if not fold or not keep:
        return grid, xs

    def link(a: int, b: int) -> int:
        """In how many rows columns a and b lie in one cell."""
        return sum(1 for i in range(len(grid)) if cell(i, a) == cell(i, b))

    new_xs: list[float] = []
    for k, j in enumerate(keep):
        start = keep[k - 1] + 1 if k else 0
        if start == j:
            new_xs.append(xs[j])
        elif not k:  # a strip at the left edge: the table starts there if cells span it
            new_xs.append(xs[0] if link(j - 1, j) else xs[j])
        else:  # the rule between two columns is where the strip's cells are never joined
            mid = (xs[start] + xs[j]) / 2
            at = min(range(start, j + 1), key=lambda c: (link(c - 1, c), abs(xs[c] - mid)))
            new_xs.append(xs[at])
    column = {j: k for k, j in enumerate(keep)}
    first: dict[tuple[int, int], tuple[int, int]] = {}
    out: list[list[GridCell]] = []
    for i in range(len(grid)):
        row: list[GridCell] = []
        for j in keep:
            c = cell(i, j)
            at = first.setdefault(c, (i, column[j]))
            row.append(GridCell(text=grid[c[0]][c[1]].text) if at == (i, column[j])
                       else GridCell(origin=at))
        out.append(row)
    return out, new_xs


# -- assembling the document -----------------------------------------------------------

