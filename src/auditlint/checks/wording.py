"""AL6: wording of the narrative against its own figures and items (warnings)."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.arith import written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding


@register
class ReasonAgainstChange(Rule):
    """What it does: finds an item whose change is one way and whose reason says the other
    (`比上年减少2.98%。主要原因是：宣传经费增加`).

    Why it matters: a reason that contradicts its figure was copied or not updated; the
    reader cannot tell whether the figure or the reason is right.

    Anti-pattern:
        1. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”90.00万元，主要用于宣传工作。2024年
        当年预算执行数为100.00万元，2025年预算安排90.00万元，比2024年预算执行数减少10.00%。主要原因是：宣
        传经费增加。

    Best practice:
        1. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”90.00万元，主要用于宣传工作。2024年
        当年预算执行数为100.00万元，2025年预算安排90.00万元，比2024年预算执行数减少10.00%。主要原因是：宣
        传经费减少。
    """

    code = "AL601"
    name = "reason-against-change"
    severity = "warning"
    summary = "an item's reason says the opposite of its change"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, stated in ctx.stated("wording"):
            if rel.params.get("check") != "direction":
                continue
            yield self.finding(
                ctx, stated, f"the change is {rel.params.get('stated')} {written(stated)}% "
                f"but its reason says {rel.params.get('word')} "
                f"(「{rel.params.get('reason', '')[:30]}」)")


@register
class ReasonOfAnotherItem(Rule):
    """What it does: finds an item of a 预算/决算 explanation list whose reason names another
    item of the list and not its own (`机关事业单位职业年金缴费支出 … 主要原因是：事业单位离退休
    经费增加`, where 事业单位离退休 is the item above).

    Why it matters: a reason copied from the item above explains nothing about this one,
    and reviewers mark it as unexplained.

    Anti-pattern:
        1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”8.00万元，主要用于离退
        休人员。2024年当年预算执行数为6.00万元，2025年预算安排8.00万元，比2024年预算执行数增加33.33%。主要
        原因是：事业单位离退休经费增加。
        2. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”20.00万元
        ，主要用于职业年金缴费。2024年当年预算执行数为16.00万元，2025年预算安排20.00万元，比2024年预算执行
        数增加25.00%。主要原因是：事业单位离退休经费增加。

    Best practice:
        1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”8.00万元，主要用于离退
        休人员。2024年当年预算执行数为6.00万元，2025年预算安排8.00万元，比2024年预算执行数增加33.33%。主要
        原因是：事业单位离退休经费增加。
        2. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”20.00万元
        ，主要用于职业年金缴费。2024年当年预算执行数为16.00万元，2025年预算安排20.00万元，比2024年预算执行
        数增加25.00%。主要原因是：机关事业单位职业年金缴费支出经费增加。
    """

    code = "AL602"
    name = "reason-of-another-item"
    severity = "warning"
    summary = "an item's reason names another item and not its own"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, heading in ctx.stated("wording"):
            if rel.params.get("check") != "copied":
                continue
            yield self.finding(
                ctx, heading, f"the reason of {rel.params.get('own')} names "
                f"{rel.params.get('other')}, another item of the list, and not "
                f"{rel.params.get('own')} (「{rel.params.get('reason', '')[:30]}」); "
                "was it copied from that item?")


@register
class ItemNameNotInTables(Rule):
    """What it does: finds an item explanation whose 款 and 项 names are not in the report's
    一般公共预算 table under its 类, while the one 项 row there with the item's amount has
    another name (`计划生育事务（项）` for the table's 2100717 计划生育服务).

    Why it matters: the narrative must name the classification as the tables do (and as the
    year's 政府收支分类科目 does); a name from another year or another row leaves the
    reader unable to find the item in the tables.

    Anti-pattern:
        2025年部门一般公共预算支出功能分类预算表
        单位：元
        功能分类科目名称 合计 基本支出 项目支出
        210 卫生健康支出 200,000 0 200,000
        210 07 计划生育事务 200,000 0 200,000
        210 07 17 计划生育服务 200,000 0 200,000
        1. “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”20.00万元，主要用于计划生育。

    Best practice:
        2025年部门一般公共预算支出功能分类预算表
        单位：元
        功能分类科目名称 合计 基本支出 项目支出
        210 卫生健康支出 200,000 0 200,000
        210 07 计划生育事务 200,000 0 200,000
        210 07 17 计划生育服务 200,000 0 200,000
        1. “卫生健康支出（类）计划生育事务（款）计划生育服务（项）”20.00万元，主要用于计划生育。
    """

    code = "AL603"
    name = "item-name-not-in-tables"
    severity = "warning"
    summary = "an item names a 款/项 that the report's tables do not have"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, heading in ctx.stated("wording"):
            if rel.params.get("check") != "name":
                continue
            row = ctx.fact(rel.operands[0])
            yield self.finding(
                ctx, heading, f"the item names {rel.params.get('own')} under "
                f"{rel.params.get('class')}, which the report's 一般公共预算 table does not "
                f"have; its row with this amount is {rel.params.get('other')}",
                related=[(row, "table row")])
