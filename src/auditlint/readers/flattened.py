"""Tables flattened by PDF extraction, recognised from their header vocabulary.

Two kinds are read:

* value tables (the 资金 block of a 自评表, a 得分情况表): a header of column names such as
  年初预算数 全年预算数 全年执行数 分值 执行率 得分, then rows of a label followed by one value
  per column; a label may be wrapped over the lines before its values;
* indicator tables (一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 ...): each cell
  wrapped over several lines; a row ends with its 分值 and 得分. Labels are told apart by the
  category vocabulary (产出指标, 数量指标, ...), targets and actual values by their comparators.

Where a block cannot be read with confidence, a Notice (AL902) says so and the lines stay
paragraphs: a table half understood must not look like a table understood.
"""

from __future__ import annotations

import re

from auditlint.document import SourceText
from auditlint.readers.flatcells import Token, tokens
from auditlint.readers.flatheader import (
    CLAUSE,
    KIND_OF,
    VALUE_HEADERS,
    FlatTable,
    Header,
    header_word,
    not_understood,
    read_header,
)
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.indicators import read_indicator_table
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts

_PAREN_UNIT = re.compile(r"[（(][万亿]?元[)）]$")
_MAX_FRAGMENT = 12
def read_at(lines: list[Line], seq: list[int], p: int) -> FlatTable | None:
    """The flattened table whose header starts at position p of the content sequence."""
    header = read_header(lines, seq, p)
    if header is None:
        return None
    kinds = [KIND_OF.get(header_word(w.text)) for w in header.words]
    if "l3" in kinds or ("l2" in kinds and "target" in kinds):
        return read_indicator_table(lines, seq, header, kinds)
    return _value_table(lines, seq, header)


# ---- value tables --------------------------------------------------------------------------


def _value_table(lines: list[Line], seq: list[int], header: Header) -> FlatTable | None:
    words = _vertical_header(lines, seq, header)
    first_value = next(
        (i for i, w in enumerate(words) if header_word(w.text) in VALUE_HEADERS), None
    )
    if first_value is None:
        return None
    label_words = words[:first_value]
    value_words = words[first_value:]
    n = len(value_words)
    if n < 2:
        return None
    rows, used, end, overflow = _value_rows(lines, seq, header.end, n)
    if overflow:
        return not_understood(
            lines, seq, header, f"its rows hold more values than its {n} value columns")
    if not rows:
        return None
    used = header.used + used
    label_head, lead = _label_header(lines, seq, header.used[0], label_words)
    head = [RawCell(label_head), *(RawCell(w) for w in value_words)]
    table = build_table([head, *rows], shape="flattened", header_rows=1)
    return FlatTable(table, sorted(lead + used), [], end)


_FUNDS_ORDER = {w: i for i, w in enumerate(
    ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"))}


def _in_funds_order(words: list[SourceText]) -> bool:
    ranks = [_FUNDS_ORDER[w] for w in (header_word(x.text) for x in words) if w in _FUNDS_ORDER]
    return ranks == sorted(ranks)


def _vertical_header(lines: list[Line], seq: list[int], header: Header) -> list[SourceText]:
    """`年初预 全年预` above and `算数 算数` below a header line: words cut in two."""
    p = header.used[0]
    q = header.end
    if p == 0 or q >= len(seq):
        return header.words
    above = [t.text for t in tokens(lines[seq[p - 1]])]
    below = [t.text for t in tokens(lines[seq[q]])]
    if not above or len(above) != len(below):
        return header.words
    joined = [join_texts([a, b]) for a, b in zip(above, below, strict=False)]
    if not all(header_word(j.text) in VALUE_HEADERS for j in joined):
        return header.words
    if not _in_funds_order([*joined, *header.words]):
        return header.words  # the cut words belong somewhere in the middle: unknown where
    header.used = [p - 1, *header.used, q]
    header.end = q + 1
    return [*joined, *header.words]


def _value_rows(
    lines: list[Line], seq: list[int], start: int, n: int
) -> tuple[list[list[RawCell]], list[int], int, bool]:
    """Rows of a label and n values; a label may be wrapped over up to four lines before.

    A row with more values than the header has columns means the header was not read
    whole (a column name cut over lines): the last flag says so.
    """
    rows: list[list[RawCell]] = []
    used: list[int] = []
    pending: list[int] = []
    end = start
    for q in range(start, len(seq)):
        line = lines[seq[q]]
        toks = tokens(line)
        count = _trailing_values(toks)
        if count > n:
            return rows, used, end, True
        if count == n:
            label = [lines[seq[k]].text for k in pending]
            if len(toks) > n:
                label.append(line.text.slice(toks[0].start, toks[-n - 1].end))
            rows.append([RawCell(join_texts(label)), *(RawCell(t.text) for t in toks[-n:])])
            used.extend([*pending, q])
            pending = []
            end = q + 1
        elif _value_fragment(line.text.text, toks) and len(pending) < 4:
            pending.append(q)
        else:
            break
    return rows, used, end, False


def _trailing_values(toks: list[Token]) -> int:
    n = 0
    for t in reversed(toks):
        if not is_value_token(t.text.text):
            break
        n += 1
    return n


def _value_fragment(text: str, toks: list[Token]) -> bool:
    return (
        len(text) <= _MAX_FRAGMENT
        and not CLAUSE.search(text)
        and not any(is_value_token(t.text.text) for t in toks)
    )


def _label_header(
    lines: list[Line], seq: list[int], p: int, label_words: list[SourceText]
) -> tuple[SourceText, list[int]]:
    """The label column's header: the header's own label words, or the wrapped row title
    just before the header (`项目资金` `（万元）`)."""
    if label_words:
        return join_texts(label_words), []
    lead: list[int] = []
    k = p - 1
    while k >= 0 and len(lead) < 3:
        text = lines[seq[k]].text.text
        if len(text) > 8 or " " in text or any(ch.isdigit() for ch in text):
            break
        lead.insert(0, k)
        k -= 1
    if lead:
        joined = join_texts([lines[seq[k]].text for k in lead])
        if _PAREN_UNIT.search(joined.text):
            return joined, lead
    return SourceText("", []), []


# ---- indicator tables ----------------------------------------------------------------------
