"""Indicator tables read for scoring: weights written in labels (`投入（20 分）`), the rows
under each label, the 资金执行率 line of a 自评表, targets and results.

Everything here reads the `TableView` of the table stage and its cell facts; only the
weights written inside label cells become new facts (their cells are text to the table stage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.quantity import scan
from auditlint.extract.scoring.narrative import subject_key
from auditlint.extract.tableview.model import Row, TableView, cell_value
from auditlint.extract.tableview.text import norm
from auditlint.extract.tableview.view import views_of
from auditlint.lazyre import lazy_compile
from auditlint.packs import RulePacks

_LABEL_WEIGHT = lazy_compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")


@dataclass
class Indicator:
    row: int
    path: tuple[str, ...]
    keys: tuple[str, ...]
    weight: int | None  # fact ids (the weight column's, else a weight written in the label)
    score: int | None
    label_weights: dict[int, int] = field(default_factory=dict)  # path depth -> fact id


@dataclass
class Card:
    """One indicator table (a block of a table), with what belongs to it."""

    table: Table
    view: TableView
    block: int  # index into Document.blocks
    rows: list[Indicator] = field(default_factory=list)
    total_weight: int | None = None
    total_score: int | None = None
    project: str = ""
    named: bool = False  # `project` is the form's 项目名称, not only its caption
    shifted: bool = False  # some rows could not be aligned with the header

    @property
    def keys(self) -> set[str]:
        return {r.keys[-1] for r in self.rows if r.keys}

    def under(self, key: str) -> tuple[list[Indicator], int] | None:
        """The rows under the one label whose key is `key`, and its depth; None when no label
        or several labels at different places have that key."""
        places = {(depth, r.path[:depth + 1]) for r in self.rows
                  for depth, k in enumerate(r.keys) if k == key}
        if len(places) != 1:
            return None
        depth, prefix = next(iter(places))
        rows = [r for r in self.rows if r.path[:depth + 1] == prefix]
        return rows, depth


@dataclass
class ExecLine:
    score: int
    rate: int
    weight: int
    row: int
    table: int


@dataclass
class TargetRow:
    name: str
    score: int
    weight: int
    target: int | None
    actual: int | None
    target_text: str
    actual_text: str
    reason: str
    has_reason_column: bool
    path: tuple[str, ...] = ()  # the indicator's row labels (一级, 二级, 三级指标)
    standard: str = ""  # its stated 评分标准, when the table has one column for it


def cards(ctx: ExtractContext, block_of: dict[int, int]) -> list[Card]:
    out: list[Card] = []
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            if view.kind not in ("scoring", "selfeval_indicators", "other"):
                continue
            card = _card(ctx, table, view, block_of[table.index])
            if card is not None:
                out.append(card)
    return out


def _whole_totals(packs: RulePacks) -> frozenset[str]:
    """The labels of a scoring table's own total row (合计, 总分: `whole` of [totals])."""
    return frozenset(norm(w) for w in packs.totals("whole"))


def _fact(ctx: ExtractContext, view: TableView, row: int, col: int | None,
          kind: str) -> int | None:
    if col is None:
        return None
    fid = view.fact(row, col)
    if fid is None or ctx.graph[fid].kind != kind:
        return None
    return fid


def _card(ctx: ExtractContext, table: Table, view: TableView, block: int) -> Card | None:
    wcol = view.column("weight")
    scol = view.column("score")
    project, named = _project(view)
    card = Card(table=table, view=view, block=block, project=project, named=named)
    label_facts: dict[tuple[str, ...], int] = {}
    for row in view.rows:
        if getattr(row, "shifted", False):
            card.shifted = True
            continue
        w = _fact(ctx, view, row.index, wcol.index if wcol else None, "weight")
        s = _fact(ctx, view, row.index, scol.index if scol else None, "score")
        if row.is_total:
            if card.total_weight is None and card.total_score is None and \
                    norm(row.label).rstrip("：:") in _whole_totals(ctx.packs):
                card.total_weight, card.total_score = w, s
            continue
        ind = Indicator(row=row.index, path=row.path, keys=tuple(subject_key(p) for p in row.path),
                        weight=w, score=s)
        for depth, col in enumerate(_path_cols(row)):
            fid = _label_weight(ctx, view, row, col, depth, label_facts, block)
            if fid is not None:
                ind.label_weights[depth] = fid
        if ind.weight is None and ind.label_weights.get(len(row.path) - 1) is not None \
                and wcol is None:
            ind.weight = ind.label_weights[len(row.path) - 1]
        if ind.weight is not None or ind.score is not None or ind.label_weights:
            card.rows.append(ind)
    if not card.rows:
        return None
    if view.kind == "other" and sum(1 for r in card.rows if r.weight is not None) < 3:
        return None
    return card


def _path_cols(row: Row) -> list[int]:
    """The label columns of a row's path, in path order."""
    cols: list[int] = []
    seen: list[str] = []
    for col in sorted(row.labels):
        text = row.labels[col]
        if norm(text) and (not seen or norm(seen[-1]) != norm(text)):
            cols.append(col)
            seen.append(text)
    return cols[:len(row.path)]


def _label_weight(ctx: ExtractContext, view: TableView, row: Row, col: int, depth: int,
                  done: dict[tuple[str, ...], int], block: int) -> int | None:
    """The weight written in a label cell (`投入（20 分）`), as a fact made once per cell."""
    text = row.labels.get(col, "")
    m = _LABEL_WEIGHT.search(text)
    if not m:
        return None
    # the cell the text stands in: this row's, a merged origin, or the last one above
    table = view.table
    origin = None
    for r in range(row.index, view.start - 1, -1):
        cell = table.cell(r, col)
        if cell is None:
            break
        if cell.merged and cell.origin is not None:
            origin = table.cell(*cell.origin)
            break
        if norm(cell.text.text):
            origin = cell
            break
    if origin is None or not _LABEL_WEIGHT.search(origin.text.text):
        return None
    key = tuple(norm(p) for p in row.path[:depth + 1])  # one label, however often repeated
    if key in done:
        return done[key]
    src = origin.text
    qs = [q for q in scan(src.text) if q.value == _dec(m.group(1))]
    if qs:
        q = qs[-1]
        span, shown = src.span(q.start, q.end), q.text
    else:
        span, shown = src.whole_span(), m.group(0)
    fact = ctx.graph.add_fact(
        value=_dec(m.group(1)), decimals=len(m.group(1).split(".")[1]) if "." in m.group(1) else 0,
        unit="分", kind="weight", label=text.strip(), context=" / ".join(row.path),
        location=f"table {table.index}, row {origin.row + 1}, column {origin.col + 1}",
        span=span, text=shown, block=block, table=table.index, row=origin.row, col=origin.col,
        section=" / ".join(table.section))
    done[key] = fact.id
    return fact.id


def _dec(text: str) -> Decimal:
    return Decimal(text)


def _project(view: TableView) -> tuple[str, bool]:
    """The 项目名称 of a 自评表 (a row above the blocks), else the table's caption; and
    whether it is the 项目名称 (a caption such as `项目支出绩效自评表` names no project)."""
    table = view.table
    for r in range(0, min(table.n_rows, view.start + 3)):
        for c in range(table.n_cols - 1):
            if norm(table.text(r, c)) in ("项目名称", "项目名称：", "项目名称:"):
                for c2 in range(c + 1, table.n_cols):
                    t = table.text(r, c2).strip()
                    if t and norm(t) != "项目名称":
                        return t, True
    return table.caption or "", False


# ---------------------------------------------------------------------------------------------
# 资金执行率 lines


def exec_lines(ctx: ExtractContext, words: list[str]) -> list[ExecLine]:
    wanted = tuple(norm(w) for w in words)
    out: list[ExecLine] = []
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            wcol, scol, rcol = view.column("weight"), view.column("score"), view.column("rate")
            if not (wcol and scol and rcol):
                continue
            for row in view.rows:
                label = norm(row.label) or norm("".join(row.path))
                if not any(w in label for w in wanted):
                    continue
                if getattr(row, "shifted", False):
                    found = _shifted_exec(ctx, view, row)
                else:
                    w = _fact(ctx, view, row.index, wcol.index, "weight")
                    s = _fact(ctx, view, row.index, scol.index, "score")
                    r = view.fact(row.index, rcol.index)
                    found = None if w is None or s is None or r is None else (w, r, s)
                if found is None or not _plausible(ctx, *found):
                    continue
                w, r, s = found
                out.append(ExecLine(score=s, rate=r, weight=w, row=row.index, table=table.index))
                break
    return out


def _plausible(ctx: ExtractContext, w: int, r: int, s: int) -> bool:
    """A 分值 of at most 100 points, a rate in percent of at most 100, a score within 分值 (a
    `1000%` is two cells run together by the extraction)."""
    fw, fr, fs = ctx.graph[w], ctx.graph[r], ctx.graph[s]
    return 0 < fw.value <= 100 and fr.unit in ("%", None) and 0 <= fr.value <= 100 \
        and fs.value >= 0


def _shifted_exec(ctx: ExtractContext, view: TableView, row: Row) -> tuple[int, int, int] | None:
    """A 资金执行率 line whose cells slid left or right: the header ends with 分值, 执行率,
    得分, and so does the row — its last three numbers are read as those when they look it
    (a whole 分值, a percentage, a score within the 分值)."""
    roles = [c.role for c in view.columns]
    if roles[-3:] != ["weight", "rate", "score"]:
        return None
    ids = [view.fact(row.index, c.index) for c in view.columns]
    facts = [ctx.graph[i] for i in ids if i is not None]
    if len(facts) < 3:
        return None
    w, r, s = facts[-3:]
    if w.unit not in (None, "分") or w.decimals or not 0 < w.value <= 100:
        return None
    if r.unit != "%" or s.unit not in (None, "分") or not 0 <= s.value <= w.value:
        return None
    return w.id, r.id, s.id


# ---------------------------------------------------------------------------------------------
# targets


def target_rows(ctx: ExtractContext, view: TableView, no_reason: set[str],
                standard_headers: tuple[str, ...] = ()) -> list[TargetRow]:
    tcol, acol = view.column("target"), view.column("actual")
    stcols = [c.index for c in view.columns if any(w in norm(c.header) for w in standard_headers)]
    wcol, scol = view.column("weight"), view.column("score")
    rcol = view.column("reason")
    if not (tcol and acol and wcol and scol):
        return []
    out: list[TargetRow] = []
    for row in view.rows:
        if row.is_total or getattr(row, "shifted", False):
            continue
        w = _fact(ctx, view, row.index, wcol.index, "weight")
        s = _fact(ctx, view, row.index, scol.index, "score")
        if w is None or s is None:
            continue
        ttext = view.table.text(row.index, tcol.index).strip()
        atext = view.table.text(row.index, acol.index).strip()
        if not ttext or not atext:
            continue
        reason = view.table.text(row.index, rcol.index).strip() if rcol else ""
        if norm(reason) in no_reason or cell_value(reason).kind == "dash":
            reason = ""
        if not reason and rcol and view.table.shape == "flattened":
            reason = _stray_text(ctx, view, row)
        tf, af = view.fact(row.index, tcol.index), view.fact(row.index, acol.index)
        out.append(TargetRow(name=row.label or "/".join(row.path), score=s, weight=w,
                             target=tf, actual=af, target_text=ttext, actual_text=atext,
                             reason=reason, has_reason_column=rcol is not None,
                             path=tuple(row.path),
                             standard=view.table.text(row.index, stcols[0])
                             if len(stcols) == 1 else ""))
    return out


def _lines_of(view: TableView, row: int) -> list[int]:
    lines: list[int] = []
    for cell in view.table.rows[row] if row < len(view.table.rows) else []:
        lines.extend(seg.line for seg in cell.text.segments)
    return lines


def _stray_text(ctx: ExtractContext, view: TableView, row: Row) -> str:
    """Text a flattened table left between a row and the next one: in a 自评表 it is the
    偏差原因 cell that the flattening could not place (`为响应节约号召，用电量减少。`)."""
    mine = _lines_of(view, row.index)
    later = [r for r in view.table.rows[row.index + 1:]]
    nxt: list[int] = []
    for cells in later:
        nxt = [seg.line for cell in cells for seg in cell.text.segments]
        if nxt:
            break
    if not mine:
        return ""
    end = min(nxt) if nxt else max(mine) + 8
    lines = ctx.document.lines
    stray = [lines[i - 1].strip() for i in range(max(mine) + 1, end)
             if 0 < i <= len(lines) and re.search(r"[\u4e00-\u9fff]", lines[i - 1])]
    return "".join(stray)


def selfeval_total(ctx: ExtractContext, view: TableView
                   ) -> tuple[int, int, list[tuple[int, int]]] | None:
    """(total weight, total score, [(weight, score) of each indicator]) of a 自评表 block whose
    every indicator row has both, none misaligned; None otherwise."""
    wcol, scol = view.column("weight"), view.column("score")
    if not (wcol and scol):
        return None
    leaves: list[tuple[int, int]] = []
    total: tuple[int, int] | None = None
    for row in view.rows:
        w = _fact(ctx, view, row.index, wcol.index, "weight")
        s = _fact(ctx, view, row.index, scol.index, "score")
        has_number = view.value(row.index, wcol.index).is_number or \
            view.value(row.index, scol.index).is_number
        if getattr(row, "shifted", False):
            return None
        if row.is_total:
            if w is not None and s is not None and total is None:
                total = (w, s)
            continue
        if total is not None:
            return None  # rows after the total: not a plain 自评表 block
        if w is None and s is None and not has_number:
            continue
        if w is None or s is None:
            return None
        leaves.append((w, s))
    if total is None or len(leaves) < 2:
        return None
    return total[0], total[1], leaves


def text_met(target: str, actual: str, missed_words: list[str]) -> str | None:
    """`yes`/`no` for a text target (及时, 可控, 有所提高) against its result, None when the
    words do not tell."""
    t, a = norm(target).strip("=＝"), norm(actual).strip("=＝")
    if not t or not a or cell_value(a).is_number or cell_value(t).is_number:
        return None
    if any(w in a for w in missed_words) and not any(w in t for w in missed_words):
        return "no"
    if _PLAIN_AFFIXES.sub("", a) == _PLAIN_AFFIXES.sub("", t):
        return "yes"  # the target's own words, at most with 已/均 (not 基本满意 for 满意)
    return None


_PLAIN_AFFIXES = lazy_compile(r"^(?:已经|均已|全部|已|均)|[。.；;！!]+$")
