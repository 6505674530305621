"""Labels of narrative amounts for the relation phrases, normalised so that rule packs can name them.

`县档案馆 2024 年度本年收入合计` and `本年收入合计为` are the same label, `本年收入合计`;
`一般公共预算财政拨款收入` is not `财政拨款收入`, and `上年收入` is not `本年收入`: matching is
exact after normalisation (a qualifier prefix is only accepted when the pack names it), so
that an identity never links two different figures.
"""

from __future__ import annotations

from functools import lru_cache

from auditlint.lazyre import lazy_compile

_SPACE = lazy_compile(r"[\s\u3000]+")
_QUOTES = lazy_compile(r"[“”\"'‘’「」『』《》]")
_YEAR = lazy_compile(r"^.*\d{4}年(?:度)?")
_MARKER = lazy_compile(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)+")
_CLASS = lazy_compile(r"[（(](?:\d+)?[类款项][)）]")
_LEAD = lazy_compile(r"^(?:其中|另外|同时|以及|共|合计|总计|全部|均)+")
_TRAIL = lazy_compile(r"(?:为|是|达到|达|约|共计|的|均|各|：|:|,|，)+$")
_COMPARE = lazy_compile(
    r"(?:比|较|与|同|对比)(?:上年|去年|上一年|上年度|上年同期|同期|\d{4}年(?:度)?)?"
    r"(?:年初)?(?:决算数?|预算数?|执行数?|实际数?)?(?:相比|对比|比较)?|同比|环比|各|均")


@lru_cache(maxsize=8192)
def normalize(label: str) -> str:
    """The label without year, organisation, list marker, quotes and filler words."""
    s = _SPACE.sub("", label)
    s = _QUOTES.sub("", s)
    s = _YEAR.sub("", s)
    s = _MARKER.sub("", s)
    s = _CLASS.sub("", s)
    s = _LEAD.sub("", s)
    s = _TRAIL.sub("", s)
    return s


def subject_of_change(label: str) -> str:
    """What a change clause is about, its comparison words removed:
    `与 2023 年度相比，财政拨款支出` -> `财政拨款支出`; `比上年决算` -> ``."""
    s = _QUOTES.sub("", _SPACE.sub("", label))
    s = _COMPARE.sub("", s)
    return normalize(s)


def matches(label: str, names: list[str], qualifiers: list[str] | None = None) -> str | None:
    """The qualifier with which `label` (normalised) is one of `names` exactly; None if not.

    With qualifiers [``, `财政拨款`], `财政拨款基本支出` matches `基本支出` with qualifier
    `财政拨款`; `一般公共预算财政拨款基本支出` matches only if that qualifier is listed."""
    norm = normalize(label)
    for q in qualifiers or [""]:
        if not norm.startswith(q):
            continue
        rest = norm[len(q):]
        if rest in names:
            return q
    return None


def ends_with_any(label: str, names: list[str]) -> str | None:
    """The longest of `names` the normalised label ends with (for inputs stated nearby)."""
    norm = normalize(label)
    best: str | None = None
    for n in names:
        if norm.endswith(n) and (best is None or len(n) > len(best)):
            best = n
    return best
