"""GitLab code quality (`--format gitlab`): the subset of the Code Climate issue format that
GitLab's merge-request widget reads (`artifacts: reports: codequality`), for self-hosted GitLab
where SARIF code scanning is not available. One issue per finding; fingerprints are the SARIF
ones (unique, not tied to the line), since GitLab shows only one issue per fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

from auditlint.findings import Finding
from auditlint.report.concise import where
from auditlint.report.sarif import fingerprints

# auditlint's severities on GitLab's scale (info, minor, major, critical, blocker)
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def repo_path(path: str) -> str:
    """GitLab wants paths relative to the repository (the job's working directory)."""
    p = Path(path)
    if p.is_absolute() and p.is_relative_to(Path.cwd()):
        path = str(p.relative_to(Path.cwd()))
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def issue(f: Finding, fingerprint: str) -> dict[str, object]:
    path = repo_path(f.path)
    end_line = max(f.end_line, f.line)
    return {
        "type": "issue",
        "check_name": f"{f.code} {f.rule}",
        "description": (" ".join(f.message.split()) or f.code) + where(f),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": SEVERITY[f.severity],
        "location": {"path": path,
                     "positions": {"begin": {"line": f.line, "column": f.column},
                                   "end": {"line": end_line, "column": max(f.end_column, 1)}}},
    }


def issues(findings: list[Finding]) -> list[dict[str, object]]:
    """One file's findings as issues (fingerprints are counted within a file)."""
    return [issue(f, fp) for f, fp in zip(findings, fingerprints(findings), strict=True)]


def render_gitlab(findings: list[Finding]) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    out = [i for path in sorted(by_path) for i in issues(by_path[path])]
    return json.dumps(out, ensure_ascii=False, indent=2)
