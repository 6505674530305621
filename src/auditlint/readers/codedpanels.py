"""Tables of classification codes laid out in three or more panels side by side.

The 基本支出 table of a 预算 or 决算 lists the economic classes in panels (人员经费 | 公用经费 |
…), each a code, a name and one figure; PDF extraction puts a row of every panel on one line:

    30101 基本工资 1,857.40 30201 办公费 83.92 30701 国内债务付息

A cell left empty leaves no trace, so the panels cannot be told apart by position; but every
figure stands right after the name of its own code, and the codes say where each row
belongs. The rows are unfolded into one table ordered by code (301, 30101, 30102 … 302,
30201 …), so that each class stands above its items and the sums by code can be checked.
Names wrapped onto lines of their own between two rows (`对民间非营利组织和群众` / `39908`)
are kept with their code; a line that is neither a row nor such a piece ends the table, and
pieces after the last row stay text (they may be the next table's caption).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.packs import load_packs
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line, scan_tables
from auditlint.readers.spaced import SpacedTable, header_above
from auditlint.readers.textutil import has_cjk, is_value_token

# a code of the 政府经济分类 or 功能分类: a class (301), a 款 (30101), a 项 (2010101)
_CODE = lazy_compile(r"^\d{3}(?:\d{2}){0,2}$")
_MIN_ROWS = 5  # lines with three panels or more, before the table is believed
_MAX_PIECE = 16  # characters of a name piece wrapped onto a line of its own


@dataclass
class _Segment:
    code: SourceText
    name: list[SourceText] = field(default_factory=list)
    values: list[SourceText] = field(default_factory=list)


def read_coded_panels(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every coded multi-panel table among the free content lines (indices into `lines`)."""
    return scan_tables(lines, free, _table_at)


def _table_at(lines: list[Line], free: list[int], p: int) -> tuple[SpacedTable, int] | None:
    first = _segments(lines[free[p]].text)
    if first is None or len(first) < 3:
        return None
    rows: list[list[_Segment]] = []
    used: list[int] = []
    pieces: list[tuple[int, SourceText]] = []  # name pieces not yet given to a row
    q = p
    while q < len(free):
        i = free[q]
        if q > p and any(lines[k].kind == "text" for k in range(free[q - 1] + 1, i)):
            break
        text = lines[i].text
        segs = _segments(text)
        if segs is not None and all(len(s.values) <= 1 for s in segs):
            _attach(rows, segs, pieces)
            rows.append(segs)
            used.append(i)
            pieces = []
        elif _is_piece(text.text) and len(pieces) < 2:
            pieces.append((i, text))
        else:
            break
        q += 1
    # pieces after the last row may as well be the next table's caption: they stay text
    q -= len(pieces)
    if sum(len(r) >= 3 for r in rows) < _MIN_ROWS:
        return None
    flat = [s for r in rows for s in r]
    codes = [_digits(s.code) for s in flat]
    if len(set(codes)) != len(codes) or not _one_family(codes):
        return None
    head, caption, unit, stated = header_above(lines, free, p)
    value_name = _value_name([lines[k].text.text for k in head]) or "金额"
    grid: list[list[RawCell]] = [[_cell("科目编码"), _cell("科目名称"), _cell(value_name)]]
    for s in sorted(flat, key=lambda s: _digits(s.code)):
        name = SourceText.join(s.name, "") if s.name else SourceText("", [])
        value = s.values[0] if s.values else SourceText("", [])
        grid.append([RawCell(s.code), RawCell(name), RawCell(value)])
    table = build_table(grid, shape="spaced", header_rows=1, caption=caption, unit=unit)
    return SpacedTable(table, sorted({*used, *head, *stated})), q


def _segments(text: SourceText) -> list[_Segment] | None:
    """A line cut at each code that names a row: a code followed by a name, or ending the
    line (its name wrapped onto the lines around). None when the line does not start with a
    code or holds a token that is neither code, name nor figure."""
    first = re.search(r"\S+", text.text)  # most lines start with no code: not cut at all
    if first is None or not _CODE.match(first.group()):
        return None
    toks = [text.slice(m.start(), m.end()) for m in re.finditer(r"\S+", text.text)]
    out: list[_Segment] = []
    for k, tok in enumerate(toks):
        t = tok.text
        nxt = toks[k + 1].text if k + 1 < len(toks) else None
        if _CODE.match(t) and (nxt is None or has_cjk(nxt)) and not (out and not out[-1].name
                                                                     and not out[-1].values):
            out.append(_Segment(tok))
        elif not out:
            return None
        elif has_cjk(t) and not out[-1].values:
            out[-1].name.append(tok)
        elif is_value_token(t) and out[-1].name:
            out[-1].values.append(tok)
        else:
            return None
    return out


def _attach(rows: list[list[_Segment]], segs: list[_Segment],
            pieces: list[tuple[int, SourceText]]) -> None:
    """Name pieces on the lines between two rows: the start of a name whose code has none
    on its line (`39908` alone), else the end of the last name of the row above."""
    for _i, piece in pieces:
        bare = next((s for s in segs if not s.name), None)
        if bare is not None:
            bare.name.insert(0, piece)
        elif rows and rows[-1]:
            rows[-1][-1].name.append(piece)


def _is_piece(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= _MAX_PIECE and " " not in t and has_cjk(t) \
        and not any(ch.isdigit() for ch in t)


def _one_family(codes: list[str]) -> bool:
    """Every code of one classification, each longer code under a class the table lists."""
    classes = {c for c in codes if len(c) == 3}
    return len({c[0] for c in codes}) == 1 and all(c[:3] in classes for c in codes)


def _digits(code: SourceText) -> str:
    return re.sub(r"\D", "", code.text)


def _value_name(header: list[str]) -> str | None:
    """The name of the figure column: a header word written once for each panel that names
    no code, label or row number (`科目名称 决算数 科目名称 决算数` -> 决算数)."""
    words = [w for line in header for w in line.split()]
    others = _label_words()
    names = [w for w in words if words.count(w) >= 2 and w not in others]
    return names[0] if names else None


@cache
def _label_words() -> frozenset[str]:
    packs = load_packs()
    return frozenset(w for key in ("header_code", "header_label", "header_seq")
                     for w in packs.synonyms(key))


def _cell(text: str) -> RawCell:
    return RawCell(SourceText(text, []))
