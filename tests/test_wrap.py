"""Rich output that fits the terminal: messages wrapped at word boundaries and never inside a
number, excerpts cut to a window around the figure."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from auditlint.cli import main
from auditlint.report.wrap import _NUMBER, tokens, window, wrap

ROOT = Path(__file__).resolve().parent.parent
_piece = st.one_of(
    st.from_regex(r"-?[1-9]\d{0,2}(,\d{3}){0,3}(\.\d{1,2})?%?", fullmatch=True),
    st.sampled_from(["合计", "年初预算数", "is", "not", "the", "sum", "≠", "=", "+", "(", ")",
                     "（", "）", "，", "。", "「", "」", "万元", "over", "rows", "2–3"]),
)
_text = st.lists(_piece, min_size=1, max_size=40).map(lambda ps: " ".join(ps))


@given(_text, st.integers(min_value=20, max_value=100))
def test_wrapped_lines_fit_and_keep_every_number_whole(text: str, width: int) -> None:
    lines = wrap("  " + text, width, "    ")
    numbers = _NUMBER.findall(text)
    longest = max((cell_len(t) for t in tokens(text)), default=0)
    for line in lines:
        # a line longer than the width holds a token that alone does not fit, or a token
        # with the punctuation that may not start the next line
        assert cell_len(line) <= width or cell_len(line.strip()) <= 2 * longest + 4
    for n in numbers:
        assert any(n in line for line in lines)  # whole, within one line
    assert [t for t in tokens(" ".join(lines)) if not t.isspace()] == [
        t for t in tokens(text) if not t.isspace()]


@given(st.text(alphabet="0123456789,. 万元合计", min_size=1, max_size=120),
       st.integers(min_value=10, max_value=60))
def test_excerpt_window_holds_the_figure_and_no_cut_number(src: str, budget: int) -> None:
    start = len(src) // 2
    end = min(len(src), start + 1)
    lo, hi = window(src, start, end, budget)
    assert lo <= start and hi >= end
    for m in _NUMBER.finditer(src):
        inside_left = m.start() < lo < m.end() and m.end() <= start
        inside_right = m.start() < hi < m.end() and m.start() >= end
        assert not inside_left and not inside_right


def test_rich_output_fits_80_columns_and_pipes_keep_lines_whole() -> None:
    path = str(ROOT / "examples" / "planted_errors.txt")
    wrapped = CliRunner().invoke(main, ["check", path], env={"COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in wrapped.splitlines()) <= 80
    whole = CliRunner().invoke(main, ["check", path], env={"COLUMNS": ""}).stdout
    assert max(cell_len(line) for line in whole.splitlines()) > 80
    # the same findings and figures, only laid out differently
    message = next(x for x in whole.splitlines() if "growth of 收入总计" in x).strip()
    at = next(i for i, x in enumerate(wrapped.splitlines()) if "growth of 收入总计" in x)
    shown = wrapped.splitlines()[at:at + 2]
    for n in _NUMBER.findall(message):
        assert any(n in line for line in shown)
