"""A PDF page's characters, ruling segments and images, read through pdfium (pypdfium2).

pdfium parses a page in C: every character with its box and every drawn path of a
100-page report in about half a second, where pdfminer (under pdfplumber) spends most of
a minute in Python. What auditlint builds on top (lines, paragraphs, ruled tables) needs
only these three lists, in the page's top-down coordinates.

pdfium's own glyph boxes hug the ink (a `一` is a sliver, a `2` sits higher than a `万`):
line grouping by vertical overlap and gaps measured against the type size need the
em box instead, which every character of one size shares. Each character's box is
therefore its advance (the loose box's left and right) by the font's descent below the
baseline up to one type size above it: the box pdfminer reports, on which the reader's
thresholds were set.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Char = dict[str, Any]
Edge = tuple[str, float, float, float]  # ("h", top, x0, x1) or ("v", x, top, bottom)

PdfiumError = pdfium.PdfiumError

STRAIGHT = 0.01  # points: a segment whose ends differ by no more than this is straight


class PdfiumOpenError(Exception):
    """pdfium could not open the file; `encrypted` when it wants a password."""

    def __init__(self, message: str, encrypted: bool) -> None:
        super().__init__(message)
        self.encrypted = encrypted


@dataclass(slots=True)
class PageContent:
    """What the reader needs of one page, in points from its top-left corner."""

    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    images: int = 0


def open_document(path: Path) -> Any:
    """The document, opened read-only; PdfiumOpenError when pdfium cannot open it."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        raise PdfiumOpenError(str(e), encrypted=code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY)) from e


class _Frame:
    """Page space to the top-down coordinates pdfminer uses: the media box's corner as
    origin and the page's /Rotate applied, so that a landscape page reads upright."""

    def __init__(self, page: Any) -> None:
        x0, y0, x1, y1 = (float(v) for v in page.get_mediabox())
        rotation = page.get_rotation() % 360
        w, h = x1 - x0, y1 - y0
        if rotation in (90, 270):
            w, h = h, w
        self.width, self.height = w, h
        # (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f, then top = h - y'
        self.m = {0: (1.0, 0.0, 0.0, 1.0, -x0, -y0), 90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
                  180: (-1.0, 0.0, 0.0, -1.0, x1, y1), 270: (0.0, 1.0, -1.0, 0.0, y1, -x0)
                  }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.m
        return a * x + c * y + e, self.height - (b * x + d * y + f)


def read_page(doc: Any, index: int) -> PageContent:
    """One page's characters, ruling segments and image count."""
    page = doc[index]
    try:
        frame = _Frame(page)
        out = PageContent(frame.width, frame.height)
        textpage = page.get_textpage()
        try:
            out.chars, by_object = _chars(textpage, frame)
            out.edges, out.images, texts = _objects(page, frame)
            _restore_repeats(out.chars, by_object, texts, frame)
        finally:
            textpage.close()
        return out
    finally:
        page.close()


def _chars(textpage: Any, frame: _Frame) -> tuple[list[Char], dict[int, list[Char]]]:
    """Every character pdfium reads from the page (not the spaces and line breaks it
    makes up between them), as {text, x0, x1, top, bottom, size, font}, and the
    characters of each text object."""
    tp = textpage.raw
    get_unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    loose_box, origin_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    text_object, map_error = raw.FPDFText_GetTextObject, raw.FPDFText_HasUnicodeMapError
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    box_ref, ox_ref, oy_ref = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy)
    out: list[Char] = []
    by_object: dict[int, list[Char]] = {}
    last_obj: int | None = None
    size = descent = 0.0
    font = 0
    upright = True
    descents: dict[int, float] = {}  # per page: pdfium reuses a freed font's address
    # the loose box's width is the glyph's advance, except where pdfium stands in another
    # font for one the file does not embed: there the next glyph's origin bounds it
    entries: list[list[Any]] = []
    prev: tuple[int, float, float, list[Any]] | None = None
    for i in range(raw.FPDFText_CountChars(tp)):
        if generated(tp, i):
            continue
        code = get_unicode(tp, i)
        obj = text_object(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key != last_obj:
            last_obj = key
            raw.FPDFText_GetMatrix(tp, i, matrix)
            size = float(raw.FPDFText_GetFontSize(tp, i)) * math.hypot(matrix.c, matrix.d)
            upright = abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6 and matrix.d > 0
            font_handle = raw.FPDFTextObj_GetFont(obj) if obj else None
            font = ctypes.cast(font_handle, ctypes.c_void_p).value or 0 if font_handle else 0
            descent = _descent(font_handle, font, descents)
        loose_box(tp, i, box_ref)
        left, right = float(box.left), float(box.right)
        if upright and size > 0:
            origin_of(tp, i, ox_ref, oy_ref)
            x, y = float(ox.value), float(oy.value)
            if prev is not None and prev[0] == key and prev[2] == y and prev[1] < x < prev[3][1]:
                prev[3][1] = x  # a glyph ends where the next one of its text starts at the latest
            low = y + descent * size
            high = low + size
        else:
            x, y = left, float("nan")
            low, high = float(box.bottom), float(box.top)
        text = "\ufffd" if map_error(tp, i) else _text(code)
        entry = [left, right, low, high, text, size, font, key]
        entries.append(entry)
        prev = (key, x, y, entry)
    for left, right, low, high, text, size, font, key in entries:
        x0, top = frame.point(left, high)
        x1, bottom = frame.point(right, low)
        if x1 < x0:
            x0, x1 = x1, x0
        if bottom < top:
            top, bottom = bottom, top
        char = {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "size": size if size > 0 else bottom - top, "font": font}
        out.append(char)
        by_object.setdefault(key, []).append(char)
    return out, by_object


REPEAT_WINDOW = 8  # text objects back in which pdfium looks for the one a text repeats


def _restore_repeats(chars: list[Char], by_object: dict[int, list[Char]],
                     texts: list[tuple[int, Any, float, float]], frame: _Frame) -> None:
    """Put back the text objects pdfium leaves out of its text as repeats of one shortly
    before (the same glyphs, in the same size, overlapping it): fake bold, but also two
    identical lines of a long text set one under the other. Each comes back as a copy
    of the text it repeats (the same font, size and extent), moved to where it is drawn;
    fake bold is then merged as in any other reading."""
    a, b, c, d, _, _ = frame.m
    for k, (key, obj, x, y) in enumerate(texts):
        if key in by_object:
            continue
        shape = _shape(obj)
        for prev_key, prev, px, py in reversed(texts[max(0, k - REPEAT_WINDOW):k]):
            if prev_key not in by_object or _shape(prev) != shape:
                continue
            dx, dy = x - px, y - py
            sx, sy = a * dx + c * dy, -(b * dx + d * dy)
            copies = [{**ch, "x0": ch["x0"] + sx, "x1": ch["x1"] + sx, "top": ch["top"] + sy,
                       "bottom": ch["bottom"] + sy} for ch in by_object[prev_key]]
            chars += copies
            by_object[key] = copies
            break


def _shape(obj: Any) -> tuple[int, float, float, float] | None:
    """A text object's font, size and extent, to the hundredth of a point."""
    size = ctypes.c_float()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFTextObj_GetFontSize(obj, size) or not raw.FPDFPageObj_GetBounds(
            obj, left, bottom, right, top):
        return None
    font = ctypes.cast(raw.FPDFTextObj_GetFont(obj), ctypes.c_void_p).value or 0
    return (font, round(size.value, 2), round(right.value - left.value, 2),
            round(top.value - bottom.value, 2))


def _text(code: int) -> str:
    try:
        return chr(code) if code else "\ufffd"
    except (ValueError, OverflowError):
        return "\ufffd"


def _descent(font_handle: Any, key: int, known: dict[int, float]) -> float:
    """The font's descent below the baseline per point of type size (negative), as the
    font states it; none where it states none."""
    if key in known:
        return known[key]
    value = ctypes.c_float()
    found = bool(font_handle) and raw.FPDFFont_GetDescent(font_handle, 1000.0, value)
    d = -abs(float(value.value)) / 1000.0 if found else 0.0
    known[key] = d if d >= -1.0 else 0.0
    return known[key]


_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_TEXT = raw.FPDF_PAGEOBJ_TEXT
_MOVETO = raw.FPDF_SEGMENT_MOVETO
MAX_DEPTH = 15  # forms inside forms, as deep as pdfium itself goes


def _objects(page: Any, frame: _Frame
             ) -> tuple[list[Edge], int, list[tuple[int, Any, float, float]]]:
    """The horizontal and vertical segments of every drawn path (through forms, filled
    or stroked, whatever its colour: table rules are drawn both as lines and as thin
    filled rectangles), how many images the page shows, and its text objects in drawing
    order with where each is drawn (page space)."""
    edges: list[Edge] = []
    texts: list[tuple[int, Any, float, float]] = []
    images = 0
    handle = page.raw
    stack: list[tuple[Any, int, tuple[float, ...], int]] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    objects = [raw.FPDFPage_GetObject(handle, k) for k in range(raw.FPDFPage_CountObjects(handle))]
    stack = [(obj, 0, identity, 0) for obj in reversed(objects)]
    matrix = raw.FS_MATRIX()
    while stack:
        obj, _, outer, depth = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _TEXT:
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            texts.append((ctypes.cast(obj, ctypes.c_void_p).value or 0, obj, m[4], m[5]))
        elif kind == _IMAGE:
            images += 1
        elif kind == _PATH:
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            edges += _path_edges(obj, m, frame)
        elif kind == _FORM and depth < MAX_DEPTH:
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            n = raw.FPDFFormObj_CountObjects(obj)
            inner = [raw.FPDFFormObj_GetObject(obj, k) for k in range(max(n, 0))]
            stack += [(o, 0, m, depth + 1) for o in reversed(inner) if o]
    return edges, images, texts


def _compose(m: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """m applied first, then outer (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _path_edges(obj: Any, m: tuple[float, ...], frame: _Frame) -> list[Edge]:
    """A path's straight horizontal and vertical pieces: each pair of consecutive points
    of a subpath, and the closing side of a closed one."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    xr, yr = ctypes.byref(x), ctypes.byref(y)
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, xr, yr):
            continue
        px, py = float(x.value), float(y.value)
        point = frame.point(a * px + c * py + e, b * px + d * py + f)
        if raw.FPDFPathSegment_GetType(seg) == _MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(seg):
            closed[-1] = True
    out: list[Edge] = []
    for points, shut in zip(subpaths, closed, strict=True):
        if shut and len(points) > 2 and points[0] != points[-1]:
            points = [*points, points[0]]
        for (x0, y0), (x1, y1) in pairwise(points):
            if abs(y0 - y1) <= STRAIGHT:
                out.append(("h", y0, min(x0, x1), max(x0, x1)))
            elif abs(x0 - x1) <= STRAIGHT:
                out.append(("v", x0, min(y0, y1), max(y0, y1)))
    return out
