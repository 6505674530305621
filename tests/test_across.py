"""Checks across reports (AL5xx): report sets written for these tests — two years of one
body, a 部门 and its 单位s, a 预算 and its 决算 — with planted disagreements found, consistent
sets clean, and nothing linked that the reports do not link."""

from __future__ import annotations

import gc
import json
import re
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.checks.across import (
    AcrossRule,
    DeclaredSet,
    Member,
    check_reports,
    linked_groups,
)
from auditlint.checks.base import all_rules
from auditlint.cli import main
from auditlint.findings import FileResult, Finding
from auditlint.packs import load_packs
from auditlint.pipeline import check_file
from auditlint.ruledoc import rule_doc
from auditlint.sets import ReportSets

ACROSS = [r for r in all_rules() if issubclass(r, AcrossRule)]
BODY = "上海市某区某街道办事处"


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["check", *args])
    return out.exit_code, out.output


def findings(*args: str) -> list[dict[str, object]]:
    code, out = run("--format", "json", "--select", "AL5", *args)
    assert code in (0, 1), out
    return json.loads(out)["findings"]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.strip("\n") + "\n", encoding="utf-8")
    return path


def files_of(example: str, folder: Path) -> list[Path]:
    """A rule's example: reports, each after a `# name.txt` line."""
    out: list[Path] = []
    name, lines = None, []
    for line in [*example.splitlines(), "# end"]:
        m = re.fullmatch(r"# (\S+)", line.strip())
        if m is None:
            lines.append(line)
            continue
        if name is not None:
            out.append(write(folder, name, "\n".join(lines)))
        name, lines = m.group(1), []
    return out


@pytest.mark.parametrize("rule", ACROSS, ids=lambda r: r.code)
def test_examples_say_true_things(rule: type[AcrossRule], tmp_path: Path) -> None:
    doc = rule_doc(rule)
    anti = files_of(doc.anti_pattern, tmp_path / "anti")
    best = files_of(doc.best_practice, tmp_path / "best")
    assert len(anti) >= 2 and len(best) >= 2
    assert rule.code in [f["code"] for f in findings(str(tmp_path / "anti"))]
    assert rule.code not in [f["code"] for f in findings(str(tmp_path / "best"))]


@pytest.mark.parametrize(("title", "phrase", "flagged"), [
    ("某市某局2026年部门预算", "比2026年预算增加800.00万元", True),  # its own year
    ("某市某局2026年部门预算", "比2027年预算增加800.00万元", True),  # a later year
    ("某市某局2026年部门预算", "比上年预算增加800.00万元", False),
    ("某市某局2026年调整预算", "比2026年年初预算增加800.00万元", False),
    ("某市某局2026年度部门决算", "比2026年预算增加800.00万元", False),  # 决算 against its budget
    ("某市某局2026年度部门决算", "比2027年决算增加800.00万元", True),
])
def test_the_year_compared_with(tmp_path: Path, title: str, phrase: str, flagged: bool) -> None:
    path = write(tmp_path, "r.txt", f"{title}\n\n其中：财政拨款收入9,600.00万元，{phrase}。")
    codes = [f["code"] for f in findings(str(path))]
    assert codes == (["AL504"] if flagged else [])


def test_across_rules_are_registered_as_not_lintable_alone() -> None:
    assert [r.code for r in ACROSS] == ["AL501", "AL502", "AL503"]
    assert all(not r.examples_lintable for r in ACROSS)


# -- two years of one body --------------------------------------------------------------------

def year_report(year: int, income: str, change: str, fund_words: str, sangong: str,
                sangong_change: str, body: str = BODY) -> str:
    return f"""
上海市某区{year}年区级部门预算
预算主管部门：{body}

{year}年部门预算编制说明
{year}年，{body}收入预算{income}万元，其中：财政拨款收入{income}万元，{change}；事业收入0.00万元。
政府性基金拨款支出预算0.00万元，{fund_words}。
{year}年“三公”经费预算数为{sangong}万元，{sangong_change}。
"""


def two_years(folder: Path, *, change: str = "比2024年预算增加100.00万元",
              fund: str = "比2024年预算持平", sangong_change: str = "比2024年预算减少2.50万元",
              fund_2024: str = "0.00") -> tuple[Path, Path]:
    first = write(folder, "2024.txt", year_report(
        2024, "1,200.00", "比2023年预算增加50.00万元", "比2023年预算持平", "12.50",
        "比2023年预算持平").replace("政府性基金拨款支出预算0.00", f"政府性基金拨款支出预算{fund_2024}"))
    second = write(folder, "2025.txt", year_report(
        2025, "1,300.00", change, fund, "10.00", sangong_change))
    return first, second


def test_two_consistent_years_are_clean(tmp_path: Path) -> None:
    two_years(tmp_path)
    assert findings(str(tmp_path)) == []


def test_a_wrong_change_against_last_year_is_found(tmp_path: Path) -> None:
    first, second = two_years(tmp_path, change="比2024年预算增加150.00万元")
    found = findings(str(tmp_path))
    assert [(f["code"], f["path"], f["line"]) for f in found] == [("AL501", str(second), 5)]
    f = found[0]
    assert "1,300.00万元 − 150.00万元 = 1,150.00万元" in str(f["message"])
    assert str(first) in str(f["message"]) and "1,200.00万元" in str(f["message"])
    assert f["expected"] == "1,200.00万元" and f["actual"] == "1,300.00万元"
    related = f["related"]
    assert isinstance(related, list)
    assert [(r["path"], r["line"]) for r in related] == [(str(second), 5), (str(first), 5)]


def test_a_decrease_and_flat_are_read(tmp_path: Path) -> None:
    # 三公 10.00 + 2.50 = 12.50 holds; 持平 with 0.00 does not when 2024 stated 5.00
    two_years(tmp_path, fund_2024="5.00")
    found = findings(str(tmp_path))
    assert [(f["code"], f["line"]) for f in found] == [("AL501", 6)]
    assert "持平" in str(found[0]["message"])
    two_years(tmp_path / "b", sangong_change="比2024年预算减少3.50万元")
    found = findings(str(tmp_path / "b"))
    assert [(f["code"], f["line"]) for f in found] == [("AL501", 7)]
    assert "10.00万元 + 3.50万元 = 13.50万元" in str(found[0]["message"])


def test_a_rate_against_last_year(tmp_path: Path) -> None:
    # 1,260.00 / 1.05 = 1,200.00: clean; / 1.08 = 1,166.67: not 1,200.00
    two_years(tmp_path, change="比2024年预算增长5.00%")
    (tmp_path / "2025.txt").write_text((tmp_path / "2025.txt").read_text(
        encoding="utf-8").replace("1,300.00", "1,260.00"), encoding="utf-8")
    assert findings(str(tmp_path)) == []
    two_years(tmp_path / "b", change="比2024年预算增长8.00%")
    found = findings(str(tmp_path / "b"))
    assert [(f["code"], f["line"]) for f in found] == [("AL501", 5)]
    assert "1,300.00万元 / (1 + 8.00%) = 1,203.70万元" in str(found[0]["message"])


def test_the_comparison_within_rounding_is_clean(tmp_path: Path) -> None:
    # 1,300 − 100 = 1,200 at whole 万元: 1,200.00 lies within ±0.5 of it
    two_years(tmp_path, change="比2024年预算增加100万元")
    assert findings(str(tmp_path)) == []


def test_sarif_related_location_points_into_the_other_file(tmp_path: Path) -> None:
    first, _ = two_years(tmp_path, change="比2024年预算增加150.00万元")
    code, out = run("--format", "sarif", str(tmp_path))
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    result = next(r for r in results if r["ruleId"] == "AL501")
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for loc in result["relatedLocations"]]
    assert any(u.endswith(first.name) for u in uris)


def test_terminal_output_shows_the_finding_with_its_line(tmp_path: Path) -> None:
    two_years(tmp_path, change="比2024年预算增加150.00万元")
    code, out = run("--select", "AL5", str(tmp_path))
    assert code == 1
    assert "(across reports)" in out and "AL501" in out
    assert "比2024年预算增加150.00万元" in out  # the code frame of the stated figure
    assert f"↳ {tmp_path / '2024.txt'}:5:" in out  # the figure in the other report
    assert "1 finding(s) in 2 file(s)" in out


def test_two_reports_for_the_same_year_link_nothing(tmp_path: Path) -> None:
    two_years(tmp_path, change="比2024年预算增加150.00万元")
    write(tmp_path, "2024-draft.txt", (tmp_path / "2024.txt").read_text(encoding="utf-8"))
    assert findings(str(tmp_path)) == []  # which 2024 report is meant?


def test_reports_of_other_bodies_are_not_linked(tmp_path: Path) -> None:
    write(tmp_path, "2024.txt", year_report(2024, "1,200.00", "比2023年预算增加50.00万元",
                                            "比2023年预算持平", "12.50", "比2023年预算持平",
                                            body="上海市某区另一街道办事处"))
    write(tmp_path, "2025.txt", year_report(2025, "1,300.00", "比2024年预算增加150.00万元",
                                            "比2024年预算持平", "10.00", "比2024年预算持平"))
    assert findings(str(tmp_path)) == []


def test_a_figure_of_another_year_is_not_last_years(tmp_path: Path) -> None:
    write(tmp_path, "2024.txt", f"""
上海市某区2024年区级部门预算
预算主管部门：{BODY}

2023年财政拨款收入1,150.00万元。
""")
    write(tmp_path, "2025.txt", year_report(2025, "1,300.00", "比2024年预算增加100.00万元",
                                            "比2024年预算持平", "10.00", "比2024年预算持平"))
    assert findings(str(tmp_path)) == []


def test_a_label_with_two_values_is_not_compared(tmp_path: Path) -> None:
    first, _ = two_years(tmp_path, change="比2024年预算增加150.00万元")
    text = first.read_text(encoding="utf-8") + "另：财政拨款收入1,250.00万元。\n"
    first.write_text(text, encoding="utf-8")
    assert findings(str(tmp_path)) == []


def test_a_comparison_with_execution_is_not_with_the_budget(tmp_path: Path) -> None:
    two_years(tmp_path, change="比2024年预算执行数增加150.00万元")
    assert findings(str(tmp_path)) == []


def test_ignored_and_baselined_findings_are_not_shown(tmp_path: Path) -> None:
    two_years(tmp_path / "r", change="比2024年预算增加150.00万元")
    assert run("--select", "AL5", "--ignore", "AL501", str(tmp_path / "r"))[0] == 0
    write(tmp_path / "r", "auditlint.toml", '[per-file-ignores]\n"2025.txt" = ["AL501"]\n')
    assert run("--select", "AL5", str(tmp_path / "r"))[0] == 0
    (tmp_path / "r" / "auditlint.toml").unlink()
    base = tmp_path / "base.json"
    code, _ = run("--select", "AL5", "--write-baseline", str(base), str(tmp_path / "r"))
    assert code == 0 and "AL501" in base.read_text(encoding="utf-8")
    assert run("--select", "AL5", "--baseline", str(base), str(tmp_path / "r"))[0] == 0


def test_a_directive_on_the_line_suppresses_and_is_not_judged_alone(tmp_path: Path) -> None:
    _, second = two_years(tmp_path, change="比2024年预算增加150.00万元")
    lines = second.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "auditlint: ignore AL501 -- 上年数按调整后预算")
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("--select", "AL5,AL001", "--format", "concise", "-q", str(tmp_path))
    assert (code, out) == (0, "")
    code, out = run("--select", "AL5,AL001", "--format", "concise", "-q", str(second))
    assert (code, out) == (0, "")  # checked alone: AL501 cannot be judged, no AL001


# -- a 部门 and its 单位s -----------------------------------------------------------------------

def coded_table(level: str, body: str, rows: list[tuple[str, str, str]], year: int = 2026,
                title_body: str = "上海市某区") -> str:
    word = "部门" if level == "部门" else "预算单位"
    lines = [f"{title_body}{year}年区级{level}预算", "",
             f"{year}年{word}一般公共预算支出功能分类预算表",
             f"编制{'部门' if level == '部门' else '单位'}：{body} 单位：元",
             "功能分类科目编码\t功能分类科目名称\t合计"]
    total = sum(int(v.replace(",", "")) for code, _, v in rows if len(code) == 3)
    lines += [f"{code}\t{name}\t{value}" for code, name, value in rows]
    lines.append(f"合计\t\t{total:,}")
    return "\n".join(lines)


def department_set(folder: Path, dept_204: str = "900,000", dept_20406: str = "900,000"
                   ) -> tuple[Path, Path, Path]:
    dept = write(folder, "部门.txt", coded_table("部门", "上海市某区某局", [
        ("204", "公共安全支出", dept_204), ("20406", "司法", dept_20406)]))
    own = write(folder, "本级.txt", coded_table("单位", "上海市某区某局", [
        ("204", "公共安全支出", "600,000"), ("20406", "司法", "600,000")]))
    other = write(folder, "中心.txt", coded_table("单位", "上海市某区某中心", [
        ("204", "公共安全支出", "300,000"), ("20406", "司法", "300,000")]))
    return dept, own, other


SETS = """
[[sets]]
department = "部门.txt"
units = ["本级.txt", "中心.txt"]
"""


def test_a_department_and_all_its_units_agree(tmp_path: Path) -> None:
    department_set(tmp_path)
    write(tmp_path, "auditlint.toml", SETS)
    assert findings(str(tmp_path)) == []


def test_a_department_that_is_not_the_sum_of_its_units(tmp_path: Path) -> None:
    dept, own, other = department_set(tmp_path, dept_204="950,000", dept_20406="950,000")
    write(tmp_path, "auditlint.toml", SETS)
    found = findings(str(tmp_path))
    assert [(f["code"], f["path"]) for f in found] == [("AL502", str(dept))] * 2
    f = found[0]
    assert "600,000元 + 300,000元 = 900,000元" in str(f["message"])
    assert f["expected"] == "900,000元" and f["actual"] == "950,000元"
    assert {r["path"] for r in f["related"]} == {str(own), str(other)}  # type: ignore[index, union-attr]


def test_without_the_set_only_the_own_unit_bounds_the_department(tmp_path: Path) -> None:
    department_set(tmp_path, dept_204="950,000", dept_20406="950,000")
    assert findings(str(tmp_path)) == []  # more than its own unit: other units may add it
    department_set(tmp_path / "b", dept_204="550,000", dept_20406="550,000")
    found = findings(str(tmp_path / "b"))
    assert [f["code"] for f in found] == ["AL502", "AL502"]
    assert "less than 600,000元" in str(found[0]["message"])


def test_a_department_of_one_unit(tmp_path: Path) -> None:
    dept, own, _ = department_set(tmp_path, dept_204="650,000", dept_20406="600,000")
    write(tmp_path, "auditlint.toml", '[[sets]]\ndepartment = "部门.txt"\nunits = ["本级.txt"]\n')
    found = findings(str(dept), str(own))
    assert [(f["code"], f["line"]) for f in found] == [("AL502", 6)]
    assert f"the report of its only unit ({own}" in str(found[0]["message"])
    assert "states 600,000元" in str(found[0]["message"])


def test_a_declared_unit_not_checked_links_nothing(tmp_path: Path) -> None:
    dept, own, _ = department_set(tmp_path, dept_204="950,000", dept_20406="950,000")
    write(tmp_path, "auditlint.toml", SETS)
    assert findings(str(dept), str(own)) == []


def test_sets_in_the_config_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "auditlint.toml", '[[sets]]\nunits = ["a.txt"]\n')
    write(tmp_path, "a.txt", "本年收入 1.00 万元。")
    code, out = run(str(tmp_path))
    assert code == 2 and "[[sets]]" in out and "Traceback" not in out
    write(tmp_path, "auditlint.toml", '[[sets]]\nreport = ["a.txt"]\n')
    code, out = run(str(tmp_path))
    assert code == 2 and "report" in out and "Traceback" not in out


def test_a_declared_set_links_reports_whose_titles_do_not_say(tmp_path: Path) -> None:
    text = year_report(2025, "1,300.00", "比2024年预算增加150.00万元", "比2024年预算持平",
                       "10.00", "比2024年预算持平").replace(f"预算主管部门：{BODY}\n", "")
    write(tmp_path, "2025.txt", text)
    write(tmp_path, "2024.txt", year_report(2024, "1,200.00", "比2023年预算增加50.00万元",
                                            "比2023年预算持平", "10.00", "比2023年预算持平")
          .replace(f"预算主管部门：{BODY}\n", ""))
    assert findings(str(tmp_path)) == []  # 上海市某区…区级部门预算 names no body
    write(tmp_path, "auditlint.toml", '[[sets]]\nreports = ["2024.txt", "2025.txt"]\n')
    assert [f["code"] for f in findings(str(tmp_path))] == ["AL501"]


# -- a 预算 and its 决算; a 上年 column ---------------------------------------------------------

def final_report(initial: str, body: str = "某市某局") -> str:
    return f"""
{body}2024年度部门决算

一般公共预算财政拨款支出决算表
编制部门：{body} 单位：万元
功能分类科目编码\t功能分类科目名称\t年初预算数\t支出决算数
201\t一般公共服务支出\t{initial}\t98.00
20101\t人大事务\t{initial}\t98.00
合计\t\t{initial}\t98.00
"""


def budget_report(year: int, total: str, prior: str | None = None, header: str = "上年预算数",
                  body: str = "某市某局") -> str:
    cols = "合计" if prior is None else f"合计\t{header}"
    cell = "" if prior is None else f"\t{prior}"
    return f"""
{body}{year}年部门预算

{year}年一般公共预算支出功能分类预算表
编制部门：{body} 单位：万元
功能分类科目编码\t功能分类科目名称\t{cols}
201\t一般公共服务支出\t{total}{cell}
20101\t人大事务\t{total}{cell}
合计\t\t{total}{cell}
"""


def test_final_accounts_state_the_budget_they_began_with(tmp_path: Path) -> None:
    write(tmp_path, "预算.txt", budget_report(2024, "100.00"))
    final = write(tmp_path, "决算.txt", final_report("100.00"))
    assert findings(str(tmp_path)) == []
    final.write_text(final_report("104.00"), encoding="utf-8")
    found = findings(str(tmp_path))
    assert [(f["code"], f["path"]) for f in found] == [("AL503", str(final))] * 2
    assert "年初预算数 104.00万元 here ≠ 100.00万元" in str(found[0]["message"])


def test_final_accounts_of_another_year_are_not_compared(tmp_path: Path) -> None:
    write(tmp_path, "预算.txt", budget_report(2023, "100.00"))
    write(tmp_path, "决算.txt", final_report("104.00"))
    assert findings(str(tmp_path)) == []


@pytest.mark.parametrize("header", ["上年预算数", "2024年预算数"])
def test_a_prior_year_column_against_last_years_budget(tmp_path: Path, header: str) -> None:
    write(tmp_path, "2024.txt", budget_report(2024, "100.00"))
    current = write(tmp_path, "2025.txt", budget_report(2025, "110.00", "100.00", header))
    assert findings(str(tmp_path)) == []
    current.write_text(budget_report(2025, "110.00", "90.00", header), encoding="utf-8")
    found = findings(str(tmp_path))
    assert [(f["code"], f["path"]) for f in found] == [("AL501", str(current))] * 2
    assert "the 2024 budget stated here, 90.00万元, ≠ 100.00万元" in str(found[0]["message"])


def test_facts_shows_what_a_report_is_linked_by(tmp_path: Path) -> None:
    _, second = two_years(tmp_path)
    out = CliRunner().invoke(main, ["facts", str(second)], terminal_width=200)
    assert out.exit_code == 0
    assert f"report: 2025 部门预算 of {BODY}" in out.output
    flat = " ".join(re.sub(r"\n[\s│]*", " ", out.output).split())  # the tree wraps lines
    assert "财政拨款收入 1,300.00万元 比2024年预算增加 100.00万元 → the 2024 budget" in flat


def final_narrative(initial: str) -> str:
    return f"""
某市某局2024年度部门决算

一般公共预算财政拨款支出决算具体情况
1、一般公共服务（类）人大事务（款）行政运行（项）。主要用于机关运行。年初预算为{initial}万元，支出决算为95.00万元。
"""


def budget_items(year: int = 2024) -> str:
    return f"""
某市某局{year}年部门预算

{year}年一般公共预算支出功能分类预算表
编制部门：某市某局 单位：元
功能分类科目编码\t功能分类科目名称\t合计
201\t一般公共服务支出\t1,000,000
20101\t人大事务\t1,000,000
2010101\t行政运行\t1,000,000
合计\t\t1,000,000
"""


def test_an_item_of_final_accounts_against_the_budget_row_of_its_names(tmp_path: Path) -> None:
    write(tmp_path, "预算.txt", budget_items())
    write(tmp_path, "决算.txt", final_narrative("100.00"))
    assert findings(str(tmp_path)) == []
    write(tmp_path, "决算.txt", final_narrative("110.00"))
    found = findings(str(tmp_path))
    assert [(f["code"], f["path"], f["line"]) for f in found] == [
        ("AL503", str(tmp_path / "决算.txt"), 4)]
    assert "一般公共服务 / 人大事务 / 行政运行: 年初预算 110.00万元 here ≠ 1,000,000元" in str(
        found[0]["message"])


def test_sets_in_pyproject_and_in_the_settings_shown(tmp_path: Path) -> None:
    department_set(tmp_path, dept_204="950,000", dept_20406="950,000")
    write(tmp_path, "pyproject.toml", "[tool.auditlint]\n" + SETS.replace("[[sets]]",
                                                                        "[[tool.auditlint.sets]]"))
    assert [f["code"] for f in findings(str(tmp_path))] == ["AL502", "AL502"]
    code, out = run("--show-settings", str(tmp_path / "部门.txt"))
    assert code == 0 and "[[sets]]" in out
    assert f'department = "{(tmp_path / "部门.txt").resolve()}"' in out


def test_an_item_is_not_compared_with_part_of_its_budget(tmp_path: Path) -> None:
    # a 基本支出 table holds only the basic part of the 项's budget
    write(tmp_path, "预算.txt", budget_items().replace("一般公共预算支出功能分类预算表",
                                                     "一般公共预算基本支出表"))
    write(tmp_path, "决算.txt", final_narrative("110.00"))
    assert findings(str(tmp_path)) == []


def test_the_review_page_lists_findings_across_reports(tmp_path: Path) -> None:
    two_years(tmp_path, change="比2024年预算增加150.00万元")
    out_file = tmp_path / "review.html"
    code, _ = run("--select", "AL5", "--format", "html", "-o", str(out_file), str(tmp_path))
    assert code == 1
    page = out_file.read_text(encoding="utf-8")
    assert "AL501" in page and "(across reports)" in page


def test_a_report_naming_its_own_year_is_not_compared_with_its_other_copy(
        tmp_path: Path) -> None:
    # the same budget as text and as Markdown: `比2025年预算` in a 2025 budget is AL504 alone,
    # never an AL501 against the copy (which states the same figures)
    second = two_years(tmp_path, change="比2025年预算增加100.00万元")[1]
    (tmp_path / "2025.md").write_text(second.read_text(encoding="utf-8"), encoding="utf-8")
    codes = sorted({str(f["code"]) for f in findings(str(tmp_path))})
    assert codes == ["AL504"]


def _profiled(paths: list[Path]) -> list[Member]:
    packs = load_packs([])
    out: list[Member] = []
    for p in paths:
        graph = check_file(p, packs).graph
        assert graph is not None and graph.profile is not None
        out.append(Member(path=str(p), file=p, profile=graph.profile))
    return out


def test_groups_of_linked_reports_find_what_the_whole_run_finds(tmp_path: Path) -> None:
    """A run's profiles are read back one group at a time: over the groups, the checks
    across reports find exactly (and in the same order) what they find over all reports."""
    dept, own, other = department_set(tmp_path, dept_204="950,000", dept_20406="950,000")
    first, second = two_years(tmp_path, change="比2024年预算增加150.00万元")
    budget = write(tmp_path, "预算.txt", budget_report(2024, "100.00"))
    final = write(tmp_path, "决算.txt", final_report("120.00"))
    alone = write(tmp_path, "别处.txt", budget_report(2024, "100.00", body="某市另一局"))
    paths = [first, dept, budget, own, alone, second, other, final]
    members = _profiled(paths)
    declared = [DeclaredSet(department=dept, units=[own, other])]
    whole = check_reports(members, declared)
    assert {f.code for f in whole} == {"AL501", "AL502", "AL503"}
    groups = linked_groups(paths, [m.profile.body for m in members], declared)
    grouped = sorted((f for g in groups for f in check_reports([members[i] for i in g],
                                                               declared)),
                     key=Finding.sort_key)
    assert [f.model_dump() for f in grouped] == [f.model_dump() for f in whole]
    assert paths.index(alone) not in {i for g in groups for i in g}  # links with nothing
    assert {frozenset(paths[i] for i in g) for g in groups} == {
        frozenset({first, second}), frozenset({dept, own, other}), frozenset({budget, final})}


def test_a_run_keeps_no_report_profile_in_memory(tmp_path: Path) -> None:
    """What a run holds for each report until the checks across reports is a few hundred
    bytes (its path and body), not its profile: memory follows the largest file, not the
    number of files. Kept whole, each profile here would cost tens of kilobytes."""
    from auditlint.runner import Checked

    [member] = _profiled([Path(__file__).parent.parent / "examples" / "clean_report.txt"])
    result = FileResult(path="r.txt", format="text")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        one = member.profile.model_copy(deep=True)
        size = tracemalloc.get_traced_memory()[0] - before
        del one
        sets = ReportSets({}, {})
        before = tracemalloc.get_traced_memory()[0]
        n = 200
        for i in range(n):
            sets.add(tmp_path / f"r{i}.txt",
                     Checked(result, [], profile=member.profile.model_copy(deep=True)))
        gc.collect()
        per_report = (tracemalloc.get_traced_memory()[0] - before) / n
    finally:
        tracemalloc.stop()
        sets.close()
    assert size > 10_000  # what a profile costs whole
    assert per_report < 1_000, (per_report, size)


@pytest.mark.parametrize("failure", ["no temporary folder", "disk full"])
def test_the_spool_never_fails_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     failure: str) -> None:
    """Without a temporary file that can be written, profiles are held in memory and the
    findings across reports are the same."""
    import tempfile

    from auditlint.runner import Checked

    first, second = two_years(tmp_path, change="比2024年预算增加150.00万元")
    members = _profiled([first, second])
    expected = [f.model_dump() for f in check_reports(members, [])]
    assert expected

    class Full:  # a temporary file whose disk fills up after its first write
        def __init__(self) -> None:
            self.data = b""

        def seek(self, at: int, whence: int = 0) -> int:
            self.at = len(self.data) if whence == 2 else at
            return self.at

        def write(self, data: bytes) -> int:
            if self.data:
                raise OSError(28, "No space left on device")
            self.data += data
            return len(data)

        def read(self, n: int) -> bytes:
            return self.data[self.at:self.at + n]

        def close(self) -> None:
            pass

    def missing(**_: object) -> object:
        raise FileNotFoundError(2, "No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryFile",
                        missing if failure == "no temporary folder" else lambda **_: Full())
    sets = ReportSets({}, {"AL501": "prior-year-mismatch"})
    for m in members:
        sets.add(m.file, Checked(FileResult(path=m.path, format="text"), [], profile=m.profile))
    assert [f.model_dump() for f, _ in sets.findings()] == expected
    sets.close()
