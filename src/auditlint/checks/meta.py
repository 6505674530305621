"""AL0: auditlint's own directives in a report. The findings are made by the suppression
pass (auditlint.suppress), which sees the directives; the rule is here for its code and doc."""

from __future__ import annotations

from collections.abc import Iterable

from auditlint.checks.base import CheckContext, Rule, register
from auditlint.findings import Finding


@register
class UnusedSuppression(Rule):
    """What it does: reports an `auditlint: ignore CODE` directive that suppresses nothing:
    no finding of that code stands on its line or the next, the code is unknown, or no code
    is named at all.

    Why it matters: a stale suppression stays in the report after the figure it excused was
    corrected, and would silently hide the next real error on that line.

    Anti-pattern:
        本年支出 96.50 万元，较上年有所下降。auditlint: ignore AL102 -- 口径不同

    Best practice:
        本年支出 96.50 万元，较上年有所下降。
    """

    code = "AL001"
    name = "unused-suppression"
    severity = "warning"
    summary = "an `auditlint: ignore` directive suppresses nothing"

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return ()  # raised by the suppression pass, which knows what was suppressed
