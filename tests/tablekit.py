"""Building tables by hand for the table tests: grids from TSV text, a document around them,
the table stage run on it, and the findings of the rules that read table relations."""

from __future__ import annotations

from pathlib import Path

from auditlint.checks.base import CheckContext, all_rules
from auditlint.document import Cell, Document, SourceText, Table
from auditlint.extract import tables
from auditlint.extract.context import ExtractContext
from auditlint.extract.tableview.model import TableView
from auditlint.extract.tableview.view import view_of
from auditlint.facts import FactGraph
from auditlint.findings import Finding
from auditlint.packs import load_packs

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
TABLE_RULES = ("AL101", "AL201", "AL202", "AL301")


def grid(text: str, merge_down: bool = False, line: int = 1, unit: str | None = None,
         index: int = 1, marks: bool = False) -> Table:
    """A table from tab-separated lines. With `merge_down`, a leading empty cell becomes a
    copy of the merged cell above it (as the tab-separated reader marks them). With `marks`,
    cells `←` and `↑` are copies of the merged cell left of or above them (as `render` shows
    the merged cells of a PDF or Word table)."""
    lines = [ln for ln in text.strip("\n").split("\n")]
    width = max(len(ln.split("\t")) for ln in lines)
    rows: list[list[Cell]] = []
    for r, ln in enumerate(lines):
        texts = ln.split("\t")
        texts += [""] * (width - len(texts))
        row: list[Cell] = []
        col_start = 1
        leading = True
        for c, t in enumerate(texts):
            cell = Cell(SourceText.at(t, line + r, col_start), r, c)
            if marks and t in ("←", "↑") and (c if t == "←" else r) > 0:
                src = row[c - 1] if t == "←" else rows[r - 1][c]
                origin = src.origin or (src.row, src.col)
                cell = Cell(rows[origin[0]][origin[1]].text if origin[0] < r
                            else row[origin[1]].text, r, c, origin=origin)
            elif leading and not t and merge_down and r > 0 and any(texts[c + 1:]):
                above = rows[r - 1][c]
                cell.origin = above.origin or (r - 1, c)
            else:
                leading = False
            row.append(cell)
            col_start += len(t) + 1
        rows.append(row)
    return Table(rows=rows, unit=unit, index=index)


def fixture(name: str, **kwargs: object) -> Table:
    return grid((FIXTURES / name).read_text(encoding="utf-8"), **kwargs)  # type: ignore[arg-type]


def context(*tables_: Table) -> ExtractContext:
    doc = Document(path="t.txt", format="text", blocks=list(tables_))
    doc.number_blocks()
    return ExtractContext(document=doc, graph=FactGraph(), packs=load_packs())


def view(table: Table) -> TableView:
    return view_of(context(table), table)


def run(*tables_: Table) -> tuple[ExtractContext, list[Finding]]:
    ctx = context(*tables_)
    tables.extract(ctx)
    check = CheckContext(document=ctx.document, graph=ctx.graph, path="t.txt")
    found: list[Finding] = []
    for rule in all_rules():
        if rule.code in TABLE_RULES:
            found.extend(rule().check(check))
    return ctx, found


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)
