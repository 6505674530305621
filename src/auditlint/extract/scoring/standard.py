"""Stated scoring standards (评分标准 / 评（扣）分标准) of the indicators of a scoring table.

The award clauses of a standard (`计5分`, `得1分`, `偏离目标10%-20%得8分`) are read with the
`standard` terminals of grammar/scoring.lark. The most a standard awards in one clause can never
exceed the indicator's weight: a standard promising 5 points for an indicator worth 3 is wrong
in one of the two (AL301, through a `score_cap` relation). Clauses are not added up, since a
standard's clauses are often alternatives (完成得1分；未完成得0分).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lark import Lark
from lark.exceptions import LarkError

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.scoring.bands import grammar_text
from auditlint.extract.scoring.tables import Card
from auditlint.extract.tableview.text import norm
from auditlint.facts import Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import ScoreCapParams
from auditlint.standards import Measure, PerPoint, Standard, Step

_NUM = lazy_compile(r"\d+(?:\.\d+)?")
_LABEL_WEIGHT = lazy_compile(r"[(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)]\s*$")


@dataclass(frozen=True)
class Award:
    """One award clause: the most points it gives, as written."""

    points: Decimal
    text: str


@lru_cache(maxsize=1)
def _lexer() -> Lark:
    return Lark(grammar_text(), parser="lalr", start="standard", lexer="basic")


def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets made ASCII) and no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=4096)
def awards(text: str) -> tuple[Award, ...]:
    """The award clauses of a standard's text, in order; () when it has none."""
    try:
        toks = list(_lexer().lex(normalise(text)))
    except LarkError:
        return ()
    out: list[Award] = []
    for t in toks:
        if t.type != "STD_AWARD":
            continue
        nums = _NUM.findall(str(t))
        if nums:
            out.append(Award(max(Decimal(n) for n in nums), str(t)))
    return tuple(out)


def per_point(text: str) -> tuple[Decimal, Decimal] | None:
    """(percentage points, points deducted) of a standard's one per-point deduction
    (`每降低1个百分点扣0.5分` -> (1, 0.5)); None when it states none, or several."""
    try:
        toks = [t for t in _lexer().lex(normalise(text)) if t.type == "STD_PER"]
    except LarkError:
        return None
    if len(toks) != 1:
        return None
    nums = [Decimal(n) for n in _NUM.findall(str(toks[0]))]
    step, points = (nums[0], nums[1]) if len(nums) == 2 else (Decimal(1), nums[0])
    if step <= 0:
        return None
    return step, points


@dataclass(frozen=True)
class PerUnit:
    """A standard's one deduction per unit of a count or amount (`每超支1万元扣0.5分`):
    `side` "short" (每少) or "over" (每超), `step` units of `unit` for `points` off."""

    side: str
    step: Decimal
    unit: str
    points: Decimal


_PER_UNIT_KINDS = {"STD_UNIT_SHORT_PER": "short", "STD_UNIT_OVER_PER": "over"}
_PER_UNIT = lazy_compile(r"^(?P<step>\d+(?:\.\d+)?|一)?(?P<unit>[^\d,;。%]{1,4}?),?"
                       r"(?:扣除|扣|减)(?P<points>\d+(?:\.\d+)?)分$")


def per_unit(text: str) -> PerUnit | None:
    """The one per-unit deduction a standard states (`每少1次扣1分` -> short, 1 次, 1 point);
    None when it states none or several, or its step is per 百分点 (that is `per_point`)."""
    try:
        toks = [t for t in _lexer().lex(normalise(text)) if t.type in _PER_UNIT_KINDS]
    except LarkError:
        return None
    if len(toks) != 1:
        return None
    tok = str(toks[0])
    verb = max((w for w in _unit_verbs() if tok.startswith(w)), key=len, default="")
    m = _PER_UNIT.match(tok[len(verb):])
    if not verb or m is None or "百分点" in m["unit"] or "个百分" in m["unit"]:
        return None
    side = _PER_UNIT_KINDS[toks[0].type]
    step = Decimal(1) if m["step"] in (None, "一") else Decimal(m["step"])
    if step <= 0:
        return None
    unit = m["unit"].removeprefix("个") or m["unit"]
    return PerUnit(side=side, step=step, unit=unit, points=Decimal(m["points"]))


@lru_cache(maxsize=1)
def _unit_verbs() -> tuple[str, ...]:
    """The words of `STD_UNIT_SHORT` and `STD_UNIT_OVER` as the grammar declares them."""
    out: list[str] = []
    for line in grammar_text().splitlines():
        if re.match(r"STD_UNIT_(?:SHORT|OVER):", line):
            out.extend(re.findall(r'"([^"]+)"', line))
    return tuple(out)


def standard_column(card: Card, headers: list[str]) -> int | None:
    """The grid column whose header names the scoring standard, if exactly one does."""
    cols = [c.index for c in card.view.columns
            if any(w in normalise(c.header) for w in headers)]
    return cols[0] if len(cols) == 1 else None


def extract_standards(ctx: ExtractContext, all_cards: list[Card]) -> None:
    """A `score_cap` relation for each indicator whose standard awards more than its weight.

    A standard cell shared by several rows (merged down, or repeated) is skipped: it may
    score the group, not the row beside it."""
    headers = [normalise(w) for w in ctx.packs.synonyms("standard_header")]
    if not headers:
        return
    for card in all_cards:
        col = standard_column(card, headers)
        if col is None:
            continue
        table = card.view.table
        texts = {ind.row: table.text(ind.row, col) for ind in card.rows}
        for ind in card.rows:
            text = texts[ind.row]
            cell = table.cell(ind.row, col)
            if ind.weight is None or cell is None or cell.merged or not norm(text):
                continue
            if sum(1 for t in texts.values() if norm(t) == norm(text)) > 1:
                continue
            weight = ctx.graph[ind.weight]
            found = awards(text)
            if not found:
                continue
            top = max(found, key=lambda a: a.points)
            if top.points <= weight.value:
                continue
            fact = ctx.graph.add_fact(
                value=top.points, decimals=_decimals(top.points), unit="分", kind="score",
                label=ind.path[-1] if ind.path else "", context=" / ".join(ind.path),
                location=f"table {table.index}, row {ind.row + 1}, column {col + 1}",
                span=cell.text.whole_span(), text=top.text, block=card.block,
                table=table.index, row=ind.row, col=col, section=" / ".join(table.section))
            ctx.graph.relate(Relation(
                kind="score_cap", result=fact.id, operands=[ind.weight],
                origin=f"评分标准 of table {table.index}, row {ind.row + 1}",
                params=ScoreCapParams(score=f"评分标准 {top.text}: points awarded", weight="分值",
                                      name=ind.path[-1] if ind.path else "").as_params()))


def extract_table_standards(ctx: ExtractContext, skip: set[int], block_of: dict[int, int]) -> None:
    """Indicator tables that are not scoring tables (an 评价指标体系 with 指标解释 and 评分标准
    columns and no 得分): each row's standard against the weight written in the row's own
    rightmost weighted label (`“三公经费”变动率 (3分)`). Merged and repeated cells are skipped."""
    headers = [normalise(w) for w in ctx.packs.synonyms("standard_header")]
    if not headers:
        return
    for table in ctx.document.tables:
        if table.index in skip or table.n_rows < 2:
            continue
        cols = [c for c in range(table.n_cols)
                if any(w in normalise(table.text(0, c)) for w in headers)]
        if len(cols) != 1:
            continue
        col = cols[0]
        seen = [norm(table.text(r, col)) for r in range(1, table.n_rows)]
        for r in range(1, table.n_rows):
            text = table.text(r, col)
            cell = table.cell(r, col)
            if cell is None or cell.merged or not norm(text) or seen.count(norm(text)) > 1:
                continue
            label = _weighted_label(table, r, col)
            if label is None:
                continue
            found = awards(text)
            if not found:
                continue
            top = max(found, key=lambda a: a.points)
            lc, m = label
            if top.points <= Decimal(m.group(1)):
                continue
            lcell = table.cell(r, lc)
            assert lcell is not None
            name = _LABEL_WEIGHT.sub("", lcell.text.text).strip()
            common = {"context": name, "block": block_of.get(table.index), "table": table.index,
                      "row": r, "section": " / ".join(table.section)}
            weight = ctx.graph.add_fact(
                value=Decimal(m.group(1)), decimals=_decimals(Decimal(m.group(1))), unit="分",
                kind="weight", label=name, span=lcell.text.whole_span(), text=m.group(0),
                location=f"table {table.index}, row {r + 1}, column {lc + 1}", col=lc, **common)
            fact = ctx.graph.add_fact(
                value=top.points, decimals=_decimals(top.points), unit="分", kind="score",
                label=name, span=cell.text.whole_span(), text=top.text,
                location=f"table {table.index}, row {r + 1}, column {col + 1}", col=col, **common)
            ctx.graph.relate(Relation(
                kind="score_cap", result=fact.id, operands=[weight.id],
                origin=f"评分标准 of table {table.index}, row {r + 1}",
                params=ScoreCapParams(score=f"评分标准 {top.text}: points awarded", weight="分值",
                                      name=name).as_params()))


def _weighted_label(table: Table, r: int, col: int) -> tuple[int, re.Match[str]] | None:
    """The rightmost own (unmerged) cell left of the standard whose text ends in a weight."""
    for c in range(col - 1, -1, -1):
        cell = table.cell(r, c)
        if cell is None or cell.merged:
            continue
        m = _LABEL_WEIGHT.search(unicodedata.normalize("NFKC", cell.text.text))
        if m:
            return c, m
    return None


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


# ---------------------------------------------------------------------------------------------
# a standard read as a rule from a measured value to points (AL306)


@dataclass(frozen=True)
class StandardWords:
    """The words `read_rule` needs, from [extra] of rules/scoring.toml."""

    deviation: tuple[str, ...]
    unread: tuple[str, ...]
    filler: tuple[str, ...]


@dataclass(frozen=True)
class ReadRule:
    """A standard read as a rule, with the subject its clauses measure (执行率, 偏离目标)."""

    rule: Standard
    subject: str


_LEVELS = {"STD_PCT_RANGE", "STD_PCT_UP", "STD_PCT_DOWN", "STD_PCT"}
_AWARDS = {"STD_AWARD", "STD_FULL", "STD_NONE"}


def _level(tok_type: str, text: str) -> tuple[Decimal | None, Decimal | None]:
    nums = sorted(Decimal(n) for n in _NUM.findall(text))
    if tok_type == "STD_PCT_RANGE":
        return nums[0], nums[-1]
    if tok_type == "STD_PCT_UP":
        return nums[0], None
    if tok_type == "STD_PCT_DOWN":
        return None, nums[0]
    return nums[0], nums[0]


def _subject(text: str, filler: tuple[str, ...]) -> str:
    """The words of a clause part around its level, without marks and filler words."""
    t = "".join(re.findall(r"[\u4e00-\u9fff]+", text))
    changed = True
    while changed and t:
        changed = False
        for w in filler:
            if w and t.startswith(w) and len(t) > len(w):
                t, changed = t[len(w):], True
            if w and t.endswith(w) and len(t) > len(w):
                t, changed = t[:-len(w)], True
    return t


def read_rule(text: str, weight: Decimal, words: StandardWords) -> ReadRule | None:
    """A standard whose every award is conditioned on one measured level, as a rule; None
    when any part of it scores otherwise (an award with no level, a deduction that is not per
    percentage point, proportional or discretionary scoring), or when its top award is not the
    indicator's weight (a standard of several criteria, each scoring a part)."""
    flat = normalise(text)
    if not flat or any(w in flat for w in words.unread):
        return None
    try:
        toks = list(_lexer().lex(flat))
    except LarkError:
        return None
    # the parts between commas and clause ends, and the words of each
    part_of: list[int] = []
    part_text: list[str] = [""]
    for t in toks:
        if t.type in ("STD_COMMA", "STD_SEP"):
            part_text.append("")
            part_of.append(len(part_text) - 1)
            continue
        part_of.append(len(part_text) - 1)
        if t.type == "STD_TEXT":
            part_text[-1] += str(t)
    steps: list[Step] = []
    subjects: list[str] = []
    per: tuple[Decimal | None, Decimal, Decimal, str] | None = None
    pending: tuple[Decimal | None, Decimal | None, str, str] | None = None
    for t, part in zip(toks, part_of, strict=True):
        kind, s = t.type, str(t)
        if kind in _LEVELS:
            if pending is not None:
                return None  # two levels before one award
            lo, hi = _level(kind, s)
            pending = (lo, hi, s, _subject(part_text[part], words.filler))
        elif kind in _AWARDS:
            if pending is None:
                if kind == "STD_NONE":
                    continue  # `未达到不得分`: the complement of what went before
                return None
            nums = [Decimal(n) for n in _NUM.findall(s)]
            p_lo, p_hi = ((weight, weight) if kind == "STD_FULL" else
                          (Decimal(0), Decimal(0)) if kind == "STD_NONE" else (min(nums), max(nums)))
            steps.append(Step(pending[0], pending[1], p_lo, p_hi, pending[2] + s))
            subjects.append(pending[3])
            pending = None
        elif kind == "STD_PER":
            step = per_point(s)
            if per is not None or step is None:
                return None
            ref = None if pending is None else (pending[0] if pending[0] is not None
                                                else pending[1])
            if pending is not None:
                subjects.append(pending[3])
            per = (ref, step[0], step[1], s)
            pending = None
        elif kind == "STD_DEDUCT" or kind in _PER_UNIT_KINDS:
            return None
        elif kind == "STD_SEP":
            pending = None  # a level no award follows: a definition, not a condition
    return _assemble(steps, per, subjects, weight, words)


def _assemble(steps: list[Step], per: tuple[Decimal | None, Decimal, Decimal, str] | None,
              subjects: list[str], weight: Decimal, words: StandardWords) -> ReadRule | None:
    per_rule: PerPoint | None = None
    if per is not None:
        ref, step, points, text = per
        full = weight
        if ref is None:
            tops = [s for s in steps if s.lo is not None and s.points_hi == weight]
            if len(tops) != 1:
                return None
            ref = tops[0].lo
        assert ref is not None
        per_rule = PerPoint(ref=ref, step=step, points=points, full=full, text=text)
    if not steps and per_rule is None:
        return None
    rule_top = max([s.points_hi for s in steps] + ([per_rule.full] if per_rule else []))
    if rule_top != weight:
        return None
    deviation = [any(w in s for w in words.deviation) for s in subjects]
    named = [s for s in subjects if s]
    if any(deviation):
        if not all(d for d, s in zip(deviation, subjects, strict=True) if s) or per_rule:
            return None
        measure: Measure = "deviation"
    else:
        measure = "level"
        if any(not _same_subject(a, named[0]) for a in named[1:]):
            return None
    subject = max(named, key=len) if named else ""
    return ReadRule(Standard(measure=measure, steps=tuple(steps), per=per_rule), subject)


def _same_subject(a: str, b: str) -> bool:
    """Two subjects name one measure: one holds the other, or they end alike (…执行率)."""
    if a in b or b in a:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n >= 2
