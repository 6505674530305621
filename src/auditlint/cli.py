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

from auditlint import __version__
from auditlint import startup as start_up
from auditlint.runner import MissingDependency
from auditlint.severity import SEVERITY_RANK, Severity

if TYPE_CHECKING:  # the models (pydantic) and rich are loaded by the commands that use them
    from auditlint.findings import FileResult, Finding

FORMATS = ["rich", "json", "jsonl", "sarif", "github", "concise", "gitlab", "junit", "html",
           "annotated-pdf"]
WRITTEN = ("html", "annotated-pdf")  # formats that write their own file (-o)
SEVERITIES = ["error", "warning", "info"]


ON_FAIL = "auditlint.on_fail"  # click context meta: called with the message before exit 2


def _fail(message: str) -> NoReturn:
    click.echo(f"auditlint: {message}", err=True)
    ctx = click.get_current_context(silent=True)
    hook = ctx.meta.get(ON_FAIL) if ctx is not None else None
    if hook is not None:
        hook(message)
    sys.exit(2)


def _split(value: str | tuple[str, ...] | None) -> list[str] | None:
    """Comma-separated values; a repeated option's values accumulate. None when not given."""
    if value is None or value == ():
        return None
    values = [value] if isinstance(value, str) else list(value)
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


class _Group(click.Group):
    """Usage errors in one line (`auditlint: ...`, exit status 2), like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        standalone = kwargs.pop("standalone_mode", True)
        if not standalone:
            return super().main(*args, standalone_mode=False, **kwargs)
        start_up.begin()
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
        except MissingDependency as e:
            _fail(str(e))
        finally:
            start_up.end()
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
@click.option("--select", multiple=True,
              help="Comma-separated rule codes, prefixes (AL1) or names to run; replaces "
                   "the config's select. May be repeated: the values add up.")
@click.option("--extend-select", multiple=True,
              help="Rules to run in addition to those selected (config or --select).")
@click.option("--ignore", multiple=True,
              help="Comma-separated rule codes, prefixes or names not to run; added to the "
                   "config's ignore. May be repeated.")
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
@click.option("--fail-on-unchecked/--no-fail-on-unchecked", default=None,
              help="Exit status 1 when a table or paragraph was not understood, so it was "
                   "not checked [default: the config's fail-on-unchecked, else off].")
@click.option("--exit-zero", is_flag=True,
              help="Exit status 0 even when findings would fail the run (2 still means the "
                   "run could not proceed).")
@click.option("-o", "--output-file", "output_file", type=click.Path(dir_okay=True), default=None,
              help="Write the output to this file instead of standard output; written even "
                   "when the run fails. annotated-pdf: the PDF written (a folder when several "
                   "PDFs are checked).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary line.")
@click.option("--exclude", multiple=True,
              help="Comma-separated globs of files and folders not searched for reports; "
                   "replaces the config's exclude. May be repeated.")
@click.option("--extend-exclude", multiple=True,
              help="Globs excluded in addition to exclude. May be repeated.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Leave out what .gitignore files ignore when searching folders "
                   "[default: on].")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude and .gitignore to files named on the command line too "
                   "(as pre-commit names them).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Files checked at once, by worker processes [default: 0, the cores]. "
                   "The output is the same with any number.")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache of findings (.auditlint_cache).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the cache of findings [default: $AUDITLINT_CACHE_DIR, else "
                   ".auditlint_cache here].")
def check(paths: tuple[str, ...], fmt: str, fail_on: Severity | None, rule_files: tuple[str, ...],
          select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
          config_file: str | None, show_settings: bool, baseline_file: str | None,
          write_baseline: str | None, statistics: bool, max_mb: int, timeout: int,
          stdin_filename: str | None, fail_on_unchecked: bool | None, exit_zero: bool,
          output_file: str | None, quiet: bool, exclude: tuple[str, ...],
          extend_exclude: tuple[str, ...], respect_gitignore: bool | None,
          force_exclude: bool, jobs: int, no_cache: bool, cache_dir: str | None) -> None:
    """Check reports (files, or directories searched for reports; `-` reads standard
    input)."""
    from auditlint.baseline import Baseline, BaselineError
    from auditlint.config import ConfigError, Resolver, Settings
    from auditlint.runner import Cache, cache_folder, rule_table

    kept = None if no_cache else Cache(cache_folder(cache_dir))
    known, defaults = rule_table(kept)
    output = _Output(output_file, fmt, statistics, quiet, paths)
    try:
        resolver = Resolver(Path(config_file) if config_file else None)
    except ConfigError as e:
        _fail(str(e))

    def settings_for(path: Path) -> Settings:
        try:
            s = resolver.settings_for(path).with_cli(
                select=_split(select), ignore=_split(ignore), fail_on=fail_on,
                packs=rule_files, baseline=baseline_file, extend_select=_split(extend_select),
                fail_on_unchecked=fail_on_unchecked, exclude=_split(exclude),
                extend_exclude=_split(extend_exclude), respect_gitignore=respect_gitignore)
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

    from auditlint.findings import Unchecked
    from auditlint.packs import PackError, RulePacks, load_packs
    from auditlint.pipeline import find_reports
    from auditlint.report.progress import with_progress
    from auditlint.report.stream import Writer
    from auditlint.unchecked import describe

    if "-" in paths:
        if fmt == "annotated-pdf":
            _fail("--format annotated-pdf needs the PDF as a file, not standard input")
        if len(paths) > 1:
            _fail("`-` (standard input) cannot be checked together with other paths")
        _check_stdin(stdin_filename or "-", output, settings_for, known, defaults, exit_zero)
    files: dict[Path, None] = {}  # in order, each once
    errors: list[str] = []
    for raw in paths:
        skip = _Skip(settings_for, Path(raw))
        found, errs = find_reports([raw], settings_for(Path(raw)).extensions, skip)
        if force_exclude and Path(raw).is_file() and skip(Path(raw), False):
            found = []
            errs = []
        files.update(dict.fromkeys(found))
        errors.extend(errs)
    if output_file:  # a previous run's output file in a searched folder is not a report
        target = Path(output_file).resolve()
        files = {f: None for f in files if f.resolve() != target}
    for e in errors:
        click.echo(f"auditlint: {e}", err=True)
    if not files:
        if errors:
            output.fallback("; ".join(errors))
        else:  # every file named was excluded (pre-commit with --force-exclude): nothing to do
            output.writer().finish()
        sys.exit(2 if errors else 0)
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

    # one file at a time, in order: its findings written (or spooled) and its document let
    # go; what checks across reports need of it is kept. Workers check the files ahead.
    from contextlib import closing

    from auditlint.runner import Job, default_workers, run_jobs
    from auditlint.sets import ReportSets

    review = fmt in WRITTEN and not statistics and not write_baseline  # needs each document
    workers = 1 if review else (jobs or default_workers())
    cache = None if review else kept
    queue = [Job(path, settings[path].packs, tuple(settings[path].enabled(path, known)),
                 max_bytes=max_mb * 1_000_000, seconds=timeout, keep_document=review)
             for path in files]
    across = ReportSets(settings, known)
    writer = output.writer() if not write_baseline else Writer(fmt, statistics, quiet=quiet)
    recorded: list[Finding] = []  # --write-baseline only
    failed = failing = False
    unchecked = Unchecked()  # of files whose settings fail on it
    if workers > 1:
        start_up.imports_done()  # before the workers are forked
    with closing(run_jobs(queue, workers, cache, packs_cache)) as outcomes:
        for path, checked in zip(with_progress(list(files)), outcomes, strict=True):
            start_up.imports_done()
            s = settings[path]
            failed = failed or bool(checked.result.error)
            findings = with_severities(checked.findings, s, known, defaults)
            across.add(path, checked)
            if write_baseline:
                recorded.extend(findings)
                continue
            if s.baseline is not None:
                loaded[s.baseline].checked(checked.result.path)
                findings = loaded[s.baseline].filter(findings)[0]
            failing = failing or any(
                SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on] for f in findings)
            if s.fail_on_unchecked:
                unchecked = unchecked + checked.result.unchecked
            writer.file(checked.result, findings, checked.lines, checked.document)
            del checked, findings

    found_across = across.findings()
    across.close()  # the spooled profiles: the lines of their findings are kept
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
        [f] = with_severities([f], s, known, defaults)
        if s.baseline is not None and not loaded[s.baseline].filter([f])[0]:
            continue
        kept_across.append(f)
        failing = failing or SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on]
    if kept_across:
        writer.across(kept_across, across.lines())
    if loaded:
        writer.counts.extra["baseline"] = _baseline_summary(list(loaded.values()), quiet)
    writer.finish()
    output.close()
    _report_read_errors(writer.results)
    if unchecked:
        click.echo(f"auditlint: {describe(unchecked)}: not checked (fail-on-unchecked)",
                   err=True)
    if errors or failed or writer.unwritten:
        sys.exit(2)
    sys.exit(1 if (failing or unchecked) and not exit_zero else 0)


def _check_stdin(name: str, output: _Output, settings_for: Callable[[Path], Any],
                 known: dict[str, str], defaults: dict[str, Severity], exit_zero: bool
                 ) -> NoReturn:
    """A report piped in: its bytes go to a temporary file of the named type (readers take
    paths), checked under the given name; the name also picks the config."""
    import tempfile

    from auditlint.packs import PackError, load_packs
    from auditlint.pipeline import check_file
    from auditlint.runner import guarded
    from auditlint.unchecked import describe

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
        report = guarded(lambda: check_file(path, packs, s.enabled(Path(name), known),
                                            display=name), Path(name))
    findings = with_severities(report.findings, s, known, defaults)
    writer = output.writer()
    writer.file(report.result, findings, report.document.lines if report.document else [],
                report.document)
    writer.finish()
    output.close()
    _report_read_errors(writer.results)
    if report.result.error or writer.unwritten:
        sys.exit(2)
    unchecked = report.result.unchecked if s.fail_on_unchecked else None
    if unchecked:
        click.echo(f"auditlint: {describe(unchecked)}: not checked (fail-on-unchecked)",
                   err=True)
    failing = bool(unchecked) or any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[s.fail_on]
                                     for f in findings)
    sys.exit(1 if failing and not exit_zero else 0)


def _baseline_summary(baselines: list[Any], quiet: bool) -> dict[str, int]:
    """How many findings the baselines hid and which of their entries are stale (no finding
    uses them: fixed, or changed); the stale ones are listed on stderr, so the baseline is
    rewritten before it hides a new finding with old numbers."""
    hidden = sum(b.hidden for b in baselines)
    stale = [(b, e) for b in baselines for e in b.stale()]
    if not quiet:
        for b, e in stale:
            times = f" ({e.count}×)" if e.count > 1 else ""
            click.echo(f"auditlint: {b.path}: stale entry{times}: {e.path}: {e.code} "
                       f"{' '.join(e.message.split())}", err=True)
        if stale:
            click.echo("auditlint: stale entries no longer match a finding; rewrite the baseline "
                       "with --write-baseline", err=True)
    return {"hidden": hidden, "stale": sum(e.count for _, e in stale)}


def with_severities(findings: list[Finding], s: Any, known: dict[str, str],
                    defaults: dict[str, Severity]) -> list[Finding]:
    """Findings with the severities of the config's `severity` table. A finding its rule
    lowered below the rule's default (an inferred relation, a looser reading) keeps the
    lower severity when the configured one is higher: the rule's reason still holds."""
    if not s.severity:
        return findings
    out = []
    for f in findings:
        configured = s.severity_of(f.code, known)
        if configured is None or configured == f.severity:
            out.append(f)
            continue
        lowered = SEVERITY_RANK[f.severity] < SEVERITY_RANK[defaults.get(f.code, f.severity)]
        if lowered and SEVERITY_RANK[configured] > SEVERITY_RANK[f.severity]:
            out.append(f)
            continue
        out.append(f.model_copy(update={"severity": configured}))
    return out


class _Skip:
    """What a folder's search leaves out: the nearest config's exclude globs, and what
    .gitignore files ignore (unless respect-gitignore is off)."""

    def __init__(self, settings_for: Callable[[Path], Any], top: Path) -> None:
        self.settings_for = settings_for
        self.top = top if top.is_dir() else top.parent  # outside a repository: .gitignore
        self.gitignore: Any = None                     # files from here down apply

    def __call__(self, path: Path, is_dir: bool) -> bool:
        s = self.settings_for(path if is_dir else path.parent)
        if s.excluded(path / "_" if is_dir else path, self.top):
            return True
        if not s.respect_gitignore:
            return False
        if self.gitignore is None:
            from auditlint.gitignore import GitIgnore

            self.gitignore = GitIgnore(self.top)
        return bool(self.gitignore.ignored(path, is_dir))


class _Output:
    """Where the output goes: standard output, or `-o FILE`. The file is written even when
    the run cannot proceed (exit status 2): an empty document that says why (SARIF: a
    notification of an unsuccessful run), so that a CI step uploading it still gets one."""

    def __init__(self, path: str | None, fmt: str, statistics: bool, quiet: bool,
                 paths: tuple[str, ...]) -> None:
        self.path, self.fmt, self.statistics, self.quiet = path, fmt, statistics, quiet
        self.handle: Any = None
        self.started = False
        if path is None:
            return
        if any(p != "-" and Path(p).is_file() and Path(p).resolve() == Path(path).resolve()
               for p in paths):
            _fail(f"{path}: is one of the reports checked; not overwritten")
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.meta[ON_FAIL] = self.fallback

    def _open(self) -> Any:
        from auditlint.report.stream import Writer

        if self.fmt in WRITTEN:  # the review page and annotated PDFs write their own files
            self.started = True
            return Writer(self.fmt, self.statistics, self.path, quiet=self.quiet)
        if self.path is not None:
            try:
                self.handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (close())
            except OSError as e:
                self.path = None  # the message must not recurse into another attempt
                _fail(f"{e.filename}: cannot write the output file ({e.strerror or e})")
        self.started = True
        return Writer(self.fmt, self.statistics, quiet=self.quiet, out=self.handle)

    def writer(self) -> Any:
        return self._open()

    def fallback(self, message: str) -> None:
        if self.path is None or self.started or self.fmt in WRITTEN:
            return
        writer = self._open()
        writer.run_errors.append(message)
        writer.finish()
        self.close()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _internal(e: Exception) -> str:
    from auditlint.runner import internal

    return internal(e)


def _report_read_errors(results: list[FileResult]) -> None:
    for r in results:
        if r.error:
            click.echo(f"auditlint: {r.path}: {r.error}", err=True)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]),
              default="table", show_default=True,
              help="markdown: every rule's documentation, as docs/rules.md holds it.")
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from auditlint.ruledoc import all_docs, rules_markdown

    docs = all_docs()
    if fmt == "markdown":
        click.echo(rules_markdown(docs), nl=False)
        return
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": d.code, "name": d.name, "severity": d.severity,
                                "summary": d.summary, "severity_varies": d.severity_varies}
                               for d in docs],
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"auditlint rules ({len(docs)})", title_justify="left")
    table.add_column("Code", style="bold", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Summary")
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for d in docs:
        varies = f"\n[dim]({d.severity_varies})[/]" if d.severity_varies else ""
        table.add_row(d.code, d.name, f"[{style.get(d.severity, '')}]{d.severity}[/]",
                      escape(d.summary) + varies)
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
    if doc.severity_varies:
        click.echo(f"Severity: {doc.severity_varies}.")
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
    except Exception as e:  # a bug: one line, as `check` gives (see runner.guarded)
        _fail(f"{path}: {_internal(e)}")
    if fmt == "json":
        click.echo(graph.model_dump_json(indent=2))
        return
    from rich.console import Console

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
    except Exception as e:  # a bug: one line, as `check` gives (see runner.guarded)
        _fail(f"{path}: {_internal(e)}")
    click.echo(render_document(doc))
