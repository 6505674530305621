"""Stage of extract: facts of every numeric table cell, and the relations tables state.

Each numeric cell becomes a `Fact` typed by its column (amount, weight, score, percent...).
Relations come from the table's own structure: total rows (合计/小计/总计/xx指标得分) and
total columns, classification codes, 其中 rows and columns, column formulas (`7=1+2+3`),
per-row rates (执行率, 得分率), scores against their weights; and, with lower trust, a column
that equals the sum of its neighbours on the clear majority of rows.

When a total's parts cannot be told apart, no relation is made and a notice (AL902) says so.
When the structure leaves more than one reading (subtotals above a grand total, numbered
items and their children), the reading that the numbers support on most columns is taken,
and only when it is supported by a clear majority of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative.quantities import kind_of
from auditlint.extract.quantity import UNITS, Quantity
from auditlint.extract.tables.groups import read_groups
from auditlint.extract.tableview.view import (
    SUMMABLE,
    CellValue,
    Column,
    Panel,
    Row,
    TableView,
    cell_value,
    norm,
    norm_header,
    view_of,
)
from auditlint.facts import HUNDRED, Fact, FactKind, Interval, Notice, Relation, ratio, to_unit_of

MIN_INFERRED_ROWS = 4
_SUBSET_INSIDE = re.compile(r"(?:^|\s)其中[：:]")
INFERRED_SHARE = Decimal("0.8")


def extract(ctx: ExtractContext) -> None:
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Table):
            continue
        view = view_of(ctx, block)
        if block.shape == "spaced":
            for part in view.blocks:
                _gated(ctx, part, block_no)
            continue
        for part in view.blocks:
            _facts(ctx, part, block_no)
        for part in view.blocks:
            _Relations(ctx, part).run()


def _gated(ctx: ExtractContext, view: TableView, block_no: int) -> None:
    """A table rebuilt from text whose cells were split by spaces: kept only when its own sums
    hold, or fail only where one figure is wrong (every failing sum shares it) and as many
    hold (twice as many where the reader had to place some rows' figures). Otherwise the
    sums cannot vouch for the grid: its facts and relations are dropped, with a notice,
    rather than reported as errors of the report."""
    graph = ctx.graph
    marks = (len(graph.facts), len(graph.relations), len(graph.notices))
    _facts(ctx, view, block_no)
    _Relations(ctx, view).run()
    sums = [r for r in graph.relations[marks[1]:]
            if r.kind == "table_sum" and r.result is not None and "-" not in r.params.get("signs", "")]
    failing = [r for r in sums
               if not _holds(graph.facts[r.result or 0], [graph.facts[i] for i in r.operands])]
    if not failing:
        return
    shared = set.intersection(*({r.result or 0, *r.operands} for r in failing))
    holding = len(sums) - len(failing)
    vouched = holding >= (max(2, 2 * len(failing)) if view.table.ragged else len(failing))
    if shared and len(failing) <= max(2, len(sums) // 10) and vouched:
        return
    del graph.facts[marks[0]:]
    del graph.relations[marks[1]:]
    del graph.notices[marks[2]:]
    view.facts.clear()
    for key in [k for k, v in ctx.cell_facts.items() if v >= marks[0]]:
        del ctx.cell_facts[key]
    table = view.table
    first = next((c for row in table.rows for c in row if c.text.segments), None)
    graph.notices.append(Notice(
        code="AL902",
        message=f"table {table.index}, rebuilt from text whose empty cells were dropped, does "
                f"not add up in {len(failing)} of its {len(sums)} sums in ways no single wrong "
                "figure explains; its columns were likely not recovered, so it is not checked",
        span=first.text.whole_span() if first is not None else None,
        location=f"table {table.index}"))


# ---------------------------------------------------------------------------------------------
# facts


def _facts(ctx: ExtractContext, view: TableView, block_no: int) -> None:
    table = view.table
    first = view.first_value()
    # a panel right of the first (the 支出 side of a 收支总表) labels its own cells
    side_label = {c: p.label_cols[-1] for p in view.panels[1:] if p.label_cols
                  for c in p.value_cols}
    for row in view.rows:
        for col in view.columns:
            if col.role in ("label", "code", "seq"):
                continue
            at = col.index + (row.offset if col.index >= first else 0)
            cell = table.cell(row.index, at) if 0 <= at < table.n_cols else None
            if cell is None or cell.merged:
                continue
            cv = cell_value(cell.text.text)
            if not cv.is_number or cv.quantity is None:
                continue
            q = cv.quantity
            kind, unit, multiplier = _typed(col, q)
            if row.shifted:  # misaligned: its column says nothing about it
                kind, unit, multiplier = kind_of(q), q.full_unit, q.multiplier
            stripped = cell.text.strip()
            if norm(stripped.text) == stripped.text:
                span = stripped.span(q.start, q.end)
            else:
                span = stripped.whole_span()
            row_label = _side_label(table, row, side_label.get(col.index))
            label = f"{row_label} / {col.header}" if col.header else row_label
            fact = ctx.graph.add_fact(
                value=q.value, decimals=q.decimals, unit=unit, multiplier=multiplier, kind=kind,
                label=label, context=" / ".join((*row.path, col.header) if col.header
                                                else row.path),
                location=_location(table, row.index, at), span=span,
                text=stripped.text, block=block_no, table=table.index, row=row.index,
                col=col.index, comparator=q.comparator, section=" / ".join(table.section),
            )
            view.facts[(row.index, col.index)] = fact.id
            ctx.cell_facts[(table.index, row.index, at)] = fact.id


def _side_label(table: Table, row: Row, label_col: int | None) -> str:
    """The row's label in the panel of a cell: its own label column there, when it has one."""
    if label_col is None:
        return row.label
    cell = table.cell(row.index, label_col)
    return cell.text.text.strip() if cell is not None and not cell.merged else ""


def _location(table: Table, row: int, col: int) -> str:
    where = f"table {table.index}, row {row + 1}, column {col + 1}"
    return where + (f", page {table.page}" if table.page else "")


def _typed(col: Column, q: Quantity) -> tuple[FactKind, str | None, Decimal]:
    """Kind, unit and multiplier of a cell's number: the cell's own unit first, then its
    column's (a `38.57万元` in a 分值 column is an amount, not a weight)."""
    own_unit = q.full_unit
    role = col.role
    if q.comparator and role not in ("weight", "score"):
        return "target", own_unit or col.unit, q.multiplier if own_unit else _mult(col.unit)
    if own_unit:
        kind = kind_of(q)
        if role == "weight" and own_unit == "分":
            kind = "weight"
        elif role in ("rate", "score_rate", "percent") and own_unit in ("%", "％"):
            kind = "percent"
        elif role == "target":
            kind = "target"
        return kind, own_unit, q.multiplier
    unit = col.unit
    by_role: dict[str | None, FactKind] = {
        "amount": "amount", "weight": "weight", "score": "score", "rate": "percent",
        "score_rate": "percent", "percent": "percent", "count": "count", "target": "target",
    }
    kind = by_role.get(role)
    if kind is None:
        if unit in ("万元", "元", "亿元", "千元"):
            kind = "amount"
        elif unit == "%":
            kind = "percent"
        else:
            kind = "number"
    if kind == "amount" and unit not in ("万元", "元", "亿元", "千元"):
        unit = unit if unit and UNITS.get(unit, ("",))[0] == "money" else None
    if kind in ("weight", "score"):
        unit = "分"
    return kind, unit, _mult(unit)


def _mult(unit: str | None) -> Decimal:
    if unit and unit in UNITS:
        return UNITS[unit][1]
    return Decimal(1)


# ---------------------------------------------------------------------------------------------
# relations


@dataclass
class _PRow:
    """A row as one panel sees it."""

    row: Row
    label: str
    prefix: tuple[str, ...]
    is_total: bool
    total_word: str | None
    subset: bool
    rest: bool  # label starts with 其他: closes a 其中 group
    code: str | None
    level: int | None
    # its codes in every code system of the panel (0: the classification code, then a unit
    # code...), as (system, digits)
    codes: tuple[tuple[int, str], ...] = ()


@dataclass
class _Cand:
    """A reading of which rows a total adds up; `extra` adds facts from outside the block
    (the 资金执行率 score of a 自评表's funds block in its 总分), by column."""

    rows: list[_PRow]
    extra: dict[int, Fact] = field(default_factory=dict)
    note: str = ""


class _Relations:
    def __init__(self, ctx: ExtractContext, view: TableView) -> None:
        self.ctx = ctx
        self.view = view
        self.graph = ctx.graph
        self.table = view.table
        self.cols = {c.index: c for c in view.columns}
        self.score_block = view.kind in ("scoring", "selfeval_indicators")
        # column -> set of row indices whose cell there is already a stated total's result
        self.result_cols: set[int] = set()
        self.shifted = {r.index for r in view.rows if r.shifted}
        self.offsets = {r.index: r.offset for r in view.rows if r.offset}
        self.first = view.first_value()

    # -- helpers ---------------------------------------------------------------------------

    def fact(self, row: int, col: int) -> Fact | None:
        if row in self.shifted:
            return None
        fid = self.view.fact(row, col)
        return None if fid is None else self.graph.facts[fid]

    def cv(self, row: int, col: int) -> CellValue:
        if row in self.shifted:
            return CellValue("text")  # not understood: no total over it is checked
        at = col + self.offsets.get(row, 0) if col >= self.first else col
        cell = self.table.cell(row, at) if 0 <= at < self.table.n_cols else None
        if cell is None or cell.merged:
            return CellValue("empty")
        return cell_value(cell.text.text)

    def summable(self, col: int) -> bool:
        c = self.cols[col]
        if c.role not in SUMMABLE:
            return False
        if c.role in ("weight", "score"):
            return self.score_block
        return True

    def relate(self, **kwargs: object) -> None:
        self.graph.relate(Relation(**kwargs))  # type: ignore[arg-type]

    def notice(self, row: int, message: str) -> None:
        span = None
        for c in range(self.table.n_cols):
            cc = self.table.cell(row, c)
            if cc is not None and cc.text.text.strip():
                span = cc.text.strip().whole_span()
                break
        where = f"table {self.table.index}, row {row + 1}"
        self.graph.notices.append(Notice(code="AL902", message=message, span=span,
                                         location=where))

    def run(self) -> None:
        if not self.view.rows:
            return
        self.score_caps()
        self.rates()
        self.column_formulas()
        self.column_totals()
        for i, panel in enumerate(self.view.panels):
            self.row_totals(panel, i)
        self.inferred_columns()
        for panel in self.view.panels:
            self.growth(panel)

    # -- score caps ------------------------------------------------------------------------

    def score_caps(self) -> None:
        for panel in self.view.panels:
            weights = [c for c in panel.value_cols if self.cols[c].role == "weight"]
            scores = [c for c in panel.value_cols if self.cols[c].role == "score"]
            if not weights or not scores:
                continue
            for s in scores:
                w = max((c for c in weights if c < s), default=weights[0])
                for row in self.view.rows:
                    sf, wf = self.fact(row.index, s), self.fact(row.index, w)
                    if sf is None or wf is None or sf.kind != "score" or wf.kind != "weight":
                        continue
                    self.relate(kind="score_cap", result=sf.id, operands=[wf.id],
                                origin=f"{self.cols[w].header} of the same row",
                                params={"name": row.label or self.cols[s].header,
                                        "weight": self.cols[w].header,
                                        "score": self.cols[s].header})

    # -- rates -----------------------------------------------------------------------------

    def rates(self) -> None:
        packs = self.ctx.packs
        for panel in self.view.panels:
            for rc in panel.value_cols:
                rcol = self.cols[rc]
                if rcol.role not in ("rate", "score_rate"):
                    continue
                name = norm_header(rcol.path[-1]) if rcol.path else ""
                for rdef in packs.rates:
                    names = {norm_header(n) for n in rdef.name}
                    if name not in names:
                        continue
                    same = [c for c in panel.value_cols
                            if self.cols[c].path[:-1] == rcol.path[:-1] and c != rc]
                    num = _pick(self.cols, same, rdef.numerator)
                    den = _pick(self.cols, same, rdef.denominator)
                    if num is None or den is None or num == den:
                        continue
                    self.rate_rows(rc, num, den, rdef.minus_denominator)
                    break

    def scored(self, row: int) -> bool:
        """Whether a row carries a weight or a score of its own."""
        return any(self.fact(row, c.index) is not None for c in self.view.columns
                   if c.role in ("weight", "score"))

    def rate_rows(self, rc: int, num: int, den: int, diff: bool) -> None:
        """A rate column over its numerator and denominator columns, row by row; unless it
        disagrees on every row checked (then its columns were not the ones it is computed
        from, and a notice says so)."""
        rcol, ncol, dcol = self.cols[rc], self.cols[num], self.cols[den]
        made: list[Relation] = []
        for row in self.view.rows:
            rf, nf, df = self.fact(row.index, rc), self.fact(row.index, num), \
                self.fact(row.index, den)
            if rf is None or nf is None or df is None or rf.comparator or nf.comparator \
                    or df.comparator:
                continue
            if rf.kind != "percent" and rf.unit not in (None, "%"):
                continue
            if rf.value == 0 and nf.value != 0 and self.view.kind == "selfeval_funds" \
                    and not self.scored(row.index):
                continue  # a form's 0% under a line without 分值/得分: a placeholder
            if nf.kind != df.kind and {nf.kind, df.kind} != {"score", "weight"}:
                continue
            made.append(Relation(
                kind="rate", result=rf.id, operands=[nf.id, df.id],
                origin=f"{rcol.header} = {ncol.header} / {dcol.header}, same row",
                params={"form": "diff" if diff else "ratio", "percent": "1",
                        "name": f"{rcol.header} of {row.label}" if row.label else rcol.header,
                        "numerator": ncol.header, "denominator": dcol.header}))
        judged = [h for h in map(self.rate_holds, made) if h is not None]
        if len(judged) >= 2 and not any(judged):
            first = self.graph.facts[made[0].result or 0]
            self.notice(first.row or 0, f"the column 「{rcol.header}」 of table "
                        f"{self.table.index} differs from {ncol.header} / {dcol.header} on "
                        "every row; it is not checked")
            return
        for rel in made:
            self.graph.relate(rel)

    def rate_holds(self, rel: Relation) -> bool | None:
        """Whether a rate agrees with its row's figures; None when they cannot tell (0/0)."""
        rf, nf, df = (self.graph.facts[i] for i in (rel.result or 0, *rel.operands))
        den = to_unit_of(df, nf)
        num = nf.interval - den if rel.params.get("form") == "diff" else nf.interval
        q = ratio(num, den)
        return None if q is None else rf.interval.intersects(q)

    # -- column formulas and total columns -------------------------------------------------

    def column_formulas(self) -> None:
        for target, parts in self.view.formulas:
            shown = "".join(f"{'' if k == 0 and s == '+' else s}{self.cols[c].number}"
                            for k, (s, c) in enumerate(parts))
            origin = f"column formula {self.cols[target].number}={shown} in the header"
            for row in self.view.rows:
                res = self.fact(row.index, target)
                if res is None:
                    continue
                ops, signs = [], ""
                ok = True
                for sign, c in parts:
                    v = self.cv(row.index, c)
                    if v.kind == "text":
                        ok = False
                        break
                    f = self.fact(row.index, c)
                    if f is not None:
                        ops.append(f.id)
                        signs += sign
                if ok and ops:
                    self.relate(kind="table_sum", result=res.id, operands=ops, origin=origin,
                                params={"signs": signs, "name": _name(row, self.cols[target])})
            self.result_cols.add(target)

    def column_totals(self) -> None:
        formula_targets = {t for t, _ in self.view.formulas}
        for panel in self.view.panels:
            for tc in panel.value_cols:
                col = self.cols[tc]
                if not col.total or tc in formula_targets or not self.summable(tc):
                    continue
                if len(col.path) >= 2:
                    full = self.group_parts(panel, tc)
                    subset = [c for c in panel.value_cols if c != tc and self.summable(c)
                              and self.cols[c].path[:-1] == col.path[:-1]
                              and self.cols[c].subset]
                    if full:
                        self.column_sum(tc, full, f"{col.header} = the columns under "
                                        f"{'/'.join(col.path[:-1])}", structural=True)
                    elif subset and not self.group_parts(panel, tc, need_full=False):
                        self.column_sum(tc, subset, f"其中 columns of {col.header}",
                                        structural=True, subset=True)
                    continue
                sides = [self.side_parts(panel, tc, step) for step in (+1, -1)]
                cands = [c for side in sides for c in side
                         if len(c) >= 2 or (c and self.cols[c[0]].subset)]
                # beside header groups the neighbours are a guess: the numbers must bear it
                self.choose_columns(tc, cands, vote=any(len(side) > 1 for side in sides))

    def side_parts(self, panel: Panel, tc: int, step: int) -> list[list[int]]:
        """The readings of the columns a total column without header group adds on one
        side: the columns next to it up to the next total column; and, where header groups
        stand there (`公务用车购置及运行维护费` over `小计` `购置费` `运行维护费`), every
        column up to the next total of the top level, each group by its own total (when each
        group has one). Beside header groups the neighbours are a guess: the numbers choose
        (two readings, or one without the other: the second is then empty)."""
        run = _run(self.view, panel, tc, step, self.summable)
        cols = panel.value_cols
        k = cols.index(tc) + step
        side: list[int] = []
        while 0 <= k < len(cols) and abs(cols[k] - (side[-1] if side else tc)) == 1:
            col = self.cols[cols[k]]
            if col.total and len(col.path) < 2:
                break
            side.append(cols[k])
            k += step
        if not any(len(self.cols[c].path) >= 2 for c in side) \
                or not all(self.cols[c].path for c in side):
            return [run]
        grouped: list[int] = []
        groups: dict[str, list[int]] = {}
        for c in side:
            col = self.cols[c]
            if col.subset or col.role in ("rate", "score_rate", "percent"):
                continue
            if not self.summable(c):
                return [run, []]
            if len(col.path) == 1:
                grouped.append(c)
            else:
                groups.setdefault(norm(col.path[0]), []).append(c)
        for members in groups.values():  # each group by its own total, or no reading
            totals = [c for c in members if len(self.cols[c].path) == 2 and self.cols[c].total]
            if len(totals) != 1:
                return [run, []]
            grouped.append(totals[0])
        grouped.sort()
        return [run, grouped] if grouped and grouped != run else [run, []]

    def group_parts(self, panel: Panel, tc: int, need_full: bool = True) -> list[int] | None:
        """The columns a total column adds up: every other column under its header group,
        a sub-group standing for itself by its own total column (`小计` under `公务用车购置及
        运行费`) or else by its columns; 其中 columns left out (parts of their neighbour).
        None when a column under the group cannot be placed (a sub-group with two totals, a
        column of another kind): the header leaves the breakdown in doubt.
        With `need_full` False, the columns under the group other than 其中 ones, checked
        for no kind: whether anything but 其中 columns stands there."""
        group = self.cols[tc].path[:-1]
        under = [c for c in panel.value_cols if c != tc
                 and self.cols[c].path[:len(group)] == group
                 and len(self.cols[c].path) > len(group)]
        if not need_full:
            return [c for c in under if not self.cols[c].subset] or None
        return self.node_parts(under, len(group))

    def node_parts(self, cols: list[int], depth: int) -> list[int] | None:
        parts: list[int] = []
        subgroups: dict[str, list[int]] = {}
        for c in cols:
            col = self.cols[c]
            if col.subset or col.role in ("rate", "score_rate", "percent"):
                continue
            if not self.summable(c):
                return None
            if len(col.path) == depth + 1:
                if col.total:
                    return None  # a second total beside this one: cannot tell
                parts.append(c)
            else:
                subgroups.setdefault(norm(col.path[depth]), []).append(c)
        for members in subgroups.values():
            totals = [c for c in members if len(self.cols[c].path) == depth + 2
                      and self.cols[c].total]
            if len(totals) == 1:
                parts.append(totals[0])
                continue
            if totals:
                return None
            inner = self.node_parts(members, depth + 1)
            if not inner:
                return None
            parts.extend(inner)
        return sorted(parts) or None

    def choose_columns(self, tc: int, cands: list[list[int]], vote: bool = False) -> None:
        if not cands:
            return
        if len(cands) == 1 and not vote:
            parts = cands[0]
            subset = all(self.cols[c].subset for c in parts)
            self.column_sum(tc, [c for c in parts if not self.cols[c].subset] or parts,
                            f"{self.cols[tc].header} column", structural=True, subset=subset)
            return
        supports = [self.column_support(tc, c) for c in cands]
        best = _best(supports)
        if best is None:
            return
        self.column_sum(tc, cands[best], f"{self.cols[tc].header} column", structural=True)

    def column_support(self, tc: int, parts: list[int]) -> tuple[int, int]:
        holds = checked = 0
        for row in self.view.rows:
            res = self.fact(row.index, tc)
            ops = self.row_operands(row.index, parts)
            if res is None or not ops:
                continue
            checked += 1
            holds += _holds(res, ops)
        return holds, checked

    def row_operands(self, row: int, cols: list[int]) -> list[Fact] | None:
        """Facts of `cols` in `row`; None when one of the cells is text (row not understood)."""
        out: list[Fact] = []
        for c in cols:
            v = self.cv(row, c)
            if v.kind == "text":
                return None
            f = self.fact(row, c)
            if f is not None:
                if f.comparator:
                    return None
                out.append(f)
        return out

    def column_sum(self, tc: int, parts: list[int], origin: str, structural: bool,
                   subset: bool = False) -> None:
        names = " + ".join(self.cols[c].header for c in parts)
        for row in self.view.rows:
            res = self.fact(row.index, tc)
            ops = self.row_operands(row.index, parts)
            if res is None or not ops or not _same_kind(res, ops):
                continue
            if subset and (res.value < 0 or any(f.value < 0 for f in ops)):
                continue
            params = {"name": _name(row, self.cols[tc])}
            if subset:
                params["bound"] = "at_most"
            self.relate(kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=f"{origin}: {names}" if not subset else origin,
                        trust="explicit" if structural else "inferred", params=params)
        self.result_cols.add(tc)

    # -- total rows ------------------------------------------------------------------------

    def panel_rows(self, panel: Panel, index: int) -> list[_PRow]:
        from auditlint.extract.tableview.view import _code_of, _is_total_word, code_in, numbering_level
        from auditlint.extract.tableview.view import vocabulary as vocab_of

        vocab = vocab_of(self.ctx.packs)
        out: list[_PRow] = []
        for row in self.view.rows:
            if index == 0:
                label, prefix = row.label, row.path[:-1]
                total_word, code, level = row.total_word, row.code, row.level
                if not label:
                    label = self.side_label(row.index)
                    total_word = _is_total_word(label, vocab) if label else None
            else:
                texts = [self.table.text(row.index, c).strip() for c in panel.label_cols]
                texts = [t for t in texts if norm(t)] or [
                    t for c in panel.code_cols if cell_value(
                        t := self.table.text(row.index, c).strip()).kind == "text"][:1]
                label = texts[-1] if texts else ""
                prefix = ()
                total_word = _is_total_word(label, vocab) if label else None
                code = code_in(self.table, row.index, panel.code_cols) \
                    or (_code_of(label) if label else None)
                level = numbering_level(label) if label else None
            n = norm(label)
            out.append(_PRow(
                row=row, label=label, prefix=prefix, is_total=total_word is not None,
                total_word=total_word,
                subset=(row.subset and index == 0)
                or any(n.startswith(p) for p in vocab.subset_prefixes)
                or bool(_SUBSET_INSIDE.search(label)),
                rest=any(n.startswith(p) for p in vocab.rest_prefixes) and level is None,
                code=re_digits(code), level=level,
                codes=tuple((k, d) for k, d in enumerate(
                    [re_digits(code), *(re_digits(code_in(self.table, row.index, cols))
                                        for cols in panel.more_codes)]) if d)))
        return out

    def side_label(self, row: int) -> str:
        """A label standing in a 序号 or code column (`合计` under 序号)."""
        for col in self.view.columns:
            if col.role in ("seq", "code"):
                t = self.table.text(row, col.index).strip()
                if t and cell_value(t).kind == "text":
                    return t
        return ""

    def row_totals(self, panel: Panel, index: int) -> None:
        cols = [c for c in panel.value_cols if self.summable(c)]
        if not cols:
            return
        prows = self.panel_rows(panel, index)
        self.code_parents(prows, cols)
        self.number_parents(prows, cols)
        by_groups = self.sum_groups(prows, cols)
        grouped, owners = self.subset_groups(prows, cols)
        open_items: list[_PRow] = []
        consumed: set[int] = set()
        totals_seen: list[tuple[tuple[str, ...], int]] = []
        for i, pr in enumerate(prows):
            if i in grouped or pr.row.index in consumed:
                continue
            if not pr.is_total:
                if self.has_facts(pr, cols):
                    open_items.append(pr)
                continue
            if pr.row.index in owners:
                open_items.append(pr)
                continue
            if pr.row.index in by_groups:  # its rows were grouped by their sums
                open_items = [q for q in open_items if q.prefix[:len(pr.prefix)] != pr.prefix]
                open_items.append(pr)
                totals_seen.append((pr.prefix, pr.row.index))
                continue
            spanned = self.spanned_panels(pr.row.index, panel)
            if len(spanned) > 1:  # a label run over several panels totals all of them
                if panel is spanned[-1]:
                    self.span_total(pr, [spanned])
                continue
            before = self.totalless_panels(pr.row.index, panel)
            if before:  # panels left of it with no total of their own: it may total them too
                self.span_total(pr, [[panel], [*before, panel]])
                continue
            group = [q for q in open_items if q.prefix[:len(pr.prefix)] == pr.prefix]
            # the rows since the last total inside this total's group
            since = max((k for p, k in totals_seen if p[:len(pr.prefix)] == pr.prefix),
                        default=-1)
            a = [q for q in group if q.row.index > since and not q.is_total]
            if not group:
                # a total above its rows (合计 first): the rows below it, to the next total
                below: list[_PRow] = []
                for k in range(i + 1, len(prows)):
                    q = prows[k]
                    if q.is_total:
                        break
                    if k not in grouped and self.has_facts(q, cols):
                        below.append(q)
                if len(below) < 2:  # a total over one row: the rest was not read
                    self.choose_rows(pr, [], cols)
                    continue
                chosen = self.choose_rows(pr, self.with_funds(_dedupe_cands(
                    [_top(below), _numbered_top(below), below])), cols)
                if chosen is not None:
                    consumed.update(q.row.index for q in below)
                open_items.append(pr)
                totals_seen.append((pr.prefix, pr.row.index))
                continue
            cands = self.with_funds(_dedupe_cands([_top(a), _numbered_top(a), _top(group),
                                                   _numbered_top(group), a, group]))
            chosen = self.choose_rows(pr, cands, cols)
            if chosen is not None:
                covered = {id(q) for q in chosen}
                # the top-level rows chosen cover the rows under them too
                for src in (a, group):
                    if covered <= {id(q) for q in src}:
                        covered |= {id(q) for q in src}
                        break
            else:
                covered = {id(q) for q in _top(a)} if a else set()
            open_items = [q for q in open_items if id(q) not in covered]
            open_items.append(pr)
            totals_seen.append((pr.prefix, pr.row.index))

    def spanned_panels(self, row: int, panel: Panel) -> list[Panel]:
        """The panels a row's label cell covers: its own, and those left or right of it that
        one merged label cell runs over (`公用经费合计` written across the two panels of
        公用经费 in a table of 人员经费 | 公用经费 | 公用经费)."""
        cols = [c for p in (panel.label_cols, panel.code_cols) for c in p]
        if not cols:
            return [panel]
        origin = None
        for c in cols:
            cell = self.table.cell(row, c)
            if cell is not None and cell.text.text.strip():
                origin = cell.origin or (row, c)
                break
        if origin is None:
            return [panel]
        covered = {c for c in range(self.table.n_cols)
                   if (cc := self.table.cell(row, c)) is not None
                   and (cc.origin or (row, c)) == origin}
        out = []
        for p in self.view.panels:
            own = set(p.label_cols) | set(p.code_cols) | {c for g in p.more_codes for c in g}
            if p is panel or (own and own <= covered):
                out.append(p)
        return out

    def totalless_panels(self, row: int, panel: Panel) -> list[Panel]:
        """The panels just left of `panel` (its neighbours, up to one with a total of its
        own) that hold coded rows with figures but stand empty on the total row `row`: the
        list they hold may run on into `panel` (人员经费 | 公用经费 | 公用经费, the second
        公用经费 panel alone carrying 公用经费合计)."""
        k = self.view.panels.index(panel)
        out: list[Panel] = []
        for p in reversed(self.view.panels[:k]):
            cols = [*p.label_cols, *p.code_cols, *p.value_cols]
            if any(norm(self.table.text(row, c)) for c in cols):
                break
            prows = self.panel_rows(p, self.view.panels.index(p))
            if any(q.is_total for q in prows) or not any(q.code for q in prows):
                break
            out.insert(0, p)
        return out

    def span_total(self, total: _PRow, readings: list[list[Panel]]) -> None:
        """A total over the rows of several panels read as one list (the list of 公用经费
        codes run on into a second panel): the top-level rows of all of them, each in its
        own panel's value column of the same place, when every row there is coded. With
        several readings (which panels it covers), the one the numbers support is taken."""
        cands: list[tuple[list[Panel], list[tuple[_PRow, Panel]]]] = []
        for panels in readings:
            top = self.span_rows(total, panels)
            if top is None:
                self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 "
                            f"of table {self.table.index} may run over several panels whose "
                            "rows could not be told apart; it is not checked")
                return
            if top:
                cands.append((panels, top))
        if not cands:
            return
        made = [self.span_relations(total, panels, top) for panels, top in cands]
        if len(made) > 1:
            supports = [(sum(1 for r in rels if self.rel_holds(r)), len(rels)) for rels in made]
            best = _best(supports)
            if best is None:
                self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                            f"table {self.table.index} matches none of its possible sets of "
                            "rows; it is not checked")
                return
            made = [made[best]]
        for rel in made[0]:
            self.graph.relate(rel)

    def rel_holds(self, rel: Relation) -> bool:
        res = self.graph.facts[rel.result or 0]
        return _holds(res, [self.graph.facts[i] for i in rel.operands])

    def span_rows(self, total: _PRow, panels: list[Panel]) -> list[tuple[_PRow, Panel]] | None:
        """The top-level rows of the panels (shortest codes), each with its panel; None when
        some row with figures has no code or the panels differ in width."""
        width = len(panels[-1].value_cols)
        items: list[tuple[_PRow, Panel]] = []
        for p in panels:
            if len(p.value_cols) != width:
                return None
            for q in self.panel_rows(p, self.view.panels.index(p)):
                if q.row.index < total.row.index and not q.is_total and any(
                        self.fact(q.row.index, c) is not None for c in p.value_cols):
                    items.append((q, p))
        if not items:
            return []
        if not all(q.code for q, _ in items):
            return None
        shortest = min(len(q.code or "") for q, _ in items)
        return [(q, p) for q, p in items if len(q.code or "") == shortest]

    def span_relations(self, total: _PRow, panels: list[Panel],
                       top: list[tuple[_PRow, Panel]]) -> list[Relation]:
        codes = ", ".join(q.code or "" for q, _ in top)
        where = (f"written across {len(panels)} panels, over their top-level codes {codes}"
                 if len(panels) > 1 else f"over the top-level codes {codes} of its panel")
        out: list[Relation] = []
        for k in range(len(panels[-1].value_cols)):
            results = [f for p in panels if (f := self.fact(total.row.index, p.value_cols[k]))]
            if len(results) != 1:
                continue
            res = results[0]
            ops: list[Fact] = []
            for q, p in top:
                if self.cv(q.row.index, p.value_cols[k]).kind == "text":
                    break
                f = self.fact(q.row.index, p.value_cols[k])
                if f is not None:
                    ops.append(f)
            else:
                if ops and _same_kind(res, ops):
                    out.append(Relation(
                        kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=f"{total.total_word} row 「{total.label}」 {where}",
                        params={"name": f"{total.label} / {self.cols[res.col or 0].header}"}))
        return out

    def has_facts(self, q: _PRow, cols: list[int]) -> bool:
        return any(self.fact(q.row.index, c) is not None for c in cols)

    def choose_rows(self, total: _PRow, cands: list[_Cand],
                    cols: list[int]) -> list[_PRow] | None:
        checkable = [c for c in cols if self.fact(total.row.index, c) is not None]
        if total.row.shifted or (self.score_block and self.half_scored(total, cols)):
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} has its numbers out of their columns; "
                        "it is not checked")
            return None
        if not cands:
            if checkable and self.view.rows and total.row is not self.view.rows[0]:
                self.notice(total.row.index, f"the {total.total_word} row "
                            f"「{total.label}」 of table {self.table.index} totals rows that "
                            "could not be told; it is not checked")
            return None
        readable = [c for c in cands if not any(
            q.row.shifted or (self.score_block and self.half_scored(q, cols)) for q in c.rows)]
        if not readable:
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} sums rows whose numbers could not all be "
                        "read in their columns; it is not checked")
            return None
        if len(cands) == 1:
            best: int | None = 0
            holds, checked = self.rows_support(total, cands[0], checkable)
            if checked >= 2 and holds == 0:
                self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                            f"table {self.table.index} differs from the sum of its rows in "
                            "every column; rows may be missing from the table as read, so it "
                            "is not checked")
                return None
        else:  # several readings (or some unreadable): the numbers must pick one
            supports = [self.rows_support(total, c, checkable) for c in readable]
            best = _best(supports)
        cands = readable
        if best is None:
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} matches none of its possible sets of rows; "
                        "it is not checked")
            return None
        cand = cands[best]
        self.sum_rows(total, cand.rows, checkable, origin=_rows_origin(total, cand.rows)
                      + cand.note, extra=cand.extra)
        return cand.rows

    def with_funds(self, cands: list[_Cand]) -> list[_Cand]:
        """In a 自评表, the 总分 may or may not include the funds block's 分值 and 得分
        (资金执行率): both readings are candidates."""
        if self.view.kind != "selfeval_indicators" or not cands:
            return cands
        extra = self.funds_scores()
        if not extra:
            return cands
        return [*cands, *(_Cand(c.rows, extra, " and the 分值/得分 of the funds block above")
                          for c in cands)]

    def funds_scores(self) -> dict[int, Fact]:
        whole = self.ctx.table_views.get(self.table.index)
        blocks = [b for b in (whole.blocks if whole else []) if b.start < self.view.start]
        if not blocks:
            prev = self.ctx.table_views.get(self.table.index - 1)
            blocks = prev.blocks[-1:] if prev else []
        funds = [b for b in blocks if b.kind == "selfeval_funds"]
        if not funds:
            return {}
        block = funds[-1]
        mine = {r: c.index for c in self.view.columns for r in ("weight", "score") if c.role == r}
        theirs = {r: c.index for c in block.columns for r in ("weight", "score") if c.role == r}
        if set(mine) != {"weight", "score"} or set(theirs) != {"weight", "score"}:
            return {}
        for row in block.rows:
            w, s = block.fact(row.index, theirs["weight"]), block.fact(row.index, theirs["score"])
            if w is not None and s is not None:
                wf, sf = self.graph.facts[w], self.graph.facts[s]
                if wf.kind == "weight" and sf.kind == "score":
                    return {mine["weight"]: wf, mine["score"]: sf}
        return {}

    def half_scored(self, q: _PRow, cols: list[int]) -> bool:
        """A scoring row with a weight but no score (or a score but no weight): misread."""
        roles = {self.cols[c].role: c for c in cols}
        if "weight" not in roles or "score" not in roles:
            return False
        w = self.fact(q.row.index, roles["weight"])
        s = self.fact(q.row.index, roles["score"])
        bad_w = self.cv(q.row.index, roles["weight"]).is_number and (w is None or
                                                                      w.kind != "weight")
        bad_s = self.cv(q.row.index, roles["score"]).is_number and (s is None or
                                                                     s.kind != "score")
        return (w is None) != (s is None) or bad_w or bad_s

    def rows_support(self, total: _PRow, cand: _Cand, cols: list[int]) -> tuple[int, int]:
        holds = checked = 0
        for c in cols:
            res = self.fact(total.row.index, c)
            ops = self.col_operands(cand.rows, c, cand.extra)
            if res is None or not ops:
                continue
            checked += 1
            holds += _holds(res, ops)
        return holds, checked

    def col_operands(self, parts: list[_PRow], col: int,
                     extra: dict[int, Fact] | None = None) -> list[Fact] | None:
        out: list[Fact] = []
        for q in parts:
            v = self.cv(q.row.index, col)
            if v.kind == "text":
                return None
            f = self.fact(q.row.index, col)
            if f is not None:
                if f.comparator:
                    return None
                out.append(f)
        if extra and col in extra:
            out.append(extra[col])
        return out

    def sum_rows(self, total: _PRow, parts: list[_PRow], cols: list[int], origin: str,
                 subset: bool = False, extra: dict[int, Fact] | None = None) -> None:
        for c in cols:
            res = self.fact(total.row.index, c)
            ops = self.col_operands(parts, c, extra)
            if res is None or not ops or not _same_kind(res, ops):
                continue
            if subset and (res.value < 0 or any(f.value < 0 for f in ops)):
                continue
            params = {"name": f"{total.label} / {self.cols[c].header}" if total.label
                      else _name(total.row, self.cols[c])}
            if subset:
                params["bound"] = "at_most"
            self.relate(kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=origin, params=params)

    def code_parents(self, prows: list[_PRow], cols: list[int]) -> None:
        """A row with a classification code is the sum of the rows of its direct sub-codes."""
        coded = [q for q in prows if q.code and not q.is_total]
        for i, parent in enumerate(coded):
            code = parent.code or ""
            below: list[_PRow] = []
            for q in coded[i + 1:]:
                qc = q.code or ""
                if len(qc) <= len(code) or not qc.startswith(code):
                    break
                below.append(q)
            if not below:
                continue
            # the sub-codes one level down: two digits more (类 款 项) or three (unit codes
            # 245 / 245001); every longer code below must fall under one of them, else a
            # level is missing and the sum is in doubt
            step = min(len(q.code or "") for q in below)
            children = [q for q in below if len(q.code or "") == step]
            if step - len(code) not in (2, 3) or not all(
                    any((q.code or "").startswith(ch.code or "") for ch in children)
                    for q in below):
                continue
            if children:
                self.sum_rows(parent, children, cols,
                              origin=f"classification code {parent.code} over its sub-codes "
                              + ", ".join(q.code or "" for q in children))

    def number_parents(self, prows: list[_PRow], cols: list[int]) -> None:
        """A numbered row (`一、`) is the sum of the rows numbered one level below it (`1.`
        `2.`) up to its next sibling, when the numbering leaves no doubt: the children are
        numbered 1, 2, 3... in order, nothing else stands between them (no unnumbered row, no
        total, no 其中 row) and they have figures in the columns checked. When the sum fails in
        every column, the rows mean something else and nothing is checked."""
        for i, parent in enumerate(prows):
            if parent.level is None or parent.is_total or parent.code or parent.row.shifted:
                continue
            block: list[_PRow] = []
            for q in prows[i + 1:]:
                if q.level is not None and q.level <= parent.level:
                    break
                if q.level is None or q.is_total or q.subset or q.code:
                    block = []
                    break
                block.append(q)
            if not block:
                continue
            level = min(q.level or 0 for q in block)
            children = [q for q in block if q.level == level]
            if [_ordinal(q.label) for q in children] != list(range(1, len(children) + 1)) \
                    or block[0] is not children[0] or len(children) < 2:
                continue
            checkable: list[int] = []
            for c in cols:
                res = self.fact(parent.row.index, c)
                ops = self.col_operands(children, c)
                if res is not None and ops and len(ops) == len(children) \
                        and _same_kind(res, ops):
                    checkable.append(c)
            if not checkable:
                continue
            holds, checked = self.rows_support(parent, _Cand(children), checkable)
            if checked >= 2 and holds == 0:
                continue
            self.sum_rows(parent, children, checkable,
                          origin=f"numbered row 「{parent.label}」 over its items "
                          + ", ".join(f"「{q.label}」" for q in children))

    def sum_groups(self, prows: list[_PRow], cols: list[int]) -> set[int]:
        """Rows with neither code nor numbering under a row that totals them: a numbered row
        (`一、一般公共服务支出`), the first row of a table of such rows (a unit's row), or a
        total row below them. Which of them are group heads (a 款 over its 项) is read from
        the sums alone (extract/tables/groups.py). Returns the grid rows of the total rows
        so checked."""
        done: set[int] = set()
        if self.score_block:
            return done  # 分值 and 得分 rows are read by their indicator structure

        def plain(q: _PRow) -> bool:
            return not (q.level is not None or q.is_total or q.code or q.subset or q.row.shifted)

        for i, parent in enumerate(prows):
            if parent.is_total:
                since = i
                while since > 0 and plain(prows[since - 1]):
                    since -= 1
                if since > 0 and not prows[since - 1].is_total:
                    continue  # the rows above start under a numbered or coded row
                block = prows[since:i]
            elif (parent.level is not None and not parent.code) or (i == 0 and plain(parent)):
                block = []
                for q in prows[i + 1:]:
                    if not plain(q):
                        break
                    block.append(q)
                if i == 0 and plain(parent) and len(block) != len(prows) - 1 and not (
                        block and prows[len(block) + 1].is_total):
                    continue  # a first row over only some of the rows: not their total
            else:
                continue
            if parent.row.shifted:
                continue
            checkable = [c for c in cols if self.fact(parent.row.index, c) is not None]
            if len(block) >= 2 and checkable and self.sum_group(parent, block, checkable) \
                    and parent.is_total:
                done.add(parent.row.index)
        return done

    def sum_group(self, parent: _PRow, block: list[_PRow], cols: list[int]) -> bool:
        def verdicts(res_row: _PRow, parts: Sequence[_PRow]) -> list[bool | None]:
            out: list[bool | None] = []
            for c in cols:
                res = self.fact(res_row.row.index, c)
                ops = self.col_operands(list(parts), c)
                out.append(None if res is None or not ops or not _same_kind(res, ops)
                           else _adds_up_closely(res, ops))
            return out

        def nonzero(q: _PRow) -> list[bool]:
            return [(f := self.fact(q.row.index, c)) is not None and f.value != 0 for c in cols]

        groups = read_groups(
            len(block), lambda h, ps: verdicts(block[h], [block[k] for k in ps]),
            lambda h: nonzero(block[h]), lambda hs: verdicts(parent, [block[k] for k in hs]),
            nonzero(parent))
        if groups is None:
            return False
        heads = [block[g.head] for g in groups]
        self.sum_rows(parent, heads, cols, origin=f"row 「{parent.label}」 over "
                      + ", ".join(f"「{q.label}」" for q in heads)
                      + " (rows without codes grouped by their sums)")
        for g in groups:
            if g.parts:
                head, parts = block[g.head], [block[k] for k in g.parts]
                self.sum_rows(head, parts, cols, origin=f"row 「{head.label}」 over the rows "
                              f"after it, 「{parts[0].label}」 to 「{parts[-1].label}」 (rows "
                              "without codes grouped by their sums)")
        return True

    def subset_groups(self, prows: list[_PRow], cols: list[int]) -> tuple[set[int], set[int]]:
        """其中 rows: parts of the row they follow (or of the total that follows them).

        In a 自评表 funds block (or under a 总额 row), `其中：A` + `其他…` is the complete
        breakdown of the total; elsewhere a 其中 row is a part only (it cannot exceed its
        total). Returns the positions of the rows taken into groups (left out of the totals)
        and the grid rows of the totals whose complete breakdown was found this way."""
        grouped: set[int] = set()
        owners: set[int] = set()
        i = 0
        while i < len(prows):
            q = prows[i]
            if not q.subset:
                i += 1
                continue
            before = None
            for k in range(i - 1, -1, -1):
                if not prows[k].subset and k not in grouped:
                    before = prows[k]
                    break
            j = i + 1
            while j < len(prows) and prows[j].subset and not prows[j].is_total:
                j += 1
            end = j
            while end < len(prows) and prows[end].rest and not prows[end].is_total:
                end += 1
            after = prows[end] if end < len(prows) and prows[end].is_total else None
            owner = before or after
            if owner is not None and end > j and (self.view.kind == "selfeval_funds"
                                                  or "总额" in norm(owner.label)):
                j = end
            elif before is None:
                owner = prows[j] if j < len(prows) and prows[j].is_total else None
            group = prows[i:j]
            complete = any(g.rest for g in group)
            if owner is not None:
                if complete:
                    self.sum_rows(owner, group, cols, origin=f"其中 rows under "
                                  f"「{owner.label}」 (complete: the last is 「{group[-1].label}」)")
                    owners.add(owner.row.index)
                else:
                    self.sum_rows(owner, group, cols, origin=f"其中 rows under 「{owner.label}」 "
                                  "(a part cannot exceed its total)", subset=True)
            grouped.update(range(i, j))
            i = j
        return grouped, owners

    # -- year-over-year columns ------------------------------------------------------------

    def growth(self, panel: Panel) -> None:
        """Columns of years (`2022年` `2023年`, `上年预算数` `本年预算数`) and, beside them, a
        growth column (`2023年同比增长`, `增减率`), a change column (`增减额`) or a compound
        growth column (`三年复合增长率`): each row's figure against its own year figures."""
        years = _year_columns(self.view, panel)
        if not years:
            return
        for c in panel.value_cols:
            col = self.cols[c]
            if c in {y for group in years.values() for y in group.values()}:
                continue
            head = norm(col.path[-1]) if col.path else ""
            head = _UNIT_SUFFIX.sub("", head)
            kind = _growth_kind(head)
            if kind is None:
                continue
            group = _year_group(years, head)
            if group is None:
                continue
            stated_year = _leading_year(head, group)
            last = stated_year if stated_year is not None else max(group)
            if kind == "cagr":
                n = _years_in(head) or (last - min(group))
                first = last - n
                if n < 1 or last not in group or first not in group:
                    continue
                self.year_rows(c, group[last], group[first], kind, n)
            else:
                if last not in group or last - 1 not in group:
                    continue
                self.year_rows(c, group[last], group[last - 1], kind, 1)

    def year_rows(self, rc: int, cur: int, prev: int, kind: str, years: int) -> None:
        """Relations of one growth (or change) column over its rows, unless the column
        disagrees with its year columns on every row checked (then it means something else,
        a notice says so)."""
        rcol, ccol, pcol = self.cols[rc], self.cols[cur], self.cols[prev]
        triples: list[tuple[Row, Fact, Fact, Fact]] = []
        for row in self.view.rows:
            rf, cf, pf = self.fact(row.index, rc), self.fact(row.index, cur), \
                self.fact(row.index, prev)
            if rf is None or cf is None or pf is None or any(
                    f.comparator for f in (rf, cf, pf)):
                continue
            if cf.kind != pf.kind or cf.kind in ("percent", "target", "rate"):
                continue
            if kind == "change":
                if rf.kind != cf.kind:
                    continue
            elif rf.kind != "percent" or pf.value == 0 or \
                    (kind == "cagr" and (pf.value < 0 or cf.value < 0)):
                continue
            triples.append((row, rf, cf, pf))
        if not triples:
            return
        holds = sum(_growth_holds(kind, rf, cf, pf, years) for _, rf, cf, pf in triples)
        if len(triples) >= 2 and holds == 0:
            self.notice(triples[0][0].index, f"the column 「{rcol.header}」 of table "
                        f"{self.table.index} differs from 「{ccol.header}」 against "
                        f"「{pcol.header}」 on every row; it is not checked")
            return
        c, p = ccol.header, pcol.header
        what = {"growth": f"({c} − {p}) / {p}", "cagr": f"({c} / {p})^(1/{years}) − 1",
                "change": f"{c} − {p}"}[kind]
        origin = f"{rcol.header} = {what}, same row"
        for row, rf, cf, pf in triples:
            name = f"{rcol.header} of {row.label}" if row.label else rcol.header
            if kind == "change":
                self.relate(kind="table_sum", result=rf.id, operands=[cf.id, pf.id],
                            origin=origin, params={"signs": "+-", "name": name})
            else:
                params = {"form": "values" if kind == "growth" else "cagr", "name": name,
                          "current" if kind == "growth" else "last": ccol.header,
                          "previous" if kind == "growth" else "first": pcol.header}
                if kind == "cagr":
                    params["years"] = str(years)
                self.relate(kind="growth", result=rf.id, operands=[cf.id, pf.id],
                            origin=origin, params=params)

    # -- inferred invariants ---------------------------------------------------------------

    def inferred_columns(self) -> None:
        if len(self.view.rows) < MIN_INFERRED_ROWS:
            return
        for panel in self.view.panels:
            cols = [c for c in panel.value_cols if self.summable(c)
                    and self.cols[c].role in ("amount", None)]
            for tc in cols:
                if tc in self.result_cols or self.cols[tc].total:
                    continue
                found = [cand for cand in _neighbour_runs(cols, tc)
                         if self.inferred_support(tc, cand)]
                if len(found) != 1:
                    continue
                parts = found[0]
                holds, checked = self.column_support(tc, parts)
                names = "+".join(str(c + 1) for c in parts)
                origin = (f"inferred: column {tc + 1} = columns {names} on {holds} of "
                          f"{checked} rows")
                self.column_sum(tc, parts, origin, structural=False)

    def inferred_support(self, tc: int, parts: list[int]) -> bool:
        holds = checked = rich = 0
        nonzero_cols: set[int] = set()
        # holds >= 80% of the rows checked allows at most 20% of all rows to fail: past that
        # the candidate is lost, and the remaining rows need not be read
        allowed = (1 - INFERRED_SHARE) * len(self.view.rows)
        for row in self.view.rows:
            if checked - holds > allowed:
                return False
            res = self.fact(row.index, tc)
            ops = self.row_operands(row.index, parts)
            if res is None or not ops or not _same_kind(res, ops):
                continue
            checked += 1
            if _holds(res, ops) and res.value != 0:
                holds += 1
                nz = [f for f in ops if f.value != 0]
                if len(nz) >= 2:
                    rich += 1
                nonzero_cols.update(f.col for f in nz if f.col is not None)
        return (holds >= MIN_INFERRED_ROWS and holds >= INFERRED_SHARE * checked and rich >= 2
                and nonzero_cols >= set(parts))


# ---------------------------------------------------------------------------------------------
# year columns

_YEAR_HEADER = re.compile(r"^(\d{4})年度?(.*)$")
_RELATIVE_YEAR = re.compile(r"^(上年|本年|上年度|本年度|当年)(.*)$")
_UNIT_SUFFIX = re.compile(r"[（(][^）)]*[)）]$")
_GROWTH_WORDS = ("同比增长", "同比增幅", "同比增减", "增长率", "增幅", "增减率", "增减幅度",
                 "增减比例", "增减幅", "变动率", "增减变动率", "比上年增长", "较上年增长")
_CAGR_WORDS = ("复合增长率", "年均增长率", "年均增幅", "年均增长", "平均增长率")
_CHANGE_WORDS = ("增减额", "增减数", "增减金额", "增减变动", "变动额", "增加额", "比上年增减",
                 "增减")
_YEARS_IN = re.compile(r"([一二三四五六七八九十两\d]{1,2})年(?:复合|年均|平均)")


def _year_columns(view: TableView, panel: Panel) -> dict[str, dict[int, int]]:
    """Value columns headed by a year, grouped by what follows the year (`2023年预算数` is
    year 2023 of group 预算数): group -> {year: column}. 上年/本年 are years -1 and 0."""
    groups: dict[str, dict[int, int]] = {}
    dup: set[str] = set()
    for c in panel.value_cols:
        col = next(x for x in view.columns if x.index == c)
        if col.role not in (None, "amount", "count") or not col.path:
            continue
        head = _UNIT_SUFFIX.sub("", norm(col.path[-1]))
        m = _YEAR_HEADER.match(head)
        if m:
            year, rest = int(m.group(1)), m.group(2)
        else:
            m = _RELATIVE_YEAR.match(head)
            if not m:
                continue
            year, rest = (-1 if m.group(1).startswith("上") else 0), m.group(2)
        if _growth_kind(rest) is not None:
            continue
        group = groups.setdefault(rest, {})
        if year in group:
            dup.add(rest)
        group[year] = c
    return {k: v for k, v in groups.items() if k not in dup and len(v) >= 2}


def _growth_kind(head: str) -> str | None:
    if any(w in head for w in _CAGR_WORDS):
        return "cagr"
    if any(w in head for w in _GROWTH_WORDS):
        return "growth"
    if any(head.endswith(w) for w in _CHANGE_WORDS):
        return "change"
    return None


def _year_group(years: dict[str, dict[int, int]], head: str) -> dict[int, int] | None:
    """The year columns a growth header refers to: the only group, or the one whose name
    the header holds (`预算数增减率` over `2023年预算数` `2024年预算数`)."""
    if len(years) == 1:
        return next(iter(years.values()))
    named = [g for name, g in years.items() if name and name in head]
    return named[0] if len(named) == 1 else None


def _leading_year(head: str, group: dict[int, int]) -> int | None:
    m = re.match(r"^(\d{4})年", head)
    if m and int(m.group(1)) in group:
        return int(m.group(1))
    if head.startswith("本年") and 0 in group:
        return 0
    return None


def _years_in(head: str) -> int | None:
    from auditlint.extract.quantity import chinese_to_int

    m = _YEARS_IN.search(head)
    if not m:
        return None
    t = m.group(1)
    return int(t) if t.isascii() else chinese_to_int(t.replace("两", "二"))


def _growth_holds(kind: str, rf: Fact, cf: Fact, pf: Fact, years: int) -> bool:
    """Whether a row's change, growth rate or compound growth rate agrees with its figures,
    in the arithmetic AL202 judges it with."""
    if kind == "change":
        return rf.interval.intersects(to_unit_of(cf, rf) - to_unit_of(pf, rf))
    cur, prev = cf.interval, to_unit_of(pf, cf)
    if kind == "growth":
        q = ratio(cur - prev, prev)
    else:
        base = ratio(cur, prev, percent=False)
        if base is None or base.lo <= 0:
            return False
        q = (base.root(years) - Interval.exact(Decimal(1))).scale(HUNDRED)
    return q is not None and rf.interval.intersects(q)


# ---------------------------------------------------------------------------------------------
# small helpers


def re_digits(code: str | None) -> str | None:
    return "".join(ch for ch in code if "0" <= ch <= "9") if code else None


_ORDINAL = re.compile(r"^[（(]?([一二三四五六七八九十]+|\d{1,2})[)）、.．]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _ordinal(label: str) -> int | None:
    """The number of a numbered label: 一、 -> 1, （二） -> 2, 3. -> 3, ④ -> 4."""
    from auditlint.extract.quantity import chinese_to_int

    t = norm(label)
    if t and t[0] in _CIRCLED:
        return _CIRCLED.index(t[0]) + 1
    m = _ORDINAL.match(t)
    if not m:
        return None
    g = m.group(1)
    return int(g) if g.isascii() else chinese_to_int(g)


def _name(row: Row, col: Column) -> str:
    if row.label and col.header:
        return f"{row.label} / {col.header}"
    return row.label or col.header or "total"


def _pick(cols: dict[int, Column], candidates: list[int], synonyms: list[str]) -> int | None:
    """The first synonym (in pack order) that names one of the candidate columns."""
    for syn in synonyms:
        s = norm_header(syn)
        hits = [c for c in candidates if cols[c].path and norm_header(cols[c].path[-1]) == s]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None  # two columns of that name: cannot tell
    return None


def _holds(result: Fact, ops: list[Fact]) -> bool:
    total = Interval.exact(Decimal(0))
    for f in ops:
        total = total + to_unit_of(f, result)
    return result.interval.intersects(total)


def _adds_up_closely(result: Fact, ops: list[Fact]) -> bool:
    """A sum that tells a table's structure: off by at most one unit of the last digit
    (`尾数误差`), and exact for whole numbers, whose ±0.5 intervals would let 2 = 1 pass."""
    total = sum((to_unit_of(f, result).mid for f in ops), Decimal(0))
    unit = Decimal(1).scaleb(-result.decimals)
    return abs(result.value - total) <= (unit if result.decimals else Decimal(0))


def _same_kind(result: Fact, ops: Iterable[Fact]) -> bool:
    """Parts and total of one dimension (no 万元 amount added to a percentage)."""
    return all(f.kind == result.kind for f in ops)


def _best(supports: list[tuple[int, int]]) -> int | None:
    """The candidate the numbers support on a clear majority of the checked columns/rows,
    when it is the only one supported that well."""
    scored = [(h, c, i) for i, (h, c) in enumerate(supports) if c and h * 2 > c]
    if not scored:
        return None
    top = max(h for h, _, _ in scored)
    winners = [i for h, _, i in scored if h == top]
    return winners[0] if len(winners) == 1 else None


def _nested(rows: list[_PRow]) -> bool:
    """Whether a set of rows holds a row and one of its sub-rows by code (`245` and `245001`,
    `208` and `20805`): adding them counts the sub-row twice."""
    codes = sorted({c for q in rows for c in q.codes})  # (code system, digits)
    return any(a[0] == b[0] and b[1].startswith(a[1]) for a, b in pairwise(codes))


def _dedupe_cands(cands: list[list[_PRow]]) -> list[_Cand]:
    out: list[_Cand] = []
    seen: set[tuple[int, ...]] = set()
    for c in cands:
        key = tuple(q.row.index for q in c)
        if c and key not in seen and not _nested(c):
            seen.add(key)
            out.append(_Cand(c))
    return out


def _top(items: list[_PRow]) -> list[_PRow]:
    """The top level of a list of rows: the shortest classification codes, or the highest
    numbering level (unnumbered rows kept), when the rows have them."""
    coded = [q for q in items if q.code]
    plain = [q for q in items if not q.is_total]
    # all rows coded, or coded rows each followed by rows without a code (its items)
    if coded and (len(coded) == len(plain) or plain[0].code):
        shortest = min(len(q.code or "") for q in coded)
        return [q for q in items if q.is_total or len(q.code or "") == shortest]
    # numbered rows 一、二、... right under an unnumbered row (`年初结转和结余` over
    # `一、一般公共预算财政拨款`) are its breakdown, not rows of the top level
    under: set[int] = set()
    for k, q in enumerate(items[:-1]):
        nxt = items[k + 1]
        if q.level is None and not q.is_total and nxt.level is not None \
                and _ordinal(nxt.label) == 1:
            for r in items[k + 1:]:
                if r.level is None or r.level < nxt.level:
                    break
                under.add(id(r))
    items = [q for q in items if id(q) not in under]
    levels = [q.level for q in items if q.level is not None]
    if levels:
        top = min(levels)
        return [q for q in items if q.level is None or q.level == top]
    return items


def _numbered_top(items: list[_PRow]) -> list[_PRow]:
    """The top level read as the numbered rows alone: unnumbered rows standing after a
    top-level numbered row (up to the next total) may be its breakdown (`一、一般公共服务支出`
    over `统计信息事务` and `行政运行`, written without codes) rather than rows of their own.
    A second reading beside `_top`'s; the numbers choose. Empty when there is no such row."""
    top = _top(items)
    levels = [q.level for q in top if q.level is not None]
    if not levels:
        return []
    first = min(levels)
    out: list[_PRow] = []
    under = dropped = False
    for q in top:
        if q.is_total:
            under = False
        elif q.level == first:
            under = True
        elif q.level is None and under:
            dropped = True
            continue
        out.append(q)
    return out if dropped else []


def _rows_origin(total: _PRow, parts: list[_PRow]) -> str:
    first, last = parts[0].row.index + 1, parts[-1].row.index + 1
    if first == last:
        span = f"row {first}"
    elif len(parts) == last - first + 1:
        span = f"rows {first}–{last}"
    elif len(parts) <= 6:
        span = "rows " + ", ".join(str(q.row.index + 1) for q in parts)
    else:
        span = f"{len(parts)} rows of rows {first}–{last}"
    return f"{total.total_word} row 「{total.label}」 over {span}"


def _run(view: TableView, panel: Panel, tc: int, step: int, ok: object) -> list[int]:
    """Columns next to `tc` (right when step is +1, left when -1) of the same kind, up to the
    next total column."""
    cols = panel.value_cols
    if tc not in cols:
        return []
    i = cols.index(tc) + step
    out: list[int] = []
    by_index = {c.index: c for c in view.columns}
    while 0 <= i < len(cols):
        c = cols[i]
        if by_index[c].total or not ok(c):  # type: ignore[operator]
            break
        if out and cols[i] != out[-1] + step:
            break
        if not out and abs(c - tc) != 1:
            break
        out.append(c)
        i += step
    return sorted(out)


def _neighbour_runs(cols: list[int], tc: int) -> list[list[int]]:
    """Runs of two or more adjacent columns right or left of `tc`."""
    out: list[list[int]] = []
    right = [c for c in cols if c > tc]
    left = [c for c in cols if c < tc][::-1]
    for side, step in ((right, 1), (left, -1)):
        run: list[int] = []
        prev = tc
        for c in side:
            if c != prev + step:
                break
            run.append(c)
            prev = c
            if len(run) >= 2:
                out.append(sorted(run))
    return out
