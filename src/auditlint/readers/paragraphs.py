"""Re-joining hard-wrapped lines into paragraphs.

Text from PDF is wrapped at the page width; text from Word has one paragraph per line but
breaks paragraphs at page ends. Blank lines mean nothing reliable (some exports put one
between every wrapped line), so a line continues into the next when it does not end a
sentence and either fills the typical line width of its page (wrapped text) or, where lines
are whole paragraphs, does not read as a title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditlint.lazyre import lazy_compile
from auditlint.readers.grid import is_unit_line
from auditlint.readers.headings import heading_style, marker_of
from auditlint.readers.lines import Line
from auditlint.readers.textutil import CLAUSE_PUNCT, SENTENCE_END, SOFT_END, has_cjk, is_value_token

_CLOSERS = "”’\"')）」』】"
_ROW_CLAUSE = lazy_compile(r"[，。；;：！？]|(?<![一二三四五六七八九十百\d])、|,(?!\d{3})|:(?!\d)")
_CJK_GAP = lazy_compile(r"[\u4e00-\u9fff）》]\s+[\u4e00-\u9fff（《]")
_MIN_WRAPPED_LINES = 5


@dataclass(frozen=True, slots=True)
class Layout:
    """Typical wrapped line width (display columns) per page; None where lines are paragraphs."""

    default: int | None
    pages: dict[int, int]

    def width(self, page: int | None) -> int | None:
        if page is not None and page in self.pages:
            return self.pages[page]
        return self.default


def estimate_layout(lines: list[Line]) -> Layout:
    """Find the width most mid-sentence line ends cluster at, overall and page by page.

    Text counts as wrapped only if few lines run past that width: where lines are whole
    paragraphs, some mid-sentence lines happen to share a width too.
    """
    prose = [ln for ln in lines if ln.kind == "text" and ln.width >= 30 and not is_tabular(
        ln.text.text)]
    default = _wrap_width(prose)
    by_page: dict[int, list[Line]] = {}
    for ln in prose:
        if ln.page is not None:
            by_page.setdefault(ln.page, []).append(ln)
    pages = {}
    for page, page_lines in by_page.items():
        w = _wrap_width(page_lines) if len(page_lines) >= 6 else None
        if w is not None:
            pages[page] = w
    if default is None and pages:
        default = sorted(pages.values())[len(pages) // 2]
    return Layout(default, pages)


def _mid_sentence(line: Line) -> bool:
    t = line.text.text
    return has_cjk(t) and not _ends_clause(t)


def _wrap_width(prose: list[Line]) -> int | None:
    widths = [ln.width for ln in prose if _mid_sentence(ln)]
    if len(widths) < _MIN_WRAPPED_LINES:
        return None
    counts = Counter(widths)
    best_n, best_w = 0, 0
    for w in counts:
        n = sum(k for v, k in counts.items() if w - 5 <= v <= w)
        if (n, w) > (best_n, best_w):
            best_n, best_w = n, w
    if best_n < _MIN_WRAPPED_LINES or best_n < 0.2 * len(widths):
        return None
    longer = sum(1 for ln in prose if ln.width > best_w + 10)
    if longer > 0.2 * len(prose):
        return None
    return best_w


def _ends_clause(text: str) -> bool:
    t = text.rstrip(_CLOSERS)
    return bool(t) and (t[-1] in SENTENCE_END or t[-1] in SOFT_END or t[-1] in "，,、")


def ends_sentence(text: str) -> bool:
    t = text.rstrip(_CLOSERS)
    return bool(t) and t[-1] in SENTENCE_END


def is_tabular(text: str) -> bool:
    """A row of a flattened table: two or more values, the last token a value, no clauses
    (the 、 of a numbered label such as 八、社会保障和就业支出 is not a clause)."""
    if _ROW_CLAUSE.search(text):
        return False
    tokens = text.split()
    return len(tokens) >= 2 and is_value_token(tokens[-1]) and (
        sum(1 for t in tokens if is_value_token(t)) >= 2
    )


def title_like(text: str, width: int) -> bool:
    """A short line with no clause punctuation: a title, a signature, a date."""
    return width <= 40 and not CLAUSE_PUNCT.search(text)


def continues(a: Line, b: Line, layout: Layout, before: Line | None = None) -> bool:
    """Does line b continue the paragraph that line a ends? (`before` is the line before a
    in the same paragraph, if any.)"""
    ta, tb = a.text.text, b.text.text
    if is_tabular(ta) or is_tabular(tb) or ends_sentence(ta) or is_unit_line(ta):
        return False
    if marker_of(tb) is not None:
        return False
    width = layout.width(a.page)
    if width is not None:
        if a.width >= width - max(8, width // 5):
            return True
        return _full_in_narrow_column(a, b, width, before)
    if ta.rstrip(_CLOSERS)[-1:] in SOFT_END:
        return False
    return not (title_like(ta, a.width) or heading_style(ta))


def _full_in_narrow_column(a: Line, b: Line, width: int, before: Line | None) -> bool:
    """Text in a narrower column (a table cell) wraps at its own width: a line is full when
    the next one, or the one before it in the paragraph, is as long. Lines with columns run
    together (a space between two CJK characters) and headings do not count."""
    ta, tb = a.text.text, b.text.text
    if a.width < 0.6 * width or not has_cjk(ta):
        return False
    if b.width < a.width - 2 and (before is None or abs(before.width - a.width) > 2):
        return False
    if _CJK_GAP.search(ta) or _CJK_GAP.search(tb):
        return False
    return heading_style(ta) is None


def group(lines: list[Line], layout: Layout) -> list[list[Line]]:
    """Consecutive content lines grouped into paragraphs (the input has no hard breaks)."""
    groups: list[list[Line]] = []
    for line in lines:
        before = groups[-1][-2] if groups and len(groups[-1]) > 1 else None
        if groups and continues(groups[-1][-1], line, layout, before):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups
