"""Total rows: 合计/小计 rows and the rows they add up, chosen where the structure leaves several readings."""

from __future__ import annotations

from auditlint.extract.tables.base import (
    SUBSET_INSIDE,
    Cand,
    PRow,
    RelationsBase,
    adds_up,
    best_support,
    column_name,
    dedupe_cands,
    numbered_top,
    re_digits,
    rows_origin,
    same_kind,
    top_items,
)
from auditlint.extract.tableview.model import Panel, cell_value
from auditlint.extract.tableview.rows import code_in, code_of, total_word_of
from auditlint.extract.tableview.text import norm, numbering_level
from auditlint.extract.tableview.vocabulary import vocabulary as vocab_of
from auditlint.facts import Fact
from auditlint.params import SumParams


class RowsMixin(RelationsBase):
    """Total rows of a panel and the reading of their parts the numbers support."""

    # -- total rows ------------------------------------------------------------------------

    def panel_rows(self, panel: Panel, index: int) -> list[PRow]:
        vocab = vocab_of(self.ctx.packs)
        out: list[PRow] = []
        for row in self.view.rows:
            if index == 0:
                label, prefix = row.label, row.path[:-1]
                total_word, code, level = row.total_word, row.code, row.level
                if not label:
                    label = self.side_label(row.index)
                    total_word = total_word_of(label, vocab) if label else None
            else:
                texts = [self.table.text(row.index, c).strip() for c in panel.label_cols]
                texts = [t for t in texts if norm(t)] or [
                    t for c in panel.code_cols if cell_value(
                        t := self.table.text(row.index, c).strip()).kind == "text"][:1]
                label = texts[-1] if texts else ""
                prefix = ()
                total_word = total_word_of(label, vocab) if label else None
                code = code_in(self.table, row.index, panel.code_cols) \
                    or (code_of(label) if label else None)
                level = numbering_level(label) if label else None
            n = norm(label)
            out.append(PRow(
                row=row, label=label, prefix=prefix, is_total=total_word is not None,
                total_word=total_word,
                subset=(row.subset and index == 0)
                or any(n.startswith(p) for p in vocab.subset_prefixes)
                or bool(SUBSET_INSIDE.search(label)),
                rest=any(n.startswith(p) for p in vocab.rest_prefixes) and level is None,
                code=re_digits(code), level=level,
                codes=tuple((k, d) for k, d in enumerate(
                    [re_digits(code), *(re_digits(code_in(self.table, row.index, cols))
                                        for cols in panel.more_codes)]) if d)))
        return out

    def side_label(self, row: int) -> str:
        """A label standing in a 序号 or code column (`合计` under 序号)."""
        for col in self.view.columns:
            if col.role in ("seq", "code"):
                t = self.table.text(row, col.index).strip()
                if t and cell_value(t).kind == "text":
                    return t
        return ""

    def row_totals(self, panel: Panel, index: int) -> None:
        cols = [c for c in panel.value_cols if self.summable(c)]
        if not cols:
            return
        prows = self.panel_rows(panel, index)
        self.code_parents(prows, cols)
        self.number_parents(prows, cols)
        self.code_items(prows, cols)
        by_groups = self.sum_groups(prows, cols)
        grouped, owners = self.subset_groups(prows, cols)
        open_items: list[PRow] = []
        consumed: set[int] = self.leaf_groups(prows, cols)
        totals_seen: list[tuple[tuple[str, ...], int]] = []
        for i, pr in enumerate(prows):
            if i in grouped or pr.row.index in consumed:
                continue
            if not pr.is_total:
                if self.has_facts(pr, cols):
                    open_items.append(pr)
                continue
            if pr.row.index in owners:
                open_items.append(pr)
                continue
            if pr.row.index in by_groups:  # its rows were grouped by their sums
                open_items = [q for q in open_items if q.prefix[:len(pr.prefix)] != pr.prefix]
                open_items.append(pr)
                totals_seen.append((pr.prefix, pr.row.index))
                continue
            spanned = self.spanned_panels(pr.row.index, panel)
            if len(spanned) > 1:  # a label run over several panels totals all of them
                if panel is spanned[-1]:
                    self.span_total(pr, [spanned])
                continue
            before = self.totalless_panels(pr.row.index, panel)
            if before:  # panels left of it with no total of their own: it may total them too
                self.span_total(pr, [[panel], [*before, panel]])
                continue
            group = [q for q in open_items if q.prefix[:len(pr.prefix)] == pr.prefix]
            # the rows since the last total inside this total's group
            since = max((k for p, k in totals_seen if p[:len(pr.prefix)] == pr.prefix),
                        default=-1)
            a = [q for q in group if q.row.index > since and not q.is_total]
            if not group:
                # a total above its rows (合计 first): the rows below it, to the next total
                below: list[PRow] = []
                for k in range(i + 1, len(prows)):
                    q = prows[k]
                    if q.is_total:
                        break
                    if k not in grouped and self.has_facts(q, cols):
                        below.append(q)
                if len(below) < 2:  # a total over one row: the rest was not read
                    self.choose_rows(pr, [], cols)
                    continue
                chosen = self.choose_rows(pr, self.with_funds(dedupe_cands(
                    [top_items(below), numbered_top(below), below])), cols)
                if chosen is not None:
                    consumed.update(q.row.index for q in below)
                open_items.append(pr)
                totals_seen.append((pr.prefix, pr.row.index))
                continue
            cands = self.with_funds(dedupe_cands([top_items(a), numbered_top(a), top_items(group),
                                                   numbered_top(group), a, group]))
            chosen = self.choose_rows(pr, cands, cols)
            if chosen is not None:
                covered = {id(q) for q in chosen}
                # the top-level rows chosen cover the rows under them too
                for src in (a, group):
                    if covered <= {id(q) for q in src}:
                        covered |= {id(q) for q in src}
                        break
            else:
                covered = {id(q) for q in top_items(a)} if a else set()
            open_items = [q for q in open_items if id(q) not in covered]
            open_items.append(pr)
            totals_seen.append((pr.prefix, pr.row.index))

    def choose_rows(self, total: PRow, cands: list[Cand],
                    cols: list[int]) -> list[PRow] | None:
        checkable = [c for c in cols if self.fact(total.row.index, c) is not None]
        if total.row.shifted or (self.score_block and self.half_scored(total, cols)):
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} has its numbers out of their columns; "
                        "it is not checked")
            return None
        if not cands:
            if checkable and self.view.rows and total.row is not self.view.rows[0]:
                self.notice(total.row.index, f"the {total.total_word} row "
                            f"「{total.label}」 of table {self.table.index} totals rows that "
                            "could not be told; it is not checked")
            return None
        readable = [c for c in cands if not any(
            q.row.shifted or (self.score_block and self.half_scored(q, cols)) for q in c.rows)]
        if not readable:
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} sums rows whose numbers could not all be "
                        "read in their columns; it is not checked")
            return None
        if len(cands) == 1:
            best: int | None = 0
            holds, checked = self.rows_support(total, cands[0], checkable)
            if checked >= 2 and holds == 0:
                self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                            f"table {self.table.index} differs from the sum of its rows in "
                            "every column; rows may be missing from the table as read, so it "
                            "is not checked")
                return None
        else:  # several readings (or some unreadable): the numbers must pick one
            supports = [self.rows_support(total, c, checkable) for c in readable]
            best = best_support(supports)
        cands = readable
        if best is None:
            self.notice(total.row.index, f"the {total.total_word} row 「{total.label}」 of "
                        f"table {self.table.index} matches none of its possible sets of rows; "
                        "it is not checked")
            return None
        cand = cands[best]
        self.sum_rows(total, cand.rows, checkable, origin=rows_origin(total, cand.rows)
                      + cand.note, extra=cand.extra)
        return cand.rows

    def with_funds(self, cands: list[Cand]) -> list[Cand]:
        """In a 自评表, the 总分 may or may not include the funds block's 分值 and 得分
        (资金执行率): both readings are candidates."""
        if self.view.kind != "selfeval_indicators" or not cands:
            return cands
        extra = self.funds_scores()
        if not extra:
            return cands
        return [*cands, *(Cand(c.rows, extra, " and the 分值/得分 of the funds block above")
                          for c in cands)]

    def funds_scores(self) -> dict[int, Fact]:
        whole = self.ctx.table_views.get(self.table.index)
        blocks = [b for b in (whole.blocks if whole else []) if b.start < self.view.start]
        if not blocks:
            prev = self.ctx.table_views.get(self.table.index - 1)
            blocks = prev.blocks[-1:] if prev else []
        funds = [b for b in blocks if b.kind == "selfeval_funds"]
        if not funds:
            return {}
        block = funds[-1]
        mine = {r: c.index for c in self.view.columns for r in ("weight", "score") if c.role == r}
        theirs = {r: c.index for c in block.columns for r in ("weight", "score") if c.role == r}
        if set(mine) != {"weight", "score"} or set(theirs) != {"weight", "score"}:
            return {}
        for row in block.rows:
            w, s = block.fact(row.index, theirs["weight"]), block.fact(row.index, theirs["score"])
            if w is not None and s is not None:
                wf, sf = self.graph.facts[w], self.graph.facts[s]
                if wf.kind == "weight" and sf.kind == "score":
                    return {mine["weight"]: wf, mine["score"]: sf}
        return {}

    def half_scored(self, q: PRow, cols: list[int]) -> bool:
        """A scoring row with a weight but no score (or a score but no weight): misread."""
        roles = {self.cols[c].role: c for c in cols}
        if "weight" not in roles or "score" not in roles:
            return False
        w = self.fact(q.row.index, roles["weight"])
        s = self.fact(q.row.index, roles["score"])
        bad_w = self.cv(q.row.index, roles["weight"]).is_number and (w is None or
                                                                      w.kind != "weight")
        bad_s = self.cv(q.row.index, roles["score"]).is_number and (s is None or
                                                                     s.kind != "score")
        return (w is None) != (s is None) or bad_w or bad_s

    def rows_support(self, total: PRow, cand: Cand, cols: list[int]) -> tuple[int, int]:
        holds = checked = 0
        for c in cols:
            res = self.fact(total.row.index, c)
            ops = self.col_operands(cand.rows, c, cand.extra)
            if res is None or not ops:
                continue
            checked += 1
            holds += adds_up(res, ops)
        return holds, checked

    def col_operands(self, parts: list[PRow], col: int,
                     extra: dict[int, Fact] | None = None) -> list[Fact] | None:
        out: list[Fact] = []
        for q in parts:
            v = self.cv(q.row.index, col)
            if v.kind == "text":
                return None
            f = self.fact(q.row.index, col)
            if f is not None:
                if f.comparator:
                    return None
                out.append(f)
        if extra and col in extra:
            out.append(extra[col])
        return out

    def sum_rows(self, total: PRow, parts: list[PRow], cols: list[int], origin: str,
                 subset: bool = False, extra: dict[int, Fact] | None = None) -> None:
        for c in cols:
            res = self.fact(total.row.index, c)
            ops = self.col_operands(parts, c, extra)
            if res is None or not ops or not same_kind(res, ops):
                continue
            if subset and (res.value < 0 or any(f.value < 0 for f in ops)):
                continue
            params = SumParams(name=f"{total.label} / {self.cols[c].header}" if total.label
                               else column_name(total.row, self.cols[c]),
                               bound="at_most" if subset else None)
            self.relate(kind="table_sum", result=res.id, operands=[f.id for f in ops],
                        origin=origin, params=params.as_params())
