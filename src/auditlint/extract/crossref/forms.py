"""Cross-references inside a self-evaluation form: its 实际完成情况 text against its indicators.

A flattened 自评表 leaves the two columns of its 年度总体目标 (预期目标 | 实际完成情况) as plain
paragraphs whose column is unknown, so their figures are not linked like the report's text.
Its indicator table is the reliable side: the 实际完成值 column of a recognised table. A form
paragraph is read as the 实际完成情况 when its *other* figures match indicators' 实际完成值 where
those differ from the 年度指标值, and none matches a 年度指标值 instead (leave one out: the figure
under test never votes for its own reading). Then a figure of that paragraph whose label is an
indicator's label is linked to that indicator's 实际完成值, as an inferred link (a warning).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from auditlint.agreement import agreeing, plausible_slip
from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.mentions import Mention
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import SameAsParams


@dataclass(frozen=True)
class Indicator:
    """One row of an indicator table: its 实际完成值 cell (a mention) and its 年度指标值."""

    label: str
    actual: Mention
    target: Fact | None


def indicators(ctx: ExtractContext, cells: list[Mention]) -> dict[int, list[Indicator]]:
    """The indicators of each table with both a 年度指标值 and a 实际完成值 column."""
    by_cell = {(m.fact.table, m.fact.row, m.fact.col): m for m in cells}
    out: dict[int, list[Indicator]] = defaultdict(list)
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            tcol, acol = view.column("target"), view.column("actual")
            if tcol is None or acol is None:
                continue
            for row in view.rows:
                if row.is_total or row.shifted:
                    continue
                actual = by_cell.get((table.index, row.index, acol.index))
                if actual is None or not actual.subject.linkable:
                    continue
                tid = view.fact(row.index, tcol.index)
                out[table.index].append(Indicator(
                    label=row.label, actual=actual,
                    target=ctx.graph[tid] if tid is not None else None))
    return out


def _agree(a: Fact, b: Fact) -> bool:
    return not agreeing([a, b])[1]


def reading(m: Mention, ind: Indicator) -> str:
    """Which column a figure's value points to: "actual", "target", or "" (neither or both)."""
    actual = _agree(m.fact, ind.actual.fact)
    target = ind.target is not None and _agree(m.fact, ind.target)
    if actual and ind.target is not None and not target:
        return "actual"
    if target and not actual:
        return "target"
    return ""


def _same_indicator(m: Mention, ind: Indicator) -> bool:
    a, b = m.subject, ind.actual.subject
    return (a.core, a.tags, a.year, a.dimension, a.scope, a.qualifier) == \
        (b.core, b.tags, b.year, b.dimension, b.scope, b.qualifier) and a.comparator is None


def _form_table(ctx: ExtractContext, block_no: int, scopes: dict[int, str], in_forms: set[int],
                tables: dict[int, list[Indicator]]) -> int | None:
    """The indicator table of the form a paragraph stands in: the next one, with only lines of
    the same form between them."""
    scope = scopes.get(block_no, "")
    for i in range(block_no + 1, min(len(ctx.document.blocks), block_no + 60)):
        blk = ctx.document.blocks[i]
        if scopes.get(i, "") != scope:
            return None
        if isinstance(blk, Paragraph) and i not in in_forms:
            return None
        if isinstance(blk, Table) and blk.index in tables:
            return blk.index
    return None


def form_text_links(ctx: ExtractContext, in_form: list[Mention], cells: list[Mention],
                    scopes: dict[int, str], in_forms: set[int]) -> list[Relation]:
    tables = indicators(ctx, cells)
    if not tables:
        return []
    by_block: dict[int, list[Mention]] = defaultdict(list)
    for m in in_form:
        by_block[m.fact.block].append(m)
    out: list[Relation] = []
    for block_no, mentions in sorted(by_block.items()):
        table = _form_table(ctx, block_no, scopes, in_forms, tables)
        if table is None:
            continue
        pairs = [(m, ind, reading(m, ind)) for m in mentions for ind in tables[table]
                 if _same_indicator(m, ind)]
        for m, ind, _ in pairs:
            others = [(o, oi, r) for o, oi, r in pairs if o is not m and oi is not ind]
            shown = [(o, oi) for o, oi, r in others if r == "actual"]
            if not shown or any(r == "target" for _, _, r in others):
                continue
            if not _agree(m.fact, ind.actual.fact) \
                    and not plausible_slip(m.fact, ind.actual.fact):
                continue
            out.append(_relation(m, ind, shown))
    return out


def _relation(m: Mention, ind: Indicator, shown: list[tuple[Mention, Indicator]]) -> Relation:
    o, oi = shown[0]
    target = (oi.target.text or "").strip() if oi.target is not None else ""
    reason = (f"this text of the form is read as its 实际完成情况 (its {o.subject.cleaned} "
              f"{(o.fact.text or '').strip()} is that indicator's 实际完成值, not its 年度指标值 "
              f"{target}), and {m.subject.cleaned} is the label of the form's indicator "
              f"{ind.label} (实际完成值)")
    cell = ind.actual
    return Relation(
        kind="same_as", result=cell.fact.id, operands=[m.fact.id], trust="inferred",
        origin=f"{cell.subject.describe()} stated in {cell.fact.location}, {m.fact.location}: "
               + reason,
        params=SameAsParams(confidence="loose", reason=reason, subject=ind.label,
                            reliable=cell.fact.id,
                            pairs={f"{cell.fact.id},{m.fact.id}": ["loose", reason]}).as_params())


# --- the report's text against the form's indicators ------------------------------------------

_BREAK = lazy_compile(r"[，,。；;：:！？!?\n（）()]")


@dataclass(frozen=True)
class NarrativeWords:
    """Words of rules/scoring.toml that `narrative_links` reads."""

    measure_suffixes: tuple[str, ...]  # 次数, 人次: what an indicator's name counts by
    not_actual: tuple[str, ...]  # 计划, 目标, 增加: a figure that is not what was achieved

    @classmethod
    def of(cls, ctx: ExtractContext) -> NarrativeWords:
        return cls(tuple(sorted(ctx.packs.words("indicator_measure_suffixes"), key=len,
                                reverse=True)),
                   tuple(ctx.packs.words("not_actual_words"))
                   + tuple(ctx.packs.words("narrative_not_actual_words")))


def _core(label: str, words: NarrativeWords) -> str:
    """What an indicator counts, without the word of its measure: 农技培训次数 -> 农技培训."""
    t = "".join(re.findall(r"[\u4e00-\u9fff]+", label))
    for w in words.measure_suffixes:
        if t.endswith(w) and len(t) > len(w):
            return t[:-len(w)]
    return t


def narrative_links(ctx: ExtractContext, cells: list[Mention], scopes: dict[int, str],
                    in_forms: set[int]) -> list[Relation]:
    """A figure of the report's text (`全年开展农技培训 6 次`) against the 实际完成值 of the one
    indicator of its form whose name, without its measure word, the figure's clause names and
    whose unit is the figure's (农技培训次数, 5次). The form is the report's only one, or the
    only one of the project the text stands under; a clause of a plan, a target or a change
    (计划, 目标, 增加) states no result; the link is inferred (a warning)."""
    tables = indicators(ctx, cells)
    if not tables:
        return []
    words = NarrativeWords.of(ctx)
    table_scope = {b.index: scopes.get(i, "") for i, b in enumerate(ctx.document.blocks)
                   if isinstance(b, Table) and b.index in tables}
    out: list[Relation] = []
    for block_no, found in sorted(ctx.paragraph_facts.items()):
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph) or block.heading or block_no in in_forms:
            continue
        scope = scopes.get(block_no, "")
        forms = [t for t, s in table_scope.items() if s == scope] if scope else list(tables)
        if len(forms) != 1:
            continue
        inds = tables[forms[0]]
        text = block.text.text
        for q, fid in found:
            fact = ctx.graph[fid]
            if not fact.unit or fact.comparator or q.scale:
                continue
            cut = max((m.end() for m in _BREAK.finditer(text, 0, q.start)), default=0)
            clause = "".join(re.findall(r"[\u4e00-\u9fff]+", text[cut:q.start]))
            if not clause or any(w in clause for w in words.not_actual):
                continue
            hits = [ind for ind in inds if ind.actual.fact.unit == fact.unit
                    and _names(clause, _core(ind.label, words))]
            if len(hits) != 1 or hits[0].actual.fact.comparator:
                continue
            out.append(_narrative_relation(fact, hits[0], clause))
    return out


def _names(clause: str, core: str) -> bool:
    """Whether a clause names an indicator: its core of three characters or more anywhere,
    one of two (培训) only as the clause's last word, right before the figure."""
    return (len(core) >= 3 and core in clause) or (len(core) == 2 and clause.endswith(core))


def _narrative_relation(fact: Fact, ind: Indicator, clause: str) -> Relation:
    cell = ind.actual
    reason = (f"the text's {clause} {(fact.text or '').strip()} names the form's indicator "
              f"{ind.label}, in its unit: its 实际完成值")
    return Relation(
        kind="same_as", result=cell.fact.id, operands=[fact.id], trust="inferred",
        origin=f"{cell.subject.describe()} stated in {cell.fact.location}, {fact.location}: "
               + reason,
        params=SameAsParams(confidence="loose", reason=reason, subject=ind.label,
                            reliable=cell.fact.id,
                            pairs={f"{cell.fact.id},{fact.id}": ["loose", reason]}).as_params())
