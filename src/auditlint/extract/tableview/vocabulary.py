"""The header vocabulary of the rule packs (`rules/tables.toml`), ready for matching."""

from __future__ import annotations

from dataclasses import dataclass

from auditlint.extract.tableview.text import norm, norm_header
from auditlint.packs import RulePacks

# ---------------------------------------------------------------------------------------------
# vocabulary


@dataclass(frozen=True)
class Vocabulary:
    exact: dict[str, str]  # normalised header -> role
    contains_rate: tuple[str, ...]
    contains_reason: tuple[str, ...]
    contains_amount: tuple[str, ...]
    contains_score_rate: tuple[str, ...]
    # (role, header endings) tried after the rate words and before the amount words
    ends_before_amount: tuple[tuple[str, tuple[str, ...]], ...]
    ends_count: tuple[str, ...]
    column_number_headers: frozenset[str]  # the header of a row of column numbers (栏次)
    total_suffixes: tuple[str, ...]
    score_total_suffixes: tuple[str, ...]
    subset_prefixes: tuple[str, ...]
    rest_prefixes: tuple[str, ...]
    empty_cells: frozenset[str]


_GROUP_ROLE = [  # order: earlier groups win a header listed twice
    ("header_seq", "seq"), ("header_code", "code"), ("header_score_rate", "score_rate"),
    ("header_reason", "reason"), ("weight", "weight"), ("score", "score"),
    ("rate_exec", "rate"), ("header_target", "target"), ("header_actual", "actual"),
    ("header_percent", "percent"), ("header_count", "count"), ("header_label", "label"),
    ("budget_initial", "amount"), ("budget_full", "amount"), ("executed", "amount"),
]


_VOCABS: dict[int, tuple[RulePacks, Vocabulary]] = {}


def vocabulary(packs: RulePacks) -> Vocabulary:
    """The table vocabulary of a set of packs (built once per packs object)."""
    cached = _VOCABS.get(id(packs))
    if cached is not None and cached[0] is packs:
        return cached[1]
    vocab = _build_vocabulary(packs)
    _VOCABS[id(packs)] = (packs, vocab)
    return vocab


def _normed(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words without spaces, each once, in their order."""
    return tuple(dict.fromkeys(norm(w) for w in words if norm(w)))


def _build_vocabulary(packs: RulePacks) -> Vocabulary:
    exact: dict[str, str] = {}
    for group, role in _GROUP_ROLE:
        for word in packs.synonyms(group):
            exact.setdefault(norm_header(word), role)
    for word in packs.totals("rows"):  # a column headed 合计 holds amounts
        exact.setdefault(norm_header(word), "amount")

    def words(key: str) -> tuple[str, ...]:
        return tuple(norm(w) for w in packs.words(key) if norm(w))

    def syn(key: str) -> tuple[str, ...]:
        return tuple(norm_header(w) for w in packs.synonyms(key) if norm_header(w))

    return Vocabulary(
        exact=exact, contains_rate=syn("contains_rate"), contains_reason=syn("contains_reason"),
        contains_amount=syn("contains_amount"), contains_score_rate=syn("contains_score_rate"),
        ends_before_amount=tuple((role, syn(f"ends_{role}"))
                                 for role in ("target", "actual", "weight", "score")),
        ends_count=syn("ends_count"),
        column_number_headers=frozenset(norm(w) for w in packs.words("column_number_headers")),
        total_suffixes=_normed(packs.totals("rows")),
        score_total_suffixes=_normed((*packs.totals("group"), *packs.totals("score"))),
        subset_prefixes=tuple(w for w in packs.words("subset_prefixes")),
        rest_prefixes=words("rest_prefixes"),
        empty_cells=frozenset(w.strip() for w in packs.words("empty_cells")) | {""},
    )
