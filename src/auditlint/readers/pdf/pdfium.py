"""A PDF page's characters, ruling segments and images, read through pdfium (pypdfium2).

pdfium parses a page in C: every character with its box and every drawn path of a
100-page report in about half a second, where pdfminer (under pdfplumber) spends most of
a minute in Python. What auditlint builds on top (lines, paragraphs, ruled tables) needs
only these three lists, in the page's top-down coordinates.

pdfium's own glyph boxes hug the ink (a `一` is a sliver, a `2` sits higher than a `万`):
line grouping by vertical overlap and gaps measured against the type size need the
em box instead, which every character of one size shares. Each character's box is
therefore its advance (from the loose box's left, the width the file states for it) by
the font's descent below the baseline up to one type size above it: the box pdfminer
reports, on which the reader's thresholds were set. (The loose box itself is wider where
a glyph's ink overhangs its advance, and where pdfium draws a font the file does not
embed with another one.)

pdfium's text also leaves out what a reading needs: a text object that repeats one just
before it (meant for faked bold, but two identical lines set close together are dropped
too) and a space drawn as a text object of its own. Both are put back from the page's
text objects.
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


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _c(name: str, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function called with plain addresses: pypdfium2's bindings convert a
    pointer object on every call, which over every character of a page adds up."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(_address(getattr(raw, name)))


_P, _I, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_count_chars = _c("FPDFText_CountChars", _I, _P)
_get_unicode = _c("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
_is_generated = _c("FPDFText_IsGenerated", _I, _P, _I)
_get_text_object = _c("FPDFText_GetTextObject", _P, _P, _I)
_get_loose_box = _c("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
_get_origin = _c("FPDFText_GetCharOrigin", _I, _P, _I, _P, _P)
_map_error = _c("FPDFText_HasUnicodeMapError", _I, _P, _I)
_get_matrix = _c("FPDFText_GetMatrix", _I, _P, _I, _P)
_get_font_size = _c("FPDFText_GetFontSize", ctypes.c_double, _P, _I)
_get_font = _c("FPDFTextObj_GetFont", _P, _P)
_text_font_size = _c("FPDFTextObj_GetFontSize", _I, _P, _P)
_font_descent = _c("FPDFFont_GetDescent", _I, _P, _F, _P)
_font_embedded = _c("FPDFFont_GetIsEmbedded", _I, _P)
_glyph_width = _c("FPDFFont_GetGlyphWidth", _I, _P, ctypes.c_uint, _F, _P)
_get_bounds = _c("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)
_count_objects = _c("FPDFPage_CountObjects", _I, _P)
_page_object = _c("FPDFPage_GetObject", _P, _P, _I)
_object_type = _c("FPDFPageObj_GetType", _I, _P)
_object_matrix = _c("FPDFPageObj_GetMatrix", _I, _P, _P)
_form_count = _c("FPDFFormObj_CountObjects", _I, _P)
_form_object = _c("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong)
_count_segments = _c("FPDFPath_CountSegments", _I, _P)
_segment = _c("FPDFPath_GetPathSegment", _P, _P, _I)
_segment_point = _c("FPDFPathSegment_GetPoint", _I, _P, _P, _P)
_segment_type = _c("FPDFPathSegment_GetType", _I, _P)
_segment_close = _c("FPDFPathSegment_GetClose", _I, _P)


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
        locked = code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY)
        raise PdfiumOpenError(str(e), encrypted=locked) from e


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
    tp = _address(textpage.raw)
    box, ox, oy = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    box_at, ox_at, oy_at = ctypes.addressof(box), ctypes.addressof(ox), ctypes.addressof(oy)
    matrix_at = ctypes.addressof(matrix)
    unicode, generated, text_object = _get_unicode, _is_generated, _get_text_object
    loose_box, origin_of, map_error = _get_loose_box, _get_origin, _map_error
    out: list[Char] = []
    by_object: dict[int, list[Char]] = {}
    last_obj: int | None = None
    size = descent = 0.0
    font = 0
    upright = substitute = True
    fonts: dict[int, tuple[float, bool]] = {}  # per page: pdfium reuses a freed font's address
    # the file's width for each glyph is asked for (the loose box is wider where ink
    # overhangs, and a substitute's where the font is not embedded)
    width = ctypes.c_float()
    width_at = ctypes.addressof(width)
    wide = 0.0
    entries: list[list[Any]] = []
    for i in range(_count_chars(tp)):
        if generated(tp, i):
            continue
        code = unicode(tp, i)
        key = text_object(tp, i) or 0
        if key != last_obj:
            last_obj = key
            _get_matrix(tp, i, matrix_at)
            em = float(_get_font_size(tp, i))
            size, wide = em * math.hypot(matrix.c, matrix.d), em * math.hypot(matrix.a, matrix.b)
            upright = abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6 and matrix.d > 0
            font = (_get_font(key) or 0) if key else 0
            if font not in fonts:
                fonts[font] = _font_facts(font)
            descent, substitute = fonts[font]
        loose_box(tp, i, box_at)
        left, right = box.left, box.right
        if upright and size > 0:
            origin_of(tp, i, ox_at, oy_at)
            y = oy.value
            # the advance the file states: pdfium's loose box takes the ink where it
            # overhangs, and a substitute font's own width where the font is not embedded
            if font and _glyph_width(font, code, wide, width_at) and width.value > 0 and (
                    substitute or width.value <= right - left + 0.01):
                right = left + width.value
            low = y + descent * size
            high = low + size
        else:
            low, high = box.bottom, box.top
        text = "\ufffd" if map_error(tp, i) == 1 else _text(code)
        entry = [left, right, low, high, text, size, font, key]
        entries.append(entry)
    upright_page = frame.m[:4] == (1.0, 0.0, 0.0, 1.0)
    dx, dy = frame.m[4], frame.height - frame.m[5]
    for left, right, low, high, text, size, font, key in entries:
        # most pages need a shift only; to the thousandth of a point, as the file states
        # positions (pdfium's single precision would decide ties in a gap test at random)
        if upright_page and left <= right and low <= high:
            x0, x1, top, bottom = (round(left + dx, 3), round(right + dx, 3), round(dy - high, 3),
                                   round(dy - low, 3))
        else:
            x0, top = frame.point(left, high)
            x1, bottom = frame.point(right, low)
            x0, x1 = round(min(x0, x1), 3), round(max(x0, x1), 3)
            top, bottom = round(min(top, bottom), 3), round(max(top, bottom), 3)
        char = {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "size": size if size > 0 else bottom - top, "font": font}
        out.append(char)
        if key in by_object:
            by_object[key].append(char)
        else:
            by_object[key] = [char]
    return out, by_object


REPEAT_WINDOW = 8  # text objects back in which pdfium looks for the one a text repeats


def _restore_repeats(chars: list[Char], by_object: dict[int, list[Char]],
                     texts: list[tuple[int, int, float, float]], frame: _Frame) -> None:
    """Put back the text objects pdfium leaves out of its text as repeats of one shortly
    before (the same glyphs, in the same size, overlapping it): fake bold, but also two
    identical lines of a long text set one under the other. Each comes back as a copy
    of the text it repeats (the same font, size and extent), moved to where it is drawn;
    fake bold is then merged as in any other reading."""
    a, b, c, d, _, _ = frame.m
    shapes: dict[int, tuple[int, float, float, float] | None] = {}

    def shape_of(obj: int) -> tuple[int, float, float, float] | None:
        if obj not in shapes:
            shapes[obj] = _shape(obj)
        return shapes[obj]

    for k, (key, obj, x, y) in enumerate(texts):
        if key in by_object:
            continue
        shape = shape_of(obj)
        for prev_key, prev, px, py in reversed(texts[max(0, k - REPEAT_WINDOW):k]):
            if prev_key not in by_object or shape_of(prev) != shape:
                continue
            dx, dy = x - px, y - py
            sx, sy = a * dx + c * dy, -(b * dx + d * dy)
            copies = [{**ch, "x0": ch["x0"] + sx, "x1": ch["x1"] + sx, "top": ch["top"] + sy,
                       "bottom": ch["bottom"] + sy} for ch in by_object[prev_key]]
            chars += copies
            by_object[key] = copies
            break
        else:
            space = _space(x, y, shape, frame)
            if space is not None:
                chars.append(space)


def _space(x: float, y: float, shape: tuple[int, float, float, float] | None, frame: _Frame
           ) -> Char | None:
    """A text object pdfium leaves out of its text that repeats none before it: a drawn
    space (pdfium writes one of its own, without width, in its text), as a space
    character where the object starts, on its baseline."""
    if shape is None or not 0 <= shape[2] <= shape[1]:
        return None
    x0, top = frame.point(x, y)
    return {"text": " ", "x0": x0, "x1": x0, "top": top, "bottom": top, "size": shape[1],
            "font": shape[0]}


def _shape(obj: int) -> tuple[int, float, float, float] | None:
    """A text object's font, size and extent, to the hundredth of a point."""
    size = ctypes.c_float()
    box = (ctypes.c_float * 4)()
    at = ctypes.addressof(box)
    if not _text_font_size(obj, ctypes.addressof(size)) or not _get_bounds(
            obj, at, at + 4, at + 8, at + 12):
        return None
    left, bottom, right, top = box
    return ((_get_font(obj) or 0), round(size.value, 2), round(right - left, 2),
            round(top - bottom, 2))


def _text(code: int) -> str:
    try:
        return chr(code) if code else "\ufffd"
    except (ValueError, OverflowError):
        return "\ufffd"


def _font_facts(font: int) -> tuple[float, bool]:
    """The font's descent below the baseline per point of type size (negative; none
    where it states none), and whether pdfium draws it with another font (the file
    does not embed it)."""
    if not font:
        return 0.0, False
    value = ctypes.c_float()
    found = _font_descent(font, 1000.0, ctypes.addressof(value))
    d = -abs(value.value) / 1000.0 if found else 0.0
    return (d if d >= -1.0 else 0.0), not _font_embedded(font)


_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_TEXT = raw.FPDF_PAGEOBJ_TEXT
_MOVETO = raw.FPDF_SEGMENT_MOVETO
MAX_DEPTH = 15  # forms inside forms, as deep as pdfium itself goes


def _objects(page: Any, frame: _Frame
             ) -> tuple[list[Edge], int, list[tuple[int, int, float, float]]]:
    """The horizontal and vertical segments of every drawn path (through forms, filled
    or stroked, whatever its colour: table rules are drawn both as lines and as thin
    filled rectangles), how many images the page shows, and its text objects in drawing
    order with where each is drawn (page space)."""
    edges: list[Edge] = []
    texts: list[tuple[int, int, float, float]] = []
    images = 0
    handle = _address(page.raw)
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    objects = [_page_object(handle, k) for k in range(_count_objects(handle))]
    stack = [(obj, identity, 0) for obj in reversed(objects) if obj]
    matrix = raw.FS_MATRIX()
    matrix_at = ctypes.addressof(matrix)
    while stack:
        obj, outer, depth = stack.pop()
        kind = _object_type(obj)
        if kind == _IMAGE:
            images += 1
            continue
        if kind not in (_TEXT, _PATH, _FORM) or not _object_matrix(obj, matrix_at):
            continue
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == _TEXT:
            texts.append((obj, obj, m[4], m[5]))
        elif kind == _PATH:
            edges += _path_edges(obj, m, frame)
        elif depth < MAX_DEPTH:
            inner = [_form_object(obj, k) for k in range(max(_form_count(obj), 0))]
            stack += [(o, m, depth + 1) for o in reversed(inner) if o]
    return edges, images, texts


def _compose(m: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """m applied first, then outer (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _path_edges(obj: int, m: tuple[float, ...], frame: _Frame) -> list[Edge]:
    """A path's straight horizontal and vertical pieces: each pair of consecutive points
    of a subpath, and the closing side of a closed one."""
    a, b, c, d, e, f = m
    xy = (ctypes.c_float * 2)()
    x_at = ctypes.addressof(xy)
    y_at = x_at + 4
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for k in range(_count_segments(obj)):
        seg = _segment(obj, k)
        if not seg or not _segment_point(seg, x_at, y_at):
            continue
        px, py = xy
        point = frame.point(a * px + c * py + e, b * px + d * py + f)
        if _segment_type(seg) == _MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if _segment_close(seg):
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
