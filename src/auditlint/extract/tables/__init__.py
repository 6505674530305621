"""Stage of extract: facts of every numeric table cell, and the relations tables state.

Each numeric cell becomes a `Fact` typed by its column (amount, weight, score, percent...).
Relations come from the table's own structure: total rows (合计/小计/总计/xx指标得分) and
total columns, classification codes, 其中 rows and columns, column formulas (`7=1+2+3`),
per-row rates (执行率, 得分率), scores against their weights; and, with lower trust, a column
that equals the sum of its neighbours on the clear majority of rows.

When a total's parts cannot be told apart, no relation is made and a notice (AL902) says so.
When the structure leaves more than one reading (subtotals above a grand total, numbered
items and their children), the reading that the numbers support on most columns is taken,
and only when it is supported by a clear majority of them.
"""

from __future__ import annotations

from decimal import Decimal

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.tables.base import adds_up
from auditlint.extract.tables.cells import view_facts
from auditlint.extract.tables.relations import TableRelations
from auditlint.extract.tableview.model import TableView
from auditlint.extract.tableview.view import view_of
from auditlint.facts import Fact, Notice
from auditlint.params import SumParams


def extract(ctx: ExtractContext) -> None:
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Table):
            continue
        view = view_of(ctx, block)
        if block.shape == "spaced":
            for part in view.blocks:
                _gated(ctx, part, block_no)
            continue
        for part in view.blocks:
            view_facts(ctx, part, block_no)
        for part in view.blocks:
            TableRelations(ctx, part).run()


def _holds(total: Fact, parts: list[Fact], at_most: bool) -> bool:
    """A sum holds; a 其中 group (bound at_most) holds when its parts do not exceed the total."""
    if at_most and sum((f.value for f in parts), Decimal(0)) <= total.value:
        return True
    return adds_up(total, parts)


def _gated(ctx: ExtractContext, view: TableView, block_no: int) -> None:
    """A table rebuilt from text whose cells were split by spaces: kept only when its own sums
    hold, or fail only where one figure is wrong (every failing sum shares it) and as many
    hold (twice as many where the reader had to place some rows' figures). Otherwise the
    sums cannot vouch for the grid: its facts and relations are dropped, with a notice,
    rather than reported as errors of the report."""
    graph = ctx.graph
    marks = (len(graph.facts), len(graph.relations), len(graph.notices))
    view_facts(ctx, view, block_no)
    TableRelations(ctx, view).run()
    sums = [r for r in graph.relations[marks[1]:]
            if r.kind == "table_sum" and r.result is not None and "-" not in SumParams.of(r).signs]
    failing = [r for r in sums if not _holds(graph.facts[r.result or 0],
                                             [graph.facts[i] for i in r.operands],
                                             SumParams.of(r).at_most)]
    if not failing:
        return
    shared = set.intersection(*({r.result or 0, *r.operands} for r in failing))
    holding = len(sums) - len(failing)
    # sums of one total over several breakdowns (a 支出 total under its function panel and
    # its use panel) fail together when that total is wrong: they count as one
    wrong = len({r.result for r in failing})
    vouched = holding >= (max(2, 2 * wrong) if view.table.ragged else wrong)
    if shared and wrong <= max(2, len(sums) // 10) and vouched:
        return
    del graph.facts[marks[0]:]
    del graph.relations[marks[1]:]
    del graph.notices[marks[2]:]
    view.facts.clear()
    for key in [k for k, v in ctx.cell_facts.items() if v >= marks[0]]:
        del ctx.cell_facts[key]
    table = view.table
    first = next((c for row in table.rows for c in row if c.text.segments), None)
    graph.notices.append(Notice(
        code="AL902",
        message=f"table {table.index}, rebuilt from text whose empty cells were dropped, does "
                f"not add up in {len(failing)} of its {len(sums)} sums in ways no single wrong "
                "figure explains; its columns were likely not recovered, so it is not checked",
        span=first.text.whole_span() if first is not None else None,
        location=f"table {table.index}"))
