"""Total columns: a column that adds up others, stated by its header or inferred from the rows."""

from __future__ import annotations

from decimal import Decimal

from auditlint.extract.tables.base import (
    INFERRED_SHARE,
    MIN_INFERRED_ROWS,
    RelationsBase,
    adds_up,
    best_support,
    column_name,
    column_run,
    neighbour_sides,
    same_kind,
)
from auditlint.extract.tableview.model import Panel
from auditlint.extract.tableview.text import norm
from auditlint.facts import Fact, Interval, to_unit_of
from auditlint.params import SumParams


class ColumnsMixin(RelationsBase):
    """Total columns and the columns whose sum they are."""

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
        run = column_run(self.view, panel, tc, step, self.summable)
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
        best = best_support(supports)
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
            holds += adds_up(res, ops)
        return holds, checked

    def row_operands(self, row: int, cols: list[int]) -> list[Fact] | None:
        """Facts of `cols` in `row`; None when one of the cells is text (row not understood).
        A figure spread over several of `cols` (one holds it, the others are empty) counts
        once."""
        out: list[Fact] = []
        for c in cols:
            spread = self.view.spread.get((row, c))
            if spread is not None and set(spread[1]) <= set(cols):
                if c == spread[1][0]:
                    out.append(self.graph.facts[spread[0]])
                continue
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
            if res is None or not ops or not same_kind(res, ops):
                continue
            if subset and (res.value < 0 or any(f.value < 0 for f in ops)):
                continue
            params = SumParams(name=column_name(row, self.cols[tc]),
                               bound="at_most" if subset else None)
            self.relate(kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=f"{origin}: {names}" if not subset else origin,
                        trust="explicit" if structural else "inferred",
                        params=params.as_params())
        self.result_cols.add(tc)

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
                found = self.supported_runs(tc, cols)
                if len(found) != 1:
                    continue
                parts = found[0]
                holds, checked = self.column_support(tc, parts)
                names = "+".join(str(c + 1) for c in parts)
                origin = (f"inferred: column {tc + 1} = columns {names} on {holds} of "
                          f"{checked} rows")
                self.column_sum(tc, parts, origin, structural=False)

    def supported_runs(self, tc: int, cols: list[int]) -> list[list[int]]:
        """The runs of two or more columns next to `tc` (right, then left) that add up to it
        on enough rows (`inferred_support`). Each row's sum grows by one column as the run
        does, instead of being summed again for every length; and once more rows than the
        80% rule lets fail are past saving (`_RunSum.dead`), no longer run can hold."""
        out: list[list[int]] = []
        allowed = (1 - INFERRED_SHARE) * len(self.view.rows)
        for side, step in zip(neighbour_sides(cols, tc), (1, -1), strict=True):
            sums: dict[int, _RunSum] = {}
            for k in range(2, len(side) + 1):
                if self.inferred_support(tc, side, k, sums, step, cols):
                    out.append(sorted(side[:k]))
                if sum(s.dead for s in sums.values()) > allowed:
                    break
        return out

    def inferred_support(self, tc: int, side: list[int], k: int, sums: dict[int, _RunSum],
                         step: int, cols: list[int]) -> bool:
        """Whether the first `k` columns of `side` add up to `tc` on at least 80% of the rows
        checked (a row is checked when both sides hold figures of one kind and no text), with
        two figures or more on two rows and every column of the run non-zero on some row.
        `sums` keeps each row's sum over the side's columns taken so far."""
        holds = checked = rich = 0
        nonzero_cols: set[int] = set()
        # holds >= 80% of the rows checked allows at most 20% of all rows to fail: past that
        # the candidate is lost, and the remaining rows need not be read
        allowed = (1 - INFERRED_SHARE) * len(self.view.rows)
        for row in self.view.rows:
            if checked - holds > allowed:
                return False
            res = self.fact(row.index, tc)
            if res is None:
                continue
            s = sums.get(row.index)
            if s is None:
                s = sums[row.index] = _RunSum(res)
            while s.taken < k:
                c = side[s.taken]
                s.take(self.cv(row.index, c).kind == "text", self.fact(row.index, c))
                if s.taken < len(side) and s.lost():
                    s.dead = self._plain_ahead(row.index, cols, step, side[s.taken], res.kind)
            if s.broken or not s.count or not s.same_kind:
                continue
            checked += 1
            if res.interval.intersects(s.total) and res.value != 0:
                holds += 1
                if len(s.nonzero) >= 2:
                    rich += 1
                nonzero_cols.update(c for c in s.nonzero if c is not None)
        return (holds >= MIN_INFERRED_ROWS and holds >= INFERRED_SHARE * checked and rich >= 2
                and nonzero_cols >= set(side[:k]))

    def _plain_ahead(self, row: int, cols: list[int], step: int, col: int, kind: str) -> bool:
        """Whether the cells of `row` from `col` on in direction `step`, up to the next gap in
        `cols`, are all plain: no text, and figures of `kind` only, without comparator and not
        below zero (added to a sum, they cannot bring it down). Read once per row and
        direction for all the columns of the panel."""
        key = (row, step, cols[0], cols[-1])
        ahead = self._ahead.get(key)
        if ahead is None:
            ahead = self._ahead[key] = {}
            present = set(cols)
            plain, kinds = True, frozenset[str]()
            for c in (reversed(cols) if step == 1 else cols):
                if c + step not in present:  # the far end of a run of adjacent columns
                    plain, kinds = True, frozenset()
                f = self.fact(row, c)
                if self.cv(row, c).kind == "text" or (f is not None and (
                        f.comparator or f.interval.lo < 0)):
                    plain = False
                if f is not None and f.kind not in kinds:
                    kinds = kinds | {f.kind}
                ahead[c] = (plain, kinds)
        plain, kinds = ahead[col]
        return plain and kinds <= {kind}


class _RunSum:
    """One row's figures in a run of columns beside a total, taken in a column at a time:
    whether the run is readable there (no text, no comparator), how many figures it holds,
    whether they are of the total's kind, their sum in the total's unit and the columns of
    the non-zero ones (as `row_operands`, `same_kind` and `adds_up` would find them).
    `dead`: the row fails every longer run (`lost` now, and only plain cells ahead)."""

    def __init__(self, result: Fact) -> None:
        self.result = result
        self.taken = 0
        self.broken = False
        self.count = 0
        self.same_kind = True
        self.total = Interval.exact(Decimal(0))
        self.nonzero: list[int | None] = []
        self.dead = False

    def lost(self) -> bool:
        """Checked, and its sum already above the total (it does not add up)."""
        return not self.broken and self.count > 0 and self.same_kind \
            and self.total.lo > self.result.interval.hi

    def take(self, text: bool, f: Fact | None) -> None:
        self.taken += 1
        if self.broken:
            return
        if text or (f is not None and f.comparator):
            self.broken = True
            return
        if f is None:
            return
        self.count += 1
        self.same_kind = self.same_kind and f.kind == self.result.kind
        self.total = self.total + to_unit_of(f, self.result)
        if f.value != 0:
            self.nonzero.append(f.col)
