"""Output formats: SARIF 2.1.0 (validated against the schema shipped in tests/fixtures),
GitHub workflow commands, concise lines, statistics, the progress bar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from auditlint.cli import main
from auditlint.findings import FileResult, Finding, Related
from auditlint.report.concise import render_concise
from auditlint.report.github import render_github
from auditlint.report.progress import with_progress
from auditlint.report.sarif import artifact_uri, render_sarif
from auditlint.report.statistics import render_statistics
from auditlint.ruledoc import all_docs

jsonschema = pytest.importorskip("jsonschema")
# The OASIS SARIF 2.1.0 schema (2.1.0-rtm.5, the final one), as published in
# @microsoft/jest-sarif (MIT); a copy, since tests may not download it.
SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-2.1.0.json").read_text())


def validate(log: dict[str, object]) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


def sample() -> list[Finding]:
    return [
        Finding(code="AL101", rule="sum-mismatch", severity="error", path="报告/2024.txt",
                line=12, column=4, end_line=12, end_column=10, location="table 1, row 4",
                message="合计 17.70 is not the sum of its parts: 12.30 + 4.50 = 16.80 ≠ 17.70",
                expected="16.80", actual="17.70",
                related=[Related(path="报告/2024.txt", line=10, column=4, message="part 12.30")]),
        Finding(code="AL001", rule="unused-suppression", severity="warning", path="b.md",
                line=3, column=20, end_line=3, end_column=25, message="unused, 100%: a\nb"),
        Finding(code="AL902", rule="table-not-understood", severity="info", path="/abs/c d.txt",
                line=1, column=1, end_line=1, end_column=1, message="table 2 not understood"),
    ]


def test_sarif_is_valid_and_complete() -> None:
    files = [FileResult(path="报告/2024.txt", format="text"),
             FileResult(path="x.pdf", format="pdf", error="no text layer")]
    log = json.loads(render_sarif(files, sample(), all_docs()))
    validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"AL001", "AL101", "AL902"}
    al101 = next(r for r in rules if r["id"] == "AL101")
    assert "Anti-pattern" in al101["help"]["text"] and "```" in al101["help"]["markdown"]
    assert al101["defaultConfiguration"]["level"] == "error"
    r0, r1, r2 = run["results"]
    assert rules[r0["ruleIndex"]]["id"] == "AL101"
    assert [r["level"] for r in (r0, r1, r2)] == ["error", "warning", "note"]
    loc = r0["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "%E6%8A%A5%E5%91%8A/2024.txt",
                                       "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().resolve().as_uri() + "/"
    assert loc["region"] == {"startLine": 12, "startColumn": 4, "endLine": 12, "endColumn": 10}
    assert r0["relatedLocations"][0]["message"]["text"] == "part 12.30"
    assert r2["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///abs/c%20d.txt"}
    assert r2["locations"][0]["physicalLocation"]["region"]["endColumn"] == 2  # never empty
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "partialFingerprints" in r0


def test_sarif_without_findings_is_valid() -> None:
    validate(json.loads(render_sarif([FileResult(path="a.txt", format="text")], [], all_docs())))


@pytest.mark.parametrize("path, uri", [("./a/b.txt", "a/b.txt"), ("a b.md", "a%20b.md"),
                                       ("C:\\r\\x.txt", "file:///C:/r/x.txt")])
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_github_workflow_commands() -> None:
    lines = render_github(sample()).splitlines()
    assert lines[0] == ("::error file=报告/2024.txt,line=12,endLine=12,col=4,endColumn=10,"
                        "title=AL101 sum-mismatch (table 1%2C row 4)::合计 17.70 is not "
                        "the sum of its parts: 12.30 + 4.50 = 16.80 ≠ 17.70 [sum-mismatch]")
    assert lines[1] == ("::warning file=b.md,line=3,endLine=3,col=20,endColumn=25,"
                        "title=AL001 unused-suppression::unused, 100%25: a%0Ab "
                        "[unused-suppression]")
    # an empty span still ends after its start
    assert lines[2].startswith("::notice file=/abs/c d.txt,line=1,endLine=1,col=1,endColumn=2,"
                               "title=AL902 table-not-understood::")


def test_github_escapes_properties() -> None:
    f = sample()[0].model_copy(update={"path": "a,b:c.txt"})
    assert render_github([f]).startswith("::error file=a%2Cb%3Ac.txt,line=12")


def test_concise_one_line_each() -> None:
    assert render_concise(sample()).splitlines() == [
        "报告/2024.txt:12:4: error: AL101 合计 17.70 is not the sum of its parts: 12.30 + 4.50 = "
        "16.80 ≠ 17.70",
        "b.md:3:20: warning: AL001 unused, 100%: a b",
        "/abs/c d.txt:1:1: info: AL902 table 2 not understood",
    ]


def test_statistics_counts_by_code() -> None:
    findings = [*sample(), sample()[0], sample()[0]]
    assert render_statistics(findings).splitlines() == [
        "3  AL101  error    sum-mismatch",
        "1  AL001  warning  unused-suppression",
        "1  AL902  info     table-not-understood",
    ]


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    files = [tmp_path / f"r{i}.txt" for i in range(5)]
    tty = io.StringIO()
    assert list(with_progress(files, Console(file=tty, force_terminal=True))) == files
    assert "checking" in tty.getvalue()
    pipe = io.StringIO()
    assert list(with_progress(files, Console(file=pipe, force_terminal=False))) == files
    assert pipe.getvalue() == ""


# -- through the command line -----------------------------------------------------------------

REPORT = ("一、收入情况\n"
          "本年收入合计 315.00 万元，其中：财政拨款收入 300.00 万元，其他收入 10.00 万元。\n"
          "二、支出情况\n"
          "本年支出 280.00 万元，其中：基本支出 200.00 万元，项目支出 80.00 万元。\n")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "收支说明.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def cli(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["check", *args])
    return out.exit_code, out.output


def test_cli_sarif_validates_and_points_at_the_figure(report: Path) -> None:
    code, out = cli("--format", "sarif", str(report))
    assert code == 1
    log = json.loads(out)
    validate(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "AL102"
    region = result["locations"][0]["physicalLocation"]["region"]
    line = REPORT.splitlines()[region["startLine"] - 1]
    assert region["startLine"] == 2
    assert line[region["startColumn"] - 1:region["endColumn"] - 1].startswith("315.00")


def test_cli_github(report: Path) -> None:
    code, out = cli("--format", "github", str(report))
    assert code == 1
    assert out.startswith(f"::error file={report},line=2,endLine=2,col=")
    assert ",title=AL102 parts-mismatch (paragraph 2)::" in out


def test_cli_concise(report: Path) -> None:
    code, out = cli("--format", "concise", str(report))
    assert code == 1
    line, tail = out.splitlines()
    assert tail == ("1 finding(s) in 1 file(s): 1 error(s), 0 warning(s), 0 info; "
                    "0 tables / 0 paragraphs not understood")
    assert line.startswith(f"{report}:2:") and ": error: AL102 " in line


def test_cli_output_format_alias(report: Path) -> None:
    assert cli("--output-format", "concise", str(report)) == cli("--format", "concise",
                                                                  str(report))
    assert cli("--output-format", "concise", "-q", str(report))[1].count("\n") == 1


def test_cli_statistics(report: Path) -> None:
    code, out = cli("--statistics", str(report))
    assert code == 1
    assert out.split() == ["1", "AL102", "error", "parts-mismatch"]
    code, out = cli("--statistics", "--format", "json", str(report))
    assert json.loads(out) == [{"code": "AL102", "rule": "parts-mismatch", "severity": "error",
                                "count": 1}]


def test_cli_json_shape_is_unchanged(report: Path) -> None:
    code, out = cli("--format", "json", str(report))
    assert code == 1
    doc = json.loads(out)
    assert list(doc) == ["version", "files", "findings", "summary"]
    assert list(doc["files"][0]) == ["path", "format", "facts", "relations", "error",
                                     "unchecked"]
    assert list(doc["findings"][0]) == ["code", "rule", "severity", "path", "line", "column",
                                        "end_line", "end_column", "location", "message",
                                        "expected", "actual", "related"]
    assert doc["summary"] == {"files": 1, "findings": 1, "errors": 1, "warnings": 0, "infos": 0,
                              "unchecked": {"files": 0, "tables": 0, "paragraphs": 0}}


def test_cli_rich_default(report: Path) -> None:
    code, out = cli(str(report))
    assert code == 1
    assert "AL102" in out and "parts-mismatch" in out and "│" in out
    assert REPORT.splitlines()[1] in out  # the source line whole, not wrapped at 80 columns


def test_cli_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"r{i}.txt").write_text("本年收入 100.00 万元。\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--format", "concise", "-q", str(tmp_path)])
    assert out.exit_code == 0
    assert out.stderr == "" and out.stdout == ""


def test_cli_select_ignore_fail_on(report: Path) -> None:
    assert cli("--format", "concise", "-q", "--select", "AL2", str(report)) == (0, "")
    assert cli("--format", "concise", "-q", "--ignore", "parts-mismatch", str(report)) == (0, "")
    (report.parent / "auditlint.toml").write_text('fail-on = "info"\nselect = ["AL2"]\n')
    code, _ = cli("--format", "concise", "--select", "AL102", str(report))
    assert code == 1


def test_cli_per_file_ignores_and_extensions(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "auditlint.toml").write_text(
        'extensions = ["txt"]\n[per-file-ignores]\n"drafts/*" = ["AL102"]\n', encoding="utf-8")
    assert cli("--format", "concise", "-q", str(tmp_path)) == (0, "")  # b.md is not searched
    code, out = cli("--format", "concise", str(tmp_path / "b.md"))  # named: checked
    assert code == 1 and "AL102" in out


def test_cli_extra_pack_from_config(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text('name = "local"\nbogus = 1\n', encoding="utf-8")
    (tmp_path / "auditlint.toml").write_text('packs = ["pack.toml"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    code, out = cli(str(tmp_path / "r.txt"))
    assert code == 2 and "pack.toml" in out and "bogus" in out


@pytest.mark.parametrize("args, message", [
    (["nope.txt"], "no such file or directory"),
    ([], "no path given"),
    (["--select", "AL777", "."], "unknown rule code 'AL777'"),
])
def test_cli_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = cli(*args)
    assert code == 2 and message in out and "Traceback" not in out


def test_cli_folder_without_reports_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    code, out = cli(str(tmp_path))
    assert code == 2 and "no reports" in out


def test_cli_unreadable_file_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--format", "concise", str(empty)])
    assert out.exit_code == 2
    assert out.stdout.startswith(f"{empty}:1:1: error: AL901 ")
    assert out.stderr.startswith(f"auditlint: {empty}: ") and len(out.stderr.splitlines()) == 1


def test_cli_fail_on_from_config(tmp_path: Path) -> None:
    # only a warning: an unused suppression
    (tmp_path / "r.txt").write_text("本年收入 100.00 万元。auditlint: ignore AL102\n",
                                    encoding="utf-8")
    code, out = cli("--format", "concise", str(tmp_path / "r.txt"))
    assert code == 0 and "AL001" in out
    (tmp_path / "auditlint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert cli("--format", "concise", str(tmp_path / "r.txt"))[0] == 1
    assert cli("--format", "concise", "--fail-on", "error", str(tmp_path / "r.txt"))[0] == 0


def test_cli_named_config_replaces_the_nearest(report: Path, tmp_path: Path) -> None:
    (report.parent / "auditlint.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    named = tmp_path / "elsewhere" / "lenient.toml"
    named.parent.mkdir()
    named.write_text('ignore = ["AL1"]\n', encoding="utf-8")
    assert cli("--format", "concise", str(report))[0] == 1
    assert cli("--format", "concise", "-q", "--config", str(named), str(report)) == (0, "")


@pytest.mark.parametrize("args, message", [
    (["check", "--format", "xml", "r.txt"], "Invalid value for '--format'"),
    (["check", "--nope"], "No such option '--nope'"),
    (["explain"], "Missing argument 'RULE'"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_click_usage_errors_are_one_line(args: list[str], message: str) -> None:
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2
    assert out.stderr.startswith("auditlint: ") and message in out.stderr
    assert len(out.stderr.splitlines()) == 1 and out.stdout == ""


def test_version_and_bare_command() -> None:
    out = CliRunner().invoke(main, ["--version"])
    assert out.exit_code == 0 and "0.1.0" in out.stdout
    out = CliRunner().invoke(main, [])
    assert out.exit_code == 0 and "check" in out.stdout


def test_statistics_counts_each_severity_of_a_code_apart() -> None:
    from auditlint.report.statistics import count

    f = sample()[0]
    found = [f, f, f.model_copy(update={"severity": "warning"})]
    assert count(found) == [("AL101", "sum-mismatch", "error", 2),
                            ("AL101", "sum-mismatch", "warning", 1)]


_codes = st.sampled_from(["AL101", "AL102", "AL902"])
_numbers = st.sampled_from(["17.70", "16.80", "4.50", None])
_texts = st.sampled_from(["合计 17.70 ≠ 16.80", "table 2 not understood", "table 3 not understood",
                          "rows 4-5 of table 1 do not add up"])


@st.composite
def _findings(draw: st.DrawFn) -> list[Finding]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        path = draw(st.sampled_from(["a.txt", "b/a.txt", "报告.md"]))
        out.append(Finding(code=draw(_codes), rule="r", severity="error", path=path,
                           line=i + 1, column=1, end_line=i + 1, end_column=3,
                           message=draw(_texts), expected=draw(_numbers), actual=draw(_numbers),
                           location=draw(st.sampled_from(["", "table 1, row 2"]))))
    return sorted(out, key=Finding.sort_key)


@given(_findings())
def test_sarif_fingerprints_are_unique_and_do_not_depend_on_lines(found: list[Finding]) -> None:
    log = json.loads(render_sarif([], found, all_docs()))
    prints = [r["partialFingerprints"]["auditlint/v2"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)
    moved = [f.model_copy(update={"line": f.line + 40, "end_line": f.end_line + 40})
             for f in found]
    again = json.loads(render_sarif([], moved, all_docs()))
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in log["runs"][0]["results"]]


def test_sarif_streamed_fingerprints_are_the_same_as_in_one_piece(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    rows = "项目\t金额\n办公费\t12.30\n印刷费\t4.50\n合计\t17.70\n"
    report.write_text(rows + "\n" + rows, encoding="utf-8")  # the same mismatch twice
    code, out = cli("--format", "sarif", str(report))
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["auditlint/v2"] for r in results]
    assert len(results) == 2 and prints[0] != prints[1]
    assert prints[0].split(":")[0] == prints[1].split(":")[0]


def test_sarif_rules_have_help_and_information_uris() -> None:
    from auditlint import HOMEPAGE

    log = json.loads(render_sarif([], sample(), all_docs()))
    validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE
    uris = [r["helpUri"] for r in driver["rules"]]
    assert len(set(uris)) == len(uris)
    assert all(u.startswith(HOMEPAGE) and u.endswith("#" + r["id"].lower())
               for u, r in zip(uris, driver["rules"], strict=True))
