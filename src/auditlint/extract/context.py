"""What extractors share while building one document's fact graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditlint.document import Document
from auditlint.extract.quantity import Quantity
from auditlint.facts import FactGraph
from auditlint.packs import RulePacks


@dataclass
class ExtractContext:
    """The document, the graph under construction, and indexes from text to facts.

    `paragraph_facts[block]` lists (quantity, fact id) of a paragraph in text order;
    `cell_facts[(table, row, col)]` the fact of a numeric cell (table = Table.index).
    Later extractors (phrases, scoring, cross-references) find facts through these instead
    of scanning text again.
    """

    document: Document
    graph: FactGraph
    packs: RulePacks
    paragraph_facts: dict[int, list[tuple[Quantity, int]]] = field(default_factory=dict)
    cell_facts: dict[tuple[int, int, int], int] = field(default_factory=dict)
    # interpreted tables (auditlint.extract.tableview.view.TableView), by Table.index
    table_views: dict[int, Any] = field(default_factory=dict)
    # scopes of standard tables (rules/disclosure.toml) that hold the same figures in this
    # report, as its income rows say ({"all", "fiscal"} when every other source is nothing)
    same_scopes: list[set[str]] = field(default_factory=list)
