"""The stable JSON output of DESIGN.md: tools depend on its shape."""

from __future__ import annotations

import json

from auditlint.findings import FileResult, Finding


def summary(files: list[FileResult], findings: list[Finding]) -> dict[str, int]:
    return {
        "files": len(files),
        "findings": len(findings),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
    }


def render_json(files: list[FileResult], findings: list[Finding],
                counts: dict[str, int] | None = None) -> str:
    """The JSON document; `counts` is the summary when findings were counted as they came."""
    doc = {
        "version": 1,
        "files": [f.model_dump() for f in files],
        "findings": [f.model_dump() for f in findings],
        "summary": counts or summary(files, findings),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
