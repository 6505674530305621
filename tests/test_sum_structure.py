"""Rows without codes or numbering grouped by what their sums allow."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.extract.tables.groups import Group, read_groups
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text


def _read(parent: list[str], rows: list[list[str]]) -> list[Group] | None:
    """read_groups over rows of figures (one list per row, one figure per column)."""
    vals = [[Decimal(x) for x in r] for r in rows]
    top = [Decimal(x) for x in parent]

    def holds(res: Sequence[Decimal], parts: Sequence[Sequence[Decimal]]) -> list[bool | None]:
        return [res[c] == sum((p[c] for p in parts), Decimal(0)) for c in range(len(res))]

    return read_groups(
        len(rows), lambda h, ps: holds(vals[h], [vals[k] for k in ps]),
        lambda h: [v != 0 for v in vals[h]], lambda hs: holds(top, [vals[k] for k in hs]),
        [v != 0 for v in top])


def test_heads_are_the_rows_their_next_rows_add_up_to() -> None:
    # 款 60 over 项 40 + 20, 款 30 over 项 30, all under 90
    groups = _read(["90"], [["60"], ["40"], ["20"], ["30"], ["30"]])
    assert groups == [Group(0, (1, 2)), Group(3, (4,))]


def test_no_reading_or_two_readings_give_nothing() -> None:
    assert _read(["91"], [["60"], ["40"], ["20"], ["30"], ["30"]]) is None  # no reading
    assert _read(["30"], [["10"], ["10"], ["10"], ["10"], ["10"]]) is None  # two readings


def test_one_wrong_figure_in_one_of_several_columns_keeps_the_reading() -> None:
    rows = [["60", "50", "10"], ["40", "30", "10"], ["21", "20", "0"], ["30", "40", "5"],
            ["30", "40", "5"]]
    assert _read(["90", "90", "15"], rows) == [Group(0, (1, 2)), Group(3, (4,))]
    # with one column there is no slack: the wrong figure leaves no reading
    assert _read(["90"], [["60"], ["40"], ["21"], ["30"], ["30"]]) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["0", "1", "2", "3", "5", "10"]), min_size=2, max_size=2),
                max_size=12),
       st.lists(st.sampled_from(["0", "1", "5", "10", "20"]), min_size=2, max_size=2))
def test_no_rows_crash_the_grouping(rows: list[list[str]], parent: list[str]) -> None:
    groups = _read(parent, rows)
    assert groups is None or sorted(k for g in groups for k in (g.head, *g.parts)) == list(
        range(len(rows)))


UNCODED = (
    "基本支出总表\n单位：万元\n"
    "项目 合计 人员经费 公用经费\n"
    "某某局（本级） 1,000.00 700.00 300.00\n"
    "工资福利支出 650.00 650.00 0.00\n"
    "基本工资 400.00 400.00 0.00\n"
    "津贴补贴 250.00 250.00 0.00\n"
    "商品和服务支出 320.00 20.00 300.00\n"
    "办公费 120.00 0.00 120.00\n"
    "差旅费 200.00 20.00 180.00\n"
    "对个人和家庭的补助 30.00 30.00 0.00\n"
    "离休费 30.00 30.00 0.00\n"
)


def _findings(text: str) -> list[tuple[str, int]]:
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()), path="t.txt"))
    return sorted((f.code, f.line) for f in found if f.severity != "info")


def test_a_table_without_codes_is_checked_by_the_groups_its_sums_allow() -> None:
    assert _findings(UNCODED) == []
    wrong = UNCODED.replace("差旅费 200.00 20.00", "差旅费 210.00 20.00")
    # 商品和服务支出 ≠ 120.00 + 210.00 (line 8), and the row's own 合计 ≠ 人员 + 公用 (line 10)
    assert _findings(wrong) == [("AL101", 8), ("AL101", 10)]
