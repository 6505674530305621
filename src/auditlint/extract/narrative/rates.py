"""Stated rates (`预决算差异率`, `执行率`) whose inputs the same or the previous sentence states."""

from __future__ import annotations

from auditlint.extract.narrative.base import FINANCE, PhraseBase, clause_dimension, subject_named
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import ends_with_any, normalize
from auditlint.packs import RateDef
from auditlint.params import RateParams


class RatesMixin(PhraseBase):
    """Rates defined in the rule packs, with their inputs found in the narrative."""

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
                            origin=f"{label} = {formula} ({FINANCE})",
                            params=RateParams(form="diff" if diff else "ratio", percent=True,
                                              name=label or "rate", numerator=num_l,
                                              denominator=den_l).as_params())

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
        if num is None or den is None or clause_dimension(num) != clause_dimension(den):
            return None
        num_subject = subject_named(num.label, rd.numerator)
        den_subject = subject_named(den.label, rd.denominator)
        if num_subject and den_subject and num_subject != den_subject:
            return None  # `三公经费预算 x，…因公出国费决算 y`: not one subject's figures
        return num, den
