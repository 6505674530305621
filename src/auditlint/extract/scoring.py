"""Stage of extract: to be written."""

from __future__ import annotations

from auditlint.extract.context import ExtractContext


def extract(ctx: ExtractContext) -> None:
    return None
