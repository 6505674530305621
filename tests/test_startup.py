"""Start-up: what a command loads decides how long a pre-commit hook waits. `--version`
loads no model, renderer or reader; a text report checked to plain output loads neither the
terminal renderer nor the Word, PDF or Markdown readers."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from auditlint import startup

HEAVY = ("rich", "pydantic", "pdfplumber", "pdfminer", "docx", "pypdfium2", "markdown_it",
         "lark", "auditlint.report.junit", "importlib.metadata")
_PROBE = f"""
import sys
from auditlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("loaded:", *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                         text=True, check=True)
    return set(out.stderr.splitlines()[-1].split()[1:])


def test_version_loads_nothing_heavy() -> None:
    assert _loaded("--version") == set()


def test_a_text_report_to_plain_output_loads_only_what_checking_needs(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("一、收支情况\n本年收入 1,245.60 万元。\n", encoding="utf-8")
    loaded = _loaded("check", "--no-cache", "--format", "concise", str(report))
    assert loaded == {"pydantic", "lark"}


def test_a_markdown_report_loads_its_reader(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text("# 收支情况\n\n本年收入 1,245.60 万元。\n", encoding="utf-8")
    assert "markdown_it" in _loaded("check", "--no-cache", "--format", "concise", str(report))


def test_a_report_from_the_cache_loads_no_extractor(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("一、收支情况\n本年收入 1,245.60 万元。\n", encoding="utf-8")
    args = ("check", "--cache-dir", str(tmp_path / "cache"), "--format", "concise", str(report))
    assert "lark" in _loaded(*args)  # checked, and kept
    assert _loaded(*args) == {"pydantic"}  # read from the cache: no grammar, no rule module


def test_many_files_piped_load_no_progress_bar(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text(f"本年收入 1,24{i}.60 万元。\n", encoding="utf-8")
    assert "rich" not in _loaded("check", "--no-cache", "-j1", "--format", "concise",
                                 str(tmp_path))


def test_grammars_are_built_when_their_cache_cannot_be_written(tmp_path: Path) -> None:
    """lark keeps built parsers in the temporary folder; one that cannot be written (or
    read) only costs the time to build them again."""
    report = Path(__file__).resolve().parent.parent / "examples" / "planted_errors.txt"
    run = ("import sys, tempfile\n"
           "tempfile.tempdir = sys.argv[1]\n"
           "from auditlint.cli import main\n"
           "main(['check', '--no-cache', '--format', 'json', sys.argv[2]])\n")
    outs = [subprocess.run([sys.executable, "-c", run, temp, str(report)], capture_output=True,
                           text=True) for temp in (str(tmp_path / "missing" / "tmp"),
                                                   str(tmp_path))]
    assert outs[0].returncode == outs[1].returncode == 1
    assert outs[0].stdout == outs[1].stdout and '"AL1' in outs[0].stdout
    assert outs[0].stderr == ""
    assert list(tmp_path.glob(".lark_*"))  # where it could, lark kept them


def test_the_collector_is_paused_for_the_imports_then_frozen_and_restored() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        startup.begin()
        assert not gc.isenabled()
        startup.imports_done()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        startup.imports_done()  # once only
    finally:
        startup.end()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_check_resumes_collection_after_its_first_file_and_leaves_the_caller_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditlint.cli import main

    seen: list[tuple[bool, int]] = []
    done = startup.imports_done

    def spy() -> None:
        done()
        seen.append((gc.isenabled(), gc.get_freeze_count()))

    monkeypatch.setattr(startup, "imports_done", spy)
    for i in range(2):
        (tmp_path / f"r{i}.txt").write_text(f"本年收入 1,24{i}.60 万元。\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", "--no-cache", "-j1", "--format", "concise", str(tmp_path)])
    assert len(seen) == 2 and all(enabled and frozen > 0 for enabled, frozen in seen)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_plugin_stand_in_hands_any_other_name_to_pydantics_loader() -> None:
    code = (
        "import sys\n"
        "from auditlint import startup\n"
        "startup.begin()\n"
        "loader = sys.modules['pydantic.plugin._loader']\n"
        "assert tuple(loader.get_plugins()) == ()\n"
        "print(loader.PYDANTIC_ENTRY_POINT_GROUP)\n"
        "startup.end()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "pydantic"
