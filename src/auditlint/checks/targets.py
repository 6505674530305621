"""AL306: a score against its indicator's target and result (`target`): the target missed yet
full marks, or met yet marks deducted with no reason given."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from auditlint.checks.arith import fmt, written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import Fact, Interval, Relation
from auditlint.findings import Finding
from auditlint.params import StandardParams, TargetParams
from auditlint.standards import Allowed, Standard, allowed, shown, shown_range

# AL306


@register
class TargetScoreMismatch(Rule):
    """What it does: compares each indicator's score with its target (年度指标值, with its
    comparator: ≥ ≤ =, or a text target such as 及时/可控) and its result (实际完成值). A missed
    target scored full marks is an error; a met target scored below full marks with nothing in
    the 偏差原因 column is a warning. A missed target with any deduction is fine, unless the
    indicator's stated 评分标准 deducts per percentage point short (每降低1个百分点扣0.5分), or
    per unit of a count short or of an amount over (每少1次扣1分, 每超支1万元扣0.5分, in the
    target's own unit): then the score must be what that gives for the stated result (the
    computation is shown).
    A 评分标准 that states its own level (执行率达到100%得10分，每降低1个百分点扣0.5分) or bands
    of the deviation from the target (偏离目标10%-20%得8分) is checked in any scoring table
    against the actual value the row states unambiguously (its 实际完成值, or the one figure
    of its 评分依据 that names the measure): the score must be one the standard gives.

    Why it matters: the self-evaluation of a project rests on the indicators; full marks for
    a missed target inflate the score, and an unexplained deduction for a met one leaves the
    score unjustified.

    Anti-pattern:
        三级指标	年度指标值	实际完成值	分值	得分	偏差原因
        业务差错率	≤1%	1.4%	15	15

    Best practice:
        三级指标	年度指标值	实际完成值	分值	得分	偏差原因
        业务差错率	≤1%	1.4%	15	12	部分经办人员不熟悉新系统
    """

    code = "AL306"
    severity_varies = (
        "warning for a met target deducted with no reason given (a missed target with "
        "full marks stays an error)")
    name = "target-score-mismatch"
    summary = "missed target with full marks, or met target deducted without a reason"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        judged: set[int] = set()  # scores judged by their own stated standard
        for rel, score in ctx.stated("standard_score", operands=2):
            verdict = self._by_stated_rule(ctx, rel, score)
            if verdict is None:
                continue
            judged.add(score.id)
            if verdict is not True:
                yield verdict
        for rel, score in ctx.stated("target", operands=1):
            if score.id in judged:
                continue
            found = self._one(ctx, rel, TargetParams.of(rel))
            if found:
                yield found

    def _by_stated_rule(self, ctx: CheckContext, rel: Relation,
                        score: Fact) -> Finding | bool | None:
        """The scores the row's stated standard gives for each reading of its actual value:
        True when the stated score is one of them, a finding when it is none, None when some
        reading falls where the standard says nothing."""
        p = StandardParams.of(rel)
        rule = Standard.from_json(p.rule)
        weight = ctx.fact(rel.operands[0])
        options: list[tuple[str, Allowed]] = []
        for lo, hi, how in p.measured():
            got = allowed(rule, lo, hi)
            if not got:
                return None
            options.extend((how, a) for a in got)
        # a score is what the table awards, exact; the actual value is read within its rounding
        if any(a.lo <= score.value <= a.hi for _, a in options):
            return True
        computed = "; ".join(
            f"{how}: {a.how} = {shown(a.at)}" + (
                "" if a.lo == a.hi else f" ({shown_range(a.lo, a.hi)} within the rounding of "
                "the actual value)") for how, a in options)
        expected = " or ".join(dict.fromkeys(shown_range(a.lo, a.hi) for _, a in options))
        return self.finding(
            ctx, score, f"{p.name}: the stated standard 「{p.standard}」 gives {expected} of "
            f"{written(weight)} — {computed}; stated {written(score)}",
            expected=expected, actual=written(score),
            related=[(weight, "分值"), *((ctx.fact(f), "actual value")
                                        for f in rel.operands[1:])])

    def _one(self, ctx: CheckContext, rel: Relation, p: TargetParams) -> Finding | None:
        score = ctx.fact(rel.result)  # type: ignore[arg-type]
        weight = ctx.fact(rel.operands[0])
        if weight.value <= 0:
            return None
        by_standard = self._by_standard(ctx, p, score, weight)
        if by_standard is not None:
            return by_standard
        full = score.interval.contains(weight.value)
        deducted = score.interval.hi < weight.value
        met = _met(ctx, p)
        if met is None:
            return None
        target_text, actual_text, name = p.target_text, p.actual_text, p.name
        if not met and full:
            return self.finding(
                ctx, score, f"{name}: target {target_text} was not reached ({actual_text}) yet "
                f"the indicator scores full marks {written(score)} of {written(weight)}",
                expected=f"< {written(weight)}", actual=written(score),
                related=[(weight, "分值"), *self._related(ctx, p)])
        if met and deducted and p.has_reason_column and not p.reason \
                and not _beyond_bare_target(ctx, p):
            return self.finding(
                ctx, score, f"{name}: target {target_text} was {_reached(ctx, p)} "
                f"({actual_text}) yet the indicator scores {written(score)} of "
                f"{written(weight)} and the 偏差原因 column gives no reason for the deduction; "
                f"{_justification(ctx, p)}", expected=written(weight),
                actual=written(score), severity="warning",
                related=[(weight, "分值"), *self._related(ctx, p)])
        return None

    def _by_standard(self, ctx: CheckContext, p: TargetParams, score: Fact,
                     weight: Fact) -> Finding | None:
        """The score a stated per-step deduction gives for a result on the bad side of its
        target: per percentage point short (`每降低1个百分点扣0.5分`), per unit short of a count
        (`每少1次扣1分`) or over an amount (`每超支1万元扣0.5分`): full marks less the points
        for each step, not below zero. A part step may be counted whole, in part or not at
        all: any of these is accepted."""
        if p.per_step is None or p.per_points is None or p.target is None or p.actual is None:
            return None
        ivs = _comparable(ctx.fact(p.target), ctx.fact(p.actual))
        over = p.per_side == "over"
        if ivs is None or (ivs[1].lo <= ivs[0].hi if over else ivs[1].hi >= ivs[0].lo):
            return None  # reached (or cannot tell): the per-step rule deducts nothing
        k, per = p.per_step, p.per_points
        if over:
            gap_lo, gap_hi = ivs[1].lo - ivs[0].hi, ivs[1].hi - ivs[0].lo
        else:
            gap_lo, gap_hi = ivs[0].lo - ivs[1].hi, ivs[0].hi - ivs[1].lo
        most = (gap_hi / k).to_integral_value(ROUND_CEILING) * per  # a part step counted whole
        least = (gap_lo / k).to_integral_value(ROUND_FLOOR) * per  # a part step not counted
        lo, hi = max(Decimal(0), weight.value - most), max(Decimal(0), weight.value - least)
        if score.interval.intersects(Interval(lo, hi)):
            return None
        name = p.name
        gap = ivs[1].mid - ivs[0].lo if over else ivs[0].lo - ivs[1].mid
        shown_gap = fmt(gap, 2)
        expected = written_range(lo, hi)
        if p.per_side is None:
            what, side = "percentage points short", f"points short of {p.target_text}"
        else:
            unit = p.per_unit or ""
            what = f"{unit} {'over' if over else 'short'}"
            side = f"{unit} {'over' if over else 'short of'} {p.target_text}"
        return self.finding(
            ctx, score, f"{name}: the stated standard deducts {fmt(per, 2)} for each "
            f"{fmt(k, 2)} {what}; {p.actual_text} is {shown_gap} {side}, so the score is "
            f"max(0, {written(weight)} − {shown_gap} ÷ {fmt(k, 2)} × {fmt(per, 2)}) = "
            f"{expected}, stated {written(score)}", expected=expected, actual=written(score),
            related=[(weight, "分值"), *self._related(ctx, p)])

    def _related(self, ctx: CheckContext, p: TargetParams) -> list[tuple[Fact, str]]:
        return [(ctx.fact(fid), role) for fid, role in ((p.target, "年度指标值"),
                                                        (p.actual, "实际完成值"))
                if fid is not None]


def _beyond_bare_target(ctx: CheckContext, p: TargetParams) -> bool:
    """A result on the good side of a bare target but not on it (334 spent of a 390 cost):
    met as the words read it, yet a deduction may be for the distance itself (money left
    unspent), so it is not called unexplained."""
    if not p.bare or p.target is None or p.actual is None:
        return False
    ivs = _comparable(ctx.fact(p.target), ctx.fact(p.actual))
    return ivs is not None and not ivs[0].intersects(ivs[1])


def written_range(lo: Decimal, hi: Decimal) -> str:
    return fmt(lo, 2) if lo == hi else f"{fmt(lo, 2)} to {fmt(hi, 2)}"


def _beyond(ctx: CheckContext, p: TargetParams) -> bool:
    """Whether the result lies wholly past a stated bound on its good side (≥500 with 620
    done, ≤5 with 3.2 spent): over-achievement, which only a stated standard can penalise."""
    if p.target is None or p.actual is None:
        return False
    target = ctx.fact(p.target)
    cmp = p.comparator or target.comparator or ""
    if cmp not in (">=", ">", "<=", "<"):
        return False
    ivs = _comparable(target, ctx.fact(p.actual))
    if ivs is None:
        return False
    tiv, aiv = ivs
    return aiv.lo > tiv.hi if cmp in (">=", ">") else aiv.hi < tiv.lo


def _reached(ctx: CheckContext, p: TargetParams) -> str:
    return "exceeded" if _beyond(ctx, p) else "reached"


def _justification(ctx: CheckContext, p: TargetParams) -> str:
    """What would make the deduction sound: said, so the reader knows what to look for."""
    if _beyond(ctx, p):
        return ("only a stated 偏差原因 or a stated 评分标准 that penalises over-achievement "
                "(such as 分值×(1−超出比例)) would justify it")
    return "only a stated 偏差原因 or a stated 评分标准 that deducts for this result would justify it"


def _met(ctx: CheckContext, p: TargetParams) -> bool | None:
    """Whether the result reaches the target: True, False, or None when it cannot be told."""
    if p.met is not None:
        return p.met == "yes"
    if p.target is None or p.actual is None:
        return None
    target, actual = ctx.fact(p.target), ctx.fact(p.actual)
    ivs = _comparable(target, actual)
    if ivs is None:
        return None
    tiv, aiv = ivs
    cmp = p.comparator or target.comparator or "="
    if cmp in (">=", ">"):
        return not (aiv.hi < tiv.lo or (cmp == ">" and aiv.hi <= tiv.lo))
    if cmp in ("<=", "<"):
        return not (aiv.lo > tiv.hi or (cmp == "<" and aiv.lo >= tiv.hi))
    if cmp == "=":
        if p.bare and not aiv.intersects(tiv):
            return None  # a bare target missed: whether above or below it is worse is unsaid
        return aiv.intersects(tiv)
    return None


def _comparable(target: Fact, actual: Fact) -> tuple[Interval, Interval] | None:
    """Target and result in one unit: a result written without a unit takes the target's;
    万人 and 人, 万元 and 元 compare in the base unit; other unit pairs do not compare. A
    target is a definition (exact); the result is read within its rounding."""
    tu, au = target.unit or "", actual.unit or ""
    exact = Interval.exact(target.value)
    if not au or tu == au:
        return exact, actual.interval
    if not tu or tu[-1:] != au[-1:]:
        return None
    return exact.scale(target.multiplier), actual.base_interval
