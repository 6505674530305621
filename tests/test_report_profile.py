"""A report's profile: body, year and kind read from its title and the lines naming its
body; figures stated against an earlier report; nothing crashes on any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.disclosure.profile import identify, normal_label, words_of
from auditlint.packs import load_packs
from auditlint.pipeline import analyse

WORDS = words_of(load_packs())


@pytest.mark.parametrize(("texts", "body", "year", "kind", "level"), [
    (["上海市某区2025年区级部门预算", "预算主管部门：上海市某区某街道办事处"],
     "上海市某区某街道办事处", 2025, "budget", "department"),
    (["上海市某区2026年区级单位预算", "预算单位：上海市某区某局"],
     "上海市某区某局", 2026, "budget", "unit"),
    (["某省某厅", "2023 年度部门决算", "二〇二四年七月"], "某省某厅", 2023, "final", "department"),
    (["某市某局", "年度部门决算", "2024"], "某市某局", 2024, "final", "department"),
    (["2026年某市某中心部门预算"], "某市某中心", 2026, "budget", "department"),
    (["某市某局（汇总）2026年预算公开"], "某市某局（汇总）", 2026, "budget", None),
    # a region's budget book names no body in its title
    (["上海市某区2024年区级部门预算"], None, 2024, "budget", "department"),
    (["某项目绩效评价报告"], None, None, None, None),
])
def test_identify(texts: list[str], body: str | None, year: int | None, kind: str | None,
                  level: str | None) -> None:
    p = identify(texts, texts, WORDS)
    assert (p.body, p.year, p.kind, p.level) == (body, year, kind, level)


def test_the_most_frequent_body_line_wins_and_its_unit_is_cut() -> None:
    lines = ["编制部门：某市某局 单位：元", "编制部门：某市某局单位：万元", "项目主管部门：某市某办",
             "编制部门：某市某处"]
    assert identify(["某市2024年部门预算"], lines, WORDS).body == "某市某局"


def test_a_projects_form_does_not_name_the_report() -> None:
    lines = ["编制部门：某市某局"] + ["单位名称：某市某医院"] * 5
    assert identify(["某市2024年部门决算"], lines, WORDS).body == "某市某局"


@pytest.mark.parametrize(("label", "out"), [
    ("2025年“三公”经费预算数", "三公经费预算数"),
    ("某市某局收入预算", "收入预算"),
    ("其中：财政拨款收入", "财政拨款收入"),
    ("2023年财政拨款收入", "2023年财政拨款收入"),  # another year is not this year's
])
def test_normal_label(label: str, out: str) -> None:
    assert normal_label(label, "某市某局", 2025, WORDS) == out


def test_stated_figures_are_read(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("某市某局2025年部门预算\n\n"
                    "财政拨款收入500.00万元，比2024年预算减少20.00万元；其他收入0.00万元，与上年预算持平。"
                    "事业收入30.00万元，比2024年预算执行数增加5.00万元。\n", encoding="utf-8")
    _, graph = analyse(path, load_packs())
    assert graph.profile is not None
    got = [(s.label, s.current.text, s.sign, s.change.text if s.change else None, s.year,
            s.basis) for s in graph.profile.stated]
    assert got == [("财政拨款收入", "500.00万元", -1, "20.00万元", 2024, "budget"),
                   ("其他收入", "0.00万元", 0, None, 2024, "budget")]


_TEXT = st.text(alphabet=st.sampled_from(list("比较与上年预算决算数增加减少持平了，, 2024年万元0.5"
                                              "编制部门单位：:某局（）部门单位预算决算年度")),
                max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, max_size=6), st.lists(_TEXT, max_size=6))
def test_identify_never_crashes(texts: list[str], lines: list[str]) -> None:
    p = identify(texts, lines, WORDS)
    assert p.year is None or 1900 <= p.year <= 2099


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.one_of(st.none(), _TEXT), st.one_of(st.none(), st.integers(1900, 2099)))
def test_normal_label_never_crashes(label: str, body: str | None, year: int | None) -> None:
    assert isinstance(normal_label(label, body or None, year, WORDS), str)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_the_comparison_pattern_never_crashes(text: str) -> None:
    for pos in range(len(text) + 1):
        WORDS.compare.match(text, pos)
