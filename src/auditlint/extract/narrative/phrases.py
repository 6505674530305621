"""Relation phrases of the narrative: parts of a total, shares, growth, stated rates, identities.

Each paragraph is cut into typed clauses (`extract.narrative.clauses`, grammar `grammar/phrases.lark`);
this stage reads the clause sequence and adds relations between the facts the narrative
stage made:

- `其中 / 包括 / 主要用于以下方面 / 按…划分为` lists -> parts_sum (AL102); shares of their
  items -> share (AL203) and share_total (AL204);
- `占 [名称的] y%` with a named total -> share, the total found by its label;
- `比上年增加/减少 x，增长/下降 y%` -> growth (AL202) against the amount the change is of;
  `决算数较预算数减少 x`, `上年 A，本年 B，增加 x` -> growth (AL202) against the two figures
  of the sentence that its roles or periods name (`extract.narrative.bases`);
- stated rates (`预决算差异率`, `执行率`, `完成年初预算的`) whose inputs are stated in the
  same or the previous sentence -> rate (AL201), definitions from the rule packs;
- marked paragraphs ((一)(二)…) each opening with an amount, right after a paragraph stating
  one amount -> parts_sum of that amount (inferred, `extract.narrative.outline`);
- runs of `名称 x 万元，占 y%` without an opener (one per numbered paragraph) -> share and
  share_total against the preceding amount that the shares themselves point to (inferred);
- the accounting identities of the rule packs -> identity (AL103);
- `决算数小于年初预算数` between two figures of a paragraph -> comparison (AL205).

Precision first: a relation is made only when the phrase leaves no doubt about which figures
it relates; anything else is left alone.
"""

from __future__ import annotations

from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative import items
from auditlint.extract.narrative.bases import BasesMixin
from auditlint.extract.narrative.brackets import BracketsMixin
from auditlint.extract.narrative.compare import CompareMixin
from auditlint.extract.narrative.growth import GrowthMixin
from auditlint.extract.narrative.identities import IdentitiesMixin
from auditlint.extract.narrative.lists import ListsMixin
from auditlint.extract.narrative.outline import OutlineMixin
from auditlint.extract.narrative.rates import RatesMixin
from auditlint.extract.narrative.shares import SharesMixin


class PhraseBuilder(ListsMixin, BracketsMixin, OutlineMixin, SharesMixin, GrowthMixin, BasesMixin,
                    RatesMixin, IdentitiesMixin, CompareMixin):
    """Every family of relation phrases, over one document's narrative."""


def extract(ctx: ExtractContext) -> None:
    b = PhraseBuilder(ctx)
    b.read()
    b.numbered_lists()
    for p in b.paras:
        b.find_lists(p)
    b.emit_lists()
    b.outlines()
    b.named_shares()
    b.growth()
    items.relate(ctx, b.paras, b.fact)
    b.role_changes()
    b.period_changes()
    b.rates()
    b.runs()
    b.identities()
    b.comparisons()
