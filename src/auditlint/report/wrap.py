"""Terminal text that fits the terminal: messages wrapped at word boundaries (a CJK character
is a word of its own) and never inside a number, source excerpts cut to a window of the
line around the figure. Widths are in terminal cells (a CJK character takes two)."""

from __future__ import annotations

from rich.cells import cell_len

from auditlint.lazyre import lazy_compile

# a number as written (1,245.60 / 7.83% / -3), a run of other non-space characters that are
# not CJK, one CJK character, or spaces: the units a line may be broken between
_TOKEN = lazy_compile(
    r"[-+−]?\d(?:[\d,，]*\d)?(?:\.\d+)?%?"
    r"|[^\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+"
    r"|[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
    r"|\s+")
_NUMBER = lazy_compile(r"[-+−]?\d(?:[\d,，]*\d)?(?:\.\d+)?%?")


CLOSING = "，。；：、）」』》”’,.;:)!?！？"
OPENING = "(（「『《“‘"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text` in lines of at most `width` cells (a token wider than a whole line stands on its
    own line), continuation lines indented by `indent`. No line starts with closing
    punctuation or ends with an opening one: the character before moves along with it."""
    lead = text[:len(text) - len(text.lstrip())]
    words: list[str] = []  # tokens, a space token kept as " " between words
    for tok in tokens(text.lstrip()):
        if tok.isspace():
            if words and words[-1] != " ":
                words.append(" ")
        else:
            words.append(tok)
    lines: list[str] = []
    current: list[str] = []
    prefix = lead

    def cells(ws: list[str]) -> int:
        return cell_len(prefix + "".join(ws).rstrip())

    for tok in words:
        if tok == " " or not current or cells([*current, tok]) <= width:
            current.append(tok)
            continue
        carried: list[str] = [tok]
        if tok in CLOSING:  # take the word before along (with the space between, if any)
            spaces = []
            while current and current[-1] == " ":
                spaces.append(current.pop())
            if len(current) > 1:
                carried = [current.pop(), *spaces, tok]
        while len(current) > 1 and current[-1] in OPENING:
            carried.insert(0, current.pop())
        while current and current[-1] == " ":
            current.pop()
        lines.append(prefix + "".join(current))
        prefix, current = indent, [t for t in carried]
    if current:
        lines.append(prefix + "".join(current).rstrip())
    return lines or [lead.rstrip()]


def window(src: str, start: int, end: int, budget: int) -> tuple[int, int]:
    """The slice [lo, hi) of `src` shown around characters [start, end): as much context on
    both sides as `budget` cells allow (less the ellipses), its edges moved out of numbers,
    so that the excerpt never shows part of a figure."""
    lo, hi = start, end
    used = cell_len(src[lo:hi])
    room = budget - 2  # the two ellipses an excerpt may need
    left = True
    while used < room and (lo > 0 or hi < len(src)):
        if (left and lo > 0) or hi >= len(src):
            w = cell_len(src[lo - 1])
            if used + w > room:
                break
            lo -= 1
        else:
            w = cell_len(src[hi])
            if used + w > room:
                break
            hi += 1
        used += w
        left = not left
    for m in _NUMBER.finditer(src):
        if m.start() < lo < m.end() and m.end() <= start:
            lo = m.end()  # the figure cut at the left edge: drop it
        if m.start() < hi < m.end() and m.start() >= end:
            hi = m.start()
    return lo, hi
