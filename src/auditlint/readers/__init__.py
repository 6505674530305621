"""Readers: a report file becomes a `Document` (see auditlint.document).

`read(path)` picks the reader by file extension. Readers for .docx and .pdf live in
`auditlint.readers.docx` / `auditlint.readers.pdf` (each with a `read_docx` / `read_pdf`
function taking a path) and are imported only when such a file is read, so that their
dependencies stay optional.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from auditlint.document import Document
from auditlint.readers.errors import ReadError

__all__ = ["SUPPORTED_SUFFIXES", "ReadError", "read"]

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
OFFICE_SUFFIXES = (".docx", ".pdf")
SUPPORTED_SUFFIXES: tuple[str, ...] = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *OFFICE_SUFFIXES)

_OFFICE = {
    ".docx": ("auditlint.readers.docx", "read_docx", "python-docx"),
    ".pdf": ("auditlint.readers.pdf", "read_pdf", "pypdfium2 and pdfplumber"),
}


def read(path: str | Path) -> Document:
    """Read a report; raise ReadError (one-line message) when it cannot be read."""
    p = Path(path)
    suffix = p.suffix.lower()
    if p.is_dir():
        raise ReadError(f"{p} is a directory, not a report")
    if suffix in TEXT_SUFFIXES:
        from auditlint.readers.text import read_text

        return read_text(p)
    if suffix in MARKDOWN_SUFFIXES:
        from auditlint.readers.markdown import read_markdown

        return read_markdown(p)
    if suffix in _OFFICE:
        return _office_reader(suffix)(p)
    known = ", ".join(SUPPORTED_SUFFIXES)
    raise ReadError(f"cannot read {p.name}: unknown file type {suffix or '(none)'} ({known})")


def _office_reader(suffix: str) -> Callable[[Path], Document]:
    module_name, function, package = _OFFICE[suffix]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name == module_name:
            raise ReadError(f"reading {suffix} files is not supported yet") from None
        raise ReadError(
            f"reading {suffix} needs {package}: pip install 'auditlint[office]'"
        ) from None
    reader: Callable[[Path], Document] = getattr(module, function)
    return reader
