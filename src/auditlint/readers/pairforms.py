"""Forms of label-and-amount pairs, as PDF text extraction prints them.

A 绩效目标申报表 states its budget as groups side by side, each a name over an amount column
(`部门预算支出 预算金额（万元） 收入来源 预算金额（万元）`), then one line per row holding a
label and its amount for each group (`基本支出 12.50 财政拨款 20.00`); a second pair of groups
may follow under a header line of its own, and a short name of the merged cell on the left
(`预算整体情况`) may stand alone between them. Read as a grid of label and amount columns, the
group headers where they stand, so that the table relations see the groups as the PDF's ruled
grid shows them. The amount headers are `pair_amount_headers` of rules/tables.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from auditlint.document import SourceText, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line, scan_tables
from auditlint.readers.textutil import has_cjk, is_numeric

_TOKEN = lazy_compile(r"\S+")
_UNIT = lazy_compile(r"[（(]\s*((?:亿|万|千)?元)\s*[)）]$")
_MAX_STUB = 12  # characters of a lone name of a merged cell between two groups
_MAX_LABEL = 30


@dataclass(slots=True)
class PairForm:
    """A form found and the lines it used."""

    table: Table
    used: list[int]


@cache
def _headers() -> frozenset[str]:
    """The words of an amount column's header, without its unit (read once)."""
    from auditlint.packs import load_packs

    return frozenset(load_packs().words("pair_amount_headers"))


@cache
def _column_headers() -> frozenset[str]:
    """Header words of a label column (项目, 收入): a table's header, never a group's name."""
    from auditlint.packs import load_packs

    return frozenset(w.replace(" ", "") for w in load_packs().words("spaced_label_headers"))


def _tokens(line: Line) -> list[SourceText]:
    text = line.text
    return [text.slice(m.start(), m.end()) for m in _TOKEN.finditer(text.text)]


def amount_header(token: str) -> str | None:
    """`预算金额（万元）` -> `万元` (the unit; `""` when none is written); None when the token
    is not the header of an amount column."""
    m = _UNIT.search(token)
    word = token[: m.start()] if m else token
    if word not in _headers():
        return None
    return m.group(1) if m else ""


def _label(token: str) -> bool:
    return has_cjk(token) and not is_numeric(token) and len(token) <= _MAX_LABEL


def _header_line(tokens: list[SourceText]) -> str | None:
    """The unit of a line of group names each followed by an amount header, None otherwise."""
    if len(tokens) < 4 or len(tokens) % 2:
        return None
    units = [amount_header(t.text) for t in tokens[1::2]]
    if any(u is None for u in units) or not all(
            _label(t.text) and amount_header(t.text) is None and t.text not in _column_headers()
            for t in tokens[::2]):
        return None
    return next((u for u in units if u), "")


def _member_line(tokens: list[SourceText], pairs: int) -> bool:
    """A row of label-and-amount pairs, as many as the groups (the last ones may be missing)."""
    if not tokens or len(tokens) % 2 or len(tokens) > 2 * pairs:
        return False
    return all(_label(t.text) for t in tokens[::2]) and all(is_numeric(t.text) for t in tokens[1::2])


def _stub(tokens: list[SourceText]) -> bool:
    return len(tokens) == 1 and _label(tokens[0].text) and len(tokens[0].text) <= _MAX_STUB


def read_pair_forms(lines: list[Line], free: list[int]) -> list[PairForm]:
    """Every block of the free lines that is a form of label-and-amount groups."""
    return scan_tables(lines, free, _form_at)


def _form_at(lines: list[Line], free: list[int], p: int) -> tuple[PairForm, int] | None:
    """The form whose first group header is the line at free[p], and where the scan stopped."""
    n = len(lines[free[p]].text.text.split())  # what _header_line asks first, without cutting
    if n < 4 or n % 2:
        return None
    first = _tokens(lines[free[p]])
    unit = _header_line(first)
    if unit is None:
        return None
    pairs = len(first) // 2
    rows: list[list[SourceText]] = [first]
    used = [free[p]]
    members = 0
    q = p + 1
    while q < len(free):
        tokens = _tokens(lines[free[q]])
        if _member_line(tokens, pairs):
            rows.append(tokens)
            members += 1
        elif _header_line(tokens) is not None and len(tokens) // 2 == pairs:
            rows.append(tokens)
        elif (_stub(tokens) and q + 1 < len(free)
              and _header_line(_tokens(lines[free[q + 1]])) is not None):
            rows.append(tokens)  # the name of a merged cell on the left, between groups
        else:
            break
        used.append(free[q])
        q += 1
    while rows and _header_line(rows[-1]) is not None:  # a header with no rows under it
        rows.pop()
        used.pop()
    if members < 2:
        return None
    raw = [[RawCell(t) for t in row] for row in rows]
    table = build_table(raw, shape="pairs", header_rows=1, unit=unit or None)
    return PairForm(table, used), q
