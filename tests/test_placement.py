"""Placing a row's figures in their columns when text extraction dropped its empty cells."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.readers.placement import SPREAD, UNKNOWN, place_panel


def test_the_total_row_places_the_top_level_rows_and_they_place_their_children() -> None:
    # 合计 人员经费 公用经费, every row but the total gives two figures of three
    rows = [["300", "300"], ["100", "100"], ["200", "200"], ["50", "50"], ["50", "50"],
            ["350", "300", "50"]]
    codes = ["301", "30101", "30102", "302", "30201", None]
    totals = [False] * 5 + [True]
    cells = place_panel(rows, codes, totals, 3)
    assert cells[0] == [0, 1, None]  # 301 in 人员经费
    assert cells[3] == [0, None, 1]  # 302 in 公用经费
    assert cells[1] == [0, 1, None] and cells[4] == [0, None, 1]  # children follow parents


def test_a_placement_the_sums_cannot_choose_is_unknown() -> None:
    rows = [["50", "50"], ["70", "70"], ["120", "60", "60"]]
    cells = place_panel(rows, ["301", "302", None], [False, False, True], 3)
    # 50 + 70 = 120 but 60 / 60 fits no joint placement: nothing is placed
    assert cells[0] == [UNKNOWN, UNKNOWN, UNKNOWN]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(
    ["0", "1", "2.5", "10", "12.5", "100", "-3", "1,000", "x", "5%"]), max_size=5)), max_size=8),
    st.integers(min_value=1, max_value=5))
def test_no_rows_crash_the_placement(rows: list[list[str] | None], width: int) -> None:
    codes = ["201", "20101", None, "202", None, "20201", None, "203"][: len(rows)]
    totals = [i == len(rows) - 1 for i in range(len(rows))]
    cells = place_panel(rows, codes, totals, width)
    assert len(cells) == len(rows) and all(len(c) == width for c in cells)


def test_a_row_no_placement_makes_consistent_keeps_the_figures_its_nearest_placement_gives() -> None:
    # 合计 基本支出 人员经费 项目支出 (合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 on the full
    # rows): `16 15 15` fits no placement, its nearest puts 16 under 合计, where it is summed
    full = [["30", "10", "10", "20"], ["40", "15", "15", "25"]]
    cells = place_panel([*full, ["16", "15", "15"]], [None] * 3, [False] * 3, 4)
    assert cells[2] == [0, 1, 2, None]
    # a consistent row keeps only the placements that break nothing
    cells = place_panel([*full, ["15", "15"]], [None] * 3, [False] * 3, 4)
    assert cells[2] == [0, None, None, 1]


def test_a_column_headed_as_the_total_places_each_rows_first_figure() -> None:
    # too many rows to try every joint placement against the total row, no parent codes,
    # and only the total row full: the header's 合计 and that row say 合计 = 人员经费 +
    # 公用经费, so each row's first figure is its 合计
    rows: list[list[str]] = [[v, v] for v in ("10", "20", "30", "5", "15", "25", "35", "10", "50")]
    rows.append(["200", "120", "80"])
    codes = [f"501{k:02d}" for k in range(9)] + [None]
    totals = [False] * 9 + [True]
    assert place_panel(rows, codes, totals, 3)[0] == [UNKNOWN, UNKNOWN, UNKNOWN]
    cells = place_panel(rows, codes, totals, 3, total_cols=[0])
    assert [c[0] for c in cells[:9]] == [0] * 9
    # 人员 or 公用: the sums cannot tell here, but the figure is one of the parts of 合计
    assert cells[0][1:] == [1, SPREAD]
    # a total row that does not bear the header out, where the rows do (each gives its
    # total, then the same figure): the header's identity stands, the total row is wrong
    rows[-1] = ["200", "110", "80"]
    assert place_panel(rows, codes, totals, 3, total_cols=[0])[0] == [0, 1, SPREAD]
    # two rows against it: nothing is placed
    rows[0] = ["10", "13"]
    assert place_panel(rows, codes, totals, 3, total_cols=[0])[1] == [UNKNOWN] * 3


def test_the_economic_class_of_a_row_names_its_column_when_the_totals_agree() -> None:
    # 合计 人员经费 公用经费: 501xx rows are 人员经费, 502xx rows 公用经费 — kept only because
    # the rows so placed add up to the total row in every column
    rows: list[list[str]] = [[v, v] for v in ("10", "20", "30", "5", "15", "25", "35", "10", "50")]
    codes: list[str | None] = ["50101", "50102", "50103", "50199", "50201", "50202", "50205",
                               "50206", "50299"]
    classes = {1: ("501",), 2: ("502",)}
    rows.append(["200", "65", "135"])
    codes.append(None)
    totals = [False] * 9 + [True]
    cells = place_panel(rows, codes, totals, 3, total_cols=[0], classes=classes)
    assert cells[0] == [0, 1, None] and cells[4] == [0, None, 1]
    # the same classes against a total row they do not add up to: nothing is decided by them
    # (each figure is one of the parts of its 合计, not known which)
    rows[-1] = ["200", "75", "125"]
    cells = place_panel(rows, codes, totals, 3, total_cols=[0], classes=classes)
    assert cells[0] == [0, 1, SPREAD]


def test_a_figure_among_the_parts_of_a_stated_total_spreads_over_them() -> None:
    # 合计 基本支出 项目支出 (the full rows say 合计 = 基本支出 + 项目支出): `40 40` is 合计 and
    # one of the parts, which one the sums cannot tell — but the parts' sum is 40
    full = [["30", "10", "20"], ["50", "20", "30"]]
    cells = place_panel([*full, ["40", "40"], ["41", "40"]], [None] * 4, [False] * 4, 3)
    assert cells[2] == [0, 1, SPREAD]
    # a wrong figure too: the total is never left empty beside a part, so it is 合计 again
    assert cells[3] == [0, 1, SPREAD]
    # two figures that may stand in the same columns do not spread
    full4 = [["30", "10", "15", "5"], ["50", "20", "20", "10"]]
    cells = place_panel([*full4, ["40", "30", "10"]], [None] * 3, [False] * 3, 4)
    assert cells[2][0] == 0 and SPREAD not in cells[2]


def test_one_wrong_figure_does_not_undo_the_class_placement_and_keeps_its_total() -> None:
    # as above, but 50202's 合计 is written 26 where its 公用经费 is 25: only the 合计 column
    # misses the total row, so the classes still decide, and the row's 26 stays under 合计
    # (a figure stands under its total before it stands under a part with the total empty)
    rows: list[list[str]] = [[f"{v}.00"] * 2 for v in (10, 20, 30, 5, 15, 25, 35, 10, 50)]
    rows[5] = ["26.00", "25.00"]
    codes: list[str | None] = ["50101", "50102", "50103", "50199", "50201", "50202", "50205",
                               "50206", "50299", None]
    rows.append(["200.00", "65.00", "135.00"])
    totals = [False] * 9 + [True]
    cells = place_panel(rows, codes, totals, 3, total_cols=[0], classes={1: ("501",), 2: ("502",)})
    assert cells[0] == [0, 1, None] and cells[4] == [0, None, 1]
    assert cells[5] == [0, None, 1]


def test_figures_among_the_parts_of_a_placed_total_split_them_into_runs() -> None:
    # 合计 | 小计 a b c d e (小计 = a..e): two of the five parts filled, which two the sums
    # cannot tell; together they are the 小计, each spread over a run of two columns or more
    from auditlint.readers.placement import place_row

    cells = place_row(["100.00", "100.00", "60.00", "40.00"], 7, [(0, (1,)), (1, (2, 3, 4, 5, 6))])
    assert cells[:2] == [0, 1]
    assert cells[2:] == [2, SPREAD, 3, SPREAD, SPREAD]
    # three figures in four columns: runs of two cannot be made, they stay unknown
    cells = place_row(["100.00", "50.00", "30.00", "20.00"], 5, [(0, (1, 2, 3, 4))])
    assert cells[0] == 0 and SPREAD not in cells and UNKNOWN in cells
