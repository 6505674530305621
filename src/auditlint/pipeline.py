"""One file through the pipeline: read → extract → check. Nothing here knows a rule."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditlint.document import Document
from auditlint.findings import FileResult, Finding
from auditlint.readers import SUPPORTED_SUFFIXES, ReadError, read
from auditlint.suppress import Directive, find_directives, without_directives
from auditlint.suppress import apply as apply_suppressions
from auditlint.unchecked import count_unchecked

if TYPE_CHECKING:  # the extractors and rules are loaded when a file is checked: a run whose
    # files all come from the cache, and the search for reports, do without them
    from auditlint.facts import FactGraph
    from auditlint.packs import RulePacks

# formats where `auditlint: ignore` can be written, with the parser that reads them again
# (module, function: imported when such a file is read)
COMMENTABLE = {"text": ("auditlint.readers.text", "parse_text"),
               "markdown": ("auditlint.readers.markdown", "parse_markdown")}


@dataclass
class FileReport:
    result: FileResult
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    graph: FactGraph | None = None
    suppressed: list[Finding] = field(default_factory=list)  # by inline directives


# whether a path met in a folder's search is left out (path, is it a folder)
Skip = Callable[[Path, bool], bool]


def find_reports(paths: Iterable[str], suffixes: Iterable[str] = SUPPORTED_SUFFIXES,
                 skip: Skip | None = None) -> tuple[list[Path], list[str]]:
    """Files named, and report files inside directories named (less those `skip` leaves
    out); plus one error per bad path."""
    wanted = {s.lower() for s in suffixes}
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found, unread = _reports_under(p, wanted, skip)
            errors.extend(unread)
            if not found and not unread:
                errors.append(f"{raw}: no reports ({', '.join(sorted(wanted))}) in this directory")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            errors.append(f"{raw}: not a regular file")
        elif p.is_symlink():
            errors.append(f"{raw}: a symbolic link that leads nowhere (broken, or a loop)")
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, errors


def _reports_under(top: Path, wanted: set[str], skip: Skip | None = None
                   ) -> tuple[list[Path], list[str]]:
    """Report files under a directory, hidden ones left out, and one error per folder that
    cannot be listed (silence would pass for a clean folder). Linked folders are not
    followed, so a link loop cannot make the search endless."""
    found: list[Path] = []
    errors: list[str] = []

    def unreadable(e: OSError) -> None:
        errors.append(f"{e.filename}: cannot read this directory ({e.strerror or e})")

    for folder, dirs, names in os.walk(top, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not (skip and skip(Path(folder, d), True))]
        for name in names:
            f = Path(folder, name)
            if not name.startswith(".") and f.suffix.lower() in wanted and f.is_file() \
                    and not (skip and skip(f, False)):
                found.append(f)
    return sorted(found), errors


def analyse(path: Path, packs: RulePacks) -> tuple[Document, FactGraph]:
    from auditlint.extract import build_graph

    document, _ = _read(path)
    return document, build_graph(document, packs)


def _read(path: Path) -> tuple[Document, list[Directive]]:
    """The document with its `auditlint: ignore` directives cut out (text and Markdown), or
    with those of its Word comments (.docx)."""
    document = read(path)
    if document.format == "docx":
        from auditlint.docx_comments import docx_directives

        return document, docx_directives(path, document.lines)
    if document.format not in COMMENTABLE:
        return document, []
    import importlib

    module, function = COMMENTABLE[document.format]
    parse = getattr(importlib.import_module(module), function)
    directives = find_directives(document.lines)
    return without_directives(document, directives, parse), directives


def check_file(path: Path, packs: RulePacks, select: Iterable[str] | None = None,
               display: str | None = None) -> FileReport:
    """Findings of the rules in `select` (all when None), inline suppressions applied."""
    from auditlint.checks.base import CheckContext, all_rules, run_rules
    from auditlint.extract import build_graph

    shown = display or str(path)
    try:
        document, directives = _read(path)
        graph = build_graph(document, packs)
    except ReadError as e:
        result = FileResult(path=shown, format=format_of(path), error=str(e))
        return FileReport(result, [unreadable(shown, str(e))])
    ctx = CheckContext(document=document, graph=graph, path=shown)
    findings = run_rules(ctx, select)
    known = {r.code for r in all_rules()}
    enabled = known if select is None else set(select)
    enabled = {c for c in enabled if c not in across_codes()}  # judged once all are read
    outcome = apply_suppressions(findings, directives, path=shown, enabled=enabled, known=known)
    result = FileResult(path=shown, format=document.format, facts=len(graph.facts),
                        relations=len(graph.relations),
                        unchecked=count_unchecked([*document.notes, *graph.notices]))
    report = FileReport(result, sorted(outcome.kept, key=Finding.sort_key), document, graph)
    report.suppressed = outcome.suppressed
    return report


class TimeLimit(Exception):
    """A file's check ran over its time limit."""


def check_within(path: Path, packs: RulePacks, select: Iterable[str] | None = None,
                 display: str | None = None, max_bytes: int = 0, seconds: int = 0
                 ) -> FileReport:
    """`check_file` within limits (0: none): a file over `max_bytes` is not read, a check
    over `seconds` is stopped; either is an AL901 finding that says which limit, instead of
    a run that seems to hang or runs out of memory."""
    shown = display or str(path)

    def refused(message: str) -> FileReport:
        return FileReport(FileResult(path=shown, format=format_of(path), error=message),
                          [unreadable(shown, message)])

    try:
        size = path.stat().st_size
    except OSError as e:
        return refused(f"cannot read {path}: {e.strerror or e}")
    if max_bytes and size > max_bytes:
        return refused(f"the file is {size / 1e6:.1f} MB, over the limit of "
                       f"{max_bytes / 1e6:.0f} MB (--max-size); not checked")
    if not seconds or not hasattr(signal, "setitimer"):
        return check_file(path, packs, select, display)

    def expire(signum: int, frame: object) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return check_file(path, packs, select, display)
    except TimeLimit:
        return refused(f"not checked within {seconds} s (--timeout); the file is too large "
                       "or too unusual to check in time")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def across_codes() -> set[str]:
    """Codes of the rules over several reports (AL5)."""
    from auditlint.checks.base import all_rules

    return {r.code for r in all_rules() if r.across}


def unreadable(path: str, message: str) -> Finding:
    return Finding(code="AL901", rule="unreadable-file", severity="error", path=path, line=1,
                   column=1, end_line=1, end_column=1, location="file", message=message)


def format_of(path: Path) -> str:
    return {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf"}.get(
        path.suffix.lower(), "text")
