"""What every family of relation phrases shares: the paragraphs as clause sequences, the lists
read from them, and small tests on clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative.clauses import SENTENCE_END, Clause, split_clauses, words
from auditlint.extract.narrative.labels import ends_with_any, normalize
from auditlint.facts import Fact, Interval, Relation, ratio, to_unit_of, total_of
from auditlint.lazyre import lazy_compile
from auditlint.packs import RulePacks

HUNDRED = Decimal(100)
_OPENERS = frozenset(words().lead)
SUBSET_OPENERS = frozenset(words().subset)
CONTINUE = frozenset(words().each)
REASON = lazy_compile(r"原因|主要是|由于|因为|用于|说明|系|包括")
FINANCE = "rules/finance.toml"


@dataclass
class Para:
    seq: int  # order among paragraphs with facts
    block: int  # the (last) block it was read from
    section: tuple[str, ...]
    clauses: list[Clause]
    text: str = ""
    items_follow: bool = False  # ends with an opener whose items are numbered paragraphs


@dataclass
class Item:
    clause: Clause
    share: Clause | None = None


@dataclass
class ItemList:
    para: Para
    lead: int  # index of the clause with the opener
    opener: str
    mode: str  # amount | change
    items: list[Item] = field(default_factory=list)
    total: Clause | None = None
    clean: bool = True
    complete: bool = True
    numbered: str = ""  # items are numbered paragraphs: the role of their figures


ITEM_KINDS = ("amount", "count", "change_up", "change_down")


class PhraseBase:
    """The narrative as clause sequences, and the lists read so far; each family of
    relation phrases is a mixin of this."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        self.graph = ctx.graph
        self.packs: RulePacks = ctx.packs
        self.paras: list[Para] = []
        self.in_list: set[int] = set()  # fact ids that are items of a list
        self.share_done: set[int] = set()  # share facts already related
        self.lists: list[ItemList] = []  # lists with a total
        self.collected: list[ItemList] = []  # every list read, with a total or not
        self.table_totals: dict[str, Fact | None] = {}  # a named total found in the tables
        # the same lists by paragraph, and the clauses that are items of one (by identity):
        # asked for every clause, they must not be found by reading every list
        self.collected_in: dict[int, list[ItemList]] = {}
        self.item_clauses: set[int] = set()

    def collect(self, lst: ItemList) -> None:
        """Keep a list read (its items complete), indexed by paragraph and by item clause."""
        self.collected.append(lst)
        self.collected_in.setdefault(id(lst.para), []).append(lst)
        self.item_clauses.update(id(it.clause) for it in lst.items)

    # ----------------------------------------------------------------- set-up
    def read(self) -> None:
        seq = 0
        for block_no, block in enumerate(self.ctx.document.blocks):
            if not isinstance(block, Paragraph) or block.heading:
                continue
            facts = self.ctx.paragraph_facts.get(block_no)
            if not facts:
                continue
            text = block.text.text
            clauses = split_clauses(text, facts)
            prev = self.paras[-1] if self.paras else None
            if prev is not None and prev.block == self._previous_paragraph(block_no) \
                    and prev.clauses and _trailing_opener(prev.clauses[-1]) \
                    and not prev.items_follow:
                # `…合计 x 万元，其中：` ends one paragraph and its items open the next
                _append(prev, clauses)
                prev.block = block_no
                continue
            if prev is not None and prev.block == block_no - 1 and prev.section == block.section \
                    and _list_goes_on(prev, clauses) and item_marker(text) is None:
                # `…合计 x，其中：A y；` then `B z；` on lines of their own (the reader keeps a
                # short line ending in `；` apart, and a page number between splits the list)
                _append(prev, clauses)
                prev.block = block_no
                continue
            para = Para(seq, block_no, block.section, clauses, text)
            if clauses and _trailing_opener(clauses[-1]):
                para.items_follow = self._numbered_items_from(block_no + 1)
            self.paras.append(para)
            seq += 1

    def _numbered_items_from(self, block_no: int) -> bool:
        """The paragraph opens a numbered run (`1.…`, and the next paragraph is `2.…`)."""
        blocks = self.ctx.document.blocks
        if block_no >= len(blocks) or not isinstance(blocks[block_no], Paragraph):
            return False
        first = item_marker(blocks[block_no].text.text)
        if first is None or first[1] != 1:
            return False
        for b in range(block_no + 1, min(block_no + 40, len(self.ctx.document.blocks))):
            block = self.ctx.document.blocks[b]
            if not isinstance(block, Paragraph) or block.heading:
                return False
            m = item_marker(block.text.text)
            if m is not None and m[0] == first[0]:
                return m[1] == 2
        return False

    def _previous_paragraph(self, block_no: int) -> int | None:
        for b in range(block_no - 1, -1, -1):
            if isinstance(self.ctx.document.blocks[b], Paragraph):
                return b
        return None

    def earlier(self, label: str, total_label: str) -> bool:
        """`earlier`, with the carry-over words of the packs (上年结转 is this year's money)."""
        return earlier(label, total_label, tuple(self.packs.words("carry_over_words")))

    @cached_property
    def role_words(self) -> list[str]:
        """The words naming a figure's role (预算数, 执行数, 决算数…), longest first."""
        return sorted({w for r in self.packs.rates for w in (*r.numerator, *r.denominator)},
                      key=len, reverse=True)

    def same_role(self, a: str | None, b: str | None) -> bool:
        """Two role words name figures of one kind: both budgets (预算总额 and 预算数, 年初预算
        and 全年预算) or both outturns (执行数 and 支出决算), as the rates declare them."""
        if a == b:
            return True
        if a is None or b is None:
            return False
        return bool(self._role_sides(a) & self._role_sides(b))

    def _role_sides(self, word: str) -> set[str]:
        return {side for r in self.packs.rates
                for side, words in (("outturn", r.numerator), ("budget", r.denominator))
                if word in words}

    def fact(self, clause: Clause) -> Fact:
        assert clause.fact is not None
        return self.graph[clause.fact]

    def relate(self, **kwargs: object) -> None:
        self.graph.relate(Relation(**kwargs))  # type: ignore[arg-type]


def _append(para: Para, clauses: list[Clause]) -> None:
    """Continue a paragraph with the clauses of the next (offsets and sentences shifted so
    that they stay ordered)."""
    last = para.clauses[-1]
    shift = last.end + 1
    sentence = last.sentence + (1 if ends_sentence(last) else 0)
    for c in clauses:
        c.start += shift
        c.end += shift
        c.sentence += sentence
        para.clauses.append(c)
YEAR = lazy_compile(r"\d{4}\s*年")
COMPARED = lazy_compile(r"(?:比|较|与)(?:上年|去年|上一年|同期)|同比|增减|增加[（(]减少[)）]")
EARLIER = lazy_compile(r"(\d{4})\s*年|上年|去年|上一年|同期|以前年度")


def earlier(label: str, total_label: str, carried: tuple[str, ...] = ()) -> bool:
    """A part's label names another period than its total's: 上年…, or a year the total's
    label does not name (`2026 年预算数` is a part of `2026 年“三公”经费预算`). Money carried
    over (`carried`: 上年结转…) is this period's, whatever its name says."""
    for word in carried:
        label = label.replace(word, "")
    years = {m.group(1) for m in EARLIER.finditer(total_label) if m.group(1)}
    return any(m.group(1) is None or m.group(1) not in years for m in EARLIER.finditer(label))


_MARKERS = (
    ("arabic", lazy_compile(r"^\s*(\d{1,2})\s*[.．、]")),
    ("paren-arabic", lazy_compile(r"^\s*[（(](\d{1,2})[)）]")),
    ("chinese", lazy_compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    ("paren-chinese", lazy_compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[)）]")),
)
_CN_DIGITS = "一二三四五六七八九"


def joined_label(cl: list[Clause], k: int) -> str:
    """The label of clause k with the text clause before it when that was cut at a `、` in the
    same sentence (`收入、支出预算总计 x`: the label is `支出预算总计`)."""
    c = cl[k]
    if k and cl[k - 1].kind == "text" and cl[k - 1].sep == "、" and cl[k - 1].sentence == c.sentence:
        return cl[k - 1].label + "、" + c.label
    return c.label


def item_marker(text: str) -> tuple[str, int] | None:
    """The list marker a paragraph starts with: its style and number (`（3）` -> 3)."""
    for style, pattern in _MARKERS:
        m = pattern.match(text)
        if m is None:
            continue
        n = m.group(1)
        if n.isdigit():
            return style, int(n)
        if n == "十":
            return style, 10
        tens, _, ones = n.rpartition("十")
        value = (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 if "十" in n else 0
        value += _CN_DIGITS.index(ones) + 1 if ones else 0
        return style, value
    return None


TOTAL_WORD = lazy_compile(r"^(?:总|全部)(?P<core>.+)$|^(?P<core2>.+?)(?:总额|总计|合计|总数)$")


def names_total(word: str, total_label: str) -> bool:
    """`占总资金的 y%` inside a list of `项目资金预算 x，其中：…`: 总资金 is the list's total
    when the word after 总 is part of the total's label."""
    m = TOTAL_WORD.match(normalize(word))
    if m is None:
        return False
    core = m.group("core") or m.group("core2") or ""
    return len(core) >= 2 and core in normalize(total_label)


def _trailing_opener(c: Clause) -> bool:
    """`…，其中：` at the end of a paragraph (not `主要用于办案业务。`): its items follow."""
    return c.kind == "bare" and opener_of(c) is not None and not c.label \
        and not ends_sentence(c)


def _list_goes_on(prev: Para, clauses: list[Clause]) -> bool:
    """The paragraph before ends an item of a list still open (its last sentence has an
    opener, its last clause ends in `；`) and this one opens with another amount."""
    if not prev.clauses or not clauses or prev.items_follow:
        return False
    last = prev.clauses[-1]
    if last.sep[:1] not in "；;" or not clauses[0].label:
        return False
    if clauses[0].kind not in ("amount", "count") or clauses[0].tail or clauses[0].leads:
        return False
    return any(opener_of(c) is not None for c in prev.clauses if c.sentence == last.sentence)


def flow_of(label: str) -> str:
    """收入 or 支出: which way the money of a label goes (the last word of the two)."""
    i, o = label.rfind("收入"), label.rfind("支出")
    if i == o:
        return ""
    return "收入" if i > o else "支出"


def plain_amount(c: Clause) -> bool:
    return c.kind == "amount" and not c.tail and c.fact is not None


def opens_bracket(c: Clause) -> bool:
    return c.sep[:1] in "（(" and c.kind in ("amount", "count") and not c.tail


def opener_of(c: Clause) -> str | None:
    for lead in c.leads:
        if lead.startswith("按") or lead in _OPENERS:
            return lead
    return None


def ends_sentence(c: Clause) -> bool:
    return any(ch in SENTENCE_END for ch in c.sep)


def figures_follow(cl: list[Clause], k: int) -> bool:
    """Whether the list opened at clause k holds figures: `主要用于：人员经费及公用经费。`
    names uses in words, and the item's own figures after it are no nested list."""
    return any(c.quantity is not None for c in cl[k:] if c.sentence == cl[k].sentence)


def figures_before(cl: list[Clause], lead: int) -> list[Clause]:
    """The amounts of the sentence before a bare `其中：`, or of the one before that when the
    sentence between only gives a reason in words (`…支出决算 y 万元。主要原因：…。其中：`)."""
    for back in (1, 2):
        mine = [c for c in cl if c.sentence == lead - back]
        totals = [c for c in mine if plain_amount(c)]
        if totals or any(c.quantity is not None for c in mine):
            return totals
        if not any(REASON.search(c.label) for c in mine):
            return []
    return []


def kind_returns(cl: list[Clause], j: int, dim: str) -> bool:
    """Whether a figure of dimension `dim` stands again after clause j in its sentence."""
    for c in cl[j + 1:]:
        if c.sentence != cl[j].sentence:
            return False
        if c.kind in ("amount", "count") and clause_dimension(c) == dim:
            return True
    return False


def clause_dimension(c: Clause) -> str:
    q = c.quantity
    if q is None:
        return ""
    dim = q.dimension or ""
    return dim if dim == "money" else f"{dim}:{q.unit}"


def part_before(cl: list[Clause], k: int) -> Clause | None:
    """The amount a share clause is of: the clause before it, or before the rates stated
    with that amount (`支出决算 x 万元，完成年初预算的 y%，占本年支出合计的 z%`)."""
    j = k - 1
    while j >= 0 and cl[j].kind == "percent" and cl[j].sentence == cl[k].sentence:
        j -= 1
    if j < 0 or cl[j].kind != "amount" or cl[j].tail or cl[j].sentence != cl[k].sentence:
        return None
    return cl[j]


def only_pair(p: Para, pair: tuple[Clause, Clause]) -> bool:
    """The paragraph is one item of a breakdown (`3.卫生健康支出(类)29.76 万元,占 1.72%。`)."""
    return all(c is pair[0] or c is pair[1] or c.n_quantities == 0 for c in p.clauses)


def subject_named(label: str, names: list[str]) -> str:
    """What a rate input is the figure of: its label without the role word
    (`公务接待费全年预算数` -> `公务接待费`)."""
    norm = normalize(label)
    role = ends_with_any(label, names) or ""
    return norm[: len(norm) - len(role)]


def ends_with_name(label: str, name: str) -> bool:
    if len(name) < 6 or not label.endswith(name):
        return False
    prefix = label[: -len(name)]
    return not re.search(r"拨款|上年|预算|基金|本年", prefix)


def share_ratio(part: Fact, total: Fact) -> Interval | None:
    return ratio(to_unit_of(part, total), total.interval, True)


def sum_interval(parts: list[Fact], total: Fact) -> Interval:
    """The sum of the parts in the total's unit."""
    return total_of([to_unit_of(f, total) for f in parts])
