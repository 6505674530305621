"""Running the scoring checks on report text written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditlint.checks.base import CheckContext, run_rules
from auditlint.document import Document
from auditlint.extract import build_graph
from auditlint.facts import FactGraph
from auditlint.findings import Finding
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "scoring"
SCORING = ("AL301", "AL302", "AL303", "AL304", "AL305", "AL306")


def analyse(text: str) -> tuple[Document, FactGraph]:
    doc = parse_text(text, "r.txt")
    return doc, build_graph(doc, load_packs())


def findings(text: str, codes: tuple[str, ...] = SCORING) -> list[Finding]:
    doc, graph = analyse(text)
    ctx = CheckContext(document=doc, graph=graph, path="r.txt")
    return sorted(run_rules(ctx, codes), key=Finding.sort_key)


def codes(text: str, select: tuple[str, ...] = SCORING) -> list[str]:
    return [f.code for f in findings(text, select)]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
