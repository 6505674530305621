"""All relation families of one table view, run in order."""

from __future__ import annotations

from auditlint.extract.tables.balances import BalancesMixin
from auditlint.extract.tables.columns import ColumnsMixin
from auditlint.extract.tables.growth import GrowthMixin
from auditlint.extract.tables.hierarchy import HierarchyMixin
from auditlint.extract.tables.leaves import LeavesMixin
from auditlint.extract.tables.rates import RatesMixin
from auditlint.extract.tables.rows import RowsMixin
from auditlint.extract.tables.spans import SpansMixin


class TableRelations(RatesMixin, ColumnsMixin, RowsMixin, SpansMixin, HierarchyMixin, LeavesMixin,
                     GrowthMixin, BalancesMixin):
    """The relations one table view states, family by family."""

    def run(self) -> None:
        if not self.view.rows:
            return
        self.score_caps()
        self.rates()
        self.column_formulas()
        self.column_totals()
        for i, panel in enumerate(self.view.panels):
            self.row_totals(panel, i)
        self.inferred_columns()
        for panel in self.view.panels:
            self.growth(panel)
        self.balances()
