"""Where grammar/ and rules/ are: beside src/ in a checkout, inside the package in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The `grammar` or `rules` folder, wherever this install keeps it."""
    for candidate in (_PKG / "_data" / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"auditlint data folder {name!r} not found; reinstall auditlint")


def grammar_path(name: str) -> Path:
    return data_dir("grammar") / name
