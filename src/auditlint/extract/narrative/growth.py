"""Growth: `比上年增加/减少 x，增长/下降 y%` (or `增加 x（y%）`) against the amount the change is
of."""

from __future__ import annotations

from auditlint.extract.narrative.base import Para, PhraseBase, clause_dimension, joined_label
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import normalize, subject_of_change
from auditlint.lazyre import lazy_compile
from auditlint.params import GrowthParams

_YEAR = lazy_compile(r"(?:19|20)\d{2}")


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
                bracketed = bracketed_rate(c, rate)
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
                return None if self._of_base(c, cl[k]) else c
        for back in range(1, 4):
            prev = [c for c in cl[:k] if c.sentence == sentence - back]
            if not prev:
                return None
            if all(c.quantity is None for c in prev):
                continue  # a sentence of words between (主要用于…): the amount is before it
            # words before the sentence's first figure (`此外，`, the `3` of `3、`) are no amount
            first = next(c for c in prev if c.quantity is not None)
            if first.kind in ("amount", "count") and not first.tail and not first.leads \
                    and not self._of_base(first, cl[k]):
                return first
            return None
        return None

    def _of_base(self, amount: Clause, change: Clause) -> bool:
        """The amount is of the period the change is measured from (`上年决算数 100 万元，…增加
        x`, `2023年… ，比2023年增加 x`): the base, not the amount the change is of."""
        if any(w in amount.label for w in self.packs.words("label_year_prior")):
            return True
        years = set(_YEAR.findall(change.label))
        return bool(years & set(_YEAR.findall(amount.label)))

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


def bracketed_rate(change: Clause, rate: Clause) -> bool:
    """`较上年增加 0.46 万元（15.13%）`: a bare percentage in brackets right after the change
    is its rate, in the change's direction."""
    return (change.sep[:1] in "（(" and rate.kind == "percent" and not rate.label
            and not rate.tail and rate.sep[:1] in "）)" and rate.sentence == change.sentence)

