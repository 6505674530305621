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
    return "\n".join(
        f"::{COMMAND[f.severity]} file={_prop(f.path)},line={f.line},col={f.column},"
        f"title={_prop(f.code)}::{_data(f.message)} [{_data(f.rule)}]"
        for f in findings)


def run_error(message: str) -> str:
    """An annotation without a file: why the run could not proceed."""
    return f"::error title=auditlint::{_data(message)}"
