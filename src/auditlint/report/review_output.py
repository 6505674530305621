"""Checks on where `--format html` and `annotated-pdf` write, made before any report is read,
so a run that cannot write its output stops at once (exit status 2) and never overwrites a
report."""

from __future__ import annotations

import os
from pathlib import Path


def check_output(fmt: str, output: str | None, reports: list[Path]) -> str | None:
    """What is wrong with `output` for these reports, or None."""
    if fmt == "annotated-pdf":
        if output is None:
            return "--format annotated-pdf needs -o FILE.pdf (or -o FOLDER for several PDFs)"
        not_pdf = [p for p in reports if p.suffix.lower() != ".pdf"]
        if not_pdf:
            return (f"{not_pdf[0]}: --format annotated-pdf annotates PDF reports only; use "
                    "--format html for this one")
        if len(reports) > 1 and not Path(output).is_dir():
            return f"{output}: several PDFs are checked: -o must be an existing folder"
    if output is None:
        return None
    out = Path(output)
    if fmt == "html" and out.is_dir():
        return f"{output}: is a folder; name the HTML file to write"
    targets = ([out / f"{p.stem}.annotated.pdf" for p in reports] if out.is_dir() else [out])
    inputs = {p.resolve() for p in reports}
    for t in targets:
        if t.resolve() in inputs:
            return f"{t}: is one of the reports checked; not overwritten"
    folder = out if out.is_dir() else out.parent
    if not folder.is_dir():
        return f"{output}: folder {folder} does not exist"
    if not os.access(folder, os.W_OK):
        return f"{output}: folder {folder} is not writable"
    return None
