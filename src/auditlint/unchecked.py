"""What a file's check left unchecked, counted from the readers' and extraction's AL902
notices: a clean run says nothing about a table auditlint could not read, so every summary
says how many there were (and `--fail-on-unchecked` fails on them).

A notice names its table (`table 3, row 5`) when it knows it; several notices on one table
count once. A notice about table-like text without a table number is one table; any other
(a paragraph, a text box, a page without a text layer) is counted with the paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from auditlint.findings import Unchecked
from auditlint.lazyre import lazy_compile

NOT_UNDERSTOOD = "AL902"
_TABLE_NO = lazy_compile(r"\btable (\d+)\b")
_TABLE_WORD = lazy_compile(r"\btables?\b", re.IGNORECASE)


class _Notice(Protocol):
    code: str
    message: str
    location: str


def count_unchecked(notices: Iterable[_Notice]) -> Unchecked:
    tables: set[str] = set()
    paragraphs = 0
    for i, n in enumerate(notices):
        if n.code != NOT_UNDERSTOOD:
            continue
        numbered = _TABLE_NO.search(n.location) or _TABLE_NO.search(n.message)
        if numbered:
            tables.add(numbered.group(1))
        elif _TABLE_WORD.search(n.location) or _TABLE_WORD.search(n.message):
            tables.add(f"#{i}")  # a table without a number: this notice is its only one
        else:
            paragraphs += 1
    return Unchecked(tables=len(tables), paragraphs=paragraphs)


def describe(u: Unchecked) -> str:
    """`2 tables / 1 paragraph not understood`: the words every summary line uses."""
    t = f"{u.tables} table{'s' if u.tables != 1 else ''}"
    p = f"{u.paragraphs} paragraph{'s' if u.paragraphs != 1 else ''}"
    return f"{t} / {p} not understood"
