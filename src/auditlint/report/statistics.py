"""`--statistics`: how many findings of each code, most frequent first."""

from __future__ import annotations

import json
from collections import Counter

from auditlint.findings import Finding


def count(findings: list[Finding]) -> list[tuple[str, str, str, int]]:
    """(code, rule name, severity, count), most frequent first, then by code and severity:
    a rule whose findings differ in severity (it lowered some) has a row per severity."""
    by_key = Counter((f.code, f.rule, f.severity) for f in findings)
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(((c, r, s, n) for (c, r, s), n in by_key.items()),
                  key=lambda t: (-t[3], t[0], rank.get(t[2], 3)))


def render_statistics(findings: list[Finding]) -> str:
    rows = count(findings)
    if not rows:
        return "no findings"
    width = max(len(str(n)) for *_, n in rows)
    return "\n".join(f"{n:>{width}}  {code}  {sev:<7}  {name}" for code, name, sev, n in rows)


def render_statistics_json(findings: list[Finding]) -> str:
    return json.dumps([{"code": c, "rule": r, "severity": s, "count": n}
                       for c, r, s, n in count(findings)], ensure_ascii=False, indent=2)
