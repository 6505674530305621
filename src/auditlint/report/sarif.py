"""SARIF 2.1.0, as GitHub code scanning accepts it: every rule with its help text (the rule's
docstring), every result with a physical location and region, related figures as related
locations, and a line-independent fingerprint, unique in the log, so alerts survive edits."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from auditlint import HOMEPAGE, RULES_DOC, __version__
from auditlint.baseline import numbers_of, words_of
from auditlint.findings import FileResult, Finding
from auditlint.report.json_report import summary
from auditlint.ruledoc import RuleDoc

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "%SRCROOT%"  # relative paths are relative to the working directory of the run
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (GitHub resolves them
    against the checkout), absolute ones become file: URIs; non-ASCII is percent-encoded."""
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).drive:
        return "file:///" + quote(posix, safe="/:")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    line, column = max(line, 1), max(column, 1)
    end_line = max(end_line, line)
    end_column = max(end_column, 1)
    if end_line == line and end_column <= column:
        end_column = column + 1
    return {"startLine": line, "startColumn": column, "endLine": end_line,
            "endColumn": end_column}


def _location(path: str, region: dict[str, int]) -> dict[str, object]:
    uri = artifact_uri(path)
    artifact = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": BASE_ID}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def help_uri(code: str) -> str:
    """The rule's section of docs/rules.md (its anchor is the code in lower case)."""
    return f"{RULES_DOC}#{code.lower()}"


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, unique within the list: the code, the file, the numbers
    involved and the message's words (not its line, so an alert survives text inserted
    above it), then `:n` for the n-th finding with that same key, in position order (so two
    identical mismatches in two tables stay two alerts)."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        key = "\x1f".join([f.code, f.path.replace("\\", "/"), *numbers_of(f), words_of(f)])
        base = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        seen[base] += 1
        out.append(f"{base}:{seen[base]}")
    return out


def _rule(doc: RuleDoc) -> dict[str, object]:
    return {
        "id": doc.code,
        "name": doc.name,
        "helpUri": help_uri(doc.code),
        "shortDescription": {"text": doc.summary or doc.name},
        "fullDescription": {"text": doc.sections.get("What it does", doc.summary or doc.name)},
        "help": {"text": doc.text or doc.summary, "markdown": doc.markdown()},
        "defaultConfiguration": {"level": LEVEL.get(doc.severity, "warning")},
        "properties": {"tags": ["auditlint", doc.code[:3]]},
    }


def result_of(f: Finding, index: dict[str, int], fingerprint: str) -> dict[str, object]:
    loc = _location(f.path, _region(f.line, f.column, f.end_line, f.end_column))
    if f.location:
        loc["message"] = {"text": f.location}
    out: dict[str, object] = {
        "ruleId": f.code,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [loc],
        "partialFingerprints": {"auditlint/v2": fingerprint},
    }
    if f.code in index:
        out["ruleIndex"] = index[f.code]
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **_location(r.path, _region(r.line, r.column, r.line, r.column + 1)),
             "message": {"text": r.message}}
            for i, r in enumerate(f.related, start=1)]
    props: dict[str, str] = {}
    if f.expected is not None:
        props["expected"] = f.expected
    if f.actual is not None:
        props["actual"] = f.actual
    if props:
        out["properties"] = props
    return out


def render_sarif(files: list[FileResult], findings: list[Finding], docs: list[RuleDoc],
                 counts: dict[str, Any] | None = None, run_errors: Sequence[str] = ()) -> str:
    """The SARIF log; the run's property bag holds the summary of the JSON output (with
    what was not checked); `counts` is it when findings were counted as they came.
    `run_errors`: why the run could not proceed (a bad option, no reports), as
    notifications of an unsuccessful run, so that an upload step still gets a valid log."""
    index = {d.code: i for i, d in enumerate(docs)}
    notifications: list[dict[str, object]] = [
        {"level": "error", "message": {"text": f"{r.path}: {r.error}"},
         "locations": [_location(r.path, _region(1, 1, 1, 2))]}
        for r in files if r.error]
    notifications += [{"level": "error", "message": {"text": m}} for m in run_errors]
    run: dict[str, object] = {
        "tool": {"driver": {"name": "auditlint", "version": __version__,
                            "informationUri": HOMEPAGE,
                            "semanticVersion": __version__,
                            "rules": [_rule(d) for d in docs]}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {BASE_ID: {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [result_of(f, index, fp) for f, fp in zip(
            findings, _per_file(findings), strict=True)],
        "properties": {"summary": counts or summary(files, findings)},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _per_file(findings: list[Finding]) -> list[str]:
    """`fingerprints` counted file by file, as the streamed output computes them."""
    by_path: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        by_path.setdefault(f.path, []).append(i)
    out = [""] * len(findings)
    for idx in by_path.values():
        for i, fp in zip(idx, fingerprints([findings[i] for i in idx]), strict=True):
            out[i] = fp
    return out
