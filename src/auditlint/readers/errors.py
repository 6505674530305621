"""The one error a reader raises: the file cannot be read as a report (AL901, exit status 2)."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read; `str(error)` is a one-line message for the user."""
