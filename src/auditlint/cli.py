"""The command line: check, facts, render."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from auditlint import __version__
from auditlint.findings import SEVERITY_RANK, Finding

FORMATS = ["rich", "json"]


def _fail(message: str) -> None:
    click.echo(f"auditlint: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditlint")
def main() -> None:
    """auditlint: checks the arithmetic and logic of budget and performance reports."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Lowest severity that makes the exit status 1.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="An extra rule pack (TOML); may be repeated.")
@click.option("--select", default=None, help="Comma-separated rule codes to run.")
def check(paths: tuple[str, ...], fmt: str, fail_on: str, rule_files: tuple[str, ...],
          select: str | None) -> None:
    """Check reports (files, or directories searched for reports)."""
    from auditlint.packs import PackError, load_packs
    from auditlint.pipeline import check_file, find_reports
    from auditlint.report.json_report import render_json

    try:
        packs = load_packs([Path(p) for p in rule_files])
    except PackError as e:
        _fail(str(e))
    files, errors = find_reports(paths)
    for e in errors:
        click.echo(f"auditlint: {e}", err=True)
    if not files:
        sys.exit(2)
    chosen = [c.strip().upper() for c in select.split(",")] if select else None
    reports = [check_file(p, packs, chosen) for p in files]
    results = [r.result for r in reports]
    findings: list[Finding] = [f for r in reports for f in r.findings]
    if fmt == "json":
        click.echo(render_json(results, findings))
    else:
        from auditlint.report.rich_report import render_rich

        sources = {r.result.path: r.document.lines for r in reports if r.document}
        render_rich(Console(highlight=False), results, findings, sources)
    for r in results:
        if r.error:
            click.echo(f"auditlint: {r.path}: {r.error}", err=True)
    if errors or any(r.error for r in results):
        sys.exit(2)
    threshold = SEVERITY_RANK[fail_on]
    sys.exit(1 if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else 0)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree",
              show_default=True)
def facts(path: str, fmt: str) -> None:
    """Print the fact graph of one report: every number, typed, and every relation."""
    from auditlint.packs import load_packs
    from auditlint.pipeline import analyse
    from auditlint.readers import ReadError

    if not Path(path).is_file():
        _fail(f"{path}: no such file")
    try:
        _, graph = analyse(Path(path), load_packs())
    except ReadError as e:
        _fail(f"{path}: {e}")
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
    click.echo(render_document(doc))
