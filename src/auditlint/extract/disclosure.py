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

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview import norm, strip_numbering, view_of
from auditlint.facts import Interval, Relation, to_unit_of
from auditlint.packs import TableDef

_NOTE_REACH = 16  # blocks between a note and the caption of the table it speaks of


@dataclass
class _Coded:
    """One standard table's figures by code: its total column, row by row."""

    table: Table
    spec: TableDef
    by_code: dict[str, int] = field(default_factory=dict)  # unique codes -> fact id
    repeated: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # class name -> code
    by_name: dict[str, int] = field(default_factory=dict)  # uncoded row label -> fact id


def extract(ctx: ExtractContext) -> None:
    specs = ctx.packs.tables
    if not specs:
        return
    coded = [c for t in ctx.document.tables if (c := _read(ctx, t, specs)) is not None]
    names: dict[str, str] = {}
    for c in coded:
        for name, code in c.names.items():
            names.setdefault(name, code)
    final = tuple(ctx.packs.words("final_account_words"))
    links = _Links()
    for i, a in enumerate(coded):
        for b in coded[i + 1:]:
            coded_sides = "both" not in (a.spec.side, b.spec.side)
            if a.spec.scope == b.spec.scope and a.spec.side == b.spec.side and coded_sides:
                _same_codes(ctx, a, b, links)
                _rollups(ctx, a, b)
                _rollups(ctx, b, a)
            elif coded_sides and not any(w in norm(t.table.caption or "") for t in (a, b)
                                         for w in final):
                _same_codes(ctx, a, b, links, inferred=True)
            if a.spec.scope == b.spec.scope:
                for x, y in ((a, b), (b, a)):
                    if x.spec.side == "both" and y.spec.side == "expense":
                        _named(x, y, names, links)
    links.relate(ctx)
    _empty_statements(ctx)


def _empty_statements(ctx: ExtractContext) -> None:
    """A note that the table above it is empty (本表为空表), against the figures that table
    holds: the blocks back to the table's caption (or the table itself, captioned)."""
    words = tuple(ctx.packs.words("empty_table_statements"))
    numbering = tuple(ctx.packs.words("column_number_labels"))
    blocks = ctx.document.blocks
    by_block: dict[int, list[int]] = {}
    for f in ctx.graph.facts:
        block = blocks[f.block] if f.block < len(blocks) else None
        if isinstance(block, Paragraph) and block.text.text.lstrip().startswith(numbering):
            continue
        if f.value != 0 and f.kind in ("amount", "number", "count", "percent"):
            by_block.setdefault(f.block, []).append(f.id)
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or not any(w in block.text.text for w in words):
            continue
        figures: list[int] = []
        for j in range(i - 1, max(-1, i - _NOTE_REACH), -1):
            above = blocks[j]
            if isinstance(above, Paragraph) and (above.heading or _is_title(above.text.text)
                                                 or any(w in above.text.text for w in words)):
                break
            figures = by_block.get(j, []) + figures
            if isinstance(above, Table) and above.caption:
                break
        if figures:
            line = block.text.whole_span().line
            ctx.graph.relate(Relation(
                kind="empty_table", result=figures[0], operands=figures[1:],
                origin=f"the note in line {line}", trust="pack",
                params={"note": block.text.text.strip(), "line": str(line)}))


def _is_title(text: str) -> bool:
    t = norm(text)
    return len(t) <= 40 and t.endswith("表")


def spec_of(caption: str | None, specs: list[TableDef]) -> TableDef | None:
    """The standard table a caption names: the longest title the caption ends with."""
    if not caption:
        return None
    t = norm(caption)
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
                if fid is None or row.is_total:
                    continue
                cell = table.cell(row.index, label_col) if label_col is not None else None
                label = cell.text.text if cell is not None and not cell.merged else ""
                code = row.code_digits if panel_no == 0 else None
                if code:
                    if code in out.by_code or code in out.repeated:
                        out.repeated.add(code)
                        out.by_code.pop(code, None)
                    else:
                        out.by_code[code] = fid
                    if len(code) == 3 and _name(label):
                        out.names[_name(label)] = code
                elif _name(label):
                    out.by_name[_name(label)] = fid
    return out if out.by_code or out.by_name else None


def _name(label: str) -> str:
    return strip_numbering(norm(label)).strip("：:")


@dataclass
class _Links:
    """Figures linked pair by pair, stated as one relation per group of linked figures, so
    that three tables agreeing against a fourth name the fourth as the odd one out."""

    parent: dict[int, int] = field(default_factory=dict)
    why: dict[int, tuple[str, str, bool]] = field(default_factory=dict)  # fact: subject, why

    def find(self, f: int) -> int:
        while self.parent.get(f, f) != f:
            f = self.parent[f]
        return f

    def link(self, a: int, b: int, subject: str, why: str, inferred: bool) -> None:
        for f in (a, b):
            self.parent.setdefault(f, f)
            self.why.setdefault(f, (subject, why, inferred))
        if inferred:
            self.why[a] = self.why[b] = (subject, why, True)
        self.parent[self.find(b)] = self.find(a)

    def relate(self, ctx: ExtractContext) -> None:
        suspects = _in_failing_sums(ctx)
        groups: dict[int, list[int]] = {}
        for f in sorted(self.parent):
            groups.setdefault(self.find(f), []).append(f)
        for members in groups.values():
            subject = self.why[members[0]][0]
            reasons = list(dict.fromkeys(self.why[f][1] for f in members))
            inferred = any(self.why[f][2] for f in members)
            params = {"subject": subject, "reason": "; ".join(reasons)}
            if not inferred:
                params["confidence"] = "exact"
            odd = [f for f in members if f in suspects]
            if len(members) == 2 and len(odd) == 1:
                # of two figures, the one whose own table does not add up is the one to doubt
                params["reliable"] = str(next(f for f in members if f != odd[0]))
            ctx.graph.relate(Relation(
                kind="same_as", result=members[0], operands=members[1:], origin=reasons[0],
                trust="inferred" if inferred else "pack", params=params))


def _in_failing_sums(ctx: ExtractContext) -> set[int]:
    """Facts that take part in a table sum that does not hold (whole numbers exactly)."""
    facts = ctx.graph.facts
    out: set[int] = set()
    for rel in ctx.graph.relations:
        if rel.kind != "table_sum" or rel.result is None or "-" in rel.params.get("signs", ""):
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


def _same_codes(ctx: ExtractContext, a: _Coded, b: _Coded, links: _Links,
                inferred: bool = False) -> None:
    """Each code both tables state, linked. Tables of different funds or sides (a 预算's
    income and expenditure by function; its 一般公共预算 table and its all-funds table) are
    linked only when they agree on at least 5 codes and differ on at most one code that has
    no sub-code there (a wrong figure shows in its parents too): then they are the same
    figures, and the link is inferred (a warning)."""
    shared = [(code, fa, b.by_code[code]) for code, fa in a.by_code.items() if code in b.by_code]
    if inferred:
        facts = ctx.graph.facts
        differ = {code for code, fa, fb in shared
                  if not to_unit_of(facts[fa], facts[fb]).intersects(facts[fb].interval)}
        leaves = {c for c in differ if not any(d != c and d.startswith(c) for d in differ)}
        if len(shared) - len(differ) < 5 or len(leaves) > 1:
            return
    for code, fa, fb in shared:
        fact = ctx.graph.facts[fa]
        subject = f"{fact.label.split(' / ')[0]} ({code})"
        if inferred:
            why = (f"code {code} in {_title(a)} and {_title(b)}, which agree on the other "
                   f"{len(shared) - 1} codes they share")
        else:
            why = (f"code {code} in {_title(a)} and {_title(b)}, tables of the same funds "
                   "(rules/disclosure.toml)")
        links.link(fa, fb, subject, why, inferred)


def _rollups(ctx: ExtractContext, a: _Coded, b: _Coded) -> None:
    """A code of `a` that `b` lists only by its sub-codes: the sum of b's rows under it."""
    b_codes = set(b.by_code) | b.repeated
    for code, fa in a.by_code.items():
        if code in b_codes:
            continue
        under = [c for c in b.by_code if c.startswith(code) and len(c) > len(code)]
        if b.repeated & {c for c in b_codes if c.startswith(code)}:
            continue  # rows repeated per unit: their sum is not read here
        leaves = [c for c in under if not any(d != c and d.startswith(c) for d in under)]
        if not leaves:
            continue
        ops = [b.by_code[c] for c in sorted(leaves)]
        ctx.graph.relate(Relation(
            kind="table_sum", result=fa, operands=ops, trust="pack",
            origin=f"code {code} of {_title(a)} over its sub-codes in {_title(b)}, tables of "
                   "the same funds (rules/disclosure.toml)"))


def _named(a: _Coded, b: _Coded, names: dict[str, str], links: _Links) -> None:
    """A class named in words in `a` (收支总表) against its code in `b`."""
    for name, fa in a.by_name.items():
        code = names.get(name)
        fb = b.by_code.get(code) if code else None
        if fb is None:
            continue
        why = (f"{name} is code {code} in {_title(b)}; {_title(a)} covers the same funds "
               "(rules/disclosure.toml)")
        links.link(fb, fa, f"{name} ({code})", why, False)


def _title(c: _Coded) -> str:
    return f"table {c.table.index} ({c.spec.name})"
