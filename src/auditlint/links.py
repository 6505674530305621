"""How sure the link between two mentions of one subject is, and why they were linked.

Shared by extraction (which links the mentions of a subject) and the cross-reference rules
(which say, for the two mentions they report, why those two were linked). A `same_as`
relation carries one `Place` per mention rather than a link per pair of mentions, so that
its size grows with the mentions, not with their square; the rules ask `link` for the few
pairs they report."""

from __future__ import annotations

from dataclasses import dataclass

# how a subject was found that does not make its links any looser
_NEUTRAL_REASONS = ("weight written in a label",)


@dataclass(frozen=True)
class Link:
    """How sure a link between two mentions is, and why they were linked."""

    confidence: str  # "exact" | "loose"
    reason: str


@dataclass(frozen=True)
class Place:
    """What of a mention, besides its subject's key, decides how it links to another one:
    its label after cleaning, how its subject was completed, and where it stands."""

    cleaned: str = ""
    synonym: bool = False
    reasons: tuple[str, ...] = ()
    section: str = ""
    summary: bool = False
    in_table: bool = False
    part: str = ""
    place: str = ""  # the appendix it stands in (附表 1); "" for the body
    read: str = ""  # why a cell of a table without unit was read in one; "" for the others

    def as_list(self) -> list[object]:
        return [self.cleaned, self.synonym, list(self.reasons), self.section, self.summary,
                self.in_table, self.part, self.place, self.read]

    @classmethod
    def of_list(cls, x: list[object]) -> Place:
        c, syn, reasons, section, summary, in_table, part, place, read = x
        return cls(str(c), bool(syn), tuple(str(r) for r in reasons),  # type: ignore[attr-defined]
                   str(section), bool(summary), bool(in_table), str(part), str(place), str(read))


def link(a: Place, b: Place) -> Link | None:
    """The link between two mentions whose subjects have one key, `a` the earlier one.

    Exact: the same label after cleaning, in the same section (or one in the 摘要 restating the
    other, or a table and the text of its part). Loose: the same key reached through dropped
    fillers, synonyms, a completed subject or different sections — the reason says which; or
    a mention of a table without unit read in one. Two sentences under different headings of
    one part of the report (neither in a 摘要) are not linked."""
    found = _link(a, b)
    if found is None or not (a.read or b.read):
        return found
    return Link("loose", f"{found.reason}; {a.read or b.read}")


def _link(a: Place, b: Place) -> Link | None:
    reasons: list[str] = []
    if a.synonym or b.synonym:
        if a.cleaned != b.cleaned:
            reasons.append(f"synonymous labels {a.cleaned} / {b.cleaned}")
    elif a.cleaned != b.cleaned:
        reasons.append(f"labels equal once fillers are dropped ({a.cleaned} / {b.cleaned})")
    for r in (*a.reasons, *b.reasons):
        if r not in reasons and r not in _NEUTRAL_REASONS:
            reasons.append(r)
    same_place = a.section == b.section or a.summary != b.summary \
        or (a.in_table != b.in_table and a.part == b.part)
    if not same_place:
        if not a.in_table and not b.in_table and a.part == b.part:
            # two sentences under different headings of one part of the report: the same words
            # may well name different things there (the department's funds and one fund's),
            # where another part (摘要, 正文, 附件) restates what the body says
            return None
        reasons.append(f"in different sections ({a.section or 'top'} / {b.section or 'top'})")
    if reasons:
        return Link("loose", "; ".join(reasons))
    how = "same label"
    if a.summary != b.summary or a.place != b.place:
        first, second = (a, b) if a.summary or (not b.summary and a.place < b.place) else (b, a)
        how += f", in {_where(first)} and in {_where(second)}"
    elif a.in_table or b.in_table:
        how += ", text and table" if a.in_table != b.in_table else ", two tables"
    else:
        how += ", same section"
    return Link("exact", how)


def _where(p: Place) -> str:
    """The part of the report a mention stands in, for link reasons."""
    what = "table" if p.in_table else "text"
    name = "the 摘要" if p.summary else (p.place or "the body")
    return f"{name} ({what})"
