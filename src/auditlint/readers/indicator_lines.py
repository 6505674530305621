"""Indicator rows of a 自评表 printed one row a line, the 一级 labels centred between them.

Tried when the wrapped-cell reader of `readers/indicators.py` cannot align a block: each
row's own line holds its 二级 and 三级 names, target, actual value, 分值 and 得分 (and a
reason); the 一级 label and its weight stand cut over the lines between rows. Rows are
grouped under the labels only when one grouping fits clearly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import combinations, pairwise

from auditlint.document import Cell, Notice, SourceText
from auditlint.lazyre import lazy_compile
from auditlint.readers.flatcells import (
    COMPARATOR,
    cells,
    is_measure,
    is_score,
    is_unit,
    tokens,
    value_start,
)
from auditlint.readers.flatheader import (
    FlatTable,
    Header,
    form_words,
    header_word,
)
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_numeric, is_value_token, join_texts

# ---- rows on one line each, labels centred between them ------------------------------------

_WEIGHT_LABEL = lazy_compile(r"^[（(]\d{1,3}(?:\.\d+)?分[)）]$")
_LABEL_WINDOW = 3  # lines over which a 一级 label and its weight may be spread
_CENTRE_SLACK = Decimal("1")
_MARGIN = Decimal("1")
_MAX_REASON = 40
_MAX_BLOCK_LINES = 120


@dataclass
class _LineRow:
    line: int  # position in the sequence of the row's values line
    label: SourceText | None
    mid: list[SourceText]  # the cells between the label and 分值 (target, actual)
    weight: SourceText
    score: SourceText
    reason: SourceText | None
    lead: SourceText | None = None  # the first piece before the label: maybe a 一级 label's
    pieces: list[SourceText] = field(default_factory=list)  # all label pieces of the line


def line_rows(
    lines: list[Line], seq: list[int], header: Header, words: list[SourceText],
    kinds: list[str | None], funds_before: Callable[[int], bool],
) -> FlatTable | None:
    """Rows whose own line holds the 三级 label, the values, 分值, 得分 and the 偏差原因, with
    the 一级 labels (`产出指标` `（50分）`) and wrapped pieces of other cells on the lines
    between them.

    A cell is centred on the rows it spans, so a 一级 label stands in the middle of its rows:
    the rows are grouped under the labels only when one grouping puts every label within a
    line of its rows' middle and clearly closer than any other. The 总分 row is kept only
    when the form's funds block (its 资金执行率 line is a part of the total) was read before
    it. A 二级 label is kept only where it stands whole on its row's line, and text wrapped
    around a row is left out: which row it belongs to is not known. A target and an actual
    value are kept only when both are figures on the row's line with no piece of one around.
    """
    order = [k for k in ("l1", "l2", "l3", "target", "actual", "weight", "score", "reason")
             if k in kinds]
    if "l1" not in order or "l3" not in order or kinds.index("weight") + 1 != kinds.index("score"):
        return None
    mid_kinds = kinds[kinds.index("l3") + 1: kinds.index("weight")]
    if any(k not in ("target", "actual") for k in mid_kinds):
        return None
    has_reason = "reason" in kinds
    rows: list[_LineRow] = []
    loose: list[int] = []  # positions of the lines between rows
    total: tuple[int, SourceText, SourceText] | None = None
    outer = _outer_pieces(lines, seq, header.used[0])
    q = header.end
    while q < len(seq) and q - header.end < _MAX_BLOCK_LINES:
        line = lines[seq[q]]
        found = _values_line(line, len(mid_kinds), has_reason, q in outer)
        if isinstance(found, tuple):
            total = (q, *found)
            break
        if isinstance(found, _LineRow):
            found.line = q
            rows.append(found)
        elif found is None and _loose_line(line):
            loose.append(q)
        else:  # a line with 分值 and 得分 not read as a row: a row would go missing
            return None
        q += 1
    if total is None or len(rows) < 2:
        return None
    whole = Decimal(_number(total[1].text))
    if any(Decimal(_number(r.weight.text)) >= whole for r in rows):
        return None  # a row's 分值 as large as the total's: its figures were not read right
    near = [k for k in loose if k > rows[0].line - _LABEL_WINDOW]
    labels = _group_labels(lines, seq, near, rows, outer)
    groups: dict[int, SourceText] | None = None
    if labels is None:
        # a weight two categories may take (`成本` `指标` `效益指标` `（30分）`): the nearer one's
        # only when the weights then place every row
        labels = _group_labels(lines, seq, near, rows, outer, nearest=True)
        if labels is None:
            return None
        groups = _groups_by_weights(rows, labels)
        if groups is None:
            return None
    if _stray_labels(lines, seq, loose, rows, labels):
        return None
    groups = groups or _place_groups(rows, labels) or _top_groups(
        rows, labels, [_span(lines, seq, t) for t, _ in labels])
    if groups is None:
        return None
    head = [words[kinds.index(k)] for k in order]
    grid = [[RawCell(w) for w in head]]
    empty = SourceText("", [])
    for i, row in enumerate(rows):
        cell: dict[str, SourceText | None] = {
            "l1": groups.get(i), "l2": _own_l2(row), "l3": row.label, "weight": row.weight,
            "score": row.score, "reason": row.reason,
        }
        if _clean_values(lines, seq, row, loose):
            cell.update(zip(mid_kinds, row.mid, strict=True))
        grid.append([RawCell(cell.get(k) or empty) for k in order])
    q_total, weight, score = total
    notices: list[Notice] = []
    if funds_before(header.used[0]):
        totals: dict[str, SourceText | None] = {"l1": _total_word(lines[seq[q_total]]),
                                                "weight": weight, "score": score}
        grid.append([RawCell(totals.get(k) or empty) for k in order])
    else:
        last = lines[seq[q_total]]
        notices.append(Notice(
            code="AL902",
            message="indicator table: its 总分 row is not checked, since the form's "
                    "资金执行率 line, a part of it, was not read",
            span=last.text.whole_span(), location=f"line {last.no}"))
    table = build_table(grid, shape="flattened", header_rows=1)
    for row_cells in table.rows[1:]:
        for c, cell in enumerate(row_cells[1:], 1):
            if cell.merged:  # only the 一级 label spans rows: a cell not read stays empty
                row_cells[c] = Cell(SourceText("", []), cell.row, c)
    used = sorted({*header.used, *range(header.end, q_total + 1)})
    return FlatTable(table, used, notices, q_total + 1)


def _values_line(
    line: Line, n_mid: int, has_reason: bool, outer: bool = False
) -> _LineRow | tuple[SourceText, SourceText] | bool | None:
    """A row's values line; (分值, 得分) of the 总分 line; None for a line without two scores
    side by side, False for one that has them but does not read as a row. `outer`: the
    line's first cell is a character of the outer column's name (`_outer_pieces`)."""
    row = cells(line)
    if outer:
        row = row[1:]
    pairs = [i for i in range(len(row) - 1) if is_score(row[i].text) and is_score(row[i + 1].text)]
    if not pairs:
        return None
    at = pairs[-1]
    reason = row[at + 2:]
    if any(is_numeric(c.text.strip()) for c in reason):
        return False
    if reason and (not has_reason or sum(len(c.text) for c in reason) > _MAX_REASON):
        return False
    head = row[:at]
    if len(head) == 1 and header_word(head[0].text) in form_words().totals and not reason:
        return row[at], row[at + 1]
    weight_first = bool(head) and bool(_WEIGHT_LABEL.match(head[0].text))
    if weight_first:  # `（50分） 质量指标 …`: the weight of the 一级 label beside the row
        head = head[1:]
    if len(head) > n_mid + 3:
        return False
    if len(head) < n_mid:
        # `就餐人数 10 10`: values wrapped above and below; what stands is not known
        if any(is_value_token(c.text) or _WEIGHT_LABEL.match(c.text)
               or header_word(c.text) in form_words().totals for c in head):
            return False
        lead = row[0] if weight_first else (head[0] if head else None)
        return _LineRow(0, None, [], row[at], row[at + 1], join_texts(reason) if reason else None,
                        lead, [row[0], *head] if weight_first else head)
    labels = head[: len(head) - n_mid]
    if any(is_value_token(c.text) or _WEIGHT_LABEL.match(c.text) for c in labels):
        return False
    mid = head[len(head) - n_mid:]
    label = labels[-1] if labels and not _is_category_piece(labels[-1].text) else None
    if weight_first:
        labels = [row[0], *labels]
    if (label is None and n_mid == 2 and not _valueish(mid[0].text) and _valueish(mid[1].text)
            and not _is_category_piece(mid[0].text)):
        # `支付时效 2022年`: a label and one value, the other value wrapped around the line
        label, mid = mid[0], []
    # a category piece before a label taken from the values (`产出指标 某人员佩戴率 100% 5 5`)
    # is a 一级 label's piece, as is the first of several pieces
    lead = labels[0] if labels and (label is None or len(labels) > 1
                                    or label is not labels[-1]) else None
    return _LineRow(0, label, mid, row[at], row[at + 1],
                    join_texts(reason) if reason else None, lead, labels)


def _outer_pieces(lines: list[Line], seq: list[int], start: int) -> frozenset[int]:
    """Positions of the lines of a block whose first piece is a character of the name of
    the column outside its 一级 labels (`form_outer_labels` of rules/scoring.toml: `绩` `效`
    `指` `标` one a line): every character found in order, each within a few lines of the
    one before, before the block's total line; none if the name is not found whole."""
    singles: list[tuple[int, str]] = []
    for q in range(start, min(len(seq), start + _MAX_BLOCK_LINES)):
        toks = tokens(lines[seq[q]])
        if not toks:
            continue
        first = toks[0].text.text.strip()
        if header_word(first) in form_words().totals:
            break
        if len(first) == 1:
            singles.append((q, first))
    for name in _outer_labels():
        found: list[int] = []
        for q, ch in singles:
            if len(found) == len(name):
                break
            if ch == name[len(found)] and (not found or q - found[-1] <= _LABEL_WINDOW + 1):
                found.append(q)
            elif found and ch == name[0]:
                found = [q]
        if len(found) == len(name):
            return frozenset(found)
    return frozenset()


@cache
def _outer_labels() -> tuple[str, ...]:
    from auditlint.packs import load_packs

    return tuple(w for w in load_packs().words("form_outer_labels") if len(w) > 1)


def _valueish(text: str) -> bool:
    """A target or actual value: a comparator or a figure first (`≥90%`, `12次`, `2023年`)."""
    t = text.strip()
    return (is_measure(t) or value_start(t)) and len(t) <= 16


def _is_category_piece(text: str) -> bool:
    """A category word or a piece of one (`影响` of 可持续影响指标), maybe with the beginning
    of its weight (`标（10分` of 满意度指标（10分）): not an indicator's name."""
    word = header_word(text)
    bare = _WEIGHT_END.sub("", word)
    if bare != word and bare and not _label_start(bare) and not any(
            w.endswith(bare) for w in _category_words()):
        return False  # `…（10分` after a word that ends no category: not a label's weight
    word = bare or word
    return len(word) < 2 or word.endswith("指标") or any(word in w for w in _category_words())


# the weight a 一级 label ends with, maybe cut before its end (`（10分`, `(30分）`, `50分`)
_WEIGHT_END = lazy_compile(r"(?:[（(]\d{1,3}(?:\.\d+)?分?[)）]?|(?<![\d.])\d{1,3}(?:\.\d+)?分[)）]?)$")


@cache
def _category_words() -> frozenset[str]:
    return frozenset(form_words().l1 | form_words().l2 | set(_l2_under()) | set(_l2_under().values()))


def _loose_line(line: Line) -> bool:
    """A line of wrapped pieces between rows: short, not a caption (two scores side by side
    were already seen to be missing)."""
    text = line.text.text
    return len(text) <= 40 and not (" " not in text.strip() and text.rstrip().endswith("表"))


def _total_word(line: Line) -> SourceText:
    return tokens(line)[0].text


@cache
def _l1_prefixes() -> frozenset[str]:
    return frozenset(w[:k] for w in form_words().l1 for k in range(1, len(w) + 1))


@cache
def _l2_prefixes() -> frozenset[str]:
    return frozenset(w[:k] for w in form_words().l2 | set(_l2_under()) for k in range(1, len(w) + 1))


def _group_labels(
    lines: list[Line], seq: list[int], loose: list[int], rows: list[_LineRow],
    outer: frozenset[int] = frozenset(), nearest: bool = False,
) -> list[tuple[SourceText, Decimal]] | None:
    """The 一级 labels, each with the line it is centred on, from the first pieces of the
    lines between rows (and of a row's line, before its label): a category word and its
    weight, cut anywhere (`产出指标` `（50分）`, `产出指标（` `50分）`, `满意度指` `标（10分` `）`),
    or a category word that names no 二级 category and stands without a weight."""
    firsts = [(q, toks[1 if q in outer else 0].text) for q in loose
              if len(toks := tokens(lines[seq[q]])) > (q in outer)]
    firsts += [(r.line, r.lead) for r in rows if r.lead is not None]
    firsts.sort(key=lambda f: f[0])
    found: list[tuple[SourceText, Decimal]] = []
    taken: set[int] = set()
    for i, (q, tok) in enumerate(firsts):
        word = _plain(tok.text)
        if i in taken or not _label_start(word):
            continue
        parts, last = [i], q
        for j in range(i + 1, len(firsts)):
            if _weighted_label(word):
                break
            q2, tok2 = firsts[j]
            if q2 - last > _LABEL_WINDOW or (nearest and _own_category(_plain(tok2.text))):
                break  # too far, or (`nearest`) another category: its weight is not this one's
            if j not in taken and _label_start(word + _plain(tok2.text)):
                word += _plain(tok2.text)
                parts.append(j)
                last = q2
        if not _weighted_label(word) and (word not in form_words().l1 or word in _l2_prefixes()):
            continue
        if any(k not in parts and _plain(firsts[k][1].text) in form_words().l1
               and _plain(firsts[k][1].text) not in _l2_prefixes()
               for k in range(parts[0] + 1, parts[-1])):
            return None  # another category between the pieces: which one the weight is of?
        found.append((join_texts([firsts[k][1] for k in parts]), Decimal(q + last) / 2))
        taken.update(parts)
    return found or None


def _own_category(word: str) -> bool:
    """A whole 一级 label that is no 二级 label's beginning (效益指标, not 成本指标)."""
    return word in form_words().l1 and word not in _l2_prefixes()


# a 一级 label's weight, bracketed or not (`产出指标（50分）`, `产出指标` `50分`), or a beginning of one
_WEIGHT_TAIL = lazy_compile(r"^(?:[（(](?:\d{1,3}(?:\.\d*)?(?:分[)）]?)?)?|\d{1,3}(?:\.\d*)?分?)$")


def _plain(text: str) -> str:
    return "".join(text.split())


def _label_start(word: str) -> bool:
    """The beginning of a 一级 label with its weight (`满意度指`, `产出指标（`, `效益指标（30`)."""
    if word in _l1_prefixes():
        return True
    return any(word.startswith(w) and _WEIGHT_TAIL.match(word[len(w):]) for w in form_words().l1)


def _weighted_label(word: str) -> bool:
    m = _L1_WEIGHTED.match(word)
    return m is not None and m.group(1) in form_words().l1


_L1_WEIGHTED = lazy_compile(r"^(.+?)(?:[（(]\d{1,3}(?:\.\d+)?分[)）]|\d{1,3}(?:\.\d+)?分)$")


_WEIGHT_MENTION = lazy_compile(r"\d分|分[)）]|^[)）]$|[（(]\d|\d[)）]")


def _stray_labels(
    lines: list[Line], seq: list[int], loose: list[int], rows: list[_LineRow],
    labels: list[tuple[SourceText, Decimal]],
) -> bool:
    """A piece of a 一级 label or of its weight that no label found took: a label was missed,
    and rows would be grouped under the wrong one."""
    taken = {(seg.line, seg.column) for t, _ in labels for seg in t.segments}
    pieces = [t.text for q in loose for t in tokens(lines[seq[q]])]
    pieces += [p for r in rows for p in r.pieces]
    prefixes = _l1_prefixes() - _l2_prefixes()
    for p in pieces:
        word = header_word(p.text)
        if not (_WEIGHT_MENTION.search(p.text) or (len(word) >= 2 and word in prefixes)):
            continue
        if _closes_value(p, pieces, taken):
            continue
        if not p.segments or (p.segments[0].line, p.segments[0].column) not in taken:
            return True
    return False


def _closes_value(piece: SourceText, pieces: list[SourceText], taken: set[tuple[int, int]]) -> bool:
    """A lone `）` that closes a bracket left open by a piece a line or two above it which is
    no label's (`350人（±10%` / `）`): the end of a target wrapped in its cell, not of a weight."""
    if piece.text.strip() not in (")", "）") or not piece.segments:
        return False
    line = piece.segments[0].line
    for other in pieces:
        if not other.segments or (other.segments[0].line, other.segments[0].column) in taken:
            continue
        if 0 < line - other.segments[0].line <= _LABEL_WINDOW and \
                _open_brackets(other.text) > 0 and not _WEIGHT_TAIL.match(other.text.strip()):
            return True
    return False


def _open_brackets(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in ")）")


@cache
def _l2_under() -> dict[str, str]:
    """二级 label -> the 一级 label it stands under (rules/scoring.toml form_l2_under)."""
    from auditlint.packs import load_packs

    out: dict[str, str] = {}
    for entry in load_packs().words("form_l2_under"):
        l1, *l2s = entry.split()
        out.update((w, l1) for w in l2s)
    return out


def _own_l2(row: _LineRow) -> SourceText | None:
    """The 二级 label standing whole on the row's line (`社会效益指标`); a word that names a
    一级 category too (成本指标) may be either, and is left out."""
    found = [p for p in row.pieces if header_word(p.text) in form_words().l2
             and header_word(p.text) not in form_words().l1]
    return found[0] if len(found) == 1 else None


def _row_l1(row: _LineRow) -> str | None:
    under = _l2_under()
    found = {under[w] for w in (header_word(p.text) for p in row.pieces) if w in under}
    return found.pop() if len(found) == 1 else None


def _place_groups(
    rows: list[_LineRow], labels: list[tuple[SourceText, Decimal]]
) -> dict[int, SourceText] | None:
    """Row index -> the 一级 label of the group it starts.

    The rows are cut, in order, into one group per label; each row whose 二级 label is known
    goes under the 一级 label that 二级 belongs to. The grouping kept puts every label within a
    line of the middle of its rows, and every other grouping puts the labels, in all, at least
    a line further off: where two groupings come close, which rows a label spans is not known.
    """
    n, g = len(rows), len(labels)
    by_weights = _groups_by_weights(rows, labels)
    if by_weights is not None:
        return by_weights
    names = [_L1_WEIGHTED.sub(r"\1", header_word(t.text)) for t, _ in labels]
    fits: list[tuple[Decimal, Decimal, tuple[int, ...]]] = []
    for cuts in combinations(range(1, n), g - 1):
        bounds = [0, *cuts, n]
        offs: list[Decimal] = []
        for k, (_, centre) in enumerate(labels):
            first, last = rows[bounds[k]].line, rows[bounds[k + 1] - 1].line
            offs.append(abs(Decimal(first + last) / 2 - centre))
            if any(
                    (l1 := _row_l1(row)) is not None and l1 in names and l1 != names[k]
                    for row in rows[bounds[k]: bounds[k + 1]]):
                break
        else:
            fits.append((sum(offs, Decimal(0)), max(offs), tuple(bounds[:-1])))
    if not fits:
        return None
    fits.sort()
    total, worst, starts = fits[0]
    if worst > _CENTRE_SLACK or any(t - total < _MARGIN for t, _, _ in fits[1:]):
        return None
    return {start: labels[k][0] for k, start in enumerate(starts)}


def _groups_by_weights(
    rows: list[_LineRow], labels: list[tuple[SourceText, Decimal]]
) -> dict[int, SourceText] | None:
    """Row index -> the 一级 label of the group it starts, where every label states its
    weight (`产出指标（50分）`) and exactly one cutting of the rows, in order, gives each
    label rows whose 分值 add up to it, each label standing within a few lines of its rows.
    Wrapped cells put lines between rows unevenly, so the middle of a group's lines may be
    off its label; the weights are not."""
    weights: list[Decimal] = []
    for text, _ in labels:
        m = _L1_WEIGHT.search(header_word(text.text))
        if m is None:
            return None
        weights.append(Decimal(m.group(1) or m.group(2)))
    try:
        own = [Decimal(_number(r.weight.text)) for r in rows]
    except ArithmeticError:
        return None
    if any(w <= 0 for w in own):
        return None  # a row of no weight could stand in either group
    # weights are positive: the running sum meets each label's running total at most once
    starts: list[int] = []
    acc, target, k = Decimal(0), Decimal(0), 0
    for i, w in enumerate(own):
        if acc == target:
            if k == len(weights):
                return None  # rows left over
            starts.append(i)
            target += weights[k]
            k += 1
        acc += w
        if acc > target:
            return None
    if acc != target or k != len(weights):
        return None
    ends = [*starts[1:], len(rows)]
    for (_, centre), a, b in zip(labels, starts, ends, strict=True):
        if not rows[a].line - _LABEL_WINDOW <= centre <= rows[b - 1].line + _LABEL_WINDOW:
            return None
    return {start: labels[j][0] for j, start in enumerate(starts)}


def _span(lines: list[Line], seq: list[int], text: SourceText) -> tuple[int, int]:
    """The positions in the sequence of the first and the last line a label's pieces stand on."""
    on = {seg.line for seg in text.segments}
    found = [q for q, i in enumerate(seq) if lines[i].no in on]
    return (found[0], found[-1]) if found else (-1, -1)


def _top_groups(
    rows: list[_LineRow], labels: list[tuple[SourceText, Decimal]], spans: list[tuple[int, int]]
) -> dict[int, SourceText] | None:
    """Row index -> the 一级 label of the group it starts, where each label stands at the top
    of its cell (`产出指标` on its first row's line, `（50分）` on the next row's) rather than
    in its middle: a group then runs from the first row at or below its label's first line to
    the row before the next group's.

    Kept only when the layout shows it: the first label starts no lower than the first row
    and has two rows or more, each label ends above the next one, every label of two rows or
    more stands clearly above the middle of its rows (one centred on them is `_place_groups`'),
    and a row whose 二级 label is known stands under that 二级's 一级 label."""
    if any(first < 0 for first, _ in spans):
        return None
    starts: list[int] = []
    for first, _ in spans:
        at = next((i for i, r in enumerate(rows) if r.line >= first), None)
        if at is None or (starts and at <= starts[-1]):
            return None  # a label with no row of its own
        starts.append(at)
    if starts[0] != 0 or (len(starts) > 1 and starts[1] < 2):
        # rows above the first label are no label's; a first label on one row is centred
        # on it too, and does not show that the labels stand at the top of their cells
        return None
    if any(last >= nxt for (_, last), (nxt, _) in pairwise(spans)):
        return None
    names = [_L1_WEIGHTED.sub(r"\1", header_word(t.text)) for t, _ in labels]
    ends = [*starts[1:], len(rows)]
    for k, ((_, centre), a, b) in enumerate(zip(labels, starts, ends, strict=True)):
        if b - a > 1 and Decimal(rows[a].line + rows[b - 1].line) / 2 - centre <= _CENTRE_SLACK:
            return None  # the label may be centred on rows of which these are a part
        if any((l1 := _row_l1(r)) is not None and l1 in names and l1 != names[k]
               for r in rows[a:b]):
            return None
    return {start: labels[k][0] for k, start in enumerate(starts)}


_L1_WEIGHT = lazy_compile(r"(?:[（(](\d{1,3}(?:\.\d+)?)分[)）]|(?<![\d.])(\d{1,3}(?:\.\d+)?)分)$")


def _clean_values(lines: list[Line], seq: list[int], row: _LineRow, loose: list[int]) -> bool:
    """Both values are measures on the row's line, and the lines next to it hold no piece
    that could be part of one (a figure, a comparator, a unit); a deducted score keeps its
    values only with a reason on its line, since a reason may be wrapped around it."""
    if not row.mid or not all(_valueish(c.text) for c in row.mid):
        return False
    for q in (row.line - 1, row.line + 1):
        if q in loose:
            text = lines[seq[q]].text.text
            if any(ch.isdigit() for ch in text) or COMPARATOR.search(text) or any(
                    is_unit(t.text.text) for t in tokens(lines[seq[q]])):
                return False
    full = Decimal(_number(row.weight.text)) == Decimal(_number(row.score.text))
    return full or row.reason is not None


def _number(text: str) -> str:
    return text.strip().rstrip("分").strip()
