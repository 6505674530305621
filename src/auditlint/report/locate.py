"""Where a finding's figures stand in the document: block, cell and character range.

Findings carry file positions (line, column); the review page and the annotated PDF need the
text that holds them. Every character of every block keeps its source position, so the
positions are inverted once per document and each figure is found by lookup. An operand
(`related`) has only its first character: it runs to the end of the number written there.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlint.document import Document, Paragraph, SourceText, Table
from auditlint.findings import Finding, Related
from auditlint.lazyre import lazy_compile

# a figure as written: sign, digits with separators, decimals, a percent sign
NUMBER = lazy_compile(r"[-−+]?\d[\d,，]*(?:[.．]\d+)?(?:\s?[%％‰])?")
# where a figure ends when neither a number nor the finding's own end says so
WORD = lazy_compile(r"[^\s，。；：、,;:|（）()]{1,12}")


@dataclass(frozen=True, slots=True)
class Place:
    """Characters [start, end) of one text: a paragraph (row and col None) or a table cell."""

    block: int  # index into Document.blocks
    row: int | None
    col: int | None
    start: int
    end: int

    @property
    def key(self) -> tuple[int, int | None, int | None]:
        return (self.block, self.row, self.col)


def block_texts(block: Paragraph | Table, b: int
                ) -> list[tuple[tuple[int, int | None, int | None], SourceText]]:
    """The texts of a block with their keys: a paragraph's, or each cell's that holds text
    (merged copies point at their origin and hold none)."""
    if isinstance(block, Paragraph):
        return [((b, None, None), block.text)]
    return [((b, c.row, c.col), c.text) for row in block.rows for c in row if not c.merged]


class Locator:
    """File positions of one document inverted: (line, column) → text and offset."""

    def __init__(self, document: Document, findings: list[Finding] | None = None) -> None:
        """`findings`: index only the lines they name (a long report's every character
        would take memory for nothing)."""
        self.document = document
        wanted = None if findings is None else (
            {f.line for f in findings} | {f.end_line for f in findings}
            | {r.line for f in findings for r in f.related})
        self.texts: dict[tuple[int, int | None, int | None], SourceText] = {}
        self._at: dict[tuple[int, int], tuple[tuple[int, int | None, int | None], int]] = {}
        for b, block in enumerate(document.blocks):
            for key, text in block_texts(block, b):
                self.texts[key] = text
                for seg in text.segments:
                    if wanted is not None and seg.line not in wanted:
                        continue
                    for k in range(seg.length):
                        self._at.setdefault((seg.line, seg.column + k), (key, seg.offset + k))

    def text(self, place: Place) -> str:
        return self.texts[place.key].text[place.start:place.end]

    def page(self, place: Place) -> int | None:
        block = self.document.blocks[place.block]
        if isinstance(block, Table):
            return block.page_of(place.row or 0, place.col or 0)
        return block.page

    def figure(self, f: Finding) -> Place | None:
        """The figure a finding is about, or None when it stands outside every block (a
        table that was not read, a directive cut out of the text)."""
        found = self._at.get((f.line, f.column))
        if found is None:
            return None
        key, start = found
        last = self._at.get((f.end_line, f.end_column - 1))
        if last is not None and last[0] == key and last[1] >= start:
            return Place(*key, start, last[1] + 1)
        return Place(*key, start, self._extent(key, start))

    def operand(self, r: Related) -> Place | None:
        """An operand: the number that starts at its position."""
        found = self._at.get((r.line, r.column))
        if found is None:
            return None
        key, start = found
        return Place(*key, start, self._extent(key, start))

    def _extent(self, key: tuple[int, int | None, int | None], start: int) -> int:
        text = self.texts[key].text
        m = NUMBER.match(text, start) or WORD.match(text, start)
        return m.end() if m else min(start + 1, len(text))
