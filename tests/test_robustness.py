"""Inputs that once crashed, hung or blew up memory: each gives a finding or a one-line
error, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.cli import main
from auditlint.extract.crossref.mentions import _Parens, clause_before
from auditlint.extract.narrative.quantities import label_before
from auditlint.readers.text import parse_text
from readers_helpers import grid


@pytest.mark.parametrize("marks", [("①", "②", "③"), ("¹", "²", "³"), ("1", "2", "3")])
def test_numbering_column_of_circled_numbers_or_superscripts(marks: tuple[str, ...]) -> None:
    labels = ("基本支出\t850.00", "项目支出\t350.00", "其他支出\t10.00")
    text = "".join(f"{m}\t{label}\n" for m, label in zip(marks, labels, strict=True))
    doc = parse_text("序号\t项目\t预算数\n" + text)
    (table,) = doc.tables
    assert [row[0] for row in grid(table)[1:]] == list(marks)


def test_circled_numbering_column_merges_blank_labels_from_above() -> None:
    doc = parse_text("序号\t项目\t子项\t预算数\n①\t基本支出\t人员\t850.00\n②\t\t公用\t350.00\n"
                     "③\t项目支出\t专项\t10.00\n")
    (table,) = doc.tables
    assert table.rows[2][1].merged and grid(table)[2][1] == "基本支出"


def test_an_internal_error_in_check_is_never_reported_as_no_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr("auditlint.pipeline.read", broken)
    p = tmp_path / "r.txt"
    p.write_text("本年收入 520.40 万元。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(p)])
    assert result.exit_code == 2
    assert "no findings" not in result.output
    assert "AL901" in result.output and "internal error (IndexError" in result.output
    result = CliRunner().invoke(main, ["check", "--format", "json", str(p)])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["AL901"]


def test_a_symlink_loop_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "symbolic link" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_link_back_up_the_tree_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("本年收入 520.40 万元。\n", encoding="utf-8")
    (tmp_path / "up").symlink_to(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_an_unreadable_folder_is_one_line(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / "ok.txt").write_text("本年收入 520.40 万元。\n", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "r.txt").write_text("本年收入 520.40 万元。\n", encoding="utf-8")
    scandir = os.scandir

    def refusing(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing)
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "locked: cannot read this directory (Permission denied)" in result.stderr
    result = CliRunner().invoke(main, ["check", str(tmp_path / "locked")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no reports" not in result.stderr


def test_a_folder_whose_config_cannot_be_looked_for_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "r.txt").write_text("本年收入 520.40 万元。\n", encoding="utf-8")
    is_file = Path.is_file

    def refusing(self: Path) -> bool:  # a folder without search permission
        if self.parent.name == "locked" and self.suffix == ".toml":
            raise PermissionError(13, "Permission denied", str(self))
        return is_file(self)

    monkeypatch.setattr(Path, "is_file", refusing)
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "locked")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output


# -- one long line: each number is read from the text near it, not from the line's start --

_TEXT = st.text(alphabet="年2019，,。（）() 为是其中约比、收入a", max_size=120)


def _clause_before_by_rescan(text: str, start: int, limit: int, floor: int) -> str:
    head = text[:start]
    cut = floor
    for m in re.finditer(r"[，,。；;：:！？!?（）()\n]", head[floor:]):
        cut = floor + m.end()
    return head[cut:][-limit:]


def _paren_by_rescan(text: str, start: int, sentence_start: int) -> int | None:
    depth = 0
    for i in range(start - 1, sentence_start - 1, -1):
        if text[i] in "）)":
            depth += 1
        elif text[i] in "（(":
            if depth == 0:
                return i
            depth -= 1
    return None


@given(_TEXT, st.integers(0, 130), st.integers(0, 50), st.integers(1, 45))
def test_clause_before_reads_only_the_window_it_keeps(text: str, start: int, floor: int,
                                                      limit: int) -> None:
    start = min(start, len(text))
    assert clause_before(text, start, limit, floor) == \
        _clause_before_by_rescan(text, start, limit, floor)


@given(_TEXT, st.lists(st.integers(0, 120), max_size=6))
def test_bracket_tracker_agrees_with_a_backward_scan(text: str, starts: list[int]) -> None:
    parens = _Parens(text)
    for start in sorted(min(s, len(text)) for s in starts):
        sentence = max(text.rfind(p, 0, start) for p in "。；;！？!?\n") + 1
        assert parens.enclosing(start, sentence) == _paren_by_rescan(text, start, sentence)


def test_label_of_a_number_deep_in_a_long_clause_is_its_tail() -> None:
    long = "收入" * 300 + "为 12.5 万元"
    assert label_before(long, long.index("12.5")) == ("收入" * 20)
    assert label_before("其中收入为 12.5", 6) == "收入"


# -- output written file by file ---------------------------------------------------------------

BAD = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_findings_of_many_files_come_out_as_one_document_in_path_order(
        tmp_path: Path, fmt: str) -> None:
    for name in ("b.txt", "a.txt", "c.txt"):
        (tmp_path / name).write_text(BAD, encoding="utf-8")
    args = [str(tmp_path / n) for n in ("c.txt", "a.txt", "b.txt")]
    result = CliRunner().invoke(main, ["check", "--format", fmt, *args])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    if fmt == "json":
        paths = [f["path"] for f in doc["findings"]]
        assert [f["path"] for f in doc["files"]] == args  # files in the order checked
    else:
        paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in doc["runs"][0]["results"]]
    assert paths == sorted(paths) and len(paths) == 3


def test_each_document_is_let_go_once_its_findings_are_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import auditlint.pipeline
    from auditlint.document import Document

    check_file = auditlint.pipeline.check_file

    def tracked(*args: object, **kwargs: object) -> object:
        gc.collect()
        assert not any(isinstance(o, Document) for o in gc.get_objects())
        return check_file(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auditlint.pipeline, "check_file", tracked)
    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output


def test_a_missing_rule_pack_is_named_without_an_errno(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(tmp_path / "no.toml"),
                                       str(report)])
    assert result.exit_code == 2
    assert result.stderr == f"auditlint: rule pack {tmp_path / 'no.toml'}: no such file\n"


def test_utf8_cut_inside_its_last_character_is_not_read_as_gb18030() -> None:
    from auditlint.readers.encoding import decode
    from auditlint.readers.errors import ReadError

    data = "本年收入 520.40 万元。收".encode()[:-1]
    with pytest.raises(ReadError, match="ends inside a character"):
        decode(data)
    assert decode("收入".encode("gb18030")).encoding == "gb18030"


def test_a_report_on_standard_input_is_checked_under_its_given_name() -> None:
    result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "r.txt", "--format",
                                       "concise"], input=BAD.encode())
    assert result.exit_code == 1
    assert result.stdout.startswith("r.txt:1:6: error: AL102 ")
    result = CliRunner().invoke(main, ["check", "-", "other.txt"], input=b"")
    assert result.exit_code == 2 and "standard input" in result.stderr


def test_a_report_over_the_size_limit_is_a_finding_not_a_long_wait(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text(BAD * 20_000, encoding="utf-8")  # about 2.3 MB
    result = CliRunner().invoke(main, ["check", "--max-size", "1", "--format", "json", str(p)])
    assert result.exit_code == 2
    [f] = json.loads(result.stdout)["findings"]
    assert f["code"] == "AL901" and "over the limit of 1 MB (--max-size)" in f["message"]


def test_a_report_over_the_time_limit_is_a_finding(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    def slow(*args: object, **kwargs: object) -> None:
        time.sleep(5)

    monkeypatch.setattr("auditlint.pipeline.check_file", slow)
    p = tmp_path / "r.txt"
    p.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--timeout", "1", "--format", "concise", str(p)])
    assert result.exit_code == 2
    assert "AL901 not checked within 1 s (--timeout)" in result.stdout


# -- the whole pipeline on mutated reports ---------------------------------------------------

_SEED = ("一、收支情况\n本年收入 1,245.60 万元，其中：财政拨款收入 1,180.20 万元，占 94.75%。\n"
         "auditlint: ignore AL102\n序号\t项目\t年初预算数\t全年执行数\t执行率\n"
         "①\t基本支出\t850.00\t862.35\t101.45%\n\t项目支出\t350.00\t383.25\t109.50%\n"
         "合计\t\t1200.00\t1245.60\t103.80%\n投入（15 分）\t预算编制\t4\t3\t75%\n")
_PIECES = st.sampled_from(["\t", "\n", "（", "）", "①", "²", "合计", "万元", "%", "，", "。",
                           "12.5", "-3", "其中：", "auditlint: ignore AL101", "\u3000", "·"])


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = _SEED
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if op == "insert":
            text = text[:at] + draw(_PIECES) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        else:
            text = text[:at] + text[at:at + 40] + text[at:]
    return text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutated(), st.sampled_from(["r.txt", "r.md"]))
def test_no_mutated_report_makes_the_pipeline_raise(tmp_path: Path, text: str, name: str
                                                    ) -> None:
    from auditlint.packs import load_packs
    from auditlint.pipeline import check_file

    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    packs = load_packs([])
    first = check_file(p, packs)  # no exception escapes
    again = check_file(p, packs)
    assert [f.model_dump() for f in first.findings] == [f.model_dump() for f in again.findings]


# -- a 决算's 类/款/项 item in a paragraph: found in one pass, whatever the paragraph's length --

_ITEM_TEXT = st.lists(st.sampled_from(["一般公共服务支出", "（类）", "(款)", "（项）", "人大事务",
                                       "行政运行", "，", "。", "“", "（", "）", "、", " ", "\n", "a"]),
                      max_size=16).map("".join)


def _item_pattern() -> re.Pattern[str]:
    from auditlint.extract.disclosure.profile import words_of
    from auditlint.packs import load_packs

    return words_of(load_packs([])).item


@given(_ITEM_TEXT)
def test_item_found_as_the_search_from_every_character_finds_it(text: str) -> None:
    item = _item_pattern()
    unanchored = re.compile(item.pattern[item.pattern.index("(?P<l0>"):])
    found, expected = item.search(text), unanchored.search(text)
    assert (found and (found.span(), found.groups())) == \
        (expected and (expected.span(), expected.groups()))


def test_a_long_paragraph_without_punctuation_is_searched_for_items_in_linear_time() -> None:
    import time

    item = _item_pattern()
    text = "基本支出 项目支出 " * 5_000 + "。一般公共服务支出（类）人大事务（款）行政运行（项）"
    start = time.perf_counter()
    m = item.search(text)
    assert m is not None and m.group("l2") == "行政运行"
    assert time.perf_counter() - start < 1.0  # quadratic: minutes


@given(st.text(alphabet="（()）a收入", max_size=30))
def test_brackets_left_out_of_a_subject_as_the_regex_leaves_them(text: str) -> None:
    from auditlint.extract.scoring.narrative import _without_brackets

    assert _without_brackets(text) == re.sub(r"[（(][^）)]*[)）]", "", text)


def test_a_subject_of_many_unclosed_brackets_is_keyed_in_linear_time() -> None:
    import time

    from auditlint.extract.scoring.narrative import subject_key

    start = time.perf_counter()
    assert subject_key("投入" + "（" * 20_000 + "指标") == "投入" + "（" * 20_000
    assert time.perf_counter() - start < 1.0  # quadratic: seconds



@pytest.mark.parametrize("unit", ["年", "个"])
def test_a_figure_past_28_digits_in_years_or_a_count_is_checked(tmp_path: Path, unit: str
                                                                ) -> None:
    p = tmp_path / "r.txt"
    p.write_text(f"本年收入 12.50 万元，报销费用 {'9' * 40}.5 {unit}，共 {'9' * 40}.5 {unit}项目。\n",
                 encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(p)])
    assert "AL901" not in result.stdout and result.exit_code in (0, 1), result.output
