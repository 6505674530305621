"""The stable JSON output of DESIGN.md: tools depend on its shape."""

from __future__ import annotations

import json
from typing import Any

from auditlint.findings import FileResult, Finding, Unchecked


def summary(files: list[FileResult], findings: list[Finding]) -> dict[str, Any]:
    return {
        "files": len(files),
        "findings": len(findings),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
        "unchecked": unchecked_summary(files),
    }


def unchecked_summary(files: list[FileResult]) -> dict[str, int]:
    """`summary.unchecked`: files not read at all, tables and paragraphs not understood."""
    total = sum((f.unchecked for f in files), Unchecked())
    return {"files": sum(f.error is not None for f in files), "tables": total.tables,
            "paragraphs": total.paragraphs}


def render_json(files: list[FileResult], findings: list[Finding],
                counts: dict[str, Any] | None = None) -> str:
    """The JSON document; `counts` is the summary when findings were counted as they came."""
    doc = {
        "version": 1,
        "files": [f.model_dump() for f in files],
        "findings": [f.model_dump() for f in findings],
        "summary": counts or summary(files, findings),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
