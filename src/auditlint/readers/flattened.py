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
from dataclasses import dataclass, field

from auditlint.document import Notice, SourceText, Table
from auditlint.readers.flatcells import (
    COMPARATOR,
    TARGET_INSIDE,
    Token,
    cells,
    is_measure,
    is_score,
    tokens,
)
from auditlint.readers.grid import RawCell, build_table
from auditlint.readers.headings import heading_style
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts, squeeze_spaced

VALUE_HEADERS = frozenset((
    "年初预算数", "全年预算数", "全年执行数", "预算数", "执行数", "决算数", "调整预算数",
    "调整后预算数", "分值", "分值权重", "权重", "满分", "执行率", "预算执行率", "得分",
    "得分率", "评价得分", "指标分值", "金额", "预算金额", "上年决算数", "本年决算数",
    "本年预算数", "上年预算数", "年初预算", "全年预算", "全年执行", "增减额", "增减率",
    "增长率", "差异率", "预算批复", "预算到位", "实际执行", "指标结余", "结余", "合计",
))
LABEL_HEADERS = frozenset((
    "资金来源", "项目", "项目名称", "一级指标", "二级指标", "指标", "指标名称", "科目", "序号",
    "类别",
))

KIND_OF = {
    "一级指标": "l1", "二级指标": "l2", "三级指标": "l3",
    "年度指标值": "target", "预期指标值": "target", "指标值": "target", "年度目标值": "target",
    "目标值": "target", "绩效指标值": "target", "预期目标值": "target", "计划指标值": "target",
    "指标值设定依据": "basis", "设定依据": "basis", "指标值设定依据及数据来源": "basis",
    "实际完成值": "actual", "实际完成指标值": "actual", "完成值": "actual", "实际值": "actual",
    "全年实际完成值": "actual", "实际完成情况": "actual",
    "分值": "weight", "分值权重": "weight", "权重": "weight", "满分": "weight", "指标分值": "weight",
    "得分": "score", "评价得分": "score", "自评得分": "score",
}
L1_WORDS = frozenset((
    "产出指标", "效益指标", "满意度指标", "成本指标", "决策", "过程", "产出", "效益", "投入",
    "效果", "履职效能", "管理效率", "项目管理", "资金管理", "财务管理", "社会效应",
    "服务对象满意度",
))
L2_WORDS = frozenset((
    "数量指标", "质量指标", "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
    "满意度指标", "成本指标",
))
_CATEGORY_INSIDE = ("产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标",
                    "时效指标", "社会效益指标", "经济效益指标")
TOTAL_WORDS = frozenset((
    "总分", "合计", "总计", "综合得分",
))
_COLUMN_WORDS = VALUE_HEADERS | frozenset(KIND_OF)
_CLAUSE = re.compile("[，。；;]")
_FORMULA_TAG = re.compile(r"[（(][A-Za-z0-9/+\-*×÷=]{1,12}[)）]$")
_PAREN_UNIT = re.compile(r"[（(][万亿]?元[)）]$")
_MAX_FRAGMENT = 12
_MAX_PENDING = 40


@dataclass
class FlatTable:
    """A table read from flattened lines: the positions (in the content sequence) it used."""

    table: Table | None
    used: list[int]
    notices: list[Notice] = field(default_factory=list)
    end: int = 0  # position after the block


def header_word(text: str) -> str:
    """A column name as the vocabulary knows it: no spaces, no formula tag (`（A）`)."""
    word = "".join(text.split())
    return _FORMULA_TAG.sub("", word) if word.endswith(("）", ")")) else word


_REASON = re.compile(
    r"^(偏差原因|偏差及原因|未完成原因|偏差原因及改进措施)(分析)?((及|和)(改进|整改)措施)?$"
)


def _is_reason(word: str) -> bool:
    return bool(_REASON.match(word))


def _known(word: str) -> bool:
    return word in VALUE_HEADERS or word in LABEL_HEADERS or word in KIND_OF or _is_reason(word)


@dataclass
class _Header:
    words: list[SourceText]
    used: list[int]  # positions in the sequence
    end: int


def read_header(lines: list[Line], seq: list[int], p: int) -> _Header | None:
    """Header words starting at position p; words wrapped over following lines are joined.

    A following line belongs to the header when it (with at most two more lines) adds no
    word that is not a known column name.
    """
    plain = lines[seq[p]].text.text.split()
    if not 2 <= len(plain) <= 14 or sum(1 for w in plain if w in _COLUMN_WORDS) < 2:
        return None
    pieces = _words(lines[seq[p]])
    if not _header_line(pieces):
        return None
    used = [p]
    q = p + 1
    while q < len(seq) and len(used) <= 8:
        taken = _extend_header(lines, seq, q, pieces)
        if not taken:
            break
        for k in range(q, q + taken):
            pieces.extend(_words(lines[seq[k]]))
            used.append(k)
        q += taken
    if q < len(seq):
        tails = _words(lines[seq[q]])
        first = len(_words(lines[seq[p]]))
        joined = _vertical_pairs(pieces[:first], tails)
        if joined is not None:
            pieces[:first] = joined
            used.append(q)
            q += 1
    words, _ = _join_words(pieces)
    return _Header(words, used, q)


def _vertical_pairs(heads: list[SourceText], tails: list[SourceText]) -> list[SourceText] | None:
    """`年初预算 全年预算` over `数 数`: column names cut in two, one line under the other."""
    if not tails or len(tails) != len(heads) or any(len(t.text) > 2 for t in tails):
        return None
    joined = [join_texts([a, b]) for a, b in zip(heads, tails, strict=True)]
    if all(_known(header_word(j.text)) for j in joined):
        return joined
    return None


def _words(line: Line) -> list[SourceText]:
    return [t.text for t in tokens(line)]


def _extend_header(lines: list[Line], seq: list[int], q: int, pieces: list[SourceText]) -> int:
    """How many lines from q continue the header (0 if none)."""
    plain = [header_word(p.text) for p in pieces]
    base = _unknown_words(plain)
    for look in range(3):
        if q + look >= len(seq):
            return 0
        nxt = lines[seq[q + look]].text.text.split()
        if not nxt or any(is_value_token(t) or _CLAUSE.search(t) for t in nxt):
            return 0
        plain.extend(nxt)
        if _unknown_words(plain) <= base:
            return look + 1
    return 0


def _unknown_words(plain: list[str]) -> int:
    """How many pieces stay unknown when joined greedily into header words."""
    unknown = 0
    i = 0
    while i < len(plain):
        for j in range(min(len(plain), i + 5), i, -1):
            if _known("".join(plain[i:j])):
                i = j
                break
        else:
            unknown += 1
            i += 1
    return unknown


def _header_line(words: list[SourceText]) -> bool:
    if not 2 <= len(words) <= 14:
        return False
    if any(is_value_token(w.text) or _CLAUSE.search(w.text) for w in words):
        return False
    known = sum(1 for w in words if w.text in VALUE_HEADERS or w.text in KIND_OF)
    return known >= 2


def _join_words(pieces: list[SourceText]) -> tuple[list[SourceText], int]:
    """Greedy: the longest run of pieces (up to 5) that makes a known header word."""
    out: list[SourceText] = []
    unknown = 0
    i = 0
    plain = [header_word(p.text) for p in pieces]
    while i < len(pieces):
        for j in range(min(len(pieces), i + 5), i, -1):
            if _known("".join(plain[i:j])):
                out.append(join_texts(pieces[i:j]) if j > i + 1 else pieces[i])
                i = j
                break
        else:
            out.append(pieces[i])
            unknown += 1
            i += 1
    return out, unknown



def read_at(lines: list[Line], seq: list[int], p: int) -> FlatTable | None:
    """The flattened table whose header starts at position p of the content sequence."""
    header = read_header(lines, seq, p)
    if header is None:
        return None
    kinds = [KIND_OF.get(header_word(w.text)) for w in header.words]
    if "l3" in kinds or ("l2" in kinds and "target" in kinds):
        return _indicator_table(lines, seq, header, kinds)
    return _value_table(lines, seq, header)


# ---- value tables --------------------------------------------------------------------------


def _value_table(lines: list[Line], seq: list[int], header: _Header) -> FlatTable | None:
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
        return _not_understood(
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


def _vertical_header(lines: list[Line], seq: list[int], header: _Header) -> list[SourceText]:
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
        and not _CLAUSE.search(text)
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


@dataclass
class _Row:
    labels: list[SourceText]
    values: dict[str, SourceText]
    uncertain: bool = False


def _indicator_table(
    lines: list[Line], seq: list[int], header: _Header, kinds: list[str | None]
) -> FlatTable | None:
    words = list(header.words)
    kinds = list(kinds)
    lead = _lead_header(lines, seq, header.used[0])
    if lead is not None:
        word, positions = lead
        words.insert(0, word)
        kinds.insert(0, KIND_OF.get(header_word(word.text)))
        header.used = positions + header.used
    kinds = [k or ("reason" if _is_reason(header_word(w.text)) else None)
             for k, w in zip(kinds, words, strict=False)]
    if "weight" not in kinds or "score" not in kinds:
        return _not_understood(lines, seq, header, "its 分值/得分 columns were not found")
    unknown = [w.text for w, k in zip(words, kinds, strict=True) if k is None]
    if unknown:
        return _not_understood(lines, seq, header, f"header words {' '.join(unknown)} unknown")
    reader = _IndicatorRows(lines, seq, kinds)
    reader.run(header.end)
    if not reader.rows:
        return _not_understood(lines, seq, header, "no row with 分值 and 得分 was found")
    body = [r for r in reader.rows if not _is_total(r)]
    doubtful = _doubtful_rows(body, kinds)
    if not body or doubtful * 3 > len(body):
        return _not_understood(
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
    return row.labels[0] is not None and header_word(row.labels[0].text) in TOTAL_WORDS


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
    return any(cat in word for cat in _CATEGORY_INSIDE)


def _value_is_category(row: _Row) -> bool:
    for key in ("target", "actual"):
        value = row.values.get(key)
        if value is not None and header_word(value.text) in L1_WORDS | L2_WORDS:
            return True
    return False


def _lead_header(lines: list[Line], seq: list[int], p: int) -> tuple[SourceText, list[int]] | None:
    """`一级指` `标` wrapped above the header line."""
    for size in (1, 2, 3):
        if p - size < 0:
            return None
        positions = list(range(p - size, p))
        joined = join_texts([lines[seq[k]].text for k in positions])
        if header_word(joined.text) in KIND_OF:
            return joined, positions
    return None


def _not_understood(lines: list[Line], seq: list[int], header: _Header, why: str) -> FlatTable:
    first = lines[seq[header.used[0]]]
    notice = Notice(
        code="AL902",
        message=f"a table was not understood ({why}); its lines are read as paragraphs",
        span=first.text.whole_span(),
        location=f"line {first.no}",
    )
    return FlatTable(None, [], [notice], header.end)


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
        if header_word(row[0].text) in TOTAL_WORDS:
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
        total = bool(extra) and header_word(join_texts(extra).text) in TOTAL_WORDS
        if total:
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
            if word in L2_WORDS:
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
        if word in L1_WORDS or word in L2_WORDS:
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
        if is_measure(frags[i].text) and _value_start(frags[i].text):
            return i
    return None


def _value_start(text: str) -> bool:
    return bool(COMPARATOR.match(text.strip())) or text.strip()[:1].isdigit()


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
