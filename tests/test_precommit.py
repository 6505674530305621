"""The pre-commit hook, run by pre-commit itself in a fresh git repository of reports.

No network: the hook of .pre-commit-hooks.yaml is used as a `repo: local` hook with
`language: system` running this checkout's auditlint (a `language: python` hook would have
pre-commit install auditlint and its dependencies from the package index)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
GOOD = "一、收入情况\n本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 20.40 万元。\n"
BAD = "一、收入情况\n本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"


def published_hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "auditlint"]
    return hook


def test_published_hook_definition() -> None:
    hook = published_hook()
    assert hook["language"] == "python"
    assert str(hook["entry"]).split()[:2] == ["auditlint", "check"]
    files = re.compile(str(hook["files"]))
    for name in ["报告.txt", "a/b.md", "B.MD", "表.docx", "x.pdf", "y.markdown"]:
        assert files.search(name), name
    for name in ["data.csv", "setup.py", "notes.txt.bak", "pic.png"]:
        assert not files.search(name), name


def test_usage_doc_shows_the_hook() -> None:
    """The snippet users copy from docs/usage.md names the published hook id."""
    text = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    configs = [yaml.safe_load(b) for b in blocks]
    ids = [h["id"] for c in configs if isinstance(c, dict)
           for r in c.get("repos", []) for h in r.get("hooks", [])]
    assert "auditlint" in ids


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT / "src"),
               NO_COLOR="1", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    repo = tmp_path / "reports"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main", env=env)
    git(repo, "config", "user.name", "Reviewer", env=env)
    git(repo, "config", "user.email", "reviewer@example.org", env=env)
    hook = dict(published_hook())
    entry = shlex.split(str(hook["entry"]))
    assert entry[0] == "auditlint"
    hook.update(language="system",
                entry=shlex.join([sys.executable, "-m", "auditlint", *entry[1:]]))
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                                  encoding="utf-8")
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo,
                               env=env, capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", ".pre-commit-config.yaml", env=env)
    assert git(repo, "commit", "-q", "-m", "hooks", env=env).returncode == 0
    return repo, env


def commit(repo: Path, env: dict[str, str], files: dict[str, str],
           *extra: str) -> subprocess.CompletedProcess[str]:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", *files, env=env)
    return git(repo, "commit", "-m", "report", *extra, env=env)


def test_commit_with_an_error_is_refused_then_passes_when_fixed(
        repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    refused = commit(path, env, {"2024/收入说明.txt": BAD})
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "auditlint" in output and "Failed" in output
    assert "AL102" in output and "30.40" in output
    assert "收入说明.txt" in output
    assert git(path, "log", "--oneline", env=env).stdout.count("\n") == 1  # only "hooks"

    passed = commit(path, env, {"2024/收入说明.txt": GOOD})
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(path, "log", "--oneline", env=env).stdout.count("\n") == 2


def test_only_changed_files_are_checked(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    assert commit(path, env, {"old.txt": BAD}, "--no-verify").returncode == 0
    passed = commit(path, env, {"new.txt": GOOD})
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_files_are_filtered_by_extension(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    # not a report: auditlint would refuse to read it; the hook must not be given it
    passed = commit(path, env, {"figures.csv": "项目,金额\n合计,abc\n"})
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "no files to check" in passed.stdout + passed.stderr.lower() or \
        "Skipped" in passed.stdout + passed.stderr


# The scenario of a repository of reports: a 合计 row with a planted error, once in a table
# auditlint cannot read (its rows do not line up with the header) and once in one it can.
UNREADABLE_TABLE = (
    "二、绩效指标完成情况\n"
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
    "产出指标 数量指标 印刷份数>=2 万份\n"
    "=2 万份 10 10\n"
    "质量指标 合格率>=95%\n"
    "=96% 10 10\n"
    "总分 20 25\n"
)
READABLE_TABLE = (
    "一、收入支出预算总表\n"
    "项目 年初预算数 全年预算数 全年执行数\n"
    "基本支出 850.00 860.00 850.00\n"
    "项目支出 350.00 420.00 400.00\n"
    "合计 1,200.00 1,280.00 1,350.00\n"
)
CLEAN_TABLE = READABLE_TABLE.replace("1,350.00", "1,250.00")


def test_an_error_in_a_table_not_understood_blocks_the_commit_as_unchecked(
        repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    refused = commit(path, env, {"2024/绩效自评.txt": UNREADABLE_TABLE})
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "Failed" in output and "AL902" in output
    assert "1 table / 0 paragraphs not understood" in output
    assert "not checked (fail-on-unchecked)" in output
    assert git(path, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_an_error_in_a_table_understood_blocks_the_commit_with_the_arithmetic(
        repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    refused = commit(path, env, {"2024/预算总表.txt": READABLE_TABLE})
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "AL101" in output and "850.00 + 400.00 = 1,250.00 ≠ 1,350.00" in output
    assert "0 tables / 0 paragraphs not understood" in output


def test_a_clean_report_passes_and_an_excluded_readme_is_not_checked(
        repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    # README.md is excluded by default; without --force-exclude its table would fail the hook
    passed = commit(path, env, {"2024/预算总表.txt": CLEAN_TABLE, "README.md": UNREADABLE_TABLE})
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(path, "log", "--oneline", env=env).stdout.count("\n") == 2


def test_usage_doc_pins_the_hook_to_the_release_tag() -> None:
    """The snippet users copy pins `rev` to the tag of this version, not to a branch."""
    from auditlint import __version__

    text = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    configs = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    revs = [r["rev"] for c in configs if isinstance(c, dict) for r in c.get("repos", [])
            if r.get("repo") != "local"]
    assert revs == [f"v{__version__}"]
    local = [h for c in configs if isinstance(c, dict) for r in c.get("repos", [])
             if r.get("repo") == "local" for h in r["hooks"]]
    assert all("--fail-on-unchecked" in h["entry"] for h in local)
    assert "--fail-on-unchecked" in str(published_hook()["entry"])
