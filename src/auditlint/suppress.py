"""Inline suppressions in .txt/.md reports: `auditlint: ignore AL201 -- reason` on the line of
a finding or on the line before it (`<!-- auditlint: ignore AL201 -- reason -->` in Markdown).

The document is read without its directives, so their own digits (`AL201`) never become
facts and a directive line between two table rows does not split the table. A directive that
suppresses nothing is reported (AL001), like ruff's RUF100: a stale suppression would
otherwise hide the next real error on that line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from auditlint.document import Document, Paragraph, SourceText, Span, Table
from auditlint.findings import Finding
from auditlint.lazyre import lazy_compile

UNUSED_CODE = "AL001"

_DIRECTIVE = lazy_compile(
    r"(?P<open><!--[ \t]*)?auditlint[ \t]*[:：][ \t]*ignore(?![\w-])(?P<body>.*?)(?P<close>[ \t]*-->|$)",
    re.IGNORECASE,
)
_TOKEN = lazy_compile(r"[^\s,，、;；]+")
_CODE = lazy_compile(r"[A-Za-z]{1,6}\d{1,4}\Z")
_REASON = lazy_compile(r"--|——")


@dataclass(frozen=True)
class Directive:
    """One `auditlint: ignore` comment: where it stands and the codes it names."""

    line: int
    column: int  # 1-based column where the directive text starts
    end_column: int  # exclusive
    codes: tuple[tuple[str, int], ...]  # (code, its 1-based column)
    reason: str = ""

    def covers(self, finding: Finding) -> bool:
        return finding.line in (self.line, self.line + 1) and any(
            c == finding.code for c, _ in self.codes)

    def unused(self, code: str) -> str:
        """What AL001 says of a code this directive names that suppressed nothing."""
        return f"unused suppression: no {code} finding on this line or the next"

    @property
    def location(self) -> str:
        return f"line {self.line}"


def parse_line(text: str, line_no: int) -> list[Directive]:
    """The directives written on one line of the original file."""
    out: list[Directive] = []
    for m in _DIRECTIVE.finditer(text):
        body, body_start = m.group("body"), m.start("body")
        cut = _REASON.search(body)
        codes_part = body[:cut.start()] if cut else body
        reason = body[cut.end():].strip() if cut else ""
        codes: list[tuple[str, int]] = []
        for t in _TOKEN.finditer(codes_part):
            if not _CODE.match(t.group()):
                if not cut:  # words after the codes without `--`: a reason all the same
                    reason = codes_part[t.start():].strip()
                break
            codes.append((t.group().upper(), body_start + t.start() + 1))
        out.append(Directive(line=line_no, column=m.start() + 1, end_column=m.end() + 1,
                             codes=tuple(codes), reason=reason))
    return out


def find_directives(lines: Iterable[str]) -> list[Directive]:
    out: list[Directive] = []
    for i, text in enumerate(lines, start=1):
        if "auditlint" in text.lower():
            out.extend(parse_line(text, i))
    return out


# -- reading the document without them ------------------------------------------------------

def masked_lines(lines: list[str], directives: list[Directive]) -> tuple[list[str], list[int]]:
    """The lines without their directives, and the original number of each line kept.

    A directive alone on its line takes the line with it (so a directive between two rows
    of a table does not split the table); one at the end of a line is cut off; one inside a
    line becomes spaces, so the columns after it do not move."""
    by_line: dict[int, list[Directive]] = {}
    for d in directives:
        by_line.setdefault(d.line, []).append(d)
    out: list[str] = []
    origin: list[int] = []
    for number, text in enumerate(lines, start=1):
        for d in sorted(by_line.get(number, ()), key=lambda d: -d.column):
            a, b = d.column - 1, d.end_column - 1
            rest = text[b:]
            text = text[:a].rstrip() if not rest.strip() else text[:a] + " " * (b - a) + rest
        if number in by_line and not text.strip():
            continue
        out.append(text)
        origin.append(number)
    return out, origin


def _remap_text(st: SourceText, origin: list[int]) -> None:
    st.segments = [replace(s, line=origin[s.line - 1]) for s in st.segments]


def _remap_span(span: Span | None, origin: list[int]) -> Span | None:
    if span is None:
        return None
    return replace(span, line=origin[span.line - 1], end_line=origin[span.end_line - 1])


def without_directives(document: Document, directives: list[Directive],
                       parse: Callable[[str, str, str], Document]) -> Document:
    """`document` read again from its lines without the directives (by `parse`, the reader
    of its format), its source map pointing at the original lines."""
    if not directives:
        return document
    lines, origin = masked_lines(document.lines, directives)
    doc = parse("\n".join(lines) + "\n", document.path, document.encoding)
    done: set[int] = set()  # a merged cell shares its text with the cell it copies
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _remap_text(block.text, origin)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if id(cell.text) not in done:
                        done.add(id(cell.text))
                        _remap_text(cell.text, origin)
    for note in doc.notes:
        note.span = _remap_span(note.span, origin)
    doc.lines = document.lines
    return doc


# -- applying them to findings ----------------------------------------------------------------

@dataclass
class Outcome:
    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)


def apply(findings: list[Finding], directives: list[Directive], *, path: str,
          enabled: set[str], known: set[str]) -> Outcome:
    """Drop the findings a directive covers; report directives that cover nothing (when
    AL001 is enabled). Codes of rules not enabled in this run are not judged: the directive
    may well be used when they run."""
    out = Outcome()
    used: set[tuple[int, int, str]] = set()
    for f in findings:
        hits = [d for d in directives if d.covers(f)]
        if not hits:
            out.kept.append(f)
            continue
        out.suppressed.append(f)
        used.update((d.line, d.column, f.code) for d in hits)
    if UNUSED_CODE in enabled:
        out.kept.extend(_unused(directives, used, path=path, enabled=enabled, known=known))
    return out


def _unused(directives: list[Directive], used: set[tuple[int, int, str]], *, path: str,
            enabled: set[str], known: set[str]) -> Iterable[Finding]:
    from auditlint.checks.meta import UnusedSuppression

    rule = UnusedSuppression
    for d in directives:
        if not d.codes:
            yield _finding(rule, path, d.line, d.column, d.end_column,
                           "suppression names no rule code (write `auditlint: ignore AL101`)",
                           d.location)
        for code, col in d.codes:
            if code not in known:
                msg = f"suppression names an unknown rule code {code}"
            elif code in enabled and (d.line, d.column, code) not in used:
                msg = d.unused(code)
            else:
                continue
            yield _finding(rule, path, d.line, col, col + len(code), msg, d.location)


def _finding(rule: type, path: str, line: int, col: int, end_col: int, message: str,
             location: str = "") -> Finding:
    return Finding(code=rule.code, rule=rule.name, severity=rule.severity, path=path,
                   line=line, column=col, end_line=line, end_column=end_col,
                   location=location or f"line {line}", message=message)
