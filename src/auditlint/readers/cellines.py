"""Tables written one cell per line, as a web page or a converted document gives them.

A table whose cells each stand on a line of their own (`205`, `教育支出`, `39.15`, `4.15`,
`08`, `　进修及培训`, `39.15`, …) is gathered back into one line per row, in the form the
spaced-table reader reads (`205 08 进修及培训 39.15 …`): a row starts at a code or a label
that follows a figure, and takes the figures after it. A code of two digits is the 款 or 项
of the 类 above it, told by the indentation of its name (one full-width space for a 款, two
for a 项); without indentation it is left as written. The lines are not changed: the spaced
reader reads the gathered rows, and the lines of a row it takes are all taken.
"""

from __future__ import annotations

from dataclasses import replace

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token

_CODE = lazy_compile(r"^\d{2,3}$")
_INDENT = lazy_compile(r"^[\u3000 ]*")
_MAX_CELL = 40  # characters of one cell line
MIN_FIGURES = 6  # figure lines in a run before it is read as a table
MIN_SHARE = 0.3  # of the run's lines that are figures


def _single_cell(line: Line) -> bool:
    t = line.text.text.strip("\u3000 ")
    return bool(t) and len(t) <= _MAX_CELL and " " not in t


def _is_figure(text: str) -> bool:
    t = text.strip("\u3000 ")
    return is_value_token(t) and not _CODE.match(t)


def gather(lines: list[Line], content: list[int]) -> tuple[list[Line], dict[int, list[int]]]:
    """The lines with each run of one-cell lines gathered into rows (a row's first line
    holds it, its other lines read as blank), and for each gathered row its line indices."""
    out = list(lines)
    rows: dict[int, list[int]] = {}
    k = 0
    while k < len(content):
        end = k
        while end < len(content) and _single_cell(lines[content[end]]):
            end += 1
        run = content[k:end]
        figures = sum(1 for i in run if _is_figure(lines[i].text.text))
        if figures >= MIN_FIGURES and figures >= MIN_SHARE * len(run):
            for first, members, text in _rows(lines, run):
                if len(members) > 1:
                    out[first] = replace(lines[first], text=text, raw=text.text, tokens=None)
                    for i in members[1:]:
                        out[i] = replace(lines[i], kind="blank")
                    rows[first] = members
        k = max(end, k + 1)
    return out, rows


def _rows(lines: list[Line], run: list[int]) -> list[tuple[int, list[int], SourceText]]:
    """The rows of a run: (first line, its lines, the row as one text). A row is its figures
    and the cells right before them from its code on (`301`, `01` written as one code
    `30101`), or from its last label when it has no code; cells before that (a caption, the
    header, the first piece of a wrapped name) stay lines of their own."""
    out: list[tuple[int, list[int], SourceText]] = []
    pending: list[tuple[int, SourceText, bool]] = []  # cells before figures: line, text, code?
    members: list[int] = []
    tokens: list[list[SourceText]] = []  # a token: its pieces, written without spaces
    codes: dict[int, SourceText] = {}  # level (0 类, 1 款) -> the code above

    def flush() -> None:
        if members:
            out.append((members[0], list(members),
                        SourceText.join([SourceText.join(t) for t in tokens], " ")))
        members.clear()
        tokens.clear()

    def open_row() -> None:
        """The row's cells from the pending ones, once its first figure is seen."""
        nonlocal codes
        starts = [k for k, (_, _, code) in enumerate(pending)
                  if code and (k == 0 or not pending[k - 1][2])]
        start = starts[-1] if starts else len(pending) - 1
        for k, (i, src, code) in enumerate(pending[start:], start):
            members.append(i)
            if code and tokens and k > start and pending[k - 1][2]:
                tokens[-1].append(src)
                continue
            if code and k == start:
                depth = _depth(lines, pending, k)
                if len(src.text) == 3:
                    codes = {0: src}
                elif 1 <= depth <= 2 and depth - 1 in codes:
                    tokens.append([*(codes[d] for d in range(depth)), src])
                    codes = {**{d: codes[d] for d in range(depth)}, depth: src}
                    continue
            tokens.append([src])
        pending.clear()

    for i in run:
        raw = lines[i].text
        indent = len(_INDENT.match(raw.text).group(0))  # type: ignore[union-attr]
        cell = raw.text[indent:].rstrip()
        src = raw.slice(indent, indent + len(cell))
        if _is_figure(cell):
            if pending:
                flush()
                open_row()
            if members:  # figures before any label belong to no row
                members.append(i)
                tokens.append([src])
            continue
        pending.append((i, src, bool(_CODE.match(cell))))
    flush()
    return out


def _depth(lines: list[Line], pending: list[tuple[int, SourceText, bool]], k: int) -> int:
    """The indentation of the name after the code at pending[k]: 1 for a 款, 2 for a 项."""
    if k + 1 >= len(pending):
        return 0
    raw = lines[pending[k + 1][0]].raw
    return len(_INDENT.match(raw).group(0))  # type: ignore[union-attr]
