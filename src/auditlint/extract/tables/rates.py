"""Score caps, per-row rates (执行率, 得分率) and stated column formulas (`7=1+2+3`)."""

from __future__ import annotations

from auditlint.extract.tables.base import RelationsBase, column_name, pick_column
from auditlint.extract.tableview.text import norm_header
from auditlint.facts import Relation, ratio, to_unit_of
from auditlint.params import RateParams, ScoreCapParams, SumParams


class RatesMixin(RelationsBase):
    """Relations a row states between its own cells."""

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
                                params=ScoreCapParams(name=row.label or self.cols[s].header,
                                                      weight=self.cols[w].header,
                                                      score=self.cols[s].header).as_params())

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
                    num = pick_column(self.cols, same, rdef.numerator)
                    den = pick_column(self.cols, same, rdef.denominator)
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
                params=RateParams(
                    form="diff" if diff else "ratio", percent=True,
                    name=f"{rcol.header} of {row.label}" if row.label else rcol.header,
                    numerator=ncol.header, denominator=dcol.header).as_params()))
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
        num = nf.interval - den if RateParams.of(rel).form == "diff" else nf.interval
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
                                params=SumParams(signs=signs,
                                                 name=column_name(row, self.cols[target])).as_params())
            self.result_cols.add(target)
