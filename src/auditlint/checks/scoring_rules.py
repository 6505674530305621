"""AL302–AL305: the arithmetic and logic of scored reports (指标体系, 评分表, 自评表).

Weights and scores reduce to the sum evaluation of AL1 (`weight_sum`, `score_sum`); grades
are read against bands (`grade`); the 资金执行率 score against the formula the report's own
tables follow (`exec_score`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from auditlint.bands import Band, bands_from_json, problems
from auditlint.checks.arith import fmt, judge, sum_text, written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.checks.formula import Formula, FormulaError, parse_family
from auditlint.checks.sums import _SumRule
from auditlint.facts import Fact, Interval, Relation
from auditlint.findings import Finding
from auditlint.params import ExecScoreParams, GradeParams, TotalParams


class _ScoringSumRule(_SumRule):
    """A sum rule for weights and scores.

    Weights are definitions, and integer scores are counted points: a sum of whole points is
    exact (14 + 23 + 32 + 23 is 92, not 92 ± 2). Where any score carries decimals, the
    rounding rule of AL1 applies. A single operand is worded as a comparison; a note in
    `note` (TotalParams) is appended to the message.
    """

    def evaluate(self, ctx: CheckContext, rel: Relation) -> Finding | None:
        if rel.result is None or not rel.operands:
            return None
        params = TotalParams.of(rel)
        if len(rel.operands) == 1 and params.role:
            return self._compare(ctx, rel)
        result = ctx.fact(rel.result)
        operands = [ctx.fact(i) for i in rel.operands]
        signs = params.signs_for(len(operands))
        if _whole_points(result, operands):
            text, exact, decimals = sum_text(result, operands, signs)
            if exact == result.value:
                return None
            name = params.named(self.what)
            how = f" ({rel.origin})" if rel.origin else ""
            if len(operands) == 1:
                message = f"{name} {written(result)} ≠ {written(operands[0])}{how}"
            else:
                message = (f"{name} {written(result)} is not the sum of its parts{how}: "
                           f"{text} = {fmt(exact, decimals)} ≠ {written(result)}")
            if params.note:
                message += f"; {params.note}"
            return self.finding(
                ctx, result, message, expected=fmt(exact, decimals), actual=written(result),
                related=[(f, "part") for f in operands],
                severity="warning" if rel.trust == "inferred" else None)
        found = super().evaluate(ctx, rel)
        if found is not None and params.note:
            found.message += f"; {params.note}"
        return found

    def _compare(self, ctx: CheckContext, rel: Relation) -> Finding | None:
        stated = ctx.fact(rel.result)  # type: ignore[arg-type]
        other = ctx.fact(rel.operands[0])
        if _whole_points(stated, [other]):
            if stated.value == other.value:
                return None
            loose = False
        else:
            verdict = judge(stated, other.interval)
            if verdict is None or verdict.ok:
                return None
            loose = verdict.loose_ok
        params = TotalParams.of(rel)
        name = params.named(self.what)
        how = f" ({rel.origin})" if rel.origin else ""
        severity = "warning" if rel.trust == "inferred" or loose else "error"
        message = (f"{name} is {written(stated)} here but {written(other)} in "
                   f"{other.location or 'another place'}{how}")
        return self.finding(ctx, stated, message, expected=written(other), actual=written(stated),
                            related=[(other, params.role if params.role is not None else "stated")],
                            severity=severity)  # type: ignore[arg-type]


def _whole_points(result: Fact, operands: list[Fact]) -> bool:
    """Weights and scores all written as whole points, in one unit: an exact sum."""
    facts = [result, *operands]
    if any(f.kind not in ("weight", "score") and f.unit != "分" for f in facts):
        return False
    if any(f.multiplier != result.multiplier for f in facts):
        return False
    return all(f.decimals == 0 or (f.kind == "weight" and f.value == f.value.to_integral_value())
               for f in facts)


@register
class WeightSumMismatch(_ScoringSumRule):
    """What it does: checks that the weights (分值, 满分, 权重) of an indicator's children add up
    to its own weight (`投入（20 分）` over 5 + 6 + 9), that the weights of a whole scoring table
    add up to its stated total (usually 100, counting the 资金执行率 line the way the table
    does), and that a weight stated in the narrative is the weight of the table.

    Why it matters: an indicator system whose weights do not add up scores out of a different
    total than it says; every score and the grade built on it are then off.

    Anti-pattern:
        一级指标	二级指标	三级指标	分值	得分
        投入（20 分）	预算编制（8 分）	预算编制科学性	5	5
        投入（20 分）	资金落实（12 分）	资金到位率	12	12

    Best practice:
        一级指标	二级指标	三级指标	分值	得分
        投入（20 分）	预算编制（8 分）	预算编制科学性	8	8
        投入（20 分）	资金落实（12 分）	资金到位率	12	12
    """

    code = "AL302"
    severity_varies = (
        "warning when the sum was inferred, or when only a looser reading of the rounding "
        "would excuse the mismatch")
    name = "weight-sum-mismatch"
    summary = "indicator weights do not add up to their parent's weight or the table's total"
    kind = "weight_sum"
    what = "weight"


@register
class ScoreSumMismatch(_ScoringSumRule):
    """What it does: checks that the scores (得分, 评价得分) of an indicator group add up to the
    group's stated score (`投入指标得分`, `指标分值 6 分，评价得分 2 分` over 1 + 1), and that the
    total (`合计`, `总分`, `综合评价得分：93 分`) is the sum of all indicator scores — within a
    table and between the narrative and the table.

    Why it matters: the total score decides the grade and is quoted everywhere; a total that
    is not the sum of its indicators is either a lost indicator or a typo.

    Anti-pattern:
        （一）投入指标评价结果

        投入指标满分为 20 分，评价得分为 15 分。

        1.预算编制（指标分值 8 分，评价得分 6 分）

        2.资金落实（指标分值 12 分，评价得分 10 分）

    Best practice:
        （一）投入指标评价结果

        投入指标满分为 20 分，评价得分为 16 分。

        1.预算编制（指标分值 8 分，评价得分 6 分）

        2.资金落实（指标分值 12 分，评价得分 10 分）
    """

    code = "AL303"
    severity_varies = (
        "warning when the sum was inferred, or when only a looser reading of the rounding "
        "would excuse the mismatch")
    name = "score-sum-mismatch"
    summary = "indicator scores do not add up to a subtotal or total"
    kind = "score_sum"
    what = "score"


# ---------------------------------------------------------------------------------------------
# AL304


@register
class GradeMismatch(Rule):
    """What it does: checks a stated grade (`等级为“良”`) against the score it is given for,
    using the grade bands the report states (`80~90 分（含 80 分）为良好`) or, when it states
    none, the default bands of rules/scoring.toml (a warning then). It also checks the bands
    themselves: bands that leave scores without a grade, bands that overlap, and two band
    statements of one report that disagree.

    Why it matters: the grade is the headline of a performance evaluation; a grade that its
    own score does not earn discredits the whole report.

    Anti-pattern:
        评价等级：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，60 分以下为差。

        经评价，总分为 93 分，等级为“良”。

    Best practice:
        评价等级：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，60 分以下为差。

        经评价，总分为 93 分，等级为“优”。
    """

    code = "AL304"
    severity_varies = (
        "warning when the bands are not stated in the report (a rule pack's defaults, or "
        "inferred), and for bands that overlap or leave gaps")
    name = "grade-mismatch"
    summary = "grade does not match the score, or the grade bands have gaps or overlaps"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, _ in ctx.stated("grade"):
            mode = GradeParams.of(rel).mode
            if mode == "grade":
                found = self._grade(ctx, rel)
                if found:
                    yield found
            elif mode == "bands":
                yield from self._bands(ctx, rel)
            elif mode == "conflict":
                yield self._conflict(ctx, rel)

    def _grade(self, ctx: CheckContext, rel: Relation) -> Finding | None:
        score = ctx.fact(rel.result)  # type: ignore[arg-type]
        params = GradeParams.of(rel)
        bands = bands_from_json(params.bands)
        stated = params.grade
        classes = json.loads(params.classes)
        own = _bands_for_grade(stated, bands, classes)
        if not own:
            return None
        iv = score.interval
        if any(b.contains(iv.lo, iv.hi) for b in own):
            return None
        earned = [b for b in bands if b.contains(iv.lo, iv.hi)]
        if not earned:
            return None  # the score falls in no band: the bands themselves are reported
        severity = "warning" if rel.trust != "explicit" else "error"
        how = f" ({rel.origin})" if rel.origin else ""
        shown = "; ".join(b.shown() for b in own)
        message = (f"grade “{stated}” does not match the score {written(score)}: "
                   f"{written(score)} is {' or '.join(f'“{b.grade}”' for b in earned)} "
                   f"by the bands{how}; “{stated}” needs {shown}")
        return self.finding(ctx, score, message, expected=earned[0].grade, actual=stated,
                            related=[(ctx.fact(i), "band") for i in rel.operands[:4]],
                            severity=severity)  # type: ignore[arg-type]

    def _bands(self, ctx: CheckContext, rel: Relation) -> Iterable[Finding]:
        bands = bands_from_json(GradeParams.of(rel).bands)
        at = ctx.fact(rel.result)  # type: ignore[arg-type]
        how = f" ({rel.origin})" if rel.origin else ""
        for p in problems(bands):
            yield self.finding(ctx, at, p.message() + how, severity="warning",
                               related=[(ctx.fact(i), "band") for i in rel.operands[1:4]])

    def _conflict(self, ctx: CheckContext, rel: Relation) -> Finding:
        at = ctx.fact(rel.result)  # type: ignore[arg-type]
        params = GradeParams.of(rel)
        mine = bands_from_json(params.bands)
        other = bands_from_json(params.other_bands)
        other_at = ctx.fact(rel.operands[0]) if rel.operands else at
        message = (f"two statements of the grade bands disagree: {'; '.join(b.shown() for b in mine)}"
                   f" here, {'; '.join(b.shown() for b in other)} in {other_at.location}")
        return self.finding(ctx, at, message, related=[(other_at, "other bands")])


def _bands_for_grade(stated: str, bands: list[Band], classes: dict[str, list[str]]) -> list[Band]:
    """The bands a stated grade names: by name, else by grade class (良 names 良好)."""
    exact = [b for b in bands if b.grade == stated]
    if exact:
        return exact
    cls = next((k for k, words in classes.items() if stated in words), None)
    if cls is None:
        return []
    same = [b for b in bands if b.grade in classes[cls]]
    return same if len({b.grade for b in same}) == 1 else []


# ---------------------------------------------------------------------------------------------
# AL305


@register
class ExecScoreOffFormula(Rule):
    """What it does: finds the formula that the 资金执行率 (预算执行率) scores of a report follow
    — 执行率 × 分值, full marks less k points per percentage point short of 100, full marks
    above a threshold (the candidates of rules/scoring.toml) — from the tables whose scores it
    reproduces exactly, and reports the tables whose score it does not give, with the
    formula, the tables that support it and the score it would give. Nothing is reported when
    no formula reproduces at least two tables' scores, or more tables disagree than agree.
    Such an inferred formula gives warnings; a formula the report states in its own words
    (资金执行率得分 = 执行率 × 分值) is checked on every table, and a score off it is an error.

    Why it matters: a report's self-evaluation tables are scored by one rule; a table scored
    by another rule (often: full marks despite an execution rate below 100%) inflates its
    total and hides the under-spending the rate shows.

    Anti-pattern:
        项目资金(万元)	年初预算数	全年预算数	全年执行数	分值	执行率(%)	得分
        年度资金总额	30.00	30.00	27.60	10	92.00	10
        (the report's other 自评表: 96.40% scores 9.64, 88.50% scores 8.85)

    Best practice:
        项目资金(万元)	年初预算数	全年预算数	全年执行数	分值	执行率(%)	得分
        年度资金总额	30.00	30.00	27.60	10	92.00	9.20
        (the report's other 自评表: 96.40% scores 9.64, 88.50% scores 8.85)
    """

    examples_lintable = False  # the formula is inferred from several tables of one report

    code = "AL305"
    severity_varies = (
        "error when the report states the formula itself (the default, warning, is for a "
        "formula inferred from its other tables)")
    name = "exec-score-off-formula"
    summary = "资金执行率 score does not follow the formula the report's other tables follow"
    severity = "warning"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        lines = [r for r in ctx.relations("exec_score") if r.result is not None
                 and len(r.operands) >= 2]
        stated = ExecScoreParams.of(lines[0]).stated if lines else None
        if len(lines) < 3 and not stated:
            return
        if stated:
            yield from self._stated(ctx, lines, stated)
            return
        formulas = _formulas(lines)
        if not formulas:
            return
        facts = [(rel, ctx.fact(rel.result), ctx.fact(rel.operands[0]), ctx.fact(rel.operands[1]))
                 for rel in lines]  # type: ignore[arg-type]
        usable = [(rel, s, r, w) for rel, s, r, w in facts
                  if r.value <= 100 and w.value > 0 and s.unit in (None, "分")]
        best: list[tuple[Formula, list[int], list[int]]] = []
        best_support = 0
        for f in formulas:
            support: list[int] = []
            against: list[int] = []
            for i, (_, s, r, w) in enumerate(usable):
                computed = f.evaluate(r.interval, Interval.exact(w.value))
                if computed is None:
                    continue
                agrees = s.interval.intersects(computed)
                full = s.interval.contains(w.value)
                if agrees and not full and r.interval.hi < 100:
                    support.append(i)
                elif not agrees:
                    against.append(i)
            if len(support) > best_support:
                best, best_support = [(f, support, against)], len(support)
            elif len(support) == best_support and support:
                best.append((f, support, against))
        if best_support < 2:
            return
        # every formula that fits best must disagree for a table to be reported
        flagged = set(best[0][2])
        for _, _, against in best[1:]:
            flagged &= set(against)
        f, support, against = best[0]
        if len(against) >= len(support):
            return
        shown_support = ", ".join(_where(usable[i][1]) for i in support[:6])
        more = "" if len(support) <= 6 else f" and {len(support) - 6} more"
        for i in sorted(flagged):
            _, s, r, w = usable[i]
            computed = f.evaluate(r.interval, Interval.exact(w.value))
            if computed is None:
                continue
            expected = fmt(computed.mid, max(s.decimals, 2))
            message = (f"资金执行率 score {written(s)} at 执行率 {written(r)}% is not what the "
                       f"formula the report's other tables follow gives: {_formula_text(f, w)}"
                       f" = {expected} (it gives exactly the scores of {len(support)} tables: "
                       f"{shown_support}{more}; inferred, as no formula stated in the "
                       "report was read)")
            yield self.finding(ctx, s, message, expected=expected, actual=written(s),
                               related=[(r, "执行率"), (w, "分值")])


    def _stated(self, ctx: CheckContext, lines: list[Relation],
                name: str) -> Iterable[Finding]:
        """Every 资金执行率 line against the formula the report states: an error when off."""
        family = {k: v for k, v in _formulas_by_name(lines).items() if k == name}
        if not family:
            return
        where = ExecScoreParams.of(lines[0]).stated_at or ""
        for rel in lines:
            s, r, w = (ctx.fact(rel.result), ctx.fact(rel.operands[0]),  # type: ignore[arg-type]
                       ctx.fact(rel.operands[1]))
            if r.value > 100 or w.value <= 0 or s.unit not in (None, "分"):
                continue
            results = [(f, f.evaluate(r.interval, Interval.exact(w.value)))
                       for f in family[name]]
            results = [(f, c) for f, c in results if c is not None]
            if not results or any(s.interval.intersects(c) for _, c in results):
                continue
            f, computed = results[0]
            expected = fmt(computed.mid, max(s.decimals, 2))
            yield self.finding(
                ctx, s, f"资金执行率 score {written(s)} at 执行率 {written(r)}% is not what the "
                f"formula the report states ({where}) gives: {_formula_text(f, w)} = {expected}",
                expected=expected, actual=written(s), severity="error",
                related=[(r, "执行率"), (w, "分值")])


def _formulas_by_name(lines: list[Relation]) -> dict[str, list[Formula]]:
    raw = ExecScoreParams.of(lines[0]).formulas
    out: dict[str, list[Formula]] = {}
    for name, source in json.loads(raw).items():
        try:
            out[name] = list(parse_family(name, source).variants)
        except FormulaError:
            continue
    return out


def _formulas(lines: list[Relation]) -> list[Formula]:
    return [f for family in _formulas_by_name(lines).values() for f in family]


def _where(f: Fact) -> str:
    return f.location.split(",")[0] if f.location else f"line {f.span.line}"


def _formula_text(f: Formula, weight: Fact) -> str:
    text = f.shown.replace("weight", written(weight)).replace("rate", "执行率")
    return text.replace(" * ", " × ").replace(" / ", " ÷ ").replace(" - ", " − ")


# ---------------------------------------------------------------------------------------------
