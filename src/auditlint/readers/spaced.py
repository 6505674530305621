"""Tables as PDF text extraction prints them: a line a row, cells split by single spaces.

pdfplumber's `extract_text()` writes each table row on one line, drops empty cells, splits a
header over several lines and writes a classification code as `204 06 01`, `2040601`, `[204]`
or `2040601-行政运行`. A row is read as: an optional code, a label, then its figures; a row
with two label-and-figures groups belongs to a table of two panels (收支总表).

Where a row has fewer figures than the table has value columns, its figures are placed by
what the numbers themselves allow: a total column that is the sum of the others on every full
row, and the row's code parent (a child's figure never exceeds its parent's and stands only
where the parent has one). When the placements left cannot be told apart, only the figures
they agree on are kept; the rest are left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import combinations

from auditlint.document import Notice, SourceText, Span, Table
from auditlint.readers.grid import RawCell, build_table, caption_of, is_unit_line, unit_of
from auditlint.readers.headings import heading_style
from auditlint.readers.lines import Line
from auditlint.readers.textutil import CLAUSE_PUNCT, has_cjk, is_value_token, squeeze_spaced

_TOKEN = re.compile(r"\S+")
_CODE_SPACED = re.compile(r"^\[?(\d{3}(?: \d{1,2}){0,3})\]?(?= |$)")
_CODE_JOINED = re.compile(r"^\[?(\d{3}(?:\d{2}){0,3})\]?(?:[-－—]|(?=[\u4e00-\u9fff]))")
_TABLE_TAG = re.compile(r"^(?:公开|预算|决算|附)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[-－]?\s*表"
                        r"|^表\s*\d{1,2}")
_NUMBERING = re.compile(r"(?:^|(?<=\s))(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．]")
_LANCI = re.compile(r"^(?:栏次|行次)")
_MAX_HEADER_LINES = 8
_MAX_PLACEMENTS = 256


@cache
def _words() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The reader's vocabulary from rules/disclosure.toml (read once)."""
    from auditlint.packs import load_packs

    packs = load_packs()
    return (tuple(packs.words("spaced_caption_suffixes")),
            frozenset(w.replace(" ", "") for w in packs.words("spaced_label_headers")),
            tuple(packs.words("spaced_right_panel_words")),
            tuple(packs.words("spaced_left_panel_words")))


@dataclass(slots=True)
class _Segment:
    label: SourceText | None
    values: list[SourceText]


@dataclass(slots=True)
class _Row:
    line: Line
    code: SourceText | None
    segments: list[_Segment]

    @property
    def n_values(self) -> int:
        return sum(len(s.values) for s in self.segments)


@dataclass(slots=True)
class SpacedTable:
    """A table found, the lines it used, and what could not be placed."""

    table: Table
    used: list[int]
    notices: list[Notice] = field(default_factory=list)


def _tokens(text: SourceText) -> list[SourceText]:
    return [text.slice(m.start(), m.end()) for m in _TOKEN.finditer(text.text)]


def _is_value(tok: str) -> bool:
    return is_value_token(tok) and tok not in ("…", "……")


def parse_row(line: Line) -> _Row | None:
    """A line read as a table row: code, then label/figures groups; None for prose."""
    text = line.text
    t = text.text
    if not t or CLAUSE_PUNCT.search(_NUMBERING.sub(" ", _without_numbers(t))) or len(t) > 160:
        return None
    code: SourceText | None = None
    rest = text
    m = _CODE_SPACED.match(t)
    after = t[m.end():].split(maxsplit=1) if m else []
    if m and after and not _is_value(after[0]):
        code = _padded_code(text.slice(m.start(1), m.end(1)))
        rest = text.slice(m.end(), len(t))
    else:
        m = _CODE_JOINED.match(t)
        if m:
            code = text.slice(m.start(1), m.end(1))
            rest = text.slice(m.end(), len(t))
    toks = _tokens(rest)
    segments: list[_Segment] = []
    label: list[SourceText] = []
    values: list[SourceText] = []
    for tok in toks:
        if _is_value(tok.text):
            values.append(tok)
            continue
        if values:
            segments.extend(_segments(_joined(label), values))
            label, values = [], []
        label.append(tok)
    if label or values:
        segments.extend(_segments(_joined(label), values))
    if not any(s.values for s in segments):
        return None
    return _Row(line, code, segments)


def _padded_code(code: SourceText) -> SourceText:
    """`301 2` -> `301 02`: extraction drops a leading zero of a two-digit code group when the
    digits overprint; the code's digits stay mapped to where they stand."""
    parts: list[SourceText] = []
    pos = 0
    for m in re.finditer(r"\d+", code.text):
        if m.start() > pos:
            parts.append(code.slice(pos, m.start()))
        if pos and len(m.group()) == 1:
            parts.append(SourceText("0", []))
        parts.append(code.slice(m.start(), m.end()))
        pos = m.end()
    return SourceText.join(parts)


def _split_numbered(label: SourceText) -> list[SourceText]:
    """`2. 政府性基金 三、教育支出` -> two labels: a numbered item starting inside a label is a
    new cell (the figures of the first were empty and dropped)."""
    toks = _tokens(label)
    starts = [k for k, tok in enumerate(toks) if k and _NUMBERING.match(tok.text)
              and not (k == 1 and _NUMBERING.fullmatch(toks[0].text))]
    if not starts:
        return [label]
    cut = starts[0]
    return [SourceText.join(toks[:cut], " "), SourceText.join(toks[cut:], " ")]


def _segments(label: SourceText | None, values: list[SourceText]) -> list[_Segment]:
    if label is None:
        return [_Segment(None, values)]
    parts = _split_numbered(label)
    return [_Segment(x, []) for x in parts[:-1]] + [_Segment(parts[-1], values)]


def _without_numbers(t: str) -> str:
    return re.sub(r"\d[\d,]*(?:\.\d+)?", "0", t)


def _joined(parts: list[SourceText]) -> SourceText | None:
    if not parts:
        return None
    return SourceText.join(parts, " ")


def _is_caption(text: str) -> bool:
    suffixes, _, _, _ = _words()
    t = squeeze_spaced(text)
    t = _TABLE_TAG.sub("", t).strip()
    return bool(t) and caption_of(text) is not None and t.endswith(suffixes) and len(t) <= 40


def _is_header_line(text: str) -> bool:
    """Words only, no clause, short: a line of a header cut over several lines."""
    if not has_cjk(text) or len(text) > 80 or CLAUSE_PUNCT.search(text):
        return False
    toks = text.split()
    return not any(_is_value(x) and not _LANCI.match(text) for x in toks) or bool(_LANCI.match(text))


def read_spaced_tables(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every spaced table among the free content lines (indices into `lines`, in order)."""
    out: list[SpacedTable] = []
    p = 0
    while p < len(free):
        found = _table_at(lines, free, p)
        if found is None:
            p += 1
            continue
        table, end = found
        out.append(table)
        p = end
    return out


def _table_at(lines: list[Line], free: list[int], p: int
              ) -> tuple[SpacedTable, int] | None:
    """A table whose first data row is at free[p], with the header lines above it."""
    first = parse_row(lines[free[p]])
    if first is None:
        return None
    header_lines, caption, unit, stated = _header_above(lines, free, p)
    header_texts = {lines[i].text.text for i in header_lines}
    rows: list[_Row] = []
    used: list[int] = []
    wrapped: dict[int, list[SourceText]] = {}  # row position -> label pieces on lines before
    pending: list[SourceText] = []
    pending_lines: list[int] = []
    q = p
    while q < len(free):
        i = free[q]
        if q > p and free[q] != free[q - 1] + 1 and not _only_blank_between(lines, free[q - 1], i):
            break
        line = lines[i]
        text = line.text.text
        row = parse_row(line)
        if row is not None:
            if pending:
                if len(pending) <= 2 and not any(x.text in header_texts for x in pending):
                    wrapped[len(rows)] = pending
                used.extend(pending_lines)
                pending, pending_lines = [], []
            rows.append(row)
            used.append(i)
        elif (q > p and _is_caption(text)) or is_unit_line(text):
            break
        elif _is_header_line(text) and len(text) <= 40 and len(pending) < _MAX_HEADER_LINES:
            pending.append(line.text)
            pending_lines.append(i)
        else:
            break
        q += 1
    if pending:  # label pieces after the last row: a wrapped last label or a note, not read
        q -= len(pending)
    valued = [r for r in rows if r.n_values]
    if len(valued) < 3 or not any(r.n_values >= 2 for r in valued):
        return None
    table = _build(rows, wrapped, [lines[i] for i in header_lines], caption, unit)
    if table is None:
        return None
    return SpacedTable(table, sorted(set(used) | set(header_lines) | set(stated))), q


def _only_blank_between(lines: list[Line], a: int, b: int) -> bool:
    return all(lines[k].kind in ("blank", "furniture") for k in range(a + 1, b))


def _header_above(lines: list[Line], free: list[int], p: int
                  ) -> tuple[list[int], str | None, str | None, list[int]]:
    """Header lines between the table's caption or unit line and its first row; then the
    caption, the unit and the lines that stated them (a caption that reads as a section
    heading stays in the text)."""
    header: list[int] = []
    caption = unit = None
    stated: list[int] = []
    q = p - 1
    while q >= 0 and len(header) < _MAX_HEADER_LINES:
        i = free[q]
        if not _only_blank_between(lines, i, free[q + 1]):
            break
        text = lines[i].text.text
        if is_unit_line(text) or unit_of(text):
            unit = unit_of(text)
            stated.append(i)
            break
        if _is_caption(text):
            caption = squeeze_spaced(text)
            stated.append(i)
            break
        if not _is_header_line(text) or parse_row(lines[i]) is not None:
            break
        header.insert(0, i)
        q -= 1
    if caption is None:
        k = q - 1 if unit else q
        for back in range(3):
            if k - back < 0:
                break
            text = lines[free[k - back]].text.text
            if _is_caption(text):
                caption = squeeze_spaced(text)
                stated.append(free[k - back])
                break
    stated = [i for i in stated if heading_style(lines[i].text.text) is None]
    return header, caption, unit, stated


# ---- from rows to a grid ------------------------------------------------------------------


def _build(rows: list[_Row], wrapped: dict[int, list[SourceText]], header: list[Line],
           caption: str | None, unit: str | None) -> Table | None:
    panels = max(len(r.segments) for r in rows)
    if panels > 2:
        return None
    two = panels == 2 and sum(len(r.segments) == 2 for r in rows) >= 2
    has_code = sum(r.code is not None for r in rows) >= max(2, len(rows) // 3)
    width = [0, 0]
    for r in rows:
        for k, seg in enumerate(_panel_segments(r, two)):
            if seg is not None:
                width[k] = max(width[k], len(seg.values))
    if width[0] == 0 and not two:
        return None
    placed = [[_place(rows, r, seg, width[k], k, two) if seg is not None else None
               for k, seg in enumerate(_panel_segments(r, two))] for r in rows]
    names = _value_names(header, width[0] + width[1])
    head: list[RawCell] = []
    if has_code:
        head.append(RawCell(SourceText("科目编码", [])))
    head.append(RawCell(SourceText("项目", [])))
    head.extend(RawCell(SourceText(n, [])) for n in names[: width[0]])
    if two:
        head.append(RawCell(SourceText("项目", [])))
        head.extend(RawCell(SourceText(n, [])) for n in names[width[0]:])
    grid: list[list[RawCell]] = [head]
    for n, (r, cells) in enumerate(zip(rows, placed, strict=True)):
        out: list[RawCell] = []
        if has_code:
            out.append(RawCell(r.code or SourceText("", [])))
        for k in range(2 if two else 1):
            seg = _panel_segments(r, two)[k]
            label = seg.label if seg is not None and seg.label is not None else SourceText("", [])
            if k == 0 and n in wrapped:
                label = SourceText.join([*wrapped[n], label])
            out.append(RawCell(label))
            values = cells[k] or [None] * width[k]
            out.extend(RawCell(v if v is not None else SourceText("", [])) for v in values)
        grid.append(out)
    return build_table(grid, shape="spaced", header_rows=1, caption=caption, unit=unit)


def _panel_segments(row: _Row, two: bool) -> list[_Segment | None]:
    """The row's groups by panel: [left] or [left, right]."""
    if not two:
        return [_Segment(_joined([s.label for s in row.segments if s.label is not None]),
                         [v for s in row.segments for v in s.values])]
    if len(row.segments) >= 2:
        return [row.segments[0], row.segments[1]]
    seg = row.segments[0]
    return [None, seg] if _right_panel(seg.label.text if seg.label else "") else [seg, None]


def _right_panel(label: str) -> bool:
    """A one-group row of a two-panel table: the left panel only when its words say income;
    the right panel (expenditure, usually the longer list) otherwise."""
    _, _, right, left = _words()
    return not any(w in label for w in left) or any(w in label for w in right)


def _value_names(header: list[Line], width: int) -> list[str]:
    """Names of the value columns when the header words fit them one to one, else 金额N
    (an amount column whose name is not known)."""
    _, label_words, _, _ = _words()
    best: list[str] = []
    for line in header:
        words = [w for w in line.text.text.split() if w.replace(" ", "") not in label_words]
        if len(words) == width:
            best = words
    if not best:
        words = [w for line in header for w in line.text.text.split()
                 if w.replace(" ", "") not in label_words]
        if len(words) == width:
            best = words
    return best or [f"金额{j + 1}" for j in range(width)]


def _number(tok: SourceText | None) -> Decimal | None:
    if tok is None:
        return None
    t = tok.text.replace(",", "")
    try:
        return Decimal(t) if not t.endswith(("%", "％")) else None
    except InvalidOperation:
        return None


def _place(rows: list[_Row], row: _Row, seg: _Segment, width: int, panel: int, two: bool
           ) -> list[SourceText | None]:
    """The row's figures in their columns; figures whose column is not known are left out."""
    values = seg.values
    if len(values) == width:
        return list(values)
    if not values or width > 12:
        return [None] * width
    options = [c for c in combinations(range(width), len(values))][:_MAX_PLACEMENTS]
    full = [_panel_segments(r, two)[panel] for r in rows]
    full_values = [[_number(v) for v in s.values] for s in full
                   if s is not None and len(s.values) == width]
    if _total_first(full_values):
        options = [o for o in options if _first_is_total(values, o)] or options
    parent = _parent_values(rows, row, panel, two, width)
    if parent is not None:
        kept = [o for o in options if _under(values, o, parent)]
        options = kept or options
    agreed: list[SourceText | None] = [None] * width
    for k, v in enumerate(values):
        cols = {o[k] for o in options}
        if len(cols) == 1:
            agreed[cols.pop()] = v
    return agreed


def _total_first(full: list[list[Decimal | None]]) -> bool:
    """On every full row with figures beyond the first, the first is the sum of the rest."""
    support = 0
    for vals in full:
        if len(vals) < 3 or any(v is None for v in vals):
            continue
        rest = sum(vals[1:], Decimal(0))  # type: ignore[arg-type]
        if vals[0] != rest:
            return False
        support += vals[0] != 0
    return support >= 2


def _first_is_total(values: list[SourceText], option: tuple[int, ...]) -> bool:
    """A placement that puts the row's first figure in the total column, where it is the sum
    of the others."""
    nums = [_number(v) for v in values]
    if option[0] != 0 or any(n is None for n in nums):
        return False
    return nums[0] == sum(nums[1:], Decimal(0))  # type: ignore[arg-type]


def _parent_values(rows: list[_Row], row: _Row, panel: int, two: bool, width: int
                   ) -> list[Decimal | None] | None:
    """The figures of the nearest row above whose code is a prefix of this row's code."""
    if row.code is None:
        return None
    code = row.code.text.replace(" ", "").strip("[]")
    i = rows.index(row)
    for r in reversed(rows[:i]):
        if r.code is None:
            continue
        c = r.code.text.replace(" ", "").strip("[]")
        if code.startswith(c) and len(c) < len(code):
            seg = _panel_segments(r, two)[panel]
            if seg is None or len(seg.values) != width:
                return None
            return [_number(v) for v in seg.values]
    return None


def _under(values: list[SourceText], option: tuple[int, ...], parent: list[Decimal | None]
           ) -> bool:
    """Each figure stands where the parent has a figure at least as large."""
    for v, c in zip(values, option, strict=True):
        n, p = _number(v), parent[c]
        if n is None or p is None:
            continue
        if n != 0 and (p == 0 or abs(n) > abs(p)):
            return False
    return True


def notice_for(lines: list[Line], first: int, last: int, message: str) -> Notice:
    a, b = lines[first], lines[last]
    span = Span(a.no, a.text.whole_span().column, b.no, b.text.whole_span().end_column)
    return Notice(code="AL902", message=message, span=span, location=f"lines {a.no}-{b.no}")
