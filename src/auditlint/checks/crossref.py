"""AL4: cross-references. The same quantity stated twice with different values (AL401), a stated
count against the items counted (AL402), and a unit that cannot be right (AL403).

Two mentions agree when their intervals in the base unit intersect, so the coarser of two
precisions decides by itself: 3.27 万人 and 3.3 万人 agree, 3.27 万人 and 3.2 万人 do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from auditlint.agreement import agreeing, read_units
from auditlint.checks.arith import fmt, written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import Fact, Interval, Relation
from auditlint.findings import Finding
from auditlint.params import CountParams, SameAsParams, UnitParams
from auditlint.units import dimension_of

_WAN = Decimal(10000)


def _shown(f: Fact, rel: Relation | None = None) -> str:
    """The figure as written, and the unit it was read in when its table states none."""
    text = (f.text or written(f)).strip()
    if rel is not None and (f.id, f.unit) in SameAsParams.of(rel).read_in:
        text += f" (read in {f.unit})"
    return text


def _unit(f: Fact) -> str:
    return f.unit or "no unit"


def _in_unit_of(f: Fact, target: Fact) -> str:
    """`f` converted to `target`'s unit, at the precision the conversion allows."""
    value = f.value * f.multiplier / target.multiplier
    shift = len(str(int(target.multiplier / f.multiplier))) - 1 if target.multiplier > \
        f.multiplier else 0
    decimals = max(f.decimals + shift, 0)
    shown = fmt(value, min(decimals, 6))
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")  # exact after conversion: no padding zeros
    return f"{shown}{target.unit or ''}"


def _split(ctx: CheckContext, rel: Relation) -> tuple[list[Fact], list[Fact], Fact] | None:
    """(agreeing mentions, disagreeing mentions, the mention to report at); None when all agree."""
    if rel.result is None:
        return None
    params = SameAsParams.of(rel)
    facts = read_units(params, [ctx.fact(rel.result), *(ctx.fact(i) for i in rel.operands)])
    agree, rest = agreeing(facts)
    if not rest:
        return None
    if len(agree) >= 2 and len(rest) == 1:
        return agree, rest, rest[0]
    if params.reliable is not None and len(facts) == 2:
        # one side is the reliable one (an indicator's 实际完成值): report the other
        at = next((f for f in facts if f.id != params.reliable), None)
        if at is not None:
            return [f for f in facts if f.id != at.id], [at], at
    ordered = sorted(facts, key=lambda f: (f.span.line, f.span.column))
    at = ordered[-1]
    return [f for f in facts if f.id != at.id], [at], at


def _last_digit_apart(a: Fact, b: Fact) -> bool:
    """Two figures of the same precision one unit of their last digit apart (236.63 and
    236.64): a looser reading (a total rounded on its own) would excuse it."""
    if a.decimals != b.decimals or a.multiplier != b.multiplier or a.decimals == 0:
        return False
    return abs(a.value - b.value) == Decimal(1).scaleb(-a.decimals)


def _mixed_money(agree: list[Fact], rest: list[Fact]) -> bool:
    facts = [*agree, *rest]
    return all(dimension_of(f) == "money" for f in facts) and len({f.multiplier for f in facts}) > 1


class _CrossRule(Rule):
    def _message_tail(self, rel: Relation, at: Fact | None = None,
                      agree: list[Fact] | None = None) -> str:
        links = self._links(rel, at, agree or [])
        if links:
            exact = [reason for conf, reason in links if conf == "exact"]
            if exact and rel.trust != "inferred":
                return f" ({'; '.join(dict.fromkeys(exact))})"
            return f"; linked because: {'; '.join(dict.fromkeys(r for _, r in links))}"
        params = SameAsParams.of(rel)
        if params.confidence == "exact":
            return f" ({params.reason})"
        return f"; linked because: {params.reason}"

    def _severity(self, rel: Relation, at: Fact | None = None,
                  agree: list[Fact] | None = None) -> str:
        links = self._links(rel, at, agree or [])
        if links and not any(conf == "exact" for conf, _ in links):
            return "warning"
        return "error" if SameAsParams.of(rel).confidence == "exact" and rel.trust != "inferred" \
            else "warning"

    @staticmethod
    def _links(rel: Relation, at: Fact | None, agree: list[Fact]) -> list[tuple[str, str]]:
        """The links between the mention reported and the mentions it is reported against."""
        if at is None:
            return []
        params = SameAsParams.of(rel)
        return [link for f in agree if f.id != at.id
                and (link := params.link(at.id, f.id)) is not None]


@register
class SameQuantityDiffers(_CrossRule):
    """What it does: finds a quantity stated in two places — the 摘要 and the 正文, a paragraph
    and a table, a project's text and its 自评表 — with values that disagree beyond the
    rounding of either (3.27 万人 and 32,700 人 agree; 3.27 万人 and 3.2 万人 do not). A link
    needs the same subject after normalisation: same noun phrase, year, dimension, scope and
    qualifiers (本年 ≠ 上年, 预算 ≠ 决算, 年初 ≠ 全年, 人 ≠ 人次). An exact label is an error; a
    looser link is a warning that says why the mentions were linked.

    Why it matters: a reader who meets two values for one figure cannot tell which is right,
    and a reviewer will send the report back for either.

    Anti-pattern:
        一、基本情况
        2023年全县参保职工 1,204 人。
        二、绩效分析
        2023年全县参保职工 1,203 人。

    Best practice:
        一、基本情况
        2023年全县参保职工 1,204 人。
        二、绩效分析
        2023年全县参保职工 1,204 人。
    """

    code = "AL401"
    severity_varies = (
        "warning when the two places were linked by less than the same label, when the "
        "link was inferred, or when the figures are one unit of the last digit apart")
    name = "figure-mismatch"
    summary = "the same quantity is stated with different values in two places"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel in ctx.relations("same_as"):
            split = _split(ctx, rel)
            if split is None:
                continue
            agree, rest, at = split
            if _mixed_money(agree, rest):
                continue  # amounts in 元 and 万元: AL403
            other = agree[0]
            places = ", ".join(f.location for f in agree)
            subject = SameAsParams.of(rel).subject
            message = (f"{subject} is {_shown(at, rel)} here but {_shown(other, rel)} in {places}"
                       + self._message_tail(rel, at, agree))
            severity = self._severity(rel, at, agree)
            if _last_digit_apart(at, other):
                severity = "warning"
                message += ("; off by one unit of the last digit, perhaps a total rounded "
                            "apart from its parts")
            yield self.finding(
                ctx, at, message, expected=written(other), actual=written(at),
                related=[(f, "stated as") for f in agree],
                severity=severity)  # type: ignore[arg-type]


@register
class CountMismatch(_CrossRule):
    """What it does: checks a stated count against what it counts: the items listed after it
    (`下设 5 个科室，分别是：…`), in brackets (`4 个一级指标（投入、过程、产出、效益）`) or before
    it (`设置 A、B、C 3 个科室`), the numbered items announced by `共 5 项，具体如下：`, and the
    rows of the table that a `共 10 项，完成 8 项` sentence describes.

    Why it matters: a count that does not match its own list shows that an item was added or
    dropped after the sentence was written, and the reader cannot tell which is complete.

    Anti-pattern:
        单位下设 4 个科室，分别是：办公室、财务科、业务科。

    Best practice:
        单位下设 3 个科室，分别是：办公室、财务科、业务科。
    """

    code = "AL402"
    severity_varies = (
        "warning when the count was linked to its items by inference")
    name = "count-mismatch"
    summary = "a stated count differs from the items listed or the rows counted"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, fact in ctx.stated("count"):
            p = CountParams.of(rel)
            counted = p.counted
            readings = {*p.readings, counted}
            if fact.value != fact.value.to_integral_value() or int(fact.value) in readings:
                continue
            basis, items = p.basis, p.items
            listed = f": {items}" if items else ""
            message = (f"{_shown(fact)} stated, but {counted} {basis}{listed}")
            severity = "warning" if rel.trust == "inferred" else "error"
            yield self.finding(ctx, fact, message, expected=str(counted), actual=written(fact),
                               severity=severity)  # type: ignore[arg-type]


@register
class UnitMismatch(_CrossRule):
    """What it does: finds a unit that cannot be right for its quantity — a year unit on an
    amount (`资金预算 28.09 年`) — and an amount stated in 元 in one place and in 万元 in another
    that disagree after conversion (`4,215 元` and `0.52 万元`), saying so when the two agree
    once one of them is read in the other unit (元 written where 万元 was meant).

    Why it matters: a wrong unit changes a figure by a factor of ten thousand or makes it
    meaningless, and readers copy such figures into other documents.

    Anti-pattern:
        其他资金预算 28.09 年，占总资金的 23.3%。

    Best practice:
        其他资金预算 28.09 万元，占总资金的 23.3%。
    """

    code = "AL403"
    severity_varies = (
        "warning when the two places were linked by less than the same label, or the link "
        "was inferred")
    name = "unit-mismatch"
    summary = "a unit that cannot be right, or 元 and 万元 amounts that disagree"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, fact in ctx.stated("unit"):
            u = UnitParams.of(rel)
            if u.problem == "year-unit-on-amount":
                expected = u.expected
                yield self.finding(
                    ctx, fact,
                    f"{u.subject} {_shown(fact)}: a year unit on an "
                    f"amount; {written(fact)}{expected} is probably meant",
                    expected=f"{written(fact)}{expected}", actual=_shown(fact))
        for rel in ctx.relations("same_as"):
            split = _split(ctx, rel)
            if split is None:
                continue
            agree, rest, at = split
            if not _mixed_money(agree, rest):
                continue
            other = next((f for f in agree if f.multiplier != at.multiplier), agree[0])
            converted = _in_unit_of(at, other)
            message = (f"{SameAsParams.of(rel).subject} is {_shown(at, rel)} (= {converted}) "
                       f"here but {_shown(other, rel)} in {other.location}")
            hint = _unit_slip(at, other, rel)
            if hint:
                message += f"; {hint}"
            yield self.finding(
                ctx, at, message + self._message_tail(rel, at, agree),
                expected=_in_unit_of(other, at), actual=_shown(at),
                related=[(f, "stated as") for f in agree],
                severity=self._severity(rel, at, agree))  # type: ignore[arg-type]


def _unit_slip(at: Fact, other: Fact, rel: Relation) -> str:
    """Whether the two agree once one is read in the other's unit (元 written for 万元)."""
    for f, g in ((at, other), (other, at)):
        if f.multiplier == g.multiplier or not (f.unit and g.unit):
            continue
        reread = Interval.written(f.value, f.decimals).scale(g.multiplier)
        if reread.intersects(g.base_interval):
            return (f"{_shown(f, rel)} agrees with {_shown(g, rel)} if read in {_unit(g)}: "
                    f"{_unit(f)} is probably written for {_unit(g)}")
    return ""
