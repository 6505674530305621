"""AL7: the structure of 预算/决算 disclosures: what a note says of its table against the table."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.arith import written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding


@register
class EmptyTableHasFigures(Rule):
    """What it does: finds a note saying the table above it is empty (`本表为空表`,
    `公开空表`) under a table that holds figures other than zero.

    Why it matters: either the figures or the note is wrong. A body that has, say, “三公”
    经费 but calls the table empty tells the public it spends nothing; a body that has none
    publishes figures that belong to another table or another year.

    Anti-pattern:
        2025年“三公”经费预算表
        单位：万元
        合计 因公出国(境)费 公务接待费 公务用车购置及运行费
        12.50 0 2.50 10.00
        注：本部门2025年无“三公”经费预算，故本表为空表。

    Best practice:
        2025年“三公”经费预算表
        单位：万元
        合计 因公出国(境)费 公务接待费 公务用车购置及运行费
        12.50 0 2.50 10.00
        注：本表反映本部门2025年“三公”经费预算安排情况。
    """

    code = "AL701"
    name = "empty-table-has-figures"
    summary = "a note calls its table empty, yet the table holds figures"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, first in ctx.stated("empty_table"):
            others = [ctx.fact(i) for i in rel.operands]
            shown = ", ".join(written(f) for f in [first, *others][:6])
            more = "" if len(others) < 6 else f" and {len(others) - 5} more"
            message = (f"the note in line {rel.params.get('line')} says the table is empty "
                       f"(「{rel.params.get('note', '')[:40]}」), yet the table holds {shown}{more}")
            yield self.finding(ctx, first, message, related=[(f, "figure") for f in others])
