"""Grade bands stated in a report (`90~100 分（含 90 分）为优秀`), parsed with grammar/scoring.lark.

A band is an interval of scores and a grade name. Each bound remembers whether the report said
if it is included (`含 90 分`, `≥`) or whether the reading is a convention (a lower bound is
included, an upper bound excluded, `以上`/`以下` include their number): gaps and overlaps
are reported only where they do not hang on a convention.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from auditlint.bands import TOP, Band
from auditlint.lazyre import lazy_compile
from auditlint.resources import grammar_path
from auditlint.units import CMP_NORMAL

_SCORE_WORDS = lazy_compile(r"(?:综合评价|综合|评价|绩效评价|最终|考核|总)?(?:得分|分数|评分|总分|分值)")
_TRANS = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "～": "~", "〜": "~",
                        "—": "~", "–": "~", "－": "~", "-": "~", "至": "~", "到": "~",
                        "≥": "≥", "≤": "≤", "＞": ">", "＜": "<", "＝": "=", "【": "(", "】": ")"})
_QUOTES = lazy_compile(r"[“”\"'‘’「」『』]")


def normalise(text: str) -> str:
    t = re.sub(r"\s+", "", text).translate(_TRANS)
    for word, dashed in _dashed_comparators():  # 达到 keeps its 到, which is no range dash here
        t = t.replace(dashed, word)
    t = t.replace("≥", ">=").replace("≤", "<=").replace("~~", "~")
    t = _QUOTES.sub("", t)
    t = _SCORE_WORDS.sub("X", t)
    t = t.replace("X(含)", "X")
    return t.strip(",;；。.、")


@lru_cache(maxsize=1)
def _dashed_comparators() -> tuple[tuple[str, str], ...]:
    """(达到, 达~): comparator words that the range-dash translation would break."""
    return tuple((w, w.translate(_TRANS)) for w in word_comparators() if w.translate(_TRANS) != w)


_CLAUSE_END_CHARS = frozenset("；;。\n")  # tested character by character


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
        elif ch in _CLAUSE_END_CHARS or (ch in "，,、" and depth == 0):
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _alternatives(words: list[str]) -> str:
    return " | ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
                      for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def word_comparators() -> dict[str, str]:
    """The comparator words (不低于 -> >=) of rules/quantity.toml that bound a band: the
    written ones of >=, <=, > and <, not signs (≥ is made >= before parsing) nor 约."""
    return {w: n for w, n in CMP_NORMAL.items()
            if n in (">=", "<=", ">", "<") and not w.isascii() and re.search(r"[\u4e00-\u9fff]", w)}


@lru_cache(maxsize=1)
def grade_words() -> tuple[str, ...]:
    """The grade words of rules/scoring.toml (grade_excellent ... grade_poor), best first."""
    from auditlint.packs import load_packs

    packs = load_packs()
    return tuple(w for k in _GRADE_CLASSES for w in packs.words(k))


_GRADE_CLASSES = ("grade_excellent", "grade_good", "grade_fair", "grade_poor")


def grammar_text() -> str:
    """`grammar/scoring.lark` with its word terminals written from the packs."""
    return grammar_path("scoring.lark").read_text(encoding="utf-8") + "\n".join((
        "",
        f"WORD_CMP: {_alternatives(list(word_comparators()))}",
        f"GRADE: {_alternatives(list(grade_words()))}",
        ""))


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(grammar_text(), parser="earley", ambiguity="resolve")


@lru_cache(maxsize=1)
def _may_be_band() -> re.Pattern[str]:
    """A number and a grade word, in either order: a clause worth parsing."""
    grades = "|".join(re.escape(w) for w in sorted(grade_words(), key=len, reverse=True))
    return re.compile(rf"\d.*(?:{grades})|(?:{grades}).*\d")

# words that hold a grade character without naming a grade: cheaper to drop than to parse
_NOT_GRADE_WORDS = lazy_compile(r"其中|中心|中央|集中|中小|中期|中学|中医|差异|偏差|差旅|差额|差距|"
                              r"良种|优化|优先|优惠|一般公共|一般性")


_DIGIT = lazy_compile(r"\d")


@lru_cache(maxsize=1)
def _digit_words() -> bool:
    """Whether a word `normalise` writes into a clause (a comparator word) holds a digit."""
    return any(_DIGIT.search(word) for word, _ in _dashed_comparators())


@lru_cache(maxsize=1024)
def parse_clause(text: str) -> Band | None:
    """The band a clause states, or None. Text before a colon (`评价等级分为四档：`) is dropped."""
    if not _DIGIT.search(text) and not _digit_words():
        return None  # no number: normalising writes none, and a band needs one (most clauses)
    t = normalise(text)
    if not t or len(t) > 60 or not _may_be_band().search(_NOT_GRADE_WORDS.sub("", t)):
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
        op = word_comparators().get(op, op)
        if op.startswith(">"):
            return Band(grade, lo=value, lo_inc=op == ">=", lo_explicit=True)
        return Band(grade, hi=value, hi_inc=op == "<=", hi_explicit=True)
    raise ValueError(kind)
