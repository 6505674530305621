"""Label normalisation: what makes two mentions name the same quantity, and what keeps two
similar-sounding quantities apart."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.document import Span
from auditlint.extract.crossref.labels import (
    Subject,
    Vocabulary,
    body_names,
    clean,
    is_specific,
    match,
    parse_phrase,
    project_of,
    resolve_year,
)
from auditlint.facts import Fact
from auditlint.packs import RulePacks, load_pack
from auditlint.units import dimension_of

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    packs = RulePacks(packs=[load_pack(RULES / n) for n in ("vocabulary.toml", "labels.toml")])
    return Vocabulary.from_packs(packs)


def fact(unit: str | None, kind: str = "number") -> Fact:
    return Fact(id=0, value=Decimal(1), decimals=0, unit=unit, kind=kind,  # type: ignore[arg-type]
                span=Span(1, 1, 1, 2))


# --- phrases ---------------------------------------------------------------------------------


def test_fillers_are_dropped_at_the_ends(vocab: Vocabulary) -> None:
    a = parse_phrase("全年实际城镇职工参保人数达到", vocab)
    b = parse_phrase("城镇职工参保人数", vocab)
    assert a.core == b.core
    assert a.cleaned != b.cleaned  # the link is looser than an exact label


def test_fillers_inside_a_word_are_kept(vocab: Vocabulary) -> None:
    assert "公共" in parse_phrase("一般公共财政拨款收入", vocab).core


@pytest.mark.parametrize(("a", "b"), [
    ("年初预算数", "全年预算数"),
    ("社会保障支出预算数", "社会保障支出决算数"),
    ("经济效益分值", "经济效益得分"),
    ("参保人数目标", "参保人数"),
    ("办公费增加", "办公费减少"),
    ("办公费", "办公费增加"),
])
def test_qualifiers_keep_quantities_apart(vocab: Vocabulary, a: str, b: str) -> None:
    pa, pb = parse_phrase(a, vocab), parse_phrase(b, vocab)
    assert (pa.core, pa.tags) != (pb.core, pb.tags)



def test_the_spending_on_an_expense_item_is_the_item(vocab: Vocabulary) -> None:
    # the text's 会议费支出 is the table's 会议费; 经费支出 (no item) and 项目支出 stay whole
    assert parse_phrase("会议费支出", vocab).core == parse_phrase("会议费", vocab).core == "会议费"
    assert parse_phrase("公务接待费支出决算", vocab).core == "公务接待费"
    assert parse_phrase("经费支出", vocab).core == "经费支出"
    assert parse_phrase("项目支出", vocab).core == "项目支出"


def test_a_source_qualifier_before_the_subject_is_dropped(vocab: Vocabulary) -> None:
    # `…所属两家单位财政拨款的公用经费` is the 公用经费 of the table
    p = parse_phrase("2023年某区某某办事处所属两家单位财政拨款的公用经费预算为", vocab)
    assert p.core == parse_phrase("公用经费", vocab).core
    assert p.tags == {"budget"}


def test_a_source_qualifier_keeps_its_fund_and_its_tags(vocab: Vocabulary) -> None:
    # the fund named in the qualifier stays: a 政府性基金 figure is not the table's 会议费
    assert parse_phrase("政府性基金预算拨款安排的差旅费", vocab).core == "政府性基金预算差旅费"
    # a tag word in the qualifier says which figure it is: the qualifier is kept whole
    p = parse_phrase("年初预算拨款安排的差旅费", vocab)
    assert p.core != "差旅费"
    assert p.tags == {"budget_initial"}
    # nothing after the qualifier: the label is left as it was
    assert parse_phrase("占财政拨款的", vocab).core == "财政拨款"


def test_qualifier_words_are_tags_not_core(vocab: Vocabulary) -> None:
    p = parse_phrase("培训项目年初预算数", vocab)
    assert p.core == "培训项目"
    assert p.tags == {"budget_initial"}


@pytest.mark.parametrize(("text", "year"), [
    ("2023年参保人数", "2023"),
    ("2023年度参保人数", "2023"),
    ("本年参保人数", "current"),
    ("当年参保人数", "current"),
    ("上年参保人数", "prior"),
    ("参保人数", ""),
    ("2022年和2023年参保人数", "?"),
])
def test_year_words(vocab: Vocabulary, text: str, year: str) -> None:
    assert parse_phrase(text, vocab).year == year


def test_a_compared_year_is_not_the_figures_year(vocab: Vocabulary) -> None:
    p = parse_phrase("较2022年净增", vocab)
    assert p.year == ""
    assert "vs:2022" in p.tags
    assert "vs:prior" in parse_phrase("比上年增加", vocab).tags


def test_a_range_of_years_is_marked(vocab: Vocabulary) -> None:
    assert "range" in parse_phrase("2020-2023年累计参保人数", vocab).tags


def test_annotations_and_list_markers_are_cleaned() -> None:
    assert clean("（3）经济效益 (3分)") == "经济效益"
    assert clean("1.因公出国（境）费（万元）") == "因公出国境费"
    assert clean("“三公”经费") == "三公经费"


def test_synonyms_share_a_core(vocab: Vocabulary) -> None:
    a, b = parse_phrase("综合评价得分", vocab), parse_phrase("总分", vocab)
    assert a.core == b.core and a.synonym and b.synonym


def test_generic_words_are_not_specific(vocab: Vocabulary) -> None:
    assert not is_specific(parse_phrase("支出决算数", vocab).core, vocab)
    assert not is_specific(parse_phrase("金额合计", vocab).core, vocab)
    assert is_specific(parse_phrase("办公费", vocab).core, vocab)


def test_a_label_emptied_by_its_qualifiers_stays_whole(vocab: Vocabulary) -> None:
    p = parse_phrase("预算完成率", vocab)
    assert p.core == "预算完成率" and "budget" in p.tags


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("年初预算数全比上较2023-（）(1)分、，的共计等人万元 本当年度")),
               max_size=30))
def test_parse_phrase_never_crashes(text: str) -> None:
    packs = RulePacks(packs=[load_pack(RULES / "labels.toml")])
    p = parse_phrase(text, Vocabulary.from_packs(packs))
    assert isinstance(p.core, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_clean_never_crashes_and_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == clean(once)


# --- the reporting body ----------------------------------------------------------------------


@pytest.mark.parametrize(("title", "names"), [
    ("河口县林业技术推广中心2023 年度部门整体支出绩效评价报告",
     {"河口县林业技术推广中心", "县林业技术推广中心", "林业技术推广中心", "中心"}),
    ("2022 年东江市水务局 部门决算", {"东江市水务局", "市水务局", "水务局"}),
    ("南湖区卫生健康委员会（本级）", {"南湖区卫生健康委员会", "卫生健康委员会", "委员会"}),
    ("东江市财政项目支出绩效评价报告", set()),
    ("东江市2024年区级部门预算", set()),
])
def test_body_names_from_the_title(title: str, names: set[str]) -> None:
    assert names <= set(body_names(title))
    if not names:
        assert body_names(title) == []


def test_body_names_from_a_budget_unit_line() -> None:
    names = body_names("东江市2024年区级部门预算", ["预算单位：东江市档案馆"])
    assert "东江市档案馆" in names and "档案馆" in names
    assert body_names("", ["单位预算公开说明"]) == []


@pytest.mark.parametrize("label", ["中心核定编制", "本中心核定编制", "我单位核定编制",
                                   "该单位核定编制", "林业技术推广中心核定编制",
                                   "河口县林业技术推广中心核定编制"])
def test_a_leading_reference_to_the_body_is_dropped(vocab: Vocabulary, label: str) -> None:
    doc = vocab.for_body(body_names("河口县林业技术推广中心2023年度绩效评价报告"))
    p = parse_phrase(label, doc)
    assert (p.core, p.cleaned) == ("核定编制", "核定编制")


def test_other_bodies_and_compounds_are_kept(vocab: Vocabulary) -> None:
    doc = vocab.for_body(body_names("河口县林业技术推广中心2023年度绩效评价报告"))
    assert parse_phrase("县林业局核定编制", doc).core == "县林业局核定编制"
    assert parse_phrase("中心城区绿化面积", doc).core == "中心城区绿化面积"
    # a body that is no 中心 does not call itself 中心
    bureau = vocab.for_body(body_names("东江市水务局2023年度部门决算"))
    assert parse_phrase("中心核定编制", bureau).core == "中心核定编制"
    assert parse_phrase("我局核定编制", bureau).core == "核定编制"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("县市区中心局委员会所属部门2023年 ：预算单位林业")),
               max_size=30))
def test_body_names_never_crash(text: str) -> None:
    assert all(len(n) >= 2 for n in body_names(text, [text]))


# --- dimension, year, project ---------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "kind", "dim"), [
    ("万元", "amount", "money"),
    ("元", "amount", "money"),
    ("亿元", "amount", "money"),
    ("万人", "count", "person"),
    ("人", "count", "person"),
    ("名", "count", "person"),
    ("人次", "count", "person-time"),
    ("万人次", "count", "person-time"),
    ("户", "count", "count:户"),
    ("%", "percent", "percent"),
    ("分", "score", "score"),
    (None, "weight", "score"),
    (None, "amount", "money"),
    (None, "number", None),
    ("年", "number", None),
])
def test_dimension_of(unit: str | None, kind: str, dim: str | None) -> None:
    assert dimension_of(fact(unit, kind)) == dim


def test_resolve_year() -> None:
    assert resolve_year("", "2023") == "2023"
    assert resolve_year("current", "2023") == "2023"
    assert resolve_year("prior", "2023") == "2022"
    assert resolve_year("2021", "2023") == "2021"
    assert resolve_year("prior", None) == "prior"


def test_project_of_headings() -> None:
    projects = ["困难职工慰问经费", "社保卡发放工作经费"]
    assert project_of(("四、项目分析", "（二）社保卡发放工作经费"), projects) == "社保卡发放工作经费"
    assert project_of(("四、项目分析",), projects) == ""


# --- matching --------------------------------------------------------------------------------------


def subj(**kw: object) -> Subject:
    base = Subject(core="参保人数", tags=frozenset(), year="2023", dimension="person",
                   cleaned="参保人数", section="一、概况")
    return replace(base, **kw)  # type: ignore[arg-type]


def test_exact_label_same_section_is_exact() -> None:
    link = match(subj(), subj())
    assert link is not None and link.confidence == "exact"


def test_summary_and_body_are_exact() -> None:
    link = match(subj(summary=True, section="摘要"), subj(section="正文 / 一、概况"))
    assert link is not None and link.confidence == "exact"
    assert "摘要" in link.reason


def test_different_sections_are_loose_and_say_so() -> None:
    link = match(subj(part="一、概况"), subj(section="三、分析", part="三、分析"))
    assert link is not None and link.confidence == "loose"
    assert "different sections" in link.reason


def test_sentences_under_different_headings_of_one_part_are_not_linked() -> None:
    a = subj(part="第二部分", section="第二部分 / 八、绩效管理")
    b = subj(part="第二部分", section="第二部分 / 八、绩效管理 / （三）专项资金")
    assert match(a, b) is None
    # a table and the text of its part still link
    assert match(a, replace(b, table=4)) is not None


def test_dropped_fillers_are_loose() -> None:
    link = match(subj(), subj(cleaned="全年参保人数"))
    assert link is not None and link.confidence == "loose"


@pytest.mark.parametrize("change", [
    {"year": "2022"},
    {"dimension": "person-time"},
    {"tags": frozenset({"target"})},
    {"tags": frozenset({"budget"})},
    {"scope": "培训项目"},
    {"qualifier": "机关事业单位"},
    {"comparator": ">="},
])
def test_different_quantities_are_not_linked(change: dict[str, object]) -> None:
    assert match(subj(), subj(**change)) is None


def test_unspecific_subjects_are_never_linked() -> None:
    assert match(subj(specific=False), subj(specific=False)) is None
    assert match(subj(year="?"), subj(year="?")) is None


def test_a_subject_copied_with_changes_is_what_dataclasses_replace_makes() -> None:
    subject = Subject(core="办公费", tags=frozenset({"budget"}), year="2024", dimension="money")
    changes = {"year": "2025", "scope": "某项目", "reasons": ("read from a heading",)}
    copied = subject.but(**changes)
    assert copied == replace(subject, **changes) and hash(copied) == hash(replace(subject, **changes))
    assert copied.__dict__ == replace(subject, **changes).__dict__ and subject.year == "2024"
    with pytest.raises(TypeError):
        subject.but(no_such_field=1)
