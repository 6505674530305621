"""Scores against their stated standard and the actual value the row states (AL306).

A scoring table whose 评分标准 states the level itself (`执行率达到100%得10分，每降低1个百分点扣
0.5分`, `偏离目标10%-20%得8分`) scores a row by what the row says was achieved: its 实际完成值
cell, or a figure of its 评分依据 / 说明 cell that names the standard's measure (`实际执行率96%`).
Each such row gets a `standard_score` relation: the standard as a rule (auditlint.standards)
and the values the row can be read to measure, every reading the report allows; the check says
a score is wrong only when no reading gives it. A row is left alone when its actual value is
not stated unambiguously (none, several that differ, one of another measure).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import Quantity, scan
from auditlint.extract.scoring.standard import (
    ReadRule,
    StandardWords,
    _same_subject,
    normalise,
    read_rule,
    standard_column,
)
from auditlint.extract.scoring.tables import Card, Indicator
from auditlint.extract.tableview.text import norm
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import StandardParams

_BREAK = lazy_compile(r"[，,。；;：:\n]")


@dataclass(frozen=True)
class Reading:
    """One value the row measures, within its rounding, and how it was read."""

    lo: Decimal
    hi: Decimal
    how: str
    fact: int


@dataclass(frozen=True)
class _Words:
    rule: StandardWords
    basis: tuple[str, ...]
    actual: tuple[str, ...]
    not_actual: tuple[str, ...]
    completion: tuple[str, ...]
    rate_endings: tuple[str, ...]


def _words(ctx: ExtractContext) -> _Words:
    w = ctx.packs.words
    return _Words(
        rule=StandardWords(tuple(w("standard_deviation")), tuple(w("standard_unread")),
                           tuple(w("standard_filler"))),
        basis=tuple(normalise(x) for x in ctx.packs.synonyms("basis_header")),
        actual=tuple(w("actual_words")), not_actual=tuple(w("not_actual_words")),
        completion=tuple(w("completion_words")), rate_endings=tuple(w("rate_name_endings")))


def extract_measured(ctx: ExtractContext, all_cards: list[Card]) -> None:
    headers = [normalise(w) for w in ctx.packs.synonyms("standard_header")]
    if not headers:
        return
    words = _words(ctx)
    for card in all_cards:
        col = standard_column(card, headers)
        if col is None:
            continue
        table = card.view.table
        texts = [norm(table.text(ind.row, col)) for ind in card.rows]
        for ind in card.rows:
            cell = table.cell(ind.row, col)
            text = table.text(ind.row, col)
            if ind.weight is None or ind.score is None or cell is None or cell.merged \
                    or not norm(text) or texts.count(norm(text)) > 1:
                continue
            weight = ctx.graph[ind.weight]
            read = read_rule(text, weight.value, words.rule)
            if read is None:
                continue
            readings = _readings(ctx, card, ind, col, read, words)
            if not readings:
                continue
            name = ind.path[-1].strip() if ind.path else ""
            ctx.graph.relate(Relation(
                kind="standard_score", result=ind.score,
                operands=[ind.weight, *dict.fromkeys(r.fact for r in readings)],
                origin=f"评分标准 of table {table.index}, row {ind.row + 1}",
                params=StandardParams(
                    name=name[:40], standard=" ".join(text.split())[:120],
                    rule=read.rule.to_json(),
                    readings=json.dumps([[str(r.lo), str(r.hi), r.how] for r in readings],
                                        ensure_ascii=False)).as_params()))


def _readings(ctx: ExtractContext, card: Card, ind: Indicator, std_col: int, read: ReadRule,
              words: _Words) -> list[Reading]:
    """The values the row states of the standard's measure: from its 实际完成值 (against its
    年度指标值 for a deviation), else from one figure of its 评分依据 cell."""
    view = card.view
    name = ind.path[-1] if ind.path else ""
    acol, tcol = view.column("actual"), view.column("target")
    actual = _fact(ctx, view.fact(ind.row, acol.index)) if acol else None
    target = _fact(ctx, view.fact(ind.row, tcol.index)) if tcol else None
    if actual is not None and actual.comparator is None:
        if read.rule.measure == "level":
            if actual.unit == "%" and (not read.subject or _same_subject(read.subject, name)):
                return [Reading(actual.interval.lo, actual.interval.hi,
                                f"实际完成值 {actual.text}", actual.id)]
            return []
        return _deviations(actual, target, name, words)
    if acol is not None and norm(view.table.text(ind.row, acol.index)):
        return []  # an actual value stated otherwise (in words): not read from elsewhere
    return _from_basis(ctx, card, ind, std_col, read, words)


def _fact(ctx: ExtractContext, fid: int | None) -> Fact | None:
    return None if fid is None else ctx.graph[fid]


def _is_rate(name: str, words: _Words) -> bool:
    return any(norm(name).endswith(w) for w in words.rate_endings)


def _deviations(actual: Fact, target: Fact | None, name: str, words: _Words) -> list[Reading]:
    """How far a result is from its target, in percent, by every reading of 偏离: relative to
    the target, in percentage points when both are rates, and none when the result lies past
    a bound on its good side (≥500 with 620 done). A percent result of an indicator that is
    no rate (演出场次 85%) is its completion: 100 less it."""
    lo, hi = actual.interval.lo, actual.interval.hi
    if target is None or target.value == 0:
        if actual.unit != "%" or _is_rate(name, words) or target is not None:
            return []
        return [Reading(abs(Decimal(100) - hi), abs(Decimal(100) - lo),
                        f"实际完成值 {actual.text} of the target: {100 - actual.value}% off it",
                        actual.id)]
    if (target.unit or "") != (actual.unit or "") or not actual.unit:
        return []
    t = target.value
    rel = sorted(abs(x - t) / abs(t) * 100 for x in (lo, hi))
    out = [Reading(rel[0], rel[1], f"实际完成值 {actual.text} against 年度指标值 {target.text}: "
                   f"|{actual.value} − {t}| ÷ {t} = {_pct(rel[0], rel[1])} off it", actual.id)]
    if actual.unit == "%":
        pts = sorted(abs(x - t) for x in (lo, hi))
        out.append(Reading(pts[0], pts[1], f"实际完成值 {actual.text} against 年度指标值 "
                           f"{target.text}: {_pct(pts[0], pts[1])} points off it", actual.id))
    cmp = target.comparator or ""
    if (cmp in (">=", ">") and lo >= t) or (cmp in ("<=", "<") and hi <= t):
        out.append(Reading(Decimal(0), Decimal(0), f"实际完成值 {actual.text} meets 年度指标值 "
                           f"{target.text}: not off it", actual.id))
    return out


def _pct(lo: Decimal, hi: Decimal) -> str:
    def f(d: Decimal) -> str:
        return format(d.quantize(Decimal("0.01")).normalize(), "f")
    return f"{f(lo)}%" if f(lo) == f(hi) else f"{f(lo)}%–{f(hi)}%"


def _from_basis(ctx: ExtractContext, card: Card, ind: Indicator, std_col: int, read: ReadRule,
                words: _Words) -> list[Reading]:
    """One percent figure of the row's 评分依据 cell that states the measure: for a level, one
    that the standard's subject (else the indicator's name) names and no target word does,
    those with 实际 first; for a deviation, one named 偏离 (or a 完成率: 100 less it)."""
    table = card.view.table
    cols = [c.index for c in card.view.columns if c.index != std_col
            and any(w in normalise(c.header) for w in words.basis)]
    if len(cols) != 1:
        return []
    cell = table.cell(ind.row, cols[0])
    if cell is None or cell.merged:
        return []
    src = cell.text
    name = ind.path[-1] if ind.path else ""
    subject = norm(read.subject or name)
    found: list[tuple[int, str, str]] = []  # (rank, what it reads, how)
    picked: list[Quantity] = []  # the figure of each of `found`
    for q in scan(src.text):
        if q.unit != "%" or q.comparator or q.scale:
            continue
        cut = max((m.end() for m in _BREAK.finditer(src.text, 0, q.start)), default=0)
        head = norm(src.text[cut:q.start])
        deviation = any(w in head for w in words.rule.deviation)
        if any(w in head for w in words.not_actual) and not deviation:
            continue
        if read.rule.measure == "level":
            if deviation or not subject or not (subject in head or subject[-3:] in head):
                continue
            rank = 0 if any(w in head for w in words.actual) else 1
            found.append((rank, "level", f"评分依据 {q.text}"))
        elif deviation:
            found.append((0, "deviation", f"评分依据 {q.text} off the target"))
        elif any(w in head for w in words.completion):
            found.append((0, "completion", f"评分依据 {q.text} done: "
                          f"{abs(100 - q.value)}% off the target"))
        else:
            continue
        picked.append(q)
    if not found:
        return []
    best = min(r for r, *_ in found)
    chosen = [i for i, f in enumerate(found) if f[0] == best]
    if len({(found[i][1], picked[i].value) for i in chosen}) != 1:
        return []  # several figures of the measure that differ: not unambiguous
    i = chosen[0]
    _, reading, how = found[i]
    q = picked[i]
    fact = ctx.graph.add_fact(
        value=q.value, decimals=q.decimals, unit="%", kind="percent", label=name,
        context=" / ".join(ind.path), location=f"table {table.index}, row {ind.row + 1}, "
        f"column {cols[0] + 1}", span=src.span(q.start, q.end), text=q.text,
        block=card.block, table=table.index, row=ind.row, col=cols[0],
        section=" / ".join(table.section))
    lo, hi = fact.interval.lo, fact.interval.hi
    if reading == "completion":
        lo, hi = sorted((abs(100 - lo), abs(100 - hi)))
    return [Reading(lo, hi, how, fact.id)]
