"""Grade bands stated in a report (`90~100 分（含 90 分）为优秀`), parsed with grammar/scoring.lark.

A band is an interval of scores and a grade name. Each bound remembers whether the report said
if it is included (`含 90 分`, `≥`) or whether the reading is a convention (a lower bound is
included, an upper bound excluded, `以上`/`以下` include their number): gaps and overlaps
are reported only where they do not hang on a convention.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from auditlint.resources import grammar_path

TOP = Decimal(100)


@dataclass(frozen=True)
class Band:
    grade: str
    lo: Decimal | None = None
    hi: Decimal | None = None
    lo_inc: bool = True
    hi_inc: bool = False
    lo_explicit: bool = False  # the report said whether lo is included
    hi_explicit: bool = False
    start: int = 0  # offsets of the clause in its paragraph's text
    end: int = 0

    def contains(self, lo: Decimal, hi: Decimal) -> bool:
        """Whether the score interval [lo, hi] meets this band (either reading of a bound
        whose inclusion is only a convention)."""
        if self.lo is not None:
            inc = self.lo_inc or not self.lo_explicit
            if hi < self.lo or (hi == self.lo and not inc):
                return False
        if self.hi is not None:
            inc = self.hi_inc or not self.hi_explicit
            if lo > self.hi or (lo == self.hi and not inc):
                return False
        return True

    def shown(self) -> str:
        lo = "" if self.lo is None else f"{'[' if self.lo_inc else '('}{_n(self.lo)}"
        hi = "" if self.hi is None else f"{_n(self.hi)}{']' if self.hi_inc else ')'}"
        if self.lo is None:
            return f"{self.grade} {'≤' if self.hi_inc else '<'} {_n(self.hi)}"  # type: ignore[arg-type]
        if self.hi is None:
            return f"{self.grade} {'≥' if self.lo_inc else '>'} {_n(self.lo)}"
        return f"{self.grade} {lo}, {hi}"


def _n(v: Decimal | None) -> str:
    return "" if v is None else format(v.normalize(), "f")


def bands_to_json(bands: list[Band]) -> str:
    return json.dumps([{k: (str(v) if isinstance(v, Decimal) else v)
                        for k, v in asdict(b).items()} for b in bands], ensure_ascii=False)


def bands_from_json(text: str) -> list[Band]:
    out: list[Band] = []
    for d in json.loads(text):
        for k in ("lo", "hi"):
            d[k] = None if d[k] is None else Decimal(d[k])
        out.append(Band(**d))
    return out


# ---------------------------------------------------------------------------------------------
# normalisation and clauses

_SCORE_WORDS = re.compile(r"(?:综合评价|综合|评价|绩效评价|最终|考核|总)?(?:得分|分数|评分|总分|分值)")
_TRANS = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "～": "~", "〜": "~",
                        "—": "~", "–": "~", "－": "~", "-": "~", "至": "~", "到": "~",
                        "≥": "≥", "≤": "≤", "＞": ">", "＜": "<", "＝": "=", "【": "(", "】": ")"})
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")


def normalise(text: str) -> str:
    t = re.sub(r"\s+", "", text).translate(_TRANS)
    t = t.replace("≥", ">=").replace("≤", "<=").replace("~~", "~")
    t = _QUOTES.sub("", t)
    t = _SCORE_WORDS.sub("X", t)
    t = t.replace("X(含)", "X")
    return t.strip(",;；。.、")


_CLAUSE_END = re.compile(r"[；;。\n]")


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a text: split at ；。 and at ，、 outside brackets."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif _CLAUSE_END.match(ch) or (ch in "，,、" and depth == 0):
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(grammar_path("scoring.lark").read_text(encoding="utf-8"), parser="earley",
                ambiguity="resolve")


_MAY_BE_BAND = re.compile(r"\d.*(优|良|中|差|合格|及格|一般)|(优|良|中|差|合格|及格|一般).*\d")
# words that hold a grade character without naming a grade: cheaper to drop than to parse
_NOT_GRADE_WORDS = re.compile(r"其中|中心|中央|集中|中小|中期|中学|中医|差异|偏差|差旅|差额|差距|"
                              r"良种|优化|优先|优惠|一般公共|一般性")


@lru_cache(maxsize=1024)
def parse_clause(text: str) -> Band | None:
    """The band a clause states, or None. Text before a colon (`评价等级分为四档：`) is dropped."""
    t = normalise(text)
    if not t or len(t) > 60 or not _MAY_BE_BAND.search(_NOT_GRADE_WORDS.sub("", t)):
        return None
    candidates = [t]
    if "X" in t and not t.startswith("X"):
        candidates.append(t[t.index("X"):])  # 自评总分…, 项目综合得分…
    if ":" in t:
        candidates.append(t.rsplit(":", 1)[1])
        candidates.append(t.split(":", 1)[1])
    for cand in candidates:
        try:
            tree = _parser().parse(cand)
        except (LarkError, RecursionError):
            continue
        try:
            return _to_band(tree)
        except (InvalidOperation, ValueError):
            continue
    return None


def find_bands(text: str) -> list[Band]:
    """Every band stated in a paragraph, with the offsets of its clause."""
    out: list[Band] = []
    for start, end in clauses(text):
        band = parse_clause(text[start:end])
        if band is not None:
            out.append(Band(**{**asdict(band), "start": start, "end": end}))
    return out


# ---------------------------------------------------------------------------------------------
# tree -> Band


def _tokens(tree: Tree | Token) -> list[Token]:
    if isinstance(tree, Token):
        return [tree]
    out: list[Token] = []
    for c in tree.children:
        out.extend(_tokens(c))
    return out


def _num(tree: Tree) -> Decimal:
    return Decimal(str(next(t for t in _tokens(tree) if t.type == "NUMBER")))


def _notes(tree: Tree) -> list[tuple[bool, Decimal | None]]:
    """(included, number or None) of each 含/不含 note under a subtree."""
    out: list[tuple[bool, Decimal | None]] = []
    for sub in tree.iter_subtrees_topdown():
        if sub.data in ("note", "note2"):
            toks = _tokens(sub)
            cur: bool | None = None
            for tok in toks:
                if tok.type == "INCL":
                    if cur is not None:
                        out.append((cur, None))
                    cur = not str(tok).startswith("不")
                elif tok.type == "NUMBER" and cur is not None:
                    out.append((cur, Decimal(str(tok))))
                    cur = None
            if cur is not None:
                out.append((cur, None))
    return out


def _to_band(tree: Tree) -> Band:
    clause = tree.children[0]
    assert isinstance(clause, Tree)
    grade_tree = next(c for c in clause.iter_subtrees() if c.data == "grade")
    grade = str(grade_tree.children[0])
    rng = next(c for c in clause.iter_subtrees() if c.data == "range_part")
    span = rng.children[-1]
    assert isinstance(span, Tree)
    kind = span.data
    if kind == "between":
        b1, b2 = span.children[0], span.children[1]
        assert isinstance(b1, Tree) and isinstance(b2, Tree)
        lo, hi = _num(b1), _num(b2)
        if lo > hi:
            lo, hi = hi, lo
        lo_inc, hi_inc = True, hi >= TOP
        lo_exp = hi_exp = False
        n1, n2 = _notes(b1), _notes(b2)
        for inc, n in n1:
            if n is None or n == lo:
                lo_inc, lo_exp = inc, True
        for inc, n in n2:
            if n is None or n == hi:
                hi_inc, hi_exp = inc, True
        trailing = [c for c in span.children[2:] if isinstance(c, Tree)]
        for sub in trailing:
            for inc, n in _notes(sub):
                if n is None or n == lo:
                    lo_inc, lo_exp = inc, True
                elif n == hi:
                    hi_inc, hi_exp = inc, True
        return Band(grade, lo, hi, lo_inc, hi_inc, lo_exp, hi_exp)
    if kind == "open":
        bound = span.children[0]
        assert isinstance(bound, Tree)
        value = _num(bound)
        direction = next(str(t) for t in span.children if isinstance(t, Token) and t.type == "DIR")
        notes = _notes(span)
        explicit = bool(notes) or "(含)" in direction
        inc = notes[-1][0] if notes else True
        if direction.endswith("以上"):
            return Band(grade, lo=value, hi=None, lo_inc=inc, lo_explicit=explicit)
        if direction.endswith(("以下", "以内")):
            return Band(grade, lo=None, hi=value, hi_inc=inc, hi_explicit=explicit)
        raise ValueError("no direction")
    if kind == "double_ineq":
        a, op1, _, op2, b = span.children
        assert isinstance(a, Tree) and isinstance(b, Tree)
        return Band(grade, _num(a), _num(b), str(op1) == "<=", str(op2) == "<=", True, True)
    if kind in ("subject_ineq", "word_ineq"):
        op = next(str(t) for t in span.children if isinstance(t, Token))
        value = _num(next(c for c in span.children if isinstance(c, Tree) and c.data == "num"))
        op = {"不低于": ">=", "不少于": ">=", "大于等于": ">=", "达到": ">=", "高于": ">", "大于": ">",
              "超过": ">", "低于": "<", "小于": "<", "不足": "<", "不高于": "<=", "不超过": "<=",
              "小于等于": "<="}.get(op, op)
        if op.startswith(">"):
            return Band(grade, lo=value, lo_inc=op == ">=", lo_explicit=True)
        return Band(grade, hi=value, hi_inc=op == "<=", hi_explicit=True)
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# band sets


@dataclass(frozen=True)
class BandProblem:
    kind: str  # gap | overlap
    lower: Band
    upper: Band
    lo: Decimal
    hi: Decimal

    def message(self) -> str:
        if self.kind == "gap":
            return (f"the grade bands leave scores between {_n(self.lo)} and {_n(self.hi)} without "
                    f"a grade ({self.lower.shown()}; {self.upper.shown()})")
        if self.lo == self.hi:
            return (f"the grade bands both include {_n(self.lo)} ({self.lower.shown()}; "
                    f"{self.upper.shown()})")
        return (f"the grade bands overlap between {_n(self.lo)} and {_n(self.hi)} "
                f"({self.lower.shown()}; {self.upper.shown()})")


def _key(b: Band) -> Decimal:
    if b.lo is not None:
        return b.lo
    return (b.hi if b.hi is not None else Decimal(0)) - Decimal(1000)


def problems(bands: list[Band]) -> list[BandProblem]:
    """Gaps and overlaps between neighbouring bands that do not hang on a convention.

    A gap narrower than one point between integer bounds (`80-89` then `90-100`) is the
    usual way of writing integer scores and is left alone.
    """
    ordered = sorted(bands, key=_key)
    out: list[BandProblem] = []
    for lower, upper in itertools.pairwise(ordered):
        if lower.hi is None or upper.lo is None:
            if lower.hi is None and upper.lo is not None and lower.lo is not None \
                    and lower.lo < upper.lo:
                out.append(BandProblem("overlap", lower, upper, upper.lo, upper.lo))
            continue
        if lower.hi < upper.lo:
            if upper.lo - lower.hi > 1:
                out.append(BandProblem("gap", lower, upper, lower.hi, upper.lo))
        elif lower.hi > upper.lo:
            out.append(BandProblem("overlap", lower, upper, upper.lo, lower.hi))
        elif lower.hi_explicit and upper.lo_explicit:
            if lower.hi_inc and upper.lo_inc:
                out.append(BandProblem("overlap", lower, upper, upper.lo, upper.lo))
            elif not lower.hi_inc and not upper.lo_inc:
                out.append(BandProblem("gap", lower, upper, upper.lo, upper.lo))
    return out


def same_bands(a: list[Band], b: list[Band]) -> bool:
    def sig(bs: list[Band]) -> set[tuple[str, Decimal | None, Decimal | None]]:
        return {(x.grade, x.lo, x.hi) for x in bs}
    return sig(a) == sig(b)
