"""auditlint in a repository of reports: what was not checked is counted and can fail the
run, per-rule severities, exclude and .gitignore, output files, --exit-zero, accumulating
selections, config `extend`, --quiet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.cli import main
from auditlint.config import ConfigError, load_config
from auditlint.findings import Unchecked
from auditlint.unchecked import count_unchecked, describe

jsonschema = pytest.importorskip("jsonschema")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-2.1.0.json").read_text())

PARTS_WRONG = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"
CLEAN = "本年收入 530.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"
GROWTH_WRONG = "本年支出 110.00 万元，比上年增加 10.00 万元，增长 12.00%。\n"
# rows that do not line up with the header: the table is not read, its 总分 not checked
UNREADABLE = (
    "二、绩效指标完成情况\n"
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
    "产出指标 数量指标 印刷份数>=2 万份\n"
    "=2 万份 10 10\n"
    "质量指标 合格率>=95%\n"
    "=96% 10 10\n"
    "总分 20 25\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["check", *args])
    return r.exit_code, r.stdout, r.stderr


# -- what was not checked ---------------------------------------------------------------------

class _N:
    def __init__(self, location: str, message: str, code: str = "AL902") -> None:
        self.code, self.location, self.message = code, location, message


def test_notices_on_one_table_count_once_others_as_paragraphs() -> None:
    notices = [_N("table 3, row 2", "x"), _N("table 3, row 5", "y"), _N("", "a table was odd"),
               _N("text box 1, after paragraph 4", "text box skipped"), _N("page 2", "no text"),
               _N("table 9", "other code", code="AL901")]
    assert count_unchecked(notices) == Unchecked(tables=2, paragraphs=2)
    assert describe(Unchecked(tables=1, paragraphs=2)) == "1 table / 2 paragraphs not understood"


def test_json_summary_and_every_format_state_what_was_not_checked(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", UNREADABLE)
    code, out, _ = run("--format", "json", str(report))
    doc = json.loads(out)
    assert code == 0
    assert doc["summary"]["unchecked"] == {"files": 0, "tables": 1, "paragraphs": 0}
    assert doc["files"][0]["unchecked"] == {"tables": 1, "paragraphs": 0}
    for fmt in ("rich", "concise", "github"):
        code, out, _ = run("--format", fmt, str(report))
        assert out.splitlines()[-1].endswith("; 1 table / 0 paragraphs not understood"), fmt
    code, out, _ = run("--format", "sarif", str(report))
    assert json.loads(out)["runs"][0]["properties"]["summary"]["unchecked"]["tables"] == 1


def test_a_clean_run_says_nothing_was_left_unchecked(tmp_path: Path) -> None:
    code, out, _ = run(str(write(tmp_path / "r.txt", CLEAN)))
    assert code == 0
    assert out.strip() == "✓ 1 file(s) checked, no findings; 0 tables / 0 paragraphs not understood"


def test_fail_on_unchecked_from_the_command_line_and_the_config(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", UNREADABLE)
    code, _, err = run("--fail-on-unchecked", str(report))
    assert code == 1 and "1 table / 0 paragraphs not understood: not checked" in err
    write(tmp_path / "auditlint.toml", "fail-on-unchecked = true\n")
    assert run(str(report))[0] == 1
    assert run("--no-fail-on-unchecked", str(report))[0] == 0
    assert run("--fail-on-unchecked", str(write(tmp_path / "ok.txt", CLEAN)))[0] == 0


def test_fail_on_unchecked_counts_even_when_the_notice_rule_is_ignored(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", UNREADABLE)
    code, out, _ = run("--fail-on-unchecked", "--ignore", "AL902", str(report))
    assert code == 1 and "AL902" not in out


def test_fail_on_unchecked_on_standard_input(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["check", "--fail-on-unchecked", "-"], input=UNREADABLE)
    assert r.exit_code == 1


# -- severities -------------------------------------------------------------------------------

def test_severity_table_sets_a_rules_severity(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", PARTS_WRONG)
    write(tmp_path / "auditlint.toml", '[severity]\nparts-mismatch = "warning"\n')
    code, out, _ = run("--format", "json", str(report))
    assert code == 0
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["warning"]
    assert run("--fail-on", "warning", str(report))[0] == 1


def test_severity_in_pyproject_and_unknown_code_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.auditlint.severity]\nAL102 = "info"\n')
    code, out, _ = run("--format", "json", str(write(tmp_path / "r.txt", PARTS_WRONG)))
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["info"]
    write(tmp_path / "pyproject.toml", '[tool.auditlint.severity]\nAL777 = "info"\n')
    code, _, err = run(str(tmp_path / "r.txt"))
    assert code == 2 and "unknown rule code 'AL777' in severity" in err
    write(tmp_path / "pyproject.toml", '[tool.auditlint.severity]\nAL102 = "fatal"\n')
    assert run(str(tmp_path / "r.txt"))[0] == 2


def test_a_finding_its_rule_lowered_is_not_raised_by_the_config() -> None:
    from auditlint.cli import with_severities
    from auditlint.config import Settings
    from auditlint.findings import Finding

    known = {"AL101": "sum-mismatch"}
    f = Finding(code="AL101", rule="sum-mismatch", severity="warning", path="r", line=1,
                column=1, end_line=1, end_column=2, message="inferred")
    up = Settings(severity=(("AL101", "error"),))
    down = Settings(severity=(("AL101", "info"),))
    assert with_severities([f], up, known, {"AL101": "error"})[0].severity == "warning"
    assert with_severities([f], down, known, {"AL101": "error"})[0].severity == "info"
    g = f.model_copy(update={"severity": "error"})
    assert with_severities([g], down, known, {"AL101": "error"})[0].severity == "info"


# -- exclude and .gitignore -------------------------------------------------------------------

def _tree(tmp_path: Path) -> Path:
    write(tmp_path / "2024" / "a.txt", PARTS_WRONG)
    write(tmp_path / "README.md", PARTS_WRONG)
    write(tmp_path / "build" / "copy.txt", PARTS_WRONG)
    write(tmp_path / "drafts" / "d.txt", PARTS_WRONG)
    write(tmp_path / "exports" / "e.txt", PARTS_WRONG)
    write(tmp_path / "exports" / "keep.txt", PARTS_WRONG)
    write(tmp_path / ".gitignore", "exports/*\n!exports/keep.txt\n")
    (tmp_path / ".git").mkdir()
    return tmp_path


def checked(*args: str) -> set[str]:
    code, out, err = run("--format", "json", *args)
    assert code in (0, 1), err
    return {Path(f["path"]).relative_to(Path(args[-1])).as_posix()
            for f in json.loads(out)["files"]}


def test_default_exclude_and_gitignore(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    assert checked(str(top)) == {"2024/a.txt", "drafts/d.txt", "exports/keep.txt"}
    assert checked("--no-respect-gitignore", str(top)) == {
        "2024/a.txt", "drafts/d.txt", "exports/e.txt", "exports/keep.txt"}


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    assert checked("--extend-exclude", "drafts/", str(top)) == {"2024/a.txt", "exports/keep.txt"}
    # --exclude replaces the defaults: README.md and build/ are searched again
    assert checked("--exclude", "drafts", str(top)) == {
        "2024/a.txt", "README.md", "build/copy.txt", "exports/keep.txt"}
    write(top / "auditlint.toml", 'extend-exclude = ["2024/*.txt"]\nrespect-gitignore = false\n')
    assert checked(str(top)) == {"drafts/d.txt", "exports/e.txt", "exports/keep.txt"}


def test_gitignore_in_a_subfolder_and_outside_a_repository(tmp_path: Path) -> None:
    write(tmp_path / "a" / ".gitignore", "old.txt\n")
    write(tmp_path / "a" / "old.txt", CLEAN)
    write(tmp_path / "a" / "new.txt", CLEAN)
    write(tmp_path / "old.txt", CLEAN)
    assert checked(str(tmp_path)) == {"a/new.txt", "old.txt"}


def test_gitignore_of_the_searched_folder_applies_below_it(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "scratch/\n*.bak.txt\n")
    write(tmp_path / "a" / "scratch" / "s.txt", CLEAN)
    write(tmp_path / "a" / "b" / "x.bak.txt", CLEAN)
    write(tmp_path / "a" / "b" / "r.txt", CLEAN)
    assert checked(str(tmp_path)) == {"a/b/r.txt"}


def test_force_exclude_applies_to_files_named(tmp_path: Path) -> None:
    readme = write(tmp_path / "README.md", PARTS_WRONG)
    assert run(str(readme))[0] == 1  # named: checked, as ruff does
    code, out, _ = run("--force-exclude", str(readme))
    assert code == 0 and "0 file(s) checked" in out


# -- output file, exit status, selections, quiet ----------------------------------------------

def test_output_file_gets_the_output_and_stdout_stays_empty(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", PARTS_WRONG)
    out_file = tmp_path / "out" / "auditlint.sarif"
    out_file.parent.mkdir()
    code, out, _ = run("--format", "sarif", "-o", str(out_file), str(report))
    assert code == 1 and out == ""
    log = json.loads(out_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["AL102"]
    code, _, _ = run("--output-file", str(tmp_path / "r.log"), str(report))
    assert "AL102" in (tmp_path / "r.log").read_text(encoding="utf-8")


def test_output_file_is_written_when_the_run_cannot_proceed(tmp_path: Path) -> None:
    out_file = tmp_path / "auditlint.sarif"
    code, _, err = run("--format", "sarif", "-o", str(out_file), str(tmp_path / "missing.txt"))
    assert code == 2 and "no such file" in err
    log = json.loads(out_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    write(tmp_path / "auditlint.toml", "selekt = []\n")
    code, _, _ = run("--format", "json", "-o", str(tmp_path / "o.json"),
                     str(write(tmp_path / "r.txt", CLEAN)))
    assert code == 2 and json.loads((tmp_path / "o.json").read_text())["files"] == []


def test_output_file_never_overwrites_a_report(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", CLEAN)
    code, _, err = run("-o", str(report), str(report))
    assert code == 2 and "not overwritten" in err
    assert report.read_text(encoding="utf-8") == CLEAN


def test_exit_zero(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", PARTS_WRONG)
    code, out, _ = run("--exit-zero", str(report))
    assert code == 0 and "AL102" in out
    assert run("--exit-zero", str(tmp_path / "missing.txt"))[0] == 2


def test_repeated_select_accumulates_and_extend_select_adds(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", PARTS_WRONG + GROWTH_WRONG)

    def codes(*args: str) -> list[str]:
        return [f["code"] for f in json.loads(run("--format", "json", *args, str(report))[1])[
            "findings"]]

    assert codes("--select", "AL102") == ["AL102"]
    assert codes("--select", "AL102", "--select", "AL202") == ["AL102", "AL202"]
    write(tmp_path / "auditlint.toml", 'select = ["AL202"]\n')
    assert codes() == ["AL202"]
    assert codes("--extend-select", "parts-mismatch") == ["AL102", "AL202"]
    write(tmp_path / "auditlint.toml", 'select = ["AL202"]\nextend-select = ["AL102"]\n')
    assert codes() == ["AL102", "AL202"]


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", PARTS_WRONG)
    code, out, _ = run("--quiet", "--format", "concise", str(report))
    assert code == 1 and len(out.splitlines()) == 1 and "AL102" in out
    code, out, _ = run("-q", str(write(tmp_path / "ok.txt", CLEAN)))
    assert code == 0 and out == ""


# -- config extend ----------------------------------------------------------------------------

def test_config_extend_inherits_and_overrides(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", 'fail-on = "warning"\nignore = ["AL202"]\n'
          '[per-file-ignores]\n"2024/drafts/*" = ["AL102"]\n"*.md" = ["AL1"]\n'
          '[severity]\nAL102 = "warning"\n')
    own = write(tmp_path / "2024" / "auditlint.toml",
                'extend = "../base.toml"\nfail-on = "error"\n[severity]\nAL202 = "info"\n')
    s = load_config(own)
    assert s.fail_on == "error" and s.ignore == ("AL202",)
    assert dict(s.per_file_ignores) == {"drafts/*": ("AL102",), "*.md": ("AL1",)}
    assert s.severity == (("AL102", "warning"), ("AL202", "info"))
    assert s.root == own.parent.resolve()
    report = write(tmp_path / "2024" / "drafts" / "r.txt", PARTS_WRONG)
    assert run(str(report))[0] == 0  # the base's per-file-ignores, rebased


def test_config_extend_loop_and_missing_file_are_errors(tmp_path: Path) -> None:
    a = write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match="loop"):
        load_config(a)
    c = write(tmp_path / "c.toml", 'extend = "nowhere.toml"\n')
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(c)


def test_output_file_in_a_searched_folder_is_not_read_as_a_report(tmp_path: Path) -> None:
    write(tmp_path / "r.txt", CLEAN)
    out_file = tmp_path / "auditlint.txt"
    assert run("-o", str(out_file), str(tmp_path))[0] == 0
    assert run("-o", str(out_file), "--format", "json", str(tmp_path))[0] == 0
    assert [Path(f["path"]).name for f in json.loads(out_file.read_text())["files"]] == ["r.txt"]


def test_output_file_that_cannot_be_written_is_one_line_and_status_2(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", CLEAN)
    code, _, err = run("-o", str(tmp_path / "no" / "such" / "dir" / "o.txt"), str(report))
    assert code == 2 and err.count("\n") == 1 and "cannot write the output file" in err


def test_exclude_judges_only_the_part_under_the_configs_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders above the config's (or, without one, the working directory) are not judged:
    a checkout that happens to sit under a folder called build/ is still searched."""
    elsewhere = tmp_path / "build" / "reports"
    write(elsewhere / "r.txt", CLEAN)
    write(elsewhere / "README.md", CLEAN)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    assert checked(str(elsewhere)) == {"r.txt"}
