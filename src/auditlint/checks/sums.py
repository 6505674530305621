"""AL1: sums. Totals of tables (AL101), 其中 parts of narrative totals (AL102), and domain
identities from the rule packs (AL103) all reduce to one evaluation: a signed sum of facts
against a stated fact, within rounding."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.arith import exact_sum, fmt, judge, signed_sum, sum_text, written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import Fact, Relation
from auditlint.findings import Finding
from auditlint.params import SumParams


class _SumRule(Rule):
    kind: str = ""
    what: str = "total"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel in ctx.relations(self.kind):
            found = self.evaluate(ctx, rel)
            if found:
                yield found

    def evaluate(self, ctx: CheckContext, rel: Relation) -> Finding | None:
        if rel.result is None or not rel.operands:
            return None
        result = ctx.fact(rel.result)
        operands = _zeros_exact(result, [ctx.fact(i) for i in rel.operands])
        params = SumParams.of(rel)
        signs = params.signs_for(len(operands))
        computed = signed_sum(result, operands, signs)
        verdict = judge(result, computed)
        if verdict is None:
            return None
        whole = _whole_counts(result, operands)
        yuan = not whole and _whole_yuan(result, operands)
        if whole or yuan:
            total = exact_sum(-f.value if s == "-" else f.value
                              for f, s in zip(operands, signs, strict=True))
            if total == result.value or (params.at_most and total < result.value):
                return None
        elif verdict.ok or (params.at_most and computed.hi < result.interval.hi):
            return None  # within rounding; or an incomplete list (主要/等) not above its total
        text, exact, decimals = sum_text(result, operands, signs)
        severity = "error" if whole or (yuan and not verdict.ok) else verdict.severity
        if rel.trust == "inferred":
            severity = "warning"
        name = params.named(self.what)
        how = f" ({rel.origin})" if rel.origin else ""
        message = (f"{name} {written(result)} is not the sum of its parts{how}: "
                   f"{text} = {fmt(exact, decimals)} ≠ {written(result)}")
        if yuan and verdict.ok:
            severity = "warning"
            message += ("; whole 元 add up exactly, unless each was rounded from 分 (then the "
                        "difference is within their rounding)")
        elif verdict.loose_ok and not whole:
            message += "; off by one unit of the last digit, perhaps a rounding adjustment"
        elif params.partial and computed.hi < result.interval.lo:
            severity = "warning"
            message += ("; the parts fall below the total: an error unless the 其中 list names "
                        "only some of its parts")
        return self.finding(
            ctx, result, message, expected=fmt(exact, decimals), actual=written(result),
            related=[(f, "part") for f in operands], severity=severity,  # type: ignore[arg-type]
        )


def _zeros_exact(result: Fact, operands: list[Fact]) -> list[Fact]:
    """A part written `0` among parts with decimals (`工程采购金额0万元`) is nothing at all, not
    a rounded ±0.5: it is read at the precision of the others."""
    decimals = max([result.decimals, *(f.decimals for f in operands)])
    if decimals == 0:
        return operands
    return [f.model_copy(update={"decimals": decimals}) if f.value == 0 and f.decimals == 0
            else f for f in operands]


def _whole_yuan(result: Fact, operands: list[Fact]) -> bool:
    """Amounts in whole 元 (a budget table in 元 without 角分): budgets are set in whole
    yuan, so their sums are exact; a difference within the ±0.5 of each figure is still
    told, as a warning, since figures rounded from 分 could explain it."""
    return all(f.kind == "amount" and f.unit == "元" and f.multiplier == 1 and f.decimals == 0
               for f in [result, *operands])


def _whole_counts(result: Fact, operands: list[Fact]) -> bool:
    """People, vehicles, projects counted in whole numbers are exact, not rounded: 36 + 13
    people are 49, never 48. So are weights and scores given in whole points (分值 3 + 2)."""
    facts = [result, *operands]
    if all(f.kind in ("weight", "score") and f.decimals == 0 and f.multiplier == 1
           and f.kind == result.kind for f in facts):
        return True
    return all(f.kind == "count" and f.decimals == 0 and f.multiplier == 1 and f.unit
               and f.unit == result.unit for f in facts)


@register
class SumMismatch(_SumRule):
    """What it does: checks that a 合计/小计/总计 row or column of a table equals the sum of
    the rows or columns it totals, within the rounding of the numbers as written.

    Why it matters: a total that is not the sum of its rows is the most common arithmetic
    error of a budget table, and every reader of the table trusts the total.

    Anti-pattern:
        项目	金额
        办公费	12.30
        印刷费	4.50
        合计	17.70

    Best practice:
        项目	金额
        办公费	12.30
        印刷费	4.50
        合计	16.80
    """

    code = "AL101"
    severity_varies = (
        "warning when the total was inferred from the table's other rows, when it is off "
        "by one unit of its last digit (a rounding adjustment), or when whole 元 add up "
        "only if each was rounded from 分")
    name = "sum-mismatch"
    summary = "table total is not the sum of its rows or columns"
    kind = "table_sum"


@register
class PartsMismatch(_SumRule):
    """What it does: checks that the parts listed after `其中`/`包括`/`分别为` add up to
    the total they break down.

    Why it matters: the narrative restates the budget in sentences; parts that miss or
    exceed their total mean one of the figures is wrong.

    Anti-pattern:
        本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。

    Best practice:
        本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 20.40 万元。
    """

    code = "AL102"
    severity_varies = (
        "warning when the parts are off by one unit of the last digit (a rounding "
        "adjustment), when whole 元 add up only if each was rounded from 分, or when the "
        "parts of a 其中 list that may name only some of them fall below the total")
    name = "parts-mismatch"
    summary = "其中 parts do not add up to their total"
    kind = "parts_sum"


@register
class IdentityBroken(_SumRule):
    """What it does: checks the accounting identities of the rule packs (收入总计 = 本年收入
    + 使用结余 + 年初结转和结余; 基本支出 = 人员经费 + 公用经费; ...) where the report states
    all of their terms.

    Why it matters: these identities hold by definition; when they fail, a figure was
    copied wrong from the accounts.

    Anti-pattern:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，项目支出 100.00 万元。
        基本支出中，人员经费 250.00 万元，公用经费 40.00 万元。

    Best practice:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，项目支出 100.00 万元。
        基本支出中，人员经费 260.00 万元，公用经费 40.00 万元。
    """

    code = "AL103"
    severity_varies = (
        "warning when the identity is off by one unit of the last digit (a rounding "
        "adjustment), or when whole 元 add up only if each was rounded from 分")
    name = "identity-broken"
    summary = "a domain identity (收入/支出/结转结余) does not hold"
    kind = "identity"
