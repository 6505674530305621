"""Ruled tables from a page's drawn segments: rules snapped and joined, their crossings,
the smallest rectangles those crossings close, and groups of rectangles that share a corner.

The method is the one of Nurminen's thesis as Tabula and pdfplumber apply it, with
pdfplumber's default tolerances (3 points to snap, join and cross): the tables it finds
are the ones the reader's merge and column-folding rules were written against. Points are
indexed by column and row so that a page of a few thousand crossings costs milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditlint.readers.pdf.pdfium import Edge

SNAP = 3.0  # rules this close across are one rule
JOIN = 3.0  # collinear rules with a gap this small are one rule
CROSS = 3.0  # a rule ending this short of another still crosses it
MIN_PIECE = 1.0  # shorter pieces are dots, not rules
MIN_RULE = 3.0  # a joined rule shorter than this bounds no cell

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(slots=True)
class RuledTable:
    """A group of cells: rows of cell boxes by distinct top (None where no cell starts at
    that column), the columns' left edges and the rows' tops, and the whole box."""

    rows: list[list[BBox | None]]
    lefts: list[float]
    tops: list[float]
    bbox: BBox


def find_tables(edges: list[Edge]) -> list[RuledTable]:
    """The ruled tables the page's segments draw, top to bottom."""
    horizontal, vertical = _merge(edges)
    cells = _cells(horizontal, vertical)
    return [_table(group) for group in _groups(cells)]


def _snap(values: list[float]) -> dict[float, float]:
    """Each value to the mean of its cluster (values chained within SNAP of the next)."""
    out: dict[float, float] = {}
    ordered = sorted(set(values))
    counts: dict[float, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    start = 0
    for k in range(1, len(ordered) + 1):
        if k == len(ordered) or ordered[k] > ordered[k - 1] + SNAP:
            group = ordered[start:k]
            n = sum(counts[v] for v in group)
            mean = sum(v * counts[v] for v in group) / n
            out.update((v, mean) for v in group)
            start = k
    return out


def _join(pieces: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Collinear pieces that overlap or nearly touch, as one."""
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(pieces):
        if out and lo <= out[-1][1] + JOIN:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _merge(edges: list[Edge]) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal rules (y, x0, x1) and vertical ones (x, top, bottom), snapped and joined."""
    out: list[list[tuple[float, float, float]]] = []
    for kind in ("h", "v"):
        pieces = [(at, lo, hi) for k, at, lo, hi in edges if k == kind and hi - lo >= MIN_PIECE]
        snapped = _snap([at for at, _, _ in pieces])
        lines: dict[float, list[tuple[float, float]]] = defaultdict(list)
        for at, lo, hi in pieces:
            lines[snapped[at]].append((lo, hi))
        out.append([(at, lo, hi) for at in sorted(lines) for lo, hi in _join(lines[at])
                    if hi - lo >= MIN_RULE])
    return out[0], out[1]


def _cells(horizontal: list[tuple[float, float, float]],
           vertical: list[tuple[float, float, float]]) -> list[BBox]:
    """The smallest rectangles closed by rules: from each crossing, the first crossing
    below and the first to the right, joined to it by a rule, whose far corner is a
    crossing joined to both."""
    meets: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, (x, top, bottom) in enumerate(vertical):
        for hi, (y, x0, x1) in enumerate(horizontal):
            if top <= y + CROSS and bottom >= y - CROSS and x0 - CROSS <= x <= x1 + CROSS:
                vs, hs = meets.setdefault((x, y), (set(), set()))
                vs.add(vi)
                hs.add(hi)
    by_x: dict[float, list[float]] = defaultdict(list)
    by_y: dict[float, list[float]] = defaultdict(list)
    for x, y in sorted(meets):
        by_x[x].append(y)
        by_y[y].append(x)

    def down(p: tuple[float, float], q: tuple[float, float]) -> bool:
        return not meets[p][0].isdisjoint(meets[q][0])

    def across(p: tuple[float, float], q: tuple[float, float]) -> bool:
        return not meets[p][1].isdisjoint(meets[q][1])

    cells: list[BBox] = []
    for x, y in sorted(meets):
        p = (x, y)
        below = [(x, y2) for y2 in by_x[x] if y2 > y]
        right = [(x2, y) for x2 in by_y[y] if x2 > x]
        found = None
        for b in below:
            if not down(p, b):
                continue
            for r in right:
                if not across(p, r):
                    continue
                corner = (r[0], b[1])
                if corner in meets and down(r, corner) and across(b, corner):
                    found = (x, y, r[0], b[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _groups(cells: list[BBox]) -> list[list[BBox]]:
    """Cells that share a corner, chained, as one table; lone cells are no table."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corner_of: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = corner_of.setdefault(corner, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[BBox]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    found = [g for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda g: min((c[1], c[0]) for c in g))


def _table(cells: list[BBox]) -> RuledTable:
    lefts = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    by_top: dict[float, dict[float, BBox]] = defaultdict(dict)
    for c in cells:
        by_top[c[1]][c[0]] = c
    rows = [[by_top[top].get(x) for x in lefts] for top in tops]
    bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells),
            max(c[3] for c in cells))
    return RuledTable(rows, lefts, tops, bbox)
