"""AL7: the structure of 预算/决算 disclosures: what a note says of its table against the table."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.arith import written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding
from auditlint.params import EmptyTableParams, RowNumberParams


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
            p = EmptyTableParams.of(rel)
            message = (f"the note in line {p.line} says the table is empty "
                       f"(「{p.note[:40]}」), yet the table holds {shown}{more}")
            yield self.finding(ctx, first, message, related=[(f, "figure") for f in others])


@register
class RowNumberOutOfRun(Rule):
    """What it does: finds a row number (`行次`, `序号`) that breaks the run its neighbours
    make: `28, 39, 30` where 29 belongs. Only a single number is reported, and only when the
    numbers on both sides leave no doubt (they step by two and the run goes on by one).

    Why it matters: a 决算 form's 行次 are fixed by the form; a row that carries another
    row's number was copied from the wrong place, and whoever cites `行次 39` means another
    row. A 项目 table whose 序号 repeats or jumps has lost or doubled an item.

    Anti-pattern:
        财政拨款收入支出决算总表
        单位：万元
        项目 行次 金额
        一、一般公共服务支出 28 12.00
        二、外交支出 39 0.00
        三、国防支出 30 0.00
        四、公共安全支出 31 3.00
        五、教育支出 32 0.00
        六、科学技术支出 33 0.00

    Best practice:
        财政拨款收入支出决算总表
        单位：万元
        项目 行次 金额
        一、一般公共服务支出 28 12.00
        二、外交支出 29 0.00
        三、国防支出 30 0.00
        四、公共安全支出 31 3.00
        五、教育支出 32 0.00
        六、科学技术支出 33 0.00
    """

    code = "AL702"
    name = "row-number-out-of-run"
    severity = "warning"
    summary = "a row number (行次, 序号) breaks the run of the numbers around it"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, this in ctx.stated("row_number"):
            before, after = (ctx.fact(i) for i in rel.operands)
            r = RowNumberParams.of(rel)
            twin = f"; {this.text} is the {r.column} of {r.twin}" if r.twin else ""
            message = (f"{r.column} of {r.label} is {this.text}, between {before.text} "
                       f"and {after.text}: {r.expected} belongs here{twin}")
            yield self.finding(ctx, this, message, expected=str(r.expected),
                               related=[(before, "row before"), (after, "row after")])
