"""Row numbers (行次, 序号) that break their run.

A 决算 form numbers its rows (`行次` 1, 2, 3 … on the 收入 side, 28, 29 … on the 支出 side) so
that a reader and the next year's form can point at a row; a 项目 table numbers its items.
The numbers are typed by hand or copied from another year's form, and a row copied from the
wrong place keeps its old number: `28, 39, 30, 31`. Only a single number between two that
leave no doubt is taken as out of place — its neighbours step by exactly two and the run goes
on by one on either side — so a numbering that restarts, skips on purpose or was read badly
is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity
from auditlint.extract.tableview.model import TableView, cell_value
from auditlint.extract.tableview.text import norm
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Relation
from auditlint.params import RowNumberParams


@dataclass
class _Number:
    """One row's number in a numbering column."""

    row: int  # grid row
    at: int  # grid column of its cell
    value: int
    label: str
    quantity: Quantity


def extract(ctx: ExtractContext) -> None:
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            for col in view.columns:
                if col.role == "seq":
                    _check_run(ctx, view, col.header, _numbers(view, col.index))


def _numbers(view: TableView, col: int) -> list[_Number]:
    """The whole numbers of one numbering column, top to bottom (rows without one skipped)."""
    table = view.table
    first = view.first_value()
    label_col = max((c for p in view.panels for c in p.label_cols if c < col), default=None)
    out: list[_Number] = []
    for row in view.rows:
        at = col + (row.offset if col >= first else 0)
        cell = table.cell(row.index, at) if 0 <= at < table.n_cols else None
        if cell is None or cell.merged:
            continue
        cv = cell_value(cell.text.text)
        q = cv.quantity
        if not cv.is_number or q is None or q.decimals or q.full_unit or q.value < 0:
            continue
        out.append(_Number(row.index, at, int(q.value), _label(table, row.index, label_col)
                           or row.label, q))
    return out


def _label(table: Table, row: int, col: int | None) -> str:
    cell = table.cell(row, col) if col is not None else None
    return norm(cell.text.text) if cell is not None and not cell.merged else ""


def _check_run(ctx: ExtractContext, view: TableView, header: str, nums: list[_Number]) -> None:
    for k in range(1, len(nums) - 1):
        before, this, after = nums[k - 1], nums[k], nums[k + 1]
        if after.value != before.value + 2 or this.value == before.value + 1:
            continue
        runs_on = (k >= 2 and nums[k - 2].value == before.value - 1) or \
            (k + 2 < len(nums) and nums[k + 2].value == after.value + 1)
        if not runs_on:
            continue
        ids = [_fact(ctx, view, n, header) for n in (this, before, after)]
        twin = next((n for n in nums if n is not this and n.value == this.value), None)
        params = RowNumberParams(expected=before.value + 1, label=this.label, column=header,
                                 twin=twin.label if twin is not None else None)
        ctx.graph.relate(Relation(kind="row_number", result=ids[0], operands=ids[1:],
                                  origin=f"the {header} column",
                                  trust="pack", params=params.as_params()))


def _fact(ctx: ExtractContext, view: TableView, n: _Number, header: str) -> int:
    """The number as a fact, so that a finding can point at its cell."""
    table = view.table
    cell = table.cell(n.row, n.at)
    assert cell is not None
    stripped = cell.text.strip()
    span = stripped.span(n.quantity.start, n.quantity.end) \
        if norm(stripped.text) == stripped.text else stripped.whole_span()
    where = f"table {table.index}, row {n.row + 1}, column {n.at + 1}"
    fact = ctx.graph.add_fact(
        value=n.quantity.value, decimals=0, kind="number", label=f"{n.label} / {header}",
        context=n.label, location=where + (f", page {table.page}" if table.page else ""),
        span=span, text=stripped.text, block=_block(ctx, table), table=table.index,
        row=n.row, col=n.at, section=" / ".join(table.section))
    return fact.id


def _block(ctx: ExtractContext, table: Table) -> int:
    return next(i for i, b in enumerate(ctx.document.blocks) if b is table)
