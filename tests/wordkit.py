"""Make a real Word file from a text report, for tests that the same report gives the same
findings read from Word as read from its text.

`write_docx(text, path)` writes what the text says the way Word holds it:
- a table of contents (a `目录` line followed by entries that end in a page number, after
  leader dots or a tab) as Word writes one: a `Table of Contents` content control holding a
  `TOC` field whose cached entries are `toc N` paragraphs, each a hyperlink with a right tab
  stop with leader dots and a `PAGEREF` field for its page;
- tables written as pipe rows (`| a | b |`, a cell `<` merged into the cell on its left, `^`
  into the cell above) as Word tables with `gridSpan` and `vMerge`;
- everything else as the text reader reads it: its tables (tab-separated rows, cells one a
  line, flattened forms…) become Word tables, a cell it reads as merged becomes a merged
  Word cell, its caption and unit lines paragraphs before the table; its paragraphs (wrapped
  lines re-joined) become paragraphs, its headings paragraphs in Word's heading styles.

`plain_text(text)` is the same report as Word saves it as plain text (a pipe table's rows
with tabs, a merged cell's text once, the rest as written): the text side of a comparison.

`findings_of(path)` is the comparable part of each finding: code, severity, message, expected
and actual value, and the figures it relates (their messages), in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlint.document import Paragraph, Table
from auditlint.readers.text import parse_text

_TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
_TOC_ENTRY = re.compile(r"^\s*(?P<title>\S.*?)\s*(?:[.．…·]{2,}\s*|\t+\s*)(?P<page>\d{1,4})\s*$")
_TOC_LEVEL2 = re.compile(r"^\s*[（(]")
_PIPE = re.compile(r"^\s*\|.*\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
MERGE_LEFT, MERGE_UP = "<", "^"


@dataclass
class _Toc:
    entries: list[tuple[str, str, int]] = field(default_factory=list)  # title, page, level
    title: str = "目录"


@dataclass
class _Grid:
    """A table to write: each cell's text, or a pointer to the cell it is merged into."""

    cells: list[list[str]]
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    caption: str | None = None
    unit: str | None = None


@dataclass
class _Para:
    text: str
    level: int | None = None


Block = _Toc | _Grid | _Para


def _pieces(text: str) -> Iterator[tuple[str, list[str]]]:
    """The text cut into runs of lines: `toc`, `pipe` (a pipe table) and `text`."""
    lines = text.splitlines()
    i = 0
    rest: list[str] = []
    while i < len(lines):
        line = lines[i]
        if _TOC_TITLE.match(line) or _PIPE.match(line):
            kind = "toc" if _TOC_TITLE.match(line) else "pipe"
            j = i + 1
            run = [line]
            while j < len(lines):
                nxt = lines[j]
                wanted = _PIPE.match(nxt) if kind == "pipe" else (
                    _TOC_ENTRY.match(nxt) or not nxt.strip())
                if not wanted:
                    break
                run.append(nxt)
                j += 1
            if kind == "toc" and not any(_TOC_ENTRY.match(x) for x in run):
                rest.append(line)
                i += 1
                continue
            if rest:
                yield "text", rest
                rest = []
            yield kind, run
            i = j
        else:
            rest.append(line)
            i += 1
    if rest:
        yield "text", rest


def _toc(lines: list[str]) -> _Toc:
    toc = _Toc(title=lines[0].strip())
    for line in lines[1:]:
        m = _TOC_ENTRY.match(line)
        if m:
            level = 2 if _TOC_LEVEL2.match(m["title"]) else 1
            toc.entries.append((m["title"].strip(), m["page"], level))
    return toc


def _pipe(lines: list[str]) -> _Grid:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in lines if not _RULE.match(line)]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    grid = _Grid(cells=[[""] * width for _ in rows])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == MERGE_LEFT and c > 0:
                grid.origin[(r, c)] = grid.origin.get((r, c - 1), (r, c - 1))
            elif text == MERGE_UP and r > 0:
                grid.origin[(r, c)] = grid.origin.get((r - 1, c), (r - 1, c))
            else:
                grid.cells[r][c] = text
    return grid


def _from_reader(lines: list[str]) -> list[Block]:
    """Paragraphs and tables as the text reader reads these lines."""
    doc = parse_text("\n".join(lines) + "\n")
    out: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            level = min(len(block.section), 9) if block.heading and block.section else None
            out.append(_Para(block.text.text, level))
        else:
            out.append(_table_grid(block))
    return out


def _table_grid(table: Table) -> _Grid:
    grid = _Grid(cells=[["" for _ in range(table.n_cols)] for _ in range(table.n_rows)],
                 caption=table.caption, unit=table.unit)
    for r, row in enumerate(table.rows):
        for cell in row:
            if cell.merged and cell.origin is not None:
                grid.origin[(r, cell.col)] = cell.origin
            else:
                grid.cells[r][cell.col] = cell.text.text
    return grid


def blocks_of(text: str) -> list[Block]:
    """What the Word file will hold, in order."""
    out: list[Block] = []
    for kind, lines in _pieces(text):
        if kind == "toc":
            out.append(_toc(lines))
        elif kind == "pipe":
            out.append(_pipe(lines))
        else:
            out.extend(_from_reader(lines))
    return out


def plain_text(text: str) -> str:
    """The report as text: each pipe table as tab-separated rows, merged copies empty."""
    out: list[str] = []
    for kind, lines in _pieces(text):
        if kind == "pipe":
            grid = _pipe(lines)
            out.extend("\t".join("" if (r, c) in grid.origin else t for c, t in enumerate(row))
                       for r, row in enumerate(grid.cells))
        else:
            out.extend(lines)
    return "\n".join(out) + "\n"


# -- writing -----------------------------------------------------------------------------


def write_docx(text: str, path: Path) -> Path:
    """Write `text` as a real .docx at `path` (see the module's docstring)."""
    import docx

    d = docx.Document()
    _ensure_toc_styles(d)
    for block in blocks_of(text):
        if isinstance(block, _Toc):
            _write_toc(d, block)
        elif isinstance(block, _Grid):
            _write_table(d, block)
        elif block.level is not None:
            d.add_heading(block.text, level=block.level)
        else:
            d.add_paragraph(block.text)
    d.save(str(path))
    return path


def _ensure_toc_styles(d: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.name for s in d.styles}
    for name in ("TOC Heading", "toc 1", "toc 2"):
        if name not in names:
            d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def _style_id(d: Any, name: str) -> str:
    return str(d.styles[name].style_id)


def _write_toc(d: Any, toc: _Toc) -> None:
    """A content control of the `Table of Contents` gallery, as Word inserts one."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ns = nsdecls("w")
    paras = [f'<w:p><w:pPr><w:pStyle w:val="{_style_id(d, "TOC Heading")}"/></w:pPr>'
             f'<w:r><w:t>{_esc(toc.title)}</w:t></w:r></w:p>']
    for k, (title, page, level) in enumerate(toc.entries):
        anchor = f"_Toc{100000 + k}"
        begin = ""
        if k == 0:
            begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                     'xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if k == len(toc.entries) - 1 else ""
        paras.append(
            f'<w:p><w:pPr><w:pStyle w:val="{_style_id(d, f"toc {level}")}"/><w:tabs>'
            '<w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs></w:pPr>'
            f'{begin}<w:hyperlink w:anchor="{anchor}" w:history="1">'
            f'<w:r><w:t xml:space="preserve">{_esc(title)}</w:t></w:r><w:r><w:tab/></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            f'xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            f'</w:hyperlink>{end}</w:p>')
    sdt = parse_xml(
        f'<w:sdt {ns}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{"".join(paras)}'
        '</w:sdtContent></w:sdt>')
    body = d.element.body
    body.insert(len(body) - 1, sdt)  # before the final section properties


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_table(d: Any, grid: _Grid) -> None:
    if grid.caption:
        d.add_paragraph(grid.caption)
    if grid.unit:
        d.add_paragraph(f"单位：{grid.unit}")
    n_rows, n_cols = len(grid.cells), max(len(r) for r in grid.cells)
    t = d.add_table(rows=n_rows, cols=n_cols)
    t.style = "Table Grid"
    extent: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), origin in grid.origin.items():
        er, ec = extent.get(origin, origin)
        extent[origin] = (max(er, r), max(ec, c))
    for origin, (er, ec) in extent.items():
        t.cell(*origin).merge(t.cell(er, ec))
    for r, row in enumerate(grid.cells):
        for c, text in enumerate(row):
            if (r, c) not in grid.origin and text:
                t.cell(r, c).text = text
    d.add_paragraph("")


# -- comparing ---------------------------------------------------------------------------


def findings_of(path: Path) -> list[tuple[Any, ...]]:
    """Each non-info finding's code, severity, message, expected, actual and the messages of
    its related figures: what must not change with the format the report is read from."""
    from auditlint.api import check_path

    out = []
    for f in check_path(path)["findings"]:
        if f["severity"] == "info":
            continue
        out.append((f["code"], f["severity"], f["message"], f.get("expected"), f.get("actual"),
                    tuple(x.get("message") for x in f.get("related") or [])))
    return out
