"""Comparisons in words: `决算数小于年初预算数的主要原因是…` says which of two figures of the
paragraph is the larger; the figures must bear it out.

The two sides are named by role words (决算数, 年初预算数: the numerators and denominators of
the rates in rules/finance.toml); each must name exactly one amount of the paragraph, of the
other side's role family (an outturn against a budget). The comparison words are the
comparators of rules/quantity.toml (大于, 小于, 高于, 低于…) and `comparison_equal` of
rules/phrases.toml (等于).
"""

from __future__ import annotations

import re

from auditlint.extract.narrative.base import Para, PhraseBase, plain_amount
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import ends_with_any, normalize
from auditlint.params import ComparisonParams
from auditlint.units import CMP_NORMAL

_SAID = {">": "more", "<": "less"}  # 达到/不低于 compare with a share of a figure too: left out


class CompareMixin(PhraseBase):
    """`A 大于/小于/等于 B` between two figures of a paragraph."""

    def comparisons(self) -> None:
        pattern = self._comparison_pattern()
        if pattern is None:
            return
        words = {w: _SAID[c] for w, c in CMP_NORMAL.items() if c in _SAID and _is_word(w)}
        words.update({w: "equal" for w in self.packs.words("comparison_equal")})
        for p in self.paras:
            for m in pattern.finditer(p.text):
                a = self._side(p, m.group("a"))
                b = self._side(p, m.group("b"))
                if a is None or b is None or a is b:
                    continue
                assert a.fact is not None and b.fact is not None
                said = words[m.group("cmp")]
                self.relate(kind="comparison", result=a.fact, operands=[a.fact, b.fact],
                            origin=f"「{m.group(0)}」: {normalize(a.label)} {m.group('cmp')} "
                                   f"{normalize(b.label)}",
                            params=ComparisonParams(said=said, word=m.group("cmp")).as_params())

    def _comparison_pattern(self) -> re.Pattern[str] | None:
        roles = self.role_words
        cmps = [w for w, c in CMP_NORMAL.items() if c in _SAID and _is_word(w)]
        cmps += self.packs.words("comparison_equal")
        if not roles or not cmps:
            return None
        role = "|".join(re.escape(r) for r in roles)
        cmp = "|".join(re.escape(c) for c in sorted(cmps, key=len, reverse=True))
        return re.compile(rf"(?P<a>{role})\s*(?P<cmp>{cmp})\s*(?P<b>{role})")

    def _side(self, p: Para, role: str) -> Clause | None:
        """The one amount of the paragraph whose role is of `role`'s family."""
        roles = self.role_words
        found = [c for c in p.clauses if plain_amount(c) and not c.depth
                 and self.same_role(ends_with_any(normalize(c.label), roles), role)]
        return found[0] if len(found) == 1 else None


def _is_word(w: str) -> bool:
    """A comparator written in characters (大于), not a sign (>)."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in w)
