"""Cross-references: the same figure stated twice, counts stated of listed items, impossible units.

Runs last, when every fact of text and tables exists. It adds three kinds of relation:

- `same_as` (AL401): mentions whose subjects (`auditlint.extract.crossref.labels`) are equal. A subject the
  document itself uses for several different values in one paragraph or table, or for more than
  two values overall, names no single quantity and is not linked at all (precision first).
  A sentence that names a table's row and states its figures by their columns' words is
  linked to that row's cells (`rowtext`).
- `count` (AL402): `下设 16 个处室，分别是：A、B、…` — the stated count against the items listed,
  the numbered items announced by `共 5 项，…如下：`, or the rows of the table a count describes.
- `unit` (AL403): a unit that cannot be right for its quantity (`资金预算 28.09 年`).
"""

from __future__ import annotations

from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.counts import count_relations
from auditlint.extract.crossref.forms import form_text_links, narrative_links
from auditlint.extract.crossref.labels import Vocabulary
from auditlint.extract.crossref.link import link_groups
from auditlint.extract.crossref.mentions import (
    PERIOD_OF_KIND,
    narrative_mentions,
    of_period,
    table_mentions,
)
from auditlint.extract.crossref.rowtext import row_text_links
from auditlint.extract.crossref.scope import block_scopes, document_body, document_year
from auditlint.extract.crossref.structure import structure_counts
from auditlint.extract.crossref.tallies import tally_relations
from auditlint.extract.crossref.units import unit_relations


def extract(ctx: ExtractContext) -> None:
    """Runs last: every fact of text and tables exists, so each can be linked to the others."""
    vocab = Vocabulary.from_packs(ctx.packs).for_body(document_body(ctx))
    doc_year = document_year(ctx)
    scopes, in_forms = block_scopes(ctx)
    cells = table_mentions(ctx, vocab, doc_year, scopes)
    mentions = [m for m in narrative_mentions(ctx, vocab, doc_year, scopes, in_forms) + cells
                if m.subject.linkable]
    if ctx.graph.profile is not None and ctx.graph.profile.kind in PERIOD_OF_KIND:
        tag = PERIOD_OF_KIND[ctx.graph.profile.kind]
        mentions = [of_period(m, tag) for m in mentions]
    for group in link_groups(ctx, mentions):
        ctx.graph.relate(group)
    in_form = [m for m in narrative_mentions(ctx, vocab, doc_year, scopes, in_forms, inside=True)
               if m.subject.linkable and not m.approximate]
    for rel in form_text_links(ctx, in_form, cells, scopes, in_forms):
        ctx.graph.relate(rel)
    # a figure of the text already linked by its subject keeps that link alone
    linked = {f for r in ctx.graph.relations if r.kind == "same_as"
              for f in (r.result, *r.operands)}
    for rel in narrative_links(ctx, cells, scopes, in_forms):
        if rel.operands[0] not in linked:
            ctx.graph.relate(rel)
            linked.add(rel.operands[0])
    for rel in row_text_links(ctx, linked):
        ctx.graph.relate(rel)
    for rel in count_relations(ctx, vocab):
        ctx.graph.relate(rel)
    for rel in structure_counts(ctx):
        ctx.graph.relate(rel)
    for rel in tally_relations(ctx):
        ctx.graph.relate(rel)
    for rel in unit_relations(ctx):
        ctx.graph.relate(rel)
