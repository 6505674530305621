"""A table row restated in the text: `关停企业补助预算600万元，实际支出580万元，预算执行率96.67%`.

A table of projects or funds (项目支出情况表) lists each one's 预算, 执行数 and 执行率; the text
then takes them one by one, a sentence each, naming the row once at the sentence's start and
each figure by a word of its column alone. Neither side labels the other's figures the way
`same_as` subjects need (the text's `实际支出` names nothing by itself, the row's name is written
a little differently), so they are linked here:

- the row: the one row of the table whose name the sentence opens with, as a sequence of
  characters, four-fifths of the row's name at least and most of the sentence's opening (the
  text adds or drops a word: `…补助项目` for `…的资金补助`); a tie between rows of one value
  leaves them all;
- the column: a figure whose clause is exactly a word of one column (the opening's figure:
  whose opening ends with one), the column's own header (预算到位) or a word of the rate the
  table states (`[[rates]]` of rules/tables.toml: 预算 names its denominator column 预算批复,
  实际支出 its numerator 实际执行, 预算执行率 the rate), when that word names one column only;
- the values: equal, or one figure with a digit written wrong (`agreement.digit_slip`); a
  figure that differs otherwise is another quantity (a budget topped up from another fund).

The link is inferred (a warning when the values differ).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from auditlint.agreement import agreeing, digit_slip
from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import clean
from auditlint.extract.crossref.mentions import clause_before
from auditlint.extract.tables.base import pick_column
from auditlint.extract.tableview.model import TableView
from auditlint.extract.tableview.text import norm_header
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import SameAsParams

_SENTENCE = lazy_compile(r"[。；;！？!?\n]")
_MIN_NAME = 4  # characters of a row's name: shorter ones are named by too many sentences
_OF_ROW = 0.8  # the share of the row's name the opening must hold, in order
_OF_OPENING = 0.6  # the share of the opening the row's name must account for


@dataclass(frozen=True)
class _Rows:
    """One table view's rows by name and its columns by the words that name them."""

    view: TableView
    names: list[tuple[str, int]]  # (cleaned name, row index)
    terms: dict[str, int]  # a word naming a column -> its index


def _terms(ctx: ExtractContext, view: TableView) -> dict[str, int]:
    """The words that name one value column of the view each: its header, and a word of a rate
    it states for the rate's column, numerator or denominator. A word naming two columns
    names none."""
    cols = {c.index: c for c in view.columns}
    found: dict[str, set[int]] = {}
    values = [c.index for c in view.columns if c.role not in ("label", "code", "text", None)]
    for c in values:
        if cols[c].path:
            found.setdefault(norm_header(cols[c].path[-1]), set()).add(c)
    for rdef in ctx.packs.rates:
        names = {norm_header(n) for n in rdef.name}
        rate = [c for c in values if cols[c].role == "rate" and cols[c].path
                and norm_header(cols[c].path[-1]) in names]
        if len(rate) != 1:
            continue
        same = [c for c in values if c != rate[0]]
        num, den = pick_column(cols, same, rdef.numerator), pick_column(cols, same,
                                                                         rdef.denominator)
        if num is None or den is None or num == den:
            continue
        for words, col in ((rdef.name, rate[0]), (rdef.numerator, num),
                           (rdef.denominator, den)):
            for w in words:
                found.setdefault(norm_header(w), set()).add(col)
    return {w: next(iter(cs)) for w, cs in found.items() if w and len(cs) == 1}


def _tables(ctx: ExtractContext) -> list[_Rows]:
    out: list[_Rows] = []
    for table in ctx.document.tables:
        for view in views_of(ctx, table):
            terms = _terms(ctx, view)
            names = [(name, r.index) for r in view.rows
                     if not r.is_total and not r.shifted
                     and len(name := clean(r.label)) >= _MIN_NAME]
            if terms and names:
                out.append(_Rows(view, names, terms))
    return out


@lru_cache(maxsize=4096)
def _chars(text: str) -> Counter[str]:
    return Counter(text)


@lru_cache(maxsize=1 << 16)
def _held(name: str, opening: str) -> float | None:
    """How much of the longer of a row's name and an opening the two share in order; None
    below the shares a naming needs. Many forms repeat one set of row names: each pair is
    worked out once."""
    # the common part is no longer than either text, nor than the characters the two share
    # (counted with repeats): most pairs fail on those cheap bounds
    n, o = len(name), len(opening)
    if n < _OF_OPENING * o or o < _OF_ROW * n:
        return None
    need = max(_OF_ROW * n, _OF_OPENING * o)
    if sum((_chars(name) & _chars(opening)).values()) < need:
        return None
    common = _common(name, opening)
    if common < need:
        return None
    return common / max(n, o)


def _common(a: str, b: str) -> int:
    """The length of the longest common subsequence of two short texts."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _term_at_end(clause: str, terms: dict[str, int]) -> str:
    return max((w for w in terms if clause.endswith(w)), key=len, default="")


def _rows_named(opening: str, rows: _Rows) -> list[int]:
    """The rows whose name the opening holds best (see the module docstring)."""
    best, hits = 0.0, []
    for name, index in rows.names:
        score = _held(name, opening)
        if score is None:
            continue
        if score > best:
            best, hits = score, [index]
        elif score == best:
            hits.append(index)
    return hits


def row_text_links(ctx: ExtractContext, linked: set[int]) -> list[Relation]:
    """Links of the text's figures to the cells of the row their sentence names (figures in
    `linked` already have a link of their own)."""
    tables = _tables(ctx)
    if not tables:
        return []
    # the lengths of opening any row's name could be held by (`_held`), a column word taken off
    shortest = min(len(name) for rows in tables for name, _ in rows.names) * _OF_ROW
    longest = max(len(name) for rows in tables for name, _ in rows.names) / _OF_OPENING \
        + max((len(w) for rows in tables for w in rows.terms), default=0)
    out: list[Relation] = []
    for block_no, found in sorted(ctx.paragraph_facts.items()):
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph) or block.heading:
            continue
        text = block.text.text
        sentence_end, floor, start = -1, 0, 0
        cells: list[tuple[_Rows, list[int]]] = []
        for q, fid in found:
            if q.start > sentence_end:
                start = max((m.end() for m in _SENTENCE.finditer(text, 0, q.start)), default=0)
                end = _SENTENCE.search(text, q.end)
                sentence_end = end.start() if end else len(text)
                cells = []
            if not cells:
                # the rows the sentence's opening names, up to its first figure that names
                # one (a number inside a name, `三户…`, is no figure of the row)
                opening = clean(text[start:q.start])
                for rows in tables if shortest <= len(opening) <= longest else ():
                    term = _term_at_end(opening, rows.terms)
                    named = _rows_named(opening[:len(opening) - len(term)], rows)
                    if named:
                        cells.append((rows, named))
                clause = opening
            else:
                clause = clean(clause_before(text, q.start, floor=floor))
            floor = q.end
            if not cells or fid in linked:
                continue
            first = clause == opening
            for rows, named in cells:
                term = _term_at_end(clause, rows.terms) if first else \
                    (clause if clause in rows.terms else "")
                if not term:
                    continue
                rel = _link(ctx, ctx.graph[fid], rows, named, rows.terms[term], term)
                if rel is not None:
                    out.append(rel)
                    break
    return out


def _link(ctx: ExtractContext, fact: Fact, rows: _Rows, named: list[int], col: int,
          term: str) -> Relation | None:
    ids = [rows.view.fact(r, col) for r in named]
    if any(i is None for i in ids):
        return None
    facts = [ctx.graph[i] for i in ids if i is not None]
    if facts[0].kind != fact.kind or agreeing(facts)[1] or fact.comparator:
        return None
    if agreeing([facts[0], fact])[1] and not digit_slip(fact, facts[0]):
        return None
    row = rows.view.row(named[0])
    label = row.label if row is not None else ""
    header = next((c.header for c in rows.view.columns if c.index == col), "")
    reason = (f"the sentence opens with the name of the table's row {label}, and {term} "
              f"names its column {header}")
    cell = facts[0]
    return Relation(
        kind="same_as", result=cell.id, operands=[fact.id, *(f.id for f in facts[1:])],
        trust="inferred",
        origin=f"{label} / {header} stated in {cell.location}, {fact.location}: {reason}",
        params=SameAsParams(confidence="loose", reason=reason, subject=f"{label} / {header}",
                            pairs={f"{cell.id},{fact.id}": ["loose", reason]}).as_params())
