"""AL3: scoring. Scores against their weights, weight trees, grades, formulas, targets."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from auditlint.checks.arith import written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding
from auditlint.params import ScoreCapParams


@register
class ScoreAboveWeight(Rule):
    """What it does: checks that every score stays within its weight (分值/满分/权重): no
    indicator scores more than it is worth, and no score is negative. A stated scoring
    standard (评分标准) is held to the same cap: a clause awarding more than the indicator's
    weight (`计5分` for an indicator worth 3) is reported.

    Why it matters: a score above its weight inflates the total and the grade; it is
    always a typing or copying error.

    Anti-pattern:
        一级指标	二级指标	三级指标	分值	得分
        产出	数量指标	培训人次	5	6

    Best practice:
        一级指标	二级指标	三级指标	分值	得分
        产出	数量指标	培训人次	5	5
    """

    code = "AL301"
    severity_varies = (
        "warning when the weight was inferred rather than stated")
    name = "score-above-weight"
    summary = "a score exceeds its weight, or is negative"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, score in ctx.stated("score_cap", operands=1):
            weight = ctx.fact(rel.operands[0])
            params = ScoreCapParams.of(rel)
            score_word, weight_word, subject = params.score, params.weight, params.name
            where = f" ({subject})" if subject else ""
            severity = "warning" if rel.trust == "inferred" else None
            if score.interval.hi < 0:
                yield self.finding(
                    ctx, score, f"{score_word} {written(score)} is negative{where}",
                    expected=">= 0", actual=written(score), related=[(weight, weight_word)],
                    severity=severity)
            # a weight is a definition (exact); the score is read within its rounding
            elif score.interval.lo > weight.value * weight.multiplier / score.multiplier \
                    and weight.value >= Decimal(0):
                yield self.finding(
                    ctx, score, f"{score_word} {written(score)} > {weight_word} "
                    f"{written(weight)}{where}: a score cannot exceed its weight",
                    expected=f"<= {written(weight)}", actual=written(score),
                    related=[(weight, weight_word)], severity=severity)
