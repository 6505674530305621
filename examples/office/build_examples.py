"""Build the example report as Word, PDF and exported text from one source (`report.src`).

Usage: python examples/office/build_examples.py [OUTDIR]   (default: this folder)

The three files hold the same report with the same planted errors, so that auditlint can be
seen to give the same findings for each, located in each format's own terms:
- the 合计 row of 表 1 does not add up (全年执行数);
- the stated 预算执行率 does not follow from the budget and the spending;
- in 表 2 one score is above its weight (资金到位率).

Source format (`report.src`): `= title`, `# heading 1`, `## heading 2`, a blank line between
paragraphs, and tables as `[table header=N]` followed by `| a | b |` rows, where a cell `<`
is merged into the cell on its left and `^` into the cell above.

The .docx is written with python-docx (headings in Word's heading styles; every number of a
paragraph split across two runs, as Word leaves it after an edit); the .pdf with reportlab
in the CID font STSong-Light that ships with reportlab (no font file, no download), with a
running header and page numbers, ruled tables whose header rows repeat when a table breaks
across pages; the .txt as Word saves plain text (one line per paragraph, table rows with
tabs, a merged cell's text once).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNING_HEAD = "云溪县农业技术推广中心 2024 年度部门整体支出绩效评价报告"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Block:
    kind: str  # title | h1 | h2 | p | table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0


def parse_source(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: Block | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if table is not None:
            if line.startswith("|"):
                table.rows.append([c.strip() for c in line.strip("|").split("|")])
                continue
            blocks.append(table)
            table = None
        if not line:
            continue
        if m := re.match(r"\[table header=(\d+)\]$", line):
            table = Block("table", header_rows=int(m.group(1)))
        elif line.startswith("= "):
            blocks.append(Block("title", line[2:]))
        elif line.startswith("## "):
            blocks.append(Block("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("h1", line[2:]))
        else:
            blocks.append(Block("p", line))
    if table is not None:
        blocks.append(table)
    return blocks


def spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each origin cell -> (rows, cols) it covers."""
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == "<":
                origin[(r, c)] = origin[(r, c - 1)]
            elif text == "^":
                origin[(r, c)] = origin[(r - 1, c)]
            else:
                origin[(r, c)] = (r, c)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), (orow, ocol) in origin.items():
        h, w = out.get((orow, ocol), (1, 1))
        out[(orow, ocol)] = (max(h, r - orow + 1), max(w, c - ocol + 1))
    return out


# -- Word --------------------------------------------------------------------------------


def build_docx(blocks: list[Block], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    d.sections[0].header.paragraphs[0].text = RUNNING_HEAD
    for b in blocks:
        if b.kind == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(b.text)
            run.bold = True
            run.font.size = Pt(18)
        elif b.kind in ("h1", "h2"):
            d.add_heading(b.text, level=1 if b.kind == "h1" else 2)
        elif b.kind == "p":
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            for piece in _split_numbers(b.text):
                p.add_run(piece)
        else:
            _docx_table(d, b)
    d.save(str(path))


def _split_numbers(text: str) -> list[str]:
    """Runs that cut every number of three or more characters in two."""
    pieces: list[str] = []
    pos = 0
    for m in _NUMBER.finditer(text):
        if len(m.group()) < 3:
            continue
        mid = m.start() + len(m.group()) // 2
        pieces.append(text[pos:mid])
        pos = mid
    pieces.append(text[pos:])
    return [p for p in pieces if p]


def _docx_table(d: object, b: Block) -> None:
    n_rows, n_cols = len(b.rows), max(len(r) for r in b.rows)
    table = d.add_table(rows=n_rows, cols=n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, row in enumerate(b.rows):
        if r < b.header_rows:
            _repeat_header(table.rows[r])
        for c, text in enumerate(row):
            if text not in ("<", "^"):
                table.cell(r, c).text = text
    for (r, c), (h, w) in spans(b.rows).items():
        if h > 1 or w > 1:
            table.cell(r, c).merge(table.cell(r + h - 1, c + w - 1))


def _repeat_header(row: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# -- PDF ---------------------------------------------------------------------------------


def build_pdf(blocks: list[Block], path: Path, font_size: float = 12) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    body = ParagraphStyle("body", fontName=font, fontSize=font_size, leading=font_size * 1.8,
                          firstLineIndent=font_size * 2, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=body, fontSize=font_size * 1.6,
                                leading=font_size * 2.4, alignment=TA_CENTER, firstLineIndent=0),
        "h1": ParagraphStyle("h1", parent=body, fontSize=font_size * 1.25,
                             leading=font_size * 2.2, firstLineIndent=0, spaceBefore=6),
        "h2": ParagraphStyle("h2", parent=body, fontSize=font_size * 1.1, firstLineIndent=0),
        "p": body,
    }
    cell = ParagraphStyle("cell", parent=body, fontSize=font_size * 0.85,
                          leading=font_size * 1.2, firstLineIndent=0)
    story: list[object] = []
    for b in blocks:
        if b.kind != "table":
            story.append(Paragraph(b.text, styles[b.kind]))
            continue
        data = [[Paragraph("" if t in ("<", "^") else t, cell) for t in row] for row in b.rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for (r, c), (h, w) in spans(b.rows).items():
            if h > 1 or w > 1:
                style.append(("SPAN", (c, r), (c + w - 1, r + h - 1)))
        story += [Table(data, repeatRows=b.header_rows, style=TableStyle(style)),
                  Spacer(1, font_size)]

    def furniture(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(font, 9)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, RUNNING_HEAD)  # type: ignore
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")  # type: ignore
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=25 * mm, bottomMargin=25 * mm,
                            leftMargin=25 * mm, rightMargin=25 * mm, title=RUNNING_HEAD,
                            invariant=1)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


# -- text --------------------------------------------------------------------------------


def build_txt(blocks: list[Block], path: Path) -> None:
    """As Word saves plain text: a horizontally merged cell once, a vertically merged one
    empty below its text."""
    out: list[str] = []
    for b in blocks:
        if b.kind != "table":
            out.append(b.text)
            continue
        for row in b.rows:
            cells = [("" if t == "^" else t) for t in row if t != "<"]
            out.append("\t".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else HERE
    outdir.mkdir(parents=True, exist_ok=True)
    blocks = parse_source((HERE / "report.src").read_text(encoding="utf-8"))
    build_docx(blocks, outdir / "report.docx")
    build_pdf(blocks, outdir / "report.pdf")
    build_txt(blocks, outdir / "report.txt")
    for name in ("report.docx", "report.pdf", "report.txt"):
        print(outdir / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
