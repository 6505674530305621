"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request,
`::error file=…,line=…,col=…,title=AL101::message`."""

from __future__ import annotations

from auditlint.findings import Finding

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: list[Finding]) -> str:
    return "\n".join(annotation(f) for f in findings)


def annotation(f: Finding) -> str:
    """The figure's start and end (GitHub underlines the span), and a title that says the
    rule and where the figure is in the document (table, row, column, page): for a .docx or
    .pdf the line is one of auditlint's rendering, the location is what a reviewer finds."""
    end_line = max(f.end_line, f.line)
    end_col = f.end_column if end_line > f.line or f.end_column > f.column else f.column + 1
    title = f"{f.code} {f.rule}" + (f" ({f.location})" if f.location else "")
    return (f"::{COMMAND[f.severity]} file={_prop(f.path)},line={f.line},endLine={end_line},"
            f"col={f.column},endColumn={end_col},title={_prop(title)}::"
            f"{_data(f.message)} [{_data(f.rule)}]")


def run_error(message: str) -> str:
    """An annotation without a file: why the run could not proceed."""
    return f"::error title=auditlint::{_data(message)}"
