"""Year-over-year columns: a growth, change or compound-growth column beside columns of years."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from auditlint.extract.quantity import chinese_to_int
from auditlint.extract.tables.base import RelationsBase
from auditlint.extract.tableview.model import Panel, Row, TableView
from auditlint.extract.tableview.text import norm
from auditlint.facts import HUNDRED, Fact, Interval, ratio, to_unit_of
from auditlint.lazyre import lazy_compile
from auditlint.params import GrowthParams, SumParams


class GrowthMixin(RelationsBase):
    """Growth columns against the year columns they compare."""

    # -- year-over-year columns ------------------------------------------------------------

    def growth(self, panel: Panel) -> None:
        """Columns of years (`2022年` `2023年`, `上年预算数` `本年预算数`) and, beside them, a
        growth column (`2023年同比增长`, `增减率`), a change column (`增减额`) or a compound
        growth column (`三年复合增长率`): each row's figure against its own year figures."""
        years = _year_columns(self.view, panel)
        if not years:
            return
        for c in panel.value_cols:
            col = self.cols[c]
            if c in {y for group in years.values() for y in group.values()}:
                continue
            head = norm(col.path[-1]) if col.path else ""
            head = _UNIT_SUFFIX.sub("", head)
            kind = _growth_kind(head)
            if kind is None:
                continue
            group = _year_group(years, head)
            if group is None:
                continue
            stated_year = _leading_year(head, group)
            last = stated_year if stated_year is not None else max(group)
            if kind == "cagr":
                n = _years_in(head) or (last - min(group))
                first = last - n
                if n < 1 or last not in group or first not in group:
                    continue
                self.year_rows(c, group[last], group[first], kind, n)
            else:
                if last not in group or last - 1 not in group:
                    continue
                self.year_rows(c, group[last], group[last - 1], kind, 1)

    def year_rows(self, rc: int, cur: int, prev: int, kind: str, years: int) -> None:
        """Relations of one growth (or change) column over its rows, unless the column
        disagrees with its year columns on every row checked (then it means something else,
        a notice says so)."""
        rcol, ccol, pcol = self.cols[rc], self.cols[cur], self.cols[prev]
        triples: list[tuple[Row, Fact, Fact, Fact]] = []
        for row in self.view.rows:
            rf, cf, pf = self.fact(row.index, rc), self.fact(row.index, cur), \
                self.fact(row.index, prev)
            if rf is None or cf is None or pf is None or any(
                    f.comparator for f in (rf, cf, pf)):
                continue
            if cf.kind != pf.kind or cf.kind in ("percent", "target", "rate"):
                continue
            if kind == "change":
                if rf.kind != cf.kind:
                    continue
            elif rf.kind != "percent" or pf.value == 0 or \
                    (kind == "cagr" and (pf.value < 0 or cf.value < 0)):
                continue
            triples.append((row, rf, cf, pf))
        if not triples:
            return
        holds = sum(_growth_holds(kind, rf, cf, pf, years) for _, rf, cf, pf in triples)
        if len(triples) >= 2 and holds == 0:
            self.notice(triples[0][0].index, f"the column 「{rcol.header}」 of table "
                        f"{self.table.index} differs from 「{ccol.header}」 against "
                        f"「{pcol.header}」 on every row; it is not checked")
            return
        c, p = ccol.header, pcol.header
        what = {"growth": f"({c} − {p}) / {p}", "cagr": f"({c} / {p})^(1/{years}) − 1",
                "change": f"{c} − {p}"}[kind]
        origin = f"{rcol.header} = {what}, same row"
        for row, rf, cf, pf in triples:
            name = f"{rcol.header} of {row.label}" if row.label else rcol.header
            if kind == "change":
                self.relate(kind="table_sum", result=rf.id, operands=[cf.id, pf.id],
                            origin=origin, params=SumParams(signs="+-", name=name).as_params())
            else:
                if kind == "growth":
                    params = GrowthParams(form="values", name=name, current=ccol.header,
                                          previous=pcol.header)
                else:
                    params = GrowthParams(form="cagr", name=name, last=ccol.header,
                                          first=pcol.header, years=years)
                self.relate(kind="growth", result=rf.id, operands=[cf.id, pf.id],
                            origin=origin, params=params.as_params())


# ---------------------------------------------------------------------------------------------
# year columns

_YEAR_HEADER = lazy_compile(r"^(\d{4})年度?(.*)$")
_RELATIVE_YEAR = lazy_compile(r"^(上年|本年|上年度|本年度|当年)(.*)$")
_UNIT_SUFFIX = lazy_compile(r"[（(][^）)]*[)）]$")
_YEARS_IN = lazy_compile(r"([一二三四五六七八九十两\d]{1,2})年(?:复合|年均|平均)")


def _year_columns(view: TableView, panel: Panel) -> dict[str, dict[int, int]]:
    """Value columns headed by a year, grouped by what follows the year (`2023年预算数` is
    year 2023 of group 预算数): group -> {year: column}. 上年/本年 are years -1 and 0."""
    groups: dict[str, dict[int, int]] = {}
    dup: set[str] = set()
    for c in panel.value_cols:
        col = next(x for x in view.columns if x.index == c)
        if col.role not in (None, "amount", "count") or not col.path:
            continue
        head = _UNIT_SUFFIX.sub("", norm(col.path[-1]))
        m = _YEAR_HEADER.match(head)
        if m:
            year, rest = int(m.group(1)), m.group(2)
        else:
            m = _RELATIVE_YEAR.match(head)
            if not m:
                continue
            year, rest = (-1 if m.group(1).startswith("上") else 0), m.group(2)
        if _growth_kind(rest) is not None:
            continue
        group = groups.setdefault(rest, {})
        if year in group:
            dup.add(rest)
        group[year] = c
    return {k: v for k, v in groups.items() if k not in dup and len(v) >= 2}


@cache
def _growth_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The growth column headers of rules/tables.toml (cagr_headers, growth_headers,
    change_headers), read once."""
    from auditlint.packs import load_packs

    packs = load_packs()
    return tuple(tuple(packs.words(k)) for k in ("cagr_headers", "growth_headers",
                                                 "change_headers"))  # type: ignore[return-value]


def _growth_kind(head: str) -> str | None:
    cagr, growth, change = _growth_words()
    if any(w in head for w in cagr):
        return "cagr"
    if any(w in head for w in growth):
        return "growth"
    if any(head.endswith(w) for w in change):
        return "change"
    return None


def _year_group(years: dict[str, dict[int, int]], head: str) -> dict[int, int] | None:
    """The year columns a growth header refers to: the only group, or the one whose name
    the header holds (`预算数增减率` over `2023年预算数` `2024年预算数`)."""
    if len(years) == 1:
        return next(iter(years.values()))
    named = [g for name, g in years.items() if name and name in head]
    return named[0] if len(named) == 1 else None


def _leading_year(head: str, group: dict[int, int]) -> int | None:
    m = re.match(r"^(\d{4})年", head)
    if m and int(m.group(1)) in group:
        return int(m.group(1))
    if head.startswith("本年") and 0 in group:
        return 0
    return None


def _years_in(head: str) -> int | None:
    m = _YEARS_IN.search(head)
    if not m:
        return None
    t = m.group(1)
    return int(t) if t.isascii() else chinese_to_int(t.replace("两", "二"))


def _growth_holds(kind: str, rf: Fact, cf: Fact, pf: Fact, years: int) -> bool:
    """Whether a row's change, growth rate or compound growth rate agrees with its figures,
    in the arithmetic AL202 judges it with."""
    if kind == "change":
        return rf.interval.intersects(to_unit_of(cf, rf) - to_unit_of(pf, rf))
    cur, prev = cf.interval, to_unit_of(pf, cf)
    if kind == "growth":
        q = ratio(cur - prev, prev)
    else:
        base = ratio(cur, prev, percent=False)
        if base is None or base.lo <= 0:
            return False
        q = (base.root(years) - Interval.exact(Decimal(1))).scale(HUNDRED)
    return q is not None and rf.interval.intersects(q)
