"""Scoring formulas of the rule packs, evaluated on intervals.

A formula is written in `grammar/formula.lark` (`max(0, weight - (100 - rate) * k) for k in
0.1 0.25`). Evaluation follows the rounding rule of the whole linter: the inputs are
intervals (a rate written `96.50` stands for [96.495, 96.505]) and so is the result, which
agrees with a stated score when the two intervals meet.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import LarkError, VisitError

from auditlint.facts import Interval
from auditlint.resources import grammar_path


class FormulaError(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    """A parsed formula bound to one choice of its parameters."""

    name: str
    source: str  # the expression as written in the pack
    tree: Tree
    params: tuple[tuple[str, Decimal], ...] = ()

    @property
    def shown(self) -> str:
        """The expression with its parameters filled in, for messages."""
        text = self.source.split(" for ")[0].strip()
        for k, v in self.params:
            text = _replace_name(text, k, _plain(v))
        return text

    def evaluate(self, rate: Interval, weight: Interval) -> Interval | None:
        env = {"rate": rate, "weight": weight}
        env.update({k: Interval.exact(v) for k, v in self.params})
        return _Eval(env).run(self.tree)


@dataclass
class FormulaFamily:
    """A pack formula with every value of its parameters."""

    name: str
    source: str
    variants: list[Formula] = field(default_factory=list)


def _plain(v: Decimal) -> str:
    s = format(v.normalize(), "f")
    return s


def _replace_name(text: str, name: str, value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith(name, i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) \
                and (i + len(name) == len(text) or not (text[i + len(name)].isalnum()
                                                        or text[i + len(name)] == "_")):
            out.append(value)
            i += len(name)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(grammar_path("formula.lark").read_text(encoding="utf-8"), parser="lalr", cache=True)


@lru_cache(maxsize=256)
def parse_family(name: str, source: str) -> FormulaFamily:
    """Parse a pack formula into its variants (one per combination of parameter values)."""
    try:
        tree = _parser().parse(source)
    except LarkError as e:
        raise FormulaError(f"formula {name!r}: {e}") from None
    expr = tree.children[0]
    grid: list[tuple[str, list[Decimal]]] = []
    if len(tree.children) > 1 and tree.children[1] is not None:
        for param in tree.children[1].children:  # type: ignore[union-attr]
            pname = str(param.children[0])
            try:
                values = [Decimal(str(t)) for t in param.children[1:]]
            except InvalidOperation:
                raise FormulaError(f"formula {name!r}: bad value of {pname}") from None
            grid.append((pname, values))
    free = _names(expr) - {"rate", "weight"} - {g[0] for g in grid}
    if free:
        raise FormulaError(f"formula {name!r}: no values given for {', '.join(sorted(free))}")
    fam = FormulaFamily(name=name, source=source)
    names = [g[0] for g in grid]
    for combo in itertools.product(*(g[1] for g in grid)):
        fam.variants.append(Formula(name, source, expr, tuple(zip(names, combo, strict=True))))
    return fam


_FUNCS = {"min", "max", "if"}


def _names(tree: Tree | Token) -> set[str]:
    if isinstance(tree, Token):
        return set()
    out: set[str] = set()
    if tree.data == "var":
        out.add(str(tree.children[0]))
    elif tree.data == "call" and str(tree.children[0]) not in _FUNCS:
        raise FormulaError(f"unknown function {tree.children[0]}")
    for c in tree.children:
        if isinstance(c, Tree):
            out |= _names(c)
    return out


def _hull(a: Interval, b: Interval) -> Interval:
    return Interval(lo=min(a.lo, b.lo), hi=max(a.hi, b.hi))


class _Eval(Transformer):
    """Interval evaluation; None anywhere (a division by an interval holding zero) is None."""

    def __init__(self, env: dict[str, Interval]) -> None:
        super().__init__()
        self.env = env

    def run(self, tree: Tree) -> Interval | None:
        try:
            result = self.transform(tree)
        except _Undefined:
            return None
        except VisitError as e:  # lark wraps what a callback raises
            if isinstance(e.orig_exc, (_Undefined, KeyError, ArithmeticError)):
                return None
            raise
        return result if isinstance(result, Interval) else None

    def number(self, items: list[Token]) -> Interval:
        return Interval.exact(Decimal(str(items[0])))

    def var(self, items: list[Token]) -> Interval:
        return self.env[str(items[0])]

    def add(self, items: list[Interval]) -> Interval:
        return items[0] + items[1]

    def sub(self, items: list[Interval]) -> Interval:
        return items[0] - items[1]

    def mul(self, items: list[Interval]) -> Interval:
        return items[0] * items[1]

    def div(self, items: list[Interval]) -> Interval:
        q = items[0] / items[1]
        if q is None:
            raise _Undefined
        return q

    def neg(self, items: list[Interval]) -> Interval:
        return items[0].scale(Decimal(-1))

    def compare(self, items: list[object]) -> tuple[bool, bool]:
        """(may be true, may be false) of a comparison of two intervals."""
        a, op, b = items
        assert isinstance(a, Interval) and isinstance(b, Interval)
        tests: dict[str, Callable[[Decimal, Decimal], bool]] = {
            ">=": lambda x, y: x >= y, ">": lambda x, y: x > y,
            "<=": lambda x, y: x <= y, "<": lambda x, y: x < y,
        }
        t = tests[str(op)]
        may_true = t(a.hi, b.lo) if str(op).startswith(">") else t(a.lo, b.hi)
        may_false = not (t(a.lo, b.hi) if str(op).startswith(">") else t(a.hi, b.lo))
        return (may_true, may_false)

    def call(self, items: list[object]) -> Interval:
        fname = str(items[0])
        args = items[1:]
        if fname == "if":
            cond, yes, no = args
            assert isinstance(cond, tuple) and isinstance(yes, Interval) and isinstance(no, Interval)
            may_true, may_false = cond
            if may_true and may_false:
                return _hull(yes, no)
            return yes if may_true else no
        ivs = [a for a in args if isinstance(a, Interval)]
        if fname == "min":
            return Interval(lo=min(i.lo for i in ivs), hi=min(i.hi for i in ivs))
        return Interval(lo=max(i.lo for i in ivs), hi=max(i.hi for i in ivs))


class _Undefined(Exception):
    pass
