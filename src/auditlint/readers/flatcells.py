"""Cells of a flattened table line: whitespace-separated tokens, units glued to their numbers.

PDF extraction writes a table row as one line with its cells separated by spaces, and a unit
often stands apart from its number (`>=264 人`). Cells here are spans of the line, so they
keep their source map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token
from auditlint.units import CMP_NORMAL, SCALES, words

_TOKEN = lazy_compile(r"\S+")


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def _comparator_pattern() -> str:
    """The comparators of rules/quantity.toml: a sign anywhere, a word (不低于, 约, 达到) only
    before a number or as a cell of its own, since 约束, 达到预期 and 不足之处 are no figures."""
    cmp = CMP_NORMAL
    signs = [w for w in cmp if not re.search(r"[\u4e00-\u9fff]", w)]
    worded = [w for w in cmp if re.search(r"[\u4e00-\u9fff]", w)]
    return rf"(?:{_alternatives(signs)}|(?:{_alternatives(worded)})(?=\s*[\d.]|\s*$))"


COMPARATOR = lazy_compile("^" + _comparator_pattern())
# a comparator and a number inside a text: a target value that slipped into a label
TARGET_INSIDE = lazy_compile(r"(?:>=|<=|≥|≤|≧|≦|＞|＜|[<>=＝])\s*\d")
# a unit of rules/quantity.toml, perhaps after a scale word and before the parts of a
# compound unit (`万元`, `元/人/年`)
_UNIT = lazy_compile(rf"^(?:(?:{_alternatives(list(SCALES))})?(?:{_alternatives(list(words().units))})"
                   r"(?:[/／][\u4e00-\u9fff]{1,2})*[/／]?)$")
_NUMBERISH = lazy_compile(r"\d$")
# a short word after a target's number: a unit the vocabulary does not know (万册, 批次)
_UNITISH = lazy_compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff/／]{0,3}$")
_PLAIN_NUMBER = lazy_compile(r"^\d+(?:\.\d+)?[%‰]?$")
_SCORE = lazy_compile(r"^[-+]?\d+(?:\.\d+)?\s*分?$")


@dataclass(slots=True)
class Token:
    text: SourceText
    start: int  # offset in the line's text
    end: int


def tokens(line: Line) -> list[Token]:
    """Whitespace-separated tokens of a content line, as mapped slices (computed once)."""
    if line.tokens is None:
        t = line.text
        line.tokens = [Token(t.slice(m.start(), m.end()), m.start(), m.end())
                       for m in _TOKEN.finditer(t.text)]
    found: list[Token] = line.tokens
    return found


def cells(line: Line) -> list[SourceText]:
    """Tokens with units glued to the number before them (`>=264` `人` -> `>=264 人`)."""
    groups: list[list[Token]] = []
    for tok in tokens(line):
        if groups and _takes_unit(groups[-1], tok.text.text):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return [line.text.slice(g[0].start, g[-1].end) for g in groups]


def _takes_unit(group: list[Token], text: str) -> bool:
    if len(group) > 1 or not _NUMBERISH.search(group[-1].text.text):
        return False
    if _UNIT.match(text):
        return True
    return bool(COMPARATOR.match(group[0].text.text)) and bool(_UNITISH.match(text))


def _is_unit(text: str) -> bool:
    return bool(_UNIT.match(text))


def is_unit(text: str) -> bool:
    """A unit standing alone (`人`, `万元`, `%`): the wrapped tail of a value."""
    return _is_unit(text.strip())


def is_score(text: str) -> bool:
    """A weight or score cell: a number, perhaps followed by 分."""
    return bool(_SCORE.match(text.strip()))


def value_start(text: str) -> bool:
    """A cell that opens with a figure or a comparator (`≥95%`, `12 个`)."""
    return bool(COMPARATOR.match(text.strip())) or text.strip()[:1].isdigit()


def is_measure(text: str) -> bool:
    """A target or actual value: a comparator, or one number with at most a unit."""
    t = text.strip()
    if COMPARATOR.match(t):
        return True
    parts = t.split()
    if len(parts) == 1:
        return is_value_token(t) or bool(_PLAIN_NUMBER.match(t))
    return len(parts) == 2 and is_value_token(parts[0]) and _is_unit(parts[1])
