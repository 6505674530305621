"""Cross-references inside a self-evaluation form: its 实际完成情况 text against its indicators.

A flattened 自评表 leaves the two columns of its 年度总体目标 (预期目标 | 实际完成情况) as plain
paragraphs whose column is unknown, so their figures are not linked like the report's text.
Its indicator table is the reliable side: the 实际完成值 column of a recognised table. A form
paragraph is read as the 实际完成情况 when its *other* figures match indicators' 实际完成值 where
those differ from the 年度指标值, and none matches a 年度指标值 instead (leave one out: the figure
under test never votes for its own reading). Then a figure of that paragraph whose label is an
indicator's label is linked to that indicator's 实际完成值, as an inferred link (a warning).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditlint.agreement import agreeing, plausible_slip
from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.mentions import Mention
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact, Relation
from auditlint.params import SameAsParams


@dataclass(frozen=True)
class Indicator:
    """One row of an indicator table: its 实际完成值 cell (a mention) and its 年度指标值."""

    label: str
    actual: Mention
    target: Fact | None


def indicators(ctx: ExtractContext, cells: list[Mention]) -> dict[int, list[Indicator]]:
    """The indicators of each table with both a 年度指标值 and a 实际完成值 column."""
    by_cell = {(m.fact.table, m.fact.row, m.fact.col): m for m in cells}
    out: dict[int, list[Indicator]] = defaultdict(list)
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            tcol, acol = view.column("target"), view.column("actual")
            if tcol is None or acol is None:
                continue
            for row in view.rows:
                if row.is_total or row.shifted:
                    continue
                actual = by_cell.get((table.index, row.index, acol.index))
                if actual is None or not actual.subject.linkable:
                    continue
                tid = view.fact(row.index, tcol.index)
                out[table.index].append(Indicator(
                    label=row.label, actual=actual,
                    target=ctx.graph[tid] if tid is not None else None))
    return out


def _agree(a: Fact, b: Fact) -> bool:
    return not agreeing([a, b])[1]


def reading(m: Mention, ind: Indicator) -> str:
    """Which column a figure's value points to: "actual", "target", or "" (neither or both)."""
    actual = _agree(m.fact, ind.actual.fact)
    target = ind.target is not None and _agree(m.fact, ind.target)
    if actual and ind.target is not None and not target:
        return "actual"
    if target and not actual:
        return "target"
    return ""


def _same_indicator(m: Mention, ind: Indicator) -> bool:
    a, b = m.subject, ind.actual.subject
    return (a.core, a.tags, a.year, a.dimension, a.scope, a.qualifier) == \
        (b.core, b.tags, b.year, b.dimension, b.scope, b.qualifier) and a.comparator is None


def _form_table(ctx: ExtractContext, block_no: int, scopes: dict[int, str], in_forms: set[int],
                tables: dict[int, list[Indicator]]) -> int | None:
    """The indicator table of the form a paragraph stands in: the next one, with only lines of
    the same form between them."""
    scope = scopes.get(block_no, "")
    for i in range(block_no + 1, min(len(ctx.document.blocks), block_no + 60)):
        blk = ctx.document.blocks[i]
        if scopes.get(i, "") != scope:
            return None
        if isinstance(blk, Paragraph) and i not in in_forms:
            return None
        if isinstance(blk, Table) and blk.index in tables:
            return blk.index
    return None


def form_text_links(ctx: ExtractContext, in_form: list[Mention], cells: list[Mention],
                    scopes: dict[int, str], in_forms: set[int]) -> list[Relation]:
    tables = indicators(ctx, cells)
    if not tables:
        return []
    by_block: dict[int, list[Mention]] = defaultdict(list)
    for m in in_form:
        by_block[m.fact.block].append(m)
    out: list[Relation] = []
    for block_no, mentions in sorted(by_block.items()):
        table = _form_table(ctx, block_no, scopes, in_forms, tables)
        if table is None:
            continue
        pairs = [(m, ind, reading(m, ind)) for m in mentions for ind in tables[table]
                 if _same_indicator(m, ind)]
        for m, ind, _ in pairs:
            others = [(o, oi, r) for o, oi, r in pairs if o is not m and oi is not ind]
            shown = [(o, oi) for o, oi, r in others if r == "actual"]
            if not shown or any(r == "target" for _, _, r in others):
                continue
            if not _agree(m.fact, ind.actual.fact) \
                    and not plausible_slip(m.fact, ind.actual.fact):
                continue
            out.append(_relation(m, ind, shown))
    return out


def _relation(m: Mention, ind: Indicator, shown: list[tuple[Mention, Indicator]]) -> Relation:
    o, oi = shown[0]
    target = (oi.target.text or "").strip() if oi.target is not None else ""
    reason = (f"this text of the form is read as its 实际完成情况 (its {o.subject.cleaned} "
              f"{(o.fact.text or '').strip()} is that indicator's 实际完成值, not its 年度指标值 "
              f"{target}), and {m.subject.cleaned} is the label of the form's indicator "
              f"{ind.label} (实际完成值)")
    cell = ind.actual
    return Relation(
        kind="same_as", result=cell.fact.id, operands=[m.fact.id], trust="inferred",
        origin=f"{cell.subject.describe()} stated in {cell.fact.location}, {m.fact.location}: "
               + reason,
        params=SameAsParams(confidence="loose", reason=reason, subject=ind.label,
                            reliable=cell.fact.id,
                            pairs={f"{cell.fact.id},{m.fact.id}": ["loose", reason]}).as_params())
