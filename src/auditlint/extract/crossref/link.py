"""Linking: the mentions of one subject joined in a `same_as` relation when the subject is safe."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from auditlint.agreement import agreeing, plausible_slip
from auditlint.document import Paragraph
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.counts import item_marker
from auditlint.extract.crossref.labels import clean, match
from auditlint.extract.crossref.mentions import Mention
from auditlint.extract.crossref.units import read_group_units, unit_readings, unit_unknown
from auditlint.extract.disclosure.tables import spec_of
from auditlint.facts import Fact, Relation
from auditlint.params import SameAsParams

# --- linking ------------------------------------------------------------------------------------


def link_groups(ctx: ExtractContext, mentions: list[Mention]) -> list[Relation]:
    """One `same_as` relation per subject mentioned more than once, when the subject is safe."""
    by_key: dict[tuple[object, ...], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[m.subject.key].append(m)
    groups: list[list[Mention]] = []
    wholes = _whole_tables(ctx)
    for group in by_key.values():
        if len(group) < 2 or any(m.approximate for m in group):
            continue
        placed = _one_per_place(group)
        if placed is None:
            continue
        groups.extend(g for g in split_tables(placed, *wholes) if len(g) >= 2)
    readings = unit_readings(groups)
    out: list[Relation] = []
    for group in groups:
        read = read_group_units(group, readings)
        if read is None or len(read) < 2:
            continue
        if not _safe(ctx, read, wholes[0]):
            continue
        rel = _relation(read)
        if rel is not None:
            out.append(rel)
    return out


def _family(m: Mention) -> tuple[str, str, str] | None:
    """The tables a cell can be linked across: the same column (by its whole header or its
    scoring role), the same kind of table (its title; indicator names make a scoring column's
    rows specific enough without one) and the same classification code. None for text and
    for a weight written in a label."""
    s = m.subject
    if s.table is None or "weight written in a label" in s.reasons:
        return None
    title = "" if s.column.startswith("role:") else s.title
    return (s.column, title, s.code)


def split_tables(group: list[Mention], whole: frozenset[int] = frozenset(),
                 narrower: tuple[str, ...] = ()) -> list[list[Mention]]:
    """A subject's mentions, split where table cells of different families (see `_family`)
    would be linked: a 支出决算表 row and the 收入决算表 row of the same function class are
    different quantities. When the cells of the families disagree, each family is a group of
    its own and the text mentions are left out (which table they speak of is not known) —
    unless one family alone is of tables of the whole department (`whole`: a 收支总表, not
    the 财政拨款 one) and no text stands under a heading that names a narrower fund
    (`narrower`): the text's `上年结转结余 x` is then the whole's. Families of tables of the
    whole that agree (a 收支总表 and a 收入总表) count as one."""
    families: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)
    for m in group:
        fam = _family(m)
        if fam is not None:
            families[fam].append(m)
    if len(families) <= 1:
        return [group]
    cells = [m.fact for ms in families.values() for m in ms]
    if not agreeing(cells)[1] and not any(unit_unknown(m) for ms in families.values()
                                          for m in ms):
        return [group]
    out = list(families.values())
    texts = [m for m in group if _family(m) is None]
    of_whole = [ms for ms in out if all(m.subject.table in whole for m in ms)]
    if len(of_whole) > 1 and not agreeing([m.fact for ms in of_whole for m in ms])[1]:
        # tables of the whole department that agree on the subject state one quantity
        merged = [m for ms in of_whole for m in ms]
        out = [ms for ms in out if ms not in of_whole] + [merged]
        of_whole = [merged]
    if texts and len(of_whole) == 1 and narrower and not any(
            w in m.subject.section for m in texts for w in narrower):
        of_whole[0].extend(texts)
    return out


def _whole_tables(ctx: ExtractContext) -> tuple[frozenset[int], tuple[str, ...]]:
    """The tables of the department's whole (standard tables of scope `all`), and the fund
    words that name a narrower scope (the non-empty `identity_qualifiers`)."""
    whole = frozenset(t.index for t in ctx.document.tables
                      if (spec := spec_of(t.caption, ctx.packs.tables)) is not None
                      and spec.scope == "all")
    return whole, tuple(w for w in ctx.packs.words("identity_qualifiers") if w)


def _place(m: Mention) -> tuple[str, int]:
    return ("table", m.subject.table) if m.subject.table is not None else ("block", m.fact.block)


def _one_per_place(group: list[Mention]) -> list[Mention] | None:
    """One mention per paragraph or table; None when a place uses the subject for two values
    (then it names two things there, and nothing elsewhere can be linked to it safely)."""
    seen: dict[tuple[str, int], Mention] = {}
    for m in group:
        p = _place(m)
        if p in seen:
            if not seen[p].fact.base_interval.intersects(m.fact.base_interval):
                return None
            continue
        seen[p] = m
    return sorted(seen.values(), key=lambda m: (m.fact.block, m.fact.row or 0, m.fact.col or 0,
                                                m.fact.id))


def _safe(ctx: ExtractContext, group: list[Mention], whole: frozenset[int] = frozenset()
          ) -> bool:
    """A subject is linked when its mentions agree, or all but one do (one outlier to report),
    and no disagreement is explained by cells shifted along a table row. Texts in parallel
    places may name a different thing each, unless a table anchors the label (`_anchored`)."""
    facts = [m.fact for m in group]
    agree, rest = agreeing(facts)
    if not rest:
        return True
    if len(rest) > 1 or (len(agree) < 2 and len(facts) > 2):
        return False
    texts = [m for m in group if m.subject.table is None]
    if not _anchored(group, rest, whole) and any(_parallel(ctx, a, b) for i, a in enumerate(texts)
                                                 for b in texts[i + 1:]):
        return False
    if len(texts) == len(group) and not _restated(texts):
        # two sentences of one text with one label: a contradiction only when the values look
        # like one figure slipped (a digit, a transposition, a rounding), not like two figures
        if any(m.fact.comparator or m.enumerated for m in texts):
            return False
        odd = rest[0] if len(agree) > 1 else facts[1]
        if not any(plausible_slip(odd, f) for f in facts if f.id != odd.id):
            return False
    cells = [f for f in facts if f.table is not None]
    return not any(_shifted(ctx, a, b) for i, a in enumerate(cells) for b in cells[i + 1:])


def _anchored(group: list[Mention], rest: list[Fact], whole: frozenset[int]) -> bool:
    """Whether a table states the figure the texts disagree on with those that agree: a table
    of the whole department (`whole`) with one of them, any table with two. The label then
    names the table's quantity wherever it stands, even in sibling sections (a “三公” item's
    outturn in the overview, in the list of shares and in its own paragraph)."""
    odd = {f.id for f in rest}
    kept = [m for m in group if m.fact.id not in odd]
    if any(m.subject.table in whole for m in kept):
        return True
    cells = sum(1 for m in kept if m.subject.table is not None)
    return cells >= 1 and len(kept) - cells >= 2


def _restated(texts: list[Mention]) -> bool:
    """Whether the mentions include a 摘要 and the body it restates."""
    return len({m.subject.summary for m in texts}) > 1


def _parallel(ctx: ExtractContext, a: Mention, b: Mention) -> bool:
    """Parallel places of the text: sibling sections (（一）… and （二）… under one heading) or
    sibling numbered paragraphs (1.… and 2.…), where one label names a different thing in each
    (every project's 产出指标分值, every item's 增长率)."""
    pa, pb = ctx.document.blocks[a.fact.block], ctx.document.blocks[b.fact.block]
    if not (isinstance(pa, Paragraph) and isinstance(pb, Paragraph)):
        return False
    sa, sb = pa.section, pb.section
    if len(sa) == len(sb) >= 2 and sa[:-1] == sb[:-1] and sa[-1] != sb[-1]:
        return True
    ia, ib = _item_title(pa.text.text), _item_title(pb.text.text)
    return sa == sb and ia is not None and ib is not None and ia != ib


def _item_title(text: str) -> str | None:
    """The title of a numbered paragraph (`2.城镇职工工伤保险参保人数。…`), None for others."""
    if item_marker(text) is None:
        return None
    head = re.split(r"[。：:；;，,]", text, maxsplit=1)[0]
    return clean(head)[:30]


def _row_values(ctx: ExtractContext, cell: Fact) -> list[Decimal]:
    row = sorted((c, fid) for (t, r, c), fid in ctx.cell_facts.items()
                 if t == cell.table and r == cell.row)
    return [ctx.graph[fid].value for _, fid in row]


def _shifted(ctx: ExtractContext, a: Fact, b: Fact) -> bool:
    """Rows that share their other numbers, one value standing in the other row under another
    column: the same row with its cells shifted (a layout problem of one copy). Values are
    compared as written: a copy keeps its digits whatever unit it is read in."""
    va, vb = _row_values(ctx, a), _row_values(ctx, b)
    ba, bb = a.value, b.value
    shared = sum((Counter(va) & Counter(vb)).values())
    return ba != bb and shared >= 2 and (ba in vb or bb in va)


def _relation(group: list[Mention]) -> Relation | None:
    first = group[0]
    links = [match(first.subject, m.subject) for m in group[1:]]
    if any(link is None for link in links):
        return None
    in_label = [m for m in group if "weight written in a label" in m.subject.reasons]
    if any(m.subject.cleaned != first.subject.cleaned for m in in_label):
        return None  # a weight in a label is linked on its exact label only
    exact = all(link is not None and link.confidence == "exact" for link in links)
    reasons = list(dict.fromkeys(link.reason for link in links if link is not None))
    read = list(dict.fromkeys(m.read_as for m in group if m.read_as is not None))
    if read:
        exact = False
        reasons += [r.reason() for r in read]
    where = ", ".join(m.fact.location for m in group)
    params = SameAsParams(
        confidence="exact" if exact else "loose", reason="; ".join(reasons),
        subject=first.subject.written or first.subject.core,
        places=[(m.fact.id, m.subject.link_place(m.read_as.reason() if m.read_as else ""))
                for m in group],
        read_in=[(m.fact.id, m.read_as.unit) for m in group if m.read_as is not None])
    return Relation(
        kind="same_as", result=first.fact.id, operands=[m.fact.id for m in group[1:]],
        origin=f"{first.subject.describe()} stated in {where}: " + "; ".join(reasons),
        trust="explicit" if exact else "inferred", params=params.as_params())
