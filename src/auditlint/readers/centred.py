"""Row names centred on their row's figures, as PDF extraction flattens them.

A PDF table centres a wrapped cell vertically on its row: a name of two lines stands one line
above the row's figures and one below, a name of five lines two above, one beside the figures
and two below. A text column after the figures (超支或结余资金原因) is centred the same way,
its lines interleaved with the name's by height. Read line by line, the lines between two rows
are then the end of the first row's cells and the start of the next one's, and which is which
follows from the symmetry: the lines below a row mirror the lines above it, name for name,
note for note.

`centred_labels` reads a table's rows so, and only when the whole table fits (every row's
lines below are there and of the kind its lines above ask for) and at least one row has its
name split around figures that stand alone on their line: a name wrapped over the lines
before its row only (the other layout) never leaves a row so. Otherwise it gives None and the
rows keep the names the reader gave them.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlint.document import SourceText
from auditlint.readers.flatcells import tokens
from auditlint.readers.flatheader import CLAUSE
from auditlint.readers.lines import Line
from auditlint.readers.textutil import join_texts

_NAME, _NOTE, _BOTH = "name", "note", "both"


@dataclass(frozen=True)
class RowLines:
    """One row of a flattened value table, as its lines show it."""

    gap: tuple[int, ...]  # positions of the fragment lines since the previous row
    line: int  # the position of its own line (its figures)
    inline: SourceText | None  # the piece of its name on its own line
    fixed: bool = False  # a total row: named by its own line alone
    number: SourceText | None = None  # its row number (一, 1), written before its name


@dataclass(frozen=True)
class Centred:
    """The rows' names (without their numbers) and the lines after the last row they took."""

    names: list[SourceText]
    trailing: list[int]


def _kind(line: Line, width: int) -> tuple[str, SourceText | None]:
    """Whether a fragment line holds a piece of the name (no longer than the widest name piece
    beside a row's figures, no clause), of the note after the figures, or one of each side by
    side; with the name's piece."""
    toks = tokens(line)
    if not toks:
        return _NOTE, None
    first = toks[0].text
    name_like = len(first.text) <= width and not CLAUSE.search(first.text)
    if len(toks) == 1:
        return (_NAME, first) if name_like else (_NOTE, None)
    if name_like:
        return _BOTH, first
    return _NOTE, None


def _fits(slot: str, kind: str) -> bool:
    """A line below a row in the place the mirror of its lines above gives: a short line can be
    the end of a note, a line of two pieces only where both columns end."""
    if slot == _BOTH:
        return kind == _BOTH
    if slot == _NOTE:
        return kind in (_NOTE, _NAME)
    return kind == _NAME


def centred_labels(lines: list[Line], seq: list[int], rows: list[RowLines],
                   trailing: list[int]) -> Centred | None:
    """The names of the rows read as centred on their lines (see the module docstring), or
    None when the table does not fit that layout."""
    inline = [len(r.inline.text) for r in rows if r.inline is not None and not r.fixed]
    if not inline:
        return None
    width = max(inline)
    names: list[list[SourceText]] = [[] for _ in rows]
    below: list[str] = []  # what the previous row's lines below must be, in order
    split = False
    for i, row in enumerate([*rows, None]):
        gap = list(row.gap) if row is not None else list(trailing)
        if len(gap) < len(below):
            return None
        for slot, pos in zip(below, gap, strict=False):
            kind, piece = _kind(lines[seq[pos]], width)
            if not _fits(slot, kind):
                return None
            if slot != _NOTE and piece is not None:
                names[i - 1].append(piece)
        if row is None:
            return Centred([join_texts(n) for n in names], gap[:len(below)]) if split else None
        above = [_kind(lines[seq[pos]], width) for pos in gap[len(below):]]
        if row.fixed:
            if above:
                return None
            below = []
            continue
        names[i] = [piece for kind, piece in above if kind != _NOTE and piece is not None]
        if row.inline is not None:
            names[i].append(row.inline)
        elif names[i]:
            split = True  # a name around figures that stand alone: this layout's mark
        below = [kind for kind, _ in reversed(above)]
    return None
