"""Stage of extract: the scoring structure of a report — indicator weights and scores in
tables and narrative, grades and their bands, 资金执行率 scores, targets and results.

Relations made here (evaluated by checks/scoring_rules.py and, for `target`, checks/targets.py):
- `weight_sum` (AL302): a weight written in a label (`投入（20 分）`) over the weights of the
  rows under it; a narrative weight over its children's or over the table's rows.
- `score_sum` (AL303): a narrative score over its children's or the table's rows; a narrative
  total over the table's total. The table stage's own total rows over weight and score
  columns (`table_sum`) are given these kinds too, so that scoring sums carry scoring codes.
- `grade` (AL304): a stated grade against the report's bands (or the default ones); band
  statements with gaps, overlaps, or two statements that disagree.
- `exec_score` (AL305): each 资金执行率 line with the pack's candidate formulas.
- `target` (AL306): each indicator's score, weight, target and result.
- `score_cap` (AL301) for weight/score pairs of the narrative.
"""

from __future__ import annotations

import json
from bisect import bisect_right

from auditlint.bands import Band, bands_to_json, problems, same_bands
from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.scoring.measured import extract_measured
from auditlint.extract.scoring.narrative import (
    BandSet,
    Narrative,
    TextNode,
    extract_narrative,
    subject_key,
    words_of,
)
from auditlint.extract.scoring.standard import (
    extract_standards,
    extract_table_standards,
    per_point,
    per_unit,
)
from auditlint.extract.scoring.tables import (
    Card,
    Indicator,
    cards,
    exec_lines,
    selfeval_total,
    target_rows,
    text_met,
)
from auditlint.extract.tableview.text import norm
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact, FactGraph, Interval, Notice, Relation, total_of
from auditlint.lazyre import lazy_compile
from auditlint.params import ExecScoreParams, GradeParams, ScoreCapParams, TargetParams, TotalParams


def extract(ctx: ExtractContext) -> None:
    _retag_table_sums(ctx)
    block_of = {b.index: i for i, b in enumerate(ctx.document.blocks) if isinstance(b, Table)}
    narrative = extract_narrative(ctx)
    all_cards = cards(ctx, block_of)
    for card in all_cards:
        _label_weights(ctx, card)
    extract_standards(ctx, all_cards)
    extract_measured(ctx, all_cards)
    extract_table_standards(ctx, {c.table.index for c in all_cards}, block_of)
    _narrative_sums(ctx, narrative)
    _narrative_vs_tables(ctx, narrative, all_cards)
    _grades(ctx, narrative)
    _exec_scores(ctx)
    _selfeval_totals(ctx)
    _targets(ctx)


def _rel(ctx: ExtractContext, **kwargs: object) -> None:
    ctx.graph.relate(Relation(**kwargs))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# table sums of the table stage


def _retag_table_sums(ctx: ExtractContext) -> None:
    """Total rows over weight and score columns are scoring sums (AL302/AL303), not AL101.
    A scoring total over a block with rows that could not be aligned with the header is not
    checked: its parts are uncertain (a notice says so)."""
    kept: list[Relation] = []
    for rel in ctx.graph.relations:
        if rel.kind == "table_sum" and rel.result is not None:
            res = ctx.graph[rel.result]
            if res.kind in ("weight", "score"):
                if _selfeval_total_row(ctx, res):
                    continue  # counted with the 资金执行率 line by _selfeval_totals
                if any(r < (res.row or 0) for r in _block_shifted(ctx, res.table, res.row)):
                    ctx.graph.notices.append(Notice(
                        message=f"the {res.label or 'total'} of table {res.table} is not "
                        "checked: rows above it could not be aligned with the header",
                        span=res.span, location=res.location))
                    continue
                rel.kind = "weight_sum" if res.kind == "weight" else "score_sum"
        kept.append(rel)
    ctx.graph.relations[:] = kept


def _selfeval_total_row(ctx: ExtractContext, res: Fact) -> bool:
    """Whether a fact is the 总分 of a 自评表 indicator block."""
    table = ctx.document.table(res.table)
    if table is None or res.row is None:
        return False
    for view in views_of(ctx, table):
        if view.kind == "selfeval_indicators" and view.start <= res.row < view.end:
            row = view.row(res.row)
            return row is not None and row.is_total
    return False


def _block_shifted(ctx: ExtractContext, table_index: int | None, row: int | None) -> list[int]:
    """The misaligned rows of the table block that holds grid row `row`."""
    if table_index is None or row is None:
        return []
    table = ctx.document.table(table_index)
    if table is None:
        return []
    for view in views_of(ctx, table):
        if view.start <= row < view.end:
            return [r.index for r in view.rows if getattr(r, "shifted", False)]
    return []


# ---------------------------------------------------------------------------------------------
# weights written in labels


def _label_weights(ctx: ExtractContext, card: Card) -> None:
    """`投入（20 分）` = the weights of the rows beside and under it, when each of them has one
    and they stand together in the table."""
    seen: set[int] = set()
    for ind in card.rows:
        for depth, fid in ind.label_weights.items():
            if fid in seen:
                continue
            seen.add(fid)
            prefix = ind.path[:depth + 1]
            group = [r for r in card.rows if r.path[:depth + 1] == prefix]
            leaves = [r for r in group if len(r.path) > depth + 1 or _unnamed_indicator(
                ctx, card, r, fid)]
            if not leaves or len(leaves) != len(group):
                continue  # the label is a leaf itself, or rows stand beside it
            positions = [card.rows.index(r) for r in group]
            if positions != list(range(positions[0], positions[0] + len(positions))):
                continue
            if card.shifted and _shift_inside(card, group):
                continue
            weights = [_leaf_weight(r) for r in leaves]
            if any(w is None for w in weights):
                continue
            label = ind.path[depth]
            _rel(ctx, kind="weight_sum", result=fid, operands=weights,
                 origin=f"weight written in the label 「{label.strip()}」 over its "
                 f"{len(leaves)} indicators",
                 params=TotalParams(name=f"weight of {label.strip()}").as_params())


def _unnamed_indicator(ctx: ExtractContext, card: Card, ind: Indicator, label_fid: int) -> bool:
    """A row of a 自评表 indicator block under a 一级 label, with its own 分值 but no 二级 or
    三级 name read (a name wrapped around the row's line in extracted text): an indicator,
    since such a block has no rows of a category's own. A row whose 分值 equals the label's
    may be the category's own line, and is not taken."""
    if card.view.kind != "selfeval_indicators" or ind.weight is None \
            or ind.weight in ind.label_weights.values():
        return False
    return ctx.graph[ind.weight].value != ctx.graph[label_fid].value


def _leaf_weight(ind: Indicator) -> int | None:
    return ind.weight


def _shift_inside(card: Card, group: list[Indicator]) -> bool:
    rows = {r.row for r in group}
    lo, hi = min(rows), max(rows)
    return any(getattr(r, "shifted", False) and lo <= r.index <= hi for r in card.view.rows)


# ---------------------------------------------------------------------------------------------
# narrative


def _narrative_sums(ctx: ExtractContext, narrative: Narrative) -> None:
    for node in narrative.nodes:
        if node.weight is not None and node.score is not None:
            _rel(ctx, kind="score_cap", result=node.score, operands=[node.weight],
                 origin="weight and score stated together",
                 params=ScoreCapParams(name=node.name.strip()[:30], weight="指标分值",
                                       score="得分").as_params())
        if not node.complete or not node.children:
            continue
        where = f"paragraph {ctx.document.blocks[node.block].index}"
        title = "the total" if node.total else node.name.strip()[:30]
        if node.weight is not None and all(k.weight is not None for k in node.children):
            _rel(ctx, kind="weight_sum", result=node.weight,
                 operands=[k.weight for k in node.children],
                 origin=f"the {len(node.children)} indicators stated under it in the text",
                 params=TotalParams(name=f"weight of {title} ({where})").as_params())
        if node.score is not None and all(k.score is not None for k in node.children):
            _rel(ctx, kind="score_sum", result=node.score,
                 operands=[k.score for k in node.children],
                 origin=f"the {len(node.children)} indicators stated under it in the text",
                 params=TotalParams(name=f"score of {title} ({where})").as_params())


def _narrative_vs_tables(ctx: ExtractContext, narrative: Narrative, all_cards: list[Card]) -> None:
    systems = _systems(all_cards)
    if not systems:
        return
    block_of = {id(b): i for i, b in enumerate(ctx.document.blocks)}
    titles = _report_titles(ctx)
    whole_words = tuple(ctx.packs.words("department_scope_words"))
    peers = [c for c in all_cards if c.view.kind != "other"
             and (not c.named or c.view.kind == "scoring")]
    values: dict[int, object] = {f: ctx.graph[f].value for c in peers
                                 for f in (c.total_score, *(x for r in c.rows
                                                            for x in (r.weight, r.score)))
                                 if f is not None}
    for node in narrative.nodes:
        card = _card_for(node, systems, whole_words, peers, values)
        if card is None or _report_title_between(titles, node.block, block_of[id(card.table)]):
            continue
        where = f"table {card.table.index}"
        if node.total:
            if node.score is not None and card.total_score is not None:
                _rel(ctx, kind="score_sum", result=node.score, operands=[card.total_score],
                     origin=f"the total of {where}",
                     params=TotalParams(name="the total score", role="table total").as_params())
            continue
        found = card.under(node.key) if node.key else None
        if found is None:
            continue
        rows, depth = found
        leaf = len(rows) == 1 and len(rows[0].path) == depth + 1
        name = node.name.strip()[:30]
        for attr, kind in (("weight", "weight_sum"), ("score", "score_sum")):
            stated = getattr(node, attr)
            ops = [getattr(r, attr) for r in rows]
            if stated is None or not ops or any(o is None for o in ops):
                continue
            if card.shifted and _shift_inside(card, rows):
                continue
            what = "weight" if attr == "weight" else "score"
            origin = (f"the row of {where}" if leaf else
                      f"the {len(ops)} indicators under it in {where}")
            _rel(ctx, kind=kind, result=stated, operands=ops, origin=origin,
                 params=TotalParams(name=f"{what} of {name}", role=f"{where}").as_params())


_REPORT_TITLE = lazy_compile(r"(?:评价|自评|分析)报告$")


def _report_titles(ctx: ExtractContext) -> list[int]:
    """Block numbers (ascending) of paragraphs that are the title of a report."""
    out: list[int] = []
    for i, block in enumerate(ctx.document.blocks):
        if isinstance(block, Paragraph):
            text = norm(block.text.text)
            if len(text) <= 40 and _REPORT_TITLE.search(text) and "《" not in text:
                out.append(i)
    return out


def _report_title_between(titles: list[int], a: int, b: int) -> bool:
    """Whether the title of another report (`…项目绩效评价报告`, a report appended to a
    决算 as an attachment) stands between a statement and a table: the statement is that
    report's, not the table's. `titles` are the report titles' block numbers, ascending."""
    lo, hi = sorted((a, b))
    k = bisect_right(titles, lo)
    return k < len(titles) and titles[k] < hi


def _systems(all_cards: list[Card]) -> list[Card]:
    """One card per indicator system: cards whose indicators mostly coincide describe the
    same system (a results table repeated in the summary); the first one stands for it."""
    out: list[Card] = []
    for card in all_cards:
        if card.view.kind == "other":
            continue
        keys = card.keys
        if any(len(keys & o.keys) >= 0.8 * min(len(keys), len(o.keys)) and
               card.project == o.project for o in out):
            continue
        out.append(card)
    return out


def _card_for(node: TextNode, systems: list[Card], whole_words: tuple[str, ...] = (),
              peers: list[Card] | None = None, values: dict[int, object] | None = None
              ) -> Card | None:
    """The table a narrative node speaks about: the one whose project the headings above the
    node name; else, outside any project's section, the one table of the whole report (a
    table without a 项目名称) that has the node's indicator; else none."""
    context = norm("".join(node.context))
    named = [c for c in systems if c.project and len(norm(c.project)) >= 4
             and norm(c.project) in context]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    whole = [c for c in systems if not c.named or c.view.kind == "scoring"]
    if not node.total:
        whole = [c for c in whole if c.under(node.key) is not None]
    if len(whole) != 1:
        return None
    peers, values = peers or [], values or {}
    if node.total and _department_scope(node, whole[0], whole_words):
        return None
    if any(not _repeat(c, whole[0], values) for c in peers
           if node.total or c.under(node.key) is not None):
        return None  # another form could be the one meant (systems merge alike forms)
    return whole[0]


def _repeat(card: Card, of: Card, values: dict[int, object]) -> bool:
    """Whether a card is `of` itself or a repeat of it (a 评分表 restated in a summary: the
    same indicators with the same weights and scores): several forms without a 项目名称 leave
    a total of the text with no one form, even forms of one template."""
    if card is of:
        return True
    if card.view.kind != "scoring" or of.view.kind != "scoring":
        return False  # each 自评表 is one project's, however alike their figures

    def rows(c: Card) -> list[tuple[object, ...]]:
        return [(r.keys[-1] if r.keys else "", values.get(r.weight) if r.weight is not None
                 else None, values.get(r.score) if r.score is not None else None)
                for r in c.rows] + [("", values.get(c.total_score) if c.total_score is not None
                                     else None)]
    return rows(card) == rows(of)


def _department_scope(node: TextNode, card: Card, words: tuple[str, ...]) -> bool:
    """Whether a total and a form differ in scope: one names the whole department
    (部门整体支出) and the other does not -- a 决算 states the department's 自评 score beside
    the form of one project."""
    def names(text: str) -> bool:
        return any(w in norm(text) for w in words)
    return names(node.name) != names(card.project)


def _grades(ctx: ExtractContext, narrative: Narrative) -> None:
    words = words_of(ctx)
    classes = json.dumps(words.grade_classes, ensure_ascii=False)
    sets = narrative.band_sets
    for bs in sets:
        where = f"paragraph {ctx.document.blocks[bs.blocks[0]].index}"
        if problems(bs.bands):
            _rel(ctx, kind="grade", result=bs.facts[0], operands=bs.facts,
                 origin=f"bands stated in {where}",
                 params=GradeParams(mode="bands", bands=bands_to_json(bs.bands)).as_params())
    distinct: list[BandSet] = []
    for bs in sets:
        if not any(same_bands(bs.bands, d.bands) for d in distinct):
            distinct.append(bs)
    if len(distinct) > 1:
        first = distinct[0]
        for other in distinct[1:]:
            _rel(ctx, kind="grade", result=other.facts[0], operands=[first.facts[0]],
                 origin="two statements of the grade bands",
                 params=GradeParams(mode="conflict", bands=bands_to_json(other.bands),
                                    other_bands=bands_to_json(first.bands)).as_params())
        return
    if distinct:
        bands = distinct[0].bands
        trust = "explicit"
        origin = f"bands stated in paragraph {ctx.document.blocks[distinct[0].blocks[0]].index}"
        band_facts = distinct[0].facts
    else:
        bands = [Band(grade=b.grade, lo=b.min, hi=b.max, lo_inc=b.min_inclusive,
                      hi_inc=b.max_inclusive) for b in ctx.packs.bands]
        trust = "pack"
        origin = "default bands of rules/scoring.toml; the report states none"
        band_facts = []
    if not bands:
        return
    for g in narrative.grades:
        _rel(ctx, kind="grade", result=g.score, operands=band_facts, origin=origin, trust=trust,
             params=GradeParams(mode="grade", grade=g.grade, bands=bands_to_json(bands),
                                classes=classes).as_params())


# ---------------------------------------------------------------------------------------------
# 资金执行率 and targets


def _exec_scores(ctx: ExtractContext) -> None:
    formulas = {k: v for p in ctx.packs.packs for k, v in p.formulas.items()}
    if not formulas:
        return
    words = ctx.packs.synonyms("exec_line") or ["年度资金总额"]
    stated, stated_at = _stated_formula(ctx)
    params = ExecScoreParams(formulas=json.dumps(formulas, ensure_ascii=False), stated=stated,
                             stated_at=stated_at).as_params()
    for line in exec_lines(ctx, words):
        _rel(ctx, kind="exec_score", result=line.score, operands=[line.rate, line.weight],
             origin=f"资金执行率 line of table {line.table}", trust="inferred", params=params)


def _stated_formula(ctx: ExtractContext) -> tuple[str | None, str | None]:
    """The 资金执行率 formula the report states in a paragraph (`得分=执行率×分值`), by its
    pack name, and where: a stated formula is the report's own rule, not an inference."""
    names = [k for p in ctx.packs.packs for k in p.formulas]
    stated = [(name, ctx.packs.words(f"stated_{name}")) for name in names]  # once, not a paragraph
    for para in ctx.document.paragraphs:
        text = "".join(para.text.text.split())
        for name, words in stated:
            if any(w in text for w in words):
                return name, f"paragraph {para.index}"
    return None, None


def _selfeval_totals(ctx: ExtractContext) -> None:
    """The 总分 of a 自评表 over its indicators and its 资金执行率 line, counted the way the
    table's own weights count it (90 + 10 = 100: counted; 100 alone: not), where the table
    stage left the total unchecked."""
    words = ctx.packs.synonyms("exec_line") or ["年度资金总额"]
    lines = {line.table: line for line in exec_lines(ctx, words)}
    checked = {r.result for r in ctx.graph.relations
               if r.kind in ("weight_sum", "score_sum", "table_sum")}
    tables = ctx.document.tables
    for pos, table in enumerate(tables):
        for view in views_of(ctx, table):
            if view.kind != "selfeval_indicators":
                continue
            funds = lines.get(table.index)
            if funds is not None and not funds.row < view.start:
                funds = None
            if funds is None and pos > 0 and all(v.kind == "selfeval_funds"
                                                 for v in views_of(ctx, tables[pos - 1])):
                funds = lines.get(tables[pos - 1].index)
            total = selfeval_total(ctx, view)
            if total is None:
                continue
            tw, ts, leaves = total
            if tw in checked or ts in checked:
                continue
            if funds is None:
                prev = tables[pos - 1] if pos > 0 else None
                if not _scored_funds_line(ctx, table, view.start, words) and not (
                        prev is not None and all(v.kind == "selfeval_funds"
                                                 for v in views_of(ctx, prev))
                        and _scored_funds_line(ctx, prev, prev.n_rows, words)):
                    _indicators_only(ctx, table.index, tw, ts, leaves)
                continue
            g = ctx.graph
            _settle_notices(ctx, table.index, g[ts])
            wsum = sum(g[w].value for w, _ in leaves)
            ssum = sum(g[x].value for _, x in leaves)
            fw, fs = g[funds.weight], g[funds.score]
            where = f"the {len(leaves)} indicators of table {table.index} and its 资金执行率 line"
            if wsum + fw.value == g[tw].value:
                note = ""
                if g[ts].interval.intersects(_sum_iv(g, [x for _, x in leaves])):
                    note = (f"the total is the indicators' scores alone, without the 资金执行率 "
                            f"score {fs.text}, though the weights count its 分值 {fw.text}")
                _rel(ctx, kind="score_sum", result=ts, operands=[x for _, x in leaves] + [fs.id],
                     origin=where, params=TotalParams(name="总分 / 得分", note=note).as_params())
            elif wsum != g[tw].value:
                note = (f"without the 资金执行率 line the indicators' weights add up to {wsum}"
                        if wsum + fw.value != g[tw].value else "")
                _rel(ctx, kind="weight_sum", result=tw, operands=[w for w, _ in leaves] + [fw.id],
                     origin=where, params=TotalParams(name="总分 / 分值", note=note).as_params())
            elif ssum != g[ts].value:
                _rel(ctx, kind="score_sum", result=ts, operands=[x for _, x in leaves],
                     origin=f"the {len(leaves)} indicators of table {table.index}",
                     params=TotalParams(name="总分 / 得分").as_params())


def _scored_funds_line(ctx: ExtractContext, table: Table, before: int, words: list[str]) -> bool:
    """Whether a 资金执行率 line above row `before` has a score but was not read as one (no
    分值, or cells that do not fit): the 总分 may count its score, so the indicators alone
    cannot be said to make it."""
    wanted = tuple(norm(w) for w in words)
    for view in views_of(ctx, table):
        scol = view.column("score")
        if scol is None:
            continue
        for row in view.rows:
            label = norm(row.label) or norm("".join(row.path))
            if row.index < before and any(w in label for w in wanted) \
                    and view.value(row.index, scol.index).is_number:
                return True
    return False


def _settle_notices(ctx: ExtractContext, table: int, total: Fact) -> None:
    """The table stage may have left this 总分 unchecked with a notice; it is checked here,
    counting the 资金执行率 line, so the notice no longer holds."""
    line = total.span.line
    ctx.graph.notices[:] = [
        n for n in ctx.graph.notices
        if not (n.span is not None and n.span.line == line
                and n.location.startswith(f"table {table},"))]


def _indicators_only(ctx: ExtractContext, table: int, tw: int, ts: int,
                     leaves: list[tuple[int, int]]) -> None:
    """A 自评表 total without a 资金执行率 line beside it: checked only when the weights show
    that the indicators alone make the total."""
    g = ctx.graph
    if sum(g[w].value for w, _ in leaves) != g[tw].value:
        return
    _settle_notices(ctx, table, g[ts])
    _rel(ctx, kind="score_sum", result=ts, operands=[x for _, x in leaves],
         origin=f"the {len(leaves)} indicators of table {table}",
         params=TotalParams(name="总分 / 得分").as_params())


_BOUNDS = (">=", "<=", ">", "<")
_PER_SIDES = {"short": (">=", ">", "="), "over": ("<=", "<", "=")}


def _per_unit(params: TargetParams, standard: str, target: Fact, actual: Fact,
              comparator: str) -> TargetParams:
    """A standard's per-unit deduction (`每少1次扣1分`) kept when it counts in the target's
    own unit, the result is in that unit too, and it deducts on the side the comparator
    calls bad (short of a floor, over a ceiling)."""
    pu = per_unit(standard)
    if pu is None or not target.unit or target.unit == "%" or pu.unit != target.unit:
        return params
    if actual.unit not in (None, target.unit) or comparator not in _PER_SIDES[pu.side]:
        return params
    return params.model_copy(update={"per_step": pu.step, "per_points": pu.points,
                                     "per_side": pu.side, "per_unit": pu.unit})


def direction(name: str, path: tuple[str, ...],
              words: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
              percent: bool = False) -> str | None:
    """`>=` when an indicator's words say more is better (提高…, …覆盖率), `<=` when they say
    less is (降低…, …投诉率; a cost, …成本 or anything under a 成本指标, unless the target is
    a percentage: a 成本指标 in % may be a rate of anything), None when they say neither or
    both. A bare target is read with this comparator."""
    higher, lower, cost = words
    text = norm(name + "".join(path))
    up = any(w in text for w in higher)
    down = any(w in text for w in lower) or (not percent and any(w in text for w in cost))
    if up == down:
        return None
    return ">=" if up else "<="


def _sum_iv(g: FactGraph, ids: list[int]) -> Interval:
    return total_of([g[i].interval for i in ids])


def _targets(ctx: ExtractContext) -> None:
    no_reason = {norm(w) for w in ctx.packs.words("no_reason")}
    headers = tuple(norm(w) for w in ctx.packs.synonyms("standard_header"))
    missed = ctx.packs.words("missed_words")
    directions = (tuple(ctx.packs.words("higher_better")), tuple(ctx.packs.words("lower_better")),
                  tuple(ctx.packs.words("cost_words")))
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            if view.kind != "selfeval_indicators":
                continue
            for t in target_rows(ctx, view, no_reason, headers):
                params = TargetParams(name=t.name.strip()[:40], target_text=t.target_text,
                                      actual_text=t.actual_text, reason=t.reason,
                                      has_reason_column=t.has_reason_column)
                if t.target is not None and t.actual is not None:
                    target, actual = ctx.graph[t.target], ctx.graph[t.actual]
                    if actual.comparator in _BOUNDS:
                        continue  # `≥95%` as a result restates the target: nothing measured
                    comparator = target.comparator
                    if comparator is None:
                        # a bare target: money may as well be a ceiling (预算投资总额 19.53亿元)
                        # as a level -- not judged; else the indicator's own words say which
                        # side of it is good (提高…, …成本); without them only hitting it
                        # exactly is judged
                        if target.kind == "amount" or (target.unit or "").endswith("元"):
                            continue
                        comparator = direction(t.name, t.path, directions,
                                               percent=target.unit == "%") or "="
                    per = per_point(t.standard) if t.standard else None
                    if not (per and target.unit == "%" and actual.unit in ("%", None)
                            and comparator in (">=", ">")):
                        per = None
                    params = params.model_copy(update={
                        "target": t.target, "actual": t.actual, "comparator": comparator,
                        "bare": target.comparator is None,
                        "per_step": per[0] if per else None, "per_points": per[1] if per else None})
                    if per is None and t.standard:
                        params = _per_unit(params, t.standard, target, actual, comparator)
                else:
                    verdict = text_met(t.target_text, t.actual_text, missed)
                    if verdict is None:
                        continue
                    params = params.model_copy(update={"met": verdict})
                _rel(ctx, kind="target", result=t.score, operands=[t.weight],
                     origin=f"年度指标值 and 实际完成值 of table {table.index}",
                     params=params.as_params())


__all__ = ["extract", "subject_key"]
