"""Totals whose label runs across panels (`公用经费合计` over the two panels of 公用经费)."""

from __future__ import annotations

from decimal import Decimal

from auditlint.extract.tables.base import PRow, RelationsBase, adds_up, best_support, same_kind
from auditlint.extract.tableview.model import Panel
from auditlint.extract.tableview.text import norm
from auditlint.facts import Fact, Relation
from auditlint.params import SumParams


class SpansMixin(RelationsBase):
    """A total row read over every panel its merged label cell covers."""

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

    def span_total(self, total: PRow, readings: list[list[Panel]]) -> None:
        """A total over the rows of several panels read as one list (the list of 公用经费
        codes run on into a second panel): the top-level rows of all of them, each in its
        own panel's value column of the same place, when every row there is coded. With
        several readings (which panels it covers), the one the numbers support is taken."""
        cands: list[tuple[list[Panel], list[tuple[PRow, Panel]]]] = []
        for panels in readings:
            top = self.span_rows(total, panels)
            if top is None and len(readings) == 1 and self.panelwise_total(total, panels):
                return
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
            best = best_support(supports)
            if best is None:
                self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                            f"table {self.table.index} matches none of its possible sets of "
                            "rows; it is not checked")
                return
            made = [made[best]]
        for rel in made[0]:
            self.graph.relate(rel)

    def panelwise_total(self, total: PRow, panels: list[Panel]) -> bool:
        """A total whose label runs over panels that each break the whole down in their own
        way (收支总表: 支出 by function beside 支出 by use, one 当年支出小计 under both), their
        rows numbered, not coded: each panel's top rows since its last total (or that total
        and the rows after it) against it. Kept when some panel adds up to it, or every panel
        misses it by the same amount (then the total is what is wrong); True when kept."""
        if len(panels) < 2 or any(len(p.value_cols) != 1 for p in panels):
            return False
        results = [f for p in panels if (f := self.fact(total.row.index, p.value_cols[0]))]
        if len(results) != 1:
            return False
        res = results[0]
        rels: list[Relation] = []
        for p in panels:
            ops = self.panel_parts(total, p, panels)
            if ops is None:
                return False
            if not ops or not same_kind(res, ops):
                continue
            rels.append(Relation(
                kind="table_sum", result=res.id, operands=[f.id for f in ops],
                origin=f"{total.total_word} row 「{total.label}」 written across "
                       f"{len(panels)} panels, over the rows of one of them",
                params=SumParams(name=f"{total.label} / {self.cols[res.col or 0].header}"
                                 ).as_params()))
        unique = list({tuple(sorted(r.operands)): r for r in rels}.values())
        if not unique:
            return False
        diffs = {res.value - sum((self.graph.facts[i].value for i in r.operands), start=Decimal(0))
                 for r in unique}
        if not any(self.rel_holds(r) for r in unique) and len(diffs) > 1:
            return False
        for rel in unique:
            self.graph.relate(rel)
        return True

    def panel_parts(self, total: PRow, panel: Panel, panels: list[Panel]) -> list[Fact] | None:
        """The figures a panel's rows give a total written across `panels`: the panel's last
        total above it with the figures after it, else its top numbered rows; None when a
        row with figures is neither numbered nor a total, or a cell is no figure."""
        col = panel.value_cols[0]
        rows = [q for q in self.panel_rows(panel, self.view.panels.index(panel))
                if q.row.index < total.row.index]
        start = max((k for k, q in enumerate(rows) if q.is_total), default=-1)
        ops: list[Fact] = []
        if start >= 0:
            prev = rows[start]
            found = [f for p in panels if (f := self.fact(prev.row.index, p.value_cols[0]))]
            if len(found) != 1:
                return None
            ops.append(found[0])
        items = rows[start + 1:]
        levels = [q.level for q in items if q.level is not None]
        top = min(levels, default=None)
        for q in items:
            if self.cv(q.row.index, col).kind == "text":
                return None
            f = self.fact(q.row.index, col)
            if f is None:
                continue
            if start < 0 and q.level is None:
                return None
            if start >= 0 or q.level == top:
                ops.append(f)
        return ops

    def rel_holds(self, rel: Relation) -> bool:
        res = self.graph.facts[rel.result or 0]
        return adds_up(res, [self.graph.facts[i] for i in rel.operands])

    def span_rows(self, total: PRow, panels: list[Panel]) -> list[tuple[PRow, Panel]] | None:
        """The top-level rows of the panels (shortest codes), each with its panel; None when
        some row with figures has no code or the panels differ in width."""
        width = len(panels[-1].value_cols)
        items: list[tuple[PRow, Panel]] = []
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

    def span_relations(self, total: PRow, panels: list[Panel],
                       top: list[tuple[PRow, Panel]]) -> list[Relation]:
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
                if ops and same_kind(res, ops):
                    out.append(Relation(
                        kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=f"{total.total_word} row 「{total.label}」 {where}",
                        params=SumParams(
                            name=f"{total.label} / {self.cols[res.col or 0].header}").as_params()))
        return out

    def has_facts(self, q: PRow, cols: list[int]) -> bool:
        return any(self.fact(q.row.index, c) is not None for c in cols)
