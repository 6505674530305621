"""Output written file by file, so that a run over thousands of reports holds one report in
memory at a time, not all of them until the end.

The terminal report is printed as each file is done. JSON, SARIF, concise and GitHub output
list findings ordered by path (a stable order tools rely on) and JSON/SARIF are one document
each, so every file's findings are rendered when the file is done and kept, as text, in a
spool that moves to disk when it grows; the document is put together from it at the end.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from auditlint.document import Document
from auditlint.findings import FileResult, Finding
from auditlint.report.spool import Counts, Spool

if TYPE_CHECKING:
    from rich.console import Console

    from auditlint.report.html import HtmlWriter
    from auditlint.report.junit import Totals

def _indented(obj: object, depth: int) -> str:
    """`obj` as json.dumps(indent=2) prints it `depth` levels down in a larger document."""
    return textwrap.indent(json.dumps(obj, ensure_ascii=False, indent=2), "  " * depth)


class _Echo:
    """Standard output as a file: click.echo writes in the terminal's encoding or UTF-8."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)


class Writer:
    """Takes each file's result and findings as they are ready; `finish` ends the output."""

    def __init__(self, fmt: str, statistics: bool, output: str | None = None,
                 quiet: bool = False, out: IO[str] | None = None) -> None:
        self.fmt = fmt
        self.output = output  # html, annotated-pdf: the file (folder) written
        self.html: HtmlWriter | None = None
        self.unwritten = False  # an output file could not be written
        self.statistics = statistics
        self.quiet = quiet  # findings only: no summary line
        self.out = out  # None: standard output
        self.run_errors: list[str] = []  # why the run could not proceed (SARIF notifications)
        self.junit_totals: Totals | None = None  # junit only (its module loads XML helpers)
        if fmt == "junit":
            from auditlint.report.junit import Totals

            self.junit_totals = Totals()
        self.counts = Counts()
        self.results: list[FileResult] = []
        self.kept: list[Finding] = []  # --statistics only: counted at the end
        self.spool = Spool()
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The terminal output (rich), made when first needed: other formats never load
        rich."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, soft_wrap=True, file=self.out)
        return self._console

    def file(self, result: FileResult, findings: list[Finding], lines: list[str],
             document: Document | None = None) -> None:
        self.results.append(result)
        self.counts.add(findings, result)
        if self.statistics:
            self.kept.extend(findings)
        elif self.fmt in ("html", "annotated-pdf"):
            self._review(result, findings, document)
        elif self.fmt == "rich":
            from auditlint.report.rich_report import render_file

            # soft wrap: a pipe or a hook log keeps each source line whole under its markers;
            # a terminal (or COLUMNS set) gets lines that fit its width
            render_file(self.console, result, findings, lines, self.wrap_width())
        elif self.fmt == "json":
            self.spool.add(result.path, ",\n".join(_indented(f.model_dump(), 2)
                                                   for f in findings))
        elif self.fmt == "jsonl":  # written now: a consumer reads each file as it is done
            from auditlint.runner import file_object

            self._line(file_object(result, findings))
        elif self.fmt == "sarif":
            from auditlint.report.sarif import fingerprints, result_of
            from auditlint.ruledoc import all_docs

            index = {d.code: i for i, d in enumerate(all_docs())}
            self.spool.add(result.path, ",\n".join(
                _indented(result_of(f, index, fp), 4)
                for f, fp in zip(findings, fingerprints(findings), strict=True)))
        elif self.fmt == "github":
            from auditlint.report.github import render_github

            self.spool.add(result.path, render_github(findings))
        elif self.fmt == "gitlab":
            from auditlint.report.gitlab import issues

            self.spool.add(result.path, ",\n".join(_indented(i, 1) for i in issues(findings)))
        elif self.fmt == "junit":
            from auditlint.report.junit import testsuite

            text, totals = testsuite(result, findings)
            assert self.junit_totals is not None
            self.junit_totals.add(totals)
            self.spool.add(result.path, text)
        else:
            from auditlint.report.concise import render_concise

            self.spool.add(result.path, render_concise(findings))

    def wrap_width(self) -> int | None:
        """The width rich output is wrapped to: the terminal's, or COLUMNS; None (no
        wrapping) for pipes and files."""
        import os

        if self.out is None and self.console.is_terminal:
            return self.console.width
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) >= 40 else None

    def _echo(self, text: str = "", nl: bool = True) -> None:
        click.echo(text, nl=nl, file=self.out)

    def _line(self, obj: dict[str, Any]) -> None:
        """One JSON Lines object (flushed: a reader downstream sees it at once)."""
        self._echo(json.dumps(obj, ensure_ascii=False))

    def across(self, findings: list[Finding], lines: dict[str, list[str]]) -> None:
        """Findings across reports, once every file is done: each goes with its first file
        (JSON, SARIF and the other lists stay ordered by path); the terminal shows them
        after the files, under their first file's name, with `lines` for the code frame."""
        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(f.path, []).append(f)
        for path, items in sorted(by_path.items()):
            self.counts.add(items, file=False)
            if self.statistics:
                self.kept.extend(items)
            elif self.fmt == "html":
                self._review(FileResult(path=f"{path} (across reports)", format=""), items, None)
            elif self.fmt == "annotated-pdf":
                continue  # a box needs the figure's report read again: the page lists them
            elif self.fmt == "rich":
                from auditlint.report.rich_report import render_file

                render_file(self.console, FileResult(path=f"{path} (across reports)",
                                                     format=""), items, lines.get(path, []))
            elif self.fmt == "json":
                self.spool.add(path, ",\n".join(_indented(f.model_dump(), 2) for f in items))
            elif self.fmt == "jsonl":
                self._line({"type": "across", "path": path,
                            "findings": [f.model_dump() for f in items]})
            elif self.fmt == "sarif":
                from auditlint.report.sarif import fingerprints, result_of
                from auditlint.ruledoc import all_docs

                index = {d.code: i for i, d in enumerate(all_docs())}
                self.spool.add(path, ",\n".join(
                    _indented(result_of(f, index, fp), 4)
                    for f, fp in zip(items, fingerprints(items), strict=True)))
            elif self.fmt == "github":
                from auditlint.report.github import render_github

                self.spool.add(path, render_github(items))
            elif self.fmt == "gitlab":
                from auditlint.report.gitlab import issues

                self.spool.add(path, ",\n".join(_indented(i, 1) for i in issues(items)))
            elif self.fmt == "junit":
                from auditlint.report.junit import testsuite

                text, totals = testsuite(FileResult(path=f"{path} (across reports)",
                                                    format=""), items)
                assert self.junit_totals is not None
                self.junit_totals.add(totals)
                self.spool.add(path, text)
            else:
                from auditlint.report.concise import render_concise

                self.spool.add(path, render_concise(items))

    def _review(self, result: FileResult, findings: list[Finding],
                document: Document | None) -> None:
        """The review page and the annotated PDF take the document as well: they show the
        findings in it."""
        if self.fmt == "html":
            if self.html is None:
                from auditlint.report.html import HtmlWriter

                self.html = HtmlWriter()
            self.html.file(result, findings, document)
            return
        from auditlint.report.annotate_pdf import AnnotateError, annotated_path, write_annotated

        if document is None or document.format != "pdf" or not self.output:
            return
        dest = annotated_path(Path(result.path), Path(self.output))
        try:
            write_annotated(Path(result.path), dest, findings, document)
        except AnnotateError as e:
            click.echo(f"auditlint: {result.path}: {e}", err=True)
            self.unwritten = True

    def finish(self) -> None:
        try:
            self._finish()
        finally:
            self.spool.close()

    def _finish(self) -> None:
        if self.fmt == "html" and not self.statistics:
            self._page()
        elif self.fmt == "annotated-pdf" and not self.statistics:
            pass
        elif self.statistics:
            from auditlint.report.statistics import render_statistics, render_statistics_json

            self._echo(render_statistics_json(self.kept) if self.fmt in ("json", "jsonl")
                       else render_statistics(self.kept))
        elif self.fmt == "rich":
            from auditlint.report.rich_report import render_summary

            if not self.quiet:
                render_summary(self.console, self.counts.summary(), self.wrap_width())
        elif self.fmt in ("json", "sarif"):
            self._document()
        elif self.fmt == "jsonl":
            for message in self.run_errors:
                self._line({"type": "error", "message": message})
            if not self.quiet:
                self._line({"type": "summary", **self.counts.summary()})
        elif self.fmt == "gitlab":  # a bare array: GitLab reads no summary
            items = list(self.spool)
            self._echo("[\n" + ",\n".join(items) + "\n]" if items else "[]")
        elif self.fmt == "junit":
            from auditlint.report.junit import Totals, document

            self._echo(document(list(self.spool), self.junit_totals or Totals(),
                                self.run_errors))
        else:
            if self.fmt == "github":
                from auditlint.report.github import run_error

                for message in self.run_errors:
                    self._echo(run_error(message))
            for i, text in enumerate(self.spool):
                self._echo(text if not i else "\n" + text, nl=False)
            if self.spool:
                self._echo()
            if not self.quiet:
                from auditlint.report.summary import summary_text

                self._echo(summary_text(self.counts.summary()))

    def _page(self) -> None:
        """The review page, to the output file (written whole or not at all) or stdout."""
        from auditlint.report.html import HtmlWriter

        html = self.html or HtmlWriter()
        if not self.output:
            html.write(_Echo())
            return
        out = Path(self.output)
        part = out.with_name(f".{out.name}.part")
        try:
            with part.open("w", encoding="utf-8") as f:
                html.write(f)
            part.replace(out)
        except OSError as e:
            part.unlink(missing_ok=True)
            click.echo(f"auditlint: cannot write {out}: {e.strerror or e}", err=True)
            self.unwritten = True

    def _document(self) -> None:
        """The whole document rendered without findings, the spooled ones put in its
        empty list: byte for byte what rendering it in one piece gives."""
        if self.fmt == "json":
            from auditlint.report.json_report import render_json

            empty = render_json(self.results, [], self.counts.summary())
            slot, depth = '"findings": []', 1
        else:
            from auditlint.report.sarif import render_sarif
            from auditlint.ruledoc import all_docs

            empty = render_sarif(self.results, [], all_docs(), self.counts.summary(),
                                 self.run_errors)
            slot, depth = '"results": []', 3
        at = empty.rindex(slot) + len(slot) - 1
        if not self.spool:
            self._echo(empty)
            return
        self._echo(empty[:at] + "\n", nl=False)
        for i, text in enumerate(self.spool):
            self._echo(text if not i else ",\n" + text, nl=False)
        self._echo("\n" + "  " * depth + empty[at:])
