"""The one-line summary every text format ends with: findings by severity, and what was not
checked, so a quiet run is never taken for a checked one."""

from __future__ import annotations

from typing import Any

from auditlint.findings import Unchecked
from auditlint.unchecked import describe


def unchecked_text(s: dict[str, Any]) -> str:
    """`1 file not read, 2 tables / 0 paragraphs not understood` (the files part only when
    a file could not be read)."""
    u = s.get("unchecked") or {}
    parts = []
    if u.get("files"):
        parts.append(f"{u['files']} file(s) not read")
    parts.append(describe(Unchecked(tables=u.get("tables", 0), paragraphs=u.get("paragraphs", 0))))
    return ", ".join(parts)


def nothing_unchecked(s: dict[str, Any]) -> bool:
    u = s.get("unchecked") or {}
    return not (u.get("files") or u.get("tables") or u.get("paragraphs"))


def summary_text(s: dict[str, Any]) -> str:
    if s["findings"]:
        head = (f"{s['findings']} finding(s) in {s['files']} file(s): {s['errors']} error(s), "
                f"{s['warnings']} warning(s), {s['infos']} info")
    else:
        head = f"{s['files']} file(s) checked, no findings"
    return f"{head}; {unchecked_text(s)}{baseline_text(s)}"


def baseline_text(s: dict[str, Any]) -> str:
    """`; 3 hidden by the baseline (1 stale entry)` when a baseline was applied."""
    b = s.get("baseline")
    if not b:
        return ""
    stale = f" ({b['stale']} stale entr{'y' if b['stale'] == 1 else 'ies'})" if b["stale"] else ""
    return f"; {b['hidden']} hidden by the baseline{stale}"
