"""Where a row's figures stand when text extraction dropped its empty cells.

A row of a table printed as text (`301 工资福利支出 98,950,260 98,950,260` under 合计 人员经费
公用经费) gives its figures in order but not their columns. The placements tried are the
ways to put them in order into the table's columns; the ones kept are those the numbers
allow:

* every identity between columns that the table's full rows satisfy (合计 = 基本支出 +
  项目支出, 小计 = 人员经费 + 公用经费) holds on the row, empty cells counting as nothing;
* a figure stands only where the row's code parent has a figure at least as large;
* the top-level rows, placed together, add up column by column to the table's total row.

A figure whose column the placements left do not agree on is unknown: the table shows it as
`?` and no sum is checked over it; unless every column it may stand in is a part of one
identity whose total the row states (`2,164.53 2,164.53` under 合计 基本支出 项目支出): the
figure is then one of the parts, the others are empty, and the parts' sum is known though
not which part holds it. It spreads over those columns (SPREAD after the first), so that the
row's identity is checked and no column's own sum counts it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from itertools import combinations, islice, product

from auditlint.document import SourceText
from auditlint.readers.grid import RawCell

MAX_OPTIONS = 256  # placements tried for one row
MAX_DECLARED_OPTIONS = 1 << 15  # for the one row of a declared layout (its identities known)
MAX_COMBINATIONS = 4096  # joint placements of the top-level rows tried against the total
MAX_IDENTITY_WIDTH = 8  # columns searched for identities (subsets grow as 2^width)

UNKNOWN = -1  # a column some figure may stand in, not known which
SPREAD = -2  # a column the figure of the column to its left may stand in (see `_spread_cells`)

Placement = tuple[int, ...]  # the column of each figure of a row, in order
Identity = tuple[int, tuple[int, ...]]  # column i = the sum of these columns


def number(text: str) -> Decimal | None:
    t = text.replace(",", "")
    if t.endswith(("%", "％")):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def place_panel(rows: Sequence[Sequence[str] | None], codes: Sequence[str | None],
                totals: Sequence[bool], width: int, total_cols: Sequence[int] = (),
                classes: Mapping[int, Sequence[str]] | None = None) -> list[list[int | None]]:
    """For each row, what each column holds: the index of the row's figure standing there,
    None for an empty cell, or UNKNOWN. `total_cols`: the columns headed as a total (合计);
    `classes`: columns that hold only rows whose code starts with one of these (人员经费)."""
    nums = [[number(t) for t in r] if r is not None else None for r in rows]
    decimals = max((_decimals(t) for r in rows if r is not None for t in r), default=0)
    identities = column_identities(nums, width, decimals) or \
        _headed_total(nums, width, decimals, total_cols)
    options: list[list[Placement]] = [_options(n, width, identities) for n in nums]
    options = [_totals_filled(opts, identities) for opts in options]
    parents = [_parent(codes, i) for i in range(len(rows))]
    _narrow_by_parents(nums, options, parents, width)
    if _by_total(nums, options, codes, totals, width, decimals) or \
            _by_classes(nums, options, codes, totals, width, decimals, classes or {}):
        _narrow_by_parents(nums, options, parents, width)
    return [_spread_cells(_cells(n, opts, width), n, opts, identities)
            for n, opts in zip(nums, options, strict=True)]


def raw_cells(cells: Sequence[int | None], figures: Sequence[SourceText]) -> list[RawCell]:
    """A row's grid cells from its placement: a figure, `?` or nothing in each column, one
    cell over the columns a figure spreads over."""
    out: list[RawCell] = []
    for c in cells:
        if c == SPREAD:
            out[-1].span += 1
        else:
            out.append(RawCell(SourceText("" if c is None else "?", []) if c is None or c < 0
                               else figures[c]))
    return out


def place_row(row: Sequence[str], width: int, identities: list[Identity]) -> list[int | None]:
    """One row's cells when the table's identities are known beforehand (declared, not read
    from other rows): the placements that break the fewest of them, as `place_panel`."""
    nums = [number(t) for t in row]
    opts = _totals_filled(_options(nums, width, identities, MAX_DECLARED_OPTIONS), identities)
    return _spread_cells(_cells(nums, opts, width), nums, opts, identities)


def _totals_filled(opts: list[Placement], identities: list[Identity]) -> list[Placement]:
    """The placements that leave no total empty beside a part with a figure: a column the
    table's identities make a total is filled wherever one of its parts is (kept only when
    some placement does so). A row of one figure is left alone: no placement of it is
    consistent, so it may be no row of figures at all (a code read as one)."""
    if not opts or len(opts[0]) < 2:
        return opts
    kept = [o for o in opts if all(i in o or not set(o) & set(s) for i, s in identities)]
    return kept or opts


def _spread_cells(cells: list[int | None], nums: Sequence[Decimal | None] | None,
                  opts: list[Placement], identities: list[Identity]) -> list[int | None]:
    """A figure whose placements disagree only on which part of one identity holds it, the
    identity's total standing in the same column on every placement: it stands in the first of
    those columns, SPREAD marks the others (they must be side by side, and no other figure of
    the row may stand in them)."""
    if nums is None or len(opts) < 2 or UNKNOWN not in cells:
        return cells
    out = list(cells)
    _spread_runs(out, len(nums), opts, identities)
    for k in range(len(nums)):
        if k in out:
            continue
        cols = sorted({o[k] for o in opts})
        if len(cols) < 2 or cols != list(range(cols[0], cols[-1] + 1)):
            continue
        others = {o[j] for o in opts for j in range(len(nums)) if j != k}
        if others & set(cols):
            continue
        if not any(set(cols) <= set(s) and len({o.index(i) if i in o else None for o in opts}) == 1
                   and all(i in o for o in opts) for i, s in identities):
            continue
        out[cols[0]] = k
        for c in cols[1:]:
            out[c] = SPREAD
    return out


def _spread_runs(out: list[int | None], n: int, opts: list[Placement],
                 identities: list[Identity]) -> None:
    """Several figures that may each stand in several parts of one identity, its total placed
    (`379.26 274.68 104.58` under 小计 and five sources, two of them filled): together they
    are the parts' sum though not which part holds which. The figures, in order, split the
    parts' columns into runs of two or more, one run each (SPREAD after its first column), so
    that the identity is checked and no column's own sum counts them; where the columns are
    too few for runs of two, they are left unknown."""
    for total, parts in identities:
        if not all(total in o for o in opts) or len({o.index(total) for o in opts}) != 1:
            continue
        cols = sorted(parts)
        if cols != list(range(cols[0], cols[-1] + 1)):
            continue
        inside = [k for k in range(n) if any(o[k] in parts for o in opts)]
        if len(inside) < 2 or any(o[k] not in parts for o in opts for k in inside) \
                or any(o[k] in parts for o in opts for k in range(n) if k not in inside) \
                or len(cols) < 2 * len(inside) or any(k in out for k in inside):
            continue
        start = cols[0]
        for j, k in enumerate(inside):
            stop = cols[-1] + 1 if j == len(inside) - 1 else max(
                start + 2, min(o[inside[j + 1]] for o in opts))
            if j < len(inside) - 1 and cols[-1] + 1 - stop < 2 * (len(inside) - j - 1):
                stop = cols[-1] + 1 - 2 * (len(inside) - j - 1)
            out[start] = k
            for c in range(start + 1, stop):
                out[c] = SPREAD
            start = stop


def column_identities(nums: Sequence[Sequence[Decimal | None] | None], width: int,
                      decimals: int) -> list[Identity]:
    """Identities between columns that every full row satisfies, with at least two rows where
    they say something (a total that is not zero)."""
    full = [list(r) for r in nums if r is not None and len(r) == width and None not in r]
    if len(full) < 2 or not 2 <= width <= MAX_IDENTITY_WIDTH:
        return []
    found: list[Identity] = []
    for i in range(width):
        others = [j for j in range(width) if j != i]
        if sum(1 for r in full if r[i] != 0) < 2:
            continue  # a total that says something on fewer than two rows (not per subset)
        for size in range(1, len(others) + 1):
            for subset in combinations(others, size):
                if all(_adds_up(r, i, subset, decimals) for r in full):  # type: ignore[arg-type]
                    found.append((i, subset))
    return found


def _headed_total(nums: Sequence[Sequence[Decimal | None] | None], width: int, decimals: int,
                  total_cols: Sequence[int]) -> list[Identity]:
    """`合计 人员经费 公用经费` with one full row (the total row): its header says the first
    column is the sum of the others, and that row bears it out. Or, the header's total
    standing first, the rows bear it out when each gives its total first and then its figures
    (`2,164.53 2,164.53`) on at least three rows, and it fails on one row at most (a wrong
    figure, which the identity will then report)."""
    full = [list(r) for r in nums if r is not None and len(r) == width and None not in r]
    if len(total_cols) != 1 or not full or not 3 <= width <= MAX_IDENTITY_WIDTH:
        return []
    i = total_cols[0]
    others = tuple(j for j in range(width) if j != i)
    if any(r[i] != 0 for r in full) and all(_adds_up(r, i, others, decimals)  # type: ignore[arg-type]
                                            for r in full):
        return [(i, others)]
    if i != 0:
        return []
    given = [list(r) for r in nums if r is not None and len(r) >= 2 and None not in r]
    held = [_adds_up(r, 0, tuple(range(1, len(r))), decimals) for r in given]  # type: ignore[arg-type]
    partial = sum(h for r, h in zip(given, held, strict=True) if len(r) < width and r[0] != 0)
    if partial >= 3 and held.count(False) <= 1:
        return [(i, others)]
    return []


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _adds_up(row: Sequence[Decimal], i: int, subset: tuple[int, ...], decimals: int) -> bool:
    """row[i] = Σ row[subset] within the rounding of the figures as written."""
    return abs(row[i] - sum((row[j] for j in subset), Decimal(0))) <= _slack(len(subset), decimals)


def _slack(parts: int, decimals: int) -> Decimal:
    """The rounding a sum of `parts` figures written to `decimals` places may be off by."""
    slack = _SLACK.get((parts, decimals))
    if slack is None:  # the same few (parts, decimals) for every placement tried
        slack = _SLACK[(parts, decimals)] = Decimal(parts + 1) * Decimal(5).scaleb(-decimals - 1)
    return slack


_SLACK: dict[tuple[int, int], Decimal] = {}


def _spread(nums: Sequence[Decimal], placement: Placement, width: int) -> list[Decimal]:
    out = [Decimal(0)] * width
    for n, c in zip(nums, placement, strict=True):
        out[c] = n
    return out


def _options(nums: Sequence[Decimal | None] | None, width: int,
             identities: list[Identity], limit: int = MAX_OPTIONS) -> list[Placement]:
    if nums is None or not nums or len(nums) > width:
        return []
    if len(nums) == width:
        return [tuple(range(width))]
    opts = list(islice(combinations(range(width), len(nums)), limit))
    if identities and None not in nums:
        # the placements that break the fewest identities: all of them on a consistent row;
        # on a row no placement makes consistent, the nearest ones, so that a figure they
        # agree on is still summed and the broken identity is reported at this row
        # (`_adds_up` of `_spread` rows, inlined: up to 256 placements by every identity)
        zero = Decimal(0)
        checks = [(i, s, _slack(len(s), 6)) for i, s in identities]
        broken: list[int] = []
        for o in opts:
            row = [zero] * width
            for n, c in zip(nums, o, strict=True):
                row[c] = n  # type: ignore[call-overload]
            broken.append(sum(1 for i, s, slack in checks
                              if not abs(row[i] - sum([row[j] for j in s], zero)) <= slack))
        least = min(broken)
        if least < len(identities):
            opts = [o for o, b in zip(opts, broken, strict=True) if b == least]
    return opts


def _parent(codes: Sequence[str | None], i: int) -> int | None:
    """The nearest row above whose code is a prefix of row i's."""
    code = codes[i]
    if not code:
        return None
    for j in range(i - 1, -1, -1):
        c = codes[j]
        if c and code.startswith(c) and len(c) < len(code):
            return j
    return None


def _known(nums: Sequence[Decimal | None] | None, opts: list[Placement], width: int
           ) -> list[Decimal | None]:
    """A row's figure in each column where its placements agree (0 for an empty cell)."""
    out: list[Decimal | None] = [None] * width
    if nums is None or not opts:
        return out
    for c in range(width):
        held = {o.index(c) if c in o else None for o in opts}
        if len(held) == 1:
            k = held.pop()
            out[c] = Decimal(0) if k is None else nums[k]
    return out


def _narrow_by_parents(nums: list[list[Decimal | None] | None], options: list[list[Placement]],
                       parents: list[int | None], width: int) -> None:
    """Keep the placements that put each figure where the parent has one at least as large
    (parents come first, so each row sees its parent as already narrowed)."""
    for i, p in enumerate(parents):
        row = nums[i]
        if p is None or row is None or len(options[i]) < 2:
            continue
        parent = _known(nums[p], options[p], width)
        kept = [o for o in options[i] if all(
            n is None or parent[c] is None or n == 0 or (parent[c] != 0 and abs(n) <= abs(parent[c]))
            for n, c in zip(row, o, strict=True))]
        options[i] = kept or options[i]


def _by_total(nums: list[list[Decimal | None] | None], options: list[list[Placement]],
              codes: Sequence[str | None], totals: Sequence[bool], width: int,
              decimals: int) -> bool:
    """Place the top-level rows together so that each column adds up to the total row; kept
    only when exactly one joint placement does. True when something was placed."""
    total = next((nums[i] for i, t in enumerate(totals) if t and nums[i] is not None
                  and len(nums[i]) == width and None not in nums[i]), None)  # type: ignore[arg-type]
    coded = [c for c in codes if c]
    if total is None or not coded:
        return False
    top = [i for i, c in enumerate(codes) if c and not any(
        d != c and c.startswith(d) for d in coded)]
    if any(nums[i] is None or None in nums[i] or not options[i] for i in top):  # type: ignore[operator]
        return False
    open_rows = [i for i in top if len(options[i]) > 1]
    if not open_rows:
        return False
    combos = 1
    for i in open_rows:
        combos *= len(options[i])
    if combos > MAX_COMBINATIONS:
        return False
    fits: list[tuple[Placement, ...]] = []
    for choice in product(*(options[i] for i in open_rows)):
        chosen = dict(zip(open_rows, choice, strict=True))
        sums = [Decimal(0)] * width
        for i in top:
            for c, v in enumerate(_spread(nums[i], chosen.get(i, options[i][0]), width)):  # type: ignore[arg-type]
                sums[c] += v
        slack = Decimal(len(top) + 1) * Decimal(5).scaleb(-decimals - 1)
        if all(abs(s - t) <= slack for s, t in zip(sums, total, strict=True)):  # type: ignore[arg-type]
            fits.append(choice)
            if len(fits) > 1:
                return False
    if len(fits) != 1:
        return False
    for i, placement in zip(open_rows, fits[0], strict=True):
        options[i] = [placement]
    return True


def _by_classes(nums: list[list[Decimal | None] | None], options: list[list[Placement]],
                codes: Sequence[str | None], totals: Sequence[bool], width: int, decimals: int,
                classes: Mapping[int, Sequence[str]]) -> bool:
    """Place each open row by its code's class (`50101` in 人员经费, `50201` in 公用经费);
    kept only when every row is so placed and the rows then add up to the total row in
    every column but at most one. True when something was placed."""
    total = _full_total(nums, totals, width)
    if total is None or not classes:
        return False
    chosen: dict[int, Placement] = {}
    for i, opts in enumerate(options):
        if len(opts) < 2 or totals[i]:
            continue
        code = codes[i] or ""
        fit = [o for o in opts if all(c not in classes or code.startswith(tuple(classes[c]))
                                      for c in o)]
        if len(fit) != 1:
            return False
        chosen[i] = fit[0]
    if not chosen:
        return False
    coded = [c for c in codes if c]
    top = [i for i, c in enumerate(codes) if c and not any(
        d != c and c.startswith(d) for d in coded)]
    rest = [i for i, row in enumerate(nums) if row is not None and not totals[i]]
    if any(not codes[i] for i in rest):
        return False  # a row of no class (a subtotal?): the column sums would not tell
    sums = [Decimal(0)] * width
    for i in top:
        row = nums[i]
        if row is None or None in row or not options[i]:
            return False
        for c, v in enumerate(_spread(row, chosen.get(i, options[i][0]), width)):  # type: ignore[arg-type]
            sums[c] += v
    slack = Decimal(len(top) + 1) * Decimal(5).scaleb(-decimals - 1)
    failing = sum(abs(s - t) > slack for s, t in zip(sums, total, strict=True))
    # a figure placed in the wrong class breaks two columns; one wrong figure breaks one,
    # which the placement must not hide (the checks then report it)
    if failing > 1 or width - failing < 2:
        return False
    for i, placement in chosen.items():
        options[i] = [placement]
    return True


def _full_total(nums: list[list[Decimal | None] | None], totals: Sequence[bool], width: int
                ) -> list[Decimal] | None:
    return next((nums[i] for i, t in enumerate(totals) if t and nums[i] is not None  # type: ignore[misc]
                 and len(nums[i]) == width and None not in nums[i]), None)  # type: ignore[arg-type]


def _cells(nums: Sequence[Decimal | None] | None, opts: list[Placement], width: int
           ) -> list[int | None]:
    out: list[int | None] = [None] * width
    if nums is None or not opts:
        return out
    for k in range(len(nums)):
        cols = {o[k] for o in opts}
        if len(cols) == 1:
            out[cols.pop()] = k
        else:
            for c in cols:
                if out[c] is None:
                    out[c] = UNKNOWN
    return out
