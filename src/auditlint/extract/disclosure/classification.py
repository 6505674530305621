"""Codes and names of the 政府收支分类科目 in a report's tables (rules/classification.toml).

A row `2080501 事业单位离退休` (or an item `事业单位离退休（2080501）` of the narrative,
checked at the amount that follows it) names its code wrongly: 事业单位离退休 is 2080502, a sibling
under the same 款. A row `20805 行政事业单位离退休` in a report of 2022 uses the name the code
had up to 2019's 科目. Both are judged only on exact names: a name the reader cut or ran
together with its neighbour's (`缴费支出机关事业单位职业年金缴费`) is no code's name and is
left alone, and so is a code the pack does not list (a province's own extension).
"""

from __future__ import annotations

import re

from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview.text import norm, strip_numbering
from auditlint.extract.tableview.view import coded_rows
from auditlint.facts import Relation
from auditlint.lazyre import lazy_compile
from auditlint.packs import Classification, Renamed, RulePacks
from auditlint.params import WordingParams

_CODE_RUN = lazy_compile(r"(?<!\d)\d{3,}(?!\d)")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})
# `行政运行（2010101）`: a name and, in brackets right after it, its function or economic code
_NAMED_CODE = lazy_compile(r"([\u4e00-\u9fff（）()、]{2,40}?)[（(]\s*([235]\d{2}(?:\d{2}){0,2})\s*[)）]")


def extract(ctx: ExtractContext) -> None:
    names = _names_of(ctx.packs)
    if not names.current:
        return
    year = ctx.graph.profile.year if ctx.graph.profile is not None else None
    judge = _Judge(ctx, names, year, "the row's code and name")
    for table in ctx.document.tables:
        for row, fid in coded_rows(ctx, table):
            code = row.code_digits or ""
            if _other_codes(row.path, code) \
                    or len({_name(t) for t in row.labels.values() if t.strip()}) > 1:
                continue
            judge(code, _name(row.label), fid)
    _narrative(ctx, names, year)


class _Judge:
    """Judges a code and its name once per document part, and relates a misnamed one at
    the fact `fid` (AL607, AL608)."""

    def __init__(self, ctx: ExtractContext, names: _Names, year: int | None, what: str) -> None:
        self.ctx, self.names, self.year = ctx, names, year
        self.origin = f"{what} against the 政府收支分类科目 (rules/classification.toml)"
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, code: str, name: str, fid: int | None) -> None:
        if fid is None or (code, name) in self.seen:
            return
        if params := self.names.judge(code, name, self.year):
            self.seen.add((code, name))
            self.ctx.graph.relate(Relation(kind="wording", result=fid, trust="pack",
                                           origin=self.origin, params=params.as_params()))


def _narrative(ctx: ExtractContext, names: _Names, year: int | None) -> None:
    """Items of the narrative written `名称（代码）金额`: the name against the code, judged
    at the amount right after it (an item with no amount there is left alone); and level
    names (`医疗卫生与计划生育支出（类）`) that are an earlier year's, at the amount after them."""
    judge = _Judge(ctx, names, year, "the item's code and name")
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Paragraph) or block_no not in ctx.paragraph_facts:
            continue
        text, found = block.text.text, ctx.paragraph_facts[block_no]
        for m in _NAMED_CODE.finditer(text):
            code = m.group(2)
            judge(code, _longest_known(names, code, _name(m.group(1))),
                  next((f for q, f in found
                        if q.start >= m.end() and not text[m.end():q.start].strip()), None))
        for m in names.levelled.finditer(text):
            old = names.earlier(_name(m.group(1)), names.levels[m.group(2)])
            if old is not None:
                judge(old.code, _name(old.name), next((f for q, f in found if q.start >= m.end()),
                                                      None))


_CACHE: dict[int, tuple[RulePacks, _Names]] = {}


def _names_of(packs: RulePacks) -> _Names:
    """The packs' names by code, built once per set of packs (a run checks many reports
    with the same packs)."""
    hit = _CACHE.get(id(packs))
    if hit is None or hit[0] is not packs:
        hit = _CACHE[id(packs)] = (packs, _Names(packs.classification()))
    return hit[1]


def _longest_known(names: _Names, code: str, text: str) -> str:
    """The item's name out of the text before its code: the longest tail of it that is a
    name the pack knows under the code's parent (a list marker or a run-in sentence may
    stand before it); the text itself when no tail is."""
    parent = _parent(code)
    for k in range(len(text)):
        tail = text[k:]
        if tail == names.current.get(code) or (parent, tail) in names.by_name \
                or any(r.code == code and _name(r.name) == tail for r in names.renamed):
            return tail
    return text


def _other_codes(path: tuple[str, ...], code: str) -> bool:
    """Whether a row's labels hold a code besides its own: a row of a table keyed by two
    classifications at once (`30226 劳务费 50205 委托业务费`), whose names the reader cannot
    pair with their codes for sure (nor when the row has two name columns)."""
    return any(run != code for run in _CODE_RUN.findall(" ".join(path)))


def _name(label: str) -> str:
    return norm(strip_numbering(label)).translate(_BRACKETS)


class _Names:
    """The pack's names by code, with each code's siblings (same parent, same length)."""

    def __init__(self, pack: Classification) -> None:
        self.current = {c: _name(n) for c, n in (*pack.function.items(),
                                                 *pack.economic.items())}
        self.renamed = pack.renamed
        self.levels = pack.levels  # 类 -> 3 digits…
        # `医疗卫生与计划生育支出（类）`: a name with its level, as item explanations write it
        level = "|".join(map(re.escape, self.levels)) or "(?!)"
        self.levelled = re.compile(r"([\u4e00-\u9fff、]{2,40}?)[（(](" + level + r")[)）]")
        self.by_name: dict[tuple[str, str], str] = {}  # (parent, name) -> code
        for code, name in self.current.items():
            self.by_name.setdefault((_parent(code), name), code)

    def earlier(self, name: str, digits: int) -> Renamed | None:
        """The renaming whose earlier name this is, at a level (类 3 digits, 款 5, 项 7):
        an item names its levels without codes, so only a name no current 科目 of the level
        has is taken for an earlier one."""
        if any(len(c) == digits and n == name for c, n in self.current.items()):
            return None
        return next((r for r in self.renamed
                     if len(r.code) == digits and _name(r.name) == name), None)

    def judge(self, code: str, name: str, year: int | None) -> WordingParams | None:
        own = self.current.get(code)
        if own is None or not name or name == own:
            return None
        for r in self.renamed:
            if r.code == code and _name(r.name) == name:
                if year is None or year < r.since:
                    return None
                return WordingParams(check="earlier_name", own=name, other=own, code=code,
                                     stated=str(r.until), word=str(r.since))
        twin = self.by_name.get((_parent(code), name))
        if twin is None or twin == code:
            return None
        return WordingParams(check="code_name", own=name, other=own, code=code, word=twin)


def _parent(code: str) -> str:
    """The code a code belongs to (2080501 -> 20805 -> 208), and for a 类 its scheme's
    first digit (2 function, 3 部门 economic, 5 政府 economic): 类 are siblings of one
    another."""
    return code[:-2] if len(code) > 3 else code[:1]
