"""Shared checks for reader tests: every mapped character points at itself in the file."""

from __future__ import annotations

from auditlint.document import Document, SourceText, Table


def texts_of(doc: Document) -> list[SourceText]:
    out: list[SourceText] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            out.extend(c.text for row in block.rows for c in row if not c.merged)
        else:
            out.append(block.text)
    return out


def assert_mapped(doc: Document) -> None:
    """Each character covered by a segment is the character at that place of the file."""
    for text in texts_of(doc):
        for seg in text.segments:
            line = doc.lines[seg.line - 1]
            got = line[seg.column - 1: seg.column - 1 + seg.length]
            want = text.text[seg.offset: seg.offset + seg.length]
            assert got == want, (seg, got, want)


def grid(table: Table) -> list[list[str]]:
    """The table as strings, merged copies shown as their origin's text."""
    return [[c.text.text for c in row] for row in table.rows]
