"""AL2: ratios. A stated percentage against the figures it is computed from."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from auditlint.checks.arith import HUNDRED, exact_sum, fmt, judge, ratio, to_unit_of, written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import MAX_ROOT, Fact, Interval, Relation
from auditlint.findings import Finding
from auditlint.params import ComparisonParams, GrowthParams, Named, RateParams


class _RatioRule(Rule):
    kind: str = ""

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, stated in ctx.stated(self.kind, operands=2):
            found = self.evaluate(ctx, rel, stated, [ctx.fact(i) for i in rel.operands])
            if found:
                yield found

    def evaluate(self, ctx: CheckContext, rel: Relation, stated: Fact,
                 ops: list[Fact]) -> Finding | None:
        raise NotImplementedError

    def report(self, ctx: CheckContext, rel: Relation, stated: Fact, ops: list[Fact],
               computed: Interval | None, formula: str, roles: list[str],
               hint: str = "") -> Finding | None:
        verdict = judge(stated, computed)
        if verdict is None or verdict.ok:
            return None
        shown = fmt(verdict.computed.mid, stated.decimals)
        unit = "%" if (stated.unit or "%") in ("%", "％") else ""
        severity = "warning" if rel.trust == "inferred" or verdict.loose_ok else "error"
        name = Named.of(rel).named("rate")
        how = f" ({rel.origin})" if rel.origin else ""
        message = f"{name} {written(stated)}{unit} ≠ {formula} = {shown}{unit}{how}"
        if verdict.loose_ok:
            message += "; off by one unit of the last digit"
        elif hint:
            message += f"; {hint}"
        return self.finding(ctx, stated, message, expected=shown, actual=written(stated),
                            related=list(zip(ops, roles, strict=False)),
                            severity=severity)  # type: ignore[arg-type]


def _wrong_base(stated: Fact, change: Interval, current: Interval, formula: str) -> str:
    """What to say when the stated rate is the change over the current figure instead of over
    the base (a common slip): empty when it is not that either."""
    wrong = ratio(change, current, True)
    if wrong is None:
        return ""
    verdict = judge(stated, wrong if stated.value >= 0 else wrong.scale(Decimal(-1)))
    if verdict is None or not verdict.ok:
        return ""
    return f"{written(stated)}% is the change over the current figure ({formula}), not over the base"


def _whole_points(f: Fact) -> bool:
    """A weight or score in whole points is exact (weights are defined, scores awarded)."""
    return f.kind in ("weight", "score") and f.decimals == 0


@register
class RateMismatch(_RatioRule):
    """What it does: checks a stated rate (执行率, 得分率, 差异率, 控制率, 完成率) against the
    figures it is defined from, when they are stated in the same row or nearby.

    Why it matters: a rate is derived; when it disagrees with its inputs, either the rate
    or an input is wrong.

    Anti-pattern:
        全年预算数 200.00 万元，全年执行数 180.00 万元，执行率 95.00%。

    Best practice:
        全年预算数 200.00 万元，全年执行数 180.00 万元，执行率 90.00%。
    """

    code = "AL201"
    severity_varies = (
        "warning when the rate's figures were linked by inference, or when only a looser "
        "reading of the rounding would excuse the mismatch")
    name = "rate-mismatch"
    summary = "stated rate differs from the figures it is computed from"
    kind = "rate"

    def evaluate(self, ctx: CheckContext, rel: Relation, stated: Fact,
                 ops: list[Fact]) -> Finding | None:
        num, den = ops[0], ops[1]
        n_iv, d_iv = to_unit_of(num, den), den.interval
        if _whole_points(num) and _whole_points(den):  # 得分 1 of 满分 3 is exactly 1/3
            n_iv, d_iv = Interval.exact(num.value), Interval.exact(den.value)
        p = RateParams.of(rel)
        if p.form == "diff":
            n_iv = n_iv - d_iv
            formula = f"({written(num)} − {written(den)}) / {written(den)}"
        else:
            formula = f"{written(num)} / {written(den)}"
        computed = ratio(n_iv, d_iv, p.percent)
        return self.report(ctx, rel, stated, ops, computed, formula, [p.numerator, p.denominator])


@register
class GrowthMismatch(_RatioRule):
    """What it does: checks `比上年增加/减少 x，增长/下降 y%` (or `增加 x（y%）`) — that y is x
    over the previous year's figure (current − x for 增加, current + x for 减少; a rate from
    nothing is a warning), and that 增加 goes with 增长; `决算数较预算数减少 x` — that x is
    the difference of the two figures, in the direction its word says;
    in tables, a 同比增长 column against its year columns and a 复合增长率 column against
    the first and last year, (last / first)^(1/n) − 1.

    Why it matters: growth rates are recomputed by every reviewer; a wrong base year or a
    sign slip is a visible error.

    Anti-pattern:
        支出 110.00 万元，比上年增加 10.00 万元，增长 11.00%。

    Best practice:
        支出 110.00 万元，比上年增加 10.00 万元，增长 10.00%。
    """

    code = "AL202"
    severity_varies = (
        "warning when the figures were linked by inference, when only a looser reading of "
        "the rounding would excuse the mismatch, or for a rate of change from nothing")
    name = "growth-mismatch"
    summary = "growth rate differs from the stated change"
    kind = "growth"

    def evaluate(self, ctx: CheckContext, rel: Relation, stated: Fact,
                 ops: list[Fact]) -> Finding | None:
        p = GrowthParams.of(rel)
        form = p.form
        if form == "flat":
            return self.flat(ctx, rel, stated, ops)
        if form == "values":
            return self.from_values(ctx, rel, stated, ops)
        if form == "cagr":
            return self.compound(ctx, rel, stated, ops)
        if form == "change":
            return self.change(ctx, rel, stated, ops)
        change, current = ops[0], ops[1]
        up = p.direction == "increase"
        rate_up = p.rate_direction
        if rate_up and (rate_up == "increase") != up and change.value != 0:
            said = "增加" if up else "减少"
            rate_said = "增长" if rate_up == "increase" else "下降"
            return self.finding(
                ctx, stated, f"the change is {said} but the rate says {rate_said} "
                f"({written(change)} and {written(stated)}%)",
                expected="增长" if up else "下降", actual=rate_said,
                related=[(change, "change"), (current, "current")])
        c_iv = to_unit_of(change, current)
        cur = current.interval
        prev = cur - c_iv if up else cur + c_iv
        if up and change.value != 0 and change.base_interval.mid == current.base_interval.mid:
            return self.finding(
                ctx, stated, f"a rate of change from nothing ({written(current)} − "
                f"{written(change)} = 0) is not a rate: {written(stated)}% says nothing the "
                f"two amounts do not", related=[(change, "change"), (current, "current")],
                severity="warning")
        computed = ratio(c_iv, prev, True)
        op = "−" if up else "+"
        formula = f"{written(change)} / ({written(current)} {op} {written(change)}) × 100"
        if computed is not None and stated.value < 0:
            computed = computed.scale(Decimal(-1))
        hint = _wrong_base(stated, c_iv, cur, f"{written(change)} / {written(current)}")
        return self.report(ctx, rel, stated, ops, computed, formula, ["change", "current"], hint)

    def from_values(self, ctx: CheckContext, rel: Relation, stated: Fact,
                    ops: list[Fact]) -> Finding | None:
        """params form="values", operands [current, previous]: a table's 同比增长 column
        against the two year columns beside it, (current − previous) / previous."""
        current, previous = ops[0], ops[1]
        p = GrowthParams.of(rel)
        roles = [p.current, p.previous]
        related = [(current, roles[0]), (previous, roles[1])]
        if previous.value == 0:
            if current.value == 0 or not p.narrative:
                return None
            return self.finding(
                ctx, stated, f"a rate of change from nothing ({roles[1]} {written(previous)}) "
                f"is not a rate: {written(stated)}% says nothing the two amounts do not",
                related=related, severity="warning")
        prev = to_unit_of(previous, current)
        computed = ratio(current.interval - prev, prev, True)
        formula = f"({written(current)} − {written(previous)}) / {written(previous)}"
        said = p.rate_direction
        if said and computed is not None:
            rises = current.base_interval.lo > previous.base_interval.hi
            falls = current.base_interval.hi < previous.base_interval.lo
            if (said == "increase" and falls) or (said == "decrease" and rises):
                word = "增加" if said == "increase" else "减少"
                return self.finding(
                    ctx, stated, f"the text says {word} {written(stated)}% but "
                    f"{written(current)} is {'less' if falls else 'more'} than "
                    f"{written(previous)} ({formula} = {fmt(computed.mid, 2)}%)",
                    expected="减少" if falls else "增加", actual=word, related=related)
            if said == "decrease":
                computed = computed.scale(Decimal(-1))
        hint = _wrong_base(stated, current.interval - prev, current.interval,
                           f"({written(current)} − {written(previous)}) / {written(current)}")
        return self.report(ctx, rel, stated, ops, computed, formula, roles, hint)

    def change(self, ctx: CheckContext, rel: Relation, stated: Fact,
               ops: list[Fact]) -> Finding | None:
        """params form="change", result the change, operands [current, previous]: `决算数较
        预算数减少 x` says x is the difference of the two, in the direction of its word."""
        current, previous = ops[0], ops[1]
        p = GrowthParams.of(rel)
        up = p.direction == "increase"
        related = [(current, p.current), (previous, p.previous)]
        diff = to_unit_of(current, stated) - to_unit_of(previous, stated)
        first, second = (current, previous) if up else (previous, current)
        formula = f"{written(first)} − {written(second)}"
        if stated.value != 0 and ((up and diff.hi < 0) or (not up and diff.lo > 0)):
            word = "增加" if up else "减少"
            return self.finding(
                ctx, stated, f"the text says {word} {written(stated)} but {written(current)} is "
                f"{'less' if up else 'more'} than {written(previous)} ({p.named('')})",
                expected="减少" if up else "增加", actual=word, related=related)
        computed = diff if up else diff.scale(Decimal(-1))
        return self.report(ctx, rel, stated, ops, computed, formula, [p.current, p.previous])

    def flat(self, ctx: CheckContext, rel: Relation, current: Fact,
             ops: list[Fact]) -> Finding | None:
        """params form="flat", result current, operands [current, previous]: `持平` says the
        two agree."""
        previous = ops[1]
        if to_unit_of(previous, current).intersects(current.interval):
            return None
        return self.finding(
            ctx, current, f"the text says 持平 but {written(current)} ≠ {written(previous)} "
            f"({GrowthParams.of(rel).named('')})", expected=written(previous),
            actual=written(current), related=[(previous, "previous")])

    def compound(self, ctx: CheckContext, rel: Relation, stated: Fact,
                 ops: list[Fact]) -> Finding | None:
        """params form="cagr", years=n, operands [last, first]: a compound (年均/复合)
        growth rate, (last / first)^(1/n) − 1."""
        last, first = ops[0], ops[1]
        p = GrowthParams.of(rel)
        years = p.years
        if not 1 <= years <= MAX_ROOT:
            return None
        q = last.interval / to_unit_of(first, last)
        if q is None or q.lo <= 0:
            return None
        root = q.root(years)
        computed = (root - Interval.exact(Decimal(1))).scale(HUNDRED)  # rounded outward
        formula = f"({written(last)} / {written(first)})^(1/{years}) − 1"
        return self.report(ctx, rel, stated, ops, computed, formula,
                           [p.last, p.first])



@register
class ShareMismatch(_RatioRule):
    """What it does: checks `A x 万元，占 y%` against A's total (the sentence's or the
    paragraph's: `占本年支出合计的 y%`).

    Why it matters: shares are computed from figures in the same breath; a wrong share
    misleads about the structure of the budget.

    Anti-pattern:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，占 70.00%。

    Best practice:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，占 75.00%。
    """

    code = "AL203"
    severity_varies = (
        "warning when the share's figures were linked by inference, or when only a looser "
        "reading of the rounding would excuse the mismatch")
    name = "share-mismatch"
    summary = "stated share differs from part / total"
    kind = "share"

    def evaluate(self, ctx: CheckContext, rel: Relation, stated: Fact,
                 ops: list[Fact]) -> Finding | None:
        part, total = ops[0], ops[1]
        computed = ratio(to_unit_of(part, total), total.interval, True)
        formula = f"{written(part)} / {written(total)}"
        return self.report(ctx, rel, stated, ops, computed, formula, ["part", "total"])


@register
class SharesNotHundred(Rule):
    """What it does: checks that the shares of one breakdown (`占 a%` ... `占 b%` over the
    parts of one total) add up to 100% within their rounding.

    Why it matters: shares of a complete breakdown must cover the whole; a gap means a part
    is missing or a share is wrong.

    Anti-pattern:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，占 75.00%；项目支出 100.00 万元，占 20.00%。

    Best practice:
        本年支出 400.00 万元，其中：基本支出 300.00 万元，占 75.00%；项目支出 100.00 万元，占 25.00%。
    """

    code = "AL204"
    severity_varies = (
        "warning when the breakdown was inferred rather than stated")
    name = "shares-not-hundred"
    summary = "shares of one breakdown do not add up to 100%"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel in ctx.relations("share_total"):
            shares = [ctx.fact(i) for i in rel.operands]
            if len(shares) < 2:
                continue
            total = Interval.exact(Decimal(0))
            for s in shares:
                total = total + s.interval
            if total.contains(HUNDRED):
                continue
            decimals = max(s.decimals for s in shares)
            exact = exact_sum(s.value for s in shares)
            text = " + ".join(f"{written(s)}%" for s in shares)
            yield self.finding(
                ctx, shares[0], f"shares of one breakdown add up to {fmt(exact, decimals)}%, "
                f"not 100%: {text} = {fmt(exact, decimals)}%",
                expected="100", actual=fmt(exact, decimals),
                related=[(s, "share") for s in shares[1:]],
                severity="warning" if rel.trust == "inferred" else None)


@register
class ComparisonMismatch(Rule):
    """What it does: checks a comparison written in words between two figures of a paragraph
    (`决算数大于年初预算数的主要原因是…`) against the figures.

    Why it matters: the sentence that explains why the outturn exceeded the budget is wrong
    when it did not; usually a template sentence was not updated.

    Anti-pattern:
        年初预算为50.00万元，支出决算为60.00万元，完成年初预算的120.00%。决算数小于年初预算数的主要原因是项目增加。

    Best practice:
        年初预算为50.00万元，支出决算为60.00万元，完成年初预算的120.00%。决算数大于年初预算数的主要原因是项目增加。
    """

    code = "AL205"
    name = "comparison-mismatch"
    summary = "a comparison in words (决算数小于年初预算数) says the opposite of its figures"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel in ctx.relations("comparison"):
            a, b = ctx.fact(rel.operands[0]), ctx.fact(rel.operands[1])
            av, bv = a.base_interval, b.base_interval
            p = ComparisonParams.of(rel)
            said = p.said
            wrong = {"more": av.hi <= bv.lo, "less": av.lo >= bv.hi,
                     "equal": not av.intersects(bv)}.get(said or "", False)
            if not wrong:
                continue
            truth = "equal to" if av.intersects(bv) else "more than" if av.lo > bv.hi \
                else "less than"
            yield self.finding(
                ctx, a, f"the text says {p.word} but {written(a)} is {truth} "
                f"{written(b)} ({rel.origin})", related=[(b, "compared with")])
