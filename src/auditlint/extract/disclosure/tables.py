"""The standard tables of 预算/决算 disclosures, and what holds between them.

A disclosure states one classification code in several tables: 201 一般公共服务支出 in the
收入总表, the 支出总表 and the 收支总表; 2040601 行政运行 in the 一般公共预算支出表 and, unit by
unit, in a detail table. Tables that cover the same funds (rules/disclosure.toml names the
tables and their scope) must agree: a code's total in one equals its total in the other
(AL401), or the sum of the other's rows under it when that table lists only sub-codes (AL101).
Income and expenditure by function are never compared: carry-overs lie between them. A 收支总表
names its expenditure classes in words (一、一般公共服务支出): the coded tables of the same
report say which code a name is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview.text import norm, strip_numbering
from auditlint.extract.tableview.view import view_of
from auditlint.facts import Interval, Relation, to_unit_of
from auditlint.lazyre import lazy_compile
from auditlint.packs import TableDef
from auditlint.params import SameAsParams, SumParams


@dataclass
class _Coded:
    """One standard table's figures by code: its total column, row by row."""

    table: Table
    spec: TableDef
    rows: list[tuple[str, int]] = field(default_factory=list)  # (code, fact id), in order
    by_code: dict[str, int] = field(default_factory=dict)  # codes stated once -> fact id
    names: dict[str, str] = field(default_factory=dict)  # class name -> code
    by_name: dict[str, int] = field(default_factory=dict)  # uncoded row label -> fact id
    empty: set[str] = field(default_factory=set)  # labels of rows whose figure is left empty

    def figure(self, code: str) -> list[int] | None:
        """The facts whose sum is this table's figure for `code`: its own row, or else every
        row of the sub-codes under it that have none under them (a detail table repeating a
        code unit by unit, or function by economic class, adds them all)."""
        if code in self.by_code:
            return [self.by_code[code]]
        under = [(c, f) for c, f in self.rows if c.startswith(code)]
        codes = {c for c, _ in under}
        leaves = [f for c, f in under if not any(d != c and d.startswith(c) for d in codes)]
        return leaves or None


def extract(ctx: ExtractContext) -> None:
    specs = ctx.packs.tables
    if not specs:
        return
    coded = [c for t in ctx.document.tables if (c := _read(ctx, t, specs)) is not None]
    names: dict[str, str] = {}
    for c in coded:
        for name, code in c.names.items():
            names.setdefault(name, code)
    same_funds = _same_funds(ctx, coded)
    ctx.same_scopes = list(same_funds["scopes"])  # type: ignore[call-overload]
    links = _Links()
    for i, a in enumerate(coded):
        for b in coded[i + 1:]:
            sides = {a.spec.side, b.spec.side}
            if sides == {"income", "expense"} and "carry" not in same_funds:
                continue  # income and expenditure by function differ by what is carried over
            scopes = {a.spec.scope, b.spec.scope}
            if len(scopes) > 1 and scopes not in same_funds["scopes"]:
                continue
            if a.spec.part != b.spec.part:
                continue  # a 基本支出 table's 302 is the 基本支出's, not the whole 302
            for x, y in ((a, b), (b, a)):
                _compare(ctx, x, y, _pairs(x, y, names), links)
    links.relate(ctx)


_QUALIFIER = lazy_compile(r"[（(][^（()）]{1,20}[)）]$")


def spec_of(caption: str | None, specs: list[TableDef]) -> TableDef | None:
    """The standard table a caption names: the longest title the caption ends with."""
    if not caption:
        return None
    t = _QUALIFIER.sub("", norm(caption))  # `…支出预算表（功能科目）`: the title before it
    best: tuple[int, TableDef] | None = None
    for spec in specs:
        for title in spec.titles:
            if t.endswith(title) and (best is None or len(title) > best[0]):
                best = (len(title), spec)
    return best[1] if best else None


def _read(ctx: ExtractContext, table: Table, specs: list[TableDef]) -> _Coded | None:
    spec = spec_of(table.caption, specs)
    if spec is None:
        return None
    view = view_of(ctx, table)
    out = _Coded(table, spec)
    for part in view.blocks or [view]:
        for panel_no, panel in enumerate(part.panels or []):
            if not panel.value_cols:
                continue
            col = panel.value_cols[0]
            label_col = panel.label_cols[-1] if panel.label_cols else None
            for row in part.rows:
                fid = part.fact(row.index, col)
                cell = table.cell(row.index, label_col) if label_col is not None else None
                label = cell.text.text if cell is not None and not cell.merged else ""
                if fid is None and _name(label) and not table.text(row.index, col).strip():
                    out.empty.add(_name(label))  # a row whose cell is left empty: nothing
                if fid is None or row.is_total:
                    continue
                code = row.code_digits if panel_no == 0 else None
                if code:
                    out.rows.append((code, fid))
                    if len(code) == 3 and _name(label):
                        out.names[_name(label)] = code
                elif _name(label):
                    out.by_name[_name(label)] = fid
    counts: dict[str, int] = {}
    for code, _ in out.rows:
        counts[code] = counts.get(code, 0) + 1
    out.by_code = {code: fid for code, fid in out.rows if counts[code] == 1}
    return out if out.rows or out.by_name else None


def _name(label: str) -> str:
    return strip_numbering(norm(label)).strip("：:")


@dataclass
class _Links:
    """Figures linked pair by pair, stated as one relation per group of linked figures, so
    that three tables agreeing against a fourth name the fourth as the odd one out."""

    parent: dict[int, int] = field(default_factory=dict)
    why: dict[int, tuple[str, str]] = field(default_factory=dict)  # fact: subject, why

    def find(self, f: int) -> int:
        while self.parent.get(f, f) != f:
            f = self.parent[f]
        return f

    def link(self, a: int, b: int, subject: str, why: str) -> None:
        for f in (a, b):
            self.parent.setdefault(f, f)
            self.why.setdefault(f, (subject, why))
        self.parent[self.find(b)] = self.find(a)

    def relate(self, ctx: ExtractContext) -> None:
        suspects = _in_failing_sums(ctx)
        groups: dict[int, list[int]] = {}
        for f in sorted(self.parent):
            groups.setdefault(self.find(f), []).append(f)
        for members in groups.values():
            subject = self.why[members[0]][0]
            reasons = list(dict.fromkeys(self.why[f][1] for f in members))
            odd = [f for f in members if f in suspects]
            # of two figures, the one whose own table does not add up is the one to doubt
            reliable = next(f for f in members if f != odd[0]) \
                if len(members) == 2 and len(odd) == 1 else None
            params = SameAsParams(subject=subject, reason="; ".join(reasons), confidence="exact",
                                  reliable=reliable)
            ctx.graph.relate(Relation(
                kind="same_as", result=members[0], operands=members[1:], origin=reasons[0],
                trust="pack", params=params.as_params()))


def _in_failing_sums(ctx: ExtractContext) -> set[int]:
    """Facts that take part in a table sum that does not hold (whole numbers exactly)."""
    facts = ctx.graph.facts
    out: set[int] = set()
    for rel in ctx.graph.relations:
        if rel.kind != "table_sum" or rel.result is None or "-" in SumParams.of(rel).signs:
            continue
        res, ops = facts[rel.result], [facts[i] for i in rel.operands]
        if all(f.decimals == 0 and f.multiplier == res.multiplier for f in [*ops, res]):
            holds = sum((f.value for f in ops), Decimal(0)) == res.value
        else:
            total = Interval.exact(Decimal(0))
            for f in ops:
                total = total + to_unit_of(f, res)
            holds = res.interval.intersects(total)
        if not holds:
            out.update([rel.result, *rel.operands])
    return out


def _pairs(a: _Coded, b: _Coded, names: dict[str, str]) -> list[tuple[str, int, list[int]]]:
    """What `a` states for a code (in its code column, or by the name of a class) against
    what `b` states for it: its own row, or the rows under it."""
    out: list[tuple[str, int, list[int]]] = []
    stated = [*a.by_code.items(), *((names[n], f) for n, f in a.by_name.items() if n in names)]
    for code, fa in stated:
        if b.spec.side == "income" and a.spec.side == "both" and code not in a.by_code:
            continue  # a 收支总表 names its expenditure classes, not its income by class
        figure = b.figure(code)
        if figure is None:
            continue
        out.append((code, fa, figure))
    return out


def _compare(ctx: ExtractContext, a: _Coded, b: _Coded, pairs: list[tuple[str, int, list[int]]],
             links: _Links) -> None:
    """Link a's figures with b's: the same figure (AL401), or a total of b's rows (AL101)."""
    facts = ctx.graph.facts
    for code, fa, fb in pairs:
        if any(facts[f].unit is None for f in [fa, *fb]):
            continue  # a table that states no unit: its figures cannot be set beside others
        if code in a.by_code:
            why = (f"code {code} in {_title(a)} and {_title(b)}, tables of the same funds "
                   "(rules/disclosure.toml)")
        else:  # named in words: the name of the class with that code
            name = strip_numbering(facts[fa].label.split(" / ")[0])
            why = (f"{name} is code {code} in {_title(b)}; {_title(a)} covers the same funds "
                   "(rules/disclosure.toml)")
        if len(fb) == 1:
            name = strip_numbering(facts[fa].label.split(" / ")[0])
            links.link(fa, fb[0], f"{name} ({code})", why)
            continue
        ctx.graph.relate(Relation(
            kind="table_sum", result=fa, operands=fb, trust="pack",
            origin=f"{why}; {_title(b)} lists it by the rows under it"))


def _same_funds(ctx: ExtractContext, coded: list[_Coded]) -> dict[str, object]:
    """Which tables of different funds hold the same figures in this report, as its income
    rows say: all funds are 财政拨款 when every other source (事业收入, 其他收入, 上年结转 …)
    is stated as nothing; 财政拨款 is 一般公共预算 when 政府性基金 and 国有资本经营 are
    nothing; income and expenditure by function agree when nothing is carried over (a 预算
    that lists no carry-over has none; a 决算 must state it as nothing)."""
    facts = ctx.graph.facts
    final = tuple(ctx.packs.words("final_account_words"))
    is_final = any(w in norm(c.table.caption or "") for c in coded for w in final)
    summary = [c for c in coded if c.spec.side in ("both", "income")]

    def nothing(words: list[str], absent_is_nothing: bool) -> bool:
        seen = [f for c in summary for name, f in c.by_name.items() if any(w in name for w in words)]
        blank = [n for c in summary for n in c.empty if any(w in n for w in words)]
        if not seen and not blank:
            return absent_is_nothing
        return all(facts[f].value == 0 for f in seen)

    out: dict[str, object] = {"scopes": []}
    scopes: list[set[str]] = out["scopes"]  # type: ignore[assignment]
    others = nothing(ctx.packs.words("other_funds_income"), False)
    fiscal_only = nothing(ctx.packs.words("non_general_fiscal_income"), False)
    if others:
        scopes.append({"all", "fiscal"})
    if fiscal_only:
        scopes.append({"fiscal", "general"})
    if others and fiscal_only:
        scopes.append({"all", "general"})
    if nothing(ctx.packs.words("carry_over_words"), not is_final):
        out["carry"] = True
    return out


def _title(c: _Coded) -> str:
    return f"table {c.table.index} ({c.spec.name})"
