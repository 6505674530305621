"""Costs that grow with the input, not faster: the shortcuts that keep a wide table, a long
line and a much-repeated subject linear find what the plain search finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.tables.base import INFERRED_SHARE, MIN_INFERRED_ROWS, adds_up, same_kind
from auditlint.extract.tables.cells import view_facts
from auditlint.extract.tables.relations import TableRelations
from auditlint.extract.tableview.view import view_of
from tablekit import context, grid


def _plain_support(rel: TableRelations, tc: int, parts: list[int]) -> bool:
    """`inferred_support` as first written: every run summed from scratch on every row."""
    holds = checked = rich = 0
    nonzero_cols: set[int] = set()
    allowed = (1 - INFERRED_SHARE) * len(rel.view.rows)
    for row in rel.view.rows:
        if checked - holds > allowed:
            return False
        res = rel.fact(row.index, tc)
        ops = rel.row_operands(row.index, parts)
        if res is None or not ops or not same_kind(res, ops):
            continue
        checked += 1
        if adds_up(res, ops) and res.value != 0:
            holds += 1
            nz = [f for f in ops if f.value != 0]
            if len(nz) >= 2:
                rich += 1
            nonzero_cols.update(f.col for f in nz if f.col is not None)
    return (holds >= MIN_INFERRED_ROWS and holds >= INFERRED_SHARE * checked and rich >= 2
            and nonzero_cols >= set(parts))


def _plain_runs(cols: list[int], tc: int) -> list[list[int]]:
    out: list[list[int]] = []
    for side, step in (([c for c in cols if c > tc], 1), ([c for c in cols if c < tc][::-1], -1)):
        run: list[int] = []
        for c in side:
            if c != (run[-1] if run else tc) + step:
                break
            run.append(c)
            if len(run) >= 2:
                out.append(sorted(run))
    return out


_CELL = st.one_of(st.sampled_from(["", "-", "0", "0.00", "说明", "≥5", "-3"]),
                  st.integers(1, 40).map(str), st.integers(1, 4000).map(lambda n: f"{n / 100:.2f}"),
                  st.integers(1, 4000).map(lambda n: f"{n / 100:.2f}"))


@st.composite
def _tables(draw: st.DrawFn) -> str:
    """Cells of every kind; on most rows one column the sum of a run of its neighbours."""
    n_cols = draw(st.integers(3, 8))
    n_rows = draw(st.integers(4, 8))
    total, a, b = (draw(st.integers(0, n_cols - 1)) for _ in range(3))
    head = "项目\t" + "\t".join(f"第{i}项" for i in range(n_cols))
    rows = []
    for r in range(n_rows):
        cells = [draw(_CELL) for _ in range(n_cols)]
        run = [c for c in range(min(a, b), max(a, b) + 1) if c != total]
        if draw(st.integers(0, 9)) < 8 and run:
            figures = [c for c in run if cells[c].replace(".", "").isdigit()]
            cells[total] = f"{sum(float(cells[c]) for c in figures):.2f}"
        rows.append(f"支出{r}\t" + "\t".join(cells))
    return "\n".join([head, *rows])


@settings(max_examples=150, deadline=None)
@given(_tables())
def test_runs_beside_a_column_are_the_plain_search_s(text: str) -> None:
    table = grid(text)
    ctx = context(table)
    for part in view_of(ctx, table).blocks:
        view_facts(ctx, part, 0)
        rel = TableRelations(ctx, part)
        for panel in part.panels:
            cols = [c for c in panel.value_cols if rel.summable(c)
                    and rel.cols[c].role in ("amount", None)]
            for tc in cols:
                want = [run for run in _plain_runs(cols, tc) if _plain_support(rel, tc, run)]
                assert rel.supported_runs(tc, cols) == want


def test_a_wide_table_reads_each_cell_a_bounded_number_of_times() -> None:
    """Columns that add up nothing: the runs beside each column are given up once enough rows
    are past saving, so the cells read grow with the table, not with its width squared."""

    def reads(cols: int) -> int:
        head = "项目\t" + "\t".join(f"第{i}项" for i in range(cols))
        body = [f"支出{r}\t" + "\t".join(f"{(r * 37 + c * 101) % 9000 + 1000}.{c % 90 + 10}"
                                         for c in range(cols)) for r in range(20)]
        table = grid("\n".join([head, *body]))
        ctx = context(table)
        count = 0
        for part in view_of(ctx, table).blocks:
            view_facts(ctx, part, 0)
            rel = TableRelations(ctx, part)
            def counted(row: int, col: int, fact: object = rel.fact) -> object:
                nonlocal count
                count += 1
                return fact(row, col)  # type: ignore[operator]

            rel.fact = counted  # type: ignore[method-assign]
            rel.inferred_columns()
        return count

    assert reads(160) < 6 * reads(40)  # 4 times as wide: 16 times the reads if quadratic


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=6), min_size=1, max_size=12),
       st.integers(0, 80), st.integers(0, 80))
def test_a_slice_of_joined_lines_maps_back_as_every_segment_says(
        parts: list[str], start: int, end: int) -> None:
    """A slice of a text joined from many lines finds its segments by bisection: the same
    source map as reading every segment."""
    from auditlint.document import Segment, SourceText

    text = SourceText.join([SourceText.at(p, n + 1, 3) for n, p in enumerate(parts)], sep=" ")
    got = text.slice(start, end)
    want = [Segment(a - start, s.line, s.column + (a - s.offset), b - a)
            for s in text.segments
            if (a := max(s.offset, start)) < (b := min(s.offset + s.length, end))]
    assert got.text == text.text[start:end] and got.segments == want
