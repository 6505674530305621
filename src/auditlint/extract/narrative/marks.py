"""Marks of an unfinished text: placeholders (XX万元, 20XX年), punctuation typed twice (。。) and
reasons announced but not given (主要原因是。). Their words are in rules/wording.toml."""

from __future__ import annotations

import re

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.facts import Mark
from auditlint.packs import RulePacks

CONTEXT = 12  # characters of the paragraph shown on each side of a mark


_CACHE: dict[int, tuple[RulePacks, dict[str, re.Pattern[str]]]] = {}


def _patterns(packs: RulePacks) -> dict[str, re.Pattern[str]]:
    """One pattern per kind of mark, built once per rule packs from their words."""
    hit = _CACHE.get(id(packs))
    if hit is None or hit[0] is not packs:
        hit = _CACHE[id(packs)] = (packs, _build(packs))
    return hit[1]


def _build(packs: RulePacks) -> dict[str, re.Pattern[str]]:
    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    marks, follow = alt(packs.words("placeholder_marks")), alt(packs.words("placeholder_followers"))
    out: dict[str, re.Pattern[str]] = {}
    if marks:
        out["placeholder"] = re.compile(
            rf"(?<=[0-9０-９])(?:{marks})|(?:{marks})(?=\s*(?:{follow}))" if follow
            else rf"(?<=[0-9０-９])(?:{marks})")
    doubled = "".join(re.escape(p) for p in packs.words("doubled_punctuation"))
    if doubled:
        out["punctuation"] = re.compile(rf"([{doubled}])\1(?!\1)")
    openers, ends = alt(packs.words("reason_openers")), alt(packs.words("empty_reason_ends"))
    if openers and ends:
        out["empty_reason"] = re.compile(rf"(?:{openers})\s*[：:]?\s*(?=(?:{ends}))")
    return out


def extract(ctx: ExtractContext) -> None:
    patterns = _patterns(ctx.packs)
    if not patterns:
        return
    for block in ctx.document.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        for kind, pattern in patterns.items():
            for m in pattern.finditer(text):
                if kind == "punctuation" and text[max(0, m.start() - 1):m.start()] == m.group(1):
                    continue  # three or more in a row: a leader line
                start, end = m.start(), max(m.end(), m.start() + 1)
                where = f"paragraph {block.index}" + (f", page {block.page}" if block.page else "")
                ctx.graph.marks.append(Mark(
                    kind=kind, text=m.group(0), span=block.text.span(start, end), location=where,
                    context=text[max(0, start - CONTEXT): end + CONTEXT]))
