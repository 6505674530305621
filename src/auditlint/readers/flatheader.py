"""Column names of flattened tables: the vocabulary, and reading a header cut over lines.

A flattened table is found by its header: a line of known column names (年初预算数 分值 得分,
一级指标 三级指标 年度指标值 ...). PDF extraction cuts long names over lines (`全年执` /
`行数`, `偏差原` / `因分析` / ...), sometimes one under the other (`年初预算 全年预算` over
`数 数`); the pieces are joined back when they make a known name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import product

from auditlint.document import Notice, SourceText, Table
from auditlint.lazyre import lazy_compile
from auditlint.readers.flatcells import tokens
from auditlint.readers.lines import Line
from auditlint.readers.textutil import is_value_token, join_texts


@dataclass(frozen=True)
class FormVocab:
    """The 自评表 words of the rule packs (`[form]` of rules/scoring.toml, the `whole` total
    words of rules/tables.toml), as sets for matching."""

    kind_of: dict[str, str]  # indicator column name -> its kind (l1 ... score)
    value_headers: frozenset[str]
    label_headers: frozenset[str]
    l1: frozenset[str]
    l2: frozenset[str]
    category_inside: tuple[str, ...]
    totals: frozenset[str]  # the label of a block's total row (总分, 合计)
    column_words: frozenset[str]  # value headers and indicator column names


@cache
def form_words() -> FormVocab:
    """Read once from the built-in packs."""
    from auditlint.packs import load_packs

    packs = load_packs()
    form = packs.form()
    kind_of = dict(form.columns)
    values = frozenset(form.value_headers)
    return FormVocab(
        kind_of=kind_of, value_headers=values, label_headers=frozenset(form.label_headers),
        l1=frozenset(form.l1), l2=frozenset(form.l2),
        category_inside=tuple(form.category_inside),
        totals=frozenset("".join(w.split()) for w in packs.totals("whole")),
        column_words=values | frozenset(kind_of))


CLAUSE = lazy_compile("[，。；;]")
_FORMULA_TAG = lazy_compile(r"[（(][A-Za-z0-9/+\-*×÷=]{1,12}[)）]$")
@dataclass
class FlatTable:
    """A table read from flattened lines: the positions (in the content sequence) it used."""

    table: Table | None
    used: list[int]
    notices: list[Notice] = field(default_factory=list)
    end: int = 0  # position after the block


@lru_cache(maxsize=8192)
def header_word(text: str) -> str:
    """A column name as the vocabulary knows it: no spaces, no formula tag (`（A）`). Kept:
    the joining of cut header pieces asks for the same pieces many times."""
    word = "".join(text.split())
    return _FORMULA_TAG.sub("", word) if word.endswith(("）", ")")) else word


_REASON = lazy_compile(
    r"^(偏差原因|偏差及原因|未完成原因|偏差原因及改进措施)(分析)?((及|和)(改进|整改)措施)?$"
)


def is_reason(word: str) -> bool:
    return bool(_REASON.match(word))


@lru_cache(maxsize=4096)
def known(word: str) -> bool:
    v = form_words()
    return word in v.value_headers or word in v.label_headers or word in v.kind_of \
        or is_reason(word)


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
    if not 2 <= len(plain) <= 14 or sum(1 for w in plain if w in form_words().column_words) < 2:
        return None
    pieces = line_words(lines[seq[p]])
    if not _header_line(pieces):
        return None
    split = _split_header(lines, seq, p, pieces)
    if split is not None:
        return split
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


# ---- a header cut above and below a line of whole names ----------------------------------

_MAX_ABOVE = 2  # lines of cut pieces above the line of whole names
_MAX_BELOW = 4  # and below it (a name may be cut in four: `偏差原` `因分析` `及改进` `措施`)
_MAX_PIECES = 12
_MAX_STEPS = 20000


@cache
def form_order() -> dict[str, int]:
    """Column kind -> its place in an indicator block (rules/scoring.toml form_column_order)."""
    from auditlint.packs import load_packs

    order: dict[str, int] = {}
    for word in load_packs().words("form_column_order"):
        kind = column_kind(word)
        if kind is not None and kind not in order:
            order[kind] = len(order)
    return order


@lru_cache(maxsize=8192)
def column_kind(word: str) -> str | None:
    """The kind of an indicator column name (l1 ... score, reason), None if not one."""
    w = header_word(word)
    return form_words().kind_of.get(w) or ("reason" if is_reason(w) else None)


@cache
def _cut_prefixes() -> frozenset[str]:
    """Every beginning of an indicator column name (rules/scoring.toml form_reason_names for
    the 偏差原因 column): the pieces a cut name may start with."""
    from auditlint.packs import load_packs

    names = [*form_words().kind_of, *(w for w in load_packs().words("form_reason_names") if is_reason(w))]
    return frozenset(n[:k] for n in names for k in range(1, len(n) + 1))


def _split_header(
    lines: list[Line], seq: list[int], p: int, pieces: list[SourceText]
) -> Header | None:
    """The header cut over lines (`_split_cut`); failing that, the same without the
    characters of a column outside the 一级指标 (`绩` above, `效` below: `outer_chars`)
    that stand first on the lines around."""
    return _split_cut(lines, seq, p, pieces, False) or _split_cut(lines, seq, p, pieces, True)


@cache
def outer_chars() -> frozenset[str]:
    """The characters of the names of a column left of an indicator block's 一级指标, printed
    one a line (`form_outer_labels` of rules/scoring.toml)."""
    from auditlint.packs import load_packs

    return frozenset(ch for w in load_packs().words("form_outer_labels") for ch in w)


def _split_cut(
    lines: list[Line], seq: list[int], p: int, pieces: list[SourceText], drop_outer: bool
) -> Header | None:
    """`二级 年度 实际 偏差原因分析及改` / `一级指标 三级指标 分值 得分` / `指标 指标值 完成值 进措施`.

    Names too long for their cell are cut: the first pieces stand above the line of whole
    names, the last ones below (a name cut in three has its middle piece on that line). The
    pieces are joined column by column into indicator column names, and the whole and joined
    names are put in the order of the form (form_column_order), since the text keeps no trace
    of where the cut ones stood. Read only when exactly one joining uses every piece.
    """
    order = form_order()
    whole = [w for w in pieces if column_kind(w.text) in order]
    middle = [w for w in pieces if column_kind(w.text) not in order]
    if len(whole) < 2:
        return None
    found: list[tuple[int, list[SourceText], list[int], int]] = []
    best = 0
    for above, below in sorted(product(range(_MAX_ABOVE + 1), range(_MAX_BELOW + 1)),
                               key=lambda ab: -(ab[0] + ab[1])):
        if above + below == 0 or above + below < best:
            break
        rows = _cut_lines(lines, seq, p, above, below, middle, drop_outer)
        if rows is None:
            continue
        joined = _join_cut(rows)
        if joined is None:
            continue
        best = above + below
        words = sorted([*whole, *joined], key=lambda w: order[column_kind(w.text) or ""])
        kinds = [column_kind(w.text) for w in words]
        if len(set(kinds)) != len(kinds):
            continue
        used = [*range(p - above, p + 1), *range(p + 1, p + 1 + below)]
        found.append((best, words, used, p + 1 + below))
    texts = {tuple(w.text for w in f[1]) for f in found}
    if len(texts) != 1:
        return None
    _, words, used, end = found[0]
    return Header(words, used, end)


def _cut_lines(
    lines: list[Line], seq: list[int], p: int, above: int, below: int,
    middle: list[SourceText], drop_outer: bool = False,
) -> list[list[SourceText]] | None:
    """The pieces of the lines above and below p (and p's own pieces between them);
    `drop_outer`: without a first piece that is one character of `outer_chars`."""
    if p - above < 0 or p + below >= len(seq):
        return None
    rows: list[list[SourceText]] = []
    for q in [*range(p - above, p), p, *range(p + 1, p + 1 + below)]:
        words = middle if q == p else line_words(lines[seq[q]])
        if drop_outer and q != p and len(words) > 1 and words[0].text.strip() in outer_chars():
            words = words[1:]
        if q != p and not words:
            return None
        if any(is_value_token(w.text) or CLAUSE.search(w.text) or len(w.text) > 12 for w in words):
            return None
        if words:
            rows.append(words)
    if sum(len(r) for r in rows) > _MAX_PIECES:
        return None
    return rows


def _join_cut(rows: list[list[SourceText]]) -> list[SourceText] | None:
    """The column names the pieces make, left to right, when exactly one way of joining them
    (each line's pieces going to columns in their order, top to bottom) names columns only."""
    prefixes = _cut_prefixes()
    order = form_order()
    flat = [(i, w, header_word(w.text)) for i, row in enumerate(rows) for w in row]
    results: set[tuple[str, ...]] = set()
    kept: list[list[SourceText]] = []
    steps = 0

    def walk(k: int, cols: list[list[tuple[int, SourceText]]], names: list[str],
             low: int) -> bool:
        """Place piece k and the ones after it; `names` are the columns' names so far."""
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS:
            return False
        if k == len(flat):
            ranks = [order.get(column_kind(n) or "", -1) for n in names]
            if min(ranks) >= 0 and ranks == sorted(ranks) and len(set(ranks)) == len(ranks):
                results.add(tuple(names))
                kept[:] = [join_texts([w for _, w in c]) for c in cols]
            return True
        line, word, piece = flat[k]
        if k and flat[k - 1][0] != line:
            low = 0
        for c in range(low, len(cols) + 1):
            if c < len(cols) and cols[c][-1][0] < line:
                before = names[c]
                if before + piece in prefixes:
                    cols[c].append((line, word))
                    names[c] = before + piece
                    ok = walk(k + 1, cols, names, c + 1)
                    names[c] = before
                    cols[c].pop()
                    if not ok:
                        return False
            if piece in prefixes:
                cols.insert(c, [(line, word)])
                names.insert(c, piece)
                ok = walk(k + 1, cols, names, c + 1)
                names.pop(c)
                cols.pop(c)
                if not ok:
                    return False
        return True

    if not flat or not walk(0, [], [], 0) or len(results) != 1:
        return None
    return kept


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
    v = form_words()
    known = sum(1 for w in words if w.text in v.value_headers or w.text in v.kind_of)
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
