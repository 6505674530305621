"""The example reports: the clean one gives nothing, every planted error is found where it
was planted (line and column of the wrong number), and nothing else is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# (code, line, column) of every finding; each planted error is listed in examples/README.md
EXPECTED: dict[str, set[tuple[str, int, int]]] = {
    "clean_report.txt": set(),
    "planted_errors.txt": {
        ("AL402", 11, 84),  # 下设 5 个科室, four listed
        ("AL103", 29, 26),  # 公用经费 172.23: 基本支出 ≠ 人员经费 + 公用经费
        ("AL202", 31, 28),  # 增长 7.83%
        ("AL203", 33, 42),  # 占本年支出合计的 95.75%
        ("AL201", 33, 98),  # 预决算差异率 3.08%
        ("AL204", 35, 45),  # shares 86.47 + 9.35 + 4.81 ≠ 100
        ("AL203", 35, 99),  # 占 4.81%
        ("AL102", 37, 10),  # 三公经费 12.80 ≠ 2.30 + 9.50
        ("AL401", 41, 8),  # 核定编制 26 名 here, 28 名 in the 摘要
        ("AL403", 41, 35),  # 4,215.30 年
        ("AL101", 52, 4),  # 合计 年初预算数 1210.00
        ("AL303", 60, 37),  # 总分 93 ≠ 14 + 23 + 32 + 23 (follows from the 32 below)
        ("AL304", 60, 37),  # 93 分 graded 良 against the report's own bands
        ("AL303", 60, 113),  # 产出 评价得分 32 vs the table's 33
        ("AL301", 65, 20),  # 资金到位率 得分 8 > 满分 7
        ("AL302", 76, 7),  # 产出时效（12 分） over one indicator of 10
        ("AL306", 96, 25),  # 业务差错率 ≤1% missed (1.4%) yet 15 of 15
        ("AL305", 121, 36),  # 资金执行率 92.00% scored 10; the other forms follow 执行率 × 分值
    },
    "report.md": {("AL201", 16, 34)},  # 项目支出 执行率 96.91% (88.24 / 92.00 = 95.91%)
    "shapes/cell_per_line.txt": {("AL101", 37, 2)},  # 合计 实际支出 1,907,710.60
    "shapes/flattened_selfeval.txt": {("AL303", 139, 9)},  # 总分 98.83 ≠ 98.33
    "shapes/spaced_budget.txt": {
        ("AL601", 7, 117),  # 减少 20.00% explained by 经费增加
        ("AL202", 9, 101),  # 增加 4.10% for 75.00 -> 78.00 (4.00%)
        ("AL101", 32, 19),  # 20805 over its 项 1,556,000 (planted in the 项 row)
        ("AL101", 33, 28),  # the 项 row's 合计 1,556,000 ≠ 基本支出 1,565,000
        ("AL401", 33, 28),  # 2080505 is 1,565,000 in the 一般公共预算 table
        ("AL701", 58, 1),  # 本表为空表 under a “三公” table with figures
    },
}


def findings(name: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(EXAMPLES / name)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings_are_exactly_the_planted_errors(name: str) -> None:
    got = {(f["code"], f["line"], f["column"]) for f in findings(name)}
    assert got == EXPECTED[name]


def test_clean_report_exits_zero() -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLES / "clean_report.txt")])
    assert result.exit_code == 0, result.output


def test_every_rule_family_has_a_planted_error() -> None:
    codes = {c for c, _, _ in EXPECTED["planted_errors.txt"]}
    for family in ("AL10", "AL20", "AL30", "AL40"):
        assert any(c.startswith(family) for c in codes)
    assert {f"AL{n}" for n in (101, 102, 103, 201, 202, 203, 204, 301, 302, 303, 304, 305, 306,
                                401, 402, 403)} <= codes
