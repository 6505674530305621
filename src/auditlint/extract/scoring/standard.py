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

_NUM = re.compile(r"\d+(?:\.\d+)?")
_LABEL_WEIGHT = re.compile(r"[(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)]\s*$")


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
                params={"score": f"评分标准 {top.text}: points awarded",
                        "weight": "分值", "name": ind.path[-1] if ind.path else ""}))


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
                params={"score": f"评分标准 {top.text}: points awarded",
                        "weight": "分值", "name": name}))


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
