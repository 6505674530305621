"""Labels: the subject of a figure, normalised so that two mentions of one quantity can be linked.

A figure's subject is more than its words: the noun phrase it closes (`城镇职工参保人数`), the
qualifiers that say which of several related quantities it is (预算 or 决算, 年初 or 全年, 目标
or 实际, 分值 or 得分: *tags*), its year (本年, 上年, 2023年), its dimension (万元 and 元 are one
dimension, 人 and 人次 are not), and its scope (a project's figure is not the department's).
`Subject.key` is equal for two mentions only when all of these are equal; `match` then says how
sure the link is and why. The vocabulary lives in `rules/labels.toml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache

from auditlint.lazyre import lazy_compile
from auditlint.links import Link, Place, link
from auditlint.packs import RulePacks


@dataclass(frozen=True)
class Vocabulary:
    """The normalisation vocabulary of the rule packs, ready for matching (longest word first)."""

    tags: tuple[tuple[str, str], ...]
    year_current: tuple[str, ...]
    year_prior: tuple[str, ...]
    fillers: tuple[str, ...]
    drop: tuple[str, ...]
    generic: frozenset[str]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    summary_parts: tuple[str, ...]
    list_openers: tuple[str, ...]
    list_verbs: tuple[str, ...]
    counters: tuple[str, ...]
    synonyms: tuple[tuple[str, str], ...]
    unspecific_prefixes: tuple[str, ...] = ()
    unspecific_suffixes: tuple[str, ...] = ()
    heading_tags: frozenset[str] = frozenset()
    heading_use_words: tuple[str, ...] = ()  # 使用, 执行: a heading of budget and use alike
    self_references: tuple[str, ...] = ()  # the reporting body: 本中心, 我局, its own name
    self_reference_compounds: tuple[str, ...] = ()  # 中心城区: not the body 中心 and 城区
    funds: tuple[str, ...] = ()  # fund names holding a tag word (一般公共预算 is no 预算 figure)
    source_qualifier_ends: tuple[str, ...] = ()  # 拨款的: ends a qualifier of the money's source
    spending_words: tuple[str, ...] = ()  # 支出: dropped after an expense item (公务接待费支出)
    expense_ends: tuple[str, ...] = ()  # 费: how an expense item's name ends
    # parsed labels of this vocabulary: a report repeats its labels in every table row
    phrases: dict[str, Phrase] = field(default_factory=dict, init=False, compare=False,
                                       hash=False, repr=False)

    @classmethod
    def from_packs(cls, packs: RulePacks) -> Vocabulary:
        return _vocabulary(packs)

    def for_body(self, names: Iterable[str]) -> Vocabulary:
        """The vocabulary of one document: its own organisation's names are self-references."""
        refs = _longest([*self.self_references, *names])
        return self if refs == self.self_references else replace(self, self_references=refs)


def _longest(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


_CACHE: dict[int, tuple[RulePacks, Vocabulary]] = {}


def _vocabulary(packs: RulePacks) -> Vocabulary:
    cached = _CACHE.get(id(packs))
    if cached is not None and cached[0] is packs:
        return cached[1]
    tags: list[tuple[str, str]] = []
    synonyms: list[tuple[str, str]] = []
    for pack in packs.packs:
        for key, words in pack.extra.items():
            if key.startswith("label_tag_"):
                tags.extend((w, key.removeprefix("label_tag_")) for w in words)
        for group, words in pack.synonyms.items():
            if group.startswith("subject_"):
                synonyms.extend((w, group.removeprefix("subject_")) for w in words)
    vocab = Vocabulary(
        tags=tuple(sorted(tags, key=lambda t: len(t[0]), reverse=True)),
        year_current=_longest(packs.words("label_year_current")),
        year_prior=_longest(packs.words("label_year_prior")),
        fillers=_longest(packs.words("label_fillers")),
        drop=_longest(packs.words("label_drop")),
        generic=frozenset(packs.words("label_generic_cores")),
        approx_before=_longest(packs.words("label_approx_before")),
        approx_after=_longest(packs.words("label_approx_after")),
        summary_parts=_longest(packs.words("label_summary_parts")),
        list_openers=_longest(packs.words("label_list_openers")),
        list_verbs=_longest(packs.words("label_list_verbs")),
        counters=_longest(packs.words("label_count_counters")),
        synonyms=tuple(sorted(synonyms, key=lambda t: len(t[0]), reverse=True)),
        unspecific_prefixes=_longest(packs.words("label_unspecific_prefixes")),
        unspecific_suffixes=_longest(packs.words("label_unspecific_suffixes")),
        heading_tags=frozenset(packs.words("label_heading_tags")),
        heading_use_words=_longest(packs.words("label_heading_use_words")),
        self_references=_longest(packs.words("label_self_references")),
        self_reference_compounds=_longest(packs.words("label_self_reference_compounds")),
        funds=_longest(packs.words("label_fund_names")),
        source_qualifier_ends=_longest(packs.words("label_source_qualifier_ends")),
        spending_words=_longest(packs.words("label_spending_words")),
        expense_ends=_longest(packs.words("label_expense_ends")),
    )
    _CACHE[id(packs)] = (packs, vocab)
    return vocab


# --- the phrase -------------------------------------------------------------------------------

_ANNOTATION = lazy_compile(
    r"[（(]\s*(?:[0-9.]+\s*分|万元|元|千元|亿元|%|％|人|个|项|类|款|项目|单位[：:][^）)]*)\s*[）)]")
_LIST_MARKER = lazy_compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+\s*[.．、](?![0-9])"
    r"|[一二三四五六七八九十]+\s*[、.．]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|第[一二三四五六七八九十]+[，、])\s*")
_PUNCT = lazy_compile(r"[\s\u3000“”‘’\"'「」『』《》〈〉【】\[\]、，,。；;：:！？!?·…—\-－/()（）]+")
_YEAR = lazy_compile(r"((?:19|20)[0-9]{2})\s*年\s*(?:度|底|末|初)?")
_COMPARE = lazy_compile(
    r"(?:比|较|与|同)\s*(?:(?:19|20)[0-9]{2}\s*年度?|上一?年度?|去年|同期)\s*(?:相比|比较|同期|对比)?"
    r"|同比|环比")
_RANGE = lazy_compile(r"(?:19|20)[0-9]{2}\s*年?\s*[-－—~至到]+\s*(?:19|20)[0-9]{2}")


@dataclass(frozen=True)
class Phrase:
    """A label taken apart: its core noun phrase, tags, year word, and the cleaned whole."""

    core: str
    tags: frozenset[str]
    year: str  # "2023", "current", "prior", "" (not said), "?" (several years: unusable)
    cleaned: str  # the label without punctuation and annotations, before fillers were dropped
    synonym: bool = False
    clause: bool = False  # a clause about something named elsewhere (该项得, 酌情扣)


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """The label without list markers, (N分)/(万元) annotations, punctuation and spaces.
    Cached: each label is cleaned again for every figure of its row or sentence."""
    t = _LIST_MARKER.sub("", text)
    t = _ANNOTATION.sub("", t)
    return _PUNCT.sub("", t)


def _strip_edges(text: str, words: tuple[str, ...]) -> str:
    # only words inside the text can ever stand at an edge of what is left of it
    words = tuple(w for w in words if w in text)
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w):], True
            if text.endswith(w) and len(text) > len(w):
                text, changed = text[: -len(w)], True
    return text


def strip_self_reference(text: str, vocab: Vocabulary) -> str:
    """The label without a leading reference to the reporting body (`中心核定编制` in the
    中心's own report is its 核定编制), unless the words form a compound (`中心城区`)."""
    changed = True
    while changed:
        changed = False
        for ref in vocab.self_references:
            if not text.startswith(ref):
                continue
            rest = text[len(ref):]
            if len(rest) < 2 or text.startswith(vocab.self_reference_compounds):
                continue
            text, changed = rest, True
            break
    return text


_BODY_TYPE = lazy_compile(
    r"委员会|办事处|中心|局|院|所(?![属有在])|站|馆|厅|队|署|部(?![门分])|委(?![托员])")
_NAMED_BODY = lazy_compile(r"^\s*(?:预算单位|单位名称|部门名称|预算主管部门|主管部门|项目单位|评价项目单位)"
                         r"\s*[：:\s]\s*(?P<rest>.+)$")
_REGION = lazy_compile(r"^[\u4e00-\u9fff]{2,7}?(?:自治区|自治州|自治县|省|市|地区|盟|县|区|旗|州)")
_BARE_TYPES = ("中心", "委员会", "办事处")  # type words a body calls itself by on their own


def _leading_name(text: str) -> str:
    """The organisation a text opens with: its first run of Chinese characters (after a year)
    up to the last type word in it (中心, 局, 委员会 …), at most 30 characters."""
    t = re.sub(r"^\s*(?:(?:19|20)[0-9]{2}\s*年度?)?\s*", "", text)
    run = re.match(r"[\u4e00-\u9fff]*", t)
    head = run.group()[:30] if run else ""
    ends = [m.end() for m in _BODY_TYPE.finditer(head) if m.end() >= 3]
    return head[: ends[-1]] if ends else ""


def body_names(title: str, named: Iterable[str] = ()) -> list[str]:
    """The reporting body's names: the organisation a report's title opens with (`青山县医疗
    保障服务中心2024年度…`) or that a `预算单位：` line names, its name without the regions
    it starts with (`医疗保障服务中心`), with the last region's level word (`县医疗保障服务中心`),
    and the type word it calls itself by (`中心`)."""
    found = [n for n in (_leading_name(title),) if n]
    for line in named:
        m = _NAMED_BODY.match(line)
        if m and (n := _leading_name(m.group("rest"))):
            found.append(n)
    out: list[str] = []
    for name in found:
        out.append(name)
        rest = name
        while (m := _REGION.match(rest)) and len(rest) - m.end() >= 3:
            out.append(rest[m.end() - 1:])
            rest = rest[m.end():]
            out.append(rest)
        out.extend(w for w in _BARE_TYPES if name.endswith(w))
    return list(dict.fromkeys(n for n in out if len(n) >= 2))


def parse_phrase(text: str, vocab: Vocabulary) -> Phrase:
    """Take a label apart into core, tags and year (see the module docstring)."""
    found = vocab.phrases.get(text)
    if found is None:
        found = vocab.phrases[text] = _parse_phrase(text, vocab)
    return found


def drop_source_qualifier(text: str, vocab: Vocabulary) -> str:
    """The label without a leading qualifier of where the money comes from (`…单位财政拨款的
    机关运行经费` is the 机关运行经费): the qualifier's fund names stay (a 政府性基金 figure is
    not the 一般公共预算 one), and a qualifier holding a tag word (年初预算安排的) is kept
    whole, since the tag says which figure the label names."""
    cut = max((text.rfind(w) + len(w) for w in vocab.source_qualifier_ends if w in text),
              default=-1)
    if cut <= 0 or len(text) - cut < 2:
        return text
    head = text[:cut]
    funds = [f for f in vocab.funds if f in head]
    bare = head
    for f in funds:
        bare = bare.replace(f, "")
    if any(word in bare for word, _ in vocab.tags):
        return text
    return "".join(funds) + text[cut:]


def _parse_phrase(text: str, vocab: Vocabulary) -> Phrase:
    tags: set[str] = set()
    t = _RANGE.sub("", text)
    if _RANGE.search(text):
        tags.add("range")
    for m in _COMPARE.finditer(t):
        base = _YEAR.search(m.group())
        tags.add(f"vs:{base.group(1)}" if base else "vs:prior")
    t = _COMPARE.sub("", t)
    years = {m.group(1) for m in _YEAR.finditer(t)}
    t = _YEAR.sub("", t)
    cleaned = strip_self_reference(clean(t), vocab)
    year = ""
    if len(years) > 1:
        year = "?"
    elif years:
        year = years.pop()
    s = drop_source_qualifier(cleaned, vocab)
    for w in vocab.year_prior:
        if w in s:
            year = "prior" if year in ("", "prior") else "?"
            s = s.replace(w, "")
    for w in vocab.year_current:
        if w in s:
            year = year or "current"
            s = s.replace(w, "")
    # synonyms name a whole quantity: look them up before tags take words away
    bare = _strip_edges(s, vocab.fillers)
    for word, group in vocab.synonyms:
        if bare == word:
            return Phrase(core=f"={group}", tags=frozenset(tags), year=year, cleaned=cleaned,
                          synonym=True)
    # a fund's name (一般公共预算) is kept whole: the tag words inside it name no period
    funds = [(f, chr(0xE000 + i)) for i, f in enumerate(vocab.funds) if f in s]
    for f, mark in funds:
        s = s.replace(f, mark)
    with_tags = s
    for word, tag in vocab.tags:
        if word in s:
            tags.add(tag)
            s = s.replace(word, "")
    for f, mark in funds:
        s, with_tags = s.replace(mark, f), with_tags.replace(mark, f)
    for w in vocab.drop:
        s = s.replace(w, "")
    core = _item_of_spending(_strip_edges(s, vocab.fillers), vocab)
    if 0 < len(core) < 2:
        # the qualifiers took too much (预算完成率 -> 率): keep the label whole, tags still apply
        whole = _strip_edges(with_tags, vocab.fillers)
        for w in vocab.drop:
            whole = whole.replace(w, "")
        if len(whole) > len(core):
            core = whole
    clause = cleaned.startswith(vocab.unspecific_prefixes) \
        or core.startswith(vocab.unspecific_prefixes) or core.endswith(vocab.unspecific_suffixes)
    return Phrase(core="" if clause else core, tags=frozenset(tags), year=year, cleaned=cleaned,
                  clause=clause)


def _item_of_spending(core: str, vocab: Vocabulary) -> str:
    """`公务接待费支出` is the 公务接待费: the spending word after an expense item dropped."""
    for w in vocab.spending_words:
        item = core.removesuffix(w)
        if item != core and item.endswith(vocab.expense_ends) and len(item) >= 3:
            return item
    return core


def is_specific(core: str, vocab: Vocabulary) -> bool:
    """Whether a core names one particular quantity (not 支出, 金额, 得分 on their own)."""
    if core.startswith("="):
        return True
    return len(core) >= 2 and core not in vocab.generic and not core.isdigit()


# --- the subject ------------------------------------------------------------------------------




@dataclass(frozen=True)
class Subject:
    """What a figure is a figure of. Two mentions with equal `key` name the same quantity."""

    core: str
    tags: frozenset[str]
    year: str
    dimension: str | None
    scope: str = ""  # a project's name; "" for the department as a whole
    qualifier: str = ""  # content words of a table column header (企业职工 vs 机关事业)
    comparator: str | None = None
    part: str = ""  # the top-level part of the report the figure stands in
    section: str = ""
    cleaned: str = ""
    written: str = ""  # the label as written, for messages
    summary: bool = False  # in a 摘要 (a restatement of the body)
    place: str = ""  # the appendix it stands in (附表 1); "" for the body
    specific: bool = True
    table: int | None = None
    block: int = 0
    synonym: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)  # how the subject was completed
    # a table cell's column, the kind of table it stands in (its title, numbers dropped) and
    # its row's classification code: two tables share a quantity only when all three agree
    column: str = ""
    title: str = ""
    code: str = ""

    @property
    def key(self) -> tuple[object, ...]:
        return (self.core, self.tags, self.year, self.dimension, self.scope, self.qualifier,
                self.comparator)

    def but(self, **changes: object) -> Subject:
        """A copy with `changes`, what `dataclasses.replace` makes, four times faster: every
        mention's subject is completed so two or three times (the class has no field set in
        `__post_init__` and no cached value, so its fields are copied as they are)."""
        if not changes.keys() <= _SUBJECT_FIELDS:
            raise TypeError(f"Subject has no field {sorted(changes.keys() - _SUBJECT_FIELDS)}")
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__, **changes)
        return new

    @property
    def linkable(self) -> bool:
        return self.specific and self.dimension is not None and self.year != "?" \
            and "range" not in self.tags

    def link_place(self, read: str = "") -> Place:
        """What of this subject, besides its key, decides how it links to another one."""
        return Place(cleaned=self.cleaned, synonym=self.synonym, reasons=self.reasons,
                     section=self.section, summary=self.summary, in_table=self.table is not None,
                     part=self.part, place=self.place, read=read)

    def describe(self) -> str:
        """`参保人数 (2023, person)` — the subject in words, for origins and messages."""
        bits = [b for b in (self.year if self.year not in ("", "current") else "",
                            self.dimension or "") if b]
        if self.tags:
            bits.append("+".join(sorted(self.tags)))
        if self.scope:
            bits.append(f"project {self.scope}")
        name = self.written or self.core
        return f"{name} ({', '.join(bits)})" if bits else name


_SUBJECT_FIELDS = frozenset(f.name for f in fields(Subject))


def resolve_year(year: str, doc_year: str | None) -> str:
    """The year a subject belongs to, with 本年/上年/unsaid resolved against the report's year."""
    if year in ("", "current"):
        return doc_year or "current"
    if year == "prior":
        return str(int(doc_year) - 1) if doc_year else "prior"
    return year


def match(a: Subject, b: Subject) -> Link | None:
    """Whether two subjects name the same quantity: None, or a link with confidence and reason
    (`links.link`: how their labels and places compare). Two subjects are the same quantity
    only when both are specific enough to link and their keys are equal."""
    if not (a.linkable and b.linkable) or a.key != b.key:
        return None
    return link(a.link_place(), b.link_place())


@lru_cache(maxsize=4096)
def _norm_name(text: str) -> str:
    return clean(text)


def project_of(headings: Iterable[str], projects: Iterable[str]) -> str:
    """The project whose name a heading of the section path carries ("" for the department)."""
    names = [p for p in projects if len(p) >= 4]
    for h in reversed(list(headings)):
        hn = _norm_name(h)
        if len(hn) < 4:
            continue
        for p in names:
            if p == hn or p in hn or (hn in p and len(hn) >= 6):
                return p
    return ""
