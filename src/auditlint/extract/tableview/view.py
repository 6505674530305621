"""Table interpretation: which rows are headers, what each column holds, how the rows nest.

A reader gives a grid of cells; the checks need to know that column 5 is `全年执行数` in 万元,
that row 9 is the `合计` of rows 2–8, that `投入（20 分）` is the parent of the three rows
beside it. `view_of` works that out once per table (cached in `ExtractContext.table_views`)
from the header vocabulary of `rules/tables.toml`, merged cells, 栏次 rows, numbering
(`一、` `（一）` `1.`) and classification codes; the table stage and the scoring stage both
read the resulting `TableView` instead of the raw grid.

A table that holds several blocks with headers of their own (a 自评表: a funds block, then an
indicator block) gives one view per block: `views_of` lists them, `view_of` returns the whole
(kind "form", its blocks in `blocks`) or the single block.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview.header import interpret
from auditlint.extract.tableview.model import Row, TableView


def view_of(ctx: ExtractContext, table: Table) -> TableView:
    """The interpretation of `table`, computed once per document."""
    view = ctx.table_views.get(table.index)
    if view is None:
        view = interpret(table, ctx.packs)
        ctx.table_views[table.index] = view
    return view


def views_of(ctx: ExtractContext, table: Table) -> list[TableView]:
    """The blocks of `table`, each a view with its own header (one for most tables)."""
    return view_of(ctx, table).blocks


def coded_rows(ctx: ExtractContext, table: Table) -> Iterator[tuple[Row, int | None]]:
    """Each row of a classification table that has a code, in order, with the fact of its
    first figure (the table's total column), None when that cell holds none."""
    view = view_of(ctx, table)
    for part in view.blocks or [view]:
        if not part.panels or not part.panels[0].value_cols:
            continue
        col = part.panels[0].value_cols[0]
        for row in part.rows:
            if row.code_digits:
                yield row, part.fact(row.index, col)
