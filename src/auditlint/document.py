"""The `Document`: what a reader makes of a file, and the only thing later stages see.

A document is an ordered list of blocks (`Paragraph`, `Table`). Every piece of text is a
`SourceText`, which remembers where each of its characters came from in the original file,
so that a finding on a sentence re-joined from three wrapped lines still points at the
right line and column.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the original file: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True, unsafe_hash=True)
class Segment:
    """A run of `length` characters at `offset` in a text, copied from (line, column).

    Never changed once made, but not declared frozen: a frozen dataclass is built three times
    slower, and a source map is made for every token a reader cuts (hashable all the same)."""

    offset: int
    line: int
    column: int
    length: int


def _offset(s: Segment) -> int:
    return s.offset


@dataclass(slots=True)
class SourceText:
    """Text plus its source map (segments in increasing offset order).

    Characters not covered by a segment (a space inserted when joining lines) map to the end
    of the segment before them.
    """

    text: str
    segments: list[Segment] = field(default_factory=list)

    @classmethod
    def at(cls, text: str, line: int, column: int) -> SourceText:
        """Text copied verbatim from one place of one line."""
        return cls(text, [Segment(0, line, column, len(text))] if text else [])

    @classmethod
    def join(cls, parts: list[SourceText], sep: str = "") -> SourceText:
        """Concatenate texts, shifting their source maps."""
        text_parts: list[str] = []
        segments: list[Segment] = []
        offset = 0
        for i, part in enumerate(parts):
            if i and sep:
                text_parts.append(sep)
                offset += len(sep)
            text_parts.append(part.text)
            segments += [Segment(s.offset + offset, s.line, s.column, s.length)
                         for s in part.segments]
            offset += len(part.text)
        return cls("".join(text_parts), segments)

    def slice(self, start: int, end: int) -> SourceText:
        """The part [start, end) with its own source map."""
        if len(self.segments) == 1:  # one line's text, the common case: no search
            s = self.segments[0]
            so = s.offset
            a = so if so > start else start  # max and min, without the calls (a token each)
            b = so + s.length
            if end < b:
                b = end
            one = [Segment(a - start, s.line, s.column + (a - so), b - a)] if a < b else []
            return SourceText(self.text[start:end], one)
        segs: list[Segment] = []
        # the segments are in offset order: start from the one `start` falls in, not from the
        # first (a paragraph of many lines is sliced once per figure)
        first = max(bisect.bisect_right(self.segments, start, key=_offset) - 1, 0)
        for s in itertools.islice(self.segments, first, None):
            if s.offset >= end:
                break
            a, b = max(s.offset, start), min(s.offset + s.length, end)
            if a < b:
                segs.append(Segment(a - start, s.line, s.column + (a - s.offset), b - a))
        return SourceText(self.text[start:end], segs)

    def strip(self) -> SourceText:
        stripped = self.text.strip()
        if not stripped:
            return SourceText("", [])
        start = len(self.text) - len(self.text.lstrip())
        return self.slice(start, start + len(stripped))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset`; past the end, just after the last one."""
        if not self.segments:
            return (1, 1)
        i = bisect.bisect_right(self.segments, offset, key=_offset) - 1
        if i < 0:
            s = self.segments[0]
            return (s.line, s.column)
        s = self.segments[i]
        if offset < s.offset + s.length:
            return (s.line, s.column + offset - s.offset)
        return (s.line, s.column + s.length)

    def span(self, start: int, end: int) -> Span:
        """The file span of characters [start, end) of this text."""
        line, col = self.position(start)
        if end <= start:
            return Span(line, col, line, col)
        end_line, end_col = self.position(end - 1)
        return Span(line, col, end_line, end_col + 1)

    def whole_span(self) -> Span:
        return self.span(0, len(self.text))


@dataclass(slots=True)
class Paragraph:
    """A sentence or paragraph of narrative, wrapped lines re-joined.

    `section` is the heading path the paragraph stands under (outermost first); `heading`
    marks the paragraph as a heading itself; `page` is known for paginated sources.
    """

    text: SourceText
    section: tuple[str, ...] = ()
    heading: bool = False
    page: int | None = None
    index: int = 0  # position among the document's paragraphs (1-based once numbered)


@dataclass(slots=True)
class Cell:
    """One grid position. A merged cell appears at every grid position it covers, with
    `origin` naming the (row, column) where its text stands; `merged` is then True for the
    copies. `page` is the page the cell's row stands on, for a table that runs over several
    pages (None: the table's own `page`)."""

    text: SourceText
    row: int
    col: int
    origin: tuple[int, int] | None = None
    page: int | None = None

    @property
    def merged(self) -> bool:
        return self.origin is not None and self.origin != (self.row, self.col)


@dataclass(slots=True)
class Table:
    """A rectangular grid of cells (rows padded to the same width).

    `header_rows` counts the leading rows that are headers as the reader saw them (0 when it
    could not tell; table interpretation may decide again). `caption` is the title line
    before the table, `unit` the unit line (`单位：万元`) when one was found.
    """

    rows: list[list[Cell]]
    header_rows: int = 0
    caption: str | None = None
    unit: str | None = None
    # tsv | cell-per-line | flattened | spaced | headed-row | markdown | docx | pdf; headed-row:
    # one row whose figures fill, in order, the columns its one-line header names (no cell
    # placed by inference, so its sums are not gated like a spaced table's)
    shape: str = "tsv"
    section: tuple[str, ...] = ()
    page: int | None = None
    index: int = 0  # 1-based number among the document's tables
    # a grid rebuilt from text where some rows had fewer figures than the table has columns
    # (where those figures stand was inferred, not read), or whose end could not be read
    ragged: bool = False
    # the widest row, counted once: n_cols is asked on every cell access
    _width: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        """The number of columns. A table's rows are fixed once a reader has built it."""
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width

    def cell(self, row: int, col: int) -> Cell | None:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        c = self.cell(row, col)
        return c.text.text if c else ""

    def page_of(self, row: int, col: int = 0) -> int | None:
        """The page a cell stands on: its own for a table split over pages, else the
        table's."""
        c = self.cell(row, col)
        return c.page if c is not None and c.page is not None else self.page


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """A report as auditlint sees it.

    `lines` are the original file's lines (for code frames); for formats without lines of
    their own (.docx, .pdf) they are the lines that `auditlint render` prints, and spans
    refer to those.
    """

    path: str
    format: str  # text | markdown | docx | pdf
    blocks: list[Block] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    notes: list[Notice] = field(default_factory=list)
    # the tables of `blocks` when last asked: (that list, its length, its tables)
    _tables: tuple[list[Block], int, list[Table]] | None = field(
        default=None, repr=False, compare=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        """The tables in order (a new list each time)."""
        return list(self._kept_tables())

    def table(self, index: int | None) -> Table | None:
        """The table numbered `index` (see `number_blocks`), without a scan of the tables."""
        kept = self._kept_tables()
        if index is not None and 1 <= index <= len(kept) and kept[index - 1].index == index:
            return kept[index - 1]
        return next((t for t in kept if t.index == index), None)

    def _kept_tables(self) -> list[Table]:
        """Extractors ask for the tables once per table, so the answer is kept while `blocks`
        is the same list of the same length: a report of many tables is not scanned block by
        block for each of them."""
        kept = self._tables
        if kept is None or kept[0] is not self.blocks or kept[1] != len(self.blocks):
            kept = self._tables = (self.blocks, len(self.blocks),
                                   [b for b in self.blocks if isinstance(b, Table)])
        return kept[2]

    def number_blocks(self) -> None:
        """Give paragraphs and tables their 1-based numbers, in document order."""
        p = t = 0
        for b in self.blocks:
            if isinstance(b, Table):
                t += 1
                b.index = t
            else:
                p += 1
                b.index = p


@dataclass(slots=True)
class Notice:
    """Something a reader wants reported (AL9xx): a table it could not read, a skipped box."""

    code: str
    message: str
    span: Span | None = None
    location: str = ""
