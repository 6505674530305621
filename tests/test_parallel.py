"""-j: files checked by worker processes give exactly the output of a serial run, in every
format and with every option that changes what is reported or how the run ends."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.checks.across import AcrossRule
from auditlint.checks.base import all_rules
from auditlint.cli import FORMATS, main
from auditlint.ruledoc import rule_doc

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _reports(folder: Path) -> Path:
    """A small archive: the examples (text, Markdown, Word, PDF), and the examples of the
    rules across reports, so that findings across reports come too."""
    folder.mkdir()
    for name in ("clean_report.txt", "planted_errors.txt", "report.md"):
        shutil.copy(EXAMPLES / name, folder / name)
    for name in ("report.docx", "report.pdf"):
        shutil.copy(EXAMPLES / "office" / name, folder / f"office_{name}")
    for rule in all_rules():
        if not issubclass(rule, AcrossRule):
            continue
        name, lines = None, []
        for line in [*rule_doc(rule).anti_pattern.splitlines(), "# end"]:
            if line.strip().startswith("# ") and len(line.split()) == 2:
                if name is not None:
                    sub = folder / rule.code
                    sub.mkdir(exist_ok=True)
                    (sub / name).write_text("\n".join(lines).strip() + "\n", encoding="utf-8")
                name, lines = line.split()[1], []
            else:
                lines.append(line)
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _reports(tmp_path_factory.mktemp("parallel") / "reports")


def _run(*args: str) -> tuple[int, str, str]:
    out = CliRunner().invoke(main, ["check", "--no-cache", *args])
    return out.exit_code, out.stdout, out.stderr


def test_the_archive_has_findings_across_reports(archive: Path) -> None:
    code, out, _ = _run("-j2", "--format", "concise", str(archive))
    assert code == 1
    assert " AL5" in out and " AL1" in out


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("html", "annotated-pdf")])
@pytest.mark.parametrize("options", [(), ("--quiet",), ("--exit-zero",),
                                     ("--fail-on-unchecked",), ("--statistics",)])
def test_workers_give_the_serial_output(archive: Path, fmt: str, options: tuple[str, ...]
                                        ) -> None:
    serial = _run("-j1", "--format", fmt, *options, str(archive))
    assert serial[0] in (0, 1) and serial[1]
    assert _run("-j2", "--format", fmt, *options, str(archive)) == serial


@pytest.mark.parametrize("fmt", ["html", "annotated-pdf", "json", "sarif"])
def test_output_files_are_the_same(archive: Path, tmp_path: Path, fmt: str) -> None:
    source = archive
    if fmt == "annotated-pdf":  # PDFs only, written into a folder
        source = tmp_path / "pdfs"
        source.mkdir()
        for name in ("a.pdf", "b.pdf", "c.pdf"):
            shutil.copy(EXAMPLES / "office" / "report.pdf", source / name)
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"j{jobs}.{fmt}"
        if fmt == "annotated-pdf":
            target.mkdir()
        code, out, err = _run(f"-j{jobs}", "--format", fmt, "-o", str(target), str(source))
        if target.is_dir():  # less each PDF's file identifier, new on every write
            written = {p.name: re.sub(rb"/ID\s*\[<\w+>\s*<\w+>\]", b"", p.read_bytes())
                       for p in sorted(target.iterdir())}
        else:
            written = {"": target.read_bytes()}
        outputs.append((code, out.replace(target.name, "OUT"), err.replace(target.name, "OUT"),
                        written))
    assert outputs[0] == outputs[1]
    assert outputs[0][3] and all(outputs[0][3].values())


def test_baselines_are_the_same(archive: Path, tmp_path: Path) -> None:
    written = []
    for jobs in ("1", "2"):
        target = tmp_path / f"baseline{jobs}.json"
        code, _, err = _run(f"-j{jobs}", "--write-baseline", str(target), str(archive))
        assert code == 0, err
        written.append(target.read_bytes())
    assert written[0] == written[1]
    # part of the archive changed: what the baseline hides and what it still reports
    changed = tmp_path / "changed"
    shutil.copytree(archive, changed)
    planted = changed / "planted_errors.txt"
    planted.write_text(planted.read_text(encoding="utf-8").replace("1", "7"), encoding="utf-8")
    baseline = tmp_path / "baseline1.json"
    runs = [_run(f"-j{jobs}", "--baseline", str(baseline), "--format", "concise",
                 str(archive).replace(str(archive), str(changed))) for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    assert "hidden" in runs[0][1] or "stale" in runs[0][2]


def test_an_unreadable_file_is_reported_in_its_place(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    shutil.copytree(archive, folder)
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.pdf").write_bytes(b"%PDF-1.4 not really")
    serial = _run("-j1", "--format", "json", str(folder))
    assert serial[0] == 2 and "AL901" in serial[1]
    assert _run("-j2", "--format", "json", str(folder)) == serial


@pytest.mark.parametrize("files", [3, 40])  # 40: more than the workers are handed at once
def test_a_file_whose_worker_dies_is_an_al901_finding(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       files: int) -> None:
    import os

    def die(*args: object, **kwargs: object) -> None:
        os._exit(3)  # as when the system kills a worker that ran out of memory

    monkeypatch.setattr("auditlint.pipeline.check_file", die)
    for i in range(files):
        shutil.copy(EXAMPLES / "planted_errors.txt", tmp_path / f"r{i}.txt")
    code, out, err = _run("-j2", "--format", "concise", str(tmp_path))
    assert code == 2
    assert out.count("AL901") == files and "internal error" in out
    assert "Traceback" not in err


def test_jsonl_is_one_object_per_file_then_across_then_the_summary(archive: Path) -> None:
    import json

    code, out, _ = _run("-j2", "--format", "jsonl", str(archive))
    objects = [json.loads(line) for line in out.splitlines()]
    kinds = [o["type"] for o in objects]
    assert kinds == sorted(kinds, key=["file", "across", "summary"].index)
    files = [o for o in objects if o["type"] == "file"]
    across = [o for o in objects if o["type"] == "across"]
    assert len(files) == objects[-1]["files"] and across
    assert all(f["code"].startswith("AL5") for o in across for f in o["findings"])
    # the same findings as the JSON document, file by file
    code_json, doc, _ = _run("-j1", "--format", "json", str(archive))
    assert code_json == code
    expected = json.loads(doc)
    assert [{k: v for k, v in o.items() if k not in ("type", "findings")} for o in files] \
        == expected["files"]
    assert sorted((f for o in [*files, *across] for f in o["findings"]),
                  key=lambda f: (f["path"], f["line"], f["column"], f["code"])) \
        == sorted(expected["findings"],
                  key=lambda f: (f["path"], f["line"], f["column"], f["code"]))


def test_jsonl_output_file_of_a_run_that_cannot_proceed_says_why(tmp_path: Path) -> None:
    import json

    out = tmp_path / "out.jsonl"
    code, _, err = _run("--format", "jsonl", "-o", str(out), str(tmp_path / "missing"))
    assert code == 2 and "no such file" in err
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [o["type"] for o in objects] == ["error", "summary"]
    assert "no such file" in objects[0]["message"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_missing_dependency_stops_the_run_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    # not an AL901 "internal error, please report it" on every file: the install is broken,
    # no file can be checked, and the one line says what to install
    import auditlint.pipeline

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ModuleNotFoundError("No module named 'lark'", name="lark")

    monkeypatch.setattr(auditlint.pipeline, "check_within", broken)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("本年收入合计 10.00 万元。\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--no-cache", "-j", jobs, str(tmp_path)])
    assert out.exit_code == 2
    assert out.output.strip().splitlines() == [
        "auditlint: the package lark, which auditlint needs, is not installed: reinstall "
        "auditlint (pip install auditlint, or pip install -e . in a checkout)"]


def test_workers_run_only_a_bounded_window_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outcomes done ahead of the file being written wait in memory: at most a window of
    jobs is handed to the workers, however many files the run has."""
    from concurrent.futures import Future

    from auditlint import runner
    from auditlint.findings import FileResult

    done: list[Path] = []

    class Pool:  # runs each job when it is handed over, as a worker far ahead would
        def submit(self, fn: object, job: runner.Job) -> Future[runner.Checked]:
            f: Future[runner.Checked] = Future()
            f.set_result(runner.Checked(FileResult(path=str(job.path), format="text"), []))
            done.append(job.path)
            return f

        def shutdown(self, wait: bool, cancel_futures: bool) -> None:
            pass

    jobs = [runner.Job(Path(f"r{i}.txt"), (), ()) for i in range(50)]
    ahead = runner.Ahead(Pool(), jobs, list(range(50)), 4)  # type: ignore[arg-type]
    out = runner._in_order(jobs, [None] * 50, {}, None, Pool(), ahead)  # type: ignore[arg-type]
    for n, checked in enumerate(out, 1):
        assert len(done) <= n + 3  # handed over: the ones written, and 4 ahead at most
        assert checked.result.path == f"r{n - 1}.txt"
    assert len(done) == 50
