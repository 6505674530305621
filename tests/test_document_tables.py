"""Document.tables: kept between calls (extractors ask once per table), and never stale when
the blocks change."""

from __future__ import annotations

import dataclasses

from auditlint.document import Document, Paragraph, SourceText, Table


def _doc(n: int) -> Document:
    blocks: list[Paragraph | Table] = []
    for i in range(n):
        blocks.append(Paragraph(text=SourceText.at(f"第{i}段", i + 1, 1)))
        blocks.append(Table(rows=[], index=i))
    return Document(path="r.txt", format="text", blocks=blocks)


def test_tables_are_found_once_while_the_blocks_stay() -> None:
    doc = _doc(3)
    first = doc.tables
    assert [t.index for t in first] == [0, 1, 2]
    first.pop()  # a caller's list is its own
    kept = doc._tables
    assert [t.index for t in doc.tables] == [0, 1, 2] and doc._tables is kept


def test_changed_blocks_give_their_tables() -> None:
    doc = _doc(3)
    assert len(doc.tables) == 3
    doc.blocks.append(Table(rows=[], index=9))
    assert [t.index for t in doc.tables] == [0, 1, 2, 9]
    doc.blocks = doc.blocks[:2]
    assert [t.index for t in doc.tables] == [0]
    other = dataclasses.replace(doc, blocks=[Table(rows=[], index=5)])
    assert [t.index for t in other.tables] == [5] and [t.index for t in doc.tables] == [0]
    assert other == dataclasses.replace(other, _tables=None)  # not part of equality
