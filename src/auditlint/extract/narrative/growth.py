"""Growth: `比上年增加/减少 x，增长/下降 y%` (or `增加 x（y%）`) against the amount the change is
of; `决算数较预算数减少 x` against the two figures it compares, named by their roles."""

from __future__ import annotations

from functools import cached_property

from auditlint.extract.narrative.base import (
    Para,
    PhraseBase,
    clause_dimension,
    joined_label,
    plain_amount,
)
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import normalize, subject_of_change
from auditlint.lazyre import lazy_compile
from auditlint.params import GrowthParams

# `决算数较年初预算数`: what is compared (may be left out) and what it is compared with
_YEAR = lazy_compile(r"(?:19|20)\d{2}")
_COMPARED = lazy_compile(r"^(?P<subject>[^比较]*?)(?:比|较)(?P<base>[^比较]+?)(?:相比|比较)?$")


class GrowthMixin(PhraseBase):
    """Stated changes and growth rates, and the current amount they are of."""

    # ------------------------------------------------------------------ growth
    def growth(self) -> None:
        for p_index, p in enumerate(self.paras):
            cl = p.clauses
            for k, c in enumerate(cl[:-1]):
                if c.kind not in ("change_up", "change_down"):
                    continue
                rate = cl[k + 1]
                bracketed = _bracketed_rate(c, rate)
                if not bracketed and (rate.kind not in ("rate_up", "rate_down") or rate.tail
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
                if change.value < 0 or cur.value < 0 or clause_dimension(current) != clause_dimension(c):
                    continue
                subject = self._flow_key(subject_of_change(joined_label(cl, k)))
                cur_label = normalize(joined_label(cl, cl.index(current))
                                      if current in cl else current.label)
                cur_key = self._flow_key(cur_label)
                if not named and subject and not (cur_key.endswith(subject)
                                                  or subject.endswith(cur_key)):
                    continue
                up = c.kind == "change_up"
                said = None if bracketed else "increase" if rate.kind == "rate_up" else "decrease"
                self.relate(kind="growth", result=stated.id, operands=[change.id, cur.id],
                            origin=f"{c.word} {change.text}，{rate.word} {stated.text} of "
                                   f"{cur_label or 'the amount'} {cur.text}",
                            params=GrowthParams(
                                direction="increase" if up else "decrease",
                                rate_direction=said,
                                name=f"growth of {cur_label or 'the amount'}").as_params())

    # ------------------------------------------------------- changes by role
    def role_changes(self) -> None:
        """`预算 A 万元，支出决算 B 万元，决算数较预算数减少 x 万元`: the change compares two
        figures of its sentence named by their roles (rules/labels.toml `change_role_tags`),
        so x is their difference (and a rate after it, the difference over the base). Made
        only when each role names exactly one amount before the change, the amounts are of
        one item (the later's label, its role dropped, ends the earlier's) and neither is of
        another year."""
        for p in self.paras:
            cl = p.clauses
            for k, c in enumerate(cl):
                if c.kind not in ("change_up", "change_down") or c.tail or c.fact is None:
                    continue
                m = _COMPARED.match(normalize(c.label))
                if m is None:
                    continue
                base_role = self._role_word(m.group("base"))
                subject = m.group("subject")
                cur_role = self._role_word(subject) if subject else None
                if base_role is None or (subject and cur_role is None):
                    continue
                before = [a for a in cl[:k] if a.sentence == c.sentence and plain_amount(a)]
                base = [a for a in before if _same_role(self._role_of(a.label), base_role)]
                others = [a for a in before if a not in base]
                cur = ([a for a in others if _same_role(self._role_of(a.label), cur_role)]
                       if cur_role else others)
                if len(base) != 1 or len(cur) != 1 or cur_role == base_role:
                    continue
                if not self._one_item(base[0], cur[0]):
                    continue
                self._role_change(cl, k, cur[0], base[0])

    def _role_change(self, cl: list[Clause], k: int, current: Clause, base: Clause) -> None:
        c = cl[k]
        change, cur, prev = self.fact(c), self.fact(current), self.fact(base)
        if len({change.kind, cur.kind, prev.kind}) != 1 or change.value < 0:
            return
        cur_label, base_label = normalize(current.label), normalize(base.label)
        up = c.kind == "change_up"
        name = f"change of {cur_label} over {base_label}"
        self.relate(kind="growth", result=change.id, operands=[cur.id, prev.id],
                    trust="explicit",
                    origin=f"{normalize(c.label)}{c.word} {change.text}",
                    params=GrowthParams(form="change", name=name,
                                        direction="increase" if up else "decrease",
                                        current=cur_label, previous=base_label).as_params())
        rate = cl[k + 1] if k + 1 < len(cl) else None
        if rate is None or rate.fact is None or rate.sentence != c.sentence \
                or any(r.kind == "growth" and r.result == rate.fact
                       for r in self.graph.relations):
            return  # no rate, or one already read against the change (`growth`)
        bracketed = _bracketed_rate(c, rate)
        if not bracketed and (rate.kind not in ("rate_up", "rate_down") or rate.tail
                              or rate.label):
            return
        said = (("increase" if up else "decrease") if bracketed
                else "increase" if rate.kind == "rate_up" else "decrease")
        self.relate(kind="growth", result=rate.fact, operands=[cur.id, prev.id],
                    trust="explicit",
                    origin=f"{c.word} {self.fact(rate).text} of {cur.text} over {prev.text}",
                    params=GrowthParams(form="values", name=name, narrative=True,
                                        rate_direction=said, current=cur_label,
                                        previous=base_label).as_params())

    @cached_property
    def _role_words(self) -> list[tuple[str, str]]:
        """(word, role) of the roles a change may compare, longest word first."""
        out = [(w, tag) for tag in self.packs.words("change_role_tags")
               for w in self.packs.words(f"label_tag_{tag}")]
        return sorted(out, key=lambda x: len(x[0]), reverse=True)

    def _role_word(self, phrase: str) -> str | None:
        """The role a phrase is nothing but (`年初预算数` -> budget_initial), else None."""
        norm = normalize(phrase)
        return next((tag for w, tag in self._role_words if norm == w), None)

    def _role_of(self, label: str) -> str | None:
        """The role an amount's label ends with (`“三公”经费支出预算` -> budget)."""
        norm = normalize(label)
        return next((tag for w, tag in self._role_words if norm.endswith(w)), None)

    def _one_item(self, a: Clause, b: Clause) -> bool:
        """Two amounts of one sentence are of one item: the later's label without its role
        word is empty or ends the earlier's (`…经费支出预算 A，支出决算 B`), and no label
        names another year (上年…)."""
        first, second = sorted((a, b), key=lambda x: x.start)
        prior = self.packs.words("label_year_prior")
        if any(w in x.label for x in (first, second) for w in prior):
            return False
        years = {m.group() for x in (first, second) for m in _YEAR.finditer(x.label)}
        if len(years) > 1:
            return False
        item1, item2 = self._item_of(first.label), self._item_of(second.label)
        return not item2 or item1.endswith(item2)

    def _item_of(self, label: str) -> str:
        """A label without its role word and the spending word before it (`公务接待费支出预算`
        and `支出决算` are of 公务接待费 and of the item before: rules/labels.toml)."""
        norm = normalize(label)
        word = next((w for w, _tag in self._role_words if norm.endswith(w)), "")
        item = norm[: len(norm) - len(word)]
        for w in self.packs.words("label_spending_words"):
            item = item.removesuffix(w)
        return item

    def _flow_key(self, subject: str) -> str:
        """`收入、支出预算总计` and `收、支预算总计` as one key (rules/finance.toml
        `coordinated_flows`), so a change stated of either form is of the amount; the words
        of `growth_subject_drop` left out (`财政拨款预算支出` is the 财政拨款支出 of a budget)."""
        key = subject.replace("、", "")
        for w in self.packs.words("growth_subject_drop"):
            key = key.replace(w, "")
        for w in self.packs.words("coordinated_flows"):
            key = key.replace(w, w[:1])
        return key

    def _current(self, p: Para, p_index: int, k: int) -> Clause | None:
        """The amount a change is of: the nearest before it in its sentence, else the first
        figure of the sentence before (when the change opens its sentence), if that is an
        amount, sentences of words only (`主要用于…。`) passed over."""
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
        for back in range(1, 4):
            prev = [c for c in cl[:k] if c.sentence == sentence - back]
            if not prev:
                return None
            if all(c.quantity is None for c in prev):
                continue  # a sentence of words between (主要用于…): the amount is before it
            # words before the sentence's first figure (`此外，`, the `3` of `3、`) are no amount
            first = next(c for c in prev if c.quantity is not None)
            if first.kind in ("amount", "count") and not first.tail and not first.leads:
                return first
            return None
        return None

    def _named_current(self, p: Para, k: int) -> Clause | None:
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


def _bracketed_rate(change: Clause, rate: Clause) -> bool:
    """`较上年增加 0.46 万元（15.13%）`: a bare percentage in brackets right after the change
    is its rate, in the change's direction."""
    return (change.sep[:1] in "（(" and rate.kind == "percent" and not rate.label
            and not rate.tail and rate.sep[:1] in "）)" and rate.sentence == change.sentence)


def _same_role(role: str | None, wanted: str | None) -> bool:
    """A figure's role is the one a change names: the same, or a budget of any kind for a
    plain 预算数 (年初预算 is the budget when the sentence states only one)."""
    if role is None or wanted is None:
        return False
    return role == wanted or (wanted == "budget" and role.startswith("budget"))
