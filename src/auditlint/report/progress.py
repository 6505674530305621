"""A progress bar on stderr while many files are checked, only when stderr is a terminal:
pipes, CI logs and pre-commit output stay clean."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T", bound=Path)
MIN_FILES = 3  # fewer files are done before a bar would be worth reading


def _may_be_terminal() -> bool:
    """Whether rich could take stderr for a terminal: it is one, or rich is told so."""
    forced = ("FORCE_COLOR", "FORCE_TERMINAL", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")
    return sys.stderr.isatty() or any(os.environ.get(v) for v in forced)


def with_progress(items: Sequence[T], console: Console | None = None) -> Iterator[T]:
    if len(items) < MIN_FILES or (console is None and not _may_be_terminal()):
        yield from items  # decided before rich is loaded: most runs show no bar
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield from items
        return
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", style="dim"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=len(items))
        for item in items:
            progress.update(task, description=item.name)
            yield item
            progress.advance(task)
