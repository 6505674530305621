"""`auditlint facts` as a readable tree: facts by block, then relations with their origin."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from auditlint.facts import FactGraph


def render_facts(console: Console, graph: FactGraph) -> None:
    root = Tree(f"{len(graph.facts)} facts, {len(graph.relations)} relations")
    facts_node = root.add("facts")
    for f in graph.facts:
        unit = f.unit or ""
        cmp = f.comparator or ""
        facts_node.add(Text(f"#{f.id} {f.span.line}:{f.span.column} {f.kind:<7} {cmp}{f.value} {unit}"
                       f" (d={f.decimals})  [{f.label}]  {f.location}"))
    rel_node = root.add("relations")
    for r in graph.relations:
        ops = ", ".join(f"#{i}" for i in r.operands)
        res = f"#{r.result}" if r.result is not None else "-"
        extra = " ".join(f"{k}={v}" for k, v in sorted(r.params.items()))
        rel_node.add(Text(f"{r.kind}: {res} ← [{ops}]  {r.trust}: {r.origin} {extra}".rstrip()))
    if graph.profile is not None:  # what checks across reports link this report by
        p = graph.profile
        node = root.add(f"report: {p.describe()}")
        for s in p.stated:
            node.add(Text(f"{s.current.span.line}:{s.current.span.column} {s.label} "
                          f"{s.current.text} {s.phrase}  → the {s.year} {s.basis}"))
        for name, group in (("上年", p.prior_codes), ("年初预算", p.initial_codes)):
            for table, codes in group.items():
                node.add(Text(f"{name} column of {table}: {len(codes)} code(s)"))
    console.print(root)
