"""Bytes to text: a strict decoding chain, so that an encoding is detected, never guessed.

Reports arrive as UTF-8 (with or without a BOM), GB18030/GBK (older Windows exports) or
UTF-16 with a BOM. We try exactly those, strictly, in that order; a file that none of them
decodes, or that holds NUL bytes or control characters, is not a text report and is refused
with a one-line reason (AL901) instead of being read as mojibake.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from auditlint.lazyre import lazy_compile
from auditlint.readers.errors import ReadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return
_CONTROL = lazy_compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = lazy_compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text with LF line ends, and the name of the encoding it was read in."""

    text: str
    encoding: str

    @property
    def lines(self) -> list[str]:
        """The file's lines, as an editor numbers them (a final newline ends the last line)."""
        return split_lines(self.text)


def split_lines(text: str) -> list[str]:
    """Lines split on LF only: form feeds and other separators stay inside their line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF. A CR ends a line, so columns within lines do not move."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode(data: bytes) -> Decoded:
    """Decode a report's bytes; raise ReadError for empty, binary or undecodable data."""
    if not data:
        raise ReadError("the file is empty")
    text, encoding = _decode_chain(data)
    if not text:
        raise ReadError("the file is empty (it holds only a byte order mark)")
    _refuse_binary(text)
    return Decoded(normalise_newlines(text), encoding)


def read_decoded(path: str | Path) -> Decoded:
    """The decoded text of a file; an unreadable file is a ReadError, never an OSError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read {p}: {e.strerror or e}") from None
    return decode(data)


def _decode_chain(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name.replace("-sig", ""), "strict"), name
            except UnicodeDecodeError as e:
                raise ReadError(
                    f"the file starts with a {name.upper()} byte order mark but is not valid "
                    f"{name.upper()} (byte {e.start + len(bom)})"
                ) from None
    if b"\x00" in data:
        raise ReadError("the file looks binary (it holds NUL bytes), not a text report")
    try:
        return data.decode("utf-8", "strict"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e.start
        if e.end == len(data) and e.start >= len(data) - 3 and _utf8_text(data[:e.start]):
            # UTF-8 cut inside its last character: GB18030 may well decode it, as gibberish
            raise ReadError(
                f"the file is UTF-8 but ends inside a character (byte {e.start}): it was "
                "cut short; save it again") from None
    try:
        return data.decode("gb18030", "strict"), "gb18030"
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, utf8_error) + 1
        raise ReadError(
            f"the file is neither UTF-8 nor GB18030/GBK text (not UTF-8 at byte {utf8_error}, "
            f"line {line}); save it as UTF-8"
        ) from None


def _utf8_text(data: bytes) -> bool:
    """Valid UTF-8 with some characters beyond ASCII (ASCII alone says nothing)."""
    try:
        return not data.decode("utf-8").isascii()
    except UnicodeDecodeError:
        return False


def _refuse_binary(text: str) -> None:
    """Control characters have no place in a report; a few stray ones are tolerated."""
    controls = len(_CONTROL.findall(text[:65536]))
    if "\x00" in text or controls > max(8, len(text[:65536]) // 200):
        raise ReadError("the file looks binary (it holds control characters), not a text report")
