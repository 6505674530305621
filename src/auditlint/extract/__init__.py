"""extract: Document -> FactGraph. Each stage adds facts or relations; order matters."""

from __future__ import annotations

from collections.abc import Callable

from auditlint.document import Document
from auditlint.extract.context import ExtractContext
from auditlint.facts import FactGraph
from auditlint.packs import RulePacks

Stage = Callable[[ExtractContext], None]


def _stages() -> list[Stage]:
    # imported here so that a failing optional stage cannot break `auditlint --version`
    from auditlint.extract import crossref, scoring, tables
    from auditlint.extract.disclosure import classification, notes, profile, sequences
    from auditlint.extract.disclosure import tables as disclosure
    from auditlint.extract.narrative import marks, phrases, quantities

    return [
        quantities.extract,  # facts of every paragraph
        marks.extract,  # placeholders, doubled punctuation, reasons not given
        tables.extract,  # facts of every table cell; table totals, rates
        disclosure.extract,  # the standard tables of 预算/决算 disclosures, against each other
        notes.extract,  # notes under those tables (本表为空表) against the tables
        sequences.extract,  # row numbers (行次, 序号) that break their run
        phrases.extract,  # relation phrases of the narrative
        scoring.extract,  # indicator trees, weights, scores, grades
        profile.extract,  # body, year, kind and figures for checks across reports
        classification.extract,  # codes and names against the 政府收支分类科目
        crossref.extract,  # same quantity stated twice, counts, units (of the report's kind)
    ]


def build_graph(document: Document, packs: RulePacks) -> FactGraph:
    ctx = ExtractContext(document=document, graph=FactGraph(), packs=packs)
    for stage in _stages():
        stage(ctx)
    return ctx.graph
