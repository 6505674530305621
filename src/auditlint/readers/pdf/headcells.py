"""Header words drawn in the cells of a table's first item row.

A classification table often draws the names of its code columns (`类 | 款 | 项`) at the top
of the ruled row that also holds its first item (`合计 2,946.25 ...`, centred lower down). Text
extraction puts them on a line of their own, above the item; read cell by cell from the
rulings they share the item's cells, the code columns are not known for code columns, and the
codes below are read as amounts. Here such a row is split in two: a header row of those words
(the other columns continuing the header cell above), then the item row without them."""

from __future__ import annotations

from functools import cache

from auditlint.readers.office import GridCell


@cache
def _level_words() -> frozenset[str]:
    """The names of the classification's code levels (`levels` of rules/classification.toml)."""
    from auditlint.packs import load_packs

    return frozenset(load_packs().classification().levels)


def _key(text: str) -> str:
    return "".join(text.split())


def split_level_headers(grid: list[list[GridCell]]) -> list[list[GridCell]]:
    """`grid` with the level words of an item row's code cells moved to a header row of
    their own above it (at most one row a table: the first such)."""
    words = _level_words()
    for i in range(1, len(grid)):
        row = grid[i]
        level = [j for j, gc in enumerate(row)
                 if gc.origin is None and _key(gc.text) in words]
        other = [j for j, gc in enumerate(row)
                 if gc.origin is None and _key(gc.text) and j not in level]
        if len(level) < 2 or not other or any(
                grid[k][j].origin == (i, j) for k in range(i + 1, len(grid)) for j in level
                if j < len(grid[k])):
            continue
        return _split(grid, i, level)
    return grid


def _split(grid: list[list[GridCell]], i: int, level: list[int]) -> list[list[GridCell]]:
    """Row i split into a header row holding its cells in `level` and the row without them."""
    def moved(gc: GridCell) -> GridCell:
        if gc.origin is None or gc.origin[0] < i:
            return GridCell(text=gc.text, origin=gc.origin)
        return GridCell(text=gc.text, origin=(gc.origin[0] + 1, gc.origin[1]))

    head: list[GridCell] = []
    for j, gc in enumerate(grid[i]):
        if j in level:
            head.append(GridCell(text=gc.text))
        elif gc.origin is not None and gc.origin[0] == i and gc.origin[1] in level:
            head.append(GridCell(origin=gc.origin))  # a level word's cell over two columns
        elif gc.origin is not None and gc.origin[0] < i:
            head.append(GridCell(origin=gc.origin))  # a cell from above goes on over both
        else:
            above = grid[i - 1][j] if j < len(grid[i - 1]) else None
            head.append(GridCell(origin=above.origin or (i - 1, j)) if above is not None
                        else GridCell())
    item = [GridCell() if j in level else moved(gc) for j, gc in enumerate(grid[i])]
    rest = [[moved(gc) for gc in row] for row in grid[i + 1:]]
    return [*grid[:i], head, item, *rest]
