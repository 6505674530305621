"""Rows of a table view: total words, codes, numbering, realigned and shifted rows, stated
column formulas, and the kind of table they make."""

from __future__ import annotations

import re

from auditlint.document import Table
from auditlint.extract.tableview.grid import Grid
from auditlint.extract.tableview.model import (
    NON_VALUE,
    Column,
    Panel,
    Row,
    TableView,
    cell_value,
    first_value_column,
    same_code,
)
from auditlint.extract.tableview.text import (
    CODE_CELL,
    CODE_PREFIX,
    LANCI_FORMULA,
    WEIGHT_ONLY,
    norm,
    norm_header,
    numbering_level,
    strip_numbering,
)
from auditlint.extract.tableview.vocabulary import Vocabulary
from auditlint.lazyre import lazy_compile


def panels_of(columns: list[Column]) -> list[Panel]:
    panels: list[Panel] = []
    current: Panel | None = None
    for col in columns:
        if col.role in ("label", "code", "seq"):
            if current is None or current.value_cols:
                current = Panel(label_cols=[], value_cols=[])
                panels.append(current)
            if col.role == "label":
                current.label_cols.append(col.index)
            elif col.role == "code":
                last = current.more_codes[-1] if current.more_codes else current.code_cols
                prev = columns[last[-1]] if last else None
                if prev is None or (prev.index == col.index - 1 and same_code(prev, col)):
                    last.append(col.index)
                else:
                    current.more_codes.append([col.index])
        elif col.role not in ("text", "reason"):
            if current is None:
                current = Panel(label_cols=[], value_cols=[])
                panels.append(current)
            current.value_cols.append(col.index)
    return panels


def total_word_of(label: str, vocab: Vocabulary) -> str | None:
    """The total word a label ends with (合计, 小计, 指标得分 ...), None for other labels."""
    t = norm(label).rstrip("：:")
    t = strip_numbering(t) if t else t
    if not t or any(t.startswith(p) for p in ("其中",)):
        return None
    for w in vocab.score_total_suffixes:
        if t.endswith(w) and len(t) <= len(w) + 8:
            return w
    for w in vocab.total_suffixes:
        if t.endswith(w) and len(t) <= len(w) + 14:
            return w
    return None


def code_of(text: str) -> str | None:
    t = text.strip()
    m = CODE_CELL.match(t) or CODE_PREFIX.match(t)
    if not m:
        return None
    code = m.group(1)
    return code if len(re.sub(r"\s", "", code)) in (3, 5, 7, 9) else None


def code_in(table: Table, r: int, code_cols: list[int]) -> str | None:
    """The code a row states in its code columns (`208 | 05 | 01` -> "208 05 01", `245001`):
    digits only, 3 to 12 of them."""
    parts: list[str] = []
    for c in code_cols:
        cell = table.cell(r, c)
        t = norm(cell.text.text) if cell is not None and not cell.merged else ""
        if t:
            parts.append(t)
    joined = " ".join(parts)
    if parts and all(p.isascii() and p.isdigit() for p in parts) \
            and 3 <= len(joined.replace(" ", "")) <= 12:
        return joined
    return None


def read_rows(grid: Grid, vocab: Vocabulary, columns: list[Column], panels: list[Panel],
          data: list[int]) -> list[Row]:
    label_cols = panels[0].label_cols if panels else [c.index for c in columns
                                                      if c.role == "label"]
    code_cols = panels[0].code_cols if panels else [c.index for c in columns
                                                    if c.role == "code"]
    seq_cols = [c.index for c in columns if c.role == "seq"]
    current: dict[int, str] = {}
    rows: list[Row] = []
    for r in data:
        own = {c: grid.eff(r, c) if grid.merged(r, c) else grid.own(r, c) for c in label_cols}
        present = [c for c in label_cols if norm(own[c])]
        labels: dict[int, str] = {}
        if present:
            j = present[0]
            for c in label_cols:
                if c < j:
                    labels[c] = current.get(c, "")
                elif norm(own[c]):
                    labels[c] = own[c]
                    current[c] = own[c]
                    for d in label_cols:
                        if d > c and not norm(own[d]):
                            current[d] = ""
                else:
                    labels[c] = ""
        path = _dedupe(tuple(labels[c] for c in label_cols if norm(labels.get(c, ""))))
        own_label = own[present[-1]] if present else ""
        code = code_in(grid.table, r, code_cols)
        if code is None and own_label:
            code = code_of(own_label)
        total_word = total_word_of(own_label, vocab) if own_label else None
        subset = any(norm(own_label).startswith(p) for p in vocab.subset_prefixes)
        level = numbering_level(own_label) if own_label else None
        numbering = seq_numbering(grid, r, seq_cols) if own_label and level is None else ""
        rows.append(Row(index=r, label=own_label.strip(), path=path,
                        is_total=total_word is not None, total_word=total_word, code=code,
                        subset=subset, level=numbering_level(numbering) if numbering else level,
                        labels=labels, numbering=numbering))
    _join_weight_continuations(rows, label_cols)
    return rows


_BARE_NUMBER = lazy_compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})$")


def seq_numbering(grid: Grid, r: int, seq_cols: list[int]) -> str:
    """The numbering a 序号 column gives row r (`一` -> `一、`, `2` -> `2、`, `（三）` as it
    stands), '' when it gives none: a label printed beside its number in a column of its own
    (a PDF or Word table) nests as the same label numbered in the text would."""
    for c in seq_cols:
        t = norm(grid.own(r, c))
        if _BARE_NUMBER.match(t):
            return t + "、"
        if t and numbering_level(t) is not None and not strip_numbering(t):
            return t
    return ""


_INCOMPATIBLE = {
    "amount": ("percent", "score"), "weight": ("percent", "money"), "score": ("percent", "money"),
    "rate": ("money", "score"), "score_rate": ("money", "score"), "count": ("money", "percent"),
}
_TRAILING_NUMBER = lazy_compile(r"\s[-－]?\d[\d,]*(?:\.\d+)?$")


def mark_shifted(grid: Grid, columns: list[Column], rows: list[Row]) -> None:
    """Rows split into cells one place off, whose numbers are not where their headers say:
    numbers in a column that has no header (where few rows have any: a stray tab), a
    percentage in an amount or score column, a 万元 figure in a score column, or a number
    swallowed into the label (`年度资金总额 240`)."""
    numeric_rows = [r for r in rows if any(cell_value(grid.own(r.index, c.index)).is_number
                                           for c in columns)]
    if not numeric_rows:
        return
    for r in numeric_rows:
        if _TRAILING_NUMBER.search(r.label):
            r.shifted = True
            continue
        for col in columns:
            bad = _INCOMPATIBLE.get(col.role or "")
            q = cell_value(grid.own(r.index, col.index)).quantity
            if bad and q is not None and q.dimension in bad and not q.comparator:
                r.shifted = True
                break
    for col in columns:
        if col.header:
            continue
        hits = [r for r in numeric_rows if cell_value(grid.own(r.index, col.index)).is_number]
        if hits and len(hits) * 3 <= len(numeric_rows):
            for r in hits:
                r.shifted = True


def realign(grid: Grid, columns: list[Column], rows: list[Row]) -> None:
    """A misaligned row with one cell too many before its numbers, whose numbers all fit
    their columns when read one column to the left, is read so: `合计 | | | 20 | 13 | 65%`
    under `满分 得分 得分率` and a column without header. Only the value cells move: a row
    with text among them (a label run into the value columns) stays unread, and so does a
    row with a cell missing (where it is missing cannot be told)."""
    first = first_value_column(columns)
    for r in rows:
        if r.shifted and not _TRAILING_NUMBER.search(r.label) \
                and _fits(grid, columns, r.index, 1, first):
            r.offset, r.shifted = 1, False


def _fits(grid: Grid, columns: list[Column], r: int, k: int, first: int) -> bool:
    numbers = 0
    for p in range(first, grid.n_cols):
        v = cell_value(grid.own(r, p))
        if v.kind == "text":
            return False
        if not v.is_number or v.quantity is None:
            continue
        logical = p - k
        if not first <= logical < len(columns):
            return False
        col = columns[logical]
        bad = _INCOMPATIBLE.get(col.role or "", ())
        if not col.header or col.role in NON_VALUE or col.role in ("target", "actual") \
                or (v.quantity.dimension in bad and not v.quantity.comparator):
            return False
        numbers += 1
    return numbers >= 2


def _dedupe(path: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for p in path:
        if not out or norm(out[-1]) != norm(p):
            out.append(p.strip())
    return tuple(out)


def _join_weight_continuations(rows: list[Row], label_cols: list[int]) -> None:
    """`产出效果` / `(12分)`: a label wrapped onto the next row, its weight alone there, is one
    label for every row it stands beside."""
    for c in label_cols:
        for i, row in enumerate(rows):
            text = row.labels.get(c, "")
            if not WEIGHT_ONLY.match(norm(text)) or i == 0:
                continue
            prev = rows[i - 1].labels.get(c, "")
            if not prev or WEIGHT_ONLY.match(norm(prev)) or re.search(r"\d+(\.\d+)?\s*分", prev):
                continue
            joined = f"{prev.strip()}{norm(text)}"
            for other in rows:
                if other.labels.get(c, "") in (prev, text):
                    other.labels[c] = joined
            for other in rows:
                path = _dedupe(tuple(other.labels[d] for d in label_cols
                                     if norm(other.labels.get(d, ""))))
                other.path = path
                if other.label in (prev, text) and path:
                    other.label = path[-1]


def stated_formulas(grid: Grid, columns: list[Column],
              lanci: list[int]) -> list[tuple[int, list[tuple[str, int]]]]:
    """Column formulas stated in headers or 栏次 rows (`7=1+2+3`), as (column, [(sign, column)])."""
    by_number = {c.number: c.index for c in columns if c.number is not None}
    out: list[tuple[int, list[tuple[str, int]]]] = []
    for col in columns:
        texts = [norm(grid.own(r, col.index)) for r in lanci] + [norm(p) for p in col.path]
        for t in texts:
            m = LANCI_FORMULA.search(t) or re.search(r"(\d+)[=＝](\d+(?:[+\-－＋]\d+)+)$", t)
            if not m:
                continue
            target = by_number.get(int(m.group(1)))
            terms = re.findall(r"([+\-－＋]?)(\d+)", m.group(2))
            parts: list[tuple[str, int]] = []
            for sign, num in terms:
                idx = by_number.get(int(num))
                if idx is None:
                    parts = []
                    break
                parts.append(("-" if sign in ("-", "－") else "+", idx))
            if target is not None and target == col.index and parts:
                out.append((col.index, parts))
                break
    return out


def kind_of_view(view: TableView) -> str:
    grid = Grid(view.table)
    if not any(cell_value(grid.own(r.index, c.index)).is_number for r in view.rows
               for c in view.columns):
        return "other"
    roles = {c.role for c in view.columns}
    headers = {norm_header(p) for c in view.columns for p in c.path}
    if roles & {"weight", "score"}:
        if roles & {"target", "actual"} or ({"一级指标", "三级指标"} & headers and \
                roles & {"target", "actual"}):
            return "selfeval_indicators"
        if {"年初预算数", "全年预算数", "全年执行数"} & headers or \
                ("rate" in roles and "amount" in roles):
            return "selfeval_funds"
        return "scoring"
    if roles & {"target", "actual"}:
        return "selfeval_indicators"
    if "amount" in roles or (None in roles and view.unit):
        return "budget"
    return "other"
