"""One line per finding, `path:line:col: CODE message`, for editors, grep and quick reading."""

from __future__ import annotations

from auditlint.findings import Finding


def one_line(text: str) -> str:
    return " ".join(text.split())


def render_concise(findings: list[Finding]) -> str:
    return "\n".join(f"{f.path}:{f.line}:{f.column}: {f.code} {one_line(f.message)}"
                     for f in findings)
