"""Shares: `占 [名称的] y%` against a named total, and runs of `名称 x 万元，占 y%`."""

from __future__ import annotations

from collections.abc import Iterator

from auditlint.extract.narrative.base import (
    HUNDRED,
    Para,
    PhraseBase,
    ends_with_name,
    only_pair,
    part_before,
    share_ratio,
    sum_interval,
)
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import normalize
from auditlint.extract.tableview.text import norm
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact
from auditlint.params import ShareParams


class SharesMixin(PhraseBase):
    """Shares of a named total, and runs of shares of one unnamed total."""

    # ------------------------------------------------------------ named shares
    def named_shares(self) -> None:
        for p in self.paras:
            cl = p.clauses
            named: dict[tuple[int, str], list[tuple[Clause, Clause]]] = {}
            for k, c in enumerate(cl):
                if c.kind != "share" or not c.word or c.label or c.fact in self.share_done:
                    continue
                part = part_before(cl, k)
                if part is None:
                    continue
                named.setdefault((c.sentence, normalize(c.word)), []).append((part, c))
                total = self._named_total(c.word, p, k)
                in_table = total is None
                total = total or self._table_total(c.word)
                if total is None or total.id == part.fact:
                    continue
                assert c.fact is not None
                self.share_done.add(c.fact)
                self.relate(kind="share", result=c.fact, operands=[part.fact, total.id],
                            trust="inferred" if in_table else "explicit",
                            origin=f"占{c.word}的 {self.fact(c).text}: {c.word} is "
                                   f"{total.text} ({total.location})",
                            params=ShareParams(
                                name=f"share of {normalize(part.label) or 'part'}").as_params())
            for (_, word), pairs in named.items():
                self._complete_breakdown(word, pairs)

    def _complete_breakdown(self, word: str, pairs: list[tuple[Clause, Clause]]) -> None:
        """`A x，占“三公”经费的 a%；B y，占“三公”经费的 b%；C z，占…的 c%` in one sentence, A, B
        and C every part of the whole the share names, as the packs declare it
        (`complete_whole_*`, `complete_parts_*`): the shares add up to 100%, whether or not the
        whole is stated anywhere."""
        if len(pairs) < 2 or len({id(part) for part, _ in pairs}) != len(pairs):
            return
        if not self._whole_of_set(word, [normalize(part.label) for part, _ in pairs]):
            return
        self.relate(kind="share_total", operands=[s.fact for _, s in pairs],
                    origin=f"shares of {word} stated for each of its parts",
                    params=ShareParams(name=word).as_params())

    def _whole_of_set(self, word: str, labels: list[str]) -> bool:
        """The word names the whole of a complete set (`complete_whole_*` of rules/finance.toml:
        三公 of 因公出国、公务用车、公务接待) and the labels name every member of it, one each."""
        for p in self.packs.packs:
            for key, wholes in p.extra.items():
                if not key.startswith("complete_whole_") or not any(w in word for w in wholes):
                    continue
                parts = self.packs.words("complete_parts_" + key.removeprefix("complete_whole_"))
                named = [next((w for w in parts if w in label), None) for label in labels]
                if len(parts) == len(labels) and None not in named \
                        and len(set(named)) == len(parts):
                    return True
        return False

    def _named_total(self, word: str, para: Para, k: int) -> Fact | None:
        name = normalize(word)
        if not name:
            return None
        names = [name]
        for p in self.packs.packs:
            for group, words in p.synonyms.items():
                if group.startswith("share_") and name in words:
                    names.extend(words)
        for prefix in self.packs.words("current_year_prefixes"):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                names.append(name[len(prefix):])
                break
        for c in self._amounts_before(para, k - 1):
            label = normalize(c.label)
            if label in names or ends_with_name(label, name):
                return self.fact(c)
        return None

    def _table_total(self, word: str) -> Fact | None:
        """`占一般公共预算项目支出总额的 y%` with no such amount in the text: the total row's
        figure under the column the name ends with (项目支出), in the tables whose caption
        holds the rest of the name (一般公共预算); kept only when those tables agree. Each
        name is looked up once per report."""
        if word not in self.table_totals:
            self.table_totals[word] = self._find_table_total(word)
        return self.table_totals[word]

    def _find_table_total(self, word: str) -> Fact | None:
        core = normalize(word)
        for suffix in sorted((w.replace(" ", "") for w in self.packs.totals("rows")),
                             key=len, reverse=True):
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                break
        found: list[Fact] = []
        for table in self.ctx.document.tables:
            caption = norm(table.caption or "")
            for part in views_of(self.ctx, table):
                total = next((r for r in part.rows if r.is_total and not r.subset), None)
                for col in part.columns:
                    head = normalize(col.path[-1] if col.path else col.header)
                    if col.role in ("label", "code", "text", None) or len(head) < 2 \
                            or not core.endswith(head):
                        continue
                    qualifier = core[: -len(head)]
                    if len(qualifier) < 2 or qualifier not in caption or total is None:
                        continue
                    fid = part.fact(total.index, col.index)
                    if fid is not None and self.graph[fid].kind == "amount":
                        found.append(self.graph[fid])
        if not found or any(not f.interval.intersects(found[0].interval) for f in found):
            return None
        return found[0]

    def _amounts_before(self, para: Para, k: int) -> Iterator[Clause]:
        """The amounts stated before clause `k` of `para`, nearest first, read only as far
        back as asked (the nearest one named is usually close)."""
        for seq in range(para.seq, -1, -1):
            pp = self.paras[seq]
            clauses = pp.clauses[: max(k, 0)] if pp is para else pp.clauses
            for c in reversed(clauses):
                if c.kind == "amount" and not c.tail:
                    yield c

    # -------------------------------------------------------------------- runs
    def runs(self) -> None:
        """Breakdowns without an opener: `名称 x 万元，占 y%` repeated in one paragraph, or one
        per numbered paragraph; their total is the preceding amount the shares point to."""
        for run, first_para in self._share_runs():
            if len(run) < 2:
                continue
            total = self._run_total(run, first_para)
            if total is None:
                continue
            facts = [(self.fact(a), self.fact(s)) for a, s in run]
            for part, share in facts:
                self.share_done.add(share.id)
                self.relate(kind="share", result=share.id, operands=[part.id, total.id],
                            trust="inferred",
                            origin=f"占 {share.text} of {total.text} ({total.location}), the "
                                   f"total the shares of this breakdown point to",
                            params=ShareParams(
                                name=f"share of {normalize(part.label) or 'part'}").as_params())
            parts = [p for p, _ in facts]
            if sum_interval(parts, total).intersects(total.interval):
                self.relate(kind="share_total", operands=[s.id for _, s in facts],
                            trust="inferred",
                            origin=f"shares of a breakdown of {total.text} whose parts add up "
                                   f"to it", params=ShareParams(name=normalize(total.label)).as_params())

    def _share_runs(self) -> list[tuple[list[tuple[Clause, Clause]], Para]]:
        runs: list[tuple[list[tuple[Clause, Clause]], Para]] = []
        current: list[tuple[Clause, Clause]] = []
        start_para: Para | None = None
        prev_single: Para | None = None
        for p in self.paras:
            pairs = self._share_pairs(p)
            single = len(pairs) == 1 and only_pair(p, pairs[0])
            if single and prev_single is not None and prev_single.seq == p.seq - 1 and current:
                current.extend(pairs)
                prev_single = p
                continue
            if current and start_para is not None:
                runs.append((current, start_para))
            current, start_para, prev_single = [], None, None
            if single:
                current, start_para, prev_single = list(pairs), p, p
                continue
            # within one paragraph: consecutive pairs with nothing but changes between them
            chunk: list[tuple[Clause, Clause]] = []
            last_end = -1
            for a, s in pairs:
                idx = p.clauses.index(a)
                between = p.clauses[last_end + 1: idx] if last_end >= 0 else []
                if chunk and any(b.kind not in ("change_up", "change_down", "rate_up",
                                                 "rate_down", "flat") for b in between):
                    runs.append((chunk, p))
                    chunk = []
                chunk.append((a, s))
                last_end = p.clauses.index(s)
            if chunk:
                runs.append((chunk, p))
        if current and start_para is not None:
            runs.append((current, start_para))
        return runs

    def _share_pairs(self, p: Para) -> list[tuple[Clause, Clause]]:
        out: list[tuple[Clause, Clause]] = []
        cl = p.clauses
        for k in range(1, len(cl)):
            a, s = cl[k - 1], cl[k]
            if s.kind != "share" or s.label or s.word or s.fact in self.share_done:
                continue
            if a.kind != "amount" or a.tail or a.leads or a.fact in self.in_list:
                continue
            if self.fact(s).value >= HUNDRED:
                continue
            out.append((a, s))
        return out

    def _run_total(self, run: list[tuple[Clause, Clause]], para: Para) -> Fact | None:
        run_facts = {a.fact for a, _ in run}
        first = run[0][0]
        candidates: list[Fact] = []
        for pp in reversed(self.paras[max(0, para.seq - 3): para.seq + 1]):
            for c in reversed(pp.clauses):
                if pp is para and c.start >= first.start:
                    continue
                if c.kind == "amount" and not c.tail and c.fact not in run_facts:
                    candidates.append(self.fact(c))
        # a zero part agrees with any total; the others must mostly point to this one
        informative = [(a, s) for a, s in run if self.fact(a).value != 0]
        need = max(2, -(-len(informative) * 3 // 5))
        for cand in candidates:
            if cand.value <= 0:
                continue
            agree = 0
            for a, s in informative:
                iv = share_ratio(self.fact(a), cand)
                if iv is not None and iv.intersects(self.fact(s).interval):
                    agree += 1
            if agree >= need:
                return cand
        return None
