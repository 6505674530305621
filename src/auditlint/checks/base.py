"""Rules: small classes registered by code, each evaluating relations of the fact graph.

A rule's docstring is its documentation (`auditlint explain`): What it does / Why it matters
/ Anti-pattern / Best practice. A rule never reads text; it reads facts and relations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from auditlint.document import Document, Span
from auditlint.facts import Fact, FactGraph, Relation
from auditlint.findings import Finding, Related, Severity

REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    REGISTRY[cls.code] = cls
    return cls


@dataclass
class CheckContext:
    document: Document
    graph: FactGraph
    path: str

    def relations(self, kind: str) -> Iterator[Relation]:
        return (r for r in self.graph.relations if r.kind == kind)

    def stated(self, kind: str, operands: int = 0) -> Iterator[tuple[Relation, Fact]]:
        """Relations of a kind that state a fact (with at least `operands` operands), each with
        the fact it states: what almost every rule iterates over."""
        for r in self.relations(kind):
            if r.result is not None and len(r.operands) >= operands:
                yield r, self.graph.facts[r.result]

    def fact(self, fact_id: int) -> Fact:
        return self.graph.facts[fact_id]


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    # when the rule gives a finding another severity than its default, and why (shown by
    # `auditlint explain` and `auditlint rules`); empty when it never does
    severity_varies: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    # False when the docstring's examples cannot be checked as a report on their own
    # (e.g. AL901: an unreadable file); the doc tests then only require them to exist
    examples_lintable: ClassVar[bool] = True
    # True for a rule over several reports (AL5): it finds nothing in one report alone, so a
    # suppression of its code is not judged by one report's findings
    across: ClassVar[bool] = False

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: CheckContext,
        at: Fact,
        message: str,
        *,
        expected: Decimal | str | None = None,
        actual: Decimal | str | None = None,
        related: Iterable[tuple[Fact, str]] = (),
        severity: Severity | None = None,
        location: str | None = None,
    ) -> Finding:
        """A finding located at fact `at`, with `related` facts (fact, role) listed."""
        return self.finding_at(
            ctx, at.span, location if location is not None else at.location, message,
            expected=expected, actual=actual, severity=severity,
            related=[Related(path=ctx.path, line=f.span.line, column=f.span.column,
                             message=f"{role} {f.text or f.value}".strip())
                     for f, role in related])

    def finding_at(self, ctx: CheckContext, span: Span, location: str, message: str, *,
                   expected: Decimal | str | None = None, actual: Decimal | str | None = None,
                   related: list[Related] | None = None,
                   severity: Severity | None = None) -> Finding:
        """A finding located at a span of the text (a place no figure stands on)."""
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            path=ctx.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            location=location,
            message=message,
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            related=related or [],
        )


_IMPORTED: list[bool] = []  # the rule modules are imported (once a process)


def all_rules() -> list[type[Rule]]:
    """Every registered rule, by code (importing the rule modules registers them; every
    module of this package is imported, so a new rule family needs no list to be edited).
    The package is listed once a process: a check calls this for every file and rule run."""
    if not _IMPORTED:
        import importlib
        import pkgutil

        import auditlint.checks as package

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
        _IMPORTED.append(True)

    return [REGISTRY[c] for c in sorted(REGISTRY)]


def run_rules(ctx: CheckContext, select: Iterable[str] | None = None) -> list[Finding]:
    chosen = set(select) if select is not None else None
    out: list[Finding] = []
    for rule_cls in all_rules():
        if chosen is not None and rule_cls.code not in chosen:
            continue
        out.extend(rule_cls().check(ctx))
    return out
