"""Findings: what auditlint reports, in the shape of the stable JSON output."""

from __future__ import annotations

from pydantic import BaseModel, Field

from auditlint.severity import SEVERITY_RANK, Severity

__all__ = ["SEVERITY_RANK", "FileResult", "Finding", "Related", "Severity", "Unchecked"]


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


class Unchecked(BaseModel):
    """What a run could not check: tables not understood, and other parts of the text (a
    paragraph, a text box, a page without text) not read. A clean run means nothing only
    when these are zero."""

    tables: int = 0
    paragraphs: int = 0

    def __bool__(self) -> bool:
        return bool(self.tables or self.paragraphs)

    def __add__(self, other: Unchecked) -> Unchecked:
        return Unchecked(tables=self.tables + other.tables,
                         paragraphs=self.paragraphs + other.paragraphs)


class FileResult(BaseModel):
    path: str
    format: str
    facts: int = 0
    relations: int = 0
    error: str | None = None
    unchecked: Unchecked = Field(default_factory=Unchecked)
