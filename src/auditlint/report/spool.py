"""What a run's output gathers file by file: the rendered text of each file, spooled to disk
when it grows, and the counts the summary needs. Shared by the stream writer and the
review page, below both."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from auditlint.findings import FileResult, Finding, Unchecked

SPOOL_IN_MEMORY = 4 << 20  # bytes of rendered findings kept in memory before disk


class Spool:
    """Rendered text per file, given back in path order (stable for equal paths)."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (see close)
            max_size=SPOOL_IN_MEMORY)
        self._parts: list[tuple[str, int, int]] = []  # (path, byte offset, bytes)
        self._offset = 0

    def __bool__(self) -> bool:
        return bool(self._parts)

    def add(self, path: str, text: str) -> None:
        if not text:
            return
        data = text.encode("utf-8")
        self._file.write(data)
        self._parts.append((path, self._offset, len(data)))
        self._offset += len(data)

    def __iter__(self) -> Iterator[str]:
        for _, offset, size in sorted(self._parts, key=lambda p: p[0]):
            self._file.seek(offset)
            yield self._file.read(size).decode("utf-8")

    def close(self) -> None:
        self._file.close()


class Counts:
    """What the summary line and object need: files and findings by severity, and what was
    not checked."""

    def __init__(self) -> None:
        self.files = 0
        self.by_severity = {"error": 0, "warning": 0, "info": 0}
        self.unread = 0
        self.unchecked = Unchecked()
        self.extra: dict[str, Any] = {}  # more of the summary, known at the end (baseline)

    def add(self, findings: list[Finding], result: FileResult | None = None,
            file: bool = True) -> None:
        self.files += file
        for f in findings:
            self.by_severity[f.severity] += 1
        if result is not None:
            self.unread += result.error is not None
            self.unchecked = self.unchecked + result.unchecked

    def summary(self) -> dict[str, Any]:
        s = self.by_severity
        return {"files": self.files, "findings": sum(s.values()), "errors": s["error"],
                "warnings": s["warning"], "infos": s["info"],
                "unchecked": {"files": self.unread, "tables": self.unchecked.tables,
                              "paragraphs": self.unchecked.paragraphs}, **self.extra}
