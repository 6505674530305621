"""Word `.docx` reports: real paragraphs and real tables, read from the document XML.

What text export loses, the XML still has: heading styles (the section path), table grids
with horizontal (`gridSpan`, `hMerge`) and vertical (`vMerge`) merges, nested tables, and
numbers that Word split across runs (`1,2` + `34.5` + `万元`, after an edit or a spell
check) which are joined here simply by reading runs in order. Text boxes float outside the
reading order, so they are skipped with an AL902 note rather than guessed into place.

Pages: Word records where it last broke pages (`lastRenderedPageBreak`); when a file has
those, paragraphs get that page. Otherwise explicit page and section breaks are counted;
a file with neither has no page numbers (saying "page 1" for everything would mislead).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlint.document import Document
from auditlint.lazyre import lazy_compile
from auditlint.readers.errors import ReadError
from auditlint.readers.office import DocumentBuilder, GridCell, RawTable, cell_join

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XML_BYTES = 200 * 1024 * 1024  # the body XML; lxml needs several times this in memory


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
PPR, RPR, TCPR, TRPR = _w("pPr"), _w("rPr"), _w("tcPr"), _w("trPr")
BR, CR, TAB, PTAB = _w("br"), _w("cr"), _w("tab"), _w("ptab")
RENDERED_BREAK = _w("lastRenderedPageBreak")
TXBX = _w("txbxContent")
SKIPPED = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), PPR, RPR, TCPR, TRPR,
           _w("tblPr"), _w("tblGrid"), _w("sectPr"), _w("fldChar"), _w("commentReference")}
ALT, CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
VAL = _w("val")
_HEADING_NAME = lazy_compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_NAME = lazy_compile(r"^(?:toc|目录)\s*\d*$|^toc heading$", re.IGNORECASE)


def read_docx(path: str | Path) -> Document:
    """Read a .docx file; raise ReadError when it is not one, is encrypted, or is broken."""
    path = Path(path)
    body, styles = _open(path)
    reader = _Reader(DocumentBuilder(str(path), "docx"), styles, _page_mode(body))
    reader.blocks(body)
    return reader.builder.build()


def _open(path: Path) -> tuple[Any, dict[str, _Style]]:
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ReadError(f"cannot open: {e.strerror or e}") from e
    if head == CFB_MAGIC:
        if _is_encrypted(path):
            raise ReadError("encrypted .docx (password protected): remove the protection in "
                            "Word and save again")
        raise ReadError("a Word 97-2003 .doc file with a .docx name: save it as .docx in Word")
    if not zipfile.is_zipfile(path):
        raise ReadError("not a .docx file (not a ZIP package): the file is corrupt or misnamed")
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise ReadError(f"document too large to read ({info.file_size // 2**20} MiB of "
                                f"XML; the limit is {MAX_XML_BYTES // 2**20} MiB)")
    except KeyError as e:
        raise ReadError("not a Word document: the package has no word/document.xml") from e
    except zipfile.BadZipFile as e:
        raise ReadError(f"corrupt .docx: {e}") from e
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - a broken install
        raise ReadError("reading .docx needs python-docx: pip install python-docx") from e
    _allow_long_text_runs()
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise ReadError(f"corrupt .docx: {e}") from e
    except (zlib.error, EOFError, NotImplementedError) as e:  # a part's compressed bytes
        raise ReadError(f"corrupt .docx: a compressed part cannot be unpacked ({e})") from e
    except Exception as e:  # lxml's XMLSyntaxError and kin: a damaged part
        if type(e).__module__.startswith(("lxml", "docx")):
            raise ReadError(f"corrupt .docx: {e}") from e
        raise
    return document.element.body, _styles(document)


def _is_encrypted(path: Path) -> bool:
    """An OLE file holding an `EncryptionInfo` stream: Office's password-protected package."""
    needle = "EncryptionInfo".encode("utf-16-le")
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


# -- styles ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None


def _styles(document: Any) -> dict[str, _Style]:
    out: dict[str, _Style] = {}
    try:
        root = document.styles.element
    except Exception:  # no styles part: every paragraph is plain
        return out
    for st in root.iter(_w("style")):
        sid = st.get(_w("styleId"))
        if not sid:
            continue
        name_el = st.find(_w("name"))
        based = st.find(_w("basedOn"))
        lvl = st.find(f"{PPR}/{_w('outlineLvl')}")
        out[sid] = _Style(
            name=name_el.get(VAL, "") if name_el is not None else sid,
            based_on=based.get(VAL) if based is not None else None,
            outline=_int(lvl.get(VAL)) if lvl is not None else None,
        )
    return out


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# -- pages -------------------------------------------------------------------------------


def _page_mode(body: Any) -> str | None:
    """`rendered` when Word recorded its page breaks, `explicit` when only hard breaks are
    known, None when the file says nothing about pages."""
    if next(body.iter(RENDERED_BREAK), None) is not None:
        return "rendered"
    for br in body.iter(BR):
        if br.get(_w("type")) == "page":
            return "explicit"
    if next(body.iter(_w("pageBreakBefore")), None) is not None:
        return "explicit"
    for sect in body.iter(_w("sectPr")):
        if sect.getparent() is not None and sect.getparent().tag == PPR:
            return "explicit"
    return None


# -- reading -----------------------------------------------------------------------------


@dataclass
class _Para:
    """A paragraph's text and what else it held."""

    text: str = ""
    boxes: list[str] = field(default_factory=list)
    style: str | None = None
    outline: int | None = None


def _block_children(el: Any) -> Iterator[Any]:
    """Children that are paragraphs, tables, rows or cells, looking through content controls
    and custom XML wrappers."""
    for child in el:
        if child.tag in (SDT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _block_children(inner)
        elif child.tag == SDT_CONTENT:
            yield from _block_children(child)
        else:
            yield child


class _Reader:
    def __init__(self, builder: DocumentBuilder, styles: dict[str, _Style], mode: str | None
                 ) -> None:
        self.builder = builder
        self.styles = styles
        self.mode = mode
        self.page: int | None = 1 if mode else None
        self.boxes_seen = 0

    # pages

    def _turn(self) -> None:
        if self.page is not None:
            self.page += 1

    # blocks

    def blocks(self, body: Any) -> None:
        for el in _block_children(body):
            if el.tag == P:
                self._paragraph(el)
            elif el.tag == TBL:
                self._table_block(el)

    def _paragraph(self, p: Any) -> None:
        ppr = p.find(PPR)
        if self.mode == "explicit" and ppr is not None and ppr.find(_w("pageBreakBefore")
                                                                    ) is not None:
            self._turn()
        para, start_page = self._read_paragraph(p)
        style = self._style_of(ppr)
        if not (style and _TOC_NAME.match(style.name)):
            level = self._heading_level(ppr, style)
            self.builder.paragraph(para.text, page=start_page, level=level,
                                   heading=None if level is None else True)
        self._boxes(para.boxes, start_page)
        if self.mode == "explicit" and ppr is not None:
            sect = ppr.find(_w("sectPr"))
            if sect is not None:
                kind = sect.find(_w("type"))
                if kind is None or kind.get(VAL) != "continuous":
                    self._turn()

    def _boxes(self, boxes: list[str], page: int | None) -> None:
        for box in boxes:
            self.boxes_seen += 1
            b = self.builder
            after = f"after paragraph {b._paragraphs}" if b._paragraphs else "before paragraph 1"
            preview = box if len(box) <= 30 else box[:30] + "…"
            line = b.marker(f"[text box not read: {preview}]")
            b.note(f"text box skipped ({len(box)} characters: “{preview}”): text boxes float "
                   "outside the reading order, so their numbers were not checked",
                   f"text box {self.boxes_seen}, {after}{b.where(page)}", line)

    def _read_paragraph(self, p: Any) -> tuple[_Para, int | None]:
        """The paragraph's text (line breaks re-joined) and the page its text starts on."""
        lines: list[list[str]] = [[]]
        boxes: list[str] = []
        start_page: int | None = None
        for kind, value in _events(p):
            if kind == "t":
                if start_page is None and value.strip():
                    start_page = self.page
                lines[-1].append(value)
            elif kind == "br":
                lines.append([])
            elif kind == "page":
                # a break before any text puts the whole paragraph on the new page
                if value == self.mode:
                    self._turn()
                if value == "explicit":
                    lines.append([])
            elif kind == "box":
                boxes.append(value)
        text = cell_join(["".join(line) for line in lines], wrapped=False)
        return _Para(text=text, boxes=boxes), start_page if start_page is not None else self.page

    def _style_of(self, ppr: Any) -> _Style | None:
        if ppr is None:
            return None
        ps = ppr.find(_w("pStyle"))
        return self.styles.get(ps.get(VAL, "")) if ps is not None else None

    def _heading_level(self, ppr: Any, style: _Style | None) -> int | None:
        """Outline level 1..9 from the paragraph, its style, or the styles it is based on."""
        if ppr is not None:
            lvl = ppr.find(_w("outlineLvl"))
            if lvl is not None:
                v = _int(lvl.get(VAL), 9)
                return v + 1 if v is not None and v < 9 else None
        seen: set[str] = set()
        while style is not None:
            m = _HEADING_NAME.match(style.name.strip())
            if m:
                return int(m.group(1))
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
            if not style.based_on or style.based_on in seen:
                break
            seen.add(style.based_on)
            style = self.styles.get(style.based_on)
        return None

    # tables

    def _table_block(self, tbl: Any) -> None:
        page = self.page
        boxes: list[str] = []
        tables: list[tuple[RawTable, tuple[RawTable, int, int] | None]] = []
        self._table(tbl, boxes, tables, None)
        index_of: dict[int, int] = {}
        for raw, parent in tables:
            if parent is not None:
                outer, r, c = parent
                raw.note = f"nested in table {index_of[id(outer)]}, row {r + 1}, column {c + 1}"
            table = self.builder.table(raw, page=raw.row_pages[0] if raw.row_pages else page)
            if table is not None:
                index_of[id(raw)] = table.index
            else:
                index_of[id(raw)] = self.builder._tables
        self._boxes(boxes, page)

    def _table(self, tbl: Any, boxes: list[str],
               out: list[tuple[RawTable, tuple[RawTable, int, int] | None]],
               parent: tuple[RawTable, int, int] | None) -> None:
        """Resolve a table's grid (merges made explicit); nested tables follow it in `out`."""
        raw = RawTable(grid=[], row_pages=[])
        out.append((raw, parent))
        header = 0
        counting_header = True
        for r, tr in enumerate(x for x in _block_children(tbl) if x.tag == TR):
            trpr = tr.find(TRPR)
            row_page: int | None = None
            row: list[GridCell] = [GridCell() for _ in range(_grid_attr(trpr, "gridBefore"))]
            nested_here: list[tuple[Any, int]] = []
            for tc in (x for x in _block_children(tr) if x.tag == TC):
                tcpr = tc.find(TCPR)
                span = max(1, _grid_attr(tcpr, "gridSpan", 1))
                c0 = len(row)
                texts: list[str] = []
                for el in _block_children(tc):
                    if el.tag == P:
                        para, page = self._read_paragraph(el)
                        if row_page is None and para.text:
                            row_page = page
                        boxes.extend(para.boxes)
                        texts.append(para.text)
                    elif el.tag == TBL:
                        nested_here.append((el, c0))
                origin = self._merged_origin(tcpr, raw.grid, row, r, c0)
                if origin is not None:
                    row.extend(GridCell(origin=origin) for _ in range(span))
                else:
                    row.append(GridCell(text=cell_join(texts, wrapped=False)))
                    row.extend(GridCell(origin=(r, c0)) for _ in range(span - 1))
            row.extend(GridCell() for _ in range(_grid_attr(trpr, "gridAfter")))
            raw.grid.append(row)
            raw.row_pages.append(row_page if row_page is not None else self.page)
            is_header = trpr is not None and trpr.find(_w("tblHeader")) is not None and (
                trpr.find(_w("tblHeader")).get(VAL, "true") not in ("0", "false"))
            if counting_header and is_header:
                header += 1
            else:
                counting_header = False
            for el, c0 in nested_here:
                self._table(el, boxes, out, (raw, r, c0))
        raw.header_rows = header or None

    @staticmethod
    def _merged_origin(tcpr: Any, grid: list[list[GridCell]], row: list[GridCell], r: int,
                       c0: int) -> tuple[int, int] | None:
        """The origin a continuing merge points at: the cell above (vMerge) or to the left
        (legacy hMerge); None for a cell that holds its own text."""
        if tcpr is None:
            return None
        vm = tcpr.find(_w("vMerge"))
        if vm is not None and vm.get(VAL, "continue") == "continue" and r > 0:
            above_row = grid[r - 1]
            if c0 < len(above_row):
                above = above_row[c0]
                return above.origin or (r - 1, c0)
        hm = tcpr.find(_w("hMerge"))
        if hm is not None and hm.get(VAL, "continue") == "continue" and c0 > 0:
            left = row[c0 - 1]
            return left.origin or (r, c0 - 1)
        return None


def _grid_attr(pr: Any, name: str, default: int = 0) -> int:
    if pr is None:
        return default
    el = pr.find(_w(name))
    if el is None:
        return default
    return _int(el.get(VAL), default) or default


def _events(el: Any) -> Iterator[tuple[str, str]]:
    """Text, line breaks, page breaks and text boxes of a paragraph, in document order."""
    for child in el:
        tag = child.tag
        if tag == T:
            if child.text:
                yield "t", child.text
        elif tag in SKIPPED or not isinstance(tag, str):
            continue
        elif tag == TXBX:
            yield "box", " ".join(
                "".join(t.text or "" for t in p.iter(T)) for p in child.iter(P)).strip()
        elif tag == ALT:
            choice = child.find(CHOICE)
            if choice is not None:
                yield from _events(choice)
        elif tag in (TAB, PTAB):
            yield "t", " "
        elif tag == BR:
            if child.get(_w("type")) == "page":
                yield "page", "explicit"
            else:
                yield "br", ""
        elif tag == CR:
            yield "br", ""
        elif tag == RENDERED_BREAK:
            yield "page", "rendered"
        elif tag == _w("noBreakHyphen"):
            yield "t", "-"
        elif tag == P:  # a paragraph inside a text box's fallback and the like
            yield "br", ""
            yield from _events(child)
        else:
            yield from _events(child)


def _allow_long_text_runs() -> None:
    """python-docx parses with lxml's default limits, which refuse a text node over 10 MB:
    a valid document with one long run would be called corrupt. Its parser is swapped once
    for the same parser without that limit (the file's size is bounded before reading)."""
    from docx.oxml import parser
    from lxml import etree

    if parser.oxml_parser.__class__ is etree.XMLParser and not getattr(
            parser, "_auditlint_huge", False):
        huge = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
        huge.set_element_class_lookup(parser.element_class_lookup)
        parser.oxml_parser = huge
        parser._auditlint_huge = True  # type: ignore[attr-defined]
