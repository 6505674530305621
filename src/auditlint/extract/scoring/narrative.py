"""Scores in the narrative: `部门职能（指标分值 5 分，评价得分 5 分）`, `投入指标满分为 20 分，评价
得分为 13 分`, `综合评价得分：93 分`, grades (`等级为“良”`) and grade bands.

Each weight/score statement becomes a `TextNode` placed in the outline of the report: a node
stated in a numbered heading (`1.部门职能（…）`) sits at that heading's level; a node stated in
the body under a heading (`（一）投入指标评价结果` / `…投入指标满分为 20 分…`) speaks for that
heading. Children are the nodes one level down until the next node at the same level; a
child level is complete only when every numbered heading of it carries a weight or score.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from auditlint.bands import Band
from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity
from auditlint.extract.scoring.bands import find_bands
from auditlint.extract.tableview.text import numbering_level, strip_numbering
from auditlint.lazyre import lazy_compile

_HEADING_MAX = 60
# a numbered paragraph that opens with `name（指标分值 x 分，评价得分 y 分）` is a heading too
_PAIR_HEAD = lazy_compile(r"^.{0,50}?[（(][^）)]{0,20}\d+(?:\.\d+)?\s*分[^）)]{0,20}[)）]")


@dataclass
class TextNode:
    name: str  # the subject as written
    key: str  # normalised subject, for matching table indicators
    weight: int | None  # fact ids
    score: int | None
    block: int  # index into Document.blocks
    level: float  # outline level (1 一、 … 5 ①); totals have the level of their siblings
    total: bool = False  # 综合得分 / 总分: the whole report's or project's score
    context: list[str] = field(default_factory=list)  # headings above, outermost first
    children: list[TextNode] = field(default_factory=list)
    complete: bool = False  # every heading of the child level carries a node
    inline: bool = False  # children listed after it in its own paragraph (其中 …)


@dataclass
class Heading:
    block: int
    level: int
    text: str
    node: TextNode | None = None


@dataclass
class GradeStatement:
    grade: str
    score: int  # fact id of the score the grade is given for
    block: int


@dataclass
class BandSet:
    bands: list[Band]
    facts: list[int]  # a fact of each band's clause (first number), for locations
    blocks: list[int]


@dataclass
class Narrative:
    nodes: list[TextNode] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    grades: list[GradeStatement] = field(default_factory=list)
    band_sets: list[BandSet] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# words


def _quantity_start(found: tuple[Quantity, int]) -> int:
    return found[0].start


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Words:
    weight: re.Pattern[str]
    score: re.Pattern[str]
    total: re.Pattern[str]
    grades: tuple[str, ...]
    grade_classes: dict[str, list[str]]


def words_of(ctx: ExtractContext) -> Words:
    packs = ctx.packs
    weight = packs.synonyms("weight_word")
    score = packs.synonyms("score_word")
    total = list(packs.totals("score"))
    filler = r"(?:为|是|：|:|达到|达|共|合计|共计)?\s*$"
    classes = {k: packs.words(k) for k in ("grade_excellent", "grade_good", "grade_fair",
                                            "grade_poor")}
    grades = tuple(w for ws in classes.values() for w in ws)
    return Words(
        weight=re.compile(rf"(?:{_alt(weight)})\s*{filler}"),
        score=re.compile(rf"(?<!扣)(?:{_alt(score)})类?\s*{filler}"),
        total=re.compile(rf"(?:{_alt(total)})\s*{filler}"),
        grades=grades, grade_classes=classes,
    )


# ---------------------------------------------------------------------------------------------
# subjects


_STRIP_SUFFIX = lazy_compile(r"(评价结果|完成情况|情况分析|情况|分析|评价|结果|方面)+$")
_MARKER = lazy_compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[①-⑳]|\d{1,2}\s)\s*")
_NOISE = lazy_compile(r"[\s\u3000“”\"'‘’《》「」【】]")


def subject_key(text: str) -> str:
    """The indicator a subject names, comparable across narrative and tables:
    `（一）投入指标评价结果` -> 投入, `产出类指标` -> 产出, `部门职能（5 分）` -> 部门职能."""
    t = _MARKER.sub("", text.strip())
    t = _NOISE.sub("", t)
    t = strip_numbering(t)
    t = _without_brackets(t)
    t = re.sub(r"^(该|本|其|此)(项|项目|指标)?", "", t)
    t = re.sub(r"^(项目|部门)(?=.{2,})", "", t)
    t = _STRIP_SUFFIX.sub("", t)
    t = re.sub(r"(类)?(评价)?指标(得分|分值)?$", "", t)
    t = re.sub(r"类$", "", t)
    return t


_OPEN, _CLOSE = lazy_compile(r"[（(]"), lazy_compile(r"[)）]")


def _without_brackets(t: str) -> str:
    """Each bracket opened, through the first closer after it, left out: as
    `re.sub(r"[（(][^）)]*[)）]", "", t)`, but an opener without a closer after it ends the
    search, where the regex would scan to the end from every later opener (quadratic)."""
    out, i = [], 0
    while (o := _OPEN.search(t, i)) and (c := _CLOSE.search(t, o.end())):
        out.append(t[i:o.start()])
        i = c.end()
    out.append(t[i:])
    return "".join(out)


def _clause_start(text: str, end: int) -> int:
    cut = 0
    for m in re.finditer(r"[，,。；;：:！？\n]", text[:end]):
        cut = m.end()
    return cut


# ---------------------------------------------------------------------------------------------
# extraction


def _role(text: str, q: Quantity, words: Words) -> str | None:
    """weight / score / total / None for a quantity in 分, from the words just before it."""
    if q.unit != "分" or q.comparator or q.scale:
        return None
    head = text[max(0, q.start - 14): q.start]
    if re.search(r"(扣|扣除|减|加|每)\s*$", head):
        return None
    if words.total.search(head):
        return "total"
    if words.weight.search(head):
        return "weight"
    if words.score.search(head) and not re.search(r"得分率\s*$", head):
        return "score"
    return None


def _is_heading(p: Paragraph) -> int | None:
    text = p.text.text.strip()
    level = numbering_level(text)
    if level is None:
        m = re.match(r"^\d{1,2}\s+(?=[\u4e00-\u9fff])", text)
        if m:
            level = 3
    if level is None:
        return None
    if p.heading or len(text) <= _HEADING_MAX or _PAIR_HEAD.match(text):
        return level
    return None


def extract_narrative(ctx: ExtractContext) -> Narrative:
    words = words_of(ctx)
    out = Narrative()
    last_heading: Heading | None = None
    heading_stack: list[Heading] = []
    pending_bands: list[tuple[int, Band, int]] = []
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        level = _is_heading(block)
        heading: Heading | None = None
        if level is not None:
            heading = Heading(block_no, level, text.strip())
            out.headings.append(heading)
            while heading_stack and heading_stack[-1].level >= level:
                heading_stack.pop()
            heading_stack.append(heading)
            last_heading = heading
        facts = ctx.paragraph_facts.get(block_no, [])
        roles = [(q, fid, _role(text, q, words)) for q, fid in facts]
        _pairs(ctx, out, text, block_no, roles, heading, last_heading, heading_stack)
        _grades(out, text, block_no, roles, words)
        for band in find_bands(text):
            k = bisect_left(facts, band.start, key=_quantity_start)  # facts in text order
            fid = facts[k][1] if k < len(facts) and facts[k][0].start < band.end else None
            if fid is not None:
                pending_bands.append((block_no, band, fid))
    out.band_sets = _band_sets(pending_bands, ctx)
    _outline(out)
    return out


@dataclass
class _Raw:
    weight: int | None
    score: int | None
    total: bool
    name: str
    key: str
    start: int
    end: int


def _raw_pairs(text: str, roles: list[tuple[Quantity, int, str | None]]) -> list[_Raw]:
    """Weight/score statements of one paragraph, in order, with their subjects."""
    out: list[_Raw] = []
    i = 0
    while i < len(roles):
        q, fid, role = roles[i]
        if role is None:
            i += 1
            continue
        weight = score = None
        end = q.end
        if role == "weight":
            weight = fid
            if i + 1 < len(roles) and roles[i + 1][2] in ("score", "total"):
                between = text[q.end: roles[i + 1][0].start]
                if len(between) <= 14 and not re.search(r"[。；;]", between):
                    score = roles[i + 1][1]
                    end = roles[i + 1][0].end
                    i += 1
        else:
            score = fid
        i += 1
        # the subject: before a bracket opened just before the weight word, else the clause
        word_start = _word_start(text, q.start)
        bracket = max(text.rfind("（", 0, word_start), text.rfind("(", 0, word_start))
        closing = max(text.rfind("）", 0, word_start), text.rfind(")", 0, word_start))
        if bracket > closing and bracket >= 0 and word_start - bracket <= 3:
            name = text[_clause_start(text, bracket):bracket]
        else:
            name = text[_clause_start(text, word_start): word_start]
        name = name.strip()
        out.append(_Raw(weight, score, role == "total", name, subject_key(name), q.start, end))
    return out


def _pairs(ctx: ExtractContext, out: Narrative, text: str, block_no: int,
           roles: list[tuple[Quantity, int, str | None]], heading: Heading | None,
           last_heading: Heading | None, stack: list[Heading]) -> None:
    raws = _raw_pairs(text, roles)
    named = [r for r in raws if not r.total and r.weight is not None and r.key]
    listing = len(named) >= 2 and heading is None
    base = (last_heading.level + 0.5) if last_heading else 0.5
    context = [h.text for h in stack]
    made: list[tuple[_Raw, TextNode]] = []
    for raw in raws:
        attached: Heading | None = None
        if raw.total:
            node = TextNode(name=raw.name or "总分", key="", weight=raw.weight, score=raw.score,
                            block=block_no, level=base, total=True, context=context)
            out.nodes.append(node)
            made.append((raw, node))
            continue
        if heading is not None and heading.node is None:
            attached, level = heading, float(heading.level)
        elif not listing and last_heading is not None and last_heading.node is None:
            attached, level = last_heading, float(last_heading.level)
        elif raw.weight is None or not raw.key:
            continue  # a score restated in the body of an indicator ("故该项得 2 分")
        else:
            level = base
        name, key = raw.name, raw.key
        if attached is not None:
            heading_key = subject_key(attached.text)
            if heading_key:
                name, key = attached.text, heading_key
        node = TextNode(name=name, key=key, weight=raw.weight, score=raw.score, block=block_no,
                        level=level, context=context)
        if attached is not None:
            attached.node = node
        out.nodes.append(node)
        made.append((raw, node))
    # `总分为 93 分……其中，投入指标分值 15 分，评价得分 14 分；……`: the list is the total's
    for i, (raw, node) in enumerate(made):
        if not node.total:
            continue
        rest = [(r, n) for r, n in made[i + 1:]]
        if len(rest) >= 2 and all(not n.total for _, n in rest) and \
                "其中" in text[raw.end: rest[0][0].start]:
            node.children = [n for _, n in rest]
            node.level = rest[0][1].level
            node.complete = True
            node.inline = True


def _word_start(text: str, num_start: int) -> int:
    """Where the weight/score word before a number begins (`指标分值 5` -> index of 指)."""
    head = text[:num_start].rstrip(" 为是：:达到共计合")
    m = re.search(r"[\u4e00-\u9fff]+$", head)
    if not m:
        return num_start
    word = m.group(0)
    for w in _start_words():
        if word.endswith(w):
            return m.end() - len(w)
    return m.start()


@cache
def _start_words() -> tuple[str, ...]:
    """The weight, score and total-score words of the packs (and 得分类), longest first."""
    from auditlint.packs import load_packs

    packs = load_packs()
    found = [*packs.synonyms("weight_word"), *packs.synonyms("score_word"),
             *packs.totals("score"), "得分类"]
    return tuple(sorted(dict.fromkeys(found), key=len, reverse=True))


_GRADE_RE = lazy_compile(
    r"(?:等级|等次|评级|评价结果|结果|评定|级别)(?:为|是|：|:|评定为|评为|属于|确定为|定为)?\s*"
    r"[“\"'「『]?(?P<g>[\u4e00-\u9fff]{1,3}?)[”\"'」』]?(?:等级|等次|级)?(?=[，,。；;、）)\s]|$)")


def _grades(out: Narrative, text: str, block_no: int,
            roles: list[tuple[Quantity, int, str | None]], words: Words) -> None:
    for m in _GRADE_RE.finditer(text):
        grade = m.group("g")
        if grade not in words.grades:
            continue
        sentence_start = max(text.rfind(p, 0, m.start()) for p in "。；;！？") + 1
        candidates = [(q, fid) for q, fid, role in roles
                      if role in ("total", "score") and sentence_start <= q.start < m.start()]
        if not candidates:
            continue
        _, fid = candidates[-1]
        out.grades.append(GradeStatement(grade=grade, score=fid, block=block_no))


def _band_sets(found: list[tuple[int, Band, int]], ctx: ExtractContext) -> list[BandSet]:
    """Bands of consecutive paragraphs (or one paragraph) form one statement of the bands."""
    sets: list[BandSet] = []
    blocks = ctx.document.blocks
    for block_no, band, fid in found:
        cur = sets[-1] if sets else None
        if cur is not None and band.grade not in {b.grade for b in cur.bands} and (
                block_no == cur.blocks[-1] or _adjacent(blocks, cur.blocks[-1], block_no)):
            if block_no != cur.blocks[-1]:
                cur.blocks.append(block_no)
            cur.bands.append(band)
            cur.facts.append(fid)
        else:
            sets.append(BandSet([band], [fid], [block_no]))
    return [s for s in sets if len(s.bands) >= 2]


def _adjacent(blocks: list[object], a: int, b: int) -> bool:
    """No paragraph between blocks a and b other than empty ones."""
    for i in range(a + 1, b):
        blk = blocks[i]
        if not isinstance(blk, Paragraph) or blk.text.text.strip():
            return False
    return True


def _outline(out: Narrative) -> None:
    """Give each node its children (the nodes one level down until the next node at its
    level or above) and decide whether they are complete."""
    nodes = out.nodes
    headings = out.headings
    for i, node in enumerate(nodes):
        if node.total:
            if not node.inline:
                _total_children(out, i)
            continue
        kids: list[TextNode] = []
        end_block = None
        for other in nodes[i + 1:]:
            if other.total or other.level <= node.level or other.block == node.block:
                end_block = other.block
                break
            kids.append(other)
        if not kids:
            continue
        child_level = min(k.level for k in kids)
        node.children = [k for k in kids if k.level == child_level]
        # every heading at the child level in the range must carry a node
        last = end_block if end_block is not None else (kids[-1].block + 1)
        in_range = [h for h in headings if node.block < h.block < last]
        stop = next((h for h in in_range if h.level <= node.level), None)
        if stop is not None:
            in_range = [h for h in in_range if h.block < stop.block]
            node.children = [k for k in node.children if k.block < stop.block]
        node.complete = bool(node.children) and all(
            h.node is not None for h in in_range if h.level == child_level)


def _total_children(out: Narrative, i: int) -> None:
    """A total speaks for the nodes before it, back to the heading that opens their section."""
    total = out.nodes[i]
    before = [n for n in out.nodes[:i] if not n.total]
    kids: list[TextNode] = []
    headings = [h for h in out.headings if h.block <= total.block]
    for h in reversed(headings):
        if h.node is not None:
            continue
        # the first heading without a node of its own opens the section
        kids = [n for n in before if n.block > h.block]
        if not kids:
            return
        level = min(k.level for k in kids)
        if h.level >= level:
            continue
        children = [k for k in kids if k.level == level]
        in_range = [x for x in out.headings if h.block < x.block < total.block
                    and x.level == level]
        total.children = children
        total.level = level
        total.complete = all(x.node is not None for x in in_range)
        return
