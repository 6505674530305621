"""Terminal output for a reviewer: findings grouped by file, a code frame for each with the
number underlined, and the computation that shows the mismatch. Plain text when the output
is not a terminal or NO_COLOR is set (rich decides)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from auditlint.findings import FileResult, Finding
from auditlint.report.json_report import summary
from auditlint.report.summary import baseline_text, nothing_unchecked, unchecked_text
from auditlint.report.wrap import window, wrap

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
FRAME_WIDTH = 100


def _frame(lines: list[str], f: Finding, width: int | None = None) -> Text:
    """The source line with the finding's characters underlined (CJK-width aware), cut to a
    window around the figure that fits `width` cells (FRAME_WIDTH when not wrapping)."""
    out = Text()
    if not (1 <= f.line <= len(lines)):
        return out
    src = lines[f.line - 1].replace("\t", " ")
    start = max(f.column - 1, 0)
    end = f.end_column - 1 if f.end_line == f.line else len(src)
    end = max(min(end, len(src)), start + 1)
    # keep long lines readable: a window around the number, within the width
    gutter_cells = 8  # "  123 │ "
    lo, hi = window(src, start, end, max((width or FRAME_WIDTH) - gutter_cells, 20))
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(src) else ""
    gutter = f"{f.line:>5} │ "
    out.append(gutter, style="dim")
    out.append(prefix + src[lo:start])
    out.append(src[start:end], style="bold underline")
    out.append(src[end:hi] + suffix + "\n")
    pad = cell_len(prefix + src[lo:start])
    out.append(" " * 5 + " │ ", style="dim")
    out.append(" " * pad + "^" * max(1, cell_len(src[start:end])), style=STYLE[f.severity])
    out.append("\n")
    return out


def render_rich(console: Console, files: list[FileResult], findings: list[Finding],
                sources: dict[str, list[str]], statistics: bool = False) -> None:
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    for fr in files:
        render_file(console, fr, by_file.get(fr.path, []), sources.get(fr.path, []))
    render_summary(console, summary(files, findings))


def render_file(console: Console, fr: FileResult, items: list[Finding], lines: list[str],
                width: int | None = None) -> None:
    """One file's findings, each with its code frame from the file's `lines`. With `width`
    (a terminal's), every line fits it: messages wrap at word boundaries, never inside a
    number; without, each message stays on one line (pipes, logs, grep)."""
    if not items:
        return
    console.print(Text(fr.path, style="bold magenta"))
    for f in items:
        if f.severity == "info":  # notes on what was not read: one quiet line each
            text = f"  {f.line}:{f.column}  info  {f.code}  {f.message}"
            for part in (wrap(text, width, "    ") if width else [text]):
                console.print(Text(part, style="dim"))
            continue
        head = Text("  ")
        head.append(f"{f.line}:{f.column}", style="bold")
        head.append("  ")
        head.append(f"{f.severity}", style=STYLE[f.severity])
        head.append(f"  {f.code} ", style="bold")
        head.append(f"[{f.rule}]", style="dim")
        if f.location:
            head.append(f"  {f.location}", style="dim")
        if width and cell_len(head.plain) > width:
            for i, part in enumerate(wrap(head.plain, width, "    ")):
                console.print(Text(part, style="dim" if i else "bold"))
        else:
            console.print(head)
        for part in (wrap("  " + f.message, width, "  ") if width else ["  " + f.message]):
            console.print(Text(part))
        frame = _frame(lines, f, width)
        if frame:
            console.print(frame, end="")
        for r in f.related:
            where = "" if r.path == f.path else f"{r.path}:"  # a figure of another report
            console.print(Text(f"        ↳ {where}{r.line}:{r.column} {r.message}", style="dim"))
        console.print()


def render_summary(console: Console, s: dict[str, Any], width: int | None = None) -> None:
    """The last line: findings by severity, then what was not checked (in yellow when
    something was not, so that a run without findings is not read as all clear); two lines
    when one does not fit `width`."""
    tail = Text()
    if not s["findings"]:
        mark = "✓ " if nothing_unchecked(s) else ""
        tail.append(f"{mark}{s['files']} file(s) checked, no findings", style="bold green")
    else:
        tail.append(f"{s['findings']} finding(s) in {s['files']} file(s): ")
        tail.append(f"{s['errors']} error(s)", style=STYLE["error"])
        tail.append(", ")
        tail.append(f"{s['warnings']} warning(s)", style=STYLE["warning"])
        tail.append(", ")
        tail.append(f"{s['infos']} info", style=STYLE["info"])
    rest = Text()
    rest.append(unchecked_text(s), style="dim" if nothing_unchecked(s) else STYLE["warning"])
    rest.append(baseline_text(s), style="dim")
    if width and cell_len(tail.plain) + 2 + cell_len(rest.plain) > width:
        console.print(tail.append(";"))
        console.print(Text("  ").append(rest))
        return
    console.print(tail.append("; ").append(rest))
