"""Column names of flattened tables: the vocabulary, and reading a header cut over lines.

A flattened table is found by its header: a line of known column names (年初预算数 分值 得分,
一级指标 三级指标 年度指标值 ...). PDF extraction cuts long names over lines (`全年执` /
`行数`, `偏差原` / `因分析` / ...), sometimes one under the other (`年初预算 全年预算` over
`数 数`); the pieces are joined back when they make a known name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from auditlint.document import Notice, SourceText, Table
from auditlint.readers.flatcells import tokens
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts

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
CATEGORY_INSIDE = ("产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标",
                    "时效指标", "社会效益指标", "经济效益指标")
TOTAL_WORDS = frozenset((
    "总分", "合计", "总计", "综合得分",
))
_COLUMN_WORDS = VALUE_HEADERS | frozenset(KIND_OF)
CLAUSE = re.compile("[，。；;]")
_FORMULA_TAG = re.compile(r"[（(][A-Za-z0-9/+\-*×÷=]{1,12}[)）]$")
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


def is_reason(word: str) -> bool:
    return bool(_REASON.match(word))


@lru_cache(maxsize=4096)
def known(word: str) -> bool:
    return word in VALUE_HEADERS or word in LABEL_HEADERS or word in KIND_OF or is_reason(word)


@dataclass
class Header:
    words: list[SourceText]
    used: list[int]  # positions in the sequence
    end: int


def read_header(lines: list[Line], seq: list[int], p: int) -> Header | None:
    """Header words starting at position p; words wrapped over following lines are joined.

    A following line belongs to the header when it (with at most two more lines) adds no
    word that is not a known column name.
    """
    plain = lines[seq[p]].text.text.split()
    if not 2 <= len(plain) <= 14 or sum(1 for w in plain if w in _COLUMN_WORDS) < 2:
        return None
    pieces = line_words(lines[seq[p]])
    if not _header_line(pieces):
        return None
    used = [p]
    q = p + 1
    while q < len(seq) and len(used) <= 8:
        taken = _extend_header(lines, seq, q, pieces)
        if not taken:
            break
        for k in range(q, q + taken):
            pieces.extend(line_words(lines[seq[k]]))
            used.append(k)
        q += taken
    if q < len(seq):
        tails = line_words(lines[seq[q]])
        first = len(line_words(lines[seq[p]]))
        joined = _vertical_pairs(pieces[:first], tails)
        if joined is not None:
            pieces[:first] = joined
            used.append(q)
            q += 1
    words, _ = _join_words(pieces)
    return Header(words, used, q)


def _vertical_pairs(heads: list[SourceText], tails: list[SourceText]) -> list[SourceText] | None:
    """`年初预算 全年预算` over `数 数`: column names cut in two, one line under the other."""
    if not tails or len(tails) != len(heads) or any(len(t.text) > 2 for t in tails):
        return None
    joined = [join_texts([a, b]) for a, b in zip(heads, tails, strict=True)]
    if all(known(header_word(j.text)) for j in joined):
        return joined
    return None


def line_words(line: Line) -> list[SourceText]:
    return [t.text for t in tokens(line)]


def _extend_header(lines: list[Line], seq: list[int], q: int, pieces: list[SourceText]) -> int:
    """How many lines from q continue the header (0 if none)."""
    plain = [header_word(p.text) for p in pieces]
    base = _unknown_words(plain)
    for look in range(3):
        if q + look >= len(seq):
            return 0
        nxt = lines[seq[q + look]].text.text.split()
        if not nxt or any(is_value_token(t) or CLAUSE.search(t) for t in nxt):
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
            if known("".join(plain[i:j])):
                i = j
                break
        else:
            unknown += 1
            i += 1
    return unknown


def _header_line(words: list[SourceText]) -> bool:
    if not 2 <= len(words) <= 14:
        return False
    if any(is_value_token(w.text) or CLAUSE.search(w.text) for w in words):
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
            if known("".join(plain[i:j])):
                out.append(join_texts(pieces[i:j]) if j > i + 1 else pieces[i])
                i = j
                break
        else:
            out.append(pieces[i])
            unknown += 1
            i += 1
    return out, unknown



def not_understood(lines: list[Line], seq: list[int], header: Header, why: str) -> FlatTable:
    first = lines[seq[header.used[0]]]
    notice = Notice(
        code="AL902",
        message=f"a table was not understood ({why}); its lines are read as paragraphs",
        span=first.text.whole_span(),
        location=f"line {first.no}",
    )
    return FlatTable(None, [], [notice], header.end)
