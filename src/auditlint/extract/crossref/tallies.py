"""Tallies: the counts of a distribution list against the count its subject states elsewhere.

A 绩效评价报告 says what a fund was spent on as a list of recipients, each with its count
(`X补助预算600万元，实际支出600万元。用于：A负责的企业22家，资金420.8万元；B负责的企业4家，…`),
and elsewhere states how many the fund covered (`X资金覆盖企业41家`). The counts of the list,
all of one noun and counter (企业…家), add up to what the subject covered: a sentence that
names the subject and states a count of the same noun and counter is checked against their sum
(AL402). The opener of such a list and the words that end its subject (`预算`, `实际支出`) are
`tally_openers` and `tally_subject_ends` of rules/labels.toml.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.packs import RulePacks
from auditlint.params import CountParams

_SENTENCE = lazy_compile(r"[^。！？]+[。！？]?")
_SEGMENT_SPLIT = lazy_compile(r"[；;、，,]")
_CLAUSE = lazy_compile(r"[，,；;：:。！？]")
_CJK = lazy_compile(r"[\u4e00-\u9fff]")
_ENUMERATOR = lazy_compile(r"^[\s①②③④⑤⑥⑦⑧⑨⑩（(一二三四五六七八九十\d)）、.．]*")
_NOUN = 2  # characters before a count that name what it counts (企业22家)
_MIN_SUBJECT = 4


@dataclass(frozen=True)
class _Count:
    fact: Fact
    noun: str
    start: int  # offset in its paragraph


def _counts(ctx: ExtractContext, block_no: int, text: str) -> list[_Count]:
    """The paragraph's whole counts with a counter, each with the characters before it."""
    out: list[_Count] = []
    for q, fid in ctx.paragraph_facts.get(block_no, []):
        fact = ctx.graph[fid]
        if fact.kind != "count" or fact.decimals or not fact.unit or fact.multiplier != 1:
            continue
        noun = text[max(0, q.start - _NOUN): q.start]
        if len(noun) == _NOUN and all(_CJK.match(ch) for ch in noun):
            out.append(_Count(fact, noun, q.start))
    return out


def _subject(sentence: str, packs: RulePacks) -> str | None:
    """`其中：关停企业困难补助预算600万元，…` -> `关停企业困难补助`: the sentence's opening
    name, up to the first word that ends a subject."""
    text = _ENUMERATOR.sub("", sentence)
    for opener in packs.words("tally_list_prefixes"):
        if text.startswith(opener):
            text = text[len(opener):].lstrip("：: ")
    ends = [i for w in packs.words("tally_subject_ends") if (i := text.find(w)) > 0]
    if not ends:
        return None
    subject = text[: min(ends)]
    if len(subject) < _MIN_SUBJECT or not all(_CJK.match(ch) for ch in subject):
        return None
    return subject


def tally_relations(ctx: ExtractContext) -> list[Relation]:
    packs = ctx.packs
    openers = tuple(packs.words("tally_openers"))
    if not openers:
        return []
    paragraphs = [(no, b) for no, b in enumerate(ctx.document.blocks)
                  if isinstance(b, Paragraph) and not b.heading]
    out: list[Relation] = []
    for block_no, block in paragraphs:
        text = block.text.text
        counts = _counts(ctx, block_no, text)
        sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]
        for k, (start, sentence) in enumerate(sentences):
            opener = next((o for o in openers if sentence.startswith(o)), None)
            if opener is None or k == 0 or not sentence[len(opener):].startswith(("：", ":")):
                continue
            subject = _subject(sentences[k - 1][1], packs)
            listed = [c for c in counts if start <= c.start < start + len(sentence)]
            tally = _tally(listed, sentence, start)
            if subject is None or tally is None:
                continue
            out.extend(_stated(ctx, paragraphs, subject, tally))
    return out


def _tally(listed: list[_Count], sentence: str, start: int) -> list[_Count] | None:
    """The list's counts when every one is of the same noun and counter, one to a segment."""
    if len(listed) < 2:
        return None
    if len({(c.noun, c.fact.unit) for c in listed}) != 1:
        return None
    segments = [start + m.start() for m in _SEGMENT_SPLIT.finditer(sentence)]
    where = [sum(1 for s in segments if s < c.start) for c in listed]
    if len(set(where)) != len(where):
        return None  # two counts in one segment: not one count per recipient
    return listed


def _stated(ctx: ExtractContext, paragraphs: list[tuple[int, Paragraph]], subject: str,
            tally: list[_Count]) -> list[Relation]:
    """A count relation for each sentence elsewhere that names the subject and states a count
    of the list's noun and counter."""
    noun, unit = tally[0].noun, tally[0].fact.unit
    total = sum(int(c.fact.value) for c in tally)
    listed = {c.fact.id for c in tally}
    out: list[Relation] = []
    for block_no, block in paragraphs:
        text = block.text.text
        if subject not in text:
            continue
        for c in _counts(ctx, block_no, text):
            if c.noun != noun or c.fact.unit != unit or c.fact.id in listed:
                continue
            clause = _CLAUSE.split(text[: c.start])[-1]
            if subject not in clause:
                continue  # the subject names the count only within its own clause
            stated = c.fact
            if not max(int(c.fact.value) for c in tally) < stated.value <= 2 * total:
                continue  # a count that far from the list's does not count its recipients
            parts = " + ".join(str(int(c.fact.value)) for c in tally)
            basis = f"{noun} listed for {subject} ({parts})"
            out.append(Relation(
                kind="count", result=stated.id, operands=[c.fact.id for c in tally],
                trust="inferred", origin=basis,
                params=CountParams(counted=total, readings=[total], items="", noun=unit or "",
                                   basis=basis).as_params()))
    return out
