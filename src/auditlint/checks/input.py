"""AL9: input. What auditlint could not read is said, so silence is never taken for
consistency."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding


@register
class Unreadable(Rule):
    """What it does: reports a file auditlint cannot read at all: empty, binary, in an
    encoding it cannot decode, corrupt, encrypted, or a PDF without a text layer.

    Why it matters: a report that was not read was not checked; saying so keeps a clean
    run meaning "checked and consistent".

    Anti-pattern:
        (a PDF scanned from paper, with no text layer)

    Best practice:
        (the same report as text, or the PDF after OCR)
    """

    code = "AL901"
    name = "unreadable-file"
    summary = "the file cannot be read"
    examples_lintable = False  # the examples describe files, they are not report text

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return ()  # raised by the pipeline when a reader fails


@register
class TableNotUnderstood(Rule):
    """What it does: notes a table (or a piece of the document) that auditlint recognised
    but could not interpret, so none of its numbers were checked.

    Why it matters: silence about a table must not be mistaken for its consistency.

    Anti-pattern:
        (a table whose header row cannot be matched to its data rows)

    Best practice:
        (a table with one header row and cells aligned under it)
    """

    code = "AL902"
    name = "table-not-understood"
    severity = "info"
    summary = "a table or block could not be interpreted"
    examples_lintable = False  # the examples describe tables, they are not report text

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for note in [*ctx.document.notes, *ctx.graph.notices]:
            if note.code != self.code:
                continue
            span = note.span
            yield Finding(
                code=self.code, rule=self.name, severity=self.severity, path=ctx.path,
                line=span.line if span else 1, column=span.column if span else 1,
                end_line=span.end_line if span else 1, end_column=span.end_column if span else 1,
                location=note.location, message=note.message)
