"""A table's cell texts with merged copies resolved to their origin's text."""

from __future__ import annotations

from auditlint.document import Table
from auditlint.extract.tableview.model import CellValue, cell_value
from auditlint.extract.tableview.text import norm

# ---------------------------------------------------------------------------------------------
# interpretation


class Grid:
    """Cell texts of a table, merged copies resolved to their origin's text."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.n_rows = table.n_rows
        self.n_cols = table.n_cols

    def own(self, r: int, c: int) -> str:
        """The text standing in this cell ('' for the copies of a merged cell)."""
        cell = self.table.cell(r, c)
        if cell is None or cell.merged:
            return ""
        return cell.text.text.strip()

    def eff(self, r: int, c: int) -> str:
        """The text this cell shows (a merged cell's text at each position it covers)."""
        cell = self.table.cell(r, c)
        if cell is None:
            return ""
        if cell.merged and cell.origin is not None:
            origin = self.table.cell(*cell.origin)
            return origin.text.text.strip() if origin else ""
        return cell.text.text.strip()

    def merged(self, r: int, c: int) -> bool:
        cell = self.table.cell(r, c)
        return bool(cell and cell.merged)

    def values(self, r: int) -> list[CellValue]:
        return [cell_value(self.own(r, c)) for c in range(self.n_cols)]

    def empty_row(self, r: int) -> bool:
        return all(not norm(self.eff(r, c)) for c in range(self.n_cols))
