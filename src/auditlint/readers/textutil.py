"""Small text predicates shared by the readers: widths, punctuation, numeric cells."""

from __future__ import annotations

from functools import lru_cache

from auditlint.document import SourceText
from auditlint.lazyre import lazy_compile

# East Asian wide and fullwidth ranges (what a PDF sets in full-width glyphs)
_WIDE = lazy_compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]"
)
CJK = lazy_compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENTENCE_END = "。！？!?…"
SOFT_END = "；;：:"
CLAUSE_PUNCT = lazy_compile(r"[，。；;：、！？]|,(?!\d{3})|:(?!\d)")
_LATIN_OR_DIGIT = lazy_compile(r"[0-9A-Za-z]")
_NUMERIC = lazy_compile(r"^[-+−－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[%％]?$")
_EMPTYISH = {"-", "--", "—", "——", "－", "/", "／", "–", "……", "…", "0"}
BOOKMARK = lazy_compile(r"\[bookmark: [^\]]*\]")


def display_width(text: str) -> int:
    """Columns a text takes in a monospace rendering: CJK and fullwidth count two."""
    return len(text) + len(_WIDE.findall(text))


# the readers ask the same questions of the same cells and lines many times over (each
# table candidate re-reads the lines below it): pure predicates on strings are memoised
_MEMO = 1 << 14


@lru_cache(maxsize=_MEMO)
def is_numeric(text: str) -> bool:
    """A cell that holds just a number (`2,436.19`, `96.50%`, `-0.92%`)."""
    return bool(_NUMERIC.match(text.strip().replace(" ", "")))


@lru_cache(maxsize=_MEMO)
def is_value_token(text: str) -> bool:
    """A number or one of the dashes that stand for "nothing" in a numeric column."""
    t = text.strip()
    return is_numeric(t) or t in _EMPTYISH


def is_latin_or_digit(ch: str) -> bool:
    return bool(ch) and bool(_LATIN_OR_DIGIT.match(ch))


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def strip_bookmarks(line: str, line_no: int) -> SourceText:
    """The line as a SourceText with Word bookmark markers cut out, columns kept right."""
    if "[bookmark:" not in line:
        return SourceText.at(line, line_no, 1)
    parts: list[SourceText] = []
    pos = 0
    for m in BOOKMARK.finditer(line):
        if m.start() > pos:
            parts.append(SourceText.at(line[pos: m.start()], line_no, pos + 1))
        pos = m.end()
    if pos < len(line):
        parts.append(SourceText.at(line[pos:], line_no, pos + 1))
    return SourceText.join(parts)


def join_texts(parts: list[SourceText], spaced: list[bool] | None = None) -> SourceText:
    """Join wrapped pieces: nothing between CJK; one space between Latin letters or digits
    only where the original had whitespace at the break (`spaced[i]` for the break before
    part i+1; a line break between two Latin letters counts as whitespace)."""
    if not parts:
        return SourceText("", [])
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        prev = out[-1]
        gap = spaced[i] if spaced is not None and i < len(spaced) else False
        if prev.text and part.text and _needs_space(prev.text[-1], part.text[0], gap):
            out.append(SourceText(" ", []))
        out.append(part)
    return SourceText.join(out)


def _needs_space(left: str, right: str, gap: bool) -> bool:
    if not (is_latin_or_digit(left) and is_latin_or_digit(right)):
        return False
    return gap or (left.isalpha() and right.isalpha() and left.isascii() and right.isascii())


_LETTER_SPACING = lazy_compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


@lru_cache(maxsize=_MEMO)
def squeeze_spaced(text: str) -> str:
    """`项 目 支 出 绩 效 自 评 表` -> `项目支出绩效自评表` (letter-spaced titles)."""
    return _LETTER_SPACING.sub("", text.strip())
