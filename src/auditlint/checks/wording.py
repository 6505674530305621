"""AL6: wording of the narrative against its own figures and items (warnings)."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.arith import written
from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import Fact, Mark, Relation
from auditlint.findings import Finding
from auditlint.params import WordingParams


class _WordingRule(Rule):
    """A rule over the `wording` relations of one `check` (auditlint.params.WordingParams)."""

    kind: str = ""
    severity = "warning"

    def message(self, p: WordingParams, fact: Fact) -> str:
        raise NotImplementedError

    def related(self, ctx: CheckContext, rel: Relation) -> list[tuple[Fact, str]]:
        return []

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for rel, fact in ctx.stated("wording"):
            p = WordingParams.of(rel)
            if p.check == self.kind:
                yield self.finding(ctx, fact, self.message(p, fact),
                                   related=self.related(ctx, rel))


@register
class ReasonAgainstChange(_WordingRule):
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
    summary = "an item's reason says the opposite of its change"

    kind = "direction"

    def message(self, p: WordingParams, fact: Fact) -> str:
        return (f"the change is {p.stated} {written(fact)}% "
                f"but its reason says {p.word} (「{p.reason[:30]}」)")


@register
class ReasonOfAnotherItem(_WordingRule):
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
    summary = "an item's reason names another item and not its own"

    kind = "copied"

    def message(self, p: WordingParams, fact: Fact) -> str:
        return (f"the reason of {p.own} names {p.other}, another item of the list, and not "
                f"{p.own} (「{p.reason[:30]}」); was it copied from that item?")


@register
class ItemNameNotInTables(_WordingRule):
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
    summary = "an item names a 款/项 that the report's tables do not have"

    kind = "name"

    def message(self, p: WordingParams, fact: Fact) -> str:
        return (f"the item names {p.own} under {p.class_}, which the report's 一般公共预算 "
                f"table does not have; its row with this amount is {p.other}")

    def related(self, ctx: CheckContext, rel: Relation) -> list[tuple[Fact, str]]:
        return [(ctx.fact(rel.operands[0]), "table row")]


@register
class CodeNamedAsAnother(_WordingRule):
    """What it does: finds a table row whose classification code and name disagree: the
    name is, in the 政府收支分类科目, the name of another code under the same parent
    (`2080501 事业单位离退休`, where 事业单位离退休 is 2080502 and 2080501 is 行政单位离退休).
    The names come from rules/classification.toml; a code it does not list, and a name that
    is no code's (cut or wrapped by the reader), are not judged.

    Why it matters: the code and the name point at two different items; one of them is
    wrong, and the amount may stand in the wrong row of the budget.

    Anti-pattern:
        2025年部门一般公共预算支出功能分类预算表
        单位：万元
        功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
        208 社会保障和就业支出 20.00 20.00 0.00
        20805 行政事业单位养老支出 20.00 20.00 0.00
        2080501 事业单位离退休 20.00 20.00 0.00

    Best practice:
        2025年部门一般公共预算支出功能分类预算表
        单位：万元
        功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
        208 社会保障和就业支出 20.00 20.00 0.00
        20805 行政事业单位养老支出 20.00 20.00 0.00
        2080501 行政单位离退休 20.00 20.00 0.00
    """

    code = "AL607"
    name = "code-named-as-another"
    summary = "a row's classification code and name are two different 科目"

    kind = "code_name"

    def message(self, p: WordingParams, fact: Fact) -> str:
        return (f"{p.code} is {p.other} in the 政府收支分类科目; {p.own} is the name of "
                f"{p.word}: is the code or the name wrong?")


@register
class NameOfEarlierYear(_WordingRule):
    """What it does: finds a table row named as its code was in an earlier year's
    政府收支分类科目 (`20805 行政事业单位离退休` in a report of 2025, where the 科目 names it
    行政事业单位养老支出). The names and years come from rules/classification.toml; a report
    of a year the pack cannot place is not judged.

    Why it matters: a name from an old 科目 shows a table copied from an earlier year's
    template; readers and later checks look the item up under its current name.

    Anti-pattern:
        某某局2025年部门预算
        2025年部门一般公共预算支出功能分类预算表
        单位：万元
        功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
        208 社会保障和就业支出 20.00 20.00 0.00
        20805 行政事业单位离退休 20.00 20.00 0.00
        2080505 机关事业单位基本养老保险缴费支出 20.00 20.00 0.00

    Best practice:
        某某局2025年部门预算
        2025年部门一般公共预算支出功能分类预算表
        单位：万元
        功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
        208 社会保障和就业支出 20.00 20.00 0.00
        20805 行政事业单位养老支出 20.00 20.00 0.00
        2080505 机关事业单位基本养老保险缴费支出 20.00 20.00 0.00
    """

    code = "AL608"
    name = "name-of-earlier-year"
    summary = "a row uses the name its code had in an earlier year's 科目"

    kind = "earlier_name"

    def message(self, p: WordingParams, fact: Fact) -> str:
        return (f"{p.own} is the name of {p.code} in the 政府收支分类科目 up to {p.stated}; "
                f"from {p.word} on it is {p.other}")


class _MarkRule(Rule):
    """A rule over the marks of one kind (auditlint.extract.narrative.marks)."""

    kind: str = ""
    severity = "warning"

    def message(self, mark: Mark) -> str:
        raise NotImplementedError

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for mark in ctx.graph.marks:
            if mark.kind != self.kind:
                continue
            yield self.finding_at(ctx, mark.span, mark.location, self.message(mark))


@register
class PlaceholderLeft(_MarkRule):
    """What it does: finds a template's placeholder left where a figure or a year should
    stand (`XX万元`, `20XX年`, `××%`).

    Why it matters: a published report with a placeholder states no figure at all there; the
    template was not finished.

    Anti-pattern:
        2025年本部门“三公”经费预算XX万元，与上年持平。

    Best practice:
        2025年本部门“三公”经费预算12.00万元，与上年持平。
    """

    code = "AL604"
    name = "placeholder-left"
    summary = "a template placeholder (XX万元, 20XX年) stands where a figure should"
    kind = "placeholder"

    def message(self, mark: Mark) -> str:
        return f"a placeholder stands where a figure should: 「{mark.context}」"


@register
class DoubledPunctuation(_MarkRule):
    """What it does: finds a punctuation mark typed twice (`。。`, `，，`).

    Why it matters: usually a sentence was cut or pasted and something between the two marks
    is missing; reviewers mark it on every published report.

    Anti-pattern:
        主要用于信息化建设及运行维护等方面的支出。。2025年预算数为200.00万元。

    Best practice:
        主要用于信息化建设及运行维护等方面的支出。2025年预算数为200.00万元。
    """

    code = "AL605"
    name = "doubled-punctuation"
    summary = "a punctuation mark typed twice (。。)"
    kind = "punctuation"

    def message(self, mark: Mark) -> str:
        return f"{mark.text} typed twice: 「{mark.context}」"


@register
class EmptyReason(_MarkRule):
    """What it does: finds a reason announced and not given (`主要原因是。`, `原因是：；`).

    Why it matters: every change of a 预算/决算 item must be explained; an opener with
    nothing after it is an explanation deleted or never written.

    Anti-pattern:
        公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是。其中：公务用车购置费0万元。

    Best practice:
        公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是公务用车数量无变化。
    """

    code = "AL606"
    name = "empty-reason"
    summary = "a reason announced and not given (主要原因是。)"
    kind = "empty_reason"

    def message(self, mark: Mark) -> str:
        return f"a reason is announced and not given: 「{mark.context}」"
