"""Forms that split one whole several ways side by side: each group adds up to the same sum.

A 部门整体支出绩效目标申报表 states the department's budget by kind (部门预算支出: 基本支出,
项目支出), by source (收入来源: 财政拨款, 其他资金) and by level (按预算级次划分), each a group
name over a column of label-and-amount rows, with no total row: the only figure the form
promises is that every split adds up to the same whole. Which groups split the same whole is
declared in `[[balances]]` of rules/finance.toml; the relation is an identity (AL103) of the
first row of the first group: it equals the other group's rows less the first group's others.
"""

from __future__ import annotations

from auditlint.extract.tables.base import RelationsBase
from auditlint.extract.tableview.text import norm
from auditlint.facts import Fact
from auditlint.packs import Balance
from auditlint.params import SumParams

_FINANCE = "rules/finance.toml"


class BalancesMixin(RelationsBase):
    """Groups of label-and-amount rows, each under its name, that split the same whole."""

    def balances(self) -> None:
        for balance in self.ctx.packs.balances:
            groups = [(g, rows) for g in balance.groups
                      if (rows := self._group(g)) is not None]
            if len(groups) < 2:
                continue
            (first, first_rows), *others = groups
            for name, rows in others:
                self._relate_pair(balance, (first, first_rows), (name, rows))

    def _group(self, group: str) -> list[tuple[str, Fact]] | None:
        """The rows under the group's name: (label, amount) down the column pair whose left
        cell holds the name, up to the first row without a label and an amount; None when the
        table has no such group, or a row under it cannot be read."""
        names = {norm(n) for n in (self.ctx.packs.synonyms(group) or [group])}
        table = self.table
        for r in range(table.n_rows):
            for c in range(table.n_cols - 1):
                cell = table.cell(r, c)
                if cell is None or cell.merged or norm(cell.text.text) not in names:
                    continue
                if self.fact(r, c + 1) is not None:
                    continue  # a label with its amount, not the name over a column
                rows: list[tuple[str, Fact]] = []
                for rr in range(r + 1, table.n_rows):
                    label = table.cell(rr, c)
                    fact = self.fact(rr, c + 1)
                    text = norm(label.text.text) if label is not None and not label.merged else ""
                    if fact is None or not text:
                        break
                    if fact.kind != "amount":
                        return None
                    rows.append((text, fact))
                return rows or None
        return None

    def _relate_pair(self, balance: Balance, a: tuple[str, list[tuple[str, Fact]]],
                     b: tuple[str, list[tuple[str, Fact]]]) -> None:
        (a_name, a_rows), (b_name, b_rows) = a, b
        (label, result), *rest = a_rows
        operands = [f.id for _, f in b_rows] + [f.id for _, f in rest]
        if result.id in operands or len(set(operands)) < len(operands):
            return
        if any(r.kind == "identity" and r.result == result.id and r.operands == operands
               for r in self.graph.relations):
            return  # the table's other blocks see the same groups
        signs = "+" * len(b_rows) + "-" * len(rest)
        self.relate(kind="identity", result=result.id, operands=operands, trust="pack",
                    origin=f"{a_name} and {b_name} split the same whole: identity {balance.name} "
                           f"({_FINANCE})",
                    params=SumParams(signs=signs, name=f"{label} ({a_name} = {b_name})").as_params())
