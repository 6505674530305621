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
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from auditlint.document import SourceText, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import RawCell, build_table, caption_of, is_unit_line, unit_of
from auditlint.readers.headings import heading_style
from auditlint.readers.lines import Line
from auditlint.readers.placement import place_panel, raw_cells
from auditlint.readers.textutil import has_cjk, is_value_token, squeeze_spaced

_TOKEN = lazy_compile(r"\S+")
_CODE_SPACED = lazy_compile(r"^\[?(\d{3}(?: \d{1,2}){0,3})\]?(?= |$)")
_CODE_JOINED = re.compile(r"^\[?(\d{3}(?:\d{2}){0,3}|\d{6})\]?(?:[-－—]|\s?(?=[\u4e00-\u9fff]))")
_CODE_ALONE = lazy_compile(r"^(\d{3}(?:\d{2}){1,3})(?= )")
# a figure that is the code of the label after it (`30201 办公费` in a second panel)
_CODE_TOKEN = lazy_compile(r"^\[?(?:[23]\d{2}(?:\d{2}){0,2}|5\d{4})\]?$")
_TABLE_TAG = lazy_compile(r"^(?:公开|预算|决算|附)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[-－]?\s*表"
                        r"|^表\s*\d{1,2}")
# what a caption may add after its title: `支出预算表（功能科目）`, `支出表（按经济分类）`
_QUALIFIER = lazy_compile(r"[（(][^（()）]{1,20}[)）]$")
# punctuation of prose, not of a table row (a label may hold 、 and 其中：)
_PROSE = lazy_compile(r"[，。；;！？]|,(?!\d{3})")
_NUMBERING = lazy_compile(r"(?:^|(?<=\s))(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．]")
_TARGET = lazy_compile(r"[≥≤＞＜><]|不低于|不高于|不少于|不超过")
_LANCI = lazy_compile(r"^(?:栏次|行次)")
_MAX_HEADER_LINES = 12
_MAX_PLACEMENTS = 256


@cache
def _words() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...], tuple[str, ...],
                      tuple[str, ...], tuple[str, ...]]:
    """The reader's vocabulary from rules/disclosure.toml and rules/tables.toml (read once)."""
    from auditlint.packs import load_packs

    packs = load_packs()
    return (tuple(packs.words("spaced_caption_suffixes")),
            frozenset(w.replace(" ", "") for w in packs.words("spaced_label_headers")),
            tuple(packs.words("spaced_right_panel_words")),
            tuple(packs.words("spaced_left_panel_words")),
            tuple(w.replace(" ", "") for w in packs.totals("rows")),
            tuple(packs.words("spaced_form_words")))


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
    """A table found and the lines it used."""

    table: Table
    used: list[int]


def _tokens(text: SourceText) -> list[SourceText]:
    return [text.slice(m.start(), m.end()) for m in _TOKEN.finditer(text.text)]


def _is_value(tok: str) -> bool:
    return is_value_token(tok) and tok not in ("…", "……")


def parse_row(line: Line, labels_only: bool = False) -> _Row | None:
    """A line read as a table row: code, then label/figures groups; None for prose. With
    `labels_only`, a row of numbered labels without figures (`二、事业收入 二、外交支出`: both
    cells empty) is a row too."""
    text = line.text
    t = text.text
    if not t or _PROSE.search(_without_numbers(t)) or len(t) > 160:
        return None
    code: SourceText | None = None
    rest = text
    m = _CODE_SPACED.match(t)
    after = t[m.end():].split(maxsplit=1) if m else []
    if m and after and (not _is_value(after[0]) or _code_then_amounts(m.group(1), after[0])):
        code = _padded_code(text.slice(m.start(1), m.end(1)))
        rest = text.slice(m.end(), len(t))
    else:
        m = _CODE_JOINED.match(t) or _CODE_ALONE.match(t)
        nxt = t[m.end():].split(maxsplit=1) if m else []
        if m and (m.re is _CODE_JOINED or (nxt and _code_then_amounts(m.group(1), nxt[0]))):
            code = text.slice(m.start(1), m.end(1))
            rest = text.slice(m.end(), len(t))
    # a line with no figure is no row (below): not cut into mapped tokens (header lines, labels)
    toks = _tokens(rest) if labels_only or any(_is_value(x) for x in rest.text.split()) else []
    segments: list[_Segment] = []
    label: list[SourceText] = []
    values: list[SourceText] = []
    for k, tok in enumerate(toks):
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        # `30101 基本工资 50101 工资奖金津补贴 …`: the code of a second classification (政府
        # 经济分类 beside 部门经济分类) names the same row; a code of the row's own family after
        # a label starts another panel, and is read as such below
        code_here = bool(_CODE_TOKEN.match(tok.text)) and bool(nxt) and not _is_value(nxt) and (
            bool(values) or (bool(label) and code is not None
                             and code.text.lstrip("[")[:1] != tok.text.lstrip("[")[:1]))
        if _is_value(tok.text) and not code_here:
            values.append(tok)
            continue
        if values:
            segments.extend(_segments(_joined(label), values))
            label, values = [], []
        label.append(tok)
    if label or values:
        segments.extend(_segments(_joined(label), values))
    if len(segments) > 1 and segments[0].label is None and len(segments[0].values) == 1 \
            and re.fullmatch(r"\d{1,3}", segments[0].values[0].text):
        segments[0] = _Segment(None, [])  # the 行次 of a left panel whose cells are empty
    elif len(segments) == 1 and segments[0].label is None and len(segments[0].values) >= 3 \
            and all(re.fullmatch(r"\d{1,3}", v.text) for v in segments[0].values[:2]):
        # `21 47 0.00` (the name wrapped around): the left panel's 行次 with nothing beside
        # it, then the right panel's 行次 and figure
        segments = [_Segment(None, []), _Segment(None, segments[0].values[1:])]
    if not any(s.values for s in segments) and not (
            labels_only and segments and all(s.label is not None and _NUMBERING.match(s.label.text)
                                             for s in segments)):
        return None
    return _Row(line, code, segments)


def _code_then_amounts(code: str, following: str) -> bool:
    """`208 76.23 76.23 …`: a code whose name was wrapped onto the lines around it, before
    amounts written with decimals or thousands separators (which a code never has)."""
    return " " not in code and len(code) in (3, 5, 7) and bool(re.search(r"[.,]", following))


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
    words = _TOKEN.findall(label.text)  # the tokens' text: cut only where a label starts
    starts = [k for k, tok in enumerate(words) if k and _NUMBERING.match(tok)
              and not (k == 1 and _NUMBERING.fullmatch(words[0]))]
    if not starts:
        return [label]
    toks = _tokens(label)
    cut = starts[0]
    return [SourceText.join(toks[:cut], " "), SourceText.join(toks[cut:], " ")]


def _segments(label: SourceText | None, values: list[SourceText]) -> list[_Segment]:
    if label is None:
        return [_Segment(None, values)]
    parts = _split_numbered(label)
    return [_Segment(x, []) for x in parts[:-1]] + [_Segment(parts[-1], values)]


_A_NUMBER = lazy_compile(r"\d[\d,]*(?:\.\d+)?")


def _without_numbers(t: str) -> str:
    return _A_NUMBER.sub("0", t)


def _joined(parts: list[SourceText]) -> SourceText | None:
    if not parts:
        return None
    return SourceText.join(parts, " ")


@lru_cache(maxsize=1 << 14)
def _is_caption(text: str) -> bool:
    suffixes = _words()[0]
    t = squeeze_spaced(text)
    t = _QUALIFIER.sub("", _TABLE_TAG.sub("", t).strip())
    return bool(t) and caption_of(text) is not None and t.endswith(suffixes) and len(t) <= 40


@lru_cache(maxsize=1 << 14)
def _is_header_line(text: str) -> bool:
    """Words only, no clause, short: a line of a header cut over several lines."""
    if not has_cjk(text) or len(text) > 80 or _PROSE.search(text):
        return False
    toks = text.split()
    return not any(_is_value(x) and not _LANCI.match(text) for x in toks) or bool(_LANCI.match(text))


def read_spaced_tables(lines: list[Line], free: list[int]) -> list[SpacedTable]:
    """Every spaced table among the free content lines (indices into `lines`, in order)."""
    out: list[SpacedTable] = []
    cache: dict[tuple[int, bool], _Row | None] = {}

    def row_at(i: int, labels_only: bool = False) -> _Row | None:
        key = (i, labels_only)
        if key not in cache:
            cache[key] = parse_row(lines[i], labels_only)
        return cache[key]

    p = 0
    while p < len(free):
        found = _table_at(lines, free, p, row_at)
        if found is None:
            p += 1
            continue
        table, end = found
        if table is not None:
            out.append(table)
        p = max(end, p + 1)
    return out


def _table_at(lines: list[Line], free: list[int], p: int,
              row_at: Callable[..., _Row | None]) -> tuple[SpacedTable | None, int] | None:
    """A table whose first data row is at free[p], with the header lines above it, and the
    position after it; (None, end) for rows of a table that cannot be laid out (three
    panels), so that no table is read from its tail."""
    first = row_at(free[p])
    if first is None or _continues_other(lines, free, p):
        return None
    header_lines, caption, unit, stated = header_above(lines, free, p)
    wrapped: dict[int, list[SourceText]] = {}  # row position -> label pieces on lines before
    last = lines[header_lines[-1]].text if header_lines else None
    if last is not None and _nameless(first) and len(t := last.text.replace(" ", "")) <= 6 \
            and t.endswith(_words()[4]):
        # `合计` on its own line over the first row's figures: that row's label, not a header
        wrapped[0] = [last]
        stated.append(header_lines.pop())
    header_texts = {lines[i].text.text for i in header_lines}
    rows: list[_Row] = []
    used: list[int] = []
    after: dict[int, list[SourceText]] = {}  # row position -> label pieces on lines after
    pending: list[SourceText] = []
    pending_lines: list[int] = []
    repeating = False
    clean = False  # the table ends at a caption, a note or the end of the text
    q = p
    while q < len(free):
        i = free[q]
        if q > p and free[q] != free[q - 1] + 1 and not _only_blank_between(lines, free[q - 1], i):
            clean = True
            break
        line = lines[i]
        text = line.text.text
        row = row_at(i, bool(rows))
        if row is not None and (_LANCI.match(_row_label(row).replace(" ", "")) or (
                repeating and any(r.line.text.text == text for r in rows))):
            used.append(i)  # the 栏次 row, or a total row repeated on the next page
        elif row is not None:
            if pending:
                if len(pending) <= 2 and not any(x.text in header_texts for x in pending):
                    if rows and len(rows) - 1 in wrapped and _nameless(rows[-1]) and (
                            len(pending) == 2 or not _nameless(row)):
                        # a name centred on its row's line: a piece above, a piece below
                        after.setdefault(len(rows) - 1, []).append(pending.pop(0))
                    if pending:
                        wrapped[len(rows)] = pending
                used.extend(pending_lines)
                pending, pending_lines = [], []
            rows.append(row)
            used.append(i)
            repeating = False
        elif (caption and _is_caption(text) and squeeze_spaced(text) == caption) \
                or (repeating and is_unit_line(text)):
            repeating = True  # the table goes on over a page under its caption again
            used.extend([*pending_lines, i])
            pending, pending_lines = [], []
        elif (q > p and _is_caption(text)) or is_unit_line(text):
            clean = True
            break
        elif _is_header_line(text) and len(text) <= 40 and len(pending) < _MAX_HEADER_LINES:
            pending.append(line.text)
            pending_lines.append(i)
        else:
            # prose ends a table; a line with figures that is no row means rows were lost
            clean = not any(_is_value(x) for x in text.split())
            break
        q += 1
    else:
        clean = True
    if pending:  # label pieces after the last row: a wrapped last label or a note, not read
        q -= len(pending)
    valued = [r for r in rows if r.n_values]
    if sum(1 for r in rows if _TARGET.search(_row_label(r))) >= 2 or _form_near(lines, free, p, rows):
        return None  # a performance form (targets ≥95%, 分值 得分): the form readers' work
    if len(valued) < 3 or not (any(r.n_values >= 2 for r in valued)
                               or sum(r.code is not None for r in valued) >= 2
                               or (caption is not None and len(valued) >= 4)):
        return None
    table = _build(rows, wrapped, after, [lines[i] for i in header_lines], caption, unit)
    if table is None:  # rows of a table this reader cannot lay out: none of them is read
        return None, q
    table.ragged = table.ragged or not clean
    return SpacedTable(table, sorted(set(used) | set(header_lines) | set(stated))), q


def _continues_other(lines: list[Line], free: list[int], p: int) -> bool:
    """The line before is a row another text-table reader took (a flattened form): these
    rows are its rest, not a table of their own."""
    k = free[p] - 1
    while k >= 0 and lines[k].kind in ("blank", "furniture"):
        k -= 1
    return k >= 0 and lines[k].kind == "text" and (p == 0 or free[p - 1] != k)


def _form_near(lines: list[Line], free: list[int], p: int, rows: list[_Row]) -> bool:
    """A block of a performance form: its header words (分值, 得分) just above the rows, or
    in the rows' labels."""
    words = _words()[5]
    near: list[str] = []
    q = p
    while q > 0 and len(near) < 4 and _only_blank_between(lines, free[q - 1], free[q]):
        q -= 1
        near.append(lines[free[q]].text.text)
    above = " ".join(near)
    return any(w in above for w in words) or any(
        w in _row_label(r) for r in rows[:3] for w in words)


def _nameless(row: _Row) -> bool:
    return row.segments[0].label is None


def _only_blank_between(lines: list[Line], a: int, b: int) -> bool:
    return all(lines[k].kind in ("blank", "furniture") for k in range(a + 1, b))


def header_above(lines: list[Line], free: list[int], p: int
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


def _build(rows: list[_Row], wrapped: dict[int, list[SourceText]],
           after: dict[int, list[SourceText]], header: list[Line], caption: str | None,
           unit: str | None) -> Table | None:
    if not rows or max(len(r.segments) for r in rows) > 2:
        return None
    two = sum(len(r.segments) == 2 for r in rows) >= 2
    npanels = 2 if two else 1
    segs = _by_panel(rows, two)
    seq = [_strip_sequence([s[k] for s in segs]) for k in range(npanels)]
    # a column of codes: on a third of the rows, or fewer rows whose codes nest, two or more
    # under one (`245` over `245001`, `245002`: units over the rows of their projects)
    coded = [_code_digits(r.code) or "" for r in rows if r.code is not None]
    has_code = len(coded) >= max(2, len(rows) // 3) or any(
        sum(b != a and b.startswith(a) for b in coded) >= 2 for a in coded)
    width = [max((len(s[k].values) for s in segs if s[k] is not None), default=0)
             for k in range(npanels)]
    if width[0] == 0 and not two:
        return None
    totals = [_row_label(r).replace(" ", "").endswith(_words()[4]) for r in rows]
    names = _value_names(header, sum(width))
    total_cols = [[j for j, n in enumerate(names[sum(width[:k]): sum(width[:k + 1])])
                   if n.endswith(_words()[4])] for k in range(npanels)]
    classes = [_classes(names[sum(width[:k]): sum(width[:k + 1])]) for k in range(npanels)]
    by_panel = [_placed([s[k] for s in segs],
                        [_code_digits(r.code) if k == 0 else _label_code(segs[i][k].label)
                         if segs[i][k] is not None else None for i, r in enumerate(rows)],
                        totals, width[k], total_cols[k], classes[k]) for k in range(npanels)]
    placed = [[by_panel[k][i] for k in range(npanels)] for i in range(len(rows))]
    head: list[RawCell] = []
    if has_code:
        head.append(_cell("科目编码"))
    for k in range(npanels):
        head.append(_cell("项目"))
        if seq[k] is not None:
            head.append(_cell("行次"))
        start = sum(width[:k])
        head.extend(_cell(n) for n in names[start: start + width[k]])
    grid: list[list[RawCell]] = [head]
    for i, r in enumerate(rows):
        out: list[RawCell] = []
        # a row with only a right-panel cell: its code is that cell's, written in its label
        code_right = two and r.code is not None and segs[i][0] is None
        if has_code:
            out.append(RawCell(r.code if r.code is not None and not code_right
                               else SourceText("", [])))
        for k in range(npanels):
            seg = segs[i][k]
            label = seg.label if seg is not None and seg.label is not None else SourceText("", [])
            if k == 1 and code_right and r.code is not None:
                label = SourceText.join([r.code, label], " ")
            if k == 0 and (i in wrapped or i in after):
                label = SourceText.join([*wrapped.get(i, []), label, *after.get(i, [])])
            out.append(RawCell(label))
            if seq[k] is not None:
                out.append(RawCell(seq[k][i] or SourceText("", [])))
            out.extend(placed[i][k])
        grid.append(out)
    table = build_table(grid, shape="spaced", header_rows=1, caption=caption, unit=unit)
    table.ragged = any(seg is not None and 0 < len(seg.values) < width[k]
                       for row_segs in segs for k, seg in enumerate(row_segs))
    return table


def _classes(names: list[str]) -> dict[int, tuple[str, ...]]:
    """Value columns whose header names a class of economic codes (rules/tables.toml
    `class_columns`), with the codes it holds."""
    from auditlint.packs import load_packs

    packs = load_packs()
    known = set(packs.words("class_columns"))
    return {j: tuple(packs.words(f"class_columns_{n}")) for j, n in enumerate(names)
            if n in known}


def _placed(segs: list[_Segment | None], codes: list[str | None], totals: list[bool],
            width: int, total_cols: list[int],
            classes: dict[int, tuple[str, ...]]) -> list[list[RawCell]]:
    """Each row's cells of one panel: its figures where the table's sums place them, `?` where
    they cannot tell, one cell over the parts it may stand in where only that is known (see
    `placement`)."""
    cells = place_panel([[v.text for v in s.values] if s is not None else None for s in segs],
                        codes, totals, width, total_cols, classes)
    return [raw_cells(row, seg.values if seg is not None else []) for seg, row in
            zip(segs, cells, strict=True)]


def _cell(text: str) -> RawCell:
    return RawCell(SourceText(text, []))


def _row_label(row: _Row) -> str:
    seg = row.segments[0]
    return seg.label.text if seg.label is not None else ""


def _code_digits(code: SourceText | None) -> str | None:
    return None if code is None else re.sub(r"\D", "", code.text)


def _strip_sequence(segs: list[_Segment | None]) -> list[SourceText | None] | None:
    """A 行次 column: the first figure of most rows a small whole number, rising by one row by
    row.
    Those figures are taken out of the rows' values (they are row numbers, not amounts)."""
    firsts = [s.values[0] if s is not None and s.values else None for s in segs]
    ints = [int(f.text) if f is not None and re.fullmatch(r"\d{1,3}", f.text) else None
            for f in firsts]
    present = [n for n in ints if n is not None]
    filled = sum(1 for s in segs if s is not None and s.values)
    if len(present) < 3 or len(present) < 0.7 * filled:
        return None
    steps = [b - a for a, b in pairwise(present)]
    if sum(1 for d in steps if d > 0) < 0.8 * len(steps) or steps.count(1) < 0.6 * len(steps):
        return None
    out: list[SourceText | None] = []
    for s, n in zip(segs, ints, strict=True):
        if s is not None and n is not None and len(s.values) >= 2:
            out.append(s.values.pop(0))
        else:
            out.append(None)
    return out


def _by_panel(rows: list[_Row], two: bool) -> list[list[_Segment | None]]:
    """Each row's groups by panel. A one-group row of a coded two-panel table goes to the
    panel whose codes it continues (`30113` under 301…, `30229` under 302…)."""
    out: list[list[_Segment | None]] = []
    family: list[str | None] = [None, None]
    for r in rows:
        segs = _panel_segments(r, two)
        if two and len(r.segments) == 1:
            code = _code_digits(r.code) or _label_code(r.segments[0].label)
            if code and code[:3] in family:
                segs = [r.segments[0], None] if family[0] == code[:3] else [None, r.segments[0]]
        if two:
            for k, seg in enumerate(segs):
                code = (_code_digits(r.code) if k == 0 and r.code else None) or \
                    (_label_code(seg.label) if seg is not None else None)
                if seg is not None and code:
                    family[k] = code[:3]
        out.append(segs)
    return out


def _label_code(label: SourceText | None) -> str | None:
    m = _CODE_JOINED.match(label.text) if label is not None else None
    return m.group(1) if m else None


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
    right, left = _words()[2], _words()[3]
    return not any(w in label for w in left) or any(w in label for w in right)


def _value_names(header: list[Line], width: int) -> list[str]:
    """Names of the value columns when the header words fit them one to one, else 金额N
    (an amount column whose name is not known)."""
    label_words = _words()[1]
    fits = [words for line in header
            if len(words := [w for w in _header_words(line.text.text) if w not in label_words])
            == width]
    # the line that names a total column (`合计 基本支出 项目支出`) over the pieces of names
    # wrapped under it (`营支出 出 补助支出`); else the lowest line that fits
    named = [words for words in fits if any(w.endswith(_words()[4]) for w in words)]
    best = named[0] if named else fits[-1] if fits else []
    return best or [f"金额{j + 1}" for j in range(width)]


def _header_words(text: str) -> list[str]:
    """Header cells of one line; letter-spaced single characters (`项 目`, `合 计`) are one."""
    out: list[str] = []
    single = False
    for w in text.split():
        one = len(w) == 1 and has_cjk(w)
        if one and single:
            out[-1] += w
        else:
            out.append(w)
        single = one
    return out
