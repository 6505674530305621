"""Relation phrases of the narrative: parts of a total, shares, growth, stated rates, identities.

Each paragraph is cut into typed clauses (`extract.narrative.clauses`, grammar `grammar/phrases.lark`);
this stage reads the clause sequence and adds relations between the facts the narrative
stage made:

- `其中 / 包括 / 主要用于以下方面 / 按…划分为` lists -> parts_sum (AL102); shares of their
  items -> share (AL203) and share_total (AL204);
- `占 [名称的] y%` with a named total -> share, the total found by its label;
- `比上年增加/减少 x，增长/下降 y%` -> growth (AL202) against the amount the change is of;
- stated rates (`预决算差异率`, `执行率`, `完成年初预算的`) whose inputs are stated in the
  same or the previous sentence -> rate (AL201), definitions from the rule packs;
- runs of `名称 x 万元，占 y%` without an opener (one per numbered paragraph) -> share and
  share_total against the preceding amount that the shares themselves point to (inferred);
- the accounting identities of the rule packs -> identity (AL103).

Precision first: a relation is made only when the phrase leaves no doubt about which figures
it relates; anything else is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative import items
from auditlint.extract.narrative.clauses import SENTENCE_END, Clause, split_clauses
from auditlint.extract.narrative.labels import ends_with_any, matches, normalize, subject_of_change
from auditlint.facts import Fact, Interval, Relation, ratio, to_unit_of, total_of
from auditlint.packs import Identity, RateDef, RulePacks

HUNDRED = Decimal(100)
_OPENERS = ("其中", "主要包括", "具体包括", "包括", "具体为", "具体如下", "主要用于以下方面",
            "用于以下方面", "主要用于")
_SUBSET_OPENERS = ("其中", "包括", "主要包括", "具体包括")
_CONTINUE = ("分别为", "分别是")
_REASON = re.compile(r"原因|主要是|由于|因为|用于|说明|系|包括")
_FINANCE = "rules/finance.toml"


@dataclass
class _Para:
    seq: int  # order among paragraphs with facts
    block: int  # the (last) block it was read from
    section: tuple[str, ...]
    clauses: list[Clause]
    text: str = ""
    items_follow: bool = False  # ends with an opener whose items are numbered paragraphs


@dataclass
class _Item:
    clause: Clause
    share: Clause | None = None


@dataclass
class _List:
    para: _Para
    lead: int  # index of the clause with the opener
    opener: str
    mode: str  # amount | change
    items: list[_Item] = field(default_factory=list)
    total: Clause | None = None
    clean: bool = True
    complete: bool = True
    numbered: str = ""  # items are numbered paragraphs: the role of their figures


class _Builder:
    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        self.graph = ctx.graph
        self.packs: RulePacks = ctx.packs
        self.paras: list[_Para] = []
        self.in_list: set[int] = set()  # fact ids that are items of a list
        self.share_done: set[int] = set()  # share facts already related
        self.lists: list[_List] = []  # lists with a total
        self.collected: list[_List] = []  # every list read, with a total or not

    # ----------------------------------------------------------------- set-up
    def read(self) -> None:
        seq = 0
        for block_no, block in enumerate(self.ctx.document.blocks):
            if not isinstance(block, Paragraph) or block.heading:
                continue
            facts = self.ctx.paragraph_facts.get(block_no)
            if not facts:
                continue
            text = block.text.text
            clauses = split_clauses(text, facts)
            prev = self.paras[-1] if self.paras else None
            if prev is not None and prev.block == self._previous_paragraph(block_no) \
                    and prev.clauses and _trailing_opener(prev.clauses[-1]) \
                    and not prev.items_follow:
                # `…合计 x 万元，其中：` ends one paragraph and its items open the next
                _append(prev, clauses)
                prev.block = block_no
                continue
            para = _Para(seq, block_no, block.section, clauses, text)
            if clauses and _trailing_opener(clauses[-1]):
                para.items_follow = self._numbered_items_from(block_no + 1)
            self.paras.append(para)
            seq += 1

    def _numbered_items_from(self, block_no: int) -> bool:
        """The paragraph opens a numbered run (`1.…`, and the next paragraph is `2.…`)."""
        blocks = self.ctx.document.blocks
        if block_no >= len(blocks) or not isinstance(blocks[block_no], Paragraph):
            return False
        first = _marker(blocks[block_no].text.text)
        if first is None or first[1] != 1:
            return False
        for b in range(block_no + 1, min(block_no + 40, len(self.ctx.document.blocks))):
            block = self.ctx.document.blocks[b]
            if not isinstance(block, Paragraph) or block.heading:
                return False
            m = _marker(block.text.text)
            if m is not None and m[0] == first[0]:
                return m[1] == 2
        return False

    def _previous_paragraph(self, block_no: int) -> int | None:
        for b in range(block_no - 1, -1, -1):
            if isinstance(self.ctx.document.blocks[b], Paragraph):
                return b
        return None

    def fact(self, clause: Clause) -> Fact:
        assert clause.fact is not None
        return self.graph[clause.fact]

    def relate(self, **kwargs: object) -> None:
        self.graph.relate(Relation(**kwargs))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ lists
    def find_lists(self, para: _Para) -> None:
        cl = para.clauses
        for i, c in enumerate(cl):
            if _opens_bracket(c):
                self._bracket_list(para, i)
            opener = _opener(c)
            if opener is None or any(it.clause is c for other in self.collected
                                     for it in other.items):
                continue
            lst = self._collect(para, i, opener)
            if lst is None or not lst.items:
                continue
            lst.total = self._list_total(para, i, lst)
            if lst.total is not None and not self._roles_agree(lst):
                lst.clean = False
            self.collected.append(lst)
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
        roles = sorted({w for r in self.packs.rates for w in (*r.numerator, *r.denominator)},
                       key=len, reverse=True)
        for p in self.paras:
            if not p.items_follow:
                continue
            item_paras = self._numbered_run(p)
            if len(item_paras) < 2 or not all(item_paras):
                continue
            opener_clause = p.clauses[-1]
            opener = _opener(opener_clause) or "其中"
            lead = opener_clause.sentence
            totals = [c for c in p.clauses if c.sentence == lead and _plain_amount(c)]
            if not totals and all(c.sentence != lead or c is opener_clause
                                  for c in p.clauses):
                totals = [c for c in p.clauses if c.sentence == lead - 1 and _plain_amount(c)]
            total_roles = [ends_with_any(t.label, roles) for t in totals]
            if not totals or len(set(total_roles)) != len(totals):
                continue  # two figures of one role (or none named): not clear which is which
            for total, role in zip(totals, total_roles, strict=True):
                items = [self._numbered_item(ip, total, role, roles) for ip in item_paras]
                if any(it is None for it in items):
                    continue
                lst = _List(p, len(p.clauses) - 1, opener, mode="amount", total=total,
                            items=[it for it in items if it is not None])
                if "主要" in opener:
                    lst.complete = False
                lst.numbered = role or "amount"
                if not self._roles_agree(lst):
                    continue
                self.lists.append(lst)
                self.collected.append(lst)
                for it in lst.items:
                    if it.clause.fact is not None:
                        self.in_list.add(it.clause.fact)

    def _numbered_run(self, p: _Para) -> list[list[_Para]]:
        """The numbered paragraphs after `p`, each with the unnumbered paragraphs that finish
        it (`2.…（项）。` / `年初预算为 x…`); sub-items of another style stay in their item.
        The run ends at a heading, at another section, or at an unnumbered paragraph with
        figures after an item that already had its own."""
        by_block = {q.block: q for q in self.paras}
        blocks = self.ctx.document.blocks
        out: list[list[_Para]] = []
        style: str | None = None
        for b in range(p.block + 1, len(blocks)):
            block = blocks[b]
            if not isinstance(block, Paragraph):
                continue
            if block.heading or block.section != p.section:
                break
            q = by_block.get(b)
            m = _marker(block.text.text)
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

    def _numbered_item(self, paras: list[_Para], total: Clause, role: str | None,
                       roles: list[str]) -> _Item | None:
        """The figure of a numbered paragraph that is its part of `total`: the first amount
        of the total's role (of no role, when the total names none), before any nested list."""
        cl = [c for ip in paras for c in ip.clauses]
        home = [n for n, ip in enumerate(paras) for _ in ip.clauses]
        for k, c in enumerate(cl):
            if _opener(c) is not None or c.kind == "other":
                return None
            if not _plain_amount(c) or c.depth or _dimension(c) != _dimension(total):
                continue
            if _EARLIER.search(c.label):
                return None
            if ends_with_any(c.label, roles) != role:
                if role is None:
                    return None  # the part's figures have roles the total does not name
                continue
            share = cl[k + 1] if k + 1 < len(cl) and home[k + 1] == home[k] else None
            if share is not None and share.kind == "share" and not share.label \
                    and not share.word and share.sentence == c.sentence:
                return _Item(c, share)
            return _Item(c)
        return None

    def _bracket_list(self, para: _Para, i: int) -> None:
        """`基本支出 80 万元（工资福利支出 60 万元、商品和服务支出 20 万元）`: the bracket after
        an amount breaks it down when it holds nothing but amounts of its kind (no opener, no
        earlier year, no change, no words between)."""
        cl = para.clauses
        total = cl[i]
        depth = total.depth + 1
        lst = _List(para, i, "（…）", mode="amount", total=total)
        j = i + 1
        while j < len(cl) and cl[j].depth >= depth:
            c = cl[j]
            j += 1
            if c.depth > depth:
                continue
            if c.leads or c.tail or _EARLIER.search(c.label):
                return
            if c.kind in ("amount", "count") and _dimension(c) == _dimension(total):
                lst.items.append(_Item(c))
            elif c.kind == "share" and lst.items and not c.label and not c.word \
                    and lst.items[-1].share is None:
                lst.items[-1].share = c
            else:
                return
        if len(lst.items) < 2 or not self._roles_agree(lst):
            return
        self.collected.append(lst)
        self.lists.append(lst)
        for it in lst.items:
            if it.clause.fact is not None:
                self.in_list.add(it.clause.fact)

    def _collect(self, para: _Para, i: int, opener: str) -> _List | None:
        cl = para.clauses
        start = i if cl[i].kind in _ITEM_KINDS else i + 1
        if cl[i].kind not in _ITEM_KINDS and _ends_sentence(cl[i]):
            return None
        lst = _List(para, i, opener, mode="")
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
                if _ends_sentence(c):
                    break
                j += 1
                continue
            if skipping_reason:
                if cl[j - 1].sep[:1] in "；;":
                    skipping_reason = False
                else:
                    if _ends_sentence(c):
                        break
                    j += 1
                    continue
            if j > start and c.leads and not set(c.leads) <= set(_CONTINUE):
                nested = self._explanatory_words(cl, j)
                if nested is None:
                    break
                j = nested
                continue
            if _YEAR.search(c.label) and lst.items:
                break  # `…；2022 年本部门财政拨款支出 x 万元`: a new statement
            if (lst.mode == "amount" and c.kind in ("change_up", "change_down")
                    and self._is_total_subject(c, para, i)):
                break  # the sentence talks about the total again
            if (c.kind in ("amount", "count") and lst.items and cl[j - 1].sep[:1] in "；;"
                    and self._items_meet_total(para, i, lst)):
                break  # the parts before the `；` already make the total
            if c.kind in ("amount", "count") and _COMPARED.search(c.label):
                lst.clean = False  # `较上年增加（减少）0 万元`: a change, not a part
                break
            if c.kind in ("amount", "count") or (c.kind in ("change_up", "change_down")
                                                 and lst.mode in ("", "change")):
                mode = "amount" if c.kind in ("amount", "count") else "change"
                if not lst.mode:
                    lst.mode = mode
                item_dim = _dimension(c)
                if mode != lst.mode:
                    pass  # a change of the last item: part of that item
                elif dim is not None and item_dim != dim:
                    lst.clean = False
                    break
                else:
                    dim = item_dim
                    if c.tail:
                        if c.tail.startswith("等"):
                            lst.complete = False
                        else:
                            lst.clean = False
                    lst.items.append(_Item(c))
            elif c.kind == "share":
                if lst.items and lst.items[-1].share is None and not c.label \
                        and (not c.word or _TOTAL_WORD.match(normalize(c.word))):
                    lst.items[-1].share = c  # `占 y%`, `占总资金的 y%`
            elif c.kind == "other":
                lst.clean = False
                break
            elif c.kind in ("text", "bare") and _REASON.search(c.label):
                skipping_reason = True
            if c.kind in ("text", "bare") and c.label.endswith("等"):
                lst.complete = False
            if _ends_sentence(c):
                break
            j += 1
        return lst

    def _roles_agree(self, lst: _List) -> bool:
        """Parts must be figures of the total's kind: `实际支出 x，其中：A 预算 y，实际支出 z`
        lists a budget and an outturn per item, not parts of x."""
        assert lst.total is not None
        roles = sorted({w for r in self.packs.rates for w in (*r.numerator, *r.denominator)},
                       key=len, reverse=True)
        total_label = normalize(lst.total.label)
        total_role = ends_with_any(lst.total.label, roles)
        total_flow = _flow(total_label)
        for it in lst.items:
            label = normalize(it.clause.label)
            if label and label == total_label and not lst.numbered:
                return False
            flow = _flow(label)
            if flow and total_flow and flow != total_flow:
                return False  # `收入、支出总计 x，其中：收入总计 x…支出总计 x`: not parts
            role = ends_with_any(it.clause.label, roles)
            if role and total_role and role != total_role:
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

    def _is_total_subject(self, c: Clause, para: _Para, i: int) -> bool:
        subject = subject_of_change(c.label)
        if not subject:
            return False
        total = self._list_total(para, i, None)
        return total is not None and normalize(total.label).endswith(subject)

    def _items_meet_total(self, para: _Para, i: int, lst: _List) -> bool:
        total = self._list_total(para, i, lst)
        if total is None:
            return False
        t = self.fact(total)
        return _sum_interval([self.fact(it.clause) for it in lst.items], t).intersects(t.interval)

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
            if _ends_sentence(cl[k]):
                return None
            k += 1
        return None

    def _list_total(self, para: _Para, i: int, lst: _List | None) -> Clause | None:
        """The amount a list breaks down: the nearest before the opener of the items' kind and
        unit, in the opener's sentence or the one before; none when the opener's sentence
        names its subject in words (`同时包含各种项目支出，其中：`)."""
        cl = para.clauses
        want = _dimension(lst.items[0].clause) if lst and lst.items else "money"
        mode = lst.mode if lst else "amount"
        kinds = ("amount", "count") if mode == "amount" else ("change_up", "change_down")
        lead_sentence = cl[i].sentence
        parallel = bool(lst) and lst.opener.startswith("按")  # type: ignore[union-attr]
        worded = False
        earlier = {it.clause.start for other in self.collected if other.para is para
                   for it in other.items}
        for k in range(i - 1, -1, -1):
            c = cl[k]
            if c.sentence < lead_sentence - 1:
                return None
            if c.start in earlier:
                if parallel:
                    for other in self.collected:
                        if other.para is para and any(it.clause.start == c.start
                                                      for it in other.items):
                            return other.total
                return None
            if c.kind in kinds and not c.tail and _dimension(c) == want:
                return None if worded else c
            if c.kind == "other":
                return None
            if c.kind == "text" and c.sentence == lead_sentence:
                worded = True
            if worded and c.sentence < lead_sentence:
                return None
        return None

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
                params = {"signs": signs, "name": name}
                if not lst.complete:
                    params["bound"] = "at_most"
                self.relate(kind="parts_sum", result=total.id,
                            operands=[c.fact for c in items],
                            origin=f"“{lst.opener}” list: {name} = {parts}", params=params)
            elif len(items) == 1 and lst.clean and lst.mode == "amount" \
                    and lst.opener in _SUBSET_OPENERS and total.value >= 0 \
                    and self.fact(items[0]).value >= 0:
                # `收入 x，其中：财政拨款 y`: one part named, it cannot exceed its total
                part = normalize(items[0].label) or "part"
                self.relate(kind="parts_sum", result=total.id, operands=[items[0].fact],
                            origin=f"“{lst.opener}” names one part of {name}: {part} "
                                   f"cannot exceed it",
                            params={"signs": "+", "name": name, "bound": "at_most"})
            if lst.mode != "amount":
                continue
            shares = [it for it in lst.items if it.share is not None
                      and (not it.share.word or _names_total(it.share.word, lst.total.label))]
            for it in shares:
                assert it.share is not None and it.share.fact is not None
                self.share_done.add(it.share.fact)
                self.relate(kind="share", result=it.share.fact,
                            operands=[it.clause.fact, total.id],
                            origin=f"占 {self.fact(it.share).text} of the “{lst.opener}” total "
                                   f"{name} {total.text}",
                            params={"name": f"share of {normalize(it.clause.label) or 'part'}"})
            meets = _sum_interval([self.fact(c) for c in items], total).intersects(total.interval)
            if len(shares) >= 2 and len(shares) == len(lst.items) and lst.clean and (
                    lst.complete or meets):
                self.relate(kind="share_total", operands=[it.share.fact for it in shares
                                                          if it.share and it.share.fact is not None],
                            origin=f"shares of the “{lst.opener}” list of {name}",
                            params={"name": name})

    # ------------------------------------------------------------ named shares
    def named_shares(self) -> None:
        for p in self.paras:
            cl = p.clauses
            for k, c in enumerate(cl):
                if c.kind != "share" or not c.word or c.label or c.fact in self.share_done:
                    continue
                part = _part_before(cl, k)
                if part is None:
                    continue
                total = self._named_total(c.word, p, k)
                if total is None or total.id == part.fact:
                    continue
                assert c.fact is not None
                self.share_done.add(c.fact)
                self.relate(kind="share", result=c.fact, operands=[part.fact, total.id],
                            origin=f"占{c.word}的 {self.fact(c).text}: {c.word} is "
                                   f"{total.text} ({total.location})",
                            params={"name": f"share of {normalize(part.label) or 'part'}"})

    def _named_total(self, word: str, para: _Para, k: int) -> Fact | None:
        name = normalize(word)
        if not name:
            return None
        names = [name]
        for p in self.packs.packs:
            for group, words in p.synonyms.items():
                if group.startswith("share_") and name in words:
                    names.extend(words)
        before = [(pp, c) for pp in self.paras[: para.seq + 1] for idx, c in
                  enumerate(pp.clauses) if c.kind == "amount" and not c.tail
                  and (pp is not para or idx < k - 1)]
        for _pp, c in reversed(before):
            label = normalize(c.label)
            if label in names or _ends_with_name(label, name):
                return self.fact(c)
        return None

    # ------------------------------------------------------------------ growth
    def growth(self) -> None:
        for p_index, p in enumerate(self.paras):
            cl = p.clauses
            for k, c in enumerate(cl[:-1]):
                if c.kind not in ("change_up", "change_down"):
                    continue
                rate = cl[k + 1]
                if (rate.kind not in ("rate_up", "rate_down") or rate.tail
                        or subject_of_change(rate.label)):
                    continue
                if c.sentence != rate.sentence or c.tail:
                    continue
                current = self._current(p, p_index, k)
                named = False
                if current is None:
                    current = self._named_current(p, k)
                    named = current is not None
                if current is None:
                    continue
                change, stated, cur = self.fact(c), self.fact(rate), self.fact(current)
                if change.value < 0 or cur.value < 0 or _dimension(current) != _dimension(c):
                    continue
                subject = self._flow_key(subject_of_change(_joined_label(cl, k)))
                cur_label = normalize(_joined_label(cl, cl.index(current))
                                      if current in cl else current.label)
                cur_key = self._flow_key(cur_label)
                if not named and subject and not (cur_key.endswith(subject)
                                                  or subject.endswith(cur_key)):
                    continue
                up = c.kind == "change_up"
                self.relate(kind="growth", result=stated.id, operands=[change.id, cur.id],
                            origin=f"{c.word} {change.text}，{rate.word} {stated.text} of "
                                   f"{cur_label or 'the amount'} {cur.text}",
                            params={"direction": "increase" if up else "decrease",
                                    "rate_direction": "increase" if rate.kind == "rate_up"
                                    else "decrease",
                                    "name": f"growth of {cur_label or 'the amount'}"})

    def _flow_key(self, subject: str) -> str:
        """`收入、支出预算总计` and `收、支预算总计` as one key (rules/finance.toml
        `coordinated_flows`), so a change stated of either form is of the amount."""
        key = subject.replace("、", "")
        for w in self.packs.words("coordinated_flows"):
            key = key.replace(w, w[:1])
        return key

    def _current(self, p: _Para, p_index: int, k: int) -> Clause | None:
        """The amount a change is of: the nearest before it in its sentence, else the first
        amount of the sentence before (when the change opens its sentence)."""
        cl = p.clauses
        sentence = cl[k].sentence
        for j in range(k - 1, -1, -1):
            c = cl[j]
            if c.sentence != sentence:
                break
            if c.kind in ("change_up", "change_down", "other"):
                return None
            if c.kind in ("amount", "count") and not c.tail:
                return c
        prev = [c for c in cl[:k] if c.sentence == sentence - 1]
        if not prev:
            return None
        first = prev[0]
        if first.kind in ("amount", "count") and not first.tail and not first.leads:
            return first
        return None

    def _named_current(self, p: _Para, k: int) -> Clause | None:
        """`收入支出总体与上年相比，增加 x` with no amount before it: the amount named by the
        subject (`收入支出总体` -> 收入总计, rules/finance.toml `growth_*`), stated in this or
        one of the five paragraphs before it in the same section, under the same qualifier."""
        cl = p.clauses
        words = [cl[k].label] + [c.label for c in cl[max(0, k - 1):k]
                                 if c.kind == "text" and c.sentence == cl[k].sentence]
        if k and cl[k - 1].kind == "text" and cl[k - 1].sep == "、" \
                and cl[k - 1].sentence == cl[k].sentence:
            # `收、支总计各增加 x`: the subject was cut at its `、`
            words.insert(0, cl[k - 1].label + cl[k].label)
        qualifiers = self.packs.words("identity_qualifiers") or [""]
        for w in words:
            subject = subject_of_change(w)
            if not subject:
                continue
            for q in sorted(qualifiers, key=len, reverse=True):
                if not subject.startswith(q):
                    continue
                names = [subject[len(q):], *self.packs.synonyms(f"growth_{subject[len(q):]}")]
                wanted = {q + n for n in names if n}
                for pp in reversed(self.paras[max(0, p.seq - 5): p.seq + 1]):
                    if pp.section != p.section:
                        break
                    for c in reversed(pp.clauses):
                        if pp is p and c.start >= cl[k].start:
                            continue
                        if (c.kind == "amount" and not c.tail
                                and normalize(c.label) in wanted):
                            return c
                return None
        return None

    # ------------------------------------------------------------------- rates
    def rates(self) -> None:
        defs = self.packs.rates
        for p in self.paras:
            cl = p.clauses
            for k, c in enumerate(cl):
                if c.kind != "percent" or c.tail or c.fact is None:
                    continue
                label = normalize(c.label)
                rd = next((r for r in defs if ends_with_any(label, r.name)), None)
                if rd is None:
                    continue
                found = self._rate_inputs(cl, k, rd)
                if found is None:
                    continue
                num, den = found
                diff = rd.minus_denominator
                num_l, den_l = normalize(num.label), normalize(den.label)
                formula = (f"({num_l} − {den_l}) / {den_l}" if diff else f"{num_l} / {den_l}")
                self.relate(kind="rate", result=c.fact, operands=[num.fact, den.fact],
                            origin=f"{label} = {formula} ({_FINANCE})",
                            params={"form": "diff" if diff else "ratio",
                                    "percent": "1", "name": label or "rate",
                                    "numerator": num_l, "denominator": den_l})

    def _rate_inputs(self, cl: list[Clause], k: int, rd: RateDef
                     ) -> tuple[Clause, Clause] | None:
        sentence = cl[k].sentence
        num: Clause | None = None
        den: Clause | None = None
        for j in range(k - 1, -1, -1):
            c = cl[j]
            if c.sentence < sentence - 1:
                break
            if c.kind == "percent":
                break  # inputs of an earlier rate
            if c.kind not in ("amount", "count") or c.tail:
                continue
            as_num = ends_with_any(c.label, rd.numerator)
            as_den = ends_with_any(c.label, rd.denominator)
            if as_num and (not as_den or len(as_num) > len(as_den)):
                num = num or c
            elif as_den:
                den = den or c
            elif num or den:
                # `预算1,000万元，调剂131万元，合计安排1,131万元，实际支出1,131万元，执行率100%`:
                # another amount stands between the inputs, and may be the one meant
                return None
            if num and den:
                break
        if num is None or den is None or _dimension(num) != _dimension(den):
            return None
        num_subject = _subject(num.label, rd.numerator)
        den_subject = _subject(den.label, rd.denominator)
        if num_subject and den_subject and num_subject != den_subject:
            return None  # `三公经费预算 x，…因公出国费决算 y`: not one subject's figures
        return num, den

    # -------------------------------------------------------------------- runs
    def runs(self) -> None:
        """Breakdowns without an opener: `名称 x 万元，占 y%` repeated in one paragraph, or one
        per numbered paragraph; their total is the preceding amount the shares point to."""
        for run, first_para in self._share_runs():
            if len(run) < 2:
                continue
            total = self._run_total(run, first_para)
            if total is None:
                continue
            facts = [(self.fact(a), self.fact(s)) for a, s in run]
            for part, share in facts:
                self.share_done.add(share.id)
                self.relate(kind="share", result=share.id, operands=[part.id, total.id],
                            trust="inferred",
                            origin=f"占 {share.text} of {total.text} ({total.location}), the "
                                   f"total the shares of this breakdown point to",
                            params={"name": f"share of {normalize(part.label) or 'part'}"})
            parts = [p for p, _ in facts]
            if _sum_interval(parts, total).intersects(total.interval):
                self.relate(kind="share_total", operands=[s.id for _, s in facts],
                            trust="inferred",
                            origin=f"shares of a breakdown of {total.text} whose parts add up "
                                   f"to it", params={"name": normalize(total.label)})

    def _share_runs(self) -> list[tuple[list[tuple[Clause, Clause]], _Para]]:
        runs: list[tuple[list[tuple[Clause, Clause]], _Para]] = []
        current: list[tuple[Clause, Clause]] = []
        start_para: _Para | None = None
        prev_single: _Para | None = None
        for p in self.paras:
            pairs = self._share_pairs(p)
            single = len(pairs) == 1 and _only_pair(p, pairs[0])
            if single and prev_single is not None and prev_single.seq == p.seq - 1 and current:
                current.extend(pairs)
                prev_single = p
                continue
            if current and start_para is not None:
                runs.append((current, start_para))
            current, start_para, prev_single = [], None, None
            if single:
                current, start_para, prev_single = list(pairs), p, p
                continue
            # within one paragraph: consecutive pairs with nothing but changes between them
            chunk: list[tuple[Clause, Clause]] = []
            last_end = -1
            for a, s in pairs:
                idx = p.clauses.index(a)
                between = p.clauses[last_end + 1: idx] if last_end >= 0 else []
                if chunk and any(b.kind not in ("change_up", "change_down", "rate_up",
                                                 "rate_down", "flat") for b in between):
                    runs.append((chunk, p))
                    chunk = []
                chunk.append((a, s))
                last_end = p.clauses.index(s)
            if chunk:
                runs.append((chunk, p))
        if current and start_para is not None:
            runs.append((current, start_para))
        return runs

    def _share_pairs(self, p: _Para) -> list[tuple[Clause, Clause]]:
        out: list[tuple[Clause, Clause]] = []
        cl = p.clauses
        for k in range(1, len(cl)):
            a, s = cl[k - 1], cl[k]
            if s.kind != "share" or s.label or s.word or s.fact in self.share_done:
                continue
            if a.kind != "amount" or a.tail or a.leads or a.fact in self.in_list:
                continue
            if self.fact(s).value >= HUNDRED:
                continue
            out.append((a, s))
        return out

    def _run_total(self, run: list[tuple[Clause, Clause]], para: _Para) -> Fact | None:
        run_facts = {a.fact for a, _ in run}
        first = run[0][0]
        candidates: list[Fact] = []
        for pp in reversed(self.paras[max(0, para.seq - 3): para.seq + 1]):
            for c in reversed(pp.clauses):
                if pp is para and c.start >= first.start:
                    continue
                if c.kind == "amount" and not c.tail and c.fact not in run_facts:
                    candidates.append(self.fact(c))
        # a zero part agrees with any total; the others must mostly point to this one
        informative = [(a, s) for a, s in run if self.fact(a).value != 0]
        need = max(2, -(-len(informative) * 3 // 5))
        for cand in candidates:
            if cand.value <= 0:
                continue
            agree = 0
            for a, s in informative:
                iv = _ratio(self.fact(a), cand)
                if iv is not None and iv.intersects(self.fact(s).interval):
                    agree += 1
            if agree >= need:
                return cand
        return None

    # -------------------------------------------------------------- identities
    def identities(self) -> None:
        qualifiers = self.packs.words("identity_qualifiers") or [""]
        index: list[tuple[_Para, Clause, str]] = []
        for p in self.paras:
            for c in p.clauses:
                if c.kind == "amount" and not c.tail and c.fact is not None:
                    index.append((p, c, normalize(c.label)))
        seen = {(r.result, tuple(sorted(r.operands))) for r in self.graph.relations
                if r.kind in ("parts_sum", "identity")}
        for ident in self.packs.identities:
            for p, c, _label in index:
                q = matches(c.label, self.packs.synonyms(ident.result), qualifiers)
                if q is None:
                    continue
                found = self._terms(ident, p, c, q, index)
                if found is None:
                    continue
                terms, unstated = found
                operands = [t.fact for t, _ in terms]
                key = (c.fact, tuple(sorted(x for x in operands if x is not None)))
                if key in seen:
                    continue
                seen.add(key)
                signs = "".join(sign for _, sign in terms)
                name = f"{q}{ident.result}" if q else ident.result
                params = {"signs": signs, "name": name}
                origin = f"identity {ident.name}" + (f", for {q}" if q else "")
                if unstated:
                    # unstated terms are zero or more: the stated ones cannot exceed the total
                    params["bound"] = "at_most"
                    origin += f"; {'、'.join(unstated)} not stated"
                self.relate(kind="identity", result=c.fact, operands=operands, trust="pack",
                            origin=origin + f" ({_FINANCE})", params=params)

    def _terms(self, ident: Identity, p: _Para, result: Clause, q: str,
               index: list[tuple[_Para, Clause, str]]
               ) -> tuple[list[tuple[Clause, str]], list[str]] | None:
        """The stated terms with their signs, and the optional terms not stated; None when a
        required term is not stated nearby."""
        used = {result.fact}
        out: list[tuple[Clause, str]] = []
        unstated: list[str] = []
        groups = [(g, "+") for g in ident.plus] + [(g, "-") for g in ident.minus]
        for group, sign in groups:
            names = self.packs.synonyms(group)
            best: tuple[int, Clause] | None = None
            for pp, c, _label in index:
                if c.fact in used or pp.section != p.section or abs(pp.seq - p.seq) > 3:
                    continue
                qc = matches(c.label, names, [q] if q else [""])
                if qc is None and q:
                    qc = matches(c.label, names, [""])
                    if qc is None:
                        continue
                elif qc is None:
                    continue
                dist = abs(pp.seq - p.seq) * 10000 + abs(c.start - result.start)
                if best is None or dist < best[0]:
                    best = (dist, c)
            if best is None:
                if group in ident.optional and sign == "+":
                    unstated.append(group)
                    continue
                return None
            used.add(best[1].fact)
            out.append((best[1], sign))
        if len(out) < 1 or len(out) == len(unstated) == 0:
            return None
        return out, unstated


_ITEM_KINDS = ("amount", "count", "change_up", "change_down")


def _append(para: _Para, clauses: list[Clause]) -> None:
    """Continue a paragraph with the clauses of the next (offsets and sentences shifted so
    that they stay ordered)."""
    last = para.clauses[-1]
    shift = last.end + 1
    sentence = last.sentence + (1 if _ends_sentence(last) else 0)
    for c in clauses:
        c.start += shift
        c.end += shift
        c.sentence += sentence
        para.clauses.append(c)
_YEAR = re.compile(r"\d{4}\s*年")
_COMPARED = re.compile(r"(?:比|较|与)(?:上年|去年|上一年|同期)|同比|增减|增加[（(]减少[)）]")
_EARLIER = re.compile(r"\d{4}\s*年|上年|去年|上一年|同期|以前年度")


_MARKERS = (
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*[.．、]")),
    ("paren-arabic", re.compile(r"^\s*[（(](\d{1,2})[)）]")),
    ("chinese", re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    ("paren-chinese", re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[)）]")),
)
_CN_DIGITS = "一二三四五六七八九"


def _joined_label(cl: list[Clause], k: int) -> str:
    """The label of clause k with the text clause before it when that was cut at a `、` in the
    same sentence (`收入、支出预算总计 x`: the label is `支出预算总计`)."""
    c = cl[k]
    if k and cl[k - 1].kind == "text" and cl[k - 1].sep == "、" and cl[k - 1].sentence == c.sentence:
        return cl[k - 1].label + "、" + c.label
    return c.label


def _marker(text: str) -> tuple[str, int] | None:
    """The list marker a paragraph starts with: its style and number (`（3）` -> 3)."""
    for style, pattern in _MARKERS:
        m = pattern.match(text)
        if m is None:
            continue
        n = m.group(1)
        if n.isdigit():
            return style, int(n)
        if n == "十":
            return style, 10
        tens, _, ones = n.rpartition("十")
        value = (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 if "十" in n else 0
        value += _CN_DIGITS.index(ones) + 1 if ones else 0
        return style, value
    return None


_TOTAL_WORD = re.compile(r"^(?:总|全部)(?P<core>.+)$|^(?P<core2>.+?)(?:总额|总计|合计|总数)$")


def _names_total(word: str, total_label: str) -> bool:
    """`占总资金的 y%` inside a list of `项目资金预算 x，其中：…`: 总资金 is the list's total
    when the word after 总 is part of the total's label."""
    m = _TOTAL_WORD.match(normalize(word))
    if m is None:
        return False
    core = m.group("core") or m.group("core2") or ""
    return len(core) >= 2 and core in normalize(total_label)


def _trailing_opener(c: Clause) -> bool:
    """`…，其中：` at the end of a paragraph (not `主要用于办案业务。`): its items follow."""
    return c.kind == "bare" and _opener(c) is not None and not c.label \
        and not _ends_sentence(c)


def _flow(label: str) -> str:
    """收入 or 支出: which way the money of a label goes (the last word of the two)."""
    i, o = label.rfind("收入"), label.rfind("支出")
    if i == o:
        return ""
    return "收入" if i > o else "支出"


def _plain_amount(c: Clause) -> bool:
    return c.kind == "amount" and not c.tail and c.fact is not None


def _opens_bracket(c: Clause) -> bool:
    return c.sep[:1] in "（(" and c.kind in ("amount", "count") and not c.tail


def _opener(c: Clause) -> str | None:
    for lead in c.leads:
        if lead.startswith("按") or lead in _OPENERS:
            return lead
    return None


def _ends_sentence(c: Clause) -> bool:
    return any(ch in SENTENCE_END for ch in c.sep)


def _dimension(c: Clause) -> str:
    q = c.quantity
    if q is None:
        return ""
    dim = q.dimension or ""
    return dim if dim == "money" else f"{dim}:{q.unit}"


def _part_before(cl: list[Clause], k: int) -> Clause | None:
    """The amount a share clause is of: the clause before it, or before the rates stated
    with that amount (`支出决算 x 万元，完成年初预算的 y%，占本年支出合计的 z%`)."""
    j = k - 1
    while j >= 0 and cl[j].kind == "percent" and cl[j].sentence == cl[k].sentence:
        j -= 1
    if j < 0 or cl[j].kind != "amount" or cl[j].tail or cl[j].sentence != cl[k].sentence:
        return None
    return cl[j]


def _only_pair(p: _Para, pair: tuple[Clause, Clause]) -> bool:
    """The paragraph is one item of a breakdown (`3.卫生健康支出(类)29.76 万元,占 1.72%。`)."""
    return all(c is pair[0] or c is pair[1] or c.n_quantities == 0 for c in p.clauses)


def _subject(label: str, names: list[str]) -> str:
    """What a rate input is the figure of: its label without the role word
    (`公务接待费全年预算数` -> `公务接待费`)."""
    norm = normalize(label)
    role = ends_with_any(label, names) or ""
    return norm[: len(norm) - len(role)]


def _ends_with_name(label: str, name: str) -> bool:
    if len(name) < 6 or not label.endswith(name):
        return False
    prefix = label[: -len(name)]
    return not re.search(r"拨款|上年|预算|基金|本年", prefix)


def _ratio(part: Fact, total: Fact) -> Interval | None:
    return ratio(to_unit_of(part, total), total.interval, True)


def _sum_interval(parts: list[Fact], total: Fact) -> Interval:
    """The sum of the parts in the total's unit."""
    return total_of([to_unit_of(f, total) for f in parts])


def extract(ctx: ExtractContext) -> None:
    b = _Builder(ctx)
    b.read()
    b.numbered_lists()
    for p in b.paras:
        b.find_lists(p)
    b.emit_lists()
    b.named_shares()
    b.growth()
    items.relate(ctx, b.paras, b.fact)
    b.rates()
    b.runs()
    b.identities()
