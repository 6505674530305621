"""Facts of the narrative: every quantity of every paragraph, with the phrase it governs."""

from __future__ import annotations

import bisect

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity, scan
from auditlint.facts import FactKind
from auditlint.lazyre import lazy_compile

_CLAUSE_BREAK = lazy_compile(r"[，,。；;：:！？、（）()\n]")
_LEADING_FILLER = lazy_compile(r"^(其中|另外|同时|以及|和|及|与|共|合计|总计|为|是|达|达到|约)+")
_TRAILING_FILLER = lazy_compile(r"(为|是|达到|达|约)+$")
_SENTENCE_END = lazy_compile(r"[。；;！？]")


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


_LABEL_WINDOW = 200  # the label keeps 40 characters: a longer clause is read by its tail


def label_before(text: str, start: int) -> str:
    """The subject phrase a number closes: the clause before it, fillers trimmed. Only the
    last `_LABEL_WINDOW` characters are searched, so a line of many numbers is not read
    again from its start for each of them."""
    lo = max(0, start - _LABEL_WINDOW)
    cut: int | None = None
    for m in _CLAUSE_BREAK.finditer(text, max(0, lo - 1), start):
        cut = m.end()
    whole = cut is not None or lo == 0  # the clause starts inside the window
    phrase = text[lo if cut is None else cut:start].strip()
    if whole:
        phrase = _LEADING_FILLER.sub("", phrase)
    phrase = _TRAILING_FILLER.sub("", phrase).strip()
    return phrase[-40:]


def extract(ctx: ExtractContext) -> None:
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        found: list[tuple[Quantity, int]] = []
        ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        for q in scan(text):
            fact = ctx.graph.add_fact(
                value=q.value, decimals=q.decimals, unit=q.full_unit, multiplier=q.multiplier,
                kind=kind_of(q), label=label_before(text, q.start),
                context=_sentence(text, q, ends),
                span=block.text.span(q.start, q.end), text=q.text, block=block_no,
                comparator=q.comparator, section=" / ".join(block.section),
                location=f"paragraph {block.index}" + (f", page {block.page}" if block.page else ""),
            )
            found.append((q, fact.id))
        if found:
            ctx.paragraph_facts[block_no] = found


def _sentence(text: str, q: Quantity, ends: list[int]) -> str:
    """The sentence around a quantity, for reading a finding without opening the file.
    `ends`: the positions of the paragraph's sentence ends, found once for all its numbers."""
    i = bisect.bisect_left(ends, q.start)
    start = ends[i - 1] if i else -1
    j = bisect.bisect_left(ends, q.end)
    end = ends[j] + 1 if j < len(ends) else len(text)
    return text[start + 1: end].strip()[:200]
