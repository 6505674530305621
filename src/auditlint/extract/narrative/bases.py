"""Changes against a base stated in their own sentence: both figures a change compares are there.

    培训费支出预算 40.00 万元，支出决算 36.50 万元，决算数较预算数减少 3.50 万元。
    上年决算数为 100.00 万元，本年决算数为 110.00 万元，增加 10.00 万元，增长 10.00%。
    2023年支出决算 20.00 万元，2024年支出决算 20.00 万元，与2023年持平。

* the change (3.50, 10.00) is the difference of the two figures, in the direction of its word
  (AL202, `form="change"`); `持平` says they agree (`form="flat"`); a rate after the change,
  or alone, is the difference over the base (`form="values"`).
* the base is named by its role (`较预算数`: rules/labels.toml `change_role_tags`) or by its
  period (`比上年`, `比2023年`, or nothing after a prior year's figure: `label_year_prior`).

Precision first: each side must name exactly one amount before the change in its sentence,
and the two must be of one item (their labels without role or period words agree); anything
else is left to the other growth phrases or alone.
"""

from __future__ import annotations

from functools import cached_property

from auditlint.extract.narrative.base import PhraseBase, plain_amount
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.growth import bracketed_rate
from auditlint.extract.narrative.labels import normalize
from auditlint.lazyre import lazy_compile
from auditlint.params import GrowthParams

_YEAR = lazy_compile(r"(?:19|20)\d{2}")
_YEAR_WORD = lazy_compile(r"(?:19|20)\d{2}\s*年(?:度)?")
# `决算数较年初预算数`, `与 2023 年度相比`: what is compared (may be left out) and with what
_COMPARED = lazy_compile(r"^(?P<subject>[^比较与]*?)(?:比|较|与)(?P<base>[^比较与]+?)"
                         r"(?:相比|比较)?$")
_CHANGES = ("change_up", "change_down")
_FILLER = lazy_compile(r"(?:为|是|：|:|，|,)+$")
_RATES = ("rate_up", "rate_down")


class BasesMixin(PhraseBase):
    """Changes, rates and 持平 against two figures of their sentence."""

    # ------------------------------------------------------------ by role
    def role_changes(self) -> None:
        """`预算 A 万元，支出决算 B 万元，决算数较预算数减少 x 万元`: the roles name the figures
        (the subject may be left out: then it is the one other amount of the sentence). Not
        when a figure is of a prior year."""
        for p in self.paras:
            cl = p.clauses
            for k, c in enumerate(cl):
                if c.kind not in _CHANGES or c.tail or c.fact is None:
                    continue
                m = _COMPARED.match(normalize(c.label))
                if m is None:
                    continue
                base_role = self._role_word(m.group("base"))
                subject = m.group("subject")
                cur_role = self._role_word(subject) if subject else None
                if base_role is None or (subject and cur_role is None) or cur_role == base_role:
                    continue
                before = [a for a in cl[:k] if a.sentence == c.sentence and plain_amount(a)]
                base = [a for a in before if _same_role(self._role_of(a.label), base_role)]
                others = [a for a in before if a not in base]
                cur = ([a for a in others if _same_role(self._role_of(a.label), cur_role)]
                       if cur_role else others)
                if len(base) != 1 or len(cur) != 1 or not self._one_item(base[0], cur[0]):
                    continue
                self._against(cl, k, cur[0], base[0])

    # ---------------------------------------------------------- by period
    def period_changes(self) -> None:
        """`上年决算数 A，本年决算数 B，增加 x，增长 y%` and `…，比2023年增加 x` / `与上年持平`:
        the base is the one amount of the sentence stated for the prior period (a prior-year
        word, or the year named after 比), the current the one other amount of the same item."""
        for p in self.paras:
            cl = p.clauses
            for k, c in enumerate(cl):
                if c.kind not in (*_CHANGES, *_RATES, "flat") or c.tail:
                    continue
                if c.kind != "flat" and c.fact is None:
                    continue
                found = self._period_base(c.label)
                if found is None:
                    continue
                subject, period, role = found
                before = [a for a in cl[:k] if a.sentence == c.sentence and plain_amount(a)]
                base = [a for a in before if self._of_period(a.label, period)
                        and (role is None or _same_role(self._role_of(a.label), role))]
                if len(base) != 1:
                    continue
                item = self._period_item(base[0].label)
                cur = [a for a in before if a is not base[0] and item
                       and not self._of_period(a.label, period)
                       and self._period_item(a.label) == item]
                if len(cur) != 1:
                    continue
                if subject and not (item.endswith(subject) or subject.endswith(item)):
                    continue
                self._against(cl, k, cur[0], base[0])

    def _period_base(self, label: str) -> tuple[str, str, str | None] | None:
        """(subject, period, role) of a change's words: period `prior` or a year; None when
        the words name a base another way (`比2023年预算执行数`: items.py, by its label)."""
        text = "".join(label.split())
        if not text:
            return "", "prior", None
        m = _COMPARED.match(text)
        if m is None:
            return None
        subject = self._strip_period(m.group("subject"))
        base = m.group("base")
        year = _YEAR_WORD.match(base)
        if year is not None:
            period, rest = _YEAR.search(year.group()).group(), base[year.end():]  # type: ignore[union-attr]
        else:
            word = next((w for w in self._prior_words if base.startswith(w)), None)
            if word is None:
                return None
            period, rest = "prior", base[len(word):]
        rest = rest.removeprefix("同期")
        role = self._role_word(rest) if rest else None
        if rest and role is None:
            return None
        return subject, period, role

    @cached_property
    def _prior_words(self) -> list[str]:
        return sorted(self.packs.words("label_year_prior"), key=len, reverse=True)

    @cached_property
    def _period_words(self) -> list[str]:
        return sorted([*self.packs.words("label_year_prior"),
                       *self.packs.words("label_year_current")], key=len, reverse=True)

    def _of_period(self, label: str, period: str) -> bool:
        if period == "prior":
            return any(w in label for w in self._prior_words)
        return period in _YEAR.findall(label)

    def _strip_period(self, text: str) -> str:
        s = _YEAR_WORD.sub("", "".join(text.split()))
        for w in self._period_words:
            s = s.replace(w, "")
        return normalize(s)

    def _period_item(self, label: str) -> str:
        """What an amount is of, its period left out (`上年决算数为` and `本年决算数` are of
        决算数; `2024年支出决算` of 支出决算)."""
        return self._strip_period(label)

    # ------------------------------------------------------------- shared
    def _against(self, cl: list[Clause], k: int, current: Clause, base: Clause) -> None:
        """Relate clause k (a change, a rate or 持平) to the two figures it compares, and a
        rate right after a change to them too, unless another phrase read it already."""
        c = cl[k]
        cur, prev = self.fact(current), self.fact(base)
        if cur.kind != prev.kind:
            return
        cur_label, base_label = normalize(current.label), normalize(base.label)
        if cur_label == base_label:  # `2024年支出决算` and `2023年支出决算`: their years tell
            cur_label, base_label = _compact(current.label), _compact(base.label)
        name = f"change of {cur_label} over {base_label}"
        if c.kind == "flat":
            if not self._related(cur.id, prev.id):
                self.relate(kind="growth", result=cur.id, operands=[cur.id, prev.id],
                            trust="explicit", origin=f"{normalize(c.label)}持平",
                            params=GrowthParams(form="flat", name=name).as_params())
            return
        if c.kind in _RATES:
            self._rate(c, c.kind == "rate_up", cur.id, prev.id, name, cur_label, base_label)
            return
        change = self.fact(c)
        if change.kind != cur.kind or change.value < 0:
            return
        up = c.kind == "change_up"
        if not self._related(change.id):  # (items.py reads `比<label>` bases first)
            self.relate(kind="growth", result=change.id, operands=[cur.id, prev.id],
                        trust="explicit", origin=f"{normalize(c.label)}{c.word} {change.text}",
                        params=GrowthParams(form="change", name=name,
                                            direction="increase" if up else "decrease",
                                            current=cur_label, previous=base_label).as_params())
        rate = cl[k + 1] if k + 1 < len(cl) else None
        if rate is None or rate.fact is None or rate.sentence != c.sentence:
            return
        if bracketed_rate(c, rate):
            self._rate(rate, up, cur.id, prev.id, name, cur_label, base_label)
        elif rate.kind in _RATES and not rate.tail and not rate.label:
            self._rate(rate, rate.kind == "rate_up", cur.id, prev.id, name, cur_label,
                       base_label)

    def _rate(self, rate: Clause, up: bool, cur: int, prev: int, name: str, cur_label: str,
              base_label: str) -> None:
        """The rate over the two figures. One read already from the change and the current
        figure (`growth`) is replaced: with the base stated, a wrong change would make the
        right rate look wrong too."""
        if rate.fact is None:
            return
        for r in self.graph.relations:
            if r.kind == "growth" and r.result == rate.fact:
                if GrowthParams.of(r).form is not None or cur not in r.operands:
                    return
                self.graph.relations.remove(r)
                break
        self.relate(kind="growth", result=rate.fact, operands=[cur, prev], trust="explicit",
                    origin=f"{rate.word} {self.fact(rate).text} of "
                           f"{self.graph[cur].text} over {self.graph[prev].text}",
                    params=GrowthParams(form="values", name=name, narrative=True,
                                        rate_direction="increase" if up else "decrease",
                                        current=cur_label, previous=base_label).as_params())

    def _related(self, result: int, *operands: int) -> bool:
        """A growth relation states this fact already (of these operands, when given)."""
        return any(r.kind == "growth" and r.result == result
                   and (not operands or set(operands) <= set(r.operands))
                   for r in self.graph.relations)

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
        names a prior year or two labels different years."""
        first, second = sorted((a, b), key=lambda x: x.start)
        if any(w in x.label for x in (first, second) for w in self._prior_words):
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


def _same_role(role: str | None, wanted: str | None) -> bool:
    """A figure's role is the one a change names: the same, or a budget of any kind for a
    plain 预算数 (年初预算 is the budget when the sentence states only one)."""
    if role is None or wanted is None:
        return False
    return role == wanted or (wanted == "budget" and role.startswith("budget"))


def _compact(label: str) -> str:
    return _FILLER.sub("", "".join(label.split()))
