"""The .txt reader: text extracted from PDF or Word, turned into paragraphs and tables.

The order of work: classify lines (furniture out), take the tab tables, take the flattened
tables recognised by their headers, re-join what is left into paragraphs, then walk the
blocks once to give each its section path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from auditlint.document import Block, Document, Notice, Paragraph, SourceText, Span, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers import (
    cellines,
    codedpanels,
    flattened,
    numpanels,
    pairforms,
    rowtables,
    spaced,
    tabbed,
)
from auditlint.readers.encoding import read_decoded, split_lines
from auditlint.readers.grid import caption_of, is_unit_line, unit_of
from auditlint.readers.headings import FILLER, SectionTracker, demote_lists, heading_style
from auditlint.readers.lines import Line, classify
from auditlint.readers.paragraphs import Layout, estimate_layout, group, is_tabular
from auditlint.readers.textutil import join_texts, squeeze_spaced

_PARENTHESISED = lazy_compile(r"^[（(][^（()）]*[)）]$")
_PAREN_UNIT = lazy_compile(r"[（(]((?:亿|万|千)?元)[)）]")
_CAPTION_LOOKBACK = 40


def read_text(path: str | Path) -> Document:
    """Read a .txt report (any of the supported encodings)."""
    decoded = read_decoded(path)
    return parse_text(decoded.text, str(path), decoded.encoding)


def parse_text(text: str, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """Build the Document of an already decoded text (LF line ends)."""
    state = _State(classify(split_lines(text)))
    state.take_tab_tables()
    state.take_flattened_tables()
    state.take_spaced_tables()
    state.take_paragraphs()
    state.note_unread_tables()
    blocks = [b for _, b in sorted(state.blocks, key=lambda x: x[0])]
    _assign_sections(blocks, state.beside_table_rows())
    doc = Document(path=path, format="text", blocks=blocks, lines=split_lines(text),
                   encoding=encoding, notes=state.notes)
    doc.number_blocks()
    return doc


@dataclass
class _State:
    lines: list[Line]
    taken: set[int] = field(default_factory=set)
    blocks: list[tuple[int, Block]] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)

    # ---- tab tables ----

    def take_tab_tables(self) -> None:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.kind != "tab" or i in self.taken:
                i += 1
                continue
            found = tabbed.parse_at(self.lines, i)
            if found is None:
                line.kind = "text"
                i += 1
                continue
            caption, unit = self._caption_and_unit(i)
            found.table.caption = found.table.caption or caption
            found.table.unit = found.table.unit or unit
            self._add_table(i, found.table, range(found.start, found.end))
            self.notes.extend(found.notices)
            i = found.end

    def _caption_and_unit(self, start: int) -> tuple[str | None, str | None]:
        """The unit and caption lines just above a table (taken out of the text)."""
        caption = unit = None
        k = self._prev_content(start)
        looked = 0
        while k is not None and looked < 3:
            text = self.lines[k].text.text
            if unit is None and caption is None and is_unit_line(text):
                unit = unit_of(text)
                self.taken.add(k)
            elif _PARENTHESISED.match(text) and caption is None:
                pass
            else:
                caption = caption_of(text)
                if caption is not None and heading_style(text) is None:
                    self.taken.add(k)
                break
            k = self._prev_content(k)
            looked += 1
        return caption, unit

    def _prev_content(self, i: int) -> int | None:
        k = i - 1
        while k >= 0 and self.lines[k].kind in ("blank", "furniture"):
            k -= 1
        if k < 0 or k in self.taken or self.lines[k].kind != "text":
            return None
        return k

    def _add_table(self, first: int, table: Table, used: range | list[int]) -> None:
        self.taken.update(used)
        if table.page is None:
            table.page = self.lines[first].page
        self.blocks.append((first, table))

    # ---- flattened tables ----

    def take_flattened_tables(self) -> None:
        seq = [i for i, ln in enumerate(self.lines) if ln.kind == "text" and i not in self.taken]
        p = 0
        while p < len(seq):
            if len(self.lines[seq[p]].text.text.split()) < 2:
                p += 1
                continue
            found = flattened.read_at(self.lines, seq, p)
            if found is None:
                p += 1
                continue
            self.notes.extend(found.notices)
            if found.table is None:
                p = max(p + 1, found.end)
                continue
            used = [seq[q] for q in found.used]
            self._finish_flat(found.table, used, seq, found.used[0])
            self._add_table(used[0], found.table, used)
            p = max(p + 1, found.end)

    def _finish_flat(self, table: Table, used: list[int], seq: list[int], first_pos: int) -> None:
        label_head = table.text(0, 0)
        m = _PAREN_UNIT.search(label_head)
        if m:
            table.unit = m.group(1)
        for q in range(first_pos - 1, max(-1, first_pos - _CAPTION_LOOKBACK), -1):
            i = seq[q]
            if i in self.taken:
                break
            text = self.lines[i].text.text
            if table.unit is None and q >= first_pos - 3 and is_unit_line(text):
                table.unit = unit_of(text)
            squeezed = squeeze_spaced(text)
            if squeezed.endswith("表") and caption_of(text):
                table.caption = squeezed
                break

    # ---- tables printed by PDF text extraction, cells split by spaces ----

    def take_spaced_tables(self) -> None:
        free = [i for i, ln in enumerate(self.lines)
                if ln.kind in ("text", "blank", "furniture") and i not in self.taken]
        content = [i for i in free if self.lines[i].kind == "text"]
        lines, gathered = cellines.gather(self.lines, content)
        content = [i for i in content if lines[i].kind == "text"]
        readers = (pairforms.read_pair_forms, codedpanels.read_coded_panels,
                   numpanels.read_numbered_panels, spaced.read_spaced_tables,
                   rowtables.read_row_tables)  # the most specific shape first
        for read in readers:
            content = [i for i in content if i not in self.taken]
            for found in read(lines, content):
                used = sorted({k for i in found.used for k in gathered.get(i, [i])})
                self._add_table(used[0], found.table, used)

    # ---- paragraphs ----

    def take_paragraphs(self) -> None:
        layout = estimate_layout(self.lines)
        run: list[Line] = []
        for i, line in enumerate(self.lines):
            if i in self.taken:
                self._flush(run, layout)
                run = []
            elif line.kind == "text":
                run.append(line)
        self._flush(run, layout)

    def _flush(self, run: list[Line], layout: Layout) -> None:
        if not run:
            return
        for lines in group(run, layout):
            spaced = [a.raw.rstrip("\r") != a.raw.rstrip() for a in lines[:-1]]
            text = join_texts([ln.text for ln in lines], spaced)
            para = Paragraph(text=text, page=lines[0].page)
            self.blocks.append((lines[0].no - 1, para))

    def beside_table_rows(self) -> set[int]:
        """ids of paragraphs whose neighbouring lines are rows of a flattened table."""
        tabular = {
            i for i, ln in enumerate(self.lines)
            if ln.kind == "text" and i not in self.taken and is_tabular(ln.text.text)
        }
        out: set[int] = set()
        for _, block in self.blocks:
            if not isinstance(block, Paragraph) or not block.text.segments:
                continue
            first = block.text.segments[0].line - 1
            last = block.text.segments[-1].line - 1
            before = self._neighbour(first, -1)
            after = self._neighbour(last, 1)
            if before in tabular or after in tabular:
                out.add(id(block))
        return out

    def _neighbour(self, i: int, step: int) -> int | None:
        k = i + step
        while 0 <= k < len(self.lines) and self.lines[k].kind in ("blank", "furniture"):
            k += step
        return k if 0 <= k < len(self.lines) else None

    # ---- notices ----

    def note_unread_tables(self) -> None:
        """Runs of table-like lines that no table reader took: say so (AL902)."""
        run: list[Line] = []
        for i, line in enumerate(self.lines):
            if line.kind in ("blank", "furniture"):
                continue
            if line.kind == "text" and i not in self.taken and is_tabular(line.text.text):
                run.append(line)
                continue
            self._note_run(run)
            run = []
        self._note_run(run)

    def _note_run(self, run: list[Line]) -> None:
        if len(run) < 3:
            return
        first, last = run[0], run[-1]
        span = Span(first.no, first.text.whole_span().column, last.no,
                    last.text.whole_span().end_column)
        self.notes.append(Notice(
            code="AL902",
            message=f"lines {first.no}-{last.no} look like a table whose columns could not be "
                    "recovered; they are read as separate lines",
            span=span,
            location=f"lines {first.no}-{last.no}",
        ))


def _assign_sections(blocks: list[Block], beside_rows: set[int]) -> None:
    """Section paths; a heading-like line next to flattened table rows is a row label."""
    styles = [_style(b, beside_rows) for b in blocks]
    styles = demote_lists(styles)
    tracker = SectionTracker()
    for block, style in zip(blocks, styles, strict=True):
        if isinstance(block, Table):
            block.section = tracker.path
        elif style:
            block.heading = True
            block.section = tracker.enter(style, _heading_text(block.text))
        else:
            block.section = tracker.path


def _style(block: Block, beside_rows: set[int]) -> str | None:
    if isinstance(block, Table):
        return ""
    text = block.text.text
    if id(block) in beside_rows:
        return FILLER
    style = heading_style(text)
    if style is None and (len(text) <= 4 or is_tabular(text)):
        return FILLER
    return style


def _heading_text(text: SourceText) -> str:
    return re.sub(r"\s+", " ", text.text.strip())
