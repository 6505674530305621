"""Configuration: discovery upward from the checked file, keys, validation, --show-settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditlint.cli import main
from auditlint.config import ConfigError, Resolver, Settings, find_config, glob_match, load_config

KNOWN = {"AL001": "unused-suppression", "AL101": "sum-mismatch", "AL102": "parts-mismatch",
         "AL201": "rate-mismatch", "AL902": "table-not-understood"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_auditlint_toml_found_upward_from_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "auditlint.toml", 'select = ["AL1"]\n')
    report = write(tmp_path / "a" / "b" / "r.txt", "x\n")
    assert find_config(report) == cfg
    assert Resolver().settings_for(report).select == ("AL1",)


def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / "auditlint.toml", 'fail-on = "info"\n')
    near = write(tmp_path / "sub" / "auditlint.toml", 'fail-on = "warning"\n')
    report = write(tmp_path / "sub" / "r.txt", "x\n")
    assert find_config(report) == near
    assert Resolver().settings_for(report).fail_on == "warning"
    assert Resolver().settings_for(tmp_path / "other.txt").fail_on == "info"


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml",
          '[project]\nname = "x"\n\n[tool.auditlint]\nignore = ["al902"]\n')
    s = Resolver().settings_for(tmp_path / "r.txt")
    assert s.ignore == ("AL902",)
    assert s.source == (tmp_path / "pyproject.toml").resolve()


def test_pyproject_without_tool_table_is_passed_over(tmp_path: Path) -> None:
    top = write(tmp_path / "auditlint.toml", 'ignore = ["AL201"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub" / "r.txt") == top


def test_auditlint_toml_before_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.auditlint]\nignore = ["AL201"]\n')
    own = write(tmp_path / "auditlint.toml", 'ignore = ["AL101"]\n')
    assert find_config(tmp_path / "r.txt") == own


def test_hidden_auditlint_toml_first(tmp_path: Path) -> None:
    write(tmp_path / "auditlint.toml", 'ignore = ["AL101"]\n')
    hidden = write(tmp_path / ".auditlint.toml", 'ignore = ["AL201"]\n')
    assert find_config(tmp_path / "r.txt") == hidden


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    s = Resolver().settings_for(tmp_path / "r.txt")
    if s.source is None:  # unless the machine's / holds a config, which it should not
        assert s == Settings(root=s.root)
        assert s.enabled(tmp_path / "r.txt", KNOWN) == sorted(KNOWN)


def test_unknown_key_is_an_error_naming_it(tmp_path: Path) -> None:
    cfg = write(tmp_path / "auditlint.toml", 'selekt = ["AL101"]\n')
    with pytest.raises(ConfigError, match="unknown key 'selekt'"):
        load_config(cfg)
    py = write(tmp_path / "p" / "pyproject.toml", '[tool.auditlint]\nfail_on = "error"\n')
    with pytest.raises(ConfigError, match=r"unknown key 'fail_on' in \[tool.auditlint\]"):
        load_config(py)


@pytest.mark.parametrize("text, where", [
    ('fail-on = "fatal"\n', "fail-on"),
    ('select = "AL101"\n', "select"),
    ('per-file-ignores = {"a.txt" = "AL101"}\n', "per-file-ignores"),
    ('select = [\n', "invalid TOML"),
    ('extensions = [""]\n', "extensions"),
])
def test_bad_values_are_errors(tmp_path: Path, text: str, where: str) -> None:
    cfg = write(tmp_path / "auditlint.toml", text)
    with pytest.raises(ConfigError, match=where):
        load_config(cfg)


def test_select_prefixes_names_and_ignore() -> None:
    s = Settings(select=("AL1", "rate-mismatch"), ignore=("AL102",))
    assert s.enabled(Path("r.txt"), KNOWN) == ["AL101", "AL201"]
    assert Settings(select=("ALL",), ignore=("AL1",)).enabled(Path("r.txt"), KNOWN) == [
        "AL001", "AL201", "AL902"]


def test_unknown_codes_are_errors() -> None:
    with pytest.raises(ConfigError, match="unknown rule code 'AL777' in select"):
        Settings(select=("AL777",)).validate_codes(KNOWN)
    with pytest.raises(ConfigError, match="in per-file-ignores 'drafts/\\*'"):
        Settings(per_file_ignores=(("drafts/*", ("ZZ1",)),)).validate_codes(KNOWN)


def test_per_file_ignores_globs_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / "auditlint.toml",
          '[per-file-ignores]\n"drafts/**" = ["AL101"]\n"*.md" = ["AL902"]\n')
    s = Resolver().settings_for(tmp_path / "x.txt")
    assert "AL101" not in s.enabled(tmp_path / "drafts" / "2024" / "r.txt", KNOWN)
    assert "AL101" in s.enabled(tmp_path / "final" / "r.txt", KNOWN)
    assert "AL902" not in s.enabled(tmp_path / "final" / "r.md", KNOWN)
    assert "AL902" in s.enabled(tmp_path / "final" / "r.txt", KNOWN)


@pytest.mark.parametrize("pattern, path, hit", [
    ("*.txt", "a/b/r.txt", True),  # no slash: the file name, anywhere
    ("a/*.txt", "a/r.txt", True),
    ("a/*.txt", "a/b/r.txt", False),
    ("a/**/*.txt", "a/b/c/r.txt", True),
    ("a/**/*.txt", "a/r.txt", True),
    ("./a/r.txt", "a/r.txt", True),
    ("drafts/", "drafts/x/y.md", True),
    ("r[0-9].txt", "r7.txt", True),
    ("r[!0-9].txt", "r7.txt", False),
    ("年度/*.txt", "年度/报告.txt", True),
])
def test_glob_match(pattern: str, path: str, hit: bool) -> None:
    assert glob_match(pattern, path) is hit


@given(st.text(max_size=30), st.text(max_size=30))
def test_glob_match_never_crashes(pattern: str, path: str) -> None:
    glob_match(pattern, path)


def test_extensions_and_paths_resolved(tmp_path: Path) -> None:
    write(tmp_path / "auditlint.toml",
          'extensions = ["txt", ".MD"]\npacks = ["packs/local.toml"]\nbaseline = "bl.json"\n')
    s = Resolver().settings_for(tmp_path / "r.txt")
    assert s.extensions == (".txt", ".md")
    assert s.packs == ((tmp_path / "packs" / "local.toml").resolve(),)
    assert s.baseline == (tmp_path / "bl.json").resolve()


def test_command_line_overrides() -> None:
    s = Settings(select=("AL1",), ignore=("AL101",), fail_on="warning")
    t = s.with_cli(select=["al2"], ignore=["AL902"], fail_on="info")
    assert t.select == ("AL2",)
    assert t.ignore == ("AL101", "AL902")
    assert t.fail_on == "info"
    assert s.with_cli().fail_on == "warning"


def test_named_config_is_used_for_every_path(tmp_path: Path) -> None:
    named = write(tmp_path / "ci" / "strict.toml", 'fail-on = "info"\n')
    write(tmp_path / "reports" / "auditlint.toml", 'fail-on = "error"\n')
    resolver = Resolver(named)
    assert resolver.settings_for(tmp_path / "reports" / "r.txt").fail_on == "info"


def test_show_settings_prints_the_effective_settings(tmp_path: Path) -> None:
    write(tmp_path / "auditlint.toml",
          'ignore = ["AL902"]\nfail-on = "warning"\n[per-file-ignores]\n"old/*" = ["AL2"]\n')
    report = write(tmp_path / "old" / "r.txt", "x\n")
    out = CliRunner().invoke(main, ["check", "--show-settings", "--select", "AL1,AL2,AL902",
                                    str(report)])
    assert out.exit_code == 0, out.output
    assert f"config file: {(tmp_path / 'auditlint.toml').resolve()}" in out.output
    assert 'select = ["AL1", "AL2", "AL902"]' in out.output
    assert 'fail-on = "warning"' in out.output
    assert '"old/*" = ["AL2"]' in out.output
    enabled = next(x for x in out.output.splitlines() if x.startswith("enabled = "))
    assert "AL101" in enabled and "AL201" not in enabled and "AL902" not in enabled


def test_show_settings_with_named_config(tmp_path: Path) -> None:
    named = write(tmp_path / "strict.toml", 'fail-on = "info"\n')
    out = CliRunner().invoke(main, ["check", "--show-settings", "--config", str(named)])
    assert out.exit_code == 0, out.output
    assert 'fail-on = "info"' in out.output


@pytest.mark.parametrize("text, message", [
    ('selekt = ["AL101"]\n', "unknown key 'selekt'"),
    ('select = ["AL777"]\n', "unknown rule code 'AL777'"),
])
def test_bad_config_exits_2_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "auditlint.toml", text)
    report = write(tmp_path / "r.txt", "本年收入 100.00 万元。\n")
    out = CliRunner().invoke(main, ["check", str(report)])
    assert out.exit_code == 2
    assert message in out.output
    assert "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_missing_named_config_exits_2(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "nope.toml"), "."])
    assert out.exit_code == 2
    assert "no such config file" in out.output


def test_config_examples_in_the_docs_are_valid(tmp_path: Path) -> None:
    import re

    docs = (Path(__file__).parent.parent / "docs" / "usage.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", docs, re.S)
    assert len(blocks) >= 2
    from auditlint.checks.base import all_rules

    write(tmp_path / "auditlint.toml", "")  # what an example's `extend = "../…"` names
    for i, block in enumerate(blocks):
        name = "pyproject.toml" if "[tool.auditlint]" in block else "auditlint.toml"
        cfg = write(tmp_path / str(i) / name, block)
        settings = load_config(cfg)
        assert settings.source == cfg.resolve()
        settings.validate_codes({r.code: r.name for r in all_rules()})
