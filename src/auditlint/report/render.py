"""`auditlint render FILE`: the Document as the linter sees it, in plain text.

Each block with the file lines it came from, so that a reader can check that sentences were
re-joined and tables read as the report meant them. Deterministic, no colour.
"""

from __future__ import annotations

from auditlint.document import Cell, Document, Notice, Paragraph, Span, Table
from auditlint.readers.textutil import display_width

MAX_CELL = 28
DITTO = "〃"


def render_document(doc: Document) -> str:
    """The whole document: a summary line, every block, then the reader's notices.

    A .docx or .pdf has no lines of its own: its reader writes the lines that findings'
    line and column refer to (Document.lines), so those are what is shown, numbered."""
    if doc.format in PAGINATED:
        return _render_lines(doc)
    out = [_summary(doc)]
    for block in doc.blocks:
        out.append("")
        out.extend(_render_table(block) if isinstance(block, Table) else [_render_paragraph(block)])
    if doc.notes:
        out.append("")
        out.append("notices:")
        out.extend(f"  {_render_notice(n)}" for n in doc.notes)
    return "\n".join(out) + "\n"


PAGINATED = ("docx", "pdf")


def _render_lines(doc: Document) -> str:
    width = len(str(len(doc.lines)))
    out = [_summary(doc), ""]
    out.extend(f"{n:>{width}} │ {line}".rstrip() for n, line in enumerate(doc.lines, 1))
    if doc.notes:
        out.append("")
        out.append("notices:")
        out.extend(f"  {_render_notice(n)}" for n in doc.notes)
    return "\n".join(out) + "\n"


def _summary(doc: Document) -> str:
    return (
        f"{doc.path} ({doc.format}, {doc.encoding}): {len(doc.paragraphs)} paragraphs, "
        f"{len(doc.tables)} tables, {len(doc.notes)} notices"
    )


def _lines(span: Span) -> str:
    if span.end_line > span.line:
        return f"L{span.line}-{span.end_line}"
    return f"L{span.line}"


def _section(section: tuple[str, ...]) -> str:
    return f"[{' › '.join(section)}]" if section else "[]"


def _render_paragraph(p: Paragraph) -> str:
    mark = "#" if p.heading else "¶"
    page = f" p{p.page}" if p.page is not None else ""
    return f"{_lines(p.text.whole_span())} {mark} {p.index}{page} {_section(p.section)} {p.text.text}"


def _table_span(t: Table) -> Span | None:
    spans = [c.text.whole_span() for row in t.rows for c in row if c.text.segments]
    if not spans:
        return None
    first = min(spans, key=lambda s: (s.line, s.column))
    last = max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(first.line, first.column, last.end_line, last.end_column)


def _render_table(t: Table) -> list[str]:
    span = _table_span(t)
    where = _lines(span) if span else "L?"
    page = f" p{t.page}" if t.page is not None else ""
    head = (
        f"{where} ▦ table {t.index}{page} ({t.shape}, {t.n_rows}×{t.n_cols}, "
        f"header rows {t.header_rows}) {_section(t.section)}"
    )
    out = [head]
    if t.caption:
        out.append(f"    caption: {t.caption}")
    if t.unit:
        out.append(f"    unit: {t.unit}")
    texts = [[_cell_text(c) for c in row] for row in t.rows]
    widths = [
        max((display_width(texts[r][c]) for r in range(len(texts)) if c < len(texts[r])), default=0)
        for c in range(t.n_cols)
    ]
    for r, row in enumerate(texts):
        mark = "H" if r < t.header_rows else " "
        cells = " | ".join(_pad(text, widths[c]) for c, text in enumerate(row))
        out.append(f"    {_row_line(t.rows[r]):>6} {mark} | {cells} |".rstrip())
    return out


def _row_line(row: list[Cell]) -> str:
    lines = [c.text.whole_span().line for c in row if c.text.segments and not c.merged]
    return f"L{min(lines)}" if lines else ""


def _cell_text(cell: Cell) -> str:
    if cell.merged:
        return DITTO
    text = " ".join(cell.text.text.split())
    if display_width(text) <= MAX_CELL:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > MAX_CELL - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _render_notice(n: Notice) -> str:
    where = _lines(n.span) if n.span else (n.location or "-")
    return f"{n.code} {where}: {n.message}"
