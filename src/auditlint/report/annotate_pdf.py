"""`--format annotated-pdf`: the published PDF with a box around each wrong figure and its
operands, the finding's message as the box's note. Written to a new file; the input is
only read.

Where a figure stands is found on the page itself: the figure's text is searched in the
page's characters (pypdfium2, which pdfplumber already installs: it reads a page's text and
character boxes in a few milliseconds, where parsing the page again with pdfminer takes a
third of a second) on the page the reader put it on (and the next, for a paragraph running
over a page break). Of several equal figures, the one whose surrounding text agrees with the
document's is taken, then the one in the same order. The boxes are Square annotations,
written with pypdfium2 too, with a colour, a border and /Contents, which PDF viewers show
(the message on hover or in the comments panel).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditlint.document import Document, Table
from auditlint.findings import Finding
from auditlint.report.locate import Locator, Place, block_texts

# PDF colours (0-255) of a box by what it marks
COLOURS = {"error": (211, 47, 47), "warning": (230, 140, 0), "info": (21, 101, 192),
           "operand": (123, 31, 162)}
PAD = 1.5  # points between a figure's characters and its box


class AnnotateError(Exception):
    """The annotated PDF could not be written."""


@dataclass(frozen=True, slots=True)
class Target:
    """A figure to box: the pages it may stand on (a paragraph's text can run onto the next
    page), its text, the text around it in the document, and which of the equal texts on
    its first page it is in reading order (what decides when the text around says nothing)."""

    pages: tuple[int, ...]
    text: str
    before: str
    after: str
    occurrence: int
    colour: tuple[int, int, int]
    note: str


Rect = tuple[float, float, float, float]  # left, bottom, right, top: PDF coordinates


@dataclass(frozen=True, slots=True)
class Box:
    page: int
    rect: Rect
    colour: tuple[int, int, int]
    note: str


def annotated_path(src: Path, output: Path) -> Path:
    """The file written for `src`: `output` itself, or `<name>.annotated.pdf` inside it when
    it is a folder (several PDFs checked in one run)."""
    return output / f"{src.stem}.annotated.pdf" if output.is_dir() else output


def _standalone(text: str, spaced: bool = False) -> re.Pattern[str]:
    """The figure's text where it is not part of a longer number; `spaced`: with spaces or
    a line break anywhere inside (a page's text as drawn: `1,867.08 万` / `元`)."""
    body = (r"\s*".join(re.escape(ch) for ch in _squeeze(text)) if spaced
            else re.escape(text))
    return re.compile(r"(?<![\d.,])" + body + r"(?![\d]|[.,]\d)")


Key = tuple[int, int | None, int | None]


def targets(findings: list[Finding], document: Document) -> list[Target]:
    """Each finding's figure and operands, placed on their pages."""
    loc = Locator(document, findings)
    order = _reading_order(loc)
    out: list[Target] = []
    for f in findings:
        place = loc.figure(f)
        note = f"{f.code} [{f.rule}] {f.message}"
        found = _target(loc, order, place, COLOURS[f.severity], note)
        if found is None:
            continue  # a notice about the file or a table not read: nothing to box
        out.append(found)
        for r in f.related:
            op = loc.operand(r) if r.path == f.path else None
            t = _target(loc, order, op, COLOURS["operand"], f"{r.message} (operand of {f.code}: "
                        f"{f.message})")
            if t is not None:
                out.append(t)
    return out


@dataclass(slots=True)
class _Order:
    """The document's texts in reading order, and those of each page."""

    rank: dict[Key, int]
    by_page: dict[int | None, list[Key]]


def _reading_order(loc: Locator) -> _Order:
    rank: dict[Key, int] = {}
    by_page: dict[int | None, list[Key]] = {}
    for b, block in enumerate(loc.document.blocks):
        for key, _ in block_texts(block, b):
            rank[key] = len(rank)
            by_page.setdefault(loc.page(Place(*key, 0, 0)), []).append(key)
    return _Order(rank, by_page)


CONTEXT = 16  # characters around a figure compared with the page's text


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _target(loc: Locator, order: _Order, place: Place | None, colour: tuple[int, int, int],
            note: str) -> Target | None:
    if place is None:
        return None
    page = loc.page(place)
    text = loc.text(place).strip()
    if page is None or not text:
        return None
    pattern = _standalone(text)
    rank = order.rank[place.key]
    before = 0
    for key in order.by_page.get(page, []):
        if order.rank[key] > rank:
            break
        for m in pattern.finditer(loc.texts[key].text):
            if order.rank[key] < rank or m.start() < place.start:
                before += 1
    ahead, behind = _around(loc, place)
    block = loc.document.blocks[place.block]
    pages = (page,) if isinstance(block, Table) else (page, page + 1)
    return Target(pages, text, ahead[-CONTEXT:], behind[:CONTEXT], before, colour, note)


def _around(loc: Locator, place: Place) -> tuple[str, str]:
    """The document's text before and after a figure, spaces left out; in a table, the
    row's other cells too (a page's text runs along the row)."""
    own = loc.texts[place.key].text
    ahead, behind = own[:place.start], own[place.end:]
    block = loc.document.blocks[place.block]
    if isinstance(block, Table) and place.row is not None and place.col is not None:
        cells = [c for c in block.rows[place.row] if not c.merged or c.origin == (c.row, c.col)]
        ahead = "".join(c.text.text for c in cells if c.col < place.col) + ahead
        behind = behind + "".join(c.text.text for c in cells if c.col > place.col)
    return _squeeze(ahead), _squeeze(behind)


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@dataclass(slots=True)
class _Match:
    page: int
    index: int  # among the equal texts of its page, in reading order
    score: int  # characters around it that agree with the document's
    boxes: list[Rect]


@dataclass(slots=True)
class _PageText:
    """A page's characters in reading order, as pdfium reads them, with their boxes (PDF
    coordinates); a character printed twice to fake bold is kept once."""

    text: str
    rects: list[Rect | None]  # None: a line break or space pdfium put in

    @classmethod
    def of(cls, page: Any) -> _PageText:
        textpage = page.get_textpage()
        try:
            n = textpage.count_chars()
            raw = textpage.get_text_range(0, n) if n else ""
            chars: list[str] = []
            rects: list[Rect | None] = []
            for i, ch in enumerate(raw[:n]):
                rect = None if ch.isspace() else tuple(textpage.get_charbox(i, loose=True))
                if rect is not None and chars and chars[-1] == ch and rects[-1] is not None \
                        and abs(rects[-1][0] - rect[0]) < 1 and abs(rects[-1][1] - rect[1]) < 1:
                    continue
                chars.append(ch)
                rects.append(rect)  # type: ignore[arg-type]
        finally:
            textpage.close()
        return cls("".join(chars), rects)

    def matches(self, number: int, t: Target) -> list[_Match]:
        """The target's text on this page, each with how well the text around it agrees."""
        out: list[_Match] = []
        for k, m in enumerate(_standalone(t.text, spaced=True).finditer(self.text)):
            rects = [r for r in self.rects[m.start():m.end()] if r is not None]
            if not rects:
                continue
            ahead = _squeeze(self.text[max(0, m.start() - 4 * CONTEXT):m.start()])
            behind = _squeeze(self.text[m.end():m.end() + 4 * CONTEXT])
            score = _common(ahead[::-1], t.before[::-1]) + _common(behind, t.after)
            out.append(_Match(number, k, score, _line_boxes(rects)))
        return out


def _line_boxes(rects: list[Rect]) -> list[Rect]:
    """One box (left, bottom, right, top) per line the characters stand on: a figure broken
    over two lines gets two."""
    lines: list[list[Rect]] = []
    for r in rects:
        mid = (r[1] + r[3]) / 2
        if lines and lines[-1][0][1] <= mid <= lines[-1][0][3]:
            lines[-1].append(r)
        else:
            lines.append([r])
    return [(min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs),
             max(r[3] for r in rs)) for rs in lines]


def find_boxes(pdf: Any, wanted: list[Target]) -> list[Box]:
    """Where each target's characters are: of the places on its pages where its text
    stands, the one whose surrounding text agrees best with the document's, then the one
    in its order on the page (a target not found is left out)."""
    texts: dict[int, _PageText] = {}

    def text(number: int) -> _PageText:
        if number not in texts:
            page = pdf[number - 1]
            try:
                texts[number] = _PageText.of(page)
            finally:
                page.close()
        return texts[number]

    out: list[Box] = []
    for t in wanted:
        found = [m for number in t.pages if 0 < number <= len(pdf)
                 for m in text(number).matches(number, t)]
        if not found:
            continue
        first = t.pages[0]
        best = max(found, key=lambda m: (m.score, m.page == first, -abs(m.index - t.occurrence)))
        out.extend(Box(best.page, rect, t.colour, t.note) for rect in best.boxes)
    return out


def write_annotated(src: Path, dest: Path, findings: list[Finding], document: Document) -> int:
    """Write `src` with a box per figure of `findings` to `dest`; the number of boxes."""
    import pypdfium2 as pdfium

    if dest.resolve() == src.resolve():
        raise AnnotateError(f"{dest}: is the report itself; not overwritten")
    try:
        pdf = pdfium.PdfDocument(str(src))
        try:
            found = find_boxes(pdf, targets(findings, document))
            _annotate(pdf, found)
            _save(pdf, dest)
        finally:
            pdf.close()
    except AnnotateError:
        raise
    except Exception as e:  # pdfium's errors, said in one line
        raise AnnotateError(f"cannot write {dest}: {type(e).__name__}: {e}") from e
    return len(found)


def _annotate(pdf: Any, found: list[Box]) -> None:
    import pypdfium2.raw as raw

    for b in found:
        page = pdf[b.page - 1]
        annot = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_SQUARE)
        if not annot:
            raise AnnotateError(f"page {b.page}: the PDF library refused an annotation")
        try:
            left, bottom, right, top = b.rect
            raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left - PAD, top + PAD, right + PAD,
                                                      bottom - PAD))
            raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *b.colour, 255)
            raw.FPDFAnnot_SetBorder(annot, 0.0, 0.0, 1.2)
            raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
            _set_string(raw, annot, b"Contents", b.note)
            _set_string(raw, annot, b"T", "auditlint")
        finally:
            raw.FPDFPage_CloseAnnot(annot)
            page.close()


def _save(pdf: Any, dest: Path) -> None:
    part = dest.with_name(f".{dest.name}.part")  # a failed save leaves no half file
    try:
        with part.open("wb") as out:
            pdf.save(out)
        part.replace(dest)
    finally:
        part.unlink(missing_ok=True)


def _set_string(raw: Any, annot: Any, key: bytes, value: str) -> None:
    data = (value + "\0").encode("utf-16-le")
    buf = ctypes.create_string_buffer(data, len(data))
    raw.FPDFAnnot_SetStringValue(annot, key, ctypes.cast(buf, raw.FPDF_WIDESTRING))
