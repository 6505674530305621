"""Inline suppressions in .txt/.md reports: `auditlint: ignore AL201 -- reason` on the line of
a finding or on the line before it (`<!-- auditlint: ignore AL201 -- reason -->` in Markdown).

Directives are cut out of the document before extraction, so their own digits (`AL201`) never
become facts. A directive that suppresses nothing is reported (AL001), like ruff's RUF100:
a stale suppression would otherwise hide the next real error on that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlint.document import Document, Paragraph, SourceText, Table
from auditlint.findings import Finding

UNUSED_CODE = "AL001"

_DIRECTIVE = re.compile(
    r"(?P<open><!--[ \t]*)?auditlint[ \t]*[:：][ \t]*ignore(?![\w-])(?P<body>.*?)(?P<close>[ \t]*-->|$)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\s,，、;；]+")
_CODE = re.compile(r"[A-Za-z]{1,6}\d{1,4}\Z")
_REASON = re.compile(r"--|——")


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


# -- cutting directives out of the document ---------------------------------------------------

def _cut(st: SourceText, spans: dict[int, list[tuple[int, int]]]) -> SourceText:
    """`st` without the characters that came from the given (line -> column ranges)."""
    excluded: list[tuple[int, int]] = []
    for seg in st.segments:
        for c0, c1 in spans.get(seg.line, ()):
            a, b = max(seg.column, c0), min(seg.column + seg.length, c1)
            if a < b:
                excluded.append((seg.offset + a - seg.column, seg.offset + b - seg.column))
    if not excluded:
        return st
    excluded.sort()
    kept: list[SourceText] = []
    pos = 0
    for a, b in excluded:
        if a > pos:
            kept.append(st.slice(pos, a))
        pos = max(pos, b)
    if pos < len(st.text):
        kept.append(st.slice(pos, len(st.text)))
    return SourceText.join(kept)


def strip_directives(document: Document, directives: list[Directive]) -> None:
    """Remove the directives' text from paragraphs and cells; drop paragraphs left empty."""
    if not directives:
        return
    spans: dict[int, list[tuple[int, int]]] = {}
    for d in directives:
        spans.setdefault(d.line, []).append((d.column, d.end_column))
    blocks = []
    dropped = False
    for block in document.blocks:
        if isinstance(block, Paragraph):
            block.text = _cut(block.text, spans)
            if not block.text.text.strip():
                dropped = True
                continue
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    cell.text = _cut(cell.text, spans)
        blocks.append(block)
    if dropped:
        document.blocks = blocks
        document.number_blocks()


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
                           "suppression names no rule code (write `auditlint: ignore AL101`)")
        for code, col in d.codes:
            if code not in known:
                msg = f"suppression names an unknown rule code {code}"
            elif code in enabled and (d.line, d.column, code) not in used:
                msg = f"unused suppression: no {code} finding on this line or the next"
            else:
                continue
            yield _finding(rule, path, d.line, col, col + len(code), msg)


def _finding(rule: type, path: str, line: int, col: int, end_col: int, message: str) -> Finding:
    return Finding(code=rule.code, rule=rule.name, severity=rule.severity, path=path,
                   line=line, column=col, end_line=line, end_column=end_col,
                   location=f"line {line}", message=message)
