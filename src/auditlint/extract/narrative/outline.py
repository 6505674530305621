"""Outlines: marked paragraphs that break down the amount of the paragraph before them.

A 预算/决算 narrative often states a total and then, with no 其中, one marked paragraph per
part:

    2026 年度收入预算 900.00 万元，比 2025 年预算数增加 …。
    （一）本年财政拨款收入 850.00 万元
    1.一般公共预算拨款收入 850.00 万元。
    2.政府性基金预算拨款收入 0 万元。
    （二）上年结转结余 50.00 万元

Each paragraph that states one amount of its own period and is followed at once by a run of
two or more paragraphs marked in one style ((一)(二)…, 1. 2. …), each opening with an amount,
is the total of that run; deeper-marked paragraphs between them belong to the part above and
are its own run. The relation is inferred (no word says "parts"), so it is made only where
nothing says otherwise: no opener of its own (其中, 包括: the lists handle those), no part of
another period, of the other flow (收入 / 支出) or named like the total.
"""

from __future__ import annotations

from auditlint.document import Paragraph
from auditlint.extract.narrative.base import (
    Para,
    PhraseBase,
    clause_dimension,
    flow_of,
    item_marker,
    opener_of,
    plain_amount,
)
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import normalize
from auditlint.params import SumParams

# marker styles from the outermost level in
LEVELS = ("chinese", "paren-chinese", "arabic", "paren-arabic")
MIN_PARTS = 2
MAX_WORDS = 8  # paragraphs of words only (captions, explanations) between two parts
_FIGURES = ("amount", "count", "share")


class OutlineMixin(PhraseBase):
    """Totals broken down by the marked paragraphs that follow them."""

    def outlines(self) -> None:
        by_block = {p.block: p for p in self.paras}
        outer = self._outer_markers()
        for p in self.paras:
            if p.items_follow or any(opener_of(c) for c in p.clauses):
                continue
            nxt = self.ctx.document.blocks[p.block + 1] if p.block + 1 < len(
                self.ctx.document.blocks) else None
            if not isinstance(nxt, Paragraph) or item_marker(nxt.text.text) is None:
                continue  # the run must begin right after the total
            total = self._lead_amount(p)
            if total is None:
                continue
            parts = self._marked_run(p, by_block, total, outer[p.block])
            if parts is None or len(parts) < MIN_PARTS:
                continue
            name = normalize(total.label) or "total"
            labels = " + ".join(normalize(c.label) or "?" for c in parts)
            self.relate(kind="parts_sum", result=total.fact, trust="inferred",
                        operands=[c.fact for c in parts],
                        origin=f"the marked paragraphs after {name} break it down: "
                               f"{name} = {labels}",
                        params=SumParams(signs="+" * len(parts), name=name).as_params())

    def _lead_amount(self, p: Para) -> Clause | None:
        """The one amount of the paragraph's first sentence that is of its own period."""
        first = [c for c in p.clauses if c.sentence == p.clauses[0].sentence]
        amounts = [c for c in first if plain_amount(c) and not c.depth]
        if not amounts:
            return None
        own = [c for c in amounts if not self.earlier(c.label, amounts[0].label)]
        return own[0] if len(own) == 1 else None

    def _marked_run(self, p: Para, by_block: dict[int, Para], total: Clause,
                    outer: str | None) -> list[Clause] | None:
        """The amounts of the marked paragraphs right after `p`, one per paragraph of the
        first paragraph's style, which must be deeper than `p`'s own marker (`outer`). The run
        must end where the text moves on (a heading, another section, a table, a marker of an
        outer level); None when it ends otherwise or anything in it says these are not parts."""
        blocks = self.ctx.document.blocks
        style: str | None = None
        number = words = 0
        parts: list[Clause] = []
        for b in range(p.block + 1, len(blocks)):
            block = blocks[b]
            if not isinstance(block, Paragraph) or block.heading or block.section != p.section:
                return parts
            marker = item_marker(block.text.text)
            q = by_block.get(b)
            if marker is None:
                if q is not None and any(c.kind == "amount" for c in q.clauses):
                    return None
                words += 1
                if words > MAX_WORDS:
                    return None  # too far from the last part to be sure the run goes on
                continue  # a caption (图 2：…) or a line of words between the parts
            words = 0
            if style is None:
                if outer is not None and _level(marker[0]) <= _level(outer):
                    return None  # p is one of the run, not its total
                style, number = marker[0], marker[1] - 1
            if marker[0] == style:
                if marker[1] != number + 1 or q is None:
                    return None
                number += 1
                part = self._part_amount(q, total)
                if part is None:
                    return None
                parts.append(part)
            elif _level(marker[0]) < _level(style):
                return parts  # a marker of an outer level ends the run
        return parts

    def _outer_markers(self) -> list[str | None]:
        """For each block, the marker style of the item it belongs to: its own, or that of the
        marked paragraph it continues (no heading between); one pass over the document."""
        out: list[str | None] = []
        current: str | None = None
        for block in self.ctx.document.blocks:
            if not isinstance(block, Paragraph) or block.heading:
                current = None
            else:
                marker = item_marker(block.text.text)
                if marker is not None:
                    current = marker[0]
            out.append(current)
        return out

    def _part_amount(self, q: Para, total: Clause) -> Clause | None:
        """The amount a marked paragraph opens with: its first figure, in its first two
        sentences (`（一）基本支出。基本支出预算 x 万元`)."""
        head = q.clauses[0].sentence
        for c in q.clauses:
            if c.sentence > head + 1:
                return None
            if c.kind in _FIGURES or c.fact is not None:
                ok = plain_amount(c) and not c.depth \
                    and clause_dimension(c) == clause_dimension(total) \
                    and not self.earlier(c.label, total.label)
                label, total_label = normalize(c.label), normalize(total.label)
                flows = {flow_of(label), flow_of(total_label)} - {""}
                if not ok or label == total_label or len(flows) > 1:
                    return None
                return c
        return None


def _level(style: str) -> int:
    return LEVELS.index(style) if style in LEVELS else len(LEVELS)
