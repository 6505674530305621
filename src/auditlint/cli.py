"""The command line: check, rules, explain, facts, render.

Exit status of `check`: 0 no findings at or above --fail-on, 1 findings, 2 usage or input
error (always one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from auditlint import __version__
from auditlint.findings import SEVERITY_RANK, FileResult, Finding, Severity

if TYPE_CHECKING:
    from auditlint.pipeline import FileReport

FORMATS = ["rich", "json", "sarif", "github", "concise", "html", "annotated-pdf"]
WRITTEN = ("html", "annotated-pdf")  # formats that write a file (-o)
SEVERITIES = ["error", "warning", "info"]


def _fail(message: str) -> NoReturn:
    click.echo(f"auditlint: {message}", err=True)
    sys.exit(2)


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [c.strip() for c in value.split(",") if c.strip()]


class _Group(click.Group):
    """Usage errors in one line (`auditlint: ...`, exit status 2), like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        standalone = kwargs.pop("standalone_mode", True)
        if not standalone:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:  # plain `auditlint`: the help
            click.echo(e.ctx.get_help() if e.ctx else e.format_message())
            sys.exit(0)
        except click.UsageError as e:
            where = f" (see `{e.ctx.command_path} --help`)" if e.ctx else ""
            _fail(f"{e.format_message()}{where}")
        except click.Abort:
            click.echo("auditlint: aborted", err=True)
            sys.exit(1)
        except click.ClickException as e:
            _fail(e.format_message())
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditlint")
def main() -> None:
    """auditlint: checks the arithmetic and logic of budget and performance reports."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "--output-format", "fmt", type=click.Choice(FORMATS), default="rich",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit status 1 [default: the config's "
                   "fail-on, else error].")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="An extra rule pack (TOML); may be repeated.")
@click.option("--select", default=None,
              help="Comma-separated rule codes, prefixes (AL1) or names to run; replaces "
                   "the config's select.")
@click.option("--ignore", default=None,
              help="Comma-separated rule codes, prefixes or names not to run; added to the "
                   "config's ignore.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this config file (auditlint.toml or pyproject.toml) for every path "
                   "instead of the nearest one.")
@click.option("--show-settings", is_flag=True,
              help="Print the settings in force for the first path (or here) and exit.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False),
              default=None, help="Record today's findings in this file and exit 0.")
@click.option("--statistics", is_flag=True, help="Print the number of findings of each code "
              "instead of the findings.")
@click.option("--max-size", "max_mb", type=click.IntRange(min=0), default=20, show_default=True,
              help="Largest report read, in MB (0: no limit); a larger one is an AL901 "
                   "finding.")
@click.option("--timeout", type=click.IntRange(min=0), default=300, show_default=True,
              help="Seconds one report may take (0: no limit); a report over it is an AL901 "
                   "finding.")
@click.option("--stdin-filename", default=None,
              help="With `-`: the name of the report read from standard input (its type, "
                   "its config, and the path in messages).")
@click.option("-o", "--output-file", "output_file", type=click.Path(dir_okay=True), default=None,
              help="html: the review page written (default: standard output); annotated-pdf: "
                   "the PDF written (a folder when several PDFs are checked).")
def check(paths: tuple[str, ...], fmt: str, fail_on: Severity | None, rule_files: tuple[str, ...],
          select: str | None, ignore: str | None, config_file: str | None,
          show_settings: bool, baseline_file: str | None, write_baseline: str | None,
          statistics: bool, max_mb: int, timeout: int, stdin_filename: str | None,
          output_file: str | None = None) -> None:
    """Check reports (files, or directories searched for reports; `-` reads standard
    input)."""
    from auditlint.baseline import Baseline, BaselineError
    from auditlint.checks.base import all_rules
    from auditlint.config import ConfigError, Resolver, Settings

    known = {r.code: r.name for r in all_rules()}
    try:
        resolver = Resolver(Path(config_file) if config_file else None)
    except ConfigError as e:
        _fail(str(e))

    def settings_for(path: Path) -> Settings:
        try:
            s = resolver.settings_for(path).with_cli(
                select=_split(select), ignore=_split(ignore), fail_on=fail_on,
                packs=rule_files, baseline=baseline_file)
            s.validate_codes(known)
        except ConfigError as e:
            _fail(str(e))
        return s

    if show_settings:
        target = Path(paths[0]) if paths else None
        click.echo(settings_for(target or Path.cwd()).show(target, known))
        return
    if not paths:
        _fail("no path given: auditlint check FILE_OR_FOLDER ...")

    from auditlint.packs import PackError, RulePacks, load_packs
    from auditlint.pipeline import check_within, find_reports
    from auditlint.report.progress import with_progress
    from auditlint.report.stream import Writer

    if output_file is not None and fmt not in WRITTEN:
        _fail("-o/--output-file is written by --format html or annotated-pdf")
    if "-" in paths:
        if fmt == "annotated-pdf":
            _fail("--format annotated-pdf needs the PDF as a file, not standard input")
        if len(paths) > 1:
            _fail("`-` (standard input) cannot be checked together with other paths")
        _check_stdin(stdin_filename or "-", fmt, statistics, settings_for, known, output_file)
    files: dict[Path, None] = {}  # in order, each once
    errors: list[str] = []
    for raw in paths:
        found, errs = find_reports([raw], settings_for(Path(raw)).extensions)
        files.update(dict.fromkeys(found))
        errors.extend(errs)
    for e in errors:
        click.echo(f"auditlint: {e}", err=True)
    if not files:
        sys.exit(2)
    if fmt in WRITTEN:
        from auditlint.report.review_output import check_output

        problem = check_output(fmt, output_file, list(files))
        if problem:
            _fail(problem)

    # settings, rule packs and baselines of every file first: a broken one stops the run
    # (exit status 2) before any output, as it always has
    settings = {path: settings_for(path) for path in files}
    packs_cache: dict[tuple[Path, ...], RulePacks] = {}
    for s in settings.values():
        if s.packs not in packs_cache:
            try:
                packs_cache[s.packs] = load_packs(list(s.packs))
            except PackError as e:
                _fail(str(e))
    loaded: dict[Path, Baseline] = {}
    if not write_baseline:
        for path in dict.fromkeys(s.baseline for s in settings.values() if s.baseline):
            try:
                loaded[path] = Baseline.load(path)
            except BaselineError as e:
                _fail(str(e))
    if write_baseline and any(Path(write_baseline).resolve() == f.resolve() for f in files):
        _fail(f"{write_baseline}: is one of the reports checked; not overwritten")

    # one file at a time: its findings written (or spooled) and its document let go; what
    # checks across reports need of it is kept
    from auditlint.sets import ReportSets

    across = ReportSets(settings, known)
    writer = Writer(fmt, statistics, output_file)
    recorded: list[Finding] = []  # --write-baseline only
    failed = failing = False
    for path in with_progress(list(files)):
        s = settings[path]
        report = _guarded(lambda p=path, s=s: check_within(
            p, packs_cache[s.packs], s.enabled(p, known), max_bytes=max_mb * 1_000_000,
            seconds=timeout), path)
        failed = failed or bool(report.result.error)
        across.add(path, report)
        if write_baseline:
            recorded.extend(report.findings)
            continue
        findings = report.findings
        if s.baseline is not None:
            findings = loaded[s.baseline].filter(findings)[0]
        failing = failing or any(
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on] for f in findings)
        writer.file(report.result, findings, report.document.lines if report.document else [],
                    report.document)
        del report, findings

    found_across = across.findings()
    if write_baseline:
        recorded.extend(f for f, _ in found_across)
        try:
            n = Baseline(Path(write_baseline)).write(recorded)
        except BaselineError as e:
            _fail(str(e))
        click.echo(f"auditlint: {n} finding(s) recorded in {write_baseline}", err=True)
        _report_read_errors(writer.results)
        sys.exit(2 if errors or failed else 0)

    kept_across = []
    for f, s in found_across:
        if s.baseline is not None and not loaded[s.baseline].filter([f])[0]:
            continue
        kept_across.append(f)
        failing = failing or SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on]
    if kept_across:
        writer.across(kept_across, across.lines())
    writer.finish()
    _report_read_errors(writer.results)
    if errors or failed or writer.unwritten:
        sys.exit(2)
    sys.exit(1 if failing else 0)


def _check_stdin(name: str, fmt: str, statistics: bool, settings_for: Callable[[Path], Any],
                 known: dict[str, str], output_file: str | None = None) -> NoReturn:
    """A report piped in: its bytes go to a temporary file of the named type (readers take
    paths), checked under the given name; the name also picks the config."""
    import tempfile

    from auditlint.packs import PackError, load_packs
    from auditlint.pipeline import check_file
    from auditlint.report.stream import Writer

    s = settings_for(Path(name) if name != "-" else Path.cwd())
    try:
        packs = load_packs(list(s.packs))
    except PackError as e:
        _fail(str(e))
    data = sys.stdin.buffer.read()
    suffix = Path(name).suffix if name != "-" else ".txt"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"stdin{suffix}"
        path.write_bytes(data)
        report = _guarded(lambda: check_file(path, packs, s.enabled(Path(name), known),
                                             display=name), Path(name))
    writer = Writer(fmt, statistics, output_file)
    writer.file(report.result, report.findings,
                report.document.lines if report.document else [], report.document)
    writer.finish()
    _report_read_errors(writer.results)
    if report.result.error or writer.unwritten:
        sys.exit(2)
    sys.exit(1 if any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on]
                      for f in report.findings) else 0)


def _guarded(run: Callable[[], FileReport], path: Path) -> FileReport:
    """One file's check; an unexpected error fails that file (exit status 2) in one line,
    without a traceback, and the other files are still checked. The file gets an AL901
    finding, as an unreadable one does, so that no output says it was checked clean."""
    from auditlint.pipeline import FileReport, format_of, unreadable

    try:
        return run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # a bug, but the user gets one line and the other files' findings
        message = _internal(e)
        return FileReport(FileResult(path=str(path), format=format_of(path), error=message),
                          [unreadable(str(path), message)])


def _internal(e: Exception) -> str:
    return f"internal error ({type(e).__name__}: {e}); please report it"


def _report_read_errors(results: list[FileResult]) -> None:
    for r in results:
        if r.error:
            click.echo(f"auditlint: {r.path}: {r.error}", err=True)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from auditlint.ruledoc import all_docs

    docs = all_docs()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": d.code, "name": d.name, "severity": d.severity,
                                "summary": d.summary} for d in docs],
                              ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"auditlint rules ({len(docs)})", title_justify="left")
    table.add_column("Code", style="bold", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Summary")
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for d in docs:
        table.add_row(d.code, d.name, f"[{style.get(d.severity, '')}]{d.severity}[/]", d.summary)
    Console(highlight=False).print(table)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation, with a failing and a passing example."""
    from auditlint.ruledoc import find_rule

    doc = find_rule(rule)
    if doc is None:
        _fail(f"unknown rule {rule!r} (see `auditlint rules`)")
    click.echo(f"{doc.code} {doc.name} (default severity: {doc.severity})")
    click.echo(doc.summary)
    click.echo()
    click.echo(doc.text)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree",
              show_default=True)
def facts(path: str, fmt: str) -> None:
    """Print the fact graph of one report: every number, typed, and every relation."""
    from auditlint.config import ConfigError, Resolver
    from auditlint.packs import PackError, load_packs
    from auditlint.pipeline import analyse
    from auditlint.readers import ReadError

    if not Path(path).is_file():
        _fail(f"{path}: no such file")
    try:
        packs = load_packs(list(Resolver().settings_for(Path(path)).packs))
        _, graph = analyse(Path(path), packs)
    except (ReadError, ConfigError, PackError) as e:
        _fail(f"{path}: {e}" if isinstance(e, ReadError) else str(e))
    except Exception as e:  # a bug: one line, as `check` gives (see _guarded)
        _fail(f"{path}: {_internal(e)}")
    if fmt == "json":
        click.echo(graph.model_dump_json(indent=2))
        return
    from auditlint.report.facts_tree import render_facts

    render_facts(Console(highlight=False), graph)


@main.command()
@click.argument("path", type=click.Path())
def render(path: str) -> None:
    """Print the document as auditlint reads it: blocks, tables as grids, line numbers."""
    from auditlint.readers import ReadError, read
    from auditlint.report.render import render_document

    if not Path(path).is_file():
        _fail(f"{path}: no such file")
    try:
        doc = read(path)
    except ReadError as e:
        _fail(f"{path}: {e}")
    except Exception as e:  # a bug: one line, as `check` gives (see _guarded)
        _fail(f"{path}: {_internal(e)}")
    click.echo(render_document(doc))
