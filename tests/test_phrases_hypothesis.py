"""The phrase parser never raises: any text, and any jumble of report vocabulary, numbers and
punctuation, is cut into clauses and read for relations without an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.document import Document, Paragraph, SourceText
from auditlint.extract.context import ExtractContext
from auditlint.extract.narrative import phrases, quantities
from auditlint.extract.narrative.clauses import split_clauses
from auditlint.extract.narrative.labels import normalize, subject_of_change
from auditlint.extract.quantity import scan
from auditlint.facts import FactGraph
from auditlint.packs import load_packs

WORDS = ["其中", "包括", "分别为", "主要用于以下方面", "按功能分类划分为", "占", "占比", "占本年支出合计的",
         "比上年", "较上年", "与上年相比", "同比", "增加", "减少", "增长", "下降", "持平", "了", "为",
         "本年收入合计", "收入总计", "支出总计", "基本支出", "人员经费", "公用经费", "年初预算数",
         "决算数", "预决算差异率", "执行率", "完成年初预算的", "得分率", "主要原因是", "等", "2024 年度",
         "1.", "（一）", "(类)", "“三公”", "万元", "元", "%", "人", "分", " ", "\u3000", "2,436.19",
         "0.00", "100", "-", "－", "12.5", "7", "较", "预算数", "支出决算", "上年决算数", "本年",
         "2023年", "与2023年相比", "公务接待费", "（", "）"]
PUNCT = ["，", ",", "；", ";", "。", "：", ":", "、", "！", "？", ".", "\n", "（", "）", "(", ")"]
NUMBER = st.decimals(min_value=-10000, max_value=100000, places=2, allow_nan=False,
                     allow_infinity=False).map(str)
TOKEN = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), NUMBER)
JUMBLE = st.lists(TOKEN, max_size=40).map("".join)


def _run(paragraphs: list[str]) -> None:
    blocks = [Paragraph(text=SourceText.at(p, i + 1, 1)) for i, p in enumerate(paragraphs)]
    doc = Document(path="h.txt", format="text", blocks=list(blocks), lines=paragraphs)
    doc.number_blocks()
    ctx = ExtractContext(document=doc, graph=FactGraph(), packs=load_packs())
    quantities.extract(ctx)
    phrases.extract(ctx)
    for rel in ctx.graph.relations:
        assert rel.origin
        for fid in [*rel.operands, *([rel.result] if rel.result is not None else [])]:
            assert 0 <= fid < len(ctx.graph.facts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_clauses_of_any_text(text: str) -> None:
    quantities = [(q, i) for i, q in enumerate(scan(text))]
    for c in split_clauses(text, quantities):
        assert 0 <= c.start <= c.end <= len(text)
    normalize(text)
    subject_of_change(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JUMBLE)
def test_clauses_of_report_vocabulary(text: str) -> None:
    quantities = [(q, i) for i, q in enumerate(scan(text))]
    clauses = split_clauses(text, quantities)
    assert all(c.kind in {"amount", "count", "change_up", "change_down", "rate_up", "rate_down",
                          "share", "percent", "flat", "bare", "text", "other"} for c in clauses)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JUMBLE, min_size=1, max_size=4))
def test_phrase_stage_on_any_paragraphs(paragraphs: list[str]) -> None:
    _run(paragraphs)
