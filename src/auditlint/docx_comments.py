"""Suppressions in .docx reports: a Word comment `auditlint: ignore AL101 -- reason` on the
text of a finding. Word has no place for a comment in the text itself, and reviewers already
annotate reports with comments, so the comment is the directive: on a paragraph it covers the
findings of that paragraph, on a table cell those of the cell's row.

The comments are read from the file (word/comments.xml, anchored in word/document.xml); the
paragraph or row a comment is on is found among the lines the reader wrote (what `auditlint
render` prints), by its text. A comment whose text cannot be found suppresses nothing and is
reported (AL001), as an unused directive is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditlint.findings import Finding
from auditlint.lazyre import lazy_compile
from auditlint.suppress import Directive, parse_line

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MERGED_MARKS = {"↑", "←", "〃"}  # how the rendering shows a merged cell
_SPACE = lazy_compile(r"\s+")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class CommentDirective(Directive):
    """A directive from a Word comment: it covers its own line only (the paragraph or table
    row the comment is on), and is reported by the comment's number."""

    comment: int = 0
    found: bool = True  # whether the text the comment is on was found in the rendering

    def covers(self, finding: Finding) -> bool:
        return self.found and finding.line == self.line and any(
            c == finding.code for c, _ in self.codes)

    def unused(self, code: str) -> str:
        if not self.found:
            return (f"the Word comment “auditlint: ignore {code}” is on text auditlint did not "
                    "find as it reads the document (see `auditlint render`); it suppresses "
                    "nothing")
        return f"unused suppression: no {code} finding in the text Word comment {self.comment} is on"

    @property
    def location(self) -> str:
        return f"Word comment {self.comment}"


def _parse(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _text(el: Any) -> str:
    """An element's text as the reader joins it (tabs as spaces), whitespace removed for
    comparison: the rendering re-joins wrapped text and spaces runs differently."""
    parts = []
    for node in el.iter(_w("t"), _w("tab")):
        parts.append(" " if node.tag == _w("tab") else (node.text or ""))
    return _SPACE.sub("", "".join(parts))


def _comments(archive: zipfile.ZipFile) -> dict[str, tuple[int, str]]:
    """comment id -> (its number in the document, 1-based; its text, lines kept)."""
    try:
        root = _parse(archive.read("word/comments.xml"))
    except KeyError:
        return {}
    out: dict[str, tuple[int, str]] = {}
    for n, c in enumerate(root.iter(_w("comment")), start=1):
        lines = ["".join(t.text or "" for t in p.iter(_w("t"))) for p in c.iter(_w("p"))]
        out[c.get(_w("id"), "")] = (n, "\n".join(lines))
    return out


def _anchor(body: Any, cid: str) -> tuple[str, Any] | None:
    """What comment `cid` is on: ("row", <w:tr>) or ("paragraph", <w:p>)."""
    for tag in ("commentRangeStart", "commentReference"):
        for el in body.iter(_w(tag)):
            if el.get(_w("id")) != cid:
                continue
            node = el
            while node is not None and node.tag not in (_w("tr"), _w("p")):
                node = node.getparent()
            if node is None:
                return None
            if node.tag == _w("p"):
                row = node
                while row is not None and row.tag != _w("tr"):
                    row = row.getparent()
                if row is not None:
                    return "row", row
                return "paragraph", node
            return "row", node
    return None


def _row_cells(row: Any) -> list[str]:
    return [t for t in (_text(tc) for tc in row.iter(_w("tc"))) if t]


def _line_cells(line: str) -> list[str]:
    return [c for c in (_SPACE.sub("", part) for part in line.split("|"))
            if c and c not in MERGED_MARKS]


def _find_line(kind: str, el: Any, lines: list[str], nth: int) -> int | None:
    """The 1-based line of the rendering showing paragraph (or row) `el`; `nth`: which of
    the elements with the same text it is."""
    if kind == "paragraph":
        want = _text(el)
        hits = [i for i, ln in enumerate(lines, 1) if want and _SPACE.sub("", ln) == want]
    else:
        cells = _row_cells(el)
        hits = [i for i, ln in enumerate(lines, 1) if cells and _line_cells(ln) == cells]
    return hits[nth] if nth < len(hits) else None


def docx_directives(path: Path, lines: list[str]) -> list[Directive]:
    """The `auditlint: ignore` directives of a .docx's comments, placed on the lines of its
    rendering; none when the file has no comments (or they cannot be read: the reader has
    already said whether the file itself can be)."""
    try:
        with zipfile.ZipFile(path) as archive:
            comments = _comments(archive)
            if not any("auditlint" in text.lower() for _, text in comments.values()):
                return []
            body = _parse(archive.read("word/document.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return []
    from lxml import etree

    if not isinstance(body, etree._Element):
        return []
    out: list[Directive] = []
    for cid, (number, text) in comments.items():
        parsed = [d for ln in text.splitlines() for d in parse_line(ln, 0)]
        if not parsed:
            continue
        anchor = _anchor(body, cid)
        line = None
        if anchor is not None:
            kind, el = anchor
            key = (kind, _text(el))
            line = _find_line(kind, el, lines, _nth(body, kind, el, key))
        at = line or 1
        width = max(len(lines[at - 1]), 1) + 1 if lines else 2
        for d in parsed:
            codes = tuple((code, 1) for code, _ in d.codes)
            out.append(CommentDirective(line=at, column=1, end_column=width, codes=codes,
                                        reason=d.reason, comment=number, found=line is not None))
    return out


def _nth(body: Any, kind: str, el: Any, key: tuple[str, str]) -> int:
    """How many elements of the same kind and text come before `el` in the document (body
    paragraphs only for a paragraph: those of a table are shown in its rows)."""
    tag = _w("p") if kind == "paragraph" else _w("tr")
    n = 0
    for other in body.iter(tag):
        if other is el:
            return n
        if kind == "paragraph" and any(a.tag == _w("tc") for a in other.iterancestors()):
            continue
        if (kind, _text(other)) == key:
            n += 1
    return n
