"""auditlint.api.check_path: one report to a plain dict, the `file` object of the JSON Lines
output; and the Dask example that maps it over a folder."""

from __future__ import annotations

import importlib.util
import json
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditlint.api import check_path, report_files
from auditlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    for name in ("clean_report.txt", "planted_errors.txt", "report.md"):
        shutil.copy(EXAMPLES / name, out / name)
    (out / "empty.txt").write_bytes(b"")
    return out


def _jsonl(folder: Path) -> list[dict[str, object]]:
    out = CliRunner().invoke(main, ["check", "--format", "jsonl", "--select", "AL1,AL2,AL3,AL4,AL6,AL9",
                                    str(folder)])
    return [o for o in map(json.loads, out.stdout.splitlines()) if o["type"] == "file"]


def test_check_path_is_the_jsonl_file_object(folder: Path) -> None:
    from auditlint.config import Settings

    expected = _jsonl(folder)
    settings = Settings(select=("AL1", "AL2", "AL3", "AL4", "AL6", "AL9"))
    got = [check_path(p, settings) for p in report_files(folder)]
    assert got == expected
    assert any(o["findings"] for o in got)
    assert pickle.loads(pickle.dumps(got)) == got and json.loads(json.dumps(got)) == got


def test_an_unreadable_report_or_a_bad_pack_is_a_finding_not_an_exception(folder: Path) -> None:
    from auditlint.config import Settings

    empty = check_path(folder / "empty.txt")
    assert empty["error"] and [f["code"] for f in empty["findings"]] == ["AL901"]
    bad = check_path(folder / "report.md", Settings(packs=(folder / "missing.toml",)))
    assert bad["error"] and "missing.toml" in bad["error"]


def test_the_nearest_config_is_used(folder: Path) -> None:
    (folder / "auditlint.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    assert check_path(folder / "planted_errors.txt")["findings"] == []


def _example() -> object:
    spec = importlib.util.spec_from_file_location("dask_bag", EXAMPLES / "dask_bag.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_the_dask_example_gathers_every_report(folder: Path, scheduler: str) -> None:
    pytest.importorskip("dask.bag")
    example = _example()
    results = example.check_folder(str(folder), scheduler=scheduler)  # type: ignore[attr-defined]
    assert results == [check_path(p) for p in report_files(folder)]
    assert [Path(r["path"]).name for r in results] == sorted(p.name for p in folder.iterdir())


def test_the_dask_example_runs_as_a_script(folder: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    pytest.importorskip("dask.bag")
    code = _example().main([str(folder), "--scheduler", "synchronous"])  # type: ignore[attr-defined]
    out, err = capsys.readouterr()
    assert code == 1 and len(out.splitlines()) == 4
    assert err.endswith("finding(s) in 4 file(s)\n")
