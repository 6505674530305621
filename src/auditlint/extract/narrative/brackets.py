"""Lists opened by a word or a bracket (`其中：`, `包括`, `（…）`): their items, their total,
and the parts_sum relations they state."""

from __future__ import annotations

from auditlint.extract.narrative.base import (
    COMPARED,
    CONTINUE,
    ITEM_KINDS,
    REASON,
    SUBSET_OPENERS,
    TOTAL_WORD,
    YEAR,
    Item,
    ItemList,
    Para,
    PhraseBase,
    clause_dimension,
    ends_sentence,
    flow_of,
    kind_returns,
    names_total,
    opener_of,
    sum_interval,
)
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import ends_with_any, normalize, subject_of_change
from auditlint.params import ShareParams, SumParams


class BracketsMixin(PhraseBase):
    """Lists after an opener or inside a bracket, and the relations of those with a total."""

    def _bracket_list(self, para: Para, i: int) -> None:
        """`基本支出 80 万元（工资福利支出 60 万元、商品和服务支出 20 万元）`: the bracket after
        an amount breaks it down when it holds nothing but amounts of its kind (no opener, no
        earlier year, no change, no words between)."""
        cl = para.clauses
        total = cl[i]
        depth = total.depth + 1
        opener = opener_of(cl[i + 1]) if i + 1 < len(cl) else None
        lst = ItemList(para, i, opener or "（…）", mode="amount", total=total)
        j = i + 1
        while j < len(cl) and cl[j].depth >= depth:
            c = cl[j]
            j += 1
            if c.depth > depth:
                continue
            if (c.leads and not (c is cl[i + 1] and opener_of(c) in SUBSET_OPENERS)) \
                    or c.tail or self.earlier(c.label, total.label):
                return
            if c.kind in ("amount", "count") and clause_dimension(c) == clause_dimension(total):
                lst.items.append(Item(c))
            elif c.kind == "share" and lst.items and not c.label and not c.word \
                    and lst.items[-1].share is None:
                lst.items[-1].share = c
            else:
                return
        if len(lst.items) < 2 or not self._roles_agree(lst):
            return
        self.collect(lst)
        self.lists.append(lst)
        for it in lst.items:
            if it.clause.fact is not None:
                self.in_list.add(it.clause.fact)

    def _collect(self, para: Para, i: int, opener: str) -> ItemList | None:
        cl = para.clauses
        start = i if cl[i].kind in ITEM_KINDS else i + 1
        if cl[i].kind not in ITEM_KINDS and ends_sentence(cl[i]):
            return None
        lst = ItemList(para, i, opener, mode="")
        if "主要" in opener:
            lst.complete = False
        dim: str | None = None
        j = start
        skipping_reason = False
        while j < len(cl):
            c = cl[j]
            if c.depth < cl[i].depth:
                break  # the bracket the list was opened in is closed
            if c.depth > cl[i].depth:
                # a bracket after an item: its own breakdown, or the item's share
                if c.kind == "share" and lst.items and lst.items[-1].share is None \
                        and not c.label and not c.word:
                    lst.items[-1].share = c
                if ends_sentence(c):
                    break
                j += 1
                continue
            if skipping_reason:
                if cl[j - 1].sep[:1] in "；;":
                    skipping_reason = False
                else:
                    if ends_sentence(c):
                        break
                    j += 1
                    continue
            if j > start and c.leads and not set(c.leads) <= set(CONTINUE):
                nested = self._explanatory_words(cl, j)
                if nested is None:
                    break
                j = nested
                continue
            if YEAR.search(c.label) and lst.items:
                break  # `…；2022 年本部门财政拨款支出 x 万元`: a new statement
            if (lst.mode == "amount" and c.kind in ("change_up", "change_down")
                    and self._is_total_subject(c, para, i)):
                break  # the sentence talks about the total again
            if (c.kind in ("amount", "count") and lst.items and cl[j - 1].sep[:1] in "；;"
                    and self._items_meet_total(para, i, lst)):
                break  # the parts before the `；` already make the total
            if c.kind in ("amount", "count") and COMPARED.search(c.label):
                lst.clean = False  # `较上年增加（减少）0 万元`: a change, not a part
                break
            if c.kind in ("amount", "count") or (c.kind in ("change_up", "change_down")
                                                 and lst.mode in ("", "change")):
                mode = "amount" if c.kind in ("amount", "count") else "change"
                if not lst.mode:
                    lst.mode = mode
                item_dim = clause_dimension(c)
                if mode != lst.mode:
                    pass  # a change of the last item: part of that item
                elif dim is not None and item_dim != dim:
                    # `…，地下 y 平方米，高度 z 米。`: a figure of another kind after the
                    # parts ends the list; were the kind to come back later in the sentence
                    # (`A 22 家，资金 x 万元；B 4 家…`), the parts are interleaved: unclear
                    lst.clean = not kind_returns(cl, j, dim)
                    break
                else:
                    dim = item_dim
                    if c.tail:
                        if c.tail.startswith("等"):
                            lst.complete = False
                        else:
                            lst.clean = False
                    lst.items.append(Item(c))
            elif c.kind == "share":
                if lst.items and lst.items[-1].share is None and not c.label \
                        and (not c.word or TOTAL_WORD.match(normalize(c.word))):
                    lst.items[-1].share = c  # `占 y%`, `占总资金的 y%`
            elif c.kind == "other":
                # `…其他用车 6 辆；单价 100 万元以上设备 0 台`: after a `；` a statement of its own
                lst.clean = bool(lst.items) and cl[j - 1].sep[:1] in "；;"
                break
            elif c.kind in ("text", "bare") and REASON.search(c.label):
                skipping_reason = True
            if c.kind in ("text", "bare") and c.label.endswith("等"):
                lst.complete = False
            if ends_sentence(c):
                break
            j += 1
        return lst

    def _roles_agree(self, lst: ItemList) -> bool:
        """Parts must be figures of the total's kind: `实际支出 x，其中：A 预算 y，实际支出 z`
        lists a budget and an outturn per item, not parts of x."""
        assert lst.total is not None
        roles = self.role_words
        total_label = normalize(lst.total.label)
        total_role = ends_with_any(lst.total.label, roles)
        total_flow = flow_of(total_label)
        for it in lst.items:
            label = normalize(it.clause.label)
            if label and label == total_label and not lst.numbered:
                return False
            flow = flow_of(label)
            if flow and total_flow and flow != total_flow:
                return False  # `收入、支出总计 x，其中：收入总计 x…支出总计 x`: not parts
            role = ends_with_any(it.clause.label, roles)
            if role and total_role and not self.same_role(role, total_role):
                return False
        # `资金 x（预算数 y，执行数 z）`: two views of one figure, not parts
        for rd in self.packs.rates:
            sides = set()
            for it in lst.items:
                num = ends_with_any(it.clause.label, rd.numerator)
                den = ends_with_any(it.clause.label, rd.denominator)
                if num or den:
                    sides.add("num" if num and (not den or len(num) > len(den)) else "den")
            if len(sides) > 1:
                return False
        return True

    def _is_total_subject(self, c: Clause, para: Para, i: int) -> bool:
        subject = subject_of_change(c.label)
        if not subject:
            return False
        total = self._list_total(para, i, None)
        return total is not None and normalize(total.label).endswith(subject)

    def _items_meet_total(self, para: Para, i: int, lst: ItemList) -> bool:
        total = self._list_total(para, i, lst)
        if total is None:
            return False
        t = self.fact(total)
        return sum_interval([self.fact(it.clause) for it in lst.items], t).intersects(t.interval)

    @staticmethod
    def _explanatory_words(cl: list[Clause], j: int) -> int | None:
        """After a nested `包括：` of words only (`包括：基本工资、津贴补贴…；`), the index
        where the outer list goes on; None when the nested opener has figures of its own."""
        if not any(lead.endswith("包括") for lead in cl[j].leads) or cl[j].n_quantities:
            return None
        k = j
        while k < len(cl):
            if cl[k].n_quantities and k > j:
                return None
            if cl[k].sep[:1] in "；;":
                return k + 1
            if ends_sentence(cl[k]):
                return None
            k += 1
        return None

    def _list_total(self, para: Para, i: int, lst: ItemList | None) -> Clause | None:
        """The amount a list breaks down: the nearest before the opener of the items' kind and
        unit, in the opener's sentence or the one before; none when the opener's sentence
        names its subject in words (`同时包含各种项目支出，其中：`)."""
        cl = para.clauses
        want = clause_dimension(lst.items[0].clause) if lst and lst.items else "money"
        mode = lst.mode if lst else "amount"
        kinds = ("amount", "count") if mode == "amount" else ("change_up", "change_down")
        lead_sentence = cl[i].sentence
        parallel = bool(lst) and lst.opener.startswith("按")  # type: ignore[union-attr]
        worded = False
        here = self.collected_in.get(id(para), [])
        earlier = {it.clause.start for other in here for it in other.items}
        for k in range(i - 1, -1, -1):
            c = cl[k]
            if c.sentence < lead_sentence - 1:
                return None
            if c.start in earlier:
                if parallel:
                    for other in here:
                        if any(it.clause.start == c.start for it in other.items):
                            return other.total
                return None
            if c.kind in kinds and not c.tail and clause_dimension(c) == want:
                return None if worded else c
            if c.kind == "other":
                return None
            if c.kind == "text" and c.sentence == lead_sentence:
                worded = True
            if worded and c.sentence < lead_sentence:
                return None
        return None

    def _complete_set(self, items: list[Clause]) -> bool:
        """The parts name every member of a set the packs declare complete (地上 and 地下,
        离休 and 退休: `complete_parts_*` of rules/finance.toml), one each, or one of them is
        the rest (其他收入: `rest_of_parts`)."""
        labels = [normalize(c.label) for c in items]
        if any(label.startswith(tuple(self.packs.words("rest_of_parts"))) for label in labels):
            return True  # `…，其他收入 y`: the rest is one of the parts
        for p in self.packs.packs:
            for key, words in p.extra.items():
                if not key.startswith("complete_parts_") or len(words) != len(labels):
                    continue
                named = [next((w for w in words if w in label), None) for label in labels]
                if None not in named and len(set(named)) == len(words):
                    return True
        return False

    def emit_lists(self) -> None:
        for lst in self.lists:
            assert lst.total is not None
            total = self.fact(lst.total)
            items = [it.clause for it in lst.items]
            name = normalize(lst.total.label) or "total"
            if len(items) >= 2 and lst.clean:
                signs = "+" * len(items)
                if lst.mode == "change":
                    up = lst.total.kind == "change_up"
                    signs = "".join("+" if (c.kind == "change_up") == up else "-" for c in items)
                parts = " + ".join(normalize(c.label) or "?" for c in items)
                if lst.numbered:
                    parts = f"the {lst.numbered} of numbered paragraphs 1–{len(items)}"
                partial = lst.complete and lst.mode == "amount" and not lst.numbered \
                    and lst.opener in SUBSET_OPENERS and not self._complete_set(items)
                params = SumParams(signs=signs, name=name,
                                   bound=None if lst.complete else "at_most",
                                   partial=True if partial else None)
                self.relate(kind="parts_sum", result=total.id,
                            operands=[c.fact for c in items],
                            origin=f"“{lst.opener}” list: {name} = {parts}",
                            params=params.as_params())
            elif len(items) == 1 and lst.clean and lst.mode == "amount" \
                    and lst.opener in SUBSET_OPENERS and total.value >= 0 \
                    and self.fact(items[0]).value >= 0:
                # `收入 x，其中：财政拨款 y`: one part named, it cannot exceed its total
                part = normalize(items[0].label) or "part"
                self.relate(kind="parts_sum", result=total.id, operands=[items[0].fact],
                            origin=f"“{lst.opener}” names one part of {name}: {part} "
                                   f"cannot exceed it",
                            params=SumParams(signs="+", name=name, bound="at_most").as_params())
            if lst.mode != "amount":
                continue
            shares = [it for it in lst.items if it.share is not None
                      and (not it.share.word or names_total(it.share.word, lst.total.label))]
            for it in shares:
                assert it.share is not None and it.share.fact is not None
                self.share_done.add(it.share.fact)
                self.relate(kind="share", result=it.share.fact,
                            operands=[it.clause.fact, total.id],
                            origin=f"占 {self.fact(it.share).text} of the “{lst.opener}” total "
                                   f"{name} {total.text}",
                            params=ShareParams(
                                name=f"share of {normalize(it.clause.label) or 'part'}").as_params())
            meets = sum_interval([self.fact(c) for c in items], total).intersects(total.interval)
            if len(shares) >= 2 and len(shares) == len(lst.items) and lst.clean and (
                    lst.complete or meets):
                self.relate(kind="share_total", operands=[it.share.fact for it in shares
                                                          if it.share and it.share.fact is not None],
                            origin=f"shares of the “{lst.opener}” list of {name}",
                            params=ShareParams(name=name).as_params())
