"""Rows without codes or numbering grouped by what their sums allow.

Under `一、一般公共服务支出` a table printed without codes lists `统计信息事务` (a 款) and
then `行政运行`, `专项统计业务` (its 项), then the next 款 and its 项. Nothing but the figures
tells a 款 row from a 项 row: a row is a group head when the rows right after it add up to
it. The reading kept is the only one in which every group adds up and the group heads and
lone rows add up to the row above them all; when the block admits no reading or several
(rows of zeros aside, which may stand in either group), nothing is read.

One wrong figure must still be found, so an equation over several columns counts as holding
when it holds in all of them but one and in at least two where it says something (a figure
that is not zero); a reading may hold one such broken column in all. A table with one column
of figures gets no slack: a wrong figure there leaves no reading and nothing is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MAX_ROWS = 60  # rows of one block searched
MAX_READINGS = 64  # partial readings kept before the search gives up

# holds(head, parts) -> per checked column: True (holds), False (fails), None (nothing to
# check: a cell missing); `nonzero(head)` per column
Holds = Callable[[int, Sequence[int]], list[bool | None]]


@dataclass(frozen=True)
class Group:
    """A row and the rows right after it that add up to it (none for a lone row)."""

    head: int
    parts: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Reading:
    groups: tuple[Group, ...]
    broken: int  # equations holding with one column's slack


def _verdict(results: list[bool | None], nonzero: list[bool]) -> int | None:
    """0 when an equation holds everywhere it is checked, 1 when it holds with one column's
    slack, None when it does not hold."""
    checked = [(r, nz) for r, nz in zip(results, nonzero, strict=True) if r is not None]
    if not checked:
        return None
    fails = sum(1 for r, _ in checked if not r)
    said = sum(1 for r, nz in checked if r and nz)
    if fails == 0 and said >= 1:
        return 0
    if fails == 1 and said >= 2:
        return 1
    return None


def read_groups(n: int, holds: Holds, nonzero: Callable[[int], list[bool]],
                top: Callable[[Sequence[int]], list[bool | None]],
                top_nonzero: list[bool]) -> list[Group] | None:
    """The one reading of rows 0..n-1 as groups adding up to the row above (`top` checks the
    heads and lone rows against it), with at least one group; None when there is none or
    more than one."""
    if not 2 <= n <= MAX_ROWS:
        return None
    # heads[i]: the ends j (exclusive) such that rows i+1..j-1 add up to row i
    heads: list[list[tuple[int, int]]] = []
    for i in range(n):
        ends: list[tuple[int, int]] = []
        for j in range(i + 2, n + 1):
            v = _verdict(holds(i, range(i + 1, j)), nonzero(i))
            if v is not None:
                ends.append((j, v))
        heads.append(ends)
    readings: list[_Reading] = []
    stack: list[tuple[int, tuple[Group, ...], int]] = [(0, (), 0)]
    while stack:
        i, groups, broken = stack.pop()
        if broken > 1:
            continue
        if i == n:
            readings.append(_Reading(groups, broken))
            if len(readings) > MAX_READINGS:
                return None
            continue
        stack.append((i + 1, (*groups, Group(i)), broken))
        for j, v in heads[i]:
            stack.append((j, (*groups, Group(i, tuple(range(i + 1, j)))), broken + v))
        if len(stack) > MAX_READINGS * MAX_ROWS:
            return None
    kept: list[tuple[Group, ...]] = []
    for r in readings:
        if not any(g.parts for g in r.groups):
            continue
        v = _verdict(top([g.head for g in r.groups]), top_nonzero)
        if v is not None and r.broken + v <= 1:
            kept.append(r.groups)
    # readings that differ only in where a row of zeros stands (a part of the group before
    # it or a row of its own) say the same: the one with the longest groups is kept
    heads_of = {tuple(g.head for g in k if g.parts) for k in kept}
    if len(heads_of) != 1:
        return None
    return list(max(kept, key=lambda k: sum(len(g.parts) for g in k)))
