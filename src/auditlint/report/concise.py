"""One line per finding, `path:line:col: severity: CODE message` (the shape compilers print,
which editors' error parsers read), for editors, grep and quick reading. A finding in a
.docx or .pdf adds where it is in the document (page, table, row), since its line is one of
auditlint's rendering."""

from __future__ import annotations

from auditlint.findings import Finding


def one_line(text: str) -> str:
    return " ".join(text.split())


def render_concise(findings: list[Finding]) -> str:
    return "\n".join(f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.code} {one_line(f.message)}"
                     f"{where(f)}" for f in findings)


def where(f: Finding) -> str:
    """` (page 3, table 2, row 4)` for findings in paginated formats, else nothing."""
    return f" ({f.location})" if f.location and f.path.lower().endswith(PAGINATED) else ""


PAGINATED = (".docx", ".pdf")
