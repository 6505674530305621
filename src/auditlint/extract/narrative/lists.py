"""Lists of parts: numbered paragraphs that add up to the total announced before them."""

from __future__ import annotations

from auditlint.document import Paragraph
from auditlint.extract.narrative.base import (
    Item,
    ItemList,
    Para,
    PhraseBase,
    clause_dimension,
    figures_before,
    figures_follow,
    item_marker,
    opener_of,
    opens_bracket,
    plain_amount,
)
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import ends_with_any


class ListsMixin(PhraseBase):
    """Lists of a paragraph, and runs of numbered paragraphs, as parts of a total."""

    # ------------------------------------------------------------------ lists
    def find_lists(self, para: Para) -> None:
        cl = para.clauses
        for i, c in enumerate(cl):
            if opens_bracket(c):
                self._bracket_list(para, i)
            opener = opener_of(c)
            if opener is None or id(c) in self.item_clauses:
                continue
            lst = self._collect(para, i, opener)
            if lst is None or not lst.items:
                continue
            lst.total = self._list_total(para, i, lst)
            if lst.total is not None and not self._roles_agree(lst):
                lst.clean = False
            self.collect(lst)
            if lst.total is None:
                continue
            self.lists.append(lst)
            for it in lst.items:
                if it.clause.fact is not None:
                    self.in_list.add(it.clause.fact)

    def numbered_lists(self) -> None:
        """`…合计 x 万元，其中：` followed by paragraphs `1.…`, `2.…`: each numbered paragraph
        is one part. When the lead states several figures (年初预算 x，支出决算 y), each is
        the sum of the figures of the same role in the parts."""
        roles = self.role_words
        for p in self.paras:
            if not p.items_follow:
                continue
            item_paras = self._numbered_run(p)
            if len(item_paras) < 2 or not all(item_paras):
                continue
            opener_clause = p.clauses[-1]
            opener = opener_of(opener_clause) or "其中"
            lead = opener_clause.sentence
            totals = [c for c in p.clauses if c.sentence == lead and plain_amount(c)]
            if not totals and all(c.sentence != lead or c is opener_clause
                                  for c in p.clauses):
                totals = figures_before(p.clauses, lead)
            total_roles = [ends_with_any(t.label, roles) for t in totals]
            if not totals or len(set(total_roles)) != len(totals):
                continue  # two figures of one role (or none named): not clear which is which
            for total, role in zip(totals, total_roles, strict=True):
                items = [self._numbered_item(ip, total, role, roles) for ip in item_paras]
                if any(it is None for it in items):
                    continue
                lst = ItemList(p, len(p.clauses) - 1, opener, mode="amount", total=total,
                            items=[it for it in items if it is not None])
                if "主要" in opener:
                    lst.complete = False
                lst.numbered = role or "amount"
                if not self._roles_agree(lst):
                    continue
                self.lists.append(lst)
                self.collect(lst)
                for it in lst.items:
                    if it.clause.fact is not None:
                        self.in_list.add(it.clause.fact)

    def _numbered_run(self, p: Para) -> list[list[Para]]:
        """The numbered paragraphs after `p`, each with the unnumbered paragraphs that finish
        it (`2.…（项）。` / `年初预算为 x…`); sub-items of another style stay in their item.
        The run ends at a heading, at another section, or at an unnumbered paragraph with
        figures after an item that already had its own."""
        by_block = {q.block: q for q in self.paras}
        blocks = self.ctx.document.blocks
        out: list[list[Para]] = []
        style: str | None = None
        for b in range(p.block + 1, len(blocks)):
            block = blocks[b]
            if not isinstance(block, Paragraph):
                continue
            if block.heading or block.section != p.section:
                break
            q = by_block.get(b)
            m = item_marker(block.text.text)
            if m is not None and style is None:
                style = m[0]
            if m is not None and m[0] == style:
                if m[1] != len(out) + 1:
                    break
                out.append([q] if q is not None else [])
                continue
            if not out:
                break
            if q is not None:
                if out[-1] and m is None:
                    break
                out[-1].append(q)
        return out

    def _numbered_item(self, paras: list[Para], total: Clause, role: str | None,
                       roles: list[str]) -> Item | None:
        """The figure of a numbered paragraph that is its part of `total`: the first amount
        of the total's role (of no role, when the total names none), before any nested list."""
        cl = [c for ip in paras for c in ip.clauses]
        home = [n for n, ip in enumerate(paras) for _ in ip.clauses]
        for k, c in enumerate(cl):
            if c.kind == "other" or (opener_of(c) is not None and figures_follow(cl, k)):
                return None
            if not plain_amount(c) or c.depth or clause_dimension(c) != clause_dimension(total):
                continue
            if self.earlier(c.label, total.label):
                return None
            if not self.same_role(ends_with_any(c.label, roles), role):
                if role is None:
                    return None  # the part's figures have roles the total does not name
                continue
            share = cl[k + 1] if k + 1 < len(cl) and home[k + 1] == home[k] else None
            if share is not None and share.kind == "share" and not share.label \
                    and not share.word and share.sentence == c.sentence:
                return Item(c, share)
            return Item(c)
        return None
