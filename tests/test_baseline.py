"""Baselines: fingerprints without lines, counting, the file, and the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.baseline import Baseline, BaselineError, fingerprint
from auditlint.cli import main
from auditlint.findings import Finding, Related


def finding(line: int = 3, actual: str = "520.40", path: str = "r.txt",
            code: str = "AL102") -> Finding:
    return Finding(code=code, rule="parts-mismatch", severity="error", path=path, line=line,
                   column=5, end_line=line, end_column=11, location=f"paragraph {line}",
                   message=f"本年收入 {actual} is not the sum of its parts (line {line})",
                   expected="530.40", actual=actual,
                   related=[Related(path=path, line=line, column=20, message="part 500.00"),
                            Related(path=path, line=line, column=40, message="part 30.40")])


def test_fingerprint_ignores_lines_and_positions() -> None:
    assert fingerprint(finding(line=3), "r.txt") == fingerprint(finding(line=90), "r.txt")


@pytest.mark.parametrize("other", [
    finding(actual="520.50"), finding(code="AL103"), finding(path="s.txt")])
def test_fingerprint_changes_with_code_file_or_numbers(other: Finding) -> None:
    assert fingerprint(finding(), "r.txt") != fingerprint(other, other.path)


def test_fingerprint_falls_back_on_the_message_numbers() -> None:
    a = Finding(code="AL902", rule="x", severity="info", path="r.txt", line=1, column=1,
                end_line=1, end_column=2, message="table with 7 columns not understood")
    b = a.model_copy(update={"line": 40, "message": "table with 8 columns not understood"})
    assert fingerprint(a, "r.txt") != fingerprint(b, "r.txt")


def test_positions_in_messages_are_not_numbers_involved() -> None:
    a = Finding(code="AL902", rule="x", severity="info", path="r.txt", line=130, column=1,
                end_line=130, end_column=2,
                message="lines 130-132 look like a table; table 4, 第 130 行")
    b = a.model_copy(update={"line": 133,
                             "message": "lines 133-135 look like a table; table 5, 第 133 行"})
    assert fingerprint(a, "r.txt") == fingerprint(b, "r.txt")


def test_write_load_filter(tmp_path: Path) -> None:
    bl = tmp_path / "baseline.json"
    assert Baseline(bl).write([finding(line=3), finding(line=3)]) == 2
    data = json.loads(bl.read_text(encoding="utf-8"))
    assert data["version"] == 1
    first, second = data["findings"]  # equal findings keep their own entries
    assert first == second and first["code"] == "AL102" and "line" not in first
    assert "count" not in first
    loaded = Baseline.load(bl)
    # same findings elsewhere in the file: still known
    new, known = loaded.filter([finding(line=10), finding(line=12)])
    assert (new, known) == ([], 2)
    # a third occurrence is new
    new, known = Baseline.load(bl).filter([finding(line=10), finding(line=12), finding(line=14)])
    assert [f.line for f in new] == [14] and known == 2


def test_paths_relative_to_the_baseline_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    bl = tmp_path / "bl.json"
    Baseline(bl).write([finding(path="reports/r.txt")])
    assert json.loads(bl.read_text(encoding="utf-8"))["findings"][0]["path"] == "reports/r.txt"
    monkeypatch.chdir(tmp_path / "reports")  # the same file named from another folder
    assert Baseline.load(bl).filter([finding(path="r.txt")]) == ([], 1)


@pytest.mark.parametrize("text, message", [
    ("not json", "invalid JSON"),
    ('{"version": 9, "findings": []}', "not an auditlint baseline"),
    ('{"version": 1, "findings": [{"code": "AL101"}]}', "malformed entry"),
])
def test_bad_baseline_files(tmp_path: Path, text: str, message: str) -> None:
    bl = tmp_path / "bl.json"
    bl.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        Baseline.load(bl)


def test_missing_baseline(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="no such baseline file"):
        Baseline.load(tmp_path / "nope.json")


def test_will_not_overwrite_a_file_that_is_not_a_baseline(tmp_path: Path) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"mine": true}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not overwritten"):
        Baseline(other).write([finding()])
    assert other.read_text(encoding="utf-8") == '{"mine": true}'


# -- through the command line -----------------------------------------------------------------

HEAD = "一、收入支出情况\n"
OLD_ERROR = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"
NEW_ERROR = "本年支出 410.00 万元，其中：基本支出 300.00 万元，项目支出 100.00 万元。\n"
UNRELATED = "二、机构情况\n本单位内设科室三个，均为行政科室。\n单位地址位于市政府大楼。\n"


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["check", "--format", "concise", "--quiet", *args])
    return out.exit_code, out.output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_baseline_keeps_old_findings_silent_after_edits_and_reports_new_ones(
        tmp_path: Path) -> None:
    report = tmp_path / "2024收支说明.txt"
    report.write_text(HEAD + OLD_ERROR, encoding="utf-8")
    bl = tmp_path / "auditlint-baseline.json"

    code, out = run(str(report))
    assert code == 1 and "AL102" in out
    before = digest(report)
    code, out = run("--write-baseline", str(bl), str(report))
    assert code == 0, out
    assert "1 finding(s) recorded" in out
    assert digest(report) == before  # only the baseline file is written

    assert run("--baseline", str(bl), str(report)) == (0, "")
    # yesterday's error moves down: unrelated lines inserted above it
    report.write_text(UNRELATED + HEAD + OLD_ERROR, encoding="utf-8")
    assert run("--baseline", str(bl), str(report)) == (0, "")
    # a new error is reported, the old one still not
    report.write_text(UNRELATED + HEAD + OLD_ERROR + NEW_ERROR, encoding="utf-8")
    code, out = run("--baseline", str(bl), str(report))
    assert code == 1
    assert [x.split(": ")[2].split()[0] for x in out.strip().splitlines()] == ["AL102"]
    assert ":6:" in out and "410.00" in out


def test_changed_number_is_a_new_finding(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + OLD_ERROR, encoding="utf-8")
    bl = tmp_path / "bl.json"
    assert run("--write-baseline", str(bl), str(report))[0] == 0
    report.write_text(HEAD + OLD_ERROR.replace("30.40", "30.60"), encoding="utf-8")
    code, out = run("--baseline", str(bl), str(report))
    assert code == 1 and "AL102" in out


def test_baseline_from_config(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + OLD_ERROR, encoding="utf-8")
    assert run("--write-baseline", str(tmp_path / "bl.json"), str(report))[0] == 0
    (tmp_path / "auditlint.toml").write_text('baseline = "bl.json"\n', encoding="utf-8")
    assert run(str(report)) == (0, "")


def test_missing_baseline_exits_2(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + OLD_ERROR, encoding="utf-8")
    code, out = run("--baseline", str(tmp_path / "nope.json"), str(report))
    assert code == 2 and "no such baseline file" in out and "Traceback" not in out


def test_write_baseline_refuses_to_overwrite_a_report(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + OLD_ERROR, encoding="utf-8")
    before = digest(report)
    code, out = run("--write-baseline", str(report), str(report))
    assert code == 2 and "not overwritten" in out
    assert digest(report) == before


def test_missing_baseline_exits_2_when_nothing_is_found(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + UNRELATED, encoding="utf-8")
    code, out = run("--baseline", str(tmp_path / "nope.json"), str(report))
    assert code == 2 and "no such baseline file" in out


def test_equal_numbers_different_messages_keep_their_own_entries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = Finding(code="AL902", rule="x", severity="info", path="r.txt", line=3, column=1,
                end_line=3, end_column=2, message="a table was not understood (header)")
    b = a.model_copy(update={"line": 9, "message": "a table was not understood (rows)"})
    bl = tmp_path / "bl.json"
    assert Baseline(bl).write([a, b]) == 2
    assert [e["message"] for e in json.loads(bl.read_text())["findings"]] == [
        a.message, b.message]
    loaded = Baseline.load(bl)
    assert loaded.filter([b]) == ([], 1)
    [stale] = loaded.stale()  # the entry of `a`, not of `b`, is the one no finding used
    assert stale.message == a.message and stale.path == "r.txt"


def test_old_baselines_with_counts_still_load(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bl = tmp_path / "bl.json"
    fp = fingerprint(finding(), "r.txt")
    bl.write_text(json.dumps({"version": 1, "findings": [
        {"fingerprint": fp, "code": "AL102", "path": "r.txt", "count": 2}]}), encoding="utf-8")
    loaded = Baseline.load(bl)
    new, known = loaded.filter([finding(line=4), finding(line=8), finding(line=12)])
    assert known == 2 and [f.line for f in new] == [12] and loaded.hidden == 2


def test_stale_entries_only_for_files_checked(tmp_path: Path) -> None:
    bl = tmp_path / "bl.json"
    Baseline(bl).write([finding(path=str(tmp_path / "r.txt")),
                        finding(path=str(tmp_path / "s.txt"))])
    loaded = Baseline.load(bl)
    loaded.checked(str(tmp_path / "r.txt"))
    assert [e.path for e in loaded.stale()] == ["r.txt"]


def test_cli_reports_hidden_and_stale(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + OLD_ERROR + NEW_ERROR, encoding="utf-8")
    bl = tmp_path / "bl.json"
    assert run("--write-baseline", str(bl), str(report))[0] == 0
    report.write_text(HEAD + OLD_ERROR + NEW_ERROR.replace("410.00", "400.00"), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--baseline", str(bl), "--format", "json",
                                  str(report)])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["summary"]["baseline"] == {"hidden": 1, "stale": 1}
    assert "stale entry: r.txt: AL102 本年支出 410.00" in r.stderr
    r = CliRunner().invoke(main, ["check", "--baseline", str(bl), str(report)])
    assert "1 hidden by the baseline (1 stale entry)" in r.stdout
