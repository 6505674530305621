"""Findings: what auditlint reports, in the shape of the stable JSON output."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class Related(BaseModel):
    path: str
    line: int
    column: int
    message: str


class Finding(BaseModel):
    code: str
    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    location: str = ""
    message: str
    expected: str | None = None
    actual: str | None = None
    related: list[Related] = Field(default_factory=list)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


class FileResult(BaseModel):
    path: str
    format: str
    facts: int = 0
    relations: int = 0
    error: str | None = None
