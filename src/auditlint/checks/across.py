"""AL5 across reports: one body's reports side by side.

Each report leaves a profile (auditlint.profile): its body, year and kind, and its figures.
Reports are linked when their profiles say they belong together — the same body (exactly the
same name), and the year or kind the link needs — or when the configuration says so
(`[[sets]]`). A link needs exactly one report on each side: two candidates for "the 2024
budget of this body" link nothing, since either could be meant.

A rule of this family checks nothing in one report on its own (`check` yields nothing); it
checks a run's reports together in `check_reports`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from auditlint.checks.base import CheckContext, Rule, register
from auditlint.facts import Interval, total_of
from auditlint.findings import Finding, Related
from auditlint.profile import Figure, ReportProfile, Stated

# tables whose figures a department's own unit cannot exceed: appropriations go to each unit
# and are not netted out when the department's reports are summed (other funds are: a
# grant from the department to its unit is income of one and spending of the other)
FISCAL_SCOPES = ("general", "fiscal")


@dataclass
class Member:
    """A checked report: the path shown in findings, where it is, and its profile."""

    path: str
    file: Path
    profile: ReportProfile


@dataclass
class DeclaredSet:
    """A set named in the configuration: `reports` of one body (whatever their titles say),
    or a `department` report and `units`, every unit of it (its figures are their sums)."""

    reports: list[Path] = field(default_factory=list)
    department: Path | None = None
    units: list[Path] = field(default_factory=list)
    source: str = ""  # the config file, for messages


def interval(f: Figure) -> Interval:
    """The figure's written interval in 元 (the base of its unit)."""
    return Interval.written(f.value, f.decimals).scale(f.multiplier)


def shown(f: Figure) -> str:
    """The figure as written, with its unit when a table's unit line gave it (two reports
    may well write one amount in 元 and the other in 万元)."""
    text = f.text or str(f.value)
    unit = f.unit or ""
    return text if text.endswith(unit) else f"{text}{unit}"


def in_unit(value: Decimal, like: Figure) -> str:
    """A computed base amount written in `like`'s unit, with its decimals."""
    q = (value / like.multiplier).quantize(Decimal(1).scaleb(-like.decimals))
    return f"{q:,}{like.unit or ''}"


def finding(rule: type[Rule], at: Member, fig: Figure, message: str, *,
            related: Iterable[tuple[Member, Figure, str]] = (), expected: str | None = None
            ) -> Finding:
    span = fig.span
    return Finding(
        code=rule.code, rule=rule.name, severity=rule.severity, path=at.path, line=span.line,
        column=span.column, end_line=span.end_line, end_column=span.end_column,
        location=fig.location, message=message, expected=expected, actual=shown(fig),
        related=[Related(path=m.path, line=f.span.line, column=f.span.column,
                         message=f"{role} {shown(f)}".strip()) for m, f, role in related])


class AcrossRule(Rule):
    """A rule over several reports: nothing to check in one report alone."""

    examples_lintable: ClassVar[bool] = False  # its examples are two reports, not one
    across: ClassVar[bool] = True

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    def check_reports(self, links: Links) -> Iterator[Finding]:
        raise NotImplementedError


@dataclass
class Links:
    """The reports of a run, by what links them."""

    members: list[Member]
    declared: list[DeclaredSet] = field(default_factory=list)
    bodies: dict[int, str] = field(default_factory=dict)  # id(member) -> body it is linked by

    def __post_init__(self) -> None:
        by_file = {m.file.resolve(): m for m in self.members}
        for i, s in enumerate(self.declared):
            for p in s.reports:
                m = by_file.get(p.resolve())
                if m is not None:
                    self.bodies[id(m)] = f"\0set {i}"
        self._by_file = by_file
        self._index: dict[tuple[object, ...], list[Member]] = {}
        for m in self.members:
            p = m.profile
            self._index.setdefault((self.body(m), p.year, p.kind, p.level), []).append(m)

    def body(self, m: Member) -> str | None:
        return self.bodies.get(id(m), m.profile.body)

    def the_one(self, of: Member, *, year: int | None, kind: str | None,
                level: str | None) -> Member | None:
        """The one other report of `of`'s body with this year, kind and level; None when
        there is none, or more than one."""
        body = self.body(of)
        if body is None or year is None or kind is None:
            return None
        found = [m for m in self._index.get((body, year, kind, level), []) if m is not of]
        return found[0] if len(found) == 1 else None

    def member(self, path: Path) -> Member | None:
        return self._by_file.get(path.resolve())


def linked_groups(files: list[Path], bodies: list[str | None],
                  declared: list[DeclaredSet]) -> list[list[int]]:
    """The reports of a run (by index) in groups no link crosses: reports are linked only
    by the body `Links` links them by (their own, or a `[[sets]]` entry's) and by the files
    a declared set names, so `check_reports` over each group finds what it finds over all.
    A run can then hold one group's profiles at a time. Each group is in the order of the
    run; a report that could link with no other is left out."""
    key: dict[int, str | None] = dict(enumerate(bodies))
    at = {f.resolve(): i for i, f in enumerate(files)}
    joined: list[list[int]] = []
    for n, s in enumerate(declared):
        for p in s.reports:
            if (i := at.get(p.resolve())) is not None:
                key[i] = f"\0set {n}"
        named = [at.get(p.resolve()) for p in (*s.reports, *([s.department] if s.department
                                                              else []), *s.units)]
        joined.append([i for i in named if i is not None])
    parent = list(range(len(files)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i in range(len(files)):
        body = key[i]
        if body is not None:
            parent[root(i)] = root(first.setdefault(body, i))
    for group in joined:
        for i in group[1:]:
            parent[root(i)] = root(group[0])
    out: dict[int, list[int]] = {}
    for i in range(len(files)):
        out.setdefault(root(i), []).append(i)
    in_sets = {i for group in joined for i in group}
    return [g for g in out.values() if len(g) > 1 or g[0] in in_sets]


def _kind_word(kind: str | None) -> str:
    return {"budget": "预算", "final": "决算"}.get(kind or "", "report")


@register
class PriorYearMismatch(AcrossRule):
    """What it does: compares what a report states of the year before — a `上年预算数`
    column, `比2024年预算增加 3,355.65 万元`, `比上年预算持平` — with the report of that year
    of the same body (the same name on its `编制部门：` line or in its title, the same 部门 or
    单位 level), when both are checked in one run.

    Why it matters: the figure of the year before is copied from last year's report; a wrong
    copy, or a change computed against a draft, misstates the change itself, and nobody
    holds both reports side by side.

    Anti-pattern:
        # 2024.txt
        上海市某区2024年区级部门预算
        编制部门：上海市某区某街道办事处 单位：元
        2024年，上海市某区某街道办事处收入预算1,200.00万元，其中：财政拨款收入1,200.00万元。
        # 2025.txt
        上海市某区2025年区级部门预算
        编制部门：上海市某区某街道办事处 单位：元
        2025年，上海市某区某街道办事处收入预算1,300.00万元，其中：财政拨款收入1,300.00万元，比2024年预算增加150.00万元。

    Best practice:
        # 2024.txt
        上海市某区2024年区级部门预算
        编制部门：上海市某区某街道办事处 单位：元
        2024年，上海市某区某街道办事处收入预算1,200.00万元，其中：财政拨款收入1,200.00万元。
        # 2025.txt
        上海市某区2025年区级部门预算
        编制部门：上海市某区某街道办事处 单位：元
        2025年，上海市某区某街道办事处收入预算1,300.00万元，其中：财政拨款收入1,300.00万元，比2024年预算增加100.00万元。
    """

    code: ClassVar[str] = "AL501"
    name: ClassVar[str] = "prior-year-mismatch"
    summary: ClassVar[str] = ("a figure stated for the year before ≠ that year's report of "
                              "the same body")

    def check_reports(self, links: Links) -> Iterator[Finding]:
        for m in links.members:
            p = m.profile
            for s in p.stated:
                if s.year == p.year and s.basis == p.kind:
                    continue  # its own year (AL504): the other report would be this one
                other = links.the_one(m, year=s.year, kind=s.basis, level=p.level)
                if other is None:
                    continue
                theirs = _named(other.profile, s.label)
                if theirs is None or _named(p, s.label) is None:
                    continue
                prior = _prior(s)
                if prior is None or prior.intersects(interval(theirs)):
                    continue
                yield self._narrative(m, other, s, theirs, prior)
            if p.year is None:
                continue
            other = links.the_one(m, year=p.year - 1, kind="budget", level=p.level)
            if other is None:
                continue
            for table, codes in p.prior_codes.items():
                for code, fig in codes.items():
                    theirs = other.profile.codes.get(table, {}).get(code)
                    if theirs is None or interval(fig).intersects(interval(theirs)):
                        continue
                    yield finding(
                        type(self), m, fig,
                        f"{table}, code {code}: the {p.year - 1} budget stated here, "
                        f"{shown(fig)}, ≠ {shown(theirs)} in the {p.year - 1} "
                        f"{_kind_word('budget')} of the same body ({other.path}, "
                        f"{theirs.location})",
                        related=[(other, theirs, f"{p.year - 1} {table} {code}")],
                        expected=shown(theirs))

    def _narrative(self, m: Member, other: Member, s: Stated, theirs: Figure,
                   prior: Interval) -> Finding:
        year = f"{s.year} {_kind_word(s.basis)}"
        related: list[tuple[Member, Figure, str]] = []
        if s.rate is not None:
            op = "1 + " if s.sign > 0 else "1 − "
            said = (f"{s.label} {shown(s.current)}, {s.phrase}, puts the {year} at "
                    f"{shown(s.current)} / ({op}{s.rate.text}) = {in_unit(prior.mid, s.current)}")
            related = [(m, s.rate, "rate")]
        elif s.change is None:
            said = f"{s.label} {shown(s.current)} {s.phrase} puts the {year} at {shown(s.current)}"
        else:
            op = "−" if s.sign > 0 else "+"
            said = (f"{s.label} {shown(s.current)}, {s.phrase}, puts the {year} at "
                    f"{shown(s.current)} {op} {shown(s.change)} = {in_unit(prior.mid, s.current)}")
            related = [(m, s.change, "change")]
        return finding(
            type(self), m, s.current,
            f"{said}; the {year} of the same body ({other.path}, {theirs.location}) states "
            f"{s.label} {shown(theirs)}",
            related=[*related, (other, theirs, f"{s.year} {s.label}")], expected=shown(theirs))


def _prior(s: Stated) -> Interval | None:
    """The figure of the earlier report that a statement implies: current ∓ change, or
    current / (1 ± rate); None when a rate leaves it undetermined (−100%)."""
    current = interval(s.current)
    if s.change is not None:
        change = interval(s.change)
        return current - change if s.sign > 0 else current + change
    if s.rate is not None:
        rate = Interval.written(s.rate.value, s.rate.decimals).scale(Decimal("0.01") * s.sign)
        return current / (Interval.exact(Decimal(1)) + rate)
    return current


def _named(p: ReportProfile, label: str) -> Figure | None:
    """The report's figure under this label: one amount, however often it is stated."""
    figs = p.named.get(label)
    if not figs or any(not f.same_value(figs[0]) for f in figs):
        return None
    return figs[0]


@register
class DepartmentUnitMismatch(AcrossRule):
    """What it does: compares a 部门 report with the 单位 reports of its units, table by
    table and code by code: the 部门's figure for a code must be the sum of its units'
    figures, when the configuration names every unit of the 部门 (`[[sets]]` with
    `department` and `units`); and when only the 单位 report of the 部门's own body is
    checked beside it (the same name, year and kind), its appropriations for a code
    (一般公共预算, 财政拨款 tables) cannot exceed the 部门's.

    Why it matters: the 部门 report is put together from its units' reports; a unit's
    figure changed after the 部门 report was made, or left out of it, shows only when the
    two are read side by side.

    Anti-pattern:
        # 部门.txt
        上海市某区2026年区级部门预算

        2026年部门一般公共预算支出功能分类预算表
        编制部门：上海市某区某局 单位：元
        功能分类科目编码	功能分类科目名称	合计	基本支出	项目支出
        204	公共安全支出	800,000.00	500,000.00	300,000.00
        20406	司法	800,000.00	500,000.00	300,000.00
        合计		800,000.00	500,000.00	300,000.00
        # 单位.txt
        上海市某区2026年区级单位预算

        2026年预算单位一般公共预算支出功能分类预算表
        编制单位：上海市某区某局 单位：元
        功能分类科目编码	功能分类科目名称	合计	基本支出	项目支出
        204	公共安全支出	900,000.00	600,000.00	300,000.00
        20406	司法	900,000.00	600,000.00	300,000.00
        合计		900,000.00	600,000.00	300,000.00

    Best practice:
        # 部门.txt
        上海市某区2026年区级部门预算

        2026年部门一般公共预算支出功能分类预算表
        编制部门：上海市某区某局 单位：元
        功能分类科目编码	功能分类科目名称	合计	基本支出	项目支出
        204	公共安全支出	950,000.00	650,000.00	300,000.00
        20406	司法	950,000.00	650,000.00	300,000.00
        合计		950,000.00	650,000.00	300,000.00
        # 单位.txt
        上海市某区2026年区级单位预算

        2026年预算单位一般公共预算支出功能分类预算表
        编制单位：上海市某区某局 单位：元
        功能分类科目编码	功能分类科目名称	合计	基本支出	项目支出
        204	公共安全支出	900,000.00	600,000.00	300,000.00
        20406	司法	900,000.00	600,000.00	300,000.00
        合计		900,000.00	600,000.00	300,000.00
    """

    code: ClassVar[str] = "AL502"
    name: ClassVar[str] = "department-unit-mismatch"
    summary: ClassVar[str] = "a 部门 report's figure ≠ the sum of its 单位 reports' figures"

    def check_reports(self, links: Links) -> Iterator[Finding]:
        declared_units: set[int] = set()
        for s in links.declared:
            dept = links.member(s.department) if s.department else None
            units = [links.member(u) for u in s.units]
            if dept is None or not units:
                continue
            if any(u is None for u in units):
                continue  # a unit not checked in this run: its share is not known
            present = [u for u in units if u is not None]
            declared_units.update(id(u) for u in present)
            if any(u.profile.year != dept.profile.year or u.profile.kind != dept.profile.kind
                   for u in present):
                continue
            yield from self._sums(dept, present, s.source)
        for dept in links.members:
            if dept.profile.level != "department":
                continue
            unit = links.the_one(dept, year=dept.profile.year, kind=dept.profile.kind,
                                 level="unit")
            if unit is None or id(unit) in declared_units:
                continue
            yield from self._bound(dept, unit)

    def _sums(self, dept: Member, units: list[Member], source: str) -> Iterator[Finding]:
        """Each code the 部门 and at least one unit state: the 部门's figure against the
        units' figures added up (a unit whose table lists no row for the code has none)."""
        for table, codes in dept.profile.codes.items():
            tables = [u.profile.codes.get(table) for u in units]
            if any(not t for t in tables):
                continue  # a unit without this table: its share is not known
            for code, fig in codes.items():
                stated = [(u, f) for u, t in zip(units, tables, strict=True)
                          if t is not None and (f := t.get(code)) is not None]
                if not stated:
                    continue
                total = total_of([interval(f) for _, f in stated])
                if total.intersects(interval(fig)):
                    continue
                said = source or "the configuration"
                if len(units) == 1:
                    theirs = (f"the report of its only unit ({units[0].path}, as {said} says) "
                              f"states {shown(stated[0][1])}")
                else:
                    terms = " + ".join(shown(f) for _, f in stated)
                    theirs = (f"its units' reports ({', '.join(u.path for u, _ in stated)}; all "
                              f"its units, as {said} says) sum to {terms} = "
                              f"{in_unit(total.mid, fig)}")
                yield finding(
                    type(self), dept, fig,
                    f"{table}, code {code}: the 部门 states {shown(fig)}, but {theirs}",
                    related=[(u, f, f"unit {table} {code}") for u, f in stated],
                    expected=in_unit(total.mid, fig))

    def _bound(self, dept: Member, unit: Member) -> Iterator[Finding]:
        scopes = {**dept.profile.scopes, **unit.profile.scopes}
        names = {name for name, scope in scopes.items() if scope in FISCAL_SCOPES}
        for table, codes in unit.profile.codes.items():
            if table not in names:
                continue
            theirs = dept.profile.codes.get(table)
            if not theirs:
                continue
            for code, fig in codes.items():
                whole = theirs.get(code)
                if whole is None or interval(fig).lo <= interval(whole).hi:
                    continue
                yield finding(
                    type(self), dept, whole,
                    f"{table}, code {code}: the 部门 states {shown(whole)}, less than "
                    f"{shown(fig)} in the 单位 report of its own body ({unit.path}, "
                    f"{fig.location}), one of the units it sums",
                    related=[(unit, fig, f"unit {table} {code}")], expected=f"≥ {shown(fig)}")


@register
class InitialBudgetMismatch(AcrossRule):
    """What it does: compares the `年初预算数` a 决算 states for each classification code with
    the 预算 of that year of the same body (same name, same 部门 or 单位 level), table by
    table, when both are checked in one run; and the 年初预算 its narrative states for an
    item (`一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1,560.05万元`) with the
    预算's 一般公共预算 figure for the 项 of those names.

    Why it matters: the 年初预算 of final accounts is the budget as published at the start of
    the year; a 决算 that states another figure misstates every 执行率 and every
    explanation of 决算数 against 预算数 built on it.

    Anti-pattern:
        # 预算.txt
        某市某局2024年部门预算

        2024年一般公共预算支出功能分类预算表
        编制部门：某市某局 单位：万元
        功能分类科目编码	功能分类科目名称	合计
        201	一般公共服务支出	120.00
        20101	人大事务	120.00
        合计		120.00
        # 决算.txt
        某市某局2024年度部门决算

        一般公共预算财政拨款支出决算表
        编制部门：某市某局 单位：万元
        功能分类科目编码	功能分类科目名称	年初预算数	支出决算数
        201	一般公共服务支出	125.00	118.00
        20101	人大事务	125.00	118.00
        合计		125.00	118.00

    Best practice:
        # 预算.txt
        某市某局2024年部门预算

        2024年一般公共预算支出功能分类预算表
        编制部门：某市某局 单位：万元
        功能分类科目编码	功能分类科目名称	合计
        201	一般公共服务支出	120.00
        20101	人大事务	120.00
        合计		120.00
        # 决算.txt
        某市某局2024年度部门决算

        一般公共预算财政拨款支出决算表
        编制部门：某市某局 单位：万元
        功能分类科目编码	功能分类科目名称	年初预算数	支出决算数
        201	一般公共服务支出	120.00	118.00
        20101	人大事务	120.00	118.00
        合计		120.00	118.00
    """

    code: ClassVar[str] = "AL503"
    name: ClassVar[str] = "initial-budget-mismatch"
    summary: ClassVar[str] = "a 决算's 年初预算数 ≠ the 预算 of that year of the same body"

    def check_reports(self, links: Links) -> Iterator[Finding]:
        for m in links.members:
            p = m.profile
            if p.kind != "final" or not (p.initial_codes or p.initial_items):
                continue
            budget = links.the_one(m, year=p.year, kind="budget", level=p.level)
            if budget is None:
                continue
            for path, fig in p.initial_items.items():
                theirs = budget.profile.items.get(path)
                if theirs is None or interval(fig).intersects(interval(theirs)):
                    continue
                item = path.replace("/", " / ")
                yield finding(
                    type(self), m, fig,
                    f"{item}: 年初预算 {shown(fig)} here ≠ {shown(theirs)} for this 项 in the "
                    f"{p.year} 预算 of the same body ({budget.path}, {theirs.location})",
                    related=[(budget, theirs, f"{p.year} 预算 {item}")], expected=shown(theirs))
            for table, codes in p.initial_codes.items():
                for code, fig in codes.items():
                    theirs = budget.profile.codes.get(table, {}).get(code)
                    if theirs is None or interval(fig).intersects(interval(theirs)):
                        continue
                    yield finding(
                        type(self), m, fig,
                        f"{table}, code {code}: 年初预算数 {shown(fig)} here ≠ {shown(theirs)} "
                        f"in the {p.year} 预算 of the same body ({budget.path}, "
                        f"{theirs.location})",
                        related=[(budget, theirs, f"{p.year} 预算 {table} {code}")],
                        expected=shown(theirs))


@register
class ComparisonYear(Rule):
    """What it does: reads the year a figure is compared with (`比2025年预算增加 …`) and
    reports a budget that compares itself with its own year's budget, or any report that
    compares itself with a later year: the report meant is not the one the words name.

    Why it matters: a comparison names the report it was computed against; with the wrong
    year, a reader (and AL501) looks up the wrong report, and the year is usually a copy of
    last year's text with one figure changed but not the other.

    Anti-pattern:
        某市某局2026年部门预算
        2026年，某市某局收入预算9,600.00万元，其中：财政拨款收入9,600.00万元，比2026年预算增加800.00万元。

    Best practice:
        某市某局2026年部门预算
        2026年，某市某局收入预算9,600.00万元，其中：财政拨款收入9,600.00万元，比2025年预算增加800.00万元。
    """

    code: ClassVar[str] = "AL504"
    name: ClassVar[str] = "comparison-year"
    severity = "warning"
    summary: ClassVar[str] = "a figure compared with the budget of its own year, or of a later one"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        p = ctx.graph.profile
        if p is None or p.year is None or p.kind is None:
            return
        for s in p.stated:
            own_budget = (s.year == p.year and p.kind == "budget" and s.basis == "budget"
                          and not s.initial)  # an adjusted budget against the initial one
            if s.year <= p.year and not own_budget:
                continue
            what = "its own year" if s.year == p.year else "a later year"
            at = s.current
            yield Finding(
                code=self.code, rule=self.name, severity=self.severity, path=ctx.path,
                line=at.span.line, column=at.span.column, end_line=at.span.end_line,
                end_column=at.span.end_column, location=at.location,
                message=f"{s.label} {shown(at)} {s.phrase}: this {p.year} "
                        f"{_kind_word(p.kind)} compares with the {s.year} {_kind_word(s.basis)}, "
                        f"{what}; the year before is {p.year - 1}",
                expected=str(p.year - 1), actual=str(s.year))


def check_reports(members: list[Member], declared: list[DeclaredSet] | None = None,
                  select: Iterable[str] | None = None) -> list[Finding]:
    """Findings of the AL5 rules in `select` (all when None) over a run's reports."""
    from auditlint.checks.base import all_rules

    chosen = set(select) if select is not None else None
    links = Links(members, declared or [])
    out: list[Finding] = []
    for cls in all_rules():
        if issubclass(cls, AcrossRule) and (chosen is None or cls.code in chosen):
            out.extend(cls().check_reports(links))
    return sorted(out, key=Finding.sort_key)
