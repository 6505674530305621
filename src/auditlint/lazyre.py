"""Regular expressions compiled on first use, not at import.

A module-level `re.compile` runs when its module is imported, whether or not the run ever
uses the pattern; a class of CJK ranges costs 1–10 ms to compile in `re`'s pure-Python
compiler, and a check of a short report uses fewer than half of auditlint's patterns.
`lazy_compile` takes the same arguments as `re.compile` and returns a `LazyPattern`, which
compiles (through `re.compile`, so with `re`'s own cache) the first time one of its
methods is called; from then on the compiled pattern's own methods are set on the instance,
so a call costs what a call on the compiled pattern costs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["LazyPattern", "compiled_count", "lazy_compile"]

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")
_COMPILED = [0]  # how many lazy patterns have been compiled in this process (tests count it)


class LazyPattern:
    """A pattern and its flags, compiled by the first call of a method; `pattern` is the
    source string without compiling (patterns are built from other patterns' text)."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; the first call compiles it and puts its bound methods on the
        instance, in front of the class's methods below."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
            _COMPILED[0] += 1
            for name in _METHODS:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def search(self, string: str, pos: int = 0,
               endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0,
                  endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def subn(self, repl: str | Callable[[re.Match[str]], str], string: str,
             count: int = 0) -> tuple[str, int]:
        return self.compiled().subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled().split(string, maxsplit)

    @property
    def flags(self) -> int:
        return self.compiled().flags

    @property
    def groups(self) -> int:
        return self.compiled().groups

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.compiled().groupindex)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, put off until the pattern is first used."""
    return LazyPattern(pattern, flags)


def compiled_count() -> int:
    """How many lazy patterns this process has compiled so far."""
    return _COMPILED[0]
