"""What the PDF reader keeps of a page: its text lines outside tables and its ruled tables,
with the geometry the document is assembled by."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlint.readers.office import GridCell

TOL = 2.0  # points: two cell edges this close are one grid line


@dataclass(slots=True)
class PdfLine:
    """A text line of a page, outside tables, with its geometry (PDF points, top-down)."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class PdfTable:
    """A ruled table found on one page."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column boundaries
    grid: list[list[GridCell]]
    row_pages: list[int] = field(default_factory=list)
    last_top: float = 0.0  # where the part on the table's last page begins and ends
    last_bottom: float = 0.0


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    tables: list[PdfTable] = field(default_factory=list)
    images: int = 0
    undecodable: bool = False  # text drawn in fonts without a map to Unicode


def shown(grid: list[list[GridCell]], gc: GridCell, j: int) -> bool:
    """Whether a grid position shows text (its own, or its merged cell's)."""
    if gc.origin is None:
        return bool(gc.text.strip())
    i, k = gc.origin
    return bool(grid[i][k].text.strip())
