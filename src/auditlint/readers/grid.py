"""From rows of raw cells to a rectangular `Table` with merged cells made explicit.

Every table shape ends here, so that merges mean the same everywhere: a cell that covers
several grid positions is repeated at each of them with `origin` naming where its text is.
Shared with other readers (docx, pdf) through `RawCell` and `build_table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from auditlint.document import Cell, SourceText, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.headings import marker_of
from auditlint.readers.textutil import (
    has_cjk,
    is_numeric,
    is_value_token,
    join_texts,
    squeeze_spaced,
)

_FRAGMENT = lazy_compile(r"^[（(][^（()）]{1,12}[)）]$")
_UNIT = lazy_compile(
    r"(?:金额单位|计量单位|(?<![\u4e00-\u9fff])单位|(?<![\u4e00-\u9fff])金额)\s*[：:]\s*"
    r"((?:人民币)?(?:亿元|万元|千元|元|万人次|万人|人次|万|亿|%|个|人|分|户|项|次|平方米|公里|吨)"
    r"(?:[/／][^\s,，;；.。)）]+)?)"
)
_CAPTION_BAD_END = tuple("。；;，,：:、")
# a line that only numbers a form (`公开05表`, `表3-1`, `附表2`): its title stands above it
_FORM_NUMBER = lazy_compile(
    r"^[\u4e00-\u9fff]{0,3}(?:表\d{1,3}(?:[-－]\d{1,3})?|\d{1,3}(?:[-－]\d{1,3})?表)$")


@dataclass(slots=True)
class RawCell:
    """A cell as a shape parser found it; `span` is the number of columns it covers."""

    text: SourceText
    span: int = 1


@lru_cache(maxsize=1 << 14)
@cache
def _own_row_words() -> tuple[str, ...]:
    """Words a cell of its own row starts with, never a name wrapped from the cell above: the
    part prefixes and total words (rules/tables.toml subset_prefixes, [totals] rows)."""
    from auditlint.packs import load_packs

    packs = load_packs()
    return (*packs.words("subset_prefixes"), *packs.totals("rows"))


def unit_of(text: str) -> str | None:
    """`单位：万元` -> `万元`, `金额：元` -> `元`, on a short line only."""
    t = text.strip()
    if len(t) > 60:
        return None
    m = _UNIT.search(t)
    return m.group(1) if m else None


@lru_cache(maxsize=1 << 14)
def is_unit_line(text: str) -> bool:
    """A line that is nothing but a unit statement (perhaps with the issuing body)."""
    t = text.strip()
    return unit_of(t) is not None and len(t) <= 40 and not t.endswith(_CAPTION_BAD_END[:2])


def is_form_number(text: str) -> bool:
    """Whether a line is nothing but a form's number (`公开 05 表`), no title of its own."""
    return _FORM_NUMBER.match(squeeze_spaced(text.strip()).replace(" ", "")) is not None


@lru_cache(maxsize=1 << 14)
def caption_of(text: str) -> str | None:
    """The caption a line can be for a table that follows it, or None."""
    t = text.strip()
    if not t or len(t) > 60 or not has_cjk(t) or t.endswith(_CAPTION_BAD_END):
        return None
    if is_unit_line(t) or all(is_value_token(x) for x in t.split()):
        return None
    if marker_of(t) and "表" not in t:
        return None
    return squeeze_spaced(t)


def build_table(
    rows: list[list[RawCell]],
    *,
    shape: str,
    header_rows: int | None = None,
    caption: str | None = None,
    unit: str | None = None,
    merge_down: str = "all",
) -> Table:
    """A Table from raw rows: spans expanded, rows padded, merges made explicit.

    `merge_down` says which empty places of header rows the cell above covers: "all" (the
    shape has already placed spanning cells) or "leading" (only those before the row's
    first text, as in tab-separated rows where an empty place may just be empty).
    """
    texts, origins = _expand(rows)
    width = max((len(r) for r in texts), default=0)
    for r in range(len(texts)):
        while len(texts[r]) < width:
            texts[r].append(SourceText("", []))
            origins[r].append(None)
    if header_rows is None:
        header_rows = guess_header_rows(rows, texts)
    _drop_fragment_rows(texts, origins, header_rows)
    _fold_continuation_rows(texts, origins, header_rows)
    _join_label_fragments(texts, origins, header_rows)
    _merge_headers(texts, origins, header_rows, leading_only=merge_down == "leading")
    _merge_leading_blanks(texts, origins, header_rows)
    grid = [
        [_cell(texts, origins, r, c) for c in range(width)] for r in range(len(texts))
    ]
    return Table(rows=grid, header_rows=header_rows, caption=caption, unit=unit, shape=shape)


Origins = list[list[tuple[int, int] | None]]


def _expand(rows: list[list[RawCell]]) -> tuple[list[list[SourceText]], Origins]:
    texts: list[list[SourceText]] = []
    origins: Origins = []
    for r, row in enumerate(rows):
        t_row: list[SourceText] = []
        o_row: list[tuple[int, int] | None] = []
        for raw in row:
            start = len(t_row)
            for k in range(max(1, raw.span)):
                t_row.append(raw.text)
                o_row.append((r, start) if raw.span > 1 or k else None)
        texts.append(t_row)
        origins.append(o_row)
    return texts, origins


def _cell(texts: list[list[SourceText]], origins: Origins, r: int, c: int) -> Cell:
    origin = origins[r][c]
    if origin is not None:
        orow, ocol = origin
        return Cell(text=texts[orow][ocol], row=r, col=c, origin=origin)
    return Cell(text=texts[r][c], row=r, col=c)


def _root(origins: Origins, r: int, c: int) -> tuple[int, int]:
    return origins[r][c] or (r, c)


def guess_header_rows(rows: list[list[RawCell]], texts: list[list[SourceText]]) -> int:
    """Leading rows without numbers; a second header row only under a row that spans."""
    if len(texts) < 2 or _numeric_row(texts[0]):
        return 0
    h = 1
    while h < len(texts) - 1 and not _numeric_row(texts[h]) and _opens_below(rows, texts, h):
        h += 1
    return h


def _numeric_row(row: list[SourceText]) -> bool:
    return any(t.text.strip() and is_numeric(t.text) for t in row)


def _opens_below(rows: list[list[RawCell]], texts: list[list[SourceText]], h: int) -> bool:
    """Row h-1 has a spanning cell, or an empty place that row h fills."""
    if any(c.span > 1 for c in rows[h - 1]):
        return True
    above, below = texts[h - 1], texts[h]
    if not above or not above[0].text.strip():
        return False
    return any(
        not above[c].text.strip() and below[c].text.strip() for c in range(1, len(above))
    )


def _join_label_fragments(texts: list[list[SourceText]], origins: Origins, header: int) -> None:
    """`(12分)` under `产出效果`: the wrapped tail of the label above, not a label of its own."""
    for r in range(max(1, header + 1), len(texts)):
        for c, t in enumerate(texts[r]):
            if origins[r][c] is not None or not _FRAGMENT.match(t.text.strip()):
                continue
            above = _nearest_text_above(texts, origins, r, c, header)
            if above is None or not _label_takes_fragment(texts[above[0]][above[1]].text):
                continue
            ar, ac = above
            texts[ar][ac] = SourceText.join([texts[ar][ac], t])
            texts[r][c] = SourceText("", [])
            origins[r][c] = (ar, ac)


def _nearest_text_above(
    texts: list[list[SourceText]], origins: Origins, r: int, c: int, header: int
) -> tuple[int, int] | None:
    for rr in range(r - 1, header - 1, -1):
        root = _root(origins, rr, c)
        if texts[root[0]][root[1]].text.strip():
            return root
    return None


def _merge_headers(
    texts: list[list[SourceText]], origins: Origins, header: int, leading_only: bool
) -> None:
    """In header rows, an empty place is covered by the cell above, or by the cell to its
    left when the row below names sub-columns there."""
    for r in range(header):
        first_text = next((c for c, t in enumerate(texts[r]) if t.text.strip()), len(texts[r]))
        for c in range(len(texts[r])):
            if origins[r][c] is not None or texts[r][c].text.strip():
                continue
            if r > 0 and (c < first_text or not leading_only):
                root = _root(origins, r - 1, c)
                if texts[root[0]][root[1]].text.strip():
                    origins[r][c] = root
                    continue
            if c > 0 and r < header - 1 and texts[r + 1][c].text.strip():
                root = _root(origins, r, c - 1)
                if texts[root[0]][root[1]].text.strip():
                    origins[r][c] = root


def _merge_leading_blanks(texts: list[list[SourceText]], origins: Origins, header: int) -> None:
    """Body rows: empty cells before the first filled one continue the label above (a
    序号 column of running numbers does not count as filled)."""
    start = 1 if _numbering_column(texts, header) else 0
    for r in range(header + 1, len(texts)):
        row = texts[r]
        for c in range(start, len(row)):
            if row[c].text.strip():
                break
            if origins[r][c] is not None:
                continue
            root = _root(origins, r - 1, c)
            if root[0] < header:
                continue
            above = texts[root[0]][root[1]].text.strip()
            if above and not is_value_token(above):
                origins[r][c] = root


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _numbering_column(texts: list[list[SourceText]], header: int) -> bool:
    """Column 0 holds 1, 2, 3, … (or ①, ②, ③, …) down the body rows."""
    values = [row[0].text.strip() for row in texts[header:] if row and row[0].text.strip()]
    numbers = [_running_number(v) for v in values]
    if len(numbers) < 3 or None in numbers:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # type: ignore[operator]


def _running_number(text: str) -> int | None:
    """`12` or `⑫`; None for anything else (`str.isdigit` also takes `²`, which `int` does
    not)."""
    if text.isascii() and text.isdigit():
        return int(text)
    return _CIRCLED.index(text) + 1 if len(text) == 1 and text in _CIRCLED else None


def _drop_fragment_rows(texts: list[list[SourceText]], origins: Origins, header: int) -> None:
    """A row holding nothing but wrapped label tails (`(12分)`) is folded into the row above."""
    for r in range(len(texts) - 1, max(header, 1) - 1, -1):
        filled = [c for c, t in enumerate(texts[r]) if t.text.strip()]
        if not filled or any(origins[r][c] is not None for c in filled):
            continue
        if not all(_FRAGMENT.match(texts[r][c].text.strip()) for c in filled):
            continue
        above = texts[r - 1]
        if not all(_label_takes_fragment(above[c].text) and origins[r - 1][c] is None
                   for c in filled):
            continue
        for c in filled:
            above[c] = SourceText.join([above[c], texts[r][c]])
        del texts[r]
        del origins[r]
        for rr in range(r, len(origins)):
            origins[rr] = [(o[0] - 1, o[1]) if o is not None else None for o in origins[rr]]


def _fold_continuation_rows(texts: list[list[SourceText]], origins: Origins, header: int) -> None:
    """A row holding one piece of text, far right, under an unfinished text: the rest of
    that cell, cut off by a page break (`…每少一项扣` / `扣完为止。`)."""
    for r in range(len(texts) - 1, header, -1):
        filled = [c for c, t in enumerate(texts[r]) if t.text.strip()]
        if len(filled) != 1 or filled[0] < 2 or origins[r][filled[0]] is not None:
            continue
        c = filled[0]
        piece = texts[r][c].text.strip()
        above = texts[r - 1][c].text.strip()
        if (is_value_token(piece) or marker_of(piece) or piece.startswith(_own_row_words())
                or not above or is_value_token(above) or origins[r - 1][c] is not None
                or above.endswith(("。", "；", "！", "？"))):
            continue
        if any(origins[r][k] is not None and origins[r][k][0] == r for k in range(len(texts[r]))):
            continue
        texts[r - 1][c] = join_texts([texts[r - 1][c], texts[r][c]])
        del texts[r]
        del origins[r]
        for rr in range(r, len(origins)):
            origins[rr] = [(o[0] - 1, o[1]) if o is not None and o[0] >= r else o
                           for o in origins[rr]]


def _label_takes_fragment(label: str) -> bool:
    label = label.strip()
    return bool(label) and "(" not in label and "（" not in label and not is_numeric(label)
