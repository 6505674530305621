"""Indicator tables of a 自评表 flattened by PDF extraction.

Each cell is wrapped over several lines, one under the other: 一级 and 二级 labels, the
三级 label, the target, the actual value, then a line with 分值 and 得分 that ends the row;
the 偏差原因 text of a row follows it. Labels are told apart by the category vocabulary
(产出指标, 数量指标, ...), targets and actual values by their comparators (>=264 人). A table
whose rows show cells of other columns running into them is not read (AL902).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from auditlint.document import Notice, SourceText
from auditlint.readers.flatcells import (
    COMPARATOR,
    TARGET_INSIDE,
    cells,
    is_measure,
    is_score,
    tokens,
    value_start,
)
from auditlint.readers.flatheader import (
    FlatTable,
    Header,
    form_words,
    header_word,
    is_reason,
    not_understood,
    read_header,
)
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.headings import heading_style
from auditlint.readers.indicator_lines import line_rows
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts, squeeze_spaced

_MAX_PENDING = 40


@dataclass
class _Row:
    labels: list[SourceText]
    values: dict[str, SourceText]
    uncertain: bool = False


def read_indicator_table(
    lines: list[Line], seq: list[int], header: Header, kinds: list[str | None],
    funds_before: Callable[[int], bool] = lambda _p: False,
) -> FlatTable | None:
    """An indicator block from its header on; `funds_before(p)`: whether the form's funds
    block, with its 资金执行率 line, was read before position p (its 总分 counts that line)."""
    words = list(header.words)
    kinds = list(kinds)
    lead = _lead_header(lines, seq, header.used[0])
    if lead is not None:
        word, positions = lead
        words.insert(0, word)
        kinds.insert(0, form_words().kind_of.get(header_word(word.text)))
        header.used = positions + header.used
    kinds = [k or ("reason" if is_reason(header_word(w.text)) else None)
             for k, w in zip(kinds, words, strict=False)]
    if "weight" not in kinds or "score" not in kinds:
        return not_understood(lines, seq, header, "its 分值/得分 columns were not found")
    unknown = [w.text for w, k in zip(words, kinds, strict=True) if k is None]
    if unknown:
        return not_understood(lines, seq, header, f"header words {' '.join(unknown)} unknown")
    reader = _IndicatorRows(lines, seq, kinds)
    reader.run(header.end)
    if not reader.rows:
        return line_rows(lines, seq, header, words, kinds, funds_before) or not_understood(
            lines, seq, header, "no row with 分值 and 得分 was found")
    body = [r for r in reader.rows if not _is_total(r)]
    doubtful = _doubtful_rows(body, kinds)
    if not body or doubtful * 3 > len(body):
        return line_rows(lines, seq, header, words, kinds, funds_before) or not_understood(
            lines, seq, header, f"{doubtful} of {len(body)} rows could not be aligned")
    grid = [[RawCell(w) for w in words]]
    grid.extend(_row_cells(row, kinds) for row in reader.rows)
    table = build_table(grid, shape="flattened", header_rows=1)
    notices = []
    uncertain = [i + 1 for i, r in enumerate(reader.rows) if r.uncertain]
    if uncertain:
        notices.append(Notice(
            code="AL902",
            message="indicator table: target and actual values of row(s) "
                    f"{', '.join(map(str, uncertain))} could not be told apart from the label",
            span=lines[seq[header.used[0]]].text.whole_span(),
        ))
    return FlatTable(table, sorted(header.used + reader.used), notices, reader.end)


def _is_total(row: _Row) -> bool:
    return row.labels[0] is not None and header_word(row.labels[0].text) in form_words().totals


def _doubtful_rows(rows: list[_Row], kinds: list[str | None]) -> int:
    """How many rows show that cells of other columns ran into them."""
    count = 0
    l1_seen = l2_seen = False
    for row in rows:
        l1, l2, l3 = [*row.labels, None, None, None][:3]
        if l1 is not None:
            l1_seen, l2_seen = True, False
        if l2 is not None:
            l2_seen = True
        missing = ("l1" in kinds and not l1_seen) or ("l2" in kinds and not l2_seen)
        if row.uncertain or missing or _labels_leak(l1, l2, l3) or _value_is_category(row):
            count += 1
    return count


def _labels_leak(l1: SourceText | None, l2: SourceText | None, l3: SourceText | None) -> bool:
    """A missing 三级 label, a finished sentence in a label, or a category word inside the
    三级 label: text of other cells ran into the labels."""
    if l3 is None or not l3.text.strip():
        return True
    if any(lab is not None and "。" in lab.text for lab in (l1, l2, l3)):
        return True
    word = header_word(l3.text)
    return any(cat in word for cat in form_words().category_inside)


def _value_is_category(row: _Row) -> bool:
    for key in ("target", "actual"):
        value = row.values.get(key)
        if value is not None and header_word(value.text) in form_words().l1 | form_words().l2:
            return True
    return False


def _lead_header(lines: list[Line], seq: list[int], p: int) -> tuple[SourceText, list[int]] | None:
    """`一级指` `标` wrapped above the header line."""
    for size in (1, 2, 3):
        if p - size < 0:
            return None
        positions = list(range(p - size, p))
        joined = join_texts([lines[seq[k]].text for k in positions])
        if header_word(joined.text) in form_words().kind_of:
            return joined, positions
    return None


def _row_cells(row: _Row, kinds: list[str | None]) -> list[RawCell]:
    out: list[RawCell] = []
    labels = {k: v for k, v in zip(("l1", "l2", "l3"), row.labels, strict=False) if v is not None}
    for kind in kinds:
        text = row.values.get(kind or "") or labels.get(kind or "")
        out.append(RawCell(text if text is not None else SourceText("", [])))
    return out


class _IndicatorRows:
    """Walks the lines after an indicator header, assembling rows."""

    def __init__(self, lines: list[Line], seq: list[int], kinds: list[str | None]) -> None:
        self.lines = lines
        self.seq = seq
        self.kinds = kinds
        score_at = kinds.index("score")
        first_value = next(i for i, k in enumerate(kinds) if k not in ("l1", "l2", "l3"))
        self.value_kinds = [k or "text" for k in kinds[first_value: score_at + 1]]
        self.has_reason = "reason" in kinds
        self.rows: list[_Row] = []
        self.used: list[int] = []
        self.end = 0
        self.pending: list[tuple[int, SourceText]] = []

    def run(self, start: int) -> None:
        q = start
        while q < len(self.seq):
            line = self.lines[self.seq[q]]
            if self._ends_block(line, q):
                break
            row_cells = cells(line)
            aligned = self._align(row_cells)
            if aligned is not None:
                total = self._take_row(q, row_cells, aligned)
                if total:
                    break
            else:
                self.pending.extend((q, c) for c in _fragments(line))
                if len({k for k, _ in self.pending}) > _MAX_PENDING:
                    break
            q += 1
        self._finish_reason()

    def _ends_block(self, line: Line, q: int) -> bool:
        text = line.text.text
        squeezed = squeeze_spaced(text)
        if squeezed.endswith("表") and len(squeezed) <= 30 and not is_value_token(text.split()[-1]):
            return True
        if heading_style(text) in ("part", "cn", "title") and len(text) > 3:
            return True
        if len(text) > 30 and "。" in text[:-1]:
            return True
        return read_header(self.lines, self.seq, q) is not None

    def _align(self, row: list[SourceText]) -> int | None:
        """How many trailing cells fill the value columns, or None if not a values line."""
        kinds = self.value_kinds
        if not row or not is_score(row[-1].text):
            return None
        if header_word(row[0].text) in form_words().totals:
            row = row[1:]
        k = min(len(row), len(kinds))
        weight_from_right = len(kinds) - kinds.index("weight")
        if k < weight_from_right:
            return None
        for i in range(1, k + 1):
            kind, cell = kinds[-i], row[-i].text
            if kind in ("weight", "score") and not is_score(cell):
                return None
        return k

    def _take_row(self, q: int, row: list[SourceText], k: int) -> bool:
        """Close a row at its values line; True when it was the total (总分) row."""
        extra = row[: len(row) - k]
        kinds = self.value_kinds[len(self.value_kinds) - k:]
        values = dict(zip(kinds, row[len(row) - k:], strict=True))
        pending_lines = sorted({p for p, _ in self.pending})
        frags = self._claim_reason([c for _, c in self.pending])
        total = bool(extra) and header_word(join_texts(extra).text) in form_words().totals
        if total:
            frags = self._claim_last_reason(frags)
            if frags:  # unplaced fragments before a total row are left to paragraphs
                pending_lines = [p for p, c in self.pending if not any(c is f for f in frags)]
            self.rows.append(_Row([join_texts(extra), None, None], values))
        else:
            missing = self.value_kinds[: len(self.value_kinds) - k]
            labels, filled, uncertain = _split_values([*frags, *extra], missing)
            values.update(filled)
            leaked = any(TARGET_INSIDE.search(f.text) for f in labels)
            if leaked:  # a target in the label: the cells before 分值 are not to be trusted
                values = {k: v for k, v in values.items() if k in ("weight", "score")}
            self.rows.append(_Row(self._levels(labels), values, uncertain or leaked))
        self.used.extend([*pending_lines, q])
        self.pending = []
        self.end = q + 1
        return total

    def _claim_reason(self, frags: list[SourceText]) -> list[SourceText]:
        """Fragments after a row's values up to a sentence end are that row's reason."""
        if not self.has_reason or not self.rows or not frags:
            return frags
        if _category_at(frags, 0) is not None:
            return frags
        ends = [i for i, f in enumerate(frags) if f.text.rstrip().endswith(("。", "；"))]
        if not ends:
            return frags
        cut = ends[-1] + 1
        self.rows[-1].values["reason"] = join_texts(frags[:cut])
        return frags[cut:]

    def _claim_last_reason(self, frags: list[SourceText]) -> list[SourceText]:
        """Text between the last row's values and the 总分 row is that row's 偏差原因 cell,
        wrapped below its values line (a cell's text is centred on its row): no other cell
        stands there. Only plain words are taken, no figure and no indicator category, and
        only when the row has no reason yet."""
        if not (self.has_reason and self.rows and frags) or self.rows[-1].values.get("reason"):
            return frags
        if any(_category_at(frags, i) is not None for i in range(len(frags))):
            return frags
        if any(is_value_token(t) for f in frags for t in f.text.split()):
            return frags
        self.rows[-1].values["reason"] = join_texts(frags)
        return []

    def _finish_reason(self) -> None:
        if not self.pending:
            return
        frags = [c for _, c in self.pending]
        rest = self._claim_reason(frags)
        if len(rest) < len(frags):
            self.used.extend(sorted({k for k, _ in self.pending}))
            self.end = max(self.used) + 1
        self.pending = []

    def _levels(self, labels: list[SourceText]) -> list[SourceText | None]:
        """Labels -> (一级, 二级, 三级); leading fragments before the first category of the
        first row are a row header of the whole block, not a label."""
        first_cat = next((i for i in range(len(labels)) if _category_at(labels, i)), None)
        if first_cat is not None and first_cat > 0:
            if not self.rows:
                labels = labels[first_cat:]
            elif self.has_reason and not self.rows[-1].values.get("reason"):
                self.rows[-1].values["reason"] = join_texts(labels[:first_cat])
                labels = labels[first_cat:]
        cats: list[SourceText] = []
        i = 0
        while len(cats) < 2:
            found = _category_at(labels, i)
            if found is None:
                break
            cats.append(join_texts(labels[i:found]))
            i = found
        rest = join_texts(labels[i:]) if labels[i:] else None
        if len(cats) == 2:
            return [cats[0], cats[1], rest]
        if len(cats) == 1:
            word = header_word(cats[0].text)
            if word in form_words().l2:
                return [None, cats[0], rest]
            return [cats[0], None, rest]
        return [None, None, rest]


def _fragments(line: Line) -> list[SourceText]:
    """A label line's pieces: tokens, except that a line without CJK breaks stays whole."""
    toks = [t.text for t in tokens(line)]
    if len(toks) <= 1 or COMPARATOR.match(line.text.text):
        return [line.text]
    if any(any(ch.isdigit() for ch in t.text) for t in toks):
        return [line.text]
    return toks


def _category_at(frags: list[SourceText], i: int) -> int | None:
    """If 1-3 fragments from i make a category word (产出指标), the index after them."""
    for j in range(min(len(frags), i + 3), i, -1):
        word = "".join(header_word(f.text) for f in frags[i:j])
        if word in form_words().l1 or word in form_words().l2:
            return j
    return None


def _split_values(
    frags: list[SourceText], missing: list[str]
) -> tuple[list[SourceText], dict[str, SourceText], bool]:
    """Take the missing value columns off the end of a row's fragments, right to left.

    A target or actual value starts with a comparator or is a single measure (`=120 元/月/`
    `人`); two equal texts at the end (`提高` `提高`) are a target and its actual value; text
    between a target and the next value is the 设定依据. What cannot be placed stays label,
    and the row is reported as uncertain.
    """
    values: dict[str, SourceText] = {}
    end = len(frags)
    i = len(missing) - 1
    while i >= 0:
        kind = missing[i]
        if kind in ("target", "actual"):
            if kind == "actual" and i > 0 and missing[i - 1] == "target":
                pair = _measure_pair(frags[:end]) or _equal_pair(frags[:end])
                if pair is None:
                    return frags, {}, True
                a, b = pair
                values["target"] = join_texts(frags[a:b])
                values["actual"] = join_texts(frags[b:end])
                end = a
                i -= 2
                continue
            s = _last_value(frags, end)
            if s is None or _group_end(frags, s) != end:
                return frags, {}, True
            values[kind] = join_texts(frags[s:end])
            end = s
        else:
            s = _last_value(frags, end) if i > 0 and missing[i - 1] in ("target", "actual") else None
            if s is None:
                return frags, {}, True
            e = _group_end(frags, s)
            if e < end:
                values[kind] = join_texts(frags[e:end])
            end = e
        i -= 1
    return frags[:end], values, False


def _last_value(frags: list[SourceText], end: int) -> int | None:
    for i in range(end - 1, -1, -1):
        if is_measure(frags[i].text) and value_start(frags[i].text):
            return i
    return None


def _group_end(frags: list[SourceText], s: int) -> int:
    """A value and the short unit pieces wrapped after it (`=120 元/月/` `人`)."""
    e = s + 1
    while e < len(frags) and len(frags[e].text) <= 2 and not any(c.isdigit() for c in frags[e].text):
        e += 1
    return e


def _measure_pair(frags: list[SourceText]) -> tuple[int, int] | None:
    b = _last_value(frags, len(frags))
    if b is None or _group_end(frags, b) != len(frags):
        return None
    a = _last_value(frags, b)
    if a is None or _group_end(frags, a) != b:
        return None
    return a, b


def _equal_pair(frags: list[SourceText]) -> tuple[int, int] | None:
    n = len(frags)
    plain = [header_word(f.text) for f in frags]
    for b in range(n - 1, max(0, n - 4) - 1, -1):
        right = "".join(plain[b:])
        for a in range(b - 1, max(-1, b - 4), -1):
            left = "".join(plain[a:b])
            if left == right and len(left) >= 2:
                return a, b
    return None
