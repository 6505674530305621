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

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache
from itertools import combinations

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile
from auditlint.readers.centred import RowLines, centred_labels
from auditlint.readers.flatcells import Token, tokens
from auditlint.readers.flatheader import (
    CLAUSE,
    FlatTable,
    Header,
    form_words,
    header_word,
    not_understood,
    read_header,
)
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.indicators import read_indicator_table
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts

_PAREN_UNIT = lazy_compile(r"[（(][万亿]?元[)）]$")
_MAX_FRAGMENT = 12
_MAX_NOTE = 24  # characters of a note column's text on a row's line
_DASHES = "-—－–"
# a row number standing before a label: 一 二 … 1 2 … (一) ①
_NUMBERING = lazy_compile(
    r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳])$")
def read_at(lines: list[Line], seq: list[int], p: int) -> FlatTable | None:
    """The flattened table whose header starts at position p of the content sequence."""
    header = read_header(lines, seq, p)
    if header is None:
        return None
    kinds = [form_words().kind_of.get(header_word(w.text)) for w in header.words]
    if "l3" in kinds or ("l2" in kinds and "target" in kinds):
        return read_indicator_table(lines, seq, header, kinds,
                                    lambda q: _funds_before(lines, seq, q))
    return _value_table(lines, seq, header)


# ---- value tables --------------------------------------------------------------------------


def _value_table(lines: list[Line], seq: list[int], header: Header) -> FlatTable | None:
    grouped = _grouped_header(lines, seq, header)
    if grouped is not None:
        return grouped
    words = _vertical_header(lines, seq, header)
    first_value = next(
        (i for i, w in enumerate(words) if header_word(w.text) in form_words().value_headers), None
    )
    if first_value is None:
        return None
    label_words = words[:first_value]
    value_words = words[first_value:]
    n = len(value_words)
    if n < 2:
        return None
    repeated = {lines[seq[k]].text.text for k in header.used}
    ranks = [_funds_order().get(header_word(w.text)) for w in value_words]
    place = ((lambda toks: _place_funds(toks, ranks)) if None not in ranks else None)
    around = (lines[seq[header.used[0] - 1]].text.text if header.used[0] > 0 else "",
              lines[seq[header.end]].text.text if header.end < len(seq) else "")
    rows, used, end, overflow = _value_rows(lines, seq, header.end, n, repeated, place, around)
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


def _grouped_header(lines: list[Line], seq: list[int], header: Header) -> FlatTable | None:
    """`全年预算数（万元） 全年执行数（万元）` above the header line and `总额 财政拨款 其他资金`
    under it once for each: column groups and their parts, put among the header's value
    columns in the funds block's order (a 部门整体支出绩效自评表 by task)."""
    p, q = header.used[0], header.end
    if p == 0 or q >= len(seq) or len(header.used) != 1:
        return None
    groups = [t.text for t in tokens(lines[seq[p - 1]])]
    parts = [t.text for t in tokens(lines[seq[q]])]
    if len(groups) < 2 or len(parts) % len(groups) or len(parts) // len(groups) < 2:
        return None
    k = len(parts) // len(groups)
    names = [_PAREN_UNIT.sub("", header_word(g.text)) for g in groups]
    part_words = [header_word(t.text) for t in parts]
    if any(part_words[i * k:(i + 1) * k] != part_words[:k] for i in range(len(groups))):
        return None
    if any(is_value_token(w) or CLAUSE.search(w) or len(w) > 8 for w in part_words):
        return None
    order = _funds_order()
    ranks = [order.get(n) for n in names]
    first_value = next(
        (i for i, w in enumerate(header.words) if header_word(w.text) in form_words().value_headers), None)
    if first_value is None or any(r is None for r in ranks) or ranks != sorted(set(ranks)):
        return None
    after = [order.get(header_word(w.text)) for w in header.words[first_value:]]
    if any(r is None or r <= (ranks[-1] or 0) for r in after):
        return None
    label_words = header.words[:first_value]
    value_words = header.words[first_value:]
    n = len(parts) + len(value_words)
    found = _task_rows(lines, seq, q + 1, n)
    if found is None:
        return None
    rows, used, end = found
    empty = SourceText("", [])
    label = join_texts(label_words) if label_words else empty
    top = [RawCell(label), *(RawCell(g, span=k) for g in groups),
           *(RawCell(w) for w in value_words)]
    under = [RawCell(empty), *(RawCell(t) for t in parts), *(RawCell(empty) for _ in value_words)]
    table = build_table([top, under, *rows], shape="flattened", header_rows=2)
    return FlatTable(table, sorted([p - 1, p, q, *used]), [], end)


@cache
def _funds_order() -> dict[str, int]:
    """Column name -> its place in a funds block (rules/scoring.toml funds_column_order)."""
    from auditlint.packs import load_packs

    return {w: i for i, w in enumerate(load_packs().words("funds_column_order"))}


def _in_funds_order(words: list[SourceText]) -> bool:
    order = _funds_order()
    ranks = [order[w] for w in (header_word(x.text) for x in words) if w in order]
    return ranks == sorted(ranks)


def _put_in_funds_order(words: list[SourceText]) -> list[SourceText] | None:
    """The label column's name first (项目资金), then every word a funds column, each once:
    the words in the block's order."""
    order = _funds_order()
    labels = [w for w in words if header_word(w.text) not in form_words().value_headers]
    values = [w for w in words if header_word(w.text) in form_words().value_headers]
    if len(labels) > 1 or (labels and words.index(labels[0]) > 1):
        return None
    ranks = [order.get(header_word(w.text)) for w in values]
    if any(r is None for r in ranks) or len(set(ranks)) != len(ranks):
        return None
    ordered = [w for _, w in sorted(zip(ranks, values, strict=True), key=lambda rw: rw[0] or 0)]
    return [*labels, *ordered]


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
    if not all(header_word(j.text) in form_words().value_headers for j in joined):
        return header.words
    words = [*joined, *header.words]
    if not _in_funds_order(words):
        # the cut words belong somewhere in the middle: where, the block's order tells when
        # every column is one of its own
        placed = _put_in_funds_order(words)
        if placed is None:
            return header.words
        words = placed
    header.used = [p - 1, *header.used, q]
    header.end = q + 1
    return words


def _value_rows(
    lines: list[Line], seq: list[int], start: int, n: int, repeated: set[str] | None = None,
    place: Callable[[list[Token]], list[SourceText] | None] | None = None,
    around: tuple[str, str] = ("", ""),
) -> tuple[list[list[RawCell]], list[int], int, bool]:
    """Rows of a label and n values; a label may be wrapped over up to six lines before,
    or centred on its row (`centred.py`), and the header may stand again where the table
    goes over a page (`repeated`), with the lines just before and after the header
    (`around`: a header cell of three lines, `序` above and `号` below) again around it. A
    row with fewer values is read only where `place` puts them in their columns.

    A row with more values than the header has columns means the header was not read
    whole (a column name cut over lines): the last flag says so.
    """
    rows: list[list[RawCell]] = []
    used: list[int] = []
    pending: list[int] = []
    gap: list[int] = []  # the fragment lines since the last row, across a repeated header
    found: list[RowLines] = []
    end = start
    after_header = repeated_once = False
    for q in range(start, len(seq)):
        line = lines[seq[q]]
        if rows and repeated and line.text.text in repeated:
            # the header again at the top of the next page: the table goes on below it
            used.extend([*pending, q])
            pending = []
            if gap and around[0] and lines[seq[gap[-1]]].text.text == around[0]:
                gap.pop()
            after_header = repeated_once = True
            continue
        if after_header and around[1] and line.text.text == around[1]:
            used.append(q)  # the header's last line, again under it
            after_header = False
            continue
        after_header = False
        toks = tokens(line)
        count = _trailing_values(toks)
        if count == n + 1 == len(toks) and _NUMBERING.match(toks[0].text.text) and rows:
            count = n  # `2 1,000.00 … -`: the row's number, its name wrapped around it
        if count > n:
            return rows, used, end, True
        # a row with cells left blank: its values placed in their columns, or none
        placed = place(toks[len(toks) - count:]) if place and 0 < count < n else None
        if placed is None and count != n and rows:
            # `2 启动资金 200.00 … 30.00 年底结余收回`: the figures, then the start of a text
            # column (超支或结余资金原因) wrapped over the lines around
            toks = _before_note(toks, n)
            count = n if toks else count
        if placed is not None or count == n:
            head = toks[:len(toks) - (count if placed is not None else n)]
            inline = line.text.slice(head[0].start, head[-1].end) if head else None
            numbered = bool(head) and bool(_NUMBERING.match(head[0].text.text))
            if numbered and (len(head) > 1 or not pending):
                # `1 弥补资金缺口 …`: its own name (the lines before are notes), written with
                # its number as `1、弥补资金缺口` so that the numbering tells its level
                label = [_numbered(head[0].text, line.text.slice(head[1].start, head[-1].end)
                                   if len(head) > 1 else None)]
            elif numbered:
                # `一 6,000.00 …` with its name wrapped on the lines before: number first
                label = [_numbered(head[0].text, join_texts([lines[seq[k]].text for k in pending]))]
            elif inline is not None and header_word(inline.text) in form_words().totals:
                label = [inline]
            else:
                label = [lines[seq[k]].text for k in pending] + ([inline] if inline else [])
            cells = placed if placed is not None else [t.text for t in toks[-n:]]
            rows.append([RawCell(join_texts(label)), *(RawCell(c) for c in cells)])
            own = head[1:] if numbered else head
            found.append(RowLines(
                tuple(gap), q, line.text.slice(own[0].start, own[-1].end) if own else None,
                fixed=inline is not None and header_word(inline.text) in form_words().totals,
                number=head[0].text if numbered else None))
            used.extend([*pending, q])
            pending, gap = [], []
            end = q + 1
        elif _value_fragment(line.text.text, toks, bool(rows)) and len(pending) < 6:
            pending.append(q)
            gap.append(q)
        else:
            break
    if repeated_once and found and found[0].gap and around[1] \
            and lines[seq[found[0].gap[0]]].text.text == around[1]:
        found[0] = replace(found[0], gap=found[0].gap[1:])  # the header's, as under its repeats
    centred = centred_labels(lines, seq, found, gap)
    if centred is not None:
        # names centred on their rows: each row's name from the lines on both sides of it
        for row, lines_of, name in zip(rows, found, centred.names, strict=True):
            if not lines_of.fixed:
                row[0] = RawCell(_numbered(lines_of.number, name) if lines_of.number else name)
        used = sorted({*used, *(k for r in found for k in r.gap), *centred.trailing})
        end = max([end, *(k + 1 for k in centred.trailing)])
    return rows, used, end, False


# places of a funds block's columns in `funds_column_order` of rules/scoring.toml
_BUDGET, _SPENT, _WEIGHT, _RATE, _SCORE = 1, 2, 3, 4, 5


def _place_funds(toks: list[Token], ranks: list[int | None]) -> list[SourceText] | None:
    """The cells of a funds row (`年度资金总额 7000 7000 10 100% 10`) that PDF extraction
    printed with some left out, blank in the form: each way of putting the values in order
    into the columns is kept when the rate stands in the 执行率 column and nowhere else and
    equals 全年执行数 ÷ 全年预算数 (both then filled) within its rounding, and a score is no
    more than its 分值; a column is filled only where every way kept puts the same text in
    it, and left blank otherwise. A row without a rate is not placed: nothing ties its
    values to their columns."""
    n = len(ranks)
    if _RATE not in ranks or not any(t.text.text.strip().endswith("%") for t in toks):
        return None
    agreed: list[str | None] | None = None
    kept: list[list[Token | None]] = []
    for filled in combinations(range(n), len(toks)):
        cells: list[Token | None] = [None] * n
        for c, t in zip(filled, toks, strict=True):
            cells[c] = t
        if not _funds_fit(cells, ranks):
            continue
        kept.append(cells)
        texts = [c.text.text if c is not None else None for c in cells]
        agreed = texts if agreed is None else [
            a if a == b else None for a, b in zip(agreed, texts, strict=True)]
    if not kept or agreed is None:
        return None
    empty = SourceText("", [])
    return [kept[0][c].text if agreed[c] is not None and kept[0][c] is not None else empty
            for c in range(n)]


def _funds_fit(cells: list[Token | None], ranks: list[int | None]) -> bool:
    by_rank = {r: c for r, c in zip(ranks, cells, strict=True) if r is not None}
    for rank, cell in by_rank.items():
        if cell is not None and (rank == _RATE) != cell.text.text.strip().endswith("%"):
            return False  # a rate outside the 执行率 column, or another value in it
    rate = by_rank.get(_RATE)
    if rate is None:
        return False
    budget, spent = _number(by_rank.get(_BUDGET)), _number(by_rank.get(_SPENT))
    stated = _number(rate)
    if budget is None or spent is None or stated is None or budget <= 0:
        return False
    exp = stated.as_tuple().exponent
    unit = Decimal(1).scaleb(exp if isinstance(exp, int) else 0)
    slack = unit / 2 + spent / budget * 100 * (
        _half_unit(by_rank.get(_BUDGET)) / budget + _half_unit(by_rank.get(_SPENT)) / max(spent, unit))
    if abs(spent / budget * 100 - stated) > slack:
        return False
    weight, score = _number(by_rank.get(_WEIGHT)), _number(by_rank.get(_SCORE))
    return weight is None or score is None or score <= weight


def _number(cell: Token | None) -> Decimal | None:
    """A cell's figure (`1,200.50`, `95.00%`), None for a blank, a dash or a non-number."""
    if cell is None:
        return None
    text = cell.text.text.strip().replace(",", "").rstrip("%")
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    return value if value.is_finite() and any(ch.isdigit() for ch in text) else None


def _half_unit(cell: Token | None) -> Decimal:
    value = _number(cell)
    exp = value.as_tuple().exponent if value is not None else 0
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0) / 2


_MAX_TASK_TEXT = 40  # characters of a wrapped name or content piece between rows


def _task_rows(
    lines: list[Line], seq: list[int], start: int, n: int
) -> tuple[list[list[RawCell]], list[int], int] | None:
    """Rows of a block by task: each row's own line holds what its name, content and
    完成情况 cells show there, then its n figures; the rest of those cells is wrapped over
    the lines around, where which row a piece belongs to is not known. A row is named by
    what stands on its own line; the block ends with its total (合计) row, and is not read
    without one."""
    rows: list[list[RawCell]] = []
    used: list[int] = []
    for q in range(start, len(seq)):
        line = lines[seq[q]]
        toks = tokens(line)
        count = _trailing_values(toks)
        if count == n and len(toks) > n:
            head = toks[:-n]
            label = line.text.slice(head[0].start, head[-1].end)
            rows.append([RawCell(label), *(RawCell(t.text) for t in toks[-n:])])
            used.append(q)
            if header_word(head[-1].text.text).endswith(tuple(form_words().totals)):
                return (rows, used, q + 1) if len(rows) > 2 else None
        elif count == 0 and len(line.text.text) <= _MAX_TASK_TEXT:
            used.append(q)
        else:
            return None
    return None




def _numbered(number: SourceText, name: SourceText | None) -> SourceText:
    """`一` and `企业补助资金` as `一、企业补助资金` (the `、` added: a number alone in its cell
    is the row's numbering); a bracketed or circled number needs none."""
    sep = "、" if number.text.isalnum() else ""
    return SourceText.join([number, name], sep) if name is not None else number


def _before_note(toks: list[Token], n: int) -> list[Token]:
    """The tokens up to a run of exactly n figures followed by a short text (a note column),
    or [] when the line is not such a row."""
    k = len(toks)
    while k and not is_value_token(toks[k - 1].text.text):
        k -= 1
    note = toks[k:]
    first = note[0].text.text if note else ""
    if len(first) > 1 and first[0] in _DASHES and not is_value_token(first[1]):
        # `100.00% -由财政直接拨付`: an empty cell's dash run into the note after it
        t = note[0]
        dash = Token(t.text.slice(0, 1), t.start, t.start + 1)
        toks = [*toks[:k], dash, Token(t.text.slice(1, len(first)), t.start + 1, t.end),
                *note[1:]]
        k += 1
        note = toks[k:]
    if not note or sum(len(t.text.text) for t in note) > _MAX_NOTE:
        return []
    run = 0
    while run < k and is_value_token(toks[k - 1 - run].text.text):
        run += 1
    if run == n + 1 == k and _NUMBERING.match(toks[0].text.text):
        return toks[:k]  # the row's number, then its figures
    return toks[:k] if run == n else []


def _trailing_values(toks: list[Token]) -> int:
    n = 0
    for t in reversed(toks):
        if not is_value_token(t.text.text):
            break
        n += 1
    return n


def _value_fragment(text: str, toks: list[Token], inside: bool = False) -> bool:
    """A piece of a wrapped label, or, between rows, of a wrapped note (which may hold
    punctuation: `有过世等情况发生，根据实`), or both side by side."""
    return (
        len(text) <= (_MAX_NOTE if inside else _MAX_FRAGMENT)
        and (inside or not CLAUSE.search(text))
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


_FUNDS_LOOKBACK = 30


def _funds_before(lines: list[Line], seq: list[int], p: int) -> bool:
    """Whether the funds block of the form (its 资金执行率 line, with 分值 and 得分) is read as
    a table in the lines before p: the 总分 of the form counts that line, so without it a
    total would be compared with the indicators alone."""
    from auditlint.packs import load_packs

    words = tuple(load_packs().synonyms("exec_line"))
    for q in range(p - 1, max(-1, p - _FUNDS_LOOKBACK), -1):
        text = lines[seq[q]].text.text
        if text.rstrip().endswith("表") and not is_value_token(text.split()[-1]):
            return False
        found = read_at(lines, seq, q)
        if found is None or found.table is None:
            continue
        table = found.table
        heads = {header_word(table.text(0, c)) for c in range(table.n_cols)}
        if not {"分值", "得分"} <= heads:
            return False
        return any(any(w in table.text(r, 0) for w in words) for r in range(1, table.n_rows))
    return False
