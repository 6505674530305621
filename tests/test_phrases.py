"""Narrative relation phrases: each phrase form passes when its figures agree within
rounding and fails when they do not (cases in tests/fixtures/phrases/cases.toml)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from auditlint.checks import ratios, sums
from auditlint.checks.base import CheckContext
from auditlint.document import Document, Paragraph, SourceText
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative import phrases, quantities
from auditlint.extract.narrative.clauses import split_clauses
from auditlint.extract.narrative.labels import matches, normalize
from auditlint.extract.quantity import scan
from auditlint.facts import FactGraph
from auditlint.findings import Finding
from auditlint.packs import load_packs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = tomllib.loads((Path(__file__).parent / "fixtures" / "phrases" / "cases.toml")
                      .read_text(encoding="utf-8"))["case"]
RULES = (sums.PartsMismatch, sums.IdentityBroken, ratios.RateMismatch, ratios.GrowthMismatch,
         ratios.ShareMismatch, ratios.SharesNotHundred)


def document(paragraphs: list[str] | list[list[str]]) -> Document:
    """One paragraph per item; an item that is a list of lines is a wrapped paragraph."""
    blocks: list[Paragraph] = []
    lines: list[str] = []
    for para in paragraphs:
        parts = [para] if isinstance(para, str) else para
        texts = []
        for line in parts:
            lines.append(line)
            texts.append(SourceText.at(line, len(lines), 1))
        blocks.append(Paragraph(text=SourceText.join(texts)))
    doc = Document(path="r.txt", format="text", blocks=list(blocks), lines=lines)
    doc.number_blocks()
    return doc


def graph_of(doc: Document) -> FactGraph:
    ctx = ExtractContext(document=doc, graph=FactGraph(), packs=load_packs())
    quantities.extract(ctx)
    phrases.extract(ctx)
    return ctx.graph


def check(paragraphs: list[str] | list[list[str]]) -> list[Finding]:
    doc = document(paragraphs)
    ctx = CheckContext(document=doc, graph=graph_of(doc), path="r.txt")
    return [f for rule in RULES for f in rule().check(ctx)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_phrase_case(case: dict[str, object]) -> None:
    found = check(case["paragraphs"])  # type: ignore[arg-type]
    codes = sorted({f.code for f in found})
    assert codes == sorted(set(case["expect"])), [f.message for f in found]  # type: ignore[arg-type]


def test_every_form_has_a_passing_and_a_failing_case() -> None:
    names = {c["name"] for c in CASES}
    for name in names:
        if name.endswith("-pass"):
            assert name[: -len("-pass")] + "-fail" in names, name


def test_parts_finding_shows_the_computation_and_locates_every_number() -> None:
    found = check(["本年收入合计 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。"])
    (f,) = found
    assert f.code == "AL102"
    assert "500.00 + 30.40 = 530.40 ≠ 520.40" in f.message
    assert "“其中” list" in f.message
    assert (f.expected, f.actual) == ("530.40", "520.40")
    assert [r.column for r in f.related] == [28, 43]
    assert (f.line, f.column) == (1, 8)


def test_growth_finding_names_the_formula() -> None:
    (f,) = check(["支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 11.11%。"])
    assert "10.00 / (90.00 + 10.00)" in f.message
    assert (f.expected, f.actual) == ("10.00", "11.11")
    assert {r.message for r in f.related} == {"change 10.00 万元", "current 90.00 万元"}


def test_rate_finding_cites_the_rule_pack() -> None:
    (f,) = check(["年初预算数 200.00 万元，决算数 210.00 万元，预决算差异率 4.76%。"])
    assert "rules/finance.toml" in f.message
    assert "(210.00 − 200.00) / 200.00" in f.message
    assert f.expected == "5.00"


def test_identity_origin_names_the_identity() -> None:
    doc = document(["2024 年度收入总计 900.00 万元。", "2024 年度支出总计 905.00 万元。"])
    g = graph_of(doc)
    (rel,) = [r for r in g.relations if r.kind == "identity"]
    assert rel.trust == "pack"
    assert "收入总计 = 支出总计" in rel.origin


def test_run_shares_are_inferred_and_give_warnings() -> None:
    found = check(["一般公共预算财政拨款支出 640.00 万元。", "1.教育支出(类)320.00 万元,占 45.00%。",
                   "2.卫生健康支出(类)160.00 万元,占 25.00%。", "3.住房保障支出(类)160.00 万元,占 25.00%。"])
    assert {f.severity for f in found} == {"warning"}
    assert any("the total the shares of this breakdown point to" in f.message for f in found)


def test_wrapped_paragraph_points_at_the_right_line() -> None:
    found = check([["本年收入合计 520.40 万元，其中：财政拨款收入 500.00 万元，其他",
                    "收入 30.40 万元。"]])
    (f,) = found
    assert [r.line for r in f.related] == [1, 2]


def test_rounding_uses_the_decimals_as_written() -> None:
    # 47,213.5 against parts written to two decimals: checked at one decimal
    assert check(["收支总计 472.5 万元，其中：基本支出 300.26 万元，项目支出 172.21 万元。"]) == []
    assert [f.code for f in check(["收支总计 472.5 万元，其中：基本支出 300.26 万元，项目支出 "
                                   "172.31 万元。"])] == ["AL102"]


def test_clause_kinds() -> None:
    text = "支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 10.00%，占本年支出合计的 9.00%"
    kinds = [c.kind for c in split_clauses(text, [(q, i) for i, q in enumerate(scan(text))])]
    assert kinds == ["amount", "change_down", "rate_down", "share"]


def test_relation_word_inside_a_label_is_a_word() -> None:
    text = "工业增加值 5.00 亿元"
    (c,) = split_clauses(text, [(q, i) for i, q in enumerate(scan(text))])
    assert (c.kind, c.label) == ("amount", "工业增加值")


def test_separator_inside_a_number_does_not_cut() -> None:
    text = "本年收入 2,436.19 万元"
    (c,) = split_clauses(text, [(q, i) for i, q in enumerate(scan(text))])
    assert c.quantity is not None and c.quantity.text == "2,436.19 万元"


def test_labels_normalise_year_and_organisation_but_keep_qualifiers() -> None:
    assert normalize("某某局 2024 年度本年收入合计为") == "本年收入合计"
    assert normalize("1.一般公共服务支出(类)") == "一般公共服务支出"
    assert matches("财政拨款收入总计", ["收入总计"], ["", "财政拨款"]) == "财政拨款"
    assert matches("一般公共预算财政拨款收入总计", ["收入总计"], ["", "财政拨款"]) is None
    assert matches("上年收入总计", ["收入总计"], [""]) is None


def test_list_markers_and_their_numbers() -> None:
    from auditlint.extract.narrative.base import item_marker

    assert item_marker("3、住房保障支出") == ("arabic", 3)
    assert item_marker("12．购房补贴") == ("arabic", 12)
    assert item_marker("（十二）其他") == ("paren-chinese", 12)
    assert item_marker("二十一、附表") == ("chinese", 21)
    assert item_marker("2024 年度收入") is None


def test_bracket_after_an_amount_is_cut_but_label_brackets_are_not() -> None:
    text = "基本支出 80.00 万元（工资福利支出 60.00 万元、因公出国（境）费 20.00 万元），项目支出 5.00 万元"
    clauses = split_clauses(text, [(q, i) for i, q in enumerate(scan(text))])
    assert [(c.kind, c.depth) for c in clauses] == [("amount", 0), ("amount", 1), ("amount", 1),
                                                   ("amount", 0)]
    assert clauses[2].label == "因公出国（境）费"


def test_numbered_parts_say_which_figures_they_sum() -> None:
    found = check(["支出年初预算为 500.00 万元，支出决算为 480.00 万元。其中：",
                   "1.行政运行（项）。年初预算为 300.00 万元，支出决算为 310.00 万元。",
                   "2.培训支出（项）。年初预算为 200.00 万元，支出决算为 180.00 万元。"])
    (f,) = found
    assert "the 支出决算 of numbered paragraphs 1–2" in f.message
    assert (f.expected, f.actual) == ("490.00", "480.00")


def test_full_width_percent_shares_are_checked() -> None:
    found = check(["本年支出 600.00 万元，其中：基本支出 450.00 万元，占 70.00％；"
                   "项目支出 150.00 万元，占 25.00％。"])
    assert sorted(f.code for f in found) == ["AL203", "AL204"], [f.message for f in found]


def test_every_direction_word_of_the_pack_is_a_token() -> None:
    """The UP/DOWN/FLAT tokens of grammar/phrases.lark come from rules/phrases.toml alone:
    each word there types its clause."""
    from auditlint.extract.narrative import clauses

    for kind, ws in (("change_up", clauses.words().up), ("change_down", clauses.words().down)):
        for w in ws:
            text = f"支出比上年{w}12.50万元"
            cl = split_clauses(text, [(q, i) for i, q in enumerate(scan(text))])
            assert [c.kind for c in cl] == [kind], w
    for w in clauses.words().flat:
        text = f"支出与上年{w}"
        assert [c.kind for c in split_clauses(text, [])] == ["flat"], w
