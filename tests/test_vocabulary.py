"""One source of truth per vocabulary: every reader, scanner and grammar takes its domain words
from `rules/*.toml`, so a word added there is found everywhere alike (and one left out of a
second list is not a silent miss)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import tomllib

from auditlint.extract.narrative import clauses, items
from auditlint.extract.quantity import scan
from auditlint.extract.scoring import bands
from auditlint.extract.tableview.rows import total_word_of
from auditlint.extract.tableview.text import norm
from auditlint.extract.tableview.vocabulary import vocabulary
from auditlint.packs import load_packs
from auditlint.readers.flatheader import form_words
from auditlint.units import words as quantity_words

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "auditlint"


# ---- total words ------------------------------------------------------------------------------


def test_total_words_are_one_declared_list() -> None:
    """Every list of total words the readers and extractors use is a role of `[totals]`."""
    packs = load_packs()
    for gone in ("total_suffixes", "score_total_suffixes"):
        assert packs.words(gone) == [], gone
    assert packs.synonyms("total") == [] and packs.synonyms("total_score_word") == []
    vocab = vocabulary(packs)
    assert set(vocab.total_suffixes) == {norm(w) for w in packs.totals("rows")}
    assert set(vocab.score_total_suffixes) == {*packs.totals("group"), *packs.totals("score")}
    assert form_words().totals == frozenset(packs.totals("whole"))
    from auditlint.readers.spaced import _words as spaced_words

    assert set(spaced_words()[4]) == set(packs.totals("rows"))


def test_every_total_word_of_a_score_ends_a_scoring_tables_total_row() -> None:
    """`最终得分`, `综合评价得分` close a scoring table as `总得分` does; a label ending with a
    plain 得分 is an indicator's score, not a total."""
    packs = load_packs()
    vocab = vocabulary(packs)
    for w in (*packs.totals("group"), *packs.totals("score"), *packs.totals("rows")):
        assert total_word_of(f"产出{w}", vocab) is not None, w
    assert total_word_of("产出得分", vocab) is None


def test_a_column_headed_by_a_total_word_holds_amounts() -> None:
    vocab = vocabulary(load_packs())
    for w in load_packs().totals("rows"):
        assert vocab.exact[norm(w)] == "amount", w


def test_a_whole_score_word_is_the_reports_total_in_a_sentence() -> None:
    from auditlint.extract.scoring.narrative import words_of

    class _Ctx:
        packs = load_packs()

    total = words_of(_Ctx()).total  # type: ignore[arg-type]
    for w in load_packs().totals("score"):
        assert total.search(f"项目{w}为"), w
    assert not total.search("产出指标得分为")


# ---- comparators, grades, phrase words: grammar and scanner alike ----------------------------


def _terminal_words(parser: object, name: str) -> set[str]:
    term = next(t for t in parser.terminals if t.name == name)  # type: ignore[attr-defined]
    return {re.sub(r"\\(.)", r"\1", w) for w in term.pattern.value.strip("(?:)").split("|")}


def test_band_comparators_are_the_quantity_comparators() -> None:
    """The WORD_CMP terminal of grammar/scoring.lark is the written comparators of
    rules/quantity.toml: a band bound and a target read `不多于 60` alike."""
    written = {w: n for n, ws in quantity_words().comparators.items() for w in ws
               if n in (">=", "<=", ">", "<") and re.search(r"[\u4e00-\u9fff]", w)}
    assert bands.word_comparators() == written
    assert _terminal_words(bands._parser(), "WORD_CMP") == set(written)
    for word, normal in written.items():
        (q,) = scan(f"满意度{word}95%")
        assert q.comparator == normal, word
        band = bands.parse_clause(f"{word}60分为差")
        assert band is not None, word
        if normal.startswith(">"):
            assert (band.lo, band.lo_inc) == (60, normal == ">="), word
        else:
            assert (band.hi, band.hi_inc) == (60, normal == "<="), word


def test_band_grades_are_the_grade_words() -> None:
    packs = load_packs()
    grades = {w for k in ("grade_excellent", "grade_good", "grade_fair", "grade_poor")
              for w in packs.words(k)}
    assert set(bands.grade_words()) == grades
    assert _terminal_words(bands._parser(), "GRADE") == grades
    for grade in grades:
        band = bands.parse_clause(f"80分以上为{grade}")
        assert band is not None and band.grade == grade, grade


def test_the_grammar_files_name_no_word_the_packs_declare() -> None:
    """Word terminals are written from the packs when a grammar is loaded, never in the file."""
    scoring = (ROOT / "grammar" / "scoring.lark").read_text(encoding="utf-8")
    assert not re.search(r"^(WORD_CMP|GRADE)\b", scoring, re.M)
    quantity = (ROOT / "grammar" / "quantity.lark").read_text(encoding="utf-8")
    assert not re.search(r"^(CMP|SCALE|UNIT|UNIT_PART)\b", quantity, re.M)
    phrases = (ROOT / "grammar" / "phrases.lark").read_text(encoding="utf-8")
    assert "%declare" in phrases


def test_list_openers_are_the_lead_words() -> None:
    w = clauses.words()
    assert set(w.subset) <= set(w.lead)
    for lead in (*w.lead, *w.each):
        assert clauses._LEAD_START.match(f"{lead}办公费"), lead
    for each in w.each:
        assert clauses._LEAD_ANY.search(f"办公费{each}"), each


def test_a_change_written_inline_takes_every_direction_word() -> None:
    """`比上年 120 万元上涨 20 万元`: the words of UP and DOWN in rules/phrases.toml."""
    w = clauses.words()
    for word in (*w.up, *w.down):
        assert items._INLINE.match(f"比上年120万元{word}20万元"), word


# ---- no Python literal lists of the packs' words -------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Literals of two or more words a pack also declares that are not a list of vocabulary: what a
# message calls a thing, or a scanner's own reading of its grammar's terminals. (path, words)
_NOT_VOCABULARY = {
    ("checks/across.py", frozenset({"预算", "决算"})): "a report's kind as a message names it",
    ("profile.py", frozenset({"预算", "决算"})): "a report's kind as a message names it",
    ("profile.py", frozenset({"部门", "单位"})): "a report's level as a message names it",
    ("extract/scoring/bands.py", frozenset({"至", "到"})): "range dashes made `~` for scoring.lark",
    ("extract/scoring/bands.py", frozenset({"以下", "以内"})): "DIR terminals of scoring.lark",
    ("extract/quantity.py", frozenset({"级", "是", "类"})): "words after 一 that make it no count",
    ("extract/quantity.py", frozenset({"万元", "亿元"})): "a scale read into a money unit",
    ("extract/quantity.py", frozenset({"月", "日"})): "a date's units",
    ("extract/disclosure/profile.py", frozenset({"年度", "年"})): "a year's suffix",
    ("extract/crossref/units.py", frozenset({"元", "万元"})): "the money units of every report",
    ("extract/tableview/model.py", frozenset({"类", "款", "项"})): "the parts of a 类款项 code",
    ("readers/numpanels.py", frozenset({"金额", "项目"})):
        "the header written over each rebuilt panel: its label column and its amount column",
    ("extract/tableview/rows.py", frozenset({"一级指标", "三级指标"})): "a 自评表's shape",
    ("extract/tableview/rows.py", frozenset({"年初预算数", "全年预算数", "全年执行数"})):
        "a 自评表 funds block's shape",
    ("readers/flattened.py", frozenset({"分值", "得分"})): "a 自评表's shape",
    ("units.py", frozenset({"人", "名", "位"})): "counters of persons",
}


def _declared() -> set[str]:
    out: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, str):
            out.add("".join(x.split()))
        elif isinstance(x, list):
            for i in x:
                walk(i)
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)

    for f in (ROOT / "rules").glob("*.toml"):
        walk(tomllib.loads(f.read_text(encoding="utf-8")))
    for f in (ROOT / "grammar").glob("*.lark"):
        out.update(re.findall(r'"([^"]+)"', f.read_text(encoding="utf-8")))
    return out


def _lists_in(source: str, declared: set[str]) -> list[tuple[int, frozenset[str]]]:
    """(line, words) of each literal collection holding two or more declared words."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [*(k for k in node.keys if k is not None), *node.values]
        else:
            continue
        shared = frozenset(e.value for e in elts if isinstance(e, ast.Constant)
                           and isinstance(e.value, str) and _CJK.search(e.value)
                           and "".join(e.value.split()) in declared)
        if len(shared) >= 2:
            found.append((node.lineno, shared))
    return found


def _literal_lists() -> list[tuple[str, int, frozenset[str]]]:
    declared = _declared()
    return [(path.relative_to(SRC).as_posix(), line, words)
            for path in sorted(SRC.rglob("*.py"))
            for line, words in _lists_in(path.read_text(encoding="utf-8"), declared)]


def test_no_module_holds_a_list_of_words_a_pack_declares() -> None:
    """A tuple, list, set or dict of two or more words that rules/*.toml also lists is a second
    copy that will disagree with the first: take the words from the pack."""
    bad = [f"{p}:{line}: {sorted(ws)}" for p, line, ws in _literal_lists()
           if (p, ws) not in _NOT_VOCABULARY]
    assert not bad, "\n".join(bad)


def test_the_literal_list_finder_finds_what_a_module_would_copy() -> None:
    declared = _declared()
    source = 'TOTALS = ("合计", "总计")\nif x in {"分值": 1, "得分": 2}:\n    pass\nNAME = ("合计", "x")\n'
    assert _lists_in(source, declared) == [(1, frozenset({"合计", "总计"})),
                                           (2, frozenset({"分值", "得分"}))]


@pytest.mark.parametrize("key", list(_NOT_VOCABULARY), ids=lambda k: f"{k[0]}:{'/'.join(sorted(k[1]))}")
def test_every_exception_is_still_needed(key: tuple[str, frozenset[str]]) -> None:
    """An exception no module needs any more is dropped from the list."""
    assert any((p, ws) == key for p, _, ws in _literal_lists())


def test_the_cells_of_a_flattened_form_know_every_quantity_word() -> None:
    """A 自评表 cell `高于 95%`, `3 周岁` or `≧90` reads as the quantity scanner reads it."""
    from auditlint.readers.flatcells import is_unit, value_start

    for word in (w for ws in quantity_words().comparators.values() for w in ws):
        assert value_start(f"{word}95%"), word
        assert scan(f"目标{word}95%")[0].comparator is not None, word
    for unit in quantity_words().units:
        assert is_unit(unit) and is_unit(f"{unit}/人"), unit
    # a comparator word opening an ordinary word is no figure
    for text in ("约束机制健全", "达到预期目标", "不足之处已整改"):
        assert not value_start(text), text


def test_every_word_list_the_code_asks_for_is_declared() -> None:
    """`packs.words("x")` of a list no pack declares reads as empty, silently: a list renamed
    in rules/ and not in the code would switch a reader off without a word."""
    import re

    src = Path(__file__).resolve().parent.parent / "src" / "auditlint"
    asked = {m.group(2) for f in src.rglob("*.py")
             for m in re.finditer(r'\b(words|synonyms)\("([a-z_]+)"\)', f.read_text("utf-8"))}
    packs = load_packs()
    declared = {k for p in packs.packs for k in (*p.extra, *p.synonyms)}
    assert sorted(asked - declared) == []
