"""Hierarchies: a row as the sum of its sub-codes, its numbered children, or its 其中 group."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from auditlint.extract.tables.base import (
    Cand,
    PRow,
    RelationsBase,
    adds_up,
    mids_add_up_closely,
    same_kind,
)
from auditlint.extract.tables.groups import read_groups
from auditlint.extract.tableview.text import norm
from auditlint.facts import Fact, to_unit_of

_NO_SUM = object()  # a cell no sum can count (text, a target): see _operand


class HierarchyMixin(RelationsBase):
    """Parents and children of the rows of a panel, by code, numbering and grouping."""

    def code_parents(self, prows: list[PRow], cols: list[int]) -> None:
        """A row with a classification code is the sum of the rows of its direct sub-codes."""
        coded = [q for q in prows if q.code and not q.is_total]
        for i, parent in enumerate(coded):
            code = parent.code or ""
            below: list[PRow] = []
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

    def number_parents(self, prows: list[PRow], cols: list[int]) -> None:
        """A numbered row (`一、`) is the sum of the rows numbered one level below it (`1.`
        `2.`) up to its next sibling, when the numbering leaves no doubt: the children are
        numbered 1, 2, 3... in order (a total row may follow the last), nothing else stands
        between them (no unnumbered row, no total, no 其中 row) and they have figures in the
        columns checked. When the sum fails in every column, the rows mean something else and
        nothing is checked."""
        for i, parent in enumerate(prows):
            if parent.level is None or parent.is_total or parent.code or parent.row.shifted:
                continue
            block: list[PRow] = []
            for q in prows[i + 1:]:
                if (q.level is not None and q.level <= parent.level) or (q.is_total and block):
                    break  # a sibling, or the panel's total row after the last item
                if not q.label and not q.is_total and not self.has_facts(q, cols):
                    continue  # the panel's cell of a row of other panels: nothing stands here
                if q.level is None or q.is_total or q.subset or q.code:
                    block = []
                    break
                block.append(q)
            if not block:
                continue
            level = min(q.level or 0 for q in block)
            children = [q for q in block if q.level == level]
            if [q.number for q in children] != list(range(1, len(children) + 1)) \
                    or block[0] is not children[0] or len(children) < 2:
                continue
            checkable: list[int] = []
            for c in cols:
                res = self.fact(parent.row.index, c)
                ops = self.col_operands(children, c)
                if res is not None and ops and len(ops) == len(children) \
                        and same_kind(res, ops):
                    checkable.append(c)
            if not checkable:
                continue
            holds, checked = self.rows_support(parent, Cand(children), checkable)
            if checked >= 2 and holds == 0:
                continue
            self.sum_rows(parent, children, checkable,
                          origin=f"numbered row 「{parent.label}」 over its items "
                          + ", ".join(f"「{q.label}」" for q in children))

    def sum_groups(self, prows: list[PRow], cols: list[int]) -> set[int]:
        """Rows with neither code nor numbering under a row that totals them: a numbered row
        (`一、一般公共服务支出`), the first row of a table of such rows (a unit's row), or a
        total row below them. Which of them are group heads (a 款 over its 项) is read from
        the sums alone (extract/tables/groups.py). Returns the grid rows of the total rows
        so checked."""
        done: set[int] = set()
        if self.score_block:
            return done  # 分值 and 得分 rows are read by their indicator structure

        def plain(q: PRow) -> bool:
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

    def code_items(self, prows: list[PRow], cols: list[int]) -> None:
        """Rows with neither code nor numbering after a coded row the table lists no sub-code
        of: its items (a unit's projects under `245001 某某单位`). Read so only when the
        sums bear it out on every such block but one, and on two at least."""
        def plain(q: PRow) -> bool:
            return not (q.level is not None or q.is_total or q.code or q.subset or q.row.shifted)

        blocks: list[tuple[PRow, list[PRow]]] = []
        for i, parent in enumerate(prows):
            if not parent.code or parent.row.shifted or any(
                    q.code and q.code != parent.code and q.code.startswith(parent.code)
                    for q in prows):
                continue
            block: list[PRow] = []
            for q in prows[i + 1:]:
                if not plain(q):
                    break
                block.append(q)
            if len(block) >= 2:
                blocks.append((parent, block))
        verdicts: list[bool | None] = []
        for parent, block in blocks:
            checks = [adds_up(res, ops) for c in cols
                      if (res := self.fact(parent.row.index, c)) is not None
                      and (ops := self.col_operands(block, c)) and same_kind(res, ops)]
            verdicts.append(all(checks) if checks else None)
        # blocks whose items have items (a project over its parts): read by their sums
        grouped = [v is False and self.nested(b, cols) and self.sum_group(p, b, cols)
                   for (p, b), v in zip(blocks, verdicts, strict=True)]
        if verdicts.count(True) + sum(grouped) < 2:
            return
        failing: list[tuple[PRow, list[PRow]]] = []
        for (parent, block), verdict, read in zip(blocks, verdicts, grouped, strict=True):
            origin = (f"row 「{parent.label}」 (code {parent.code}, no sub-code listed) over the "
                      f"rows without code after it, 「{block[0].label}」 to 「{block[-1].label}」")
            if verdict:
                self.sum_rows(parent, block, cols, origin=origin)
            elif verdict is False and not read and not self.nested(block, cols):
                failing.append((parent, block))
        if len(failing) == 1:  # one wrong figure among items every other block bears out
            parent, block = failing[0]
            self.sum_rows(parent, block, cols, origin=f"row 「{parent.label}」 (code "
                          f"{parent.code}, no sub-code listed) over the rows without code "
                          f"after it, 「{block[0].label}」 to 「{block[-1].label}」, as every "
                          "other such block")

    def nested(self, block: list[PRow], cols: list[int]) -> bool:
        """Items that may hold items of their own: a row the rows right after it add up to."""
        for k, head in enumerate(block):
            for c in cols:
                res = self.fact(head.row.index, c)
                for end in range(k + 2, len(block) + 1):
                    ops = self.col_operands(block[k + 1:end], c)
                    if res is not None and res.value != 0 and ops and adds_up(res, ops):
                        return True
        return False

    def sum_group(self, parent: PRow, block: list[PRow], cols: list[int]) -> bool:
        # each row's operand in each column, read once: the search asks for the sum of every
        # run of rows after every head (`col_operands` of each run, as that reads them)
        operand = {c: [_operand(self, q, c) for q in block] for c in cols}

        def operands(ks: Sequence[int], c: int) -> list[Fact] | None:
            out: list[Fact] = []
            of_col = operand[c]
            for k in ks:
                f = of_col[k]
                if f is _NO_SUM:
                    return None
                if f is not None:
                    out.append(f)  # type: ignore[arg-type]
            return out

        mids: dict[tuple[int, Decimal], Decimal] = {}  # a part's midpoint in a unit, once

        def mid(f: Fact, res: Fact) -> Decimal:
            found = mids.get((f.id, res.multiplier))
            if found is None:
                found = mids[(f.id, res.multiplier)] = to_unit_of(f, res).mid
            return found

        def verdicts(res_row: PRow, ks: Sequence[int]) -> list[bool | None]:
            out: list[bool | None] = []
            for c in cols:
                res = self.fact(res_row.row.index, c)
                ops = operands(ks, c)
                out.append(None if res is None or not ops or not same_kind(res, ops)
                           else mids_add_up_closely(res, (mid(f, res) for f in ops)))
            return out

        def nonzero(q: PRow) -> list[bool]:
            return [(f := self.fact(q.row.index, c)) is not None and f.value != 0 for c in cols]

        groups = read_groups(
            len(block), lambda h, ps: verdicts(block[h], ps),
            lambda h: nonzero(block[h]), lambda hs: verdicts(parent, hs),
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

    def subset_groups(self, prows: list[PRow], cols: list[int]) -> tuple[set[int], set[int]]:
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
            funds = self.view.kind == "selfeval_funds"
            whole_block = False
            if funds and before is not None and before.is_total and end == j:
                # a 自评表's funds block (年度资金总额 over `其中：当年财政拨款`, 上年结转资金,
                # 其他资金): every row after the 其中 row to the block's end is a part of
                # the total, whatever extraction left of their labels
                last = end
                while last < len(prows) and not prows[last].is_total:
                    last += 1
                whole_block = last == len(prows) and last > j
                end = last if whole_block else end
            if owner is not None and end > j and (funds or "总额" in norm(owner.label)):
                j = end
            elif before is None:
                owner = prows[j] if j < len(prows) and prows[j].is_total else None
            group = prows[i:j]
            complete = whole_block or any(g.rest for g in group)
            if owner is not None:
                if complete:
                    figured = [g for g in group if self._figures(g, cols)]
                    # a part with figures in other columns and a blank here was not filled
                    # in here: that column's parts may fall short of their total
                    blank = {c for c in cols if any(self.fact(g.row.index, c) is None
                                                    for g in figured)} if whole_block else set()
                    last = (figured or group)[-1].label
                    self.sum_rows(owner, group, [c for c in cols if c not in blank],
                                  origin=f"其中 rows under 「{owner.label}」 (complete: the last "
                                  f"is 「{last}」)")
                    self.sum_rows(owner, group, [c for c in cols if c in blank],
                                  origin=f"其中 rows under 「{owner.label}」 (a part blank in this "
                                  "column: the parts cannot exceed their total)", subset=True)
                    owners.add(owner.row.index)
                else:
                    self.sum_rows(owner, group, cols, origin=f"其中 rows under 「{owner.label}」 "
                                  "(a part cannot exceed its total)", subset=True)
            grouped.update(range(i, j))
            i = j
        return grouped, owners

    def _figures(self, q: PRow, cols: list[int]) -> bool:
        """Whether a row has a figure in any of the columns."""
        return any(self.fact(q.row.index, c) is not None for c in cols)


def _operand(rel: RelationsBase, q: PRow, col: int) -> Fact | object | None:
    """What row q gives a sum of column `col`, as `col_operands` reads it: its fact, None for
    an empty cell, _NO_SUM for a cell of text or a target (no sum over it holds)."""
    if rel.cv(q.row.index, col).kind == "text":
        return _NO_SUM
    f = rel.fact(q.row.index, col)
    return _NO_SUM if f is not None and f.comparator else f
