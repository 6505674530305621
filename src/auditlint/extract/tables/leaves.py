"""Groups over items told by a word of the items' own (a 政府采购 table's 采购组织形式)."""

from __future__ import annotations

from auditlint.extract.tables.base import PRow, RelationsBase, adds_up, same_kind
from auditlint.extract.tableview.text import norm


class LeavesMixin(RelationsBase):
    """Group rows as the sums of the item rows after them, items named by their words."""

    def leaf_groups(self, prows: list[PRow], cols: list[int]) -> set[int]:
        """A table of groups over their items, the items told by a word of their own (a
        政府采购 table: an item names its 采购组织形式, `分散自行组织`; a 专项 or 经济科目 row
        over it names none): each group row is the sum of the item rows right after it, each
        numbered row (`一、货物`) the sum of the groups under it, and the total row the sum of
        the numbered rows. Words and captions: `leaf_row_*` of rules/disclosure.toml. Read so
        only when most of the sums hold (a figure changed breaks two of them). Returns the
        grid rows of the total rows so checked."""
        caption = norm(self.table.caption or "")
        words = self.ctx.packs.words("leaf_row_words")
        if not words or not any(w in caption for w in self.ctx.packs.words("leaf_row_captions")):
            return set()
        rows = [q for q in prows if self.has_facts(q, cols) and not q.row.shifted]

        def leaf(q: PRow) -> bool:
            return not q.is_total and any(w in norm(q.label) for w in words)

        sums: list[tuple[PRow, list[PRow], str]] = []
        heads: list[PRow] = []
        k = 0
        while k < len(rows):
            q = rows[k]
            end = k + 1
            while end < len(rows) and leaf(rows[end]):
                end += 1
            if leaf(q) or q.is_total or end == k + 1:
                k += 1
                continue
            sums.append((q, rows[k + 1:end], "the item rows after it"))
            heads.append(q)
            k = end
        tops = [q for q in rows if not leaf(q) and not q.is_total and q not in heads]
        for t in tops:
            k = rows.index(t)
            under: list[PRow] = []
            for q in rows[k + 1:]:
                if q in tops or q.is_total:
                    break
                if q in heads:
                    under.append(q)
                elif not leaf(q):
                    under = []
                    break
            if under:
                sums.append((t, under, "the groups under it"))
        total = next((q for q in rows if q.is_total), None)
        parts = tops if tops and all(any(t is s[0] for s in sums) for t in tops) else \
            heads if not tops else []
        if total is not None and parts and len(parts) + len(heads) + 1 >= 3:
            sums.append((total, parts, "the rows under it"))
        verdicts = [adds_up(res, ops) for head, items, _ in sums for c in cols
                    if (res := self.fact(head.row.index, c)) is not None
                    and (ops := self.col_operands(items, c)) and same_kind(res, ops)]
        if len(verdicts) < 3 or verdicts.count(False) > max(2, len(verdicts) // 4):
            return set()
        for head, items, what in sums:
            self.sum_rows(head, items, cols, origin=f"row 「{head.label}」 over {what}, "
                          f"「{items[0].label}」 to 「{items[-1].label}」")
        return {total.row.index} if total is not None and parts else set()
