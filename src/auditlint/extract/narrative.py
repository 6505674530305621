"""Facts of the narrative: every quantity of every paragraph, with the phrase it governs."""

from __future__ import annotations

import re

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity, scan
from auditlint.facts import FactKind

_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？、（）()\n]")
_LEADING_FILLER = re.compile(r"^(其中|另外|同时|以及|和|及|与|共|合计|总计|为|是|达|达到|约)+")
_TRAILING_FILLER = re.compile(r"(为|是|达到|达|约)+$")


def kind_of(q: Quantity) -> FactKind:
    dim = q.dimension
    if q.comparator:
        return "target"
    if dim == "money":
        return "amount"
    if dim in ("percent", "points"):
        return "percent"
    if dim == "score":
        return "score"
    if dim in ("person", "person-time", "count"):
        return "count"
    if q.scale and not q.unit:
        return "count"
    return "number"


def label_before(text: str, start: int) -> str:
    """The subject phrase a number closes: the clause before it, fillers trimmed."""
    head = text[:start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(head):
        cut = m.end()
    phrase = head[cut:].strip()
    phrase = _LEADING_FILLER.sub("", phrase)
    phrase = _TRAILING_FILLER.sub("", phrase).strip()
    return phrase[-40:]


def extract(ctx: ExtractContext) -> None:
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        found: list[tuple[Quantity, int]] = []
        for q in scan(text):
            fact = ctx.graph.add_fact(
                value=q.value, decimals=q.decimals, unit=q.full_unit, multiplier=q.multiplier,
                kind=kind_of(q), label=label_before(text, q.start), context=_sentence(text, q),
                span=block.text.span(q.start, q.end), text=q.text, block=block_no,
                comparator=q.comparator, section=" / ".join(block.section),
                location=f"paragraph {block.index}" + (f", page {block.page}" if block.page else ""),
            )
            found.append((q, fact.id))
        if found:
            ctx.paragraph_facts[block_no] = found


def _sentence(text: str, q: Quantity) -> str:
    """The sentence around a quantity, for reading a finding without opening the file."""
    start = max(text.rfind(p, 0, q.start) for p in "。；;！？")
    ends = [i for i in (text.find(p, q.end) for p in "。；;！？") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start + 1: end].strip()[:200]
