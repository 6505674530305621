"""`--format html`: the review page. One self-contained file (styles and script inline, no
network, no font files), for the reviewer who reads the report rather than the terminal.

Per report: the document as auditlint read it (paragraphs; tables as tables, merged cells
spanning), each finding's figure marked in place in its severity's colour, its operands
marked and linked, a side list of findings filterable by code and severity, and what could
not be checked counted. Files are rendered one by one as they are done, and kept as text
until the page is put together (findings side list first, then the documents).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from auditlint import __version__
from auditlint.document import Document, Paragraph, SourceText, Table
from auditlint.findings import FileResult, Finding
from auditlint.report.locate import Locator, Place, block_texts
from auditlint.report.spool import Counts, Spool

UNCHECKED = ("AL901", "AL902")  # what says part of a report was not checked
SEVERITY_LABEL = {"error": "error", "warning": "warning", "info": "info"}


def _asset(name: str) -> str:
    return resources.files("auditlint.report").joinpath("review_assets").joinpath(name).read_text(
        encoding="utf-8")


class Sink(Protocol):
    def write(self, text: str, /) -> int: ...


@dataclass(slots=True)
class _Mark:
    """One marked range of a text: a finding's figure or one of its operands."""

    start: int
    end: int
    id: str
    finding: str  # id of the finding's figure
    kind: str  # fig | opd
    severity: str
    code: str
    title: str


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _marked(text: str, marks: list[_Mark]) -> str:
    """Text with its marks as nested elements. Marks of the same characters nest (a figure
    that is another finding's operand); a mark that overlaps another only in part is cut
    to fit inside it, so the markup stays well formed."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.kind != "fig"))
    out: list[str] = []
    stack: list[_Mark] = []
    pos = 0

    def close_to(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(_esc(text[pos:top.end]))
            pos = top.end
            out.append("</mark>" if top.kind == "fig" else "</span>")

    for m in ordered:
        close_to(m.start)
        start = max(m.start, pos)
        end = min(m.end, stack[-1].end) if stack else m.end
        if end <= start:
            end = start  # an empty anchor still gives the link a target
        out.append(_esc(text[pos:start]))
        pos = start
        m = _Mark(start, end, m.id, m.finding, m.kind, m.severity, m.code, m.title)
        if m.kind == "fig":
            out.append(f'<mark class="fig sev-{m.severity}" id="{m.id}" data-finding="{m.finding}" '
                       f'data-code="{m.code}" data-severity="{m.severity}" tabindex="0" '
                       f'title="{_esc(m.title)}">')
        else:
            out.append(f'<span class="opd" id="{m.id}" data-finding="{m.finding}" '
                       f'title="{_esc(m.title)}">')
        stack.append(m)
    close_to(len(text) + 1)
    out.append(_esc(text[pos:]))
    return "".join(out)


def _line_of(text: SourceText) -> int | None:
    return text.segments[0].line if text.segments else None


class _Section:
    """One report's part of the page: its side-list entries and its document."""

    def __init__(self, n: int, result: FileResult, findings: list[Finding],
                 document: Document | None) -> None:
        self.n = n
        self.result = result
        self.findings = findings
        self.document = document
        self.marks: dict[tuple[int, int | None, int | None], list[_Mark]] = {}
        self.placed: dict[str, Place] = {}  # finding id -> where its figure is
        self.operands: dict[str, list[tuple[str, Place | None]]] = {}
        if document is not None:
            self._locate(Locator(document, findings))

    def fid(self, k: int) -> str:
        return f"f{self.n}-{k}"

    def _locate(self, loc: Locator) -> None:
        self.loc = loc
        for k, f in enumerate(self.findings):
            fid = self.fid(k)
            title = f"{f.code} {f.message}"
            place = loc.figure(f)
            if place is not None:
                self.placed[fid] = place
                self.marks.setdefault(place.key, []).append(_Mark(
                    place.start, place.end, fid, fid, "fig", f.severity, f.code, title))
            ops: list[tuple[str, Place | None]] = []
            for j, r in enumerate(f.related):
                oid = f"o{self.n}-{k}-{j}"
                op = loc.operand(r) if r.path == f.path else None
                ops.append((oid, op))
                if op is not None:
                    self.marks.setdefault(op.key, []).append(_Mark(
                        op.start, op.end, oid, fid, "opd", f.severity, f.code,
                        f"{r.message} — operand of {f.code}"))
            self.operands[fid] = ops

    # -- the side list -------------------------------------------------------------------

    def nav(self) -> str:
        r = self.result
        out = [f'<section class="navfile" data-file="{self.n}"><h2><a href="#doc{self.n}">'
               f'{_esc(r.path)}</a></h2>']
        out.append(f'<p class="counts">{self._counts()}</p>')
        if not self.findings:
            out.append('<p class="none">No findings.</p>')
        out.append('<ol class="findings">')
        for k, f in enumerate(self.findings):
            out.append(self._item(k, f))
        out.append("</ol></section>")
        return "\n".join(out)

    def _counts(self) -> str:
        by = Counter(f.severity for f in self.findings)
        unchecked = sum(1 for f in self.findings if f.code in UNCHECKED)
        parts = [f'<span class="sev-{s}">{by.get(s, 0)} {s}{"s" if by.get(s, 0) != 1 else ""}'
                 f"</span>" for s in ("error", "warning", "info")]
        parts.append(f'<span class="unchecked" title="tables or parts of the file that were not '
                     f'checked (AL901, AL902)">not checked: {unchecked}</span>')
        return " · ".join(parts)

    def _item(self, k: int, f: Finding) -> str:
        fid = self.fid(k)
        place = self.placed.get(fid)
        where = f"{f.line}:{f.column}"
        page = self.loc.page(place) if place is not None else None
        if page is not None:
            where += f", p. {page}"
        target = (f'<a class="go" href="#{fid}">{_esc(f.code)} <span class="where">{where}</span></a>'
                  if place is not None else
                  f'<span class="go unplaced">{_esc(f.code)} <span class="where">{where}</span>'
                  f"</span>")
        ops = []
        placed_ops = self.operands.get(fid) or [(None, None)] * len(f.related)  # none read
        for (oid, op), r in zip(placed_ops, f.related, strict=True):
            label = f"↳ {_esc(r.message)} <span class=\"where\">{r.line}:{r.column}</span>"
            ops.append(f'<li><a class="op" href="#{oid}">{label}</a></li>' if op is not None
                       else f"<li>{label}</li>")
        extra = ""
        if place is None:
            line = self._source_line(f.line)
            extra = ('<p class="unplaced-note">not in a block of the document as read'
                     + (f": <code>{_esc(line)}</code>" if line else "") + "</p>")
        location = f' <span class="loc">{_esc(f.location)}</span>' if f.location else ""
        return (f'<li class="finding sev-{f.severity}" data-code="{_esc(f.code)}" '
                f'data-severity="{f.severity}" data-target="{fid}" id="item-{fid}">'
                f'<span class="badge sev-{f.severity}">{f.severity}</span> {target}'
                f' <span class="rule">[{_esc(f.rule)}]</span>{location}'
                f'<div class="msg">{_esc(f.message)}</div>{extra}'
                + (f'<ul class="ops">{"".join(ops)}</ul>' if ops else "") + "</li>")

    def _source_line(self, line: int) -> str:
        lines = self.document.lines if self.document is not None else []
        return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""

    # -- the document --------------------------------------------------------------------

    def body(self) -> str:
        r = self.result
        d = self.document
        head = (f'<section class="report" id="doc{self.n}" data-file="{self.n}">'
                f'<header class="reporthead"><h2>{_esc(r.path)}</h2>'
                f'<p class="counts">{_esc(r.format)}'
                + (f", {len(d.paragraphs)} paragraphs, {len(d.tables)} tables" if d else "")
                + f", {r.facts} facts, {r.relations} relations · {self._counts()}</p>"
                + (f'<p class="error">{_esc(r.error)}</p>' if r.error else "")
                + "</header>")
        if d is None:
            return head + "</section>"
        out = [head]
        for b, block in enumerate(d.blocks):
            out.append(self._table(b, block) if isinstance(block, Table)
                       else self._paragraph(b, block))
        out.append("</section>")
        return "\n".join(out)

    def _badges(self, page: int | None, line: int | None) -> str:
        out = ""
        if page is not None:
            out += f'<span class="pg">p. {page}</span>'
        if line is not None:
            out += f'<span class="ln">L{line}</span>'
        return f'<span class="gutter">{out}</span>'

    def _paragraph(self, b: int, p: Paragraph) -> str:
        [(key, text)] = block_texts(p, b)
        line = _line_of(text)
        cls = "blk para heading" if p.heading else "blk para"
        page = f' data-page="{p.page}"' if p.page is not None else ""
        return (f'<div class="{cls}" data-block="{b}" data-line="{line or ""}"{page}>'
                f'{self._badges(p.page, line)}<p>{_marked(text.text, self.marks.get(key, []))}'
                "</p></div>")

    def _table(self, b: int, t: Table) -> str:
        spans = _spans(t)
        first = next((_line_of(c.text) for row in t.rows for c in row if c.text.segments), None)
        pages = sorted({p for r in range(t.n_rows) if (p := t.page_of(r)) is not None})
        page_attr = f' data-page="{pages[0]}"' if pages else ""
        page_label = (None if not pages else pages[0])
        cap = f"table {t.index}" + (f": {_esc(t.caption)}" if t.caption else "") + (
            f' <span class="unit">{_esc(t.unit)}</span>' if t.unit else "")
        if len(pages) > 1:
            cap += f' <span class="pages">pages {pages[0]}–{pages[-1]}</span>'
        out = [f'<div class="blk tbl" data-block="{b}" data-line="{first or ""}"{page_attr}>'
               f'{self._badges(page_label, first)}<div class="tblwrap">'
               f'<div class="cap">{cap}</div><table>']
        prev_page = pages[0] if pages else None
        for r, row in enumerate(t.rows):
            if r == t.header_rows and r:
                out.append("</thead><tbody>")
            elif r == 0:
                out.append("<thead>" if t.header_rows else "<tbody>")
            row_page = t.page_of(r)
            page_cls = ""
            if row_page is not None and row_page != prev_page:
                page_cls = ' class="newpage"'
                prev_page = row_page
            tag = "th" if r < t.header_rows else "td"
            cells = []
            for c in row:
                if c.merged:
                    continue
                rs, cs = spans.get((c.row, c.col), (1, 1))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                line = _line_of(c.text)
                if line is not None:
                    attrs += f' data-line="{line}"'
                if page_cls and not cells:  # the row that opens a new page says which
                    attrs += f' data-newpage="p. {row_page}"'
                key = (b, c.row, c.col)
                cells.append(f"<{tag}{attrs}>{_marked(c.text.text, self.marks.get(key, []))}</{tag}>")
            page_attr_row = f' data-page="{row_page}"' if row_page is not None else ""
            out.append(f"<tr{page_cls}{page_attr_row}>{''.join(cells)}</tr>")
        if t.rows:
            out.append("</thead>" if t.header_rows >= t.n_rows else "</tbody>")
        out.append("</table></div></div>")
        return "".join(out)


def _spans(t: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """(rowspan, colspan) of each merged cell, from the grid positions that point at it."""
    extent: dict[tuple[int, int], tuple[int, int]] = {}
    for row in t.rows:
        for c in row:
            if c.merged and c.origin is not None:
                r0, c0 = c.origin
                rs, cs = extent.get(c.origin, (1, 1))
                extent[c.origin] = (max(rs, c.row - r0 + 1), max(cs, c.col - c0 + 1))
    return extent


class HtmlWriter:
    """Collects each report's rendered part as it is done; `finish` writes the page."""

    def __init__(self) -> None:
        self.counts = Counts()
        self.nav = Spool()
        self.main = Spool()
        self.codes: Counter[str] = Counter()
        self.n = 0

    def file(self, result: FileResult, findings: list[Finding], document: Document | None) -> None:
        self.n += 1
        self.counts.add(findings)
        self.codes.update(f.code for f in findings)
        section = _Section(self.n, result, findings, document)
        self.nav.add(result.path, section.nav())
        self.main.add(result.path, section.body())

    def write(self, out: Sink) -> None:
        try:
            self._write(out)
        finally:
            self.nav.close()
            self.main.close()

    def _write(self, out: Sink) -> None:
        s = self.counts.summary()
        unchecked = sum(n for code, n in self.codes.items() if code in UNCHECKED)
        out.write('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                  '<meta name="viewport" content="width=device-width, initial-scale=1">'
                  f'<meta name="generator" content="auditlint {__version__}">'
                  f"<title>auditlint review: {s['findings']} finding(s) in {s['files']} "
                  f"file(s)</title><style>{_asset('review.css')}</style></head><body>\n")
        out.write('<aside id="side"><header><h1>auditlint review</h1>'
                  f'<p class="summary">{s["findings"]} finding(s) in {s["files"]} file(s): '
                  f'<span class="sev-error">{s["errors"]} error(s)</span>, '
                  f'<span class="sev-warning">{s["warnings"]} warning(s)</span>, '
                  f'<span class="sev-info">{s["infos"]} info</span>; '
                  f'<span class="unchecked">not checked: {unchecked}</span></p>')
        out.write(self._filters())
        out.write('<p class="keys">keys: <kbd>n</kbd> next, <kbd>p</kbd> previous finding</p>'
                  "</header>\n")
        for part in self.nav:
            out.write(part + "\n")
        out.write('</aside>\n<main id="main">\n')
        for part in self.main:
            out.write(part + "\n")
        out.write('<div id="card" role="dialog" hidden></div>')
        out.write(f"</main><script>{_asset('review.js')}</script></body></html>\n")

    def _filters(self) -> str:
        sev = "".join(f'<label class="sev-{s}"><input type="checkbox" name="severity" value="{s}" '
                      f"checked> {s}</label>" for s in ("error", "warning", "info"))
        codes = "".join(f'<label><input type="checkbox" name="code" value="{_esc(c)}" checked> '
                        f"{_esc(c)} <span class=\"n\">{n}</span></label>"
                        for c, n in sorted(self.codes.items()))
        return (f'<form id="filters"><fieldset><legend>severity</legend>{sev}</fieldset>'
                f'<fieldset><legend>code</legend>{codes}</fieldset></form>')
