"""The .md reader: paragraphs, headings and pipe tables (markdown-it-py, GFM tables).

markdown-it gives each block its source lines; the text of a block is the plain text of its
inline tokens (emphasis markup, link targets and HTML comments dropped), and every character
of it is located again in the source lines, so that a number inside `**…**` still points at
its own column.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from auditlint.document import Block, Document, Paragraph, Segment, SourceText, Table
from auditlint.readers.encoding import read_decoded, split_lines
from auditlint.readers.grid import RawCell, build_table, caption_of, is_unit_line, unit_of
from auditlint.readers.headings import SectionTracker, heading_style
from auditlint.readers.textutil import join_texts

_MARKUP = frozenset(" \t\n*_~`[]()!<>#|\\-+")


def read_markdown(path: str | Path) -> Document:
    """Read a .md report."""
    decoded = read_decoded(path)
    return parse_markdown(decoded.text, str(path), decoded.encoding)


def parse_markdown(text: str, path: str = "<markdown>", encoding: str = "utf-8") -> Document:
    """Build the Document of an already decoded markdown text."""
    lines = split_lines(text)
    md = MarkdownIt("commonmark").enable("table")
    builder = _Builder(lines)
    builder.walk(md.parse(text))
    doc = Document(path=path, format="markdown", blocks=builder.blocks, lines=lines,
                   encoding=encoding)
    doc.number_blocks()
    return doc


class _Aligner:
    """Finds the characters of plain text again in a region of the source, in order."""

    def __init__(self, lines: list[str], first: int, last: int, start_col: int = 0,
                 end_col: int | None = None) -> None:
        part = lines[first:last]
        if part and end_col is not None:
            part = [part[0][:end_col]]
        if part and start_col:
            part = [" " * start_col + part[0][start_col:], *part[1:]]
        self.region = "\n".join(part)
        self.starts = [0]
        for line in part[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.first = first
        self.cursor = start_col

    def locate(self, piece: str) -> SourceText:
        if not piece:
            return SourceText("", [])
        pos = self.region.find(piece, self.cursor)
        if pos >= 0 and all(ch in _MARKUP for ch in self.region[self.cursor:pos]):
            self.cursor = pos + len(piece)
            return SourceText(piece, self._segments([(0, pos, len(piece))]))
        runs: list[tuple[int, int, int]] = []
        for i, ch in enumerate(piece):
            found = self.region.find(ch, self.cursor)
            if found < 0:
                continue
            self.cursor = found + 1
            if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == found:
                runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + 1)
            else:
                runs.append((i, found, 1))
        return SourceText(piece, self._segments(runs))

    def _segments(self, runs: list[tuple[int, int, int]]) -> list[Segment]:
        out: list[Segment] = []
        for offset, pos, length in runs:
            k = bisect.bisect_right(self.starts, pos) - 1
            col = pos - self.starts[k]
            line_end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.region)
            take = min(length, line_end - pos)
            out.append(Segment(offset, self.first + k + 1, col + 1, take))
            if take < length:  # a run never crosses a line, but stay safe
                out.extend(self._segments([(offset + take, pos + take + 1, length - take - 1)]))
        return out


def _inline_lines(inline: Token, aligner: _Aligner) -> list[SourceText]:
    """The plain text of an inline token, split where the source breaks lines."""
    lines: list[list[SourceText]] = [[]]
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "image"):
            lines[-1].append(aligner.locate(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            lines.append([])
    return [join_texts(parts) for parts in lines]


@dataclass
class _Builder:
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    tracker: SectionTracker = field(default_factory=SectionTracker)

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open" and i + 1 < len(tokens):
                self._heading(int(tok.tag[1:]), tokens[i + 1])
                i += 2
            elif tok.type == "paragraph_open" and i + 1 < len(tokens):
                self._paragraph(tokens[i + 1])
                i += 2
            elif tok.type == "table_open":
                end = next(k for k in range(i, len(tokens)) if tokens[k].type == "table_close")
                self._table(tokens[i:end + 1])
                i = end + 1
            else:
                i += 1

    def _aligner(self, tok: Token) -> _Aligner:
        first, last = tok.map or (0, 0)
        return _Aligner(self.lines, first, last)

    def _heading(self, level: int, inline: Token) -> None:
        text = join_texts(_inline_lines(inline, self._aligner(inline)), [True] * 8)
        if not text.text.strip():
            return
        section = self.tracker.enter_level(level, text.text.strip())
        self.blocks.append(Paragraph(text=text.strip(), section=section, heading=True))

    def _paragraph(self, inline: Token) -> None:
        """A paragraph; a numbered heading line at its top (一、…) stands on its own."""
        pieces = [p.strip() for p in _inline_lines(inline, self._aligner(inline))]
        pieces = [p for p in pieces if p.text]
        group: list[SourceText] = []
        for piece in pieces:
            style = heading_style(piece.text)
            if style is not None and len(pieces) > 1:
                self._emit(group)
                group = []
                section = self.tracker.enter(style, piece.text)
                self.blocks.append(Paragraph(text=piece, section=section, heading=True))
            else:
                group.append(piece)
        self._emit(group)

    def _emit(self, group: list[SourceText]) -> None:
        if not group:
            return
        text = join_texts(group, [True] * len(group))
        style = heading_style(text.text)
        if style is not None:
            self.blocks.append(Paragraph(text=text, section=self.tracker.enter(style, text.text),
                                         heading=True))
        else:
            self.blocks.append(Paragraph(text=text, section=self.tracker.path))

    def _table(self, tokens: list[Token]) -> None:
        rows: list[list[RawCell]] = []
        header = 0
        in_head = False
        row_line: int | None = None
        cells: list[Token] = []
        for tok in tokens:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row_line = tok.map[0] if tok.map else None
                cells = []
            elif tok.type == "inline":
                cells.append(tok)
            elif tok.type == "tr_close":
                rows.append(self._row(cells, row_line))
                header += 1 if in_head else 0
        table = build_table(rows, shape="markdown", header_rows=header, merge_down="leading")
        table.section = self.tracker.path
        self._take_caption(table)
        self.blocks.append(table)

    def _row(self, cells: list[Token], line: int | None) -> list[RawCell]:
        if line is None:
            return [RawCell(SourceText(c.content, [])) for c in cells]
        bounds = _cell_bounds(self.lines[line])
        out: list[RawCell] = []
        shared = _Aligner(self.lines, line, line + 1)
        for k, cell in enumerate(cells):
            if len(bounds) == len(cells):
                start, end = bounds[k]
                aligner = _Aligner(self.lines, line, line + 1, start, end)
            else:
                aligner = shared
            parts = _inline_lines(cell, aligner)
            out.append(RawCell(join_texts(parts).strip()))
        return out

    def _take_caption(self, table: Table) -> None:
        """A unit line and a caption paragraph just before the table belong to it."""
        for _ in range(2):
            if not self.blocks or not isinstance(self.blocks[-1], Paragraph):
                return
            prev = self.blocks[-1]
            if prev.heading:
                return
            text = prev.text.text
            if table.unit is None and is_unit_line(text):
                table.unit = unit_of(text)
                self.blocks.pop()
            elif table.caption is None and caption_of(text) is not None:
                table.caption = caption_of(text)
                self.blocks.pop()
                return
            else:
                return


def _cell_bounds(line: str) -> list[tuple[int, int]]:
    """Column ranges of the cells of a pipe-table row (escaped pipes stay inside cells)."""
    cuts: list[int] = []
    escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cuts.append(i)
    edges = [-1, *cuts, len(line)]
    bounds = [(a + 1, b) for a, b in pairwise(edges)]
    if bounds and not line[: bounds[0][1]].strip():
        bounds = bounds[1:]
    if bounds and not line[bounds[-1][0]:].strip():
        bounds = bounds[:-1]
    return bounds
