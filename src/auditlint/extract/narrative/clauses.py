"""Clauses: a paragraph cut at its separators, each clause typed by `grammar/phrases.lark`.

The relation phrases of a report (`其中`, `占 y%`, `比上年增加 x，增长 y%`) are built from
short clauses separated by commas, semicolons and colons (full- or half-width) and `、`.
This module cuts a paragraph into clauses (never inside a number: `2,436.19`), lexes each
into typed tokens (quantities already found by `extract.quantity.scan`; relation words only
where they govern a quantity) and parses it with the LALR grammar. Anything the grammar does
not accept is a plain clause: parsing never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import LarkError
from lark.lexer import Lexer

from auditlint.extract.quantity import Quantity
from auditlint.lazyre import lazy_compile
from auditlint.packs import PhraseWords, load_pack
from auditlint.resources import data_dir, grammar_path

SEPARATORS = "，,；;。：:、！？!?\n"
SENTENCE_END = "。！？!?"



@cache
def words() -> PhraseWords:
    """The token words of `rules/phrases.toml`, read once."""
    pack = load_pack(data_dir("rules") / "phrases.toml")
    assert pack.phrases is not None, "rules/phrases.toml has no [phrases] table"
    return pack.phrases


def _any(items: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in items) + ")"


_UP = _any(words().up)
_DOWN = _any(words().down)
_GOV_TAIL = r"(?:了|为|达|达到|约)?\s*$"
_UP_END = lazy_compile(_UP + _GOV_TAIL)
_DOWN_END = lazy_compile(_DOWN + _GOV_TAIL)
_ZHAN = lazy_compile(r"占(?:比)?(?:为)?(?P<label>[^占]{0,30}?)(?:的)?(?:比重|比例)?(?:为|达)?\s*$")
_LEAD_START = lazy_compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in sorted([*words().lead, *words().each], key=len,
                                                        reverse=True))
    + r"|按[^，。；：]{0,15}(?:划分为|分类为)|按[^，。；：]{0,12}?分类)")
_LEAD_ANY = lazy_compile(_any(words().each))
_FLAT = lazy_compile(_any(words().flat))


@dataclass(slots=True)
class Clause:
    """One clause of a paragraph and what the grammar made of it.

    `kind`: amount, count (a quantity and the label before it), change_up / change_down
    (`增加 x`), rate_up / rate_down (`增长 y%`), share (`占 [label 的] y%`), percent (a
    labelled percentage: `预决算差异率 4.69%`), flat (`持平`), bare (words and list openers
    only), text (no quantity), other (quantities in a shape no phrase has).
    """

    start: int
    end: int
    sep: str
    sentence: int
    kind: str = "text"
    leads: list[str] = field(default_factory=list)
    label: str = ""
    tail: str = ""
    word: str = ""  # the relation word (增加, 下降) or, for a share, the total named after 占
    quantity: Quantity | None = None
    fact: int | None = None
    n_quantities: int = 0
    depth: int = 0  # inside how many figure-holding brackets after an amount (`x 万元（A y，B z）`)

class _Feed(Lexer):
    """Hands the parser the tokens `lex_clause` made (the input is already a token list)."""

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(grammar_path("phrases.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer=_Feed, cache=True)


def quantity_token(q: Quantity) -> str:
    dim = q.dimension
    if dim == "money":
        return "AMT"
    if dim == "percent":
        return "PCT"
    return "QTY"


def lex_clause(text: str, start: int, end: int,
               quantities: Sequence[tuple[Quantity, int]]) -> list[Token]:
    """Tokens of text[start:end]; `quantities` are those inside the clause, in order."""
    tokens: list[Token] = []
    pos = start
    first = True
    for q, _ in quantities:
        _lex_gap(text[pos:q.start], pos, tokens, first, quantity_token(q))
        first = False
        tokens.append(Token(quantity_token(q), q.text, start_pos=q.start, end_pos=q.end))
        pos = q.end
    _lex_gap(text[pos:end], pos, tokens, first, None)
    return tokens


def _word(tokens: list[Token], text: str, offset: int) -> None:
    if not text.strip():
        return
    if tokens and tokens[-1].type == "WORD":
        prev = tokens[-1]
        tokens[-1] = Token("WORD", str(prev) + text, start_pos=prev.start_pos,
                           end_pos=offset + len(text))
    else:
        tokens.append(Token("WORD", text, start_pos=offset, end_pos=offset + len(text)))


def _lex_gap(gap: str, offset: int, tokens: list[Token], first: bool,
             before: str | None) -> None:
    """The text between two quantities: words, with relation words where they govern."""
    cut = 0
    if first:
        m = _LEAD_START.match(gap)
        if m:
            tokens.append(Token("LEAD", m.group().strip(), start_pos=offset + m.start(),
                                end_pos=offset + m.end()))
            cut = m.end()
    rest = gap[cut:]
    m_any = _LEAD_ANY.search(rest)
    if m_any:
        _word(tokens, rest[:m_any.start()], offset + cut)
        tokens.append(Token("LEAD", m_any.group(), start_pos=offset + cut + m_any.start(),
                            end_pos=offset + cut + m_any.end()))
        cut += m_any.end()
        rest = gap[cut:]
    base = offset + cut
    if before is None:
        m_flat = _FLAT.search(rest)
        if m_flat:
            _word(tokens, rest[:m_flat.start()], base)
            tokens.append(Token("FLAT", "持平", start_pos=base + m_flat.start(),
                                end_pos=base + m_flat.end()))
            _word(tokens, rest[m_flat.end():], base + m_flat.end())
            return
        _word(tokens, rest, base)
        return
    m_zhan = _ZHAN.search(rest) if before == "PCT" else None
    if m_zhan:
        _word(tokens, rest[:m_zhan.start()], base)
        tokens.append(Token("ZHAN", "占", start_pos=base + m_zhan.start(),
                            end_pos=base + m_zhan.start() + 1))
        label = m_zhan.group("label")
        if label.strip():
            tokens.append(Token("WORD", label, start_pos=base + m_zhan.start("label"),
                                end_pos=base + m_zhan.end("label")))
        return
    for pattern, kind in ((_UP_END, "UP"), (_DOWN_END, "DOWN")):
        m = pattern.search(rest)
        if m:
            _word(tokens, rest[:m.start()], base)
            tokens.append(Token(kind, m.group().strip(), start_pos=base + m.start(),
                                end_pos=base + m.end()))
            return
    _word(tokens, rest, base)


class _ToClause(Transformer):
    """Parse tree -> fields of a `Clause` (kind, leads, label, tail, word, token)."""

    def _core(self, kind: str, items: list[Token]) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": kind}
        for t in items:
            if t.type in ("AMT", "PCT", "QTY"):
                out["token"] = t
            elif t.type in ("UP", "DOWN") or t.type == "WORD":
                out["word"] = str(t)
        return out

    def amount(self, items: list[Token]) -> dict[str, Any]:
        return self._core("amount", items)

    def count(self, items: list[Token]) -> dict[str, Any]:
        return self._core("count", items)

    def change_up(self, items: list[Token]) -> dict[str, Any]:
        return self._core("change_up", items)

    def change_down(self, items: list[Token]) -> dict[str, Any]:
        return self._core("change_down", items)

    def rate_up(self, items: list[Token]) -> dict[str, Any]:
        return self._core("rate_up", items)

    def rate_down(self, items: list[Token]) -> dict[str, Any]:
        return self._core("rate_down", items)

    def share(self, items: list[Token]) -> dict[str, Any]:
        return self._core("share", items)

    def percent(self, items: list[Token]) -> dict[str, Any]:
        return self._core("percent", items)

    def flat(self, items: list[Token]) -> dict[str, Any]:
        return {"kind": "flat"}

    def head(self, items: list[Token]) -> dict[str, Any]:
        return {"leads": [str(t) for t in items if t.type == "LEAD"],
                "label": "".join(str(t) for t in items if t.type == "WORD")}

    def tail(self, items: list[Token]) -> dict[str, Any]:
        return {"tail": str(items[0])}

    def clause(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in items:
            out.update(part)
        return out

    def bare(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"kind": "bare", **items[0]}


_TRANSFORMER = _ToClause()


def parse_tokens(tokens: list[Token]) -> dict[str, Any] | None:
    """The clause's fields, or None when the tokens are no phrase of the grammar."""
    if not tokens:
        return None
    shape = _shape(tuple(t.type for t in tokens))
    if shape is None:
        return None
    return _TRANSFORMER.transform(_fill(shape, tokens))  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _shape(types: tuple[str, ...]) -> Tree | None:
    """The parse tree of a sequence of token types, its leaves holding token positions:
    clauses repeat a handful of shapes, so each is parsed once."""
    stand_ins = [Token(t, str(i), start_pos=i, end_pos=i) for i, t in enumerate(types)]
    try:
        return _parser().parse(stand_ins)  # type: ignore[arg-type]
    except LarkError:
        return None


def _fill(shape: Tree, tokens: list[Token]) -> Tree:
    children: list[Any] = [_fill(c, tokens) if isinstance(c, Tree) else tokens[int(c)]
                           for c in shape.children]
    return Tree(shape.data, children)


def split_clauses(text: str, quantities: Sequence[tuple[Quantity, int]]) -> list[Clause]:
    """Cut a paragraph into typed clauses (separators inside a quantity do not cut)."""
    inside = [False] * len(text)
    for q, _ in quantities:
        for i in range(q.start, min(q.end, len(text))):
            inside[i] = True
    brackets = _figure_brackets(text, quantities, inside)
    clauses: list[Clause] = []
    sentence = 0
    start = 0
    qi = 0
    depth = 0
    cuts = sorted({m.start() for m in _CUT.finditer(text)} | brackets)
    for i in [*cuts, len(text)]:
        ch = text[i] if i < len(text) else ""
        if ch == "." and not inside[i] and _is_full_stop(text, i):
            ch = "。"
        if ch and (ch not in SEPARATORS or inside[i]) and i not in brackets:
            continue
        mine: list[tuple[Quantity, int]] = []
        while qi < len(quantities) and quantities[qi][0].start < i:
            mine.append(quantities[qi])
            qi += 1
        if text[start:i].strip():
            clause = make_clause(text, start, i, ch, sentence, mine)
            clause.depth = depth
            clauses.append(clause)
        elif clauses and ch:
            clauses[-1].sep += ch
        if i in brackets:
            depth += 1 if ch in _OPEN else -1
        if ch in SENTENCE_END:
            sentence += 1
        start = i + 1
    return clauses


_CUT = lazy_compile("[" + re.escape(SEPARATORS) + ".]")
_OPEN = "（("
_CLOSE = "）)"


def _figure_brackets(text: str, quantities: Sequence[tuple[Quantity, int]],
                     inside: list[bool]) -> set[int]:
    """Offsets of the brackets that cut like separators: a bracket right after an amount that
    holds figures of its own (`基本支出 80 万元（工资 60 万元、办公费 20 万元）`), and its
    closing bracket. Brackets of labels (`（类）`, `（境）`) and markers (`（2）`) stay words."""
    ends = {q.end for q, _ in quantities}
    starts = sorted(q.start for q, _ in quantities)
    out: set[int] = set()
    for i, ch in enumerate(text):
        if ch not in _OPEN or inside[i]:
            continue
        j = i
        while j > 0 and text[j - 1] in " \u3000":
            j -= 1
        if j not in ends:
            continue
        close = _matching(text, i)
        if close is None or not any(i < s < close for s in starts):
            continue
        out.update((i, close))
    return out


def _matching(text: str, i: int) -> int | None:
    """The bracket closing the one at i, within its sentence."""
    level = 0
    for j in range(i, min(len(text), i + 400)):
        ch = text[j]
        if ch in _OPEN:
            level += 1
        elif ch in _CLOSE:
            level -= 1
            if level == 0:
                return j
        elif ch in SENTENCE_END:
            return None
    return None


def _is_full_stop(text: str, i: int) -> bool:
    """A half-width `.` that ends a sentence (`万元.`), not a list marker (`1.`) or decimal."""
    before = text[i - 1] if i else ""
    return bool(before) and not before.isdigit() and not before.isspace()


def make_clause(text: str, start: int, end: int, sep: str, sentence: int,
                quantities: Sequence[tuple[Quantity, int]]) -> Clause:
    clause = Clause(start=start, end=end, sep=sep, sentence=sentence,
                    n_quantities=len(quantities))
    tokens = lex_clause(text, start, end, quantities)
    parsed = parse_tokens(tokens)
    if parsed is None:
        clause.kind = "other" if quantities else "text"
        return clause
    clause.kind = parsed.get("kind", "text")
    clause.leads = parsed.get("leads", [])
    clause.label = parsed.get("label", "").strip()
    clause.tail = parsed.get("tail", "").strip(" \u3000.．")
    clause.word = parsed.get("word", "").strip()
    tok = parsed.get("token")
    if tok is not None:
        for q, fact_id in quantities:
            if q.start == tok.start_pos:
                clause.quantity, clause.fact = q, fact_id
    if clause.kind == "bare" and not clause.leads:
        clause.kind = "text"
    return clause
