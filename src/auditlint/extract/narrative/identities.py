"""Accounting identities of the rule packs, stated in the narrative."""

from __future__ import annotations

from auditlint.extract.narrative.base import FINANCE, Para, PhraseBase
from auditlint.extract.narrative.clauses import Clause
from auditlint.extract.narrative.labels import matches, normalize
from auditlint.packs import Identity
from auditlint.params import SumParams

_REACH = 3  # paragraphs before and after the result where its terms may stand


class IdentitiesMixin(PhraseBase):
    """Identities whose result and terms one paragraph states."""

    # -------------------------------------------------------------- identities
    def identities(self) -> None:
        qualifiers = self.packs.words("identity_qualifiers") or [""]
        index: list[tuple[Para, Clause, str]] = []
        for p in self.paras:
            for c in p.clauses:
                if c.kind == "amount" and not c.tail and c.fact is not None:
                    index.append((p, c, normalize(c.label)))
        seen = {(r.result, tuple(sorted(r.operands))) for r in self.graph.relations
                if r.kind in ("parts_sum", "identity")}
        by_seq: dict[int, list[tuple[Para, Clause, str]]] = {}
        for entry in index:
            by_seq.setdefault(entry[0].seq, []).append(entry)
        for ident in self.packs.identities:
            results = self.packs.synonyms(ident.result)  # once an identity, not a clause
            for p, c, _label in index:
                q = matches(c.label, results, qualifiers)
                if q is None:
                    continue
                # terms are looked for within three paragraphs: only those are scanned
                nearby = [e for s in range(p.seq - _REACH, p.seq + _REACH + 1)
                          for e in by_seq.get(s, [])]
                found = self._terms(ident, p, c, q, nearby)
                if found is None:
                    continue
                terms, unstated = found
                operands = [t.fact for t, _ in terms]
                key = (c.fact, tuple(sorted(x for x in operands if x is not None)))
                if key in seen:
                    continue
                seen.add(key)
                signs = "".join(sign for _, sign in terms)
                name = f"{q}{ident.result}" if q else ident.result
                # unstated terms are zero or more: the stated ones cannot exceed the total
                params = SumParams(signs=signs, name=name,
                                   bound="at_most" if unstated else None)
                origin = f"identity {ident.name}" + (f", for {q}" if q else "")
                if unstated:
                    origin += f"; {'、'.join(unstated)} not stated"
                self.relate(kind="identity", result=c.fact, operands=operands, trust="pack",
                            origin=origin + f" ({FINANCE})", params=params.as_params())

    def _terms(self, ident: Identity, p: Para, result: Clause, q: str,
               index: list[tuple[Para, Clause, str]]
               ) -> tuple[list[tuple[Clause, str]], list[str]] | None:
        """The stated terms with their signs, and the optional terms not stated; None when a
        required term is not stated nearby."""
        used = {result.fact}
        out: list[tuple[Clause, str]] = []
        unstated: list[str] = []
        groups = [(g, "+") for g in ident.plus] + [(g, "-") for g in ident.minus]
        for group, sign in groups:
            names = self.packs.synonyms(group)
            best: tuple[int, Clause] | None = None
            for pp, c, _label in index:
                if c.fact in used or pp.section != p.section or abs(pp.seq - p.seq) > _REACH:
                    continue
                qc = matches(c.label, names, [q] if q else [""])
                if qc is None and q:
                    qc = matches(c.label, names, [""])
                    if qc is None:
                        continue
                elif qc is None:
                    continue
                dist = abs(pp.seq - p.seq) * 10000 + abs(c.start - result.start)
                if best is None or dist < best[0]:
                    best = (dist, c)
            if best is None:
                if group in ident.optional and sign == "+":
                    unstated.append(group)
                    continue
                return None
            used.add(best[1].fact)
            out.append((best[1], sign))
        if len(out) < 1 or len(out) == len(unstated) == 0:
            return None
        return out, unstated


