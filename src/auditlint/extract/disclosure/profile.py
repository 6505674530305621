"""A report's profile (auditlint.profile): who publishes it, for which year, of which kind,
and the figures that checks across reports compare.

* the body: the name on its `编制部门：` / `编制单位：` lines (the most frequent), else the
  title's words before the year when nothing but 年度/部门/预算… stands between them;
* the year, 预算 or 决算, 部门 or 单位: from the title (the first lines, up to where both a
  year and a kind have been read);
* each standard table's total for every classification code (rules/disclosure.toml names the
  tables), and the figures of its columns that state another report's: the year before's
  budget (`上年预算数`), the budget the year began with (`年初预算数`, in final accounts);
* the narrative's amounts by label, and those stated against an earlier report
  (`财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元`).

Every word comes from rules/reports.toml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from auditlint.document import Paragraph, Span
from auditlint.extract.context import ExtractContext
from auditlint.extract.disclosure.tables import _read as read_coded
from auditlint.extract.disclosure.tables import spec_of
from auditlint.extract.quantity import Quantity
from auditlint.extract.tableview.text import norm, strip_numbering
from auditlint.extract.tableview.view import coded_rows, view_of
from auditlint.facts import Fact
from auditlint.lazyre import lazy_compile
from auditlint.packs import RulePacks
from auditlint.profile import Figure, Kind, Level, ReportProfile, Stated

TITLE_LINES = 6  # the title is read from at most this many non-empty lines
_YEAR = lazy_compile(r"(?:19|20)\d{2}")
_QUOTES = lazy_compile(r"[“”\"‘’'《》「」]")


@dataclass(frozen=True)
class Words:
    """The words of rules/reports.toml, with the patterns built from them."""

    prefixes: tuple[str, ...]
    stops: tuple[str, ...]
    final: tuple[str, ...]
    budget: tuple[str, ...]
    unit: tuple[str, ...]
    department: tuple[str, ...]
    fillers: tuple[str, ...]
    noise: tuple[str, ...]
    body_line: re.Pattern[str]
    compare: re.Pattern[str]
    up: tuple[str, ...]
    down: tuple[str, ...]
    final_basis: tuple[str, ...]
    initial_basis: tuple[str, ...]
    item: re.Pattern[str]
    item_tables: tuple[str, ...]
    class_suffixes: tuple[str, ...]
    initial_labels: tuple[str, ...]
    prior_headers: tuple[str, ...]
    prior_year_headers: tuple[str, ...]
    initial_headers: tuple[str, ...]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


_CACHE: dict[int, tuple[RulePacks, Words]] = {}


def words_of(packs: RulePacks) -> Words:
    """The words of these packs (built once per set of packs)."""
    hit = _CACHE.get(id(packs))
    if hit is None or hit[0] is not packs:
        hit = (packs, _build_words(packs))
        _CACHE[id(packs)] = hit
    return hit[1]


def _build_words(packs: RulePacks) -> Words:
    w = packs.words
    prefixes = tuple(w("report_body_prefixes"))
    body_line = re.compile(rf"(?:^|(?<=\s))(?P<prefix>{_alt(list(prefixes)) or '(?!)'})\s*[：:]\s*"
                           r"(?P<name>[^\s：:]+)")
    basis = w("compare_budget_basis") + w("compare_final_basis")
    direction = w("compare_up") + w("compare_down") + w("compare_flat")
    compare = re.compile(
        rf"\s*[，,]?\s*(?:{_alt(w('compare_openers')) or '(?!)'})\s*"
        rf"(?:(?P<year>(?:19|20)\d{{2}})\s*年度?|(?P<prior>{_alt(w('compare_prior_year')) or '(?!)'}))"
        rf"\s*(?P<basis>{_alt(basis) or '(?!)'})\s*(?:(?:{_alt(w('compare_joiners')) or '(?!)'})\s*)*"
        rf"(?P<dir>{_alt(direction) or '(?!)'})\s*了?\s*")
    levels = w("item_level_words")
    stops = r"（(），。；、“”\""
    name = rf"[^{stops}]+?"
    # a match starts where a run of name characters starts: the leftmost match always does,
    # and without the anchor a long run is tried from each of its characters (quadratic)
    item = re.compile(rf"(?:^|(?<=[{stops}]))" + "".join(
        rf"(?P<l{i}>{name})[（(]{re.escape(word)}[)）]" for i, word in enumerate(levels))
    ) if levels else re.compile("(?!)")
    return Words(
        item=item, item_tables=tuple(w("item_tables")),
        class_suffixes=tuple(w("item_class_optional_suffixes")),
        initial_labels=tuple(norm(x) for x in w("item_initial_labels")),
        prefixes=prefixes, stops=tuple(w("report_body_stops")),
        final=tuple(w("report_final_words")), budget=tuple(w("report_budget_words")),
        unit=tuple(w("report_unit_words")), department=tuple(w("report_department_words")),
        fillers=tuple(sorted(w("report_title_fillers"), key=len, reverse=True)),
        noise=tuple(sorted(w("report_label_noise"), key=len, reverse=True)),
        body_line=body_line, compare=compare, up=tuple(w("compare_up")),
        down=tuple(w("compare_down")), final_basis=tuple(w("compare_final_basis")),
        initial_basis=tuple(w("compare_initial_basis")),
        prior_headers=tuple(norm(h) for h in w("prior_budget_headers")),
        prior_year_headers=tuple(norm(h) for h in w("prior_budget_year_headers")),
        initial_headers=tuple(norm(h) for h in w("initial_budget_headers")),
    )


def extract(ctx: ExtractContext) -> None:
    words = words_of(ctx.packs)
    texts = [b.text.text for b in ctx.document.blocks if isinstance(b, Paragraph)]
    profile = identify(texts, ctx.document.lines, words)
    _tables(ctx, profile, words)
    _items(ctx, profile, words)
    _narrative(ctx, profile, words)
    ctx.graph.profile = profile


# -- who, when, what -------------------------------------------------------------------------

def identify(texts: list[str], lines: list[str], words: Words) -> ReportProfile:
    """Body, year, kind and level of a report: the title from its first paragraphs
    (`texts`), the body from the lines that name it (`lines`: every line of the file, since
    a reader may take such a line for a table's caption)."""
    title = _title(texts, words)
    profile = ReportProfile(title=title)
    if m := _YEAR.search(title):
        profile.year = int(m.group())
    profile.kind = _kind(title, words)
    profile.level = _level(title, words)
    names: dict[str, list[str]] = {}
    for line in lines:
        for m in words.body_line.finditer(line):
            if name := _body_name(m.group("name"), words):
                names.setdefault(m.group("prefix"), []).append(name)
    first = next((names[p] for p in words.prefixes if p in names), None)
    if first:
        profile.body = Counter(first).most_common(1)[0][0]
    else:
        profile.body = _body_of_title(title, words)
    return profile


def _title(texts: list[str], words: Words) -> str:
    """The first paragraphs, up to where a year and a kind have both been read (or a line
    naming the body begins)."""
    title: list[str] = []
    for raw in texts:
        m = words.body_line.search(raw)
        text = norm(raw[:m.start()] if m else raw)
        if text:
            title.append(text)
        joined = "".join(title)
        if m or len(title) >= TITLE_LINES or (_YEAR.search(joined) and _kind(joined, words)):
            break
    return "".join(title)


def _body_name(raw: str, words: Words) -> str:
    for stop in words.stops:
        at = raw.find(stop)
        if at >= 0:
            raw = raw[:at]
    return raw.strip()


def _kind(text: str, words: Words) -> Kind | None:
    if any(w in text for w in words.final):
        return "final"
    if any(w in text for w in words.budget):
        return "budget"
    return None


def _level(text: str, words: Words) -> Level | None:
    unit = any(w in text for w in words.unit)
    department = any(w in text for w in words.department)
    if unit != department:
        return "unit" if unit else "department"
    return None


def _body_of_title(title: str, words: Words) -> str | None:
    """The title's words before the year (or after it, up to the kind), when only fillers
    (年度, 部门, 预算 …) stand between them and the kind: `国家信访局2024年度部门决算`."""
    m = _YEAR.search(title)
    if m is None:
        return None
    before, after = title[:m.start()], title[m.end():]
    if before:
        head, cut = _strip_fillers(before, words, trailing=True)
        rest, _ = _strip_fillers(after, words, trailing=False)
        if head and not rest and (cut or after):
            return head
        return None
    rest = after
    for w in words.fillers:
        if rest.startswith(w) and w in ("年度", "年"):
            rest = rest[len(w):]
            break
    ends = [rest.find(w) for w in (*words.department, *words.unit, *words.final, *words.budget)
            if rest.find(w) > 0]
    return rest[:min(ends)] if ends else None


def _strip_fillers(text: str, words: Words, trailing: bool) -> tuple[str, bool]:
    """`text` with filler words cut from its end (or start), and whether any was cut."""
    cut = False
    changed = True
    while text and changed:
        changed = False
        for w in words.fillers:
            if trailing and text.endswith(w):
                text, changed = text[:-len(w)], True
            elif not trailing and text.startswith(w):
                text, changed = text[len(w):], True
            if changed:
                cut = True
                break
    return text, cut


# -- figures ---------------------------------------------------------------------------------

def _figure(ctx: ExtractContext, fact: Fact, label: str | None = None) -> Figure:
    lines = ctx.document.lines
    span: Span = fact.span
    source = lines[span.line - 1] if 1 <= span.line <= len(lines) else ""
    return Figure(value=fact.value, decimals=fact.decimals, multiplier=fact.multiplier,
                  unit=fact.unit, text=fact.text, label=label if label is not None else fact.label,
                  location=fact.location, span=span, source=source)


def _is_amount(fact: Fact) -> bool:
    return fact.kind == "amount" and fact.unit is not None


def _tables(ctx: ExtractContext, profile: ReportProfile, words: Words) -> None:
    """Each standard table's total for a code, and the codes' figures in columns stating the
    year before's budget or the year's initial budget. A code a table states twice, or two
    tables of one name state differently, is left out: which one would be compared?"""
    specs = ctx.packs.tables
    if not specs:
        return
    facts = ctx.graph.facts
    found: dict[str, dict[str, dict[str, list[int]]]] = {"codes": {}, "prior": {}, "initial": {}}
    for table in ctx.document.tables:
        spec = spec_of(table.caption, specs)
        if spec is None:
            continue
        profile.scopes[spec.name] = spec.scope
        coded = read_coded(ctx, table, specs)
        if coded is not None:
            for code, fid in coded.by_code.items():
                found["codes"].setdefault(spec.name, {}).setdefault(code, []).append(fid)
        view = view_of(ctx, table)
        for part in view.blocks or [view]:
            for col in part.columns:
                which = _column_kind(col.header, profile.year, words)
                if which is None:
                    continue
                seen: dict[str, list[int]] = {}
                for row in part.rows:
                    fid = part.fact(row.index, col.index)
                    code = row.code_digits
                    if fid is None or row.is_total or not code:
                        continue
                    seen.setdefault(code, []).append(fid)
                for code, fids in seen.items():
                    if len(fids) == 1:
                        found[which].setdefault(spec.name, {}).setdefault(code, []).append(fids[0])
    targets = {"codes": profile.codes, "prior": profile.prior_codes,
               "initial": profile.initial_codes}
    for which, by_spec in found.items():
        for name, by_code in by_spec.items():
            for code, fids in by_code.items():
                figs = [facts[f] for f in fids]
                if not all(_is_amount(f) for f in figs):
                    continue
                if any(f.value * f.multiplier != figs[0].value * figs[0].multiplier for f in figs):
                    continue
                targets[which].setdefault(name, {})[code] = _figure(ctx, figs[0])


def _items(ctx: ExtractContext, profile: ReportProfile, words: Words) -> None:
    """The figures of each 项 (seven-digit code) in the tables that give its whole budget
    (`item_tables`), by the names of the rows of its 类, 款 and 项: how a 决算's narrative
    names it. A name path stated twice with different figures is left out."""
    facts = ctx.graph.facts
    found: dict[str, list[Fact]] = {}
    for table in ctx.document.tables:
        spec = spec_of(table.caption, ctx.packs.tables)
        if spec is None or spec.name not in words.item_tables:
            continue
        names: dict[str, str] = {}
        for row, fid in coded_rows(ctx, table):
            code = row.code_digits or ""
            if row.is_total:
                continue
            names[code] = strip_numbering(norm(row.label))
            if fid is None or len(code) != 7 or not _is_amount(facts[fid]):
                continue
            path = (names.get(code[:3]), names.get(code[:5]), names[code])
            if all(path):
                key = item_key([p or "" for p in path], words)
                found.setdefault(key, []).append(facts[fid])
    for path, figs in found.items():
        if all(f.value * f.multiplier == figs[0].value * figs[0].multiplier for f in figs):
            profile.items[path] = _figure(ctx, figs[0])


def item_key(names: list[str], words: Words) -> str:
    """`类/款/项` names as one key, the class's optional ending cut (一般公共服务支出 and
    一般公共服务 are one class)."""
    if names:
        for suffix in words.class_suffixes:
            if names[0].endswith(suffix) and len(names[0]) > len(suffix):
                names = [names[0][:-len(suffix)], *names[1:]]
                break
    return "/".join(names)


def _column_kind(header: str, year: int | None, words: Words) -> str | None:
    h = norm(header).split("/")[-1] if header else ""
    if not h:
        return None
    if h in words.initial_headers:
        return "initial"
    if h in words.prior_headers:
        return "prior"
    if year is not None:
        for tail in words.prior_year_headers:
            if h == f"{year - 1}{tail}":
                return "prior"
    return None


def _narrative(ctx: ExtractContext, profile: ReportProfile, words: Words) -> None:
    facts = ctx.graph.facts
    for block_no, found in sorted(ctx.paragraph_facts.items()):
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        if profile.kind == "final":
            _initial_item(ctx, profile, words, text, found)
        for i, (q, fid) in enumerate(found):
            fact = facts[fid]
            if not _is_amount(fact):
                continue
            label = normal_label(fact.label, profile.body, profile.year, words)
            if len(label) < 2:
                continue
            profile.named.setdefault(label, []).append(_figure(ctx, fact, label))
            nxt = found[i + 1] if i + 1 < len(found) else None
            stated = _stated(ctx, text, q.end, nxt, fact, label, profile, words)
            if stated is not None:
                profile.stated.append(stated)


def _initial_item(ctx: ExtractContext, profile: ReportProfile, words: Words, text: str,
                  found: list[tuple[Quantity, int]]) -> None:
    """An item of a 决算's narrative: its 类/款/项 names, and the one 年初预算 amount stated
    after them in the paragraph."""
    m = words.item.search(text)
    if m is None:
        return
    path = item_key([strip_numbering(norm(g)).strip("“”\"") for g in m.groups()], words)
    initial = [fid for q, fid in found if q.start >= m.end()
               and norm(ctx.graph.facts[fid].label) in words.initial_labels
               and _is_amount(ctx.graph.facts[fid])]
    if len(initial) == 1 and path not in profile.initial_items:
        profile.initial_items[path] = _figure(ctx, ctx.graph.facts[initial[0]])


def _stated(ctx: ExtractContext, text: str, end: int, nxt: tuple[Quantity, int] | None,
            fact: Fact, label: str, profile: ReportProfile, words: Words) -> Stated | None:
    """The comparison written right after an amount, when there is one."""
    upto = nxt[0].start if nxt is not None else len(text)
    m = words.compare.match(text, end, upto)
    if m is None:
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif profile.year is not None:
        year = profile.year - 1
    else:
        return None
    basis: Kind = "final" if m.group("basis") in words.final_basis else "budget"
    initial = m.group("basis") in words.initial_basis
    direction = m.group("dir")
    phrase = text[end:m.end()].strip(" ，,")
    if direction in words.up or direction in words.down:
        if nxt is None or nxt[0].start != m.end():
            return None  # the change is not an amount written right there
        change = ctx.graph.facts[nxt[1]]
        sign = 1 if direction in words.up else -1
        if change.kind == "percent" and change.unit == "%":  # 比上年预算增长5.00%
            return Stated(label=label, current=_figure(ctx, fact, label), rate=_figure(ctx, change),
                          sign=sign, year=year, basis=basis, initial=initial,
                          phrase=phrase + " " + change.text)
        if not _is_amount(change):
            return None
        return Stated(label=label, current=_figure(ctx, fact, label), change=_figure(ctx, change),
                      sign=sign, year=year, basis=basis, initial=initial, phrase=phrase + " " + change.text)
    return Stated(label=label, current=_figure(ctx, fact, label), change=None, sign=0,
                  year=year, basis=basis, initial=initial, phrase=phrase)


def normal_label(label: str, body: str | None, year: int | None, words: Words) -> str:
    """A figure's label as another report would write it: the report's own year, its body's
    name, quotes, numbering and filler words cut (`2025年“三公”经费预算数` -> `三公经费预算数`).
    Another year stays: `2023年财政拨款收入` in a 2024 report is not its 财政拨款收入."""
    t = norm(label)
    if year is not None:
        t = re.sub(rf"{year}年(?:度)?", "", t)
    if body:
        t = t.replace(body, "")
    t = _QUOTES.sub("", t)
    t = strip_numbering(t)
    changed = True
    while t and changed:
        changed = False
        for w in words.noise:
            if t.startswith(w):
                t, changed = t[len(w):], True
            elif t.endswith(w):
                t, changed = t[:-len(w)], True
            if changed:
                break
        t = t.strip("：:，,、")
    return t
