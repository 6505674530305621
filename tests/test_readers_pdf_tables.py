"""Tables of a PDF read so that the checks see in them what they see in the extracted text:
code-level words drawn in the first item's cells, item rows left empty inside a 收支总表, item
numbers in a 序号 column of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from auditlint.api import check_path
from auditlint.readers.pdf import read_pdf
from tablekit import grid as tsv
from tablekit import run, view
from test_readers_pdf import platypus, ruled, text


def _codes(path: Path) -> list[str]:
    return sorted(f["code"] for f in check_path(path)["findings"] if f["severity"] != "info")


def _notices(path: Path) -> list[str]:
    return [f["message"] for f in check_path(path)["findings"] if f["code"] == "AL902"]


# -- 类 款 项 in the ruled row of the first item ------------------------------------------------

def _level_words_table(tmp_path: Path, parts: tuple[str, str]) -> Path:
    rows = [["项目", "", "", "", "本年支出合计", "基本支出"],
            ["科目编码", "", "", "科目名称", "", ""],
            ["类", "款", "项", "合计", "50.00", "50.00"],
            ["201", "", "", "一般公共服务支出", "50.00", "50.00"],
            ["201", "06", "", "财政事务", "50.00", "50.00"],
            ["201", "06", "01", "行政运行", parts[0], parts[0]],
            ["201", "06", "02", "一般行政管理事务", parts[1], parts[1]]]
    spans = [(0, 0, 0, 3), (1, 0, 1, 2), (0, 4, 1, 4), (0, 5, 1, 5)]
    return platypus(tmp_path / "t.pdf", [text("支出决算表"), text("单位：万元"), ruled(rows, spans)])


def test_level_words_in_the_first_item_row_become_a_header_row(tmp_path: Path) -> None:
    (t,) = read_pdf(_level_words_table(tmp_path, ("30.00", "20.00"))).tables
    assert [c.text.text for c in t.rows[2]][:4] == ["类", "款", "项", "科目名称"]
    assert t.rows[2][3].origin == (1, 3) and t.rows[2][4].origin == (0, 4)
    assert [c.text.text for c in t.rows[3]] == ["", "", "", "合计", "50.00", "50.00"]
    assert [c.text.text for c in t.rows[4]][:4] == ["201", "", "", "一般公共服务支出"]


def test_codes_under_level_words_drawn_beside_the_total_are_codes(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "bad").mkdir()
    assert _codes(_level_words_table(tmp_path / "ok", ("30.00", "20.00"))) == []
    found = check_path(_level_words_table(tmp_path / "bad", ("30.00", "25.00")))["findings"]
    sums = [f["message"] for f in found if f["code"] == "AL101"]
    assert sums and all("20106" in m for m in sums)


# -- an item row without figures inside a 收支总表 ---------------------------------------------

_TOTALS = """收入\t←\t支出\t←
项目\t决算数\t项目\t决算数
一、财政拨款收入\t90.00\t一、一般公共服务支出\t80.00
二、其他收入\t10.00\t二、住房保障支出\t10.00
本年收入合计\t100.00\t本年支出合计\t90.00
使用非财政拨款结余\t\t结余分配\t
年初结转和结余\t5.00\t年末结转和结余\t15.00
总计\t{total}\t总计\t105.00"""


def test_item_row_without_figures_does_not_start_a_block() -> None:
    v = view(tsv(_TOTALS.format(total="105.00"), marks=True))
    assert len(v.blocks) == 1
    assert [r.label for r in v.rows][-3:] == ["使用非财政拨款结余", "年初结转和结余", "总计"]


def test_total_under_an_item_row_without_figures_is_checked() -> None:
    ctx, found = run(tsv(_TOTALS.format(total="105.00"), marks=True))
    assert not found
    names = [r.params["name"] for r in ctx.graph.relations if r.kind == "table_sum"]
    assert "总计 / 收入/决算数" in names and "总计 / 支出/决算数" in names


def test_a_second_header_naming_figure_columns_still_starts_a_block() -> None:
    table = """项目\t金额
甲\t10.00
乙\t5.00
合计\t15.00
指标\t分值
指标一\t60
指标二\t40"""
    assert len(view(tsv(table)).blocks) == 2


# -- numbers in a 序号 column -------------------------------------------------------------------

def _numbered(tmp_path: Path, second: str) -> Path:
    rows = [["序号", "项目名称", "预算数", "执行数"],
            ["", "合计", "90.00", "80.00"],
            ["一", "甲类资金", "50.00", "45.00"],
            ["1", "甲一项目", "30.00", "25.00"],
            ["2", "甲二项目", "20.00", "20.00"],
            ["二", "乙类资金", "40.00", "35.00"],
            ["1", "乙一项目", second, "20.00"],
            ["2", "乙二项目", "15.00", "15.00"]]
    return platypus(tmp_path / "t.pdf", [text("项目支出情况表"), text("单位：万元"), ruled(rows)])


def test_items_numbered_in_a_sequence_column_nest(tmp_path: Path) -> None:
    assert _codes(_numbered(tmp_path, "25.00")) == []
    assert not _notices(tmp_path / "t.pdf")


def test_item_numbered_in_a_sequence_column_is_summed_into_its_parent(tmp_path: Path) -> None:
    found = check_path(_numbered(tmp_path, "26.00"))["findings"]
    sums = [f["message"] for f in found if f["code"] == "AL101"]
    assert any("乙类资金" in m and "26.00 + 15.00" in m for m in sums)


# -- two forms of two projects, each named in a 项目名称 row merged over the form's width ----

def _form(title: str, name: str, budget: str, score: str) -> list[object]:
    rows = [["项目名称", name, "", "", "", "", ""],
            ["项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
             "执行率（B/A）", "得分"],
            ["年度资金总额", budget, budget, budget, "10", "100.00%", "10"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "采购设备数量", "2台", "2台", "50", "50"],
            ["效益指标", "社会效益指标", "服务能力提升", "有所提高", "有所提高", "30", score],
            ["满意度指标", "服务对象满意度", "患者满意度", "≥90%", "95%", "10", "10"]]
    return [text(f"{title}项目绩效自评表"), ruled(rows, [(0, 1, 0, 6)])]


def test_forms_of_two_projects_named_in_merged_rows_are_not_one_quantity(tmp_path: Path) -> None:
    """The name merged over the form's columns heads them all: a project's name, so the
    two forms' figures under the same labels are different projects' (no AL401)."""
    path = platypus(tmp_path / "forms.pdf", [*_form("甲", "超声设备购置", "100.00", "30"),
                                              *_form("乙", "内镜设备购置", "200.00", "28")])
    assert "AL401" not in _codes(path)
