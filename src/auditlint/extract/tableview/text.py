"""Text of header and label cells, normalised: spaces, units in brackets, numbering."""

from __future__ import annotations

import re
from functools import lru_cache

from auditlint.lazyre import lazy_compile

# ---------------------------------------------------------------------------------------------
# text helpers

_SPACES = lazy_compile(r"[\s\u3000\u00a0]+")
_UNIT_IN_BRACKETS = lazy_compile(
    r"[（(]\s*(?:(?:金额)?单位\s*[:：]\s*)?(万元|亿元|千元|元|%|％|分|人次|万人|人|个|项|次)\s*[)）]")
_UNIT_LINE = lazy_compile(r"(万元|亿元|千元|元)")
_YEAR_PREFIX = lazy_compile(r"^(?:\d{4}年度?|本年|上年|当年|本期)")
LANCI_FORMULA = lazy_compile(r"^(\d+)\s*[=＝]\s*(\d+(?:\s*[+\-－＋]\s*\d+)+)$")
_NUMBERING = [
    (lazy_compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (lazy_compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (lazy_compile(r"^\d{1,2}[、.．](?!\d)"), 3),
    (lazy_compile(r"^[（(]\d{1,2}[)）]"), 4),
    (lazy_compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 5),
]
WEIGHT_ONLY = lazy_compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
CODE_CELL = lazy_compile(r"^\[?(\d{3}(?:\s?\d{2}){0,3})\]?$")
CODE_PREFIX = lazy_compile(r"^\[?(\d{3}(?:\s?\d{2}){0,3})\]?\s*(?=[\u4e00-\u9fff])(?![年万元个人项次期])")
PLAIN_NUMBER = lazy_compile(r"^[-－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Text without spaces (headers and labels are compared this way). Cached: a table's
    labels and headers are compared again by every family of relations."""
    return _SPACES.sub("", text)


@lru_cache(maxsize=1 << 16)
def norm_header(text: str) -> str:
    """A header without spaces, its unit in brackets and a leading year (`2023年预算` -> 预算)."""
    t = _UNIT_IN_BRACKETS.sub("", norm(text))
    t = re.sub(r"^(?:金额|单位)[:：].*$", "", t)
    t = _YEAR_PREFIX.sub("", t)
    return t.strip("：:")


@lru_cache(maxsize=1 << 16)
def header_unit(text: str) -> str | None:
    m = _UNIT_IN_BRACKETS.search(norm(text))
    if not m:
        return None
    return "%" if m.group(1) == "％" else m.group(1)


def unit_of_line(text: str | None) -> str | None:
    """万元/元/... of a unit line (`单位：万元`, `金额：元`)."""
    if not text:
        return None
    m = _UNIT_LINE.search(text)
    return m.group(1) if m else None


@lru_cache(maxsize=1 << 16)
def numbering_level(label: str) -> int | None:
    t = norm(label)
    for pattern, level in _NUMBERING:
        if pattern.match(t):
            return level
    return None


@lru_cache(maxsize=1 << 16)
def strip_numbering(label: str) -> str:
    t = norm(label)
    for pattern, _ in _NUMBERING:
        t = pattern.sub("", t, count=1)
    return t
