"""The cache of findings (.auditlint_cache): a second run over unchanged reports reads each
file's outcome instead of checking it again, with the same output; anything that changes
findings changes the key; a broken or unwritable cache never breaks a run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _archive(folder: Path) -> Path:
    folder.mkdir()
    for name in ("clean_report.txt", "planted_errors.txt", "report.md"):
        shutil.copy(EXAMPLES / name, folder / name)
    shutil.copy(EXAMPLES / "office" / "report.docx", folder / "report.docx")
    return folder


def _run(cache: Path, *args: str) -> tuple[int, str, str]:
    out = CliRunner().invoke(main, ["check", "--cache-dir", str(cache), *args])
    return out.exit_code, out.stdout, out.stderr


def _set_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a file fails from now on: only outcomes from the cache come out clean."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("checked again")

    monkeypatch.setattr("auditlint.pipeline.check_file", broken)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["rich", "json", "sarif", "jsonl"])
def test_a_second_run_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      jobs: str, fmt: str) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    first = _run(cache, f"-j{jobs}", "--format", fmt, str(reports))
    assert first[0] == 1
    _set_no_check(monkeypatch)
    assert _run(cache, f"-j{jobs}", "--format", fmt, str(reports)) == first
    assert "checked again" in _run(cache, "--no-cache", "--format", fmt, str(reports))[1]


@pytest.mark.parametrize("change", ["ignore", "select", "file", "pack", "path"])
def test_what_changes_findings_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               change: str) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    pack = tmp_path / "pack.toml"
    pack.write_text("", encoding="utf-8")
    args = ["--format", "concise", "--rules", str(pack)]
    assert _run(cache, *args, str(reports))[0] == 1
    _set_no_check(monkeypatch)
    if change == "ignore":
        args += ["--ignore", "AL102"]
    elif change == "select":
        args += ["--select", "AL1"]
    elif change == "file":
        p = reports / "planted_errors.txt"
        p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "pack":
        pack.write_text("# edited\n", encoding="utf-8")
    else:
        reports = reports.rename(tmp_path / "moved")
    code, out, _ = _run(cache, *args, str(reports))
    assert code == 2 and "checked again" in out
    if change == "file":  # only the changed file is checked again
        assert out.count("checked again") == 1


def test_a_setting_that_only_changes_severities_keeps_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    _run(cache, str(reports))
    _set_no_check(monkeypatch)
    code, out, _ = _run(cache, "--format", "concise", "--fail-on", "info", str(reports))
    assert code == 1 and "checked again" not in out


def test_broken_entries_are_misses(tmp_path: Path) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    first = _run(cache, "--format", "json", str(reports))
    entries = [p for p in cache.rglob("*") if p.is_file() and p.parent != cache]
    assert len(entries) == 4
    for i, p in enumerate(entries):
        p.write_bytes(b"" if i % 2 else b"\x80\x05not a pickle")
    assert _run(cache, "--format", "json", str(reports)) == first


def test_an_unwritable_cache_is_left_alone(tmp_path: Path) -> None:
    reports = _archive(tmp_path / "r")
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    expected = _run(tmp_path / "cache", "--no-cache", "--format", "json", str(reports))
    assert _run(blocker / "cache", "--format", "json", str(reports)) == expected


def test_the_cache_is_marked_and_reports_are_not_touched(tmp_path: Path) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in reports.iterdir()}
    _run(cache, str(reports))
    _run(cache, str(reports))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in reports.iterdir()} == before
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f")
    assert (cache / ".gitignore").read_text().endswith("*\n")


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    _run(cache, "--no-cache", str(reports))
    assert not cache.exists()


def test_the_default_folder_is_here_unless_the_environment_names_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = _archive(tmp_path / "r")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AUDITLINT_CACHE_DIR")
    CliRunner().invoke(main, ["check", str(reports)])
    assert (tmp_path / ".auditlint_cache" / "CACHEDIR.TAG").is_file()
    monkeypatch.setenv("AUDITLINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    CliRunner().invoke(main, ["check", str(reports)])
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()


def test_unreadable_reports_are_not_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _run(cache, str(empty))[0] == 2
    assert not any(p.parent != cache for p in cache.rglob("*") if p.is_file())


def test_a_damaged_rule_table_is_made_again(tmp_path: Path) -> None:
    reports, cache = _archive(tmp_path / "r"), tmp_path / "cache"
    first = _run(cache, "--format", "json", str(reports))
    [table] = cache.glob("rules-*.json")
    for damaged in ("{", '{"salt": "x", "known": {}, "defaults": {}}', "[]"):
        table.write_text(damaged, encoding="utf-8")
        assert _run(cache, "--format", "json", str(reports)) == first
        assert table.read_text(encoding="utf-8") != damaged


def test_a_report_over_the_size_limit_is_not_read_to_be_hashed(tmp_path: Path) -> None:
    from auditlint.runner import Cache, Job

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000)
    cache = Cache(tmp_path / "cache")
    assert cache.key(Job(big, (), ("AL101",), max_bytes=1_000)) is None
    key = cache.key(Job(big, (), ("AL101",), max_bytes=10_000))
    assert key is not None and key == cache.key(Job(big, (), ("AL101",)))
    big.write_bytes(b"x" * 1_999 + b"y")
    assert cache.key(Job(big, (), ("AL101",))) != key
