"""`--format annotated-pdf`: the published PDF with a box around each wrong figure and its
operands, the finding's message as the box's note. Written to a new file; the input is
only read.

Where a figure stands on its page comes from the page's characters (pdfplumber, as the
reader reads them): the figure's text is searched on the page the reader put it on, and of
several equal figures on that page the one in the same order as in the document is taken.
The boxes are written with pypdfium2, which pdfplumber already installs: Square
annotations with a colour, a border and /Contents, which every PDF viewer shows (the
message on hover or in the comments panel).
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


@dataclass(frozen=True, slots=True)
class Box:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
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


def targets(findings: list[Finding], document: Document) -> list[Target]:
    """Each finding's figure and operands, placed on their pages."""
    loc = Locator(document, findings)
    order = _reading_order(document)
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


def _reading_order(document: Document) -> dict[tuple[int, int | None, int | None], int]:
    order: dict[tuple[int, int | None, int | None], int] = {}
    for b, block in enumerate(document.blocks):
        for key, _ in block_texts(block, b):
            order[key] = len(order)
    return order


CONTEXT = 16  # characters around a figure compared with the page's text


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _target(loc: Locator, order: dict[tuple[int, int | None, int | None], int],
            place: Place | None, colour: tuple[int, int, int], note: str) -> Target | None:
    if place is None:
        return None
    page = loc.page(place)
    text = loc.text(place).strip()
    if page is None or not text:
        return None
    pattern = _standalone(text)
    rank = order[place.key]
    before = 0
    for key, other in loc.texts.items():
        if order[key] > rank or loc.page(Place(*key, 0, 0)) != page:
            continue
        for m in pattern.finditer(other.text):
            if order[key] < rank or m.start() < place.start:
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
    boxes: list[tuple[float, float, float, float]]


def _matches(textmap: Any, number: int, t: Target) -> list[_Match]:
    """The target's text on one page, each with how well the text around it agrees."""
    string, tuples = textmap.as_string, textmap.tuples
    out: list[_Match] = []
    for k, m in enumerate(_standalone(t.text, spaced=True).finditer(string)):
        chars = [tuples[i][1] for i in range(m.start(), m.end())
                 if tuples[i][1] is not None and tuples[i][1].get("object_type") == "char"]
        if not chars:
            continue
        ahead = _squeeze(string[max(0, m.start() - 4 * CONTEXT):m.start()])
        behind = _squeeze(string[m.end():m.end() + 4 * CONTEXT])
        score = _common(ahead[::-1], t.before[::-1]) + _common(behind, t.after)
        out.append(_Match(number, k, score, _line_boxes(chars)))
    return out


def _line_boxes(chars: list[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    """One box per line the characters stand on (a figure broken over two lines gets two)."""
    lines: list[list[dict[str, Any]]] = []
    for c in chars:
        mid = (float(c["top"]) + float(c["bottom"])) / 2
        if lines and float(lines[-1][0]["top"]) <= mid <= float(lines[-1][0]["bottom"]):
            lines[-1].append(c)
        else:
            lines.append([c])
    return [(min(float(c["x0"]) for c in cs), min(float(c["top"]) for c in cs),
             max(float(c["x1"]) for c in cs), max(float(c["bottom"]) for c in cs))
            for cs in lines]


def boxes(src: Path, wanted: list[Target]) -> list[Box]:
    """Where each target's characters are: of the places on its pages where its text
    stands, the one whose surrounding text agrees best with the document's, then the one
    in its order on the page (a target not found is left out)."""
    import pdfplumber

    out: list[Box] = []
    with _quiet(), pdfplumber.open(str(src)) as pdf:
        textmaps: dict[int, Any] = {}

        def textmap(number: int) -> Any:
            """A page's characters in reading order, as pdfplumber's search reads them."""
            if number not in textmaps:
                textmaps[number] = pdf.pages[number - 1].dedupe_chars().get_textmap()
            return textmaps[number]

        for t in wanted:
            found = [m for number in t.pages if 0 < number <= len(pdf.pages)
                     for m in _matches(textmap(number), number, t)]
            if not found:
                continue
            first = t.pages[0]
            best = max(found, key=lambda m: (m.score, m.page == first,
                                             -abs(m.index - t.occurrence)))
            out.extend(Box(best.page, *box, t.colour, t.note) for box in best.boxes)
    return out


@contextmanager
def _quiet() -> Iterator[None]:
    """pdfminer's warnings were said once, as a notice, when the report was read."""
    loggers = [logging.getLogger(n) for n in ("pdfminer", "pdfplumber")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def write_annotated(src: Path, dest: Path, findings: list[Finding], document: Document) -> int:
    """Write `src` with a box per figure of `findings` to `dest`; the number of boxes."""
    if dest.resolve() == src.resolve():
        raise AnnotateError(f"{dest}: is the report itself; not overwritten")
    try:
        found = boxes(src, targets(findings, document))
        _save(src, dest, found)
    except AnnotateError:
        raise
    except Exception as e:  # pdfium's and pdfminer's errors, said in one line
        raise AnnotateError(f"cannot write {dest}: {type(e).__name__}: {e}") from e
    return len(found)


def _save(src: Path, dest: Path, found: list[Box]) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(src))
    try:
        for b in found:
            page = pdf[b.page - 1]
            left, _, _, top = page.get_mediabox()
            annot = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_SQUARE)
            if not annot:
                raise AnnotateError(f"page {b.page}: the PDF library refused an annotation")
            try:
                rect = raw.FS_RECTF(left + b.x0 - PAD, top - b.top + PAD, left + b.x1 + PAD,
                                    top - b.bottom - PAD)
                raw.FPDFAnnot_SetRect(annot, rect)
                raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *b.colour, 255)
                raw.FPDFAnnot_SetBorder(annot, 0.0, 0.0, 1.2)
                raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
                _set_string(raw, annot, b"Contents", b.note)
                _set_string(raw, annot, b"T", "auditlint")
            finally:
                raw.FPDFPage_CloseAnnot(annot)
            page.close()
        part = dest.with_name(f".{dest.name}.part")  # a failed save leaves no half file
        try:
            with part.open("wb") as out:
                pdf.save(out)
            part.replace(dest)
        finally:
            part.unlink(missing_ok=True)
    finally:
        pdf.close()


def _set_string(raw: Any, annot: Any, key: bytes, value: str) -> None:
    data = (value + "\0").encode("utf-16-le")
    buf = ctypes.create_string_buffer(data, len(data))
    raw.FPDFAnnot_SetStringValue(annot, key, ctypes.cast(buf, raw.FPDF_WIDESTRING))
