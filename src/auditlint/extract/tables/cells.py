"""Cell facts: each numeric cell of a table view as a `Fact`, typed by its column."""

from __future__ import annotations

from decimal import Decimal

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative.quantities import kind_of
from auditlint.extract.quantity import Quantity
from auditlint.extract.tableview.model import Column, Row, TableView, cell_value
from auditlint.extract.tableview.text import norm
from auditlint.facts import FactKind
from auditlint.units import UNITS

# ---------------------------------------------------------------------------------------------
# facts


def view_facts(ctx: ExtractContext, view: TableView, block_no: int) -> None:
    table = view.table
    first = view.first_value()
    # a panel right of the first (the 支出 side of a 收支总表) labels its own cells
    side_label = {c: p.label_cols[-1] for p in view.panels[1:] if p.label_cols
                  for c in p.value_cols}
    trimmed = _trimmed_precision(view)
    for row in view.rows:
        for col in view.columns:
            if col.role in ("label", "code", "seq"):
                continue
            at = col.index + (row.offset if col.index >= first else 0)
            cell = table.cell(row.index, at) if 0 <= at < table.n_cols else None
            if cell is None or cell.merged:
                continue
            cv = cell_value(cell.text.text)
            if not cv.is_number or cv.quantity is None:
                continue
            q = cv.quantity
            kind, unit, multiplier = _typed(col, q)
            if row.shifted:  # misaligned: its column says nothing about it
                kind, unit, multiplier = kind_of(q), q.full_unit, q.multiplier
            decimals = max(q.decimals, trimmed) if kind == "amount" and not q.unit \
                else q.decimals
            stripped = cell.text.strip()
            if norm(stripped.text) == stripped.text:
                span = stripped.span(q.start, q.end)
            else:
                span = stripped.whole_span()
            row_label = _side_label(table, row, side_label.get(col.index))
            over = _spread_over(view, row.index, at, col.index)
            header = " + ".join(view.columns[c].header for c in over) if over else col.header
            label = f"{row_label} / {header}" if header else row_label
            fact = ctx.graph.add_fact(
                value=q.value, decimals=decimals, unit=unit, multiplier=multiplier, kind=kind,
                label=label, context=" / ".join((*row.path, col.header) if col.header
                                                else row.path),
                location=_location(table, row.index, at), span=span,
                text=stripped.text, block=block_no, table=table.index, row=row.index,
                col=col.index, comparator=q.comparator, section=" / ".join(table.section),
            )
            if over:  # in one of several columns: no column's own figure
                for c in over:
                    view.spread[(row.index, c)] = (fact.id, over)
                continue
            view.facts[(row.index, col.index)] = fact.id
            ctx.cell_facts[(table.index, row.index, at)] = fact.id


_MIN_TRIMMED_EVIDENCE = 3  # figures at the table's precision that show no trailing zero


def _trimmed_precision(view: TableView) -> int:
    """The precision of a table printed without trailing zeros (`1276.7 418.26 80 237`, a
    general number format): its figures with the most decimals never end in 0, so one with
    fewer is exact at that precision (`80` is 80.00, not 80 ± 0.5). 0 when the table shows
    no such sign: some figure with the most decimals ends in 0 (`131.40`), or too few have
    them to tell."""
    texts: list[str] = []
    for row in view.rows:
        for col in view.columns:
            if col.role != "amount":
                continue
            cell = view.table.cell(row.index, col.index)
            if cell is None or cell.merged:
                continue
            cv = cell_value(cell.text.text)
            if cv.is_number and cv.quantity is not None and not cv.quantity.unit \
                    and not cv.quantity.comparator:
                texts.append(cv.quantity.text.replace(",", ""))
    places = [len(t.split(".")[1]) if "." in t else 0 for t in texts]
    most = max(places, default=0)
    full = [t for t, d in zip(texts, places, strict=True) if d == most]
    if most == 0 or len(full) < _MIN_TRIMMED_EVIDENCE or len(full) == len(texts) \
            or any(t.endswith("0") for t in full):
        return 0
    return most


def _spread_over(view: TableView, row: int, at: int, col: int) -> tuple[int, ...]:
    """The value columns a figure stands over when its cell is merged across several (the
    reader knew it stands in one of them, not which); () for a cell of one column. Only a
    table rebuilt from text spreads a figure so: a cell merged in a PDF or Word table is the
    layout's own, its figure in its first column."""
    table = view.table
    if table.shape != "spaced":
        return ()
    roles = {c.index: c.role for c in view.columns}
    over = [col]
    k = 1
    while at + k < table.n_cols:
        nxt = table.cell(row, at + k)
        if nxt is None or nxt.origin != (row, at) or roles.get(col + k) in ("label", "code",
                                                                             "seq", "text"):
            break
        over.append(col + k)
        k += 1
    return tuple(over) if len(over) > 1 else ()


def _side_label(table: Table, row: Row, label_col: int | None) -> str:
    """The row's label in the panel of a cell: its own label column there, when it has one."""
    if label_col is None:
        return row.label
    cell = table.cell(row.index, label_col)
    return cell.text.text.strip() if cell is not None and not cell.merged else ""


def _location(table: Table, row: int, col: int) -> str:
    where = f"table {table.index}, row {row + 1}, column {col + 1}"
    return where + (f", page {table.page}" if table.page else "")


def _money(unit: str | None) -> bool:
    """A money unit of rules/quantity.toml (元, 万元 ...)."""
    return unit is not None and UNITS.get(unit, ("",))[0] == "money"


def _typed(col: Column, q: Quantity) -> tuple[FactKind, str | None, Decimal]:
    """Kind, unit and multiplier of a cell's number: the cell's own unit first, then its
    column's (a `38.57万元` in a 分值 column is an amount, not a weight)."""
    own_unit = q.full_unit
    role = col.role
    if q.comparator and role not in ("weight", "score"):
        return "target", own_unit or col.unit, q.multiplier if own_unit else _mult(col.unit)
    if own_unit:
        kind = kind_of(q)
        if role == "weight" and own_unit == "分":
            kind = "weight"
        elif role in ("rate", "score_rate", "percent") and own_unit in ("%", "％"):
            kind = "percent"
        elif role == "target":
            kind = "target"
        return kind, own_unit, q.multiplier
    unit = col.unit
    by_role: dict[str | None, FactKind] = {
        "amount": "amount", "weight": "weight", "score": "score", "rate": "percent",
        "score_rate": "percent", "percent": "percent", "count": "count", "target": "target",
    }
    kind = by_role.get(role)
    if kind is None:
        if _money(unit):
            kind = "amount"
        elif unit == "%":
            kind = "percent"
        else:
            kind = "number"
    if kind == "amount" and not _money(unit):
        unit = None
    if kind in ("weight", "score"):
        unit = "分"
    return kind, unit, _mult(unit)


def _mult(unit: str | None) -> Decimal:
    if unit and unit in UNITS:
        return UNITS[unit][1]
    return Decimal(1)
