"""JUnit XML (`--format junit`), which every CI server shows as test results: one test suite
per report, one test case per finding. A finding at error or warning is a failure, an
unreadable file (AL901) an error, an info notice (a table not understood) a skipped test —
it was not checked — and a report without findings one passing test. The shape is the one
of the Jenkins xUnit plugin's junit-10.xsd, which GitLab, Jenkins and Azure read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from auditlint.findings import FileResult, Finding
from auditlint.report.concise import where

UNREADABLE = "AL901"


@dataclass
class Totals:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, other: Totals) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped


def testsuite(result: FileResult, findings: list[Finding]) -> tuple[str, Totals]:
    """One report's test suite, as XML text, and its counts."""
    totals = Totals()
    suite = ET.Element("testsuite", name=result.path)
    for f in findings:
        case = ET.SubElement(suite, "testcase", name=f"{f.code} {f.rule} at {f.line}:{f.column}",
                             classname=result.path)
        text = " ".join(f.message.split()) + where(f)
        detail = f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.code} {text}"
        if f.code == UNREADABLE:
            kind = "error"
            totals.errors += 1
        elif f.severity == "info":
            kind = "skipped"
            totals.skipped += 1
        else:
            kind = "failure"
            totals.failures += 1
        ET.SubElement(case, kind, type=f.code, message=text).text = detail
        totals.tests += 1
    if not findings:
        ET.SubElement(suite, "testcase", name="auditlint", classname=result.path)
        totals.tests += 1
    suite.set("tests", str(totals.tests))
    suite.set("failures", str(totals.failures))
    suite.set("errors", str(totals.errors))
    suite.set("skipped", str(totals.skipped))
    ET.indent(suite, space="  ", level=1)
    return "  " + ET.tostring(suite, encoding="unicode"), totals


def document(suites: list[str], totals: Totals, run_errors: list[str] | None = None) -> str:
    """The whole report; `run_errors` (why a run could not proceed) become one erroring
    test, so that a CI server shows the failure rather than an empty report."""
    parts = list(suites)
    for message in run_errors or []:
        suite = ET.Element("testsuite", name="auditlint", tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", name="run", classname="auditlint")
        ET.SubElement(case, "error", type="usage", message=message).text = message
        ET.indent(suite, space="  ", level=1)
        parts.append("  " + ET.tostring(suite, encoding="unicode"))
        totals.tests += 1
        totals.errors += 1
    head = (f'<testsuites name="auditlint" tests={quoteattr(str(totals.tests))} '
            f"failures={quoteattr(str(totals.failures))} errors={quoteattr(str(totals.errors))}>")
    body = "\n".join(parts)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}\n{body}\n</testsuites>' if body \
        else f'<?xml version="1.0" encoding="UTF-8"?>\n{head}\n</testsuites>'


def render_junit(files: list[FileResult], findings: list[Finding]) -> str:
    totals = Totals()
    suites = []
    for r in files:
        text, t = testsuite(r, [f for f in findings if f.path == r.path])
        suites.append(text)
        totals.add(t)
    return document(suites, totals)
