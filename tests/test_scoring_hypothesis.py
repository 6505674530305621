"""Properties of the scoring checks: a consistent indicator table gives no finding, changing
any one score gives exactly one; the band and formula parsers never crash."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlint.bands import problems
from auditlint.checks.formula import FormulaError, parse_family
from auditlint.extract.scoring.bands import find_bands, parse_clause
from auditlint.facts import Interval
from scoring_helpers import codes

GROUPS = ["投入", "过程", "产出", "效益"]


@st.composite
def indicator_tables(draw: st.DrawFn) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Groups of indicators, each (name, weight, score) with 0 <= score <= weight."""
    n_groups = draw(st.integers(min_value=1, max_value=4))
    out = []
    for g in range(n_groups):
        n = draw(st.integers(min_value=1, max_value=4))
        rows = []
        for i in range(n):
            w = draw(st.integers(min_value=1, max_value=20))
            s = draw(st.integers(min_value=0, max_value=w))
            rows.append((f"{GROUPS[g]}指标{i + 1}号", w, s))
        out.append((GROUPS[g], rows))
    return out


def render(groups: list[tuple[str, list[tuple[str, int, int]]]]) -> str:
    lines = ["一级指标\t三级指标\t分值\t得分"]
    tw = ts = 0
    for name, rows in groups:
        gw = sum(w for _, w, _ in rows)
        for leaf, w, s in rows:
            lines.append(f"{name}（{gw} 分）\t{leaf}\t{w}\t{s}")
            tw, ts = tw + w, ts + s
    lines.append(f"合计\t\t{tw}\t{ts}")
    return "\n".join(lines) + "\n"


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(indicator_tables())
def test_consistent_table_gives_no_finding(groups: list) -> None:
    assert codes(render(groups)) == []


@SETTINGS
@given(indicator_tables(), st.data())
def test_changing_one_score_gives_one_finding(groups: list, data: st.DataObject) -> None:
    g = data.draw(st.integers(min_value=0, max_value=len(groups) - 1))
    name, rows = groups[g]
    i = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    leaf, w, s = rows[i]
    new = data.draw(st.integers(min_value=0, max_value=w).filter(lambda x: x != s)) if w else s
    if new == s:
        return
    text = render(groups)
    changed_rows = list(rows)
    changed_rows[i] = (leaf, w, new)
    changed = [*groups[:g], (name, changed_rows), *groups[g + 1:]]
    # the table as written: one score changed, the total left as it was
    broken = render(changed).rsplit("合计", 1)[0] + "合计" + text.rsplit("合计", 1)[1]
    assert codes(broken) == ["AL303"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789分以上以下含（）()~～至为优良中差秀好一般较不合格得总，、;；：.≥≤<> ",
               max_size=40))
def test_band_parser_never_crashes(text: str) -> None:
    band = parse_clause(text)
    if band is not None:
        assert band.lo is not None or band.hi is not None
    problems(find_bands(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ratewigh0123456789.+-*/(), minaxfork", max_size=40))
def test_formula_parser_never_crashes(text: str) -> None:
    try:
        fam = parse_family("h", text)
    except FormulaError:
        return
    for f in fam.variants[:3]:
        f.evaluate(Interval.written(Decimal("95.5"), 1), Interval.exact(Decimal(10)))
