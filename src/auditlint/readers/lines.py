"""The lines of a text report, classified: blank, page furniture, tab-separated, or content.

Text extracted from PDF or Word carries things that are not the report: page numbers, running
headers repeated on every page, a table of contents with dot leaders, Word bookmark markers.
They are recognised here so that no later stage mistakes a page number for a quantity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import unit_of
from auditlint.readers.textutil import display_width, is_value_token, strip_bookmarks

_PAGE_DECORATED = lazy_compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$"
)
_PAGE_PLAIN = lazy_compile(r"^\d{1,3}$")
_DASH = lazy_compile(r"^[-—–－]{1,2}$")
_TOC_LEADER = lazy_compile(r"(?:\.{4,}|…{2,}|·{4,}|(?:\. ){3,}|-{6,}|_{6,})\s*\t?\s*\d{1,3}\s*$")
_TOC_TAB = lazy_compile(r"^[^\t]{2,60}\t\s*\d{1,3}\s*$")


@dataclass(slots=True)
class Line:
    """One line of the file. `text` is its content (bookmarks cut, ends stripped, mapped);
    `cells` is the raw line with bookmarks cut, for tab-separated lines."""

    no: int
    raw: str
    text: SourceText
    kind: str = "text"  # blank | furniture | tab | text
    page: int | None = None
    width: int = 0
    cells: SourceText | None = None
    tokens: list[Any] | None = None  # whitespace tokens, computed once by flatcells

def classify(lines: list[str]) -> list[Line]:
    """Lines of a decoded file with their kind, page and display width."""
    paged = any(line.startswith("\f") or "\f" in line for line in lines)
    out: list[Line] = []
    page = 1 if paged else None
    for i, raw in enumerate(lines):
        if paged and "\f" in raw and page is not None and out:
            page += raw.count("\f")
        marked = "[bookmark:" in raw
        full = strip_bookmarks(raw, i + 1) if marked or "\t" in raw else None
        text = full.strip() if full is not None and marked else _stripped(raw, i + 1)
        line = Line(no=i + 1, raw=raw, text=text, page=page, width=display_width(text.text))
        if full is not None and "\t" in full.text.strip(" \u3000\f\r"):
            line.kind = "tab"
            line.cells = _strip_right(full)
        elif not text.text:
            line.kind = "blank"
        out.append(line)
    _mark_toc(out)
    _mark_page_numbers(out, paged)
    if paged:
        _mark_running_heads(out)
    return out


def _stripped(raw: str, line_no: int) -> SourceText:
    """The line without surrounding whitespace, mapped (fast path: no bookmarks)."""
    body = raw.strip()
    if not body:
        return SourceText("", [])
    start = len(raw) - len(raw.lstrip())
    return SourceText.at(body, line_no, start + 1)


def _strip_right(text: SourceText) -> SourceText:
    """Trailing spaces go; trailing tabs stay (they are empty cells)."""
    t = text.text
    end = len(t.rstrip(" \u3000\r"))
    start = len(t) - len(t.lstrip(" \u3000\f"))
    return text.slice(start, end)


def _mark_toc(lines: list[Line]) -> None:
    """Dot-leader lines, and `title<TAB>page` lines next to them, are a table of contents."""
    for line in lines:
        if line.kind in ("text", "tab") and line.text.text.rstrip()[-1:].isdigit() \
                and _TOC_LEADER.search(line.text.text):  # the search only on a line ending in one
            line.kind = "furniture"
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            if line.kind != "tab" or not _TOC_TAB.match(line.text.text):
                continue
            if _neighbour_is(lines, i, -1, "furniture") or _neighbour_is(lines, i, 1, "furniture"):
                line.kind = "furniture"
                changed = True


def _neighbour_is(lines: list[Line], i: int, step: int, kind: str) -> bool:
    j = i + step
    while 0 <= j < len(lines) and lines[j].kind == "blank":
        j += step
    return 0 <= j < len(lines) and lines[j].kind == kind


def _mark_page_numbers(lines: list[Line], paged: bool) -> None:
    for i, line in enumerate(lines):
        if line.kind != "text":
            continue
        t = line.text.text
        if _PAGE_DECORATED.match(t):
            line.kind = "furniture"
        elif _PAGE_PLAIN.match(t) and _at_page_edge(lines, i, paged):
            line.kind = "furniture"
            _mark_dashes_around(lines, i)


def _at_page_edge(lines: list[Line], i: int, paged: bool) -> bool:
    """A bare number is a page number where a page ends or begins."""
    nxt = _next_nonblank(lines, i, 1)
    prev = _next_nonblank(lines, i, -1)
    if nxt is None:
        return True
    if paged:
        return "\f" in lines[nxt].raw or "\f" in lines[i].raw
    if _DASH.match(lines[nxt].text.text) and prev is not None and _DASH.match(
        lines[prev].text.text
    ):
        return True
    blanks_before = i - (prev if prev is not None else -1) - 1
    blanks_after = nxt - i - 1
    return blanks_before >= 2 and blanks_after >= 1


def _mark_dashes_around(lines: list[Line], i: int) -> None:
    for step in (-1, 1):
        j = _next_nonblank(lines, i, step)
        if j is not None and lines[j].kind == "text" and _DASH.match(lines[j].text.text):
            lines[j].kind = "furniture"


def _next_nonblank(lines: list[Line], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines) and lines[j].kind == "blank":
        j += step
    return j if 0 <= j < len(lines) else None


def _mark_running_heads(lines: list[Line]) -> None:
    """A short line that opens or closes many pages is a running header or footer."""
    edges: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind == "text" and line.page is not None:
            edges.setdefault(line.page, []).append(i)
    pages = len(edges)
    if pages < 4:
        return
    candidates: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for idx in edges.values():
        for i in {idx[0], idx[-1]}:
            text = lines[i].text.text
            key = "".join(text.split())
            if 0 < len(key) <= 40 and unit_of(text) is None and not _has_values(text):
                candidates[key] += 1
                where.setdefault(key, []).append(i)
    for key, n in candidates.items():
        if n >= 3 and n >= pages // 4:
            for i in where[key]:
                lines[i].kind = "furniture"


def _has_values(text: str) -> bool:
    return sum(1 for w in text.split() if is_value_token(w)) >= 1 and len(text.split()) > 1


T = TypeVar("T")


def scan_tables(lines: list[Line], free: list[int],
                table_at: Callable[[list[Line], list[int], int], tuple[T, int] | None]
                ) -> list[T]:
    """Every table `table_at` finds among the free content lines (indices into `lines`), each
    looked for from the line after the one before it (`table_at` gives the table found at a
    position and the position after it)."""
    out: list[T] = []
    p = 0
    while p < len(free):
        found = table_at(lines, free, p)
        if found is None:
            p += 1
            continue
        out.append(found[0])
        p = found[1]
    return out
