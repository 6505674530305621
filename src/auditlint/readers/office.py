"""What the .docx and .pdf readers share: building a `Document` and the lines it renders as.

Word and PDF files have no lines of their own that a finding could point at, so the reader
writes them: one line per paragraph, one line per table row (cells aligned in columns,
merged positions drawn as arrows to the cell that holds the text), a marker line before each
table and at each new page. `auditlint render` prints exactly these lines, and every span of
the document refers to them; `location` (paragraph, table/row/column, page) says where the
same text is in the file the reviewer has open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlint.document import Cell, Document, Notice, Paragraph, SourceText, Span, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import (
    RawCell,
    caption_of,
    guess_header_rows,
    is_form_number,
    is_unit_line,
    unit_of,
)
from auditlint.readers.headings import SectionTracker, heading_style
from auditlint.readers.textutil import display_width, join_texts

_PARENTHESISED = lazy_compile(r"^[（(][^（()）]*[)）]$")
# `部门：某某局`: a title row's issuer beside its unit (a name, no figure)
_ISSUER = lazy_compile(r"^[\u4e00-\u9fff]{2,8}\s*[：:]\s*[^0-9：:]{2,40}$")
SEP = " | "
MAX_ALIGN = 24  # wider cells are not padded to: one long remark must not stretch every row
UP, LEFT, UP_LEFT = "↑", "←", "↖"


@dataclass(slots=True)
class GridCell:
    """A grid position as a reader found it: its own text, or `origin` of the merged cell
    that covers it."""

    text: str = ""
    origin: tuple[int, int] | None = None


@dataclass(slots=True)
class RawTable:
    """A table before rendering: a rectangular grid, the page of each row, and what the
    reader knows of its header rows (None: guess)."""

    grid: list[list[GridCell]]
    row_pages: list[int | None] = field(default_factory=list)
    header_rows: int | None = None
    note: str = ""  # e.g. "nested in table 2, row 3, column 4"


def pad_grid(grid: list[list[GridCell]]) -> list[list[GridCell]]:
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend(GridCell() for _ in range(width - len(row)))
    return grid


@dataclass
class DocumentBuilder:
    """Collects blocks in reading order and writes the render lines as it goes."""

    path: str
    format: str
    paginated: bool = True
    lines: list[str] = field(default_factory=list)
    blocks: list[Paragraph | Table] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)
    sections: SectionTracker = field(default_factory=SectionTracker)
    _section: tuple[str, ...] = ()
    _page: int | None = None
    _paragraphs: int = 0
    _tables: int = 0
    _pending: list[Paragraph] = field(default_factory=list)  # short lines a table may claim

    # -- pages -------------------------------------------------------------------------

    def page(self, page: int | None) -> None:
        """Start a new page (a marker line, so the render shows where pages begin)."""
        if page is not None and page != self._page:
            self._page = page
            self.lines.append(f"── page {page} ──")

    # -- paragraphs --------------------------------------------------------------------

    def paragraph(self, text: str, *, page: int | None = None, level: int | None = None,
                  heading: bool | None = None) -> Paragraph | None:
        """Add a paragraph; `level` is an explicit heading level (Word outline level, 1 =
        top), `heading=False` forbids reading it as a heading. Blank text adds nothing."""
        text = text.strip()
        if not text:
            return None
        self.page(page)
        is_heading = False
        if level is not None:
            self._section = self.sections.enter_level(level, text)
            is_heading = True
        elif heading is not False:
            style = heading_style(text)
            if style is not None:
                self._section = self.sections.enter(style, text)
                is_heading = True
        self._paragraphs += 1
        self.lines.append(text)
        para = Paragraph(text=SourceText.at(text, len(self.lines), 1), section=self._section,
                         heading=is_heading, page=self._page if page is None else page,
                         index=self._paragraphs)
        self.blocks.append(para)
        return para

    def marker(self, text: str) -> int:
        """A line that is no block (a skipped text box, a table's title bar); its number."""
        self.lines.append(text)
        return len(self.lines)

    def note(self, message: str, location: str, line: int | None = None, code: str = "AL902"
             ) -> None:
        span = None
        if line is not None:
            width = max(1, len(self.lines[line - 1]))
            span = Span(line, 1, line, width + 1)
        self.notes.append(Notice(code=code, message=message, span=span, location=location))

    def where(self, page: int | None) -> str:
        return f", page {page}" if page is not None else ""

    # -- tables ------------------------------------------------------------------------

    def table(self, raw: RawTable, *, page: int | None = None) -> Table | None:
        """Add a table: caption and unit from the paragraphs just before it, rows rendered
        one line each. An empty grid adds nothing."""
        grid = pad_grid([row for row in raw.grid])
        if not grid or not grid[0]:
            return None
        row_pages = list(raw.row_pages) + [None] * (len(grid) - len(raw.row_pages))
        first_page = next((p for p in row_pages if p is not None), page)
        caption, unit = self._caption_and_unit()
        if caption is None or unit is None:
            bar_caption, bar_unit = _title_bar(grid)
            caption, unit = caption or bar_caption, unit or bar_unit
        self._tables += 1
        self.page(first_page)
        title = f"┌ table {self._tables}" + (f" ({raw.note})" if raw.note else "")
        if caption:
            title += f": {caption}"
        if unit:
            title += f"  [单位：{unit}]"
        self.lines.append(title)
        texts = _render_rows(grid)
        cells: list[list[Cell]] = []
        sources: dict[tuple[int, int], SourceText] = {}
        for r, row in enumerate(grid):
            if row_pages[r] is not None:
                self.page(row_pages[r])
            line_no = len(self.lines) + 1
            offset = 0
            out_row: list[Cell] = []
            for c, gc in enumerate(row):
                shown = texts[r][c]
                if gc.origin is None:
                    sources[(r, c)] = SourceText.at(gc.text, line_no, offset + 1)
                offset += len(shown) + len(SEP)
            for c, gc in enumerate(row):
                if gc.origin is None or gc.origin not in sources:
                    out_row.append(Cell(text=sources[(r, c)] if (r, c) in sources
                                        else SourceText("", []), row=r, col=c))
                else:
                    out_row.append(Cell(text=sources[gc.origin], row=r, col=c, origin=gc.origin))
            cells.append(out_row)
            self.lines.append(SEP.join(texts[r]).rstrip())
        header_rows = raw.header_rows
        if header_rows is None:
            header_rows = _guess_headers(grid, cells)
        table = Table(rows=cells, header_rows=header_rows, caption=caption, unit=unit,
                      shape=self.format, section=self._section, page=first_page,
                      index=self._tables)
        _set_cell_pages(table, row_pages)
        self.blocks.append(table)
        return table

    def _caption_and_unit(self) -> tuple[str | None, str | None]:
        """The unit line and the title line just above a table, found and taken out of
        the text as the text reader does it (their lines stay in the render)."""
        caption = unit = number = None
        taken: list[Paragraph] = []
        k = len(self.blocks) - 1
        looked = 0
        while k >= 0 and looked < 3 and isinstance(self.blocks[k], Paragraph):
            para = self.blocks[k]
            assert isinstance(para, Paragraph)
            text = para.text.text
            if unit is None and caption is None and is_unit_line(text):
                unit = unit_of(text)
                taken.append(para)
            elif _PARENTHESISED.match(text) and caption is None:
                pass
            elif number is None and caption is None and is_form_number(text):
                number = caption_of(text)  # the title above it, if any, is the caption
                if not para.heading:
                    taken.append(para)
            else:
                caption = caption_of(text)
                if caption is not None and not para.heading and heading_style(text) is None:
                    taken.append(para)
                break
            k -= 1
            looked += 1
        caption = caption or number
        for para in taken:
            self.blocks.remove(para)
            self._paragraphs -= 1
        return caption, unit

    def build(self) -> Document:
        doc = Document(path=self.path, format=self.format, blocks=self.blocks, lines=self.lines,
                       notes=self.notes)
        return doc


TITLE_ROWS = 4  # rows at a table's top that may hold its title bar


def _title_bar(grid: list[list[GridCell]]) -> tuple[str | None, str | None]:
    """The caption and unit a table prints inside its frame, above its header: leading rows
    showing one text each, a title over the whole width (`预算01表 收支总表`) or a unit
    line (`金额单位：万元`), or nothing. Without it two such tables have no titles to tell
    them apart."""
    caption = unit = None
    for r, row in enumerate(grid[:TITLE_ROWS]):
        cells = {gc.origin or (r, c) for c, gc in enumerate(row)}
        texts = [(i, j) for i, j in cells if grid[i][j].text.strip()]
        if not texts:
            continue
        if len(texts) > 1:
            bar_unit = _unit_beside_issuer([grid[i][j].text for i, j in texts])
            if unit is None and bar_unit is not None:
                unit = bar_unit
                continue
            break
        (i, j), = texts
        text = grid[i][j].text
        if unit is None and is_unit_line(text):
            unit = unit_of(text)
        elif caption is None and len(cells) == 1 and caption_of(text) is not None:
            caption = caption_of(text)
        else:
            break
    return caption, unit


def _unit_beside_issuer(texts: list[str]) -> str | None:
    """The unit of a title row that prints it beside the issuer (`部门：某某局 | 单位：万元`):
    one unit line, every other text a `label：name` line."""
    units = [t for t in texts if is_unit_line(t)]
    if len(units) != 1 or not all(t in units or _ISSUER.match(t.strip()) for t in texts):
        return None
    return unit_of(units[0])


def _render_rows(grid: list[list[GridCell]]) -> list[list[str]]:
    """The text each grid position shows: its own text, or an arrow to its merged cell."""
    shown: list[list[str]] = []
    for r, row in enumerate(grid):
        out: list[str] = []
        for c, gc in enumerate(row):
            if gc.origin is None:
                out.append(gc.text)
            else:
                orow, ocol = gc.origin
                out.append(UP_LEFT if orow < r and ocol < c else UP if orow < r else LEFT)
        shown.append(out)
    widths = [0] * max((len(r) for r in shown), default=0)
    for row in shown:
        for c, s in enumerate(row):
            widths[c] = max(widths[c], min(display_width(s), MAX_ALIGN))
    for row in shown:
        for c, s in enumerate(row):
            row[c] = s + " " * max(0, widths[c] - display_width(s))
    return shown


def _guess_headers(grid: list[list[GridCell]], cells: list[list[Cell]]) -> int:
    """Header rows by the text readers' rule, fed with the spans the grid shows."""
    raw_rows: list[list[RawCell]] = []
    for r, row in enumerate(grid):
        raws: list[RawCell] = []
        for c, gc in enumerate(row):
            if gc.origin is not None and gc.origin[0] == r and raws:
                raws[-1].span += 1
            else:
                raws.append(RawCell(cells[r][c].text if gc.origin is None else SourceText("", [])))
        raw_rows.append(raws)
    texts = [[c.text for c in row] for row in cells]
    return guess_header_rows(raw_rows, texts)


def _set_cell_pages(table: Table, row_pages: list[int | None]) -> None:
    """Rows on later pages than the table's first say so (a table split over pages)."""
    for r, row in enumerate(table.rows):
        if row_pages[r] is not None and row_pages[r] != table.page:
            for cell in row:
                cell.page = row_pages[r]


def cell_join(parts: list[str], wrapped: bool) -> str:
    """Lines of one cell or one paragraph, re-joined as the text reader joins lines:
    nothing between CJK; between digits or Latin letters a space only where the break was
    a real one (`wrapped=False`: separate paragraphs), none where a line merely wrapped
    (`1,267,8` / `90.12` is one number)."""
    pieces = [SourceText(p.strip(), []) for p in parts if p.strip()]
    return join_texts(pieces, [not wrapped] * len(pieces)).text
