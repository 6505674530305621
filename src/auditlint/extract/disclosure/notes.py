"""Notes under the tables of a disclosure against the tables: `本表为空表` under a table that
holds figures (AL701)."""

from __future__ import annotations

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview.text import norm
from auditlint.facts import Relation
from auditlint.params import EmptyTableParams

_NOTE_REACH = 16  # blocks between a note and the caption of the table it speaks of


def extract(ctx: ExtractContext) -> None:
    _empty_statements(ctx)


def _empty_statements(ctx: ExtractContext) -> None:
    """A note that the table above it is empty (本表为空表), against the figures that table
    holds: the blocks back to the table's caption (or the table itself, captioned)."""
    words = tuple(ctx.packs.words("empty_table_statements"))
    numbering = tuple(ctx.packs.words("column_number_labels"))
    blocks = ctx.document.blocks
    by_block: dict[int, list[int]] = {}
    for f in ctx.graph.facts:
        block = blocks[f.block] if f.block < len(blocks) else None
        if isinstance(block, Paragraph) and block.text.text.lstrip().startswith(numbering):
            continue
        if f.value != 0 and f.kind in ("amount", "number", "count", "percent"):
            by_block.setdefault(f.block, []).append(f.id)
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or not any(w in block.text.text for w in words):
            continue
        figures: list[int] = []
        for j in range(i - 1, max(-1, i - _NOTE_REACH), -1):
            above = blocks[j]
            if isinstance(above, Paragraph) and (above.heading or _is_title(above.text.text)
                                                 or any(w in above.text.text for w in words)):
                break
            figures = by_block.get(j, []) + figures
            if isinstance(above, Table) and above.caption:
                break
        if figures:
            line = block.text.whole_span().line
            ctx.graph.relate(Relation(
                kind="empty_table", result=figures[0], operands=figures[1:],
                origin=f"the note in line {line}", trust="pack",
                params=EmptyTableParams(note=block.text.text.strip(), line=line).as_params()))


def _is_title(text: str) -> bool:
    t = norm(text)
    return len(t) <= 40 and t.endswith("表")
