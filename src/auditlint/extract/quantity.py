"""Quantities: find every number of a text and type it with its unit and precision.

A fast regular expression finds candidate spans; the lark grammar in `grammar/quantity.lark`
parses each candidate into a `Quantity` (results cached: reports repeat their numbers).
Numbers that are not quantities (years, dates, classification codes, document numbers,
list markers) are recognised here so that no check ever sums a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from auditlint.lazyre import lazy_compile
from auditlint.resources import grammar_path
from auditlint.units import CMP_NORMAL, SCALES, UNITS, words


def _longest_first(items: list[str]) -> list[str]:
    return sorted(items, key=len, reverse=True)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written. `start`/`end` are offsets in the scanned text (number and unit)."""

    value: Decimal
    decimals: int
    unit: str | None
    scale: str | None
    comparator: str | None
    start: int
    end: int
    text: str
    chinese: bool = False

    @property
    def dimension(self) -> str | None:
        if self.unit in UNITS:
            return UNITS[self.unit][0]
        if self.unit and "/" in self.unit:
            return "rate-unit"
        return "count" if self.unit else None

    @property
    def full_unit(self) -> str | None:
        """The unit as a reader says it: 万元 for (万, 元), 万 alone for a bare scale."""
        if self.scale and self.unit:
            return self.scale + self.unit
        return self.scale or self.unit

    @property
    def multiplier(self) -> Decimal:
        """Factor from the written value to the base unit (万人 -> 人, 亿元 -> 元)."""
        m = SCALES[self.scale] if self.scale else Decimal(1)
        if self.unit in UNITS:
            m *= UNITS[self.unit][1]
        return m


def chinese_to_int(s: str) -> int | None:
    """Value of a Chinese numeral below 10^4 (一千二百三十, 十五, 二〇二三 digit by digit)."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None
            digit = _CN_DIGITS[ch] or None
        elif ch in _CN_UNITS:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


class _ToQuantity(Transformer):
    def comparator(self, items: list[Token]) -> tuple[str, str]:
        return ("cmp", CMP_NORMAL[str(items[0])])

    def sign(self, items: list[Token]) -> tuple[str, str]:
        return ("sign", str(items[0]))

    def arabic(self, items: list[Token]) -> tuple[str, tuple[Decimal, int]]:
        raw = str(items[0]).replace(",", "")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return ("num", (Decimal(raw), decimals))

    def chinese(self, items: list[Token]) -> tuple[str, tuple[Decimal, int]]:
        v = chinese_to_int(str(items[0]))
        if v is None:
            raise ValueError("not a Chinese numeral")
        return ("cnnum", (Decimal(v), 0))

    def unit(self, items: list[Token]) -> tuple[str, str]:
        # the full-width ％ is the same unit as %: typed apart, it would make a share a count
        return ("unit", "/".join(str(t) for t in items).replace("％", "%"))

    def start(self, items: list[object]) -> dict[str, object]:
        out: dict[str, object] = {}
        for item in items:
            if isinstance(item, Token):
                out["scale"] = str(item)
            else:
                key, val = item  # type: ignore[misc]
                out[key] = val
        return out


def _alternatives(items: list[str]) -> str:
    return " | ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
                      for w in _longest_first(items))


def grammar_text() -> str:
    """`grammar/quantity.lark` with its word terminals written from `rules/quantity.toml`."""
    w = words()
    return grammar_path("quantity.lark").read_text(encoding="utf-8") + "\n".join((
        "",
        f"CMP: {_alternatives(list(CMP_NORMAL))}",
        f"SCALE.2: {_alternatives(list(w.scales))}",
        f"UNIT.1: {_alternatives(list(w.units))}",
        f"UNIT_PART: {_alternatives([u for u, d in w.units.items() if d.per])}",
        ""))


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer="contextual", cache=True)


_TRANSFORMER = _ToQuantity()


@lru_cache(maxsize=8192)
def parse_quantity_text(text: str) -> dict[str, object] | None:
    """Parse one candidate (`>=87.70 万人`) with the grammar; None when it is not one."""
    try:
        return _TRANSFORMER.transform(_parser().parse(text))
    except (LarkError, ValueError, InvalidOperation):
        return None


def _unit_pattern(word: str, not_before: str) -> str:
    return re.escape(word) + (f"(?![{re.escape(not_before)}])" if not_before else "")


def _alt(items: list[str]) -> str:
    return "|".join(re.escape(w) for w in _longest_first(items))


_UNIT_ALT = "|".join(_unit_pattern(w, words().units[w].not_before)
                     for w in _longest_first(list(words().units)))
_SCAN = lazy_compile(
    r"(?P<cmp>" + _alt(list(CMP_NORMAL)) + r")?[ \u3000]*"
    r"(?P<sign>(?<![0-9A-Za-z）)\]])[-－])?"
    r"(?P<num>(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?![0-9])"
    r"|[零〇一二两三四五六七八九十百千]+)"
    r"(?:[ \u3000]*(?P<scale>" + _alt([s for s, d in words().scales.items() if d.alone])
    + r")(?![元人]))?"
    r"(?:[ \u3000]*(?P<scaleunit>万元|亿元|万人次|万人))?"
    r"(?:[ \u3000]*(?P<unit>" + _UNIT_ALT + r")(?:/(?:"
    + _alt([u for u, d in words().units.items() if d.per]) + r"))*)?"
)
_CN_COUNTERS = {w for w, u in words().units.items() if u.counter}


def _is_year(text: str, m: re.Match[str], unit: str | None) -> bool:
    num = m.group("num")
    if not num.isdigit() or len(num) != 4 or not ("1900" <= num <= "2100"):
        return False
    after = text[m.end("num"): m.end("num") + 2].lstrip()
    return unit in ("年",) or after.startswith(("年", "—", "-", "－")) or not unit


def scan(text: str) -> list[Quantity]:
    """All quantities of a text, in order. Years, dates, codes and list markers are left out."""
    out: list[Quantity] = []
    for m in _SCAN.finditer(text):
        num = m.group("num")
        if num[0] in "零〇一二两三四五六七八九十百千":
            # a Chinese numeral counts only as a count with a counter after it (十三个 科室)
            unit = m.group("unit")
            if not unit or unit[0] not in _CN_COUNTERS or num in ("一", "两", "二"):
                continue
            nxt = text[m.end(): m.end() + 1]
            if nxt in ("级", "性", "是", "类", "体", "样", "般"):
                continue
        unit = m.group("scaleunit") or m.group("unit")
        if _is_year(text, m, m.group("unit")) and m.group("scaleunit") is None:
            continue
        if _is_non_quantity(text, m):
            continue
        start = m.start("cmp") if m.group("cmp") else (
            m.start("sign") if m.group("sign") else m.start("num"))
        candidate = text[start: m.end()]
        parsed = parse_quantity_text(candidate.replace("万人次", "万 人次").replace("万人", "万 人"))
        if parsed is None:
            continue
        num_key = "num" if "num" in parsed else "cnnum"
        value, decimals = parsed[num_key]  # type: ignore[misc]
        if parsed.get("sign") in ("-", "－"):
            value = -value
        scale = parsed.get("scale")
        unit_p = parsed.get("unit")
        if unit_p is None and scale is None and unit in ("万元", "亿元"):
            unit_p = unit
        out.append(Quantity(
            value=value, decimals=decimals, unit=unit_p, scale=scale,  # type: ignore[arg-type]
            comparator=parsed.get("cmp"), start=start, end=m.end(),  # type: ignore[arg-type]
            text=candidate, chinese=num_key == "cnnum"))
    return out


_BEFORE_CODE = lazy_compile(r"(〔|\[|【|第|编号|代码|科目|No\.?|NO\.?|号|文号|电话|邮编)\s*$")
_AFTER_NONQ = lazy_compile(r"^\s*(〕|\]|】|号(?!楼)|月(?!/)|日(?!/)|季度|级|类\)|款\)|项\)|\(类|\(款|\(项"
                         r"|（类|（款|（项|:\d|：\d|\.\d|、|）)")


def _is_non_quantity(text: str, m: re.Match[str]) -> bool:
    """Dates, document numbers, section numbers and codes are numbers but not quantities."""
    num = m.group("num")
    unit = m.group("unit") or m.group("scaleunit")
    before = text[max(0, m.start("num") - 6): m.start("num")]
    if _BEFORE_CODE.search(before) and not (unit and unit.endswith("元")):
        return True  # a code or a number; an amount of money after 科目 is still one
    if unit:
        return unit in ("月", "日") and not m.group("cmp")
    after = text[m.end("num"): m.end("num") + 4]
    if _AFTER_NONQ.match(after) and not after.lstrip().startswith((".",)):
        return True
    # list markers: (1) （一） 1. 1、 at a line start
    i = m.start("num") - 1  # the last character before the number, spaces skipped
    while i >= 0 and text[i] in " \u3000":
        i -= 1
    if i >= 0 and text[i] in "（(" and after.lstrip().startswith(("）", ")")):
        return True
    return i < 0 and after[:1] in (".", "、", "．") and "." not in num


def parse_cell(text: str) -> Quantity | None:
    """The quantity a table cell holds, when the whole cell is one (`2,436.19`, `>=95%`)."""
    t = text.strip().replace(" ", "")
    if not t or len(t) > 40:
        return None
    qs = scan(t)
    if len(qs) != 1:
        return None
    q = qs[0]
    rest = (t[: q.start] + t[q.end:]).strip()
    if rest and rest not in ("分",):
        return None
    return q
