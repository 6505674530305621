"""The command line end to end: facts, render, version, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint import __version__
from auditlint.cli import main

REPORT = "本年支出 520.00 万元，其中：基本支出 400.00 万元，项目支出 110.00 万元。\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def write(tmp_path: Path, text: str, name: str = "r.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_version() -> None:
    code, out = run("--version")
    assert code == 0 and __version__ in out


def test_facts_tree_shows_labels_and_relation_operands(tmp_path: Path) -> None:
    code, out = run("facts", str(write(tmp_path, REPORT)))
    assert code == 0
    assert "[本年支出]" in out  # the label as written, 合计/总计 words kept
    assert "parts_sum: #0 ← [#1, #2]" in out  # operands are not eaten as markup


def test_facts_json_is_the_graph(tmp_path: Path) -> None:
    code, out = run("facts", "--format", "json", str(write(tmp_path, REPORT)))
    graph = json.loads(out)
    assert code == 0
    assert [f["value"] for f in graph["facts"]] == ["520.00", "400.00", "110.00"]
    assert graph["relations"][0]["kind"] == "parts_sum"


def test_total_label_keeps_its_total_word(tmp_path: Path) -> None:
    code, out = run("facts", "--format", "json",
                    str(write(tmp_path, "2024 年度收入总计 300.00 万元。\n")))
    assert code == 0
    assert json.loads(out)["facts"][0]["label"].endswith("收入总计")


def test_render_shows_table_grid_with_line_numbers(tmp_path: Path) -> None:
    text = "项目\t金额\n办公费\t12.30\n印刷费\t4.50\n合计\t16.80\n"
    code, out = run("render", str(write(tmp_path, text)))
    assert code == 0
    assert "L1" in out and "合计" in out and "16.80" in out


def test_check_json_shape(tmp_path: Path) -> None:
    code, out = run("check", "--format", "json", str(write(tmp_path, REPORT)))
    doc = json.loads(out)
    assert code == 1
    assert list(doc) == ["version", "files", "findings", "summary"]
    f = doc["findings"][0]
    assert (f["code"], f["line"], f["column"], f["expected"], f["actual"]) == (
        "AL102", 1, 6, "510.00", "520.00")
    assert [r["message"] for r in f["related"]] == ["part 400.00 万元", "part 110.00 万元"]


def test_bad_inputs_give_one_line_and_status_2(tmp_path: Path) -> None:
    empty = write(tmp_path, "", "empty.txt")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    (tmp_path / "none").mkdir()
    for args in (["check", str(empty)], ["check", str(binary)],
                 ["check", str(tmp_path / "missing.txt")], ["check", str(tmp_path / "none")],
                 ["render", str(tmp_path / "missing.txt")], ["facts", str(binary)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_gbk_report_is_read(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(REPORT.encode("gbk"))
    code, out = run("check", "--format", "json", str(p))
    assert code == 1 and json.loads(out)["findings"][0]["code"] == "AL102"


def test_input_file_is_never_modified(tmp_path: Path) -> None:
    p = write(tmp_path, REPORT)
    before = p.read_bytes(), p.stat().st_mtime_ns
    run("check", str(p))
    run("check", "--format", "sarif", str(p))
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_figures_longer_than_28_digits_give_a_finding_not_an_error(tmp_path: Path) -> None:
    p = write(tmp_path, "本年收入 92345678901234567890123456789.01 万元，其中：财政拨款收入 "
              "12345678901234567890123456788.00 万元，其他收入 1.01 万元。\n")
    code, out = run("check", "--format", "json", str(p))
    assert code == 1, out
    found = json.loads(out)["findings"]
    assert [f["code"] for f in found] == ["AL102"]
    assert found[0]["expected"] == "12,345,678,901,234,567,890,123,456,789.01"


@pytest.mark.parametrize("command", ["facts", "render"])
def test_an_internal_error_is_one_line_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    import auditlint.readers

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(auditlint.readers, "read", broken)
    monkeypatch.setattr("auditlint.pipeline.read", broken)
    result = CliRunner().invoke(main, [command, str(write(tmp_path, REPORT))])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "internal error (RuntimeError: boom)" in result.output


NOT_UNDERSTOOD = """县数据服务中心 2026 年整体绩效目标

一级指标 二级指标 三级指标 实施周期指标值 年度指标值
完成数据汇聚任务
≥12 ≥12
数量指标
服务对象覆盖率. 100% 100%
"""


def test_rich_output_lists_notes_on_unread_tables_in_one_line(tmp_path: Path) -> None:
    code, out = run("check", str(write(tmp_path, NOT_UNDERSTOOD)))
    notes = [ln for ln in out.splitlines() if "AL902" in ln]
    assert code == 0 and len(notes) == 1
    assert "│" not in out  # no code frame for a note
