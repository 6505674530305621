"""Headings of Chinese reports and the section path they make.

Reports number their headings with a handful of marker styles (第一部分, 一、, （一）, 1., 1、,
（1）, ①). Which style nests under which differs between reports, so nesting is learned the
way docutils learns section adornments: a style seen for the first time opens a deeper level;
a style seen before closes everything opened after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditlint.lazyre import LazyPattern, lazy_compile

_CN_NUM = "一二三四五六七八九十百零〇两"
MARKERS: tuple[tuple[str, LazyPattern], ...] = (
    ("part", lazy_compile(rf"^第\s*[{_CN_NUM}\d]+\s*(部分|章|篇|节)")),
    ("cn", lazy_compile(rf"^[{_CN_NUM}]+\s*[、.．]")),
    ("paren-cn", lazy_compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    ("outline", lazy_compile(
        r"^\d{1,2}[.．]\d{1,2}(?:[.．]\d{1,2})?\s+(?![万亿千百元人个项次户%])[\u4e00-\u9fff]")),
    ("num-dot", lazy_compile(r"^\d{1,2}\s*[.．](?!\d)|^\d{1,2}[.．](?=\s*(?:19|20)\d\d\s*年)")),
    ("num-comma", lazy_compile(r"^\d{1,2}\s*、")),
    ("paren-num", lazy_compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    ("num-paren", lazy_compile(r"^\d{1,2}\s*[）)]")),
    ("circled", lazy_compile("^[\u2460-\u2473\u2776-\u277f]")),
    ("num-space", lazy_compile(r"^[1-9] (?=[\u4e00-\u9fff])")),
)
# unnumbered titles that open a top-level part of a report
_TITLES = lazy_compile(
    r"^(摘要|目录|前言|引言|正文(部分)?|附件\d*|附表\d*|附录|名词解释|结论|评价结论|"
    r"报告正文|附件[:：].*|附表[:：].*)$"
)
_SENTENCE = lazy_compile("[。；;！？!?]")
_VALUE = lazy_compile(r"^[-+]?[\d,]+(?:\.\d+)?%?$")
_AMOUNT = lazy_compile(r"\d\s*(?:万?元|%|％)")
MAX_HEADING_CHARS = 48


_NUM_SPACE_BAD = lazy_compile(r"[\d，。、：]")
_ANY_MARKER = lazy_compile(
    "|".join(f"(?P<{name.replace('-', '_')}>{p.pattern[1:]})" for name, p in MARKERS)
)


def marker_of(text: str) -> str | None:
    """The numbering style a line starts with (`cn` for 一、), or None."""
    t = text.lstrip(" \u3000\t")
    m = _ANY_MARKER.match(t)
    if m is None or m.lastgroup is None:
        return None
    name = m.lastgroup.replace("_", "-")
    if name == "num-space" and (len(t) > 24 or _NUM_SPACE_BAD.search(t[2:])):
        return None
    return name


def title_word(text: str) -> bool:
    """`摘 要`, `正文部分`, `附件：...`: a heading without a number."""
    return bool(_TITLES.match(re.sub(r"\s+", "", text)))


def heading_style(text: str) -> str | None:
    """The heading style of a paragraph, or None when it is not a heading.

    A heading is short, does not read as a sentence, and starts with a marker or is one of
    the unnumbered titles.
    """
    t = text.strip()
    if not t or len(t) > MAX_HEADING_CHARS:
        return None
    if title_word(t):
        return "title"
    style = marker_of(t)
    if style is None:
        return None
    if (t.endswith("。") and len(t) > 16) or _AMOUNT.search(t):
        return None
    body = t.rstrip("。.")
    if _SENTENCE.search(body) or body.count("，") + body.count(",") >= 2:
        return None
    return style


FILLER = "~"


def demote_lists(styles: list[str | None]) -> list[str | None]:
    """Headings that follow each other with no text between, one style repeated three times
    or more, are a list (a table of contents, a column of a flattened table), not sections.

    `styles` has one entry per block: a heading style, None for body text, "" for a table,
    FILLER for a scrap (a wrapped word, a row of numbers) that does not end such a run.
    """
    out = list(styles)
    i = 0
    while i < len(out):
        if not out[i] or out[i] == FILLER:
            i += 1
            continue
        j = i
        while j < len(out) and out[j]:
            j += 1
        run = [s for s in out[i:j] if s != FILLER]
        if any(run.count(style) >= 3 for style in set(run)):
            out[i:j] = [None] * (j - i)
        i = j
    return [None if s == FILLER else s for s in out]


_FIXED_RANK = {"title": -1, "part": -1}


@dataclass
class SectionTracker:
    """Turns a stream of headings into section paths (outermost first).

    Markdown levels (`md1`..`md6`) rank above all numbered styles; 第一部分 and unnumbered
    titles rank above the rest; the other styles rank in the order they first appear.
    """

    _stack: list[tuple[str, str]] = field(default_factory=list)
    _ranks: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._stack)

    def _rank(self, style: str) -> float:
        if style.startswith("md"):
            return -100 + int(style[2:])
        if style in _FIXED_RANK:
            return _FIXED_RANK[style]
        return self._ranks.setdefault(style, len(self._ranks))

    def enter(self, style: str, text: str) -> tuple[str, ...]:
        """Record a heading; return the path of the section it opens (itself included)."""
        rank = self._rank(style)
        while self._stack and self._rank(self._stack[-1][0]) >= rank:
            self._stack.pop()
        self._stack.append((style, text))
        return self.path

    def enter_level(self, level: int, text: str) -> tuple[str, ...]:
        """A heading with an explicit level (markdown `#`)."""
        return self.enter(f"md{level}", text)
