"""Mentions: each figure of the text and of the tables with the subject it is a figure of."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import (
    Subject,
    Vocabulary,
    clean,
    is_specific,
    parse_phrase,
    resolve_year,
)
from auditlint.extract.crossref.scope import YEAR_IN_TEXT
from auditlint.extract.disclosure.tables import spec_of
from auditlint.extract.quantity import Quantity
from auditlint.extract.tableview.model import Row, TableView
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact
from auditlint.lazyre import lazy_compile
from auditlint.units import dimension_of

_CLAUSE_BREAK = lazy_compile(r"[，,。；;：:！？!?（）()\n]")
_SENTENCE_BREAK = "。；;！？!?\n"


# --- mentions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    fact: Fact
    subject: Subject
    approximate: bool = False
    enumerated: bool = False  # an item of an enumeration (`、B 118 万元`): its head names it
    read_as: UnitReading | None = None  # the unit a cell of a table without one is read in
    column_total: bool = False  # a total row's cell, named by its column (合计 / 基本支出)


@dataclass(frozen=True)
class UnitReading:
    """The money unit a table that states none is read in, and the links that show it."""

    table: int
    unit: str
    multiplier: Decimal
    shown_by: tuple[str, ...]  # subjects whose mentions agree only in this unit

    def reason(self) -> str:
        subjects = "、".join(self.shown_by[:3]) + ("…" if len(self.shown_by) > 3 else "")
        return (f"table {self.table} states no unit; read in {self.unit}, the unit in which "
                f"its {subjects} agree{'s' if len(self.shown_by) == 1 else ''} with the "
                f"other mentions")


_APPENDIX = lazy_compile(r"^\s*(附表|附件|附录)\s*([0-9一二三四五六七八九十]*)")


def place_name(*texts: str | None) -> str:
    """The appendix a mention stands in (`附表 1`), from a table's caption or its section path;
    "" for the body of the report."""
    for text in texts:
        m = _APPENDIX.match(text or "")
        if m:
            return f"{m.group(1)} {m.group(2)}".strip()
    return ""


def _section_info(section: tuple[str, ...], vocab: Vocabulary) -> tuple[str, str, bool]:
    return _section_info_of(section, vocab.summary_parts)


@lru_cache(maxsize=1024)
def _section_info_of(section: tuple[str, ...], summary_parts: tuple[str, ...]
                     ) -> tuple[str, str, bool]:
    """(part, path, summary) of a section path; every figure under one heading asks again."""
    cleaned = [clean(s) for s in section]
    summary = any(c in _summary_words(summary_parts) for c in cleaned)
    return (cleaned[0] if cleaned else "", " / ".join(section), summary)


@lru_cache(maxsize=64)
def _summary_words(summary_parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(clean(w) for w in summary_parts)


def narrative_mentions(ctx: ExtractContext, vocab: Vocabulary, doc_year: str | None,
                       scopes: dict[int, str], in_forms: set[int],
                       inside: bool = False) -> list[Mention]:
    """Mentions of the paragraphs (of those inside forms when `inside`, else of the others)."""
    out: list[Mention] = []
    parts = tuple(dict.fromkeys(t.part for t in ctx.packs.tables if t.part))
    for block_no, found in sorted(ctx.paragraph_facts.items()):
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph) or block.heading or (block_no in in_forms) != inside:
            continue
        text = block.text.text
        part, section, summary = _section_info(block.section, vocab)
        scope = scopes.get(block_no, "")
        # the headings above a form say nothing of the form's own figures
        heading_tags = frozenset() if inside else _heading_tags(block.section, vocab)
        floor = 0
        breaks = [i for i, ch in enumerate(text) if ch in _SENTENCE_BREAK]
        parens, years = _Parens(text), _Years(text, breaks)
        for q, fact_id in found:
            fact = ctx.graph[fact_id]
            i = bisect.bisect_left(breaks, q.start)
            sentence_start = (breaks[i - 1] if i else -1) + 1
            subject = _narrative_subject(text, q, fact, vocab, sentence_start, floor,
                                         parens)
            floor_before, floor = floor, q.end
            if subject is None:
                continue
            if heading_tags and not subject.tags & vocab.heading_tags:
                subject = subject.but(tags=subject.tags | heading_tags)
            year = subject.year or years.before(sentence_start, q.start)
            subject = subject.but(year=resolve_year(year, doc_year), scope=scope, part=part,
                                  section=section, summary=summary, block=block_no,
                                  place=place_name(*block.section))
            if (only := _part_named(block.section, parts)) and only not in subject.core:
                subject = subject.but(qualifier=f"{subject.qualifier}[{only}]")
            enumerated = clause_before(text, q.start, floor=floor_before).lstrip().startswith("、")
            out.append(Mention(fact, subject, approximate=_approximate(text, q, vocab),
                               enumerated=enumerated))
    return out


def _sentence_year(text: str, start: int, end: int) -> str:
    """A year written earlier in the sentence (`2023年城镇职工参保 2.65 万人`), unless compared."""
    head = text[start:end]
    years = {m.group(1) for m in YEAR_IN_TEXT.finditer(head)
             if not re.search(r"(比|较|与|同|至|到|[-－—~])\s*$", head[: m.start()])}
    if len(years) == 1:
        return years.pop()
    return "?" if years else ""


def _approximate(text: str, q: Quantity, vocab: Vocabulary) -> bool:
    after = text[q.end: q.end + 3].lstrip()
    before = text[max(0, q.start - 3): q.start].rstrip()
    return q.comparator == "~" or after.startswith(vocab.approx_after) \
        or before.endswith(vocab.approx_before)


def _heading_tags(section: tuple[str, ...], vocab: Vocabulary) -> frozenset[str]:
    """预算/决算/目标 qualifiers of the nearest heading that has any (see labels.toml); none
    when that heading speaks of the money's use too (预算资金安排及使用情况): its figures are
    budgets and outturns alike."""
    for heading in reversed(section):
        tags = parse_phrase(heading, vocab).tags & vocab.heading_tags
        if tags:
            if any(w in clean(heading) for w in vocab.heading_use_words):
                return frozenset()
            return frozenset(tags)
    return frozenset()


def clause_before(text: str, start: int, limit: int = 40, floor: int = 0) -> str:
    """The clause a number closes (enumeration commas 、 kept: they join one subject), never
    reaching back past the number before it (`floor`). Only the `limit` characters before
    `start` can be kept, so only they are searched for a break (not the whole text again
    for each number of a long line)."""
    lo = max(floor, start - limit - 1)
    cut = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, start):
        if not _in_level_mark(text, m.start()):
            cut = m.end()
    return text[max(cut, floor, start - limit):start]


_LEVEL_MARK = lazy_compile(r"[（(][类款项][)）]")


def _in_level_mark(text: str, i: int) -> bool:
    """The bracket at `i` is one of a classification level mark (`公共安全（类）支出`): part of
    the name, not a break between clauses."""
    return bool(_LEVEL_MARK.match(text, i) or _LEVEL_MARK.match(text, max(0, i - 2)))


class _Parens:
    """The bracket a position stands inside, within its sentence. Positions are asked in
    increasing order, so the sentence is read once, not once per number."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence = -1
        self.pos = 0
        self.open: list[int] = []

    def enclosing(self, start: int, sentence_start: int) -> int | None:
        """The innermost bracket opened in [sentence_start, start) and not closed there."""
        if sentence_start != self.sentence or start < self.pos:
            self.sentence, self.pos, self.open = sentence_start, sentence_start, []
        for i in range(self.pos, start):
            ch = self.text[i]
            if ch in "（(":
                self.open.append(i)
            elif ch in "）)" and self.open:
                self.open.pop()
        self.pos = max(self.pos, start)
        return self.open[-1] if self.open else None


class _Years:
    """Years written in a sentence before a position (`2023年…`), each with whether it is
    compared (`比2023年`); found once per sentence, and taken in as the positions asked grow
    (the numbers of a sentence are asked in order), so a long sentence is read once."""

    def __init__(self, text: str, breaks: list[int]) -> None:
        self.text = text
        self.breaks = breaks  # where the sentences of `text` end
        self.sentence = -1
        self.found: list[tuple[int, str, bool]] = []  # (end, year, compared)
        self.end = -1
        self.taken = 0  # how many of `found` end by `self.end`
        self.years: set[str] = set()  # the years among them not compared

    def before(self, sentence_start: int, end: int) -> str:
        """As `_sentence_year(text, sentence_start, end)`."""
        if sentence_start != self.sentence:
            self.sentence = sentence_start
            i = bisect.bisect_left(self.breaks, sentence_start)
            stop = self.breaks[i] if i < len(self.breaks) else len(self.text)
            self.found = [(m.end(), m.group(1), _compared(self.text, sentence_start, m.start()))
                          for m in YEAR_IN_TEXT.finditer(self.text, sentence_start, stop)]
            self.end = -1
        if end < self.end:
            self.end = -1
        if self.end < 0:
            self.taken, self.years = 0, set()
        self.end = end
        while self.taken < len(self.found) and self.found[self.taken][0] <= end:
            _, year, compared = self.found[self.taken]
            if not compared:
                self.years.add(year)
            self.taken += 1
        if len(self.years) == 1:
            return next(iter(self.years))
        return "?" if self.years else ""


def _last_char(text: str, end: int) -> int:
    """Where the last character before `end` that is not a space stands (-1: none)."""
    i = end - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i


def _compared(text: str, start: int, at: int) -> bool:
    """`比`, `至`, a dash … just before `at` (spaces skipped, not before `start`)."""
    i = at - 1
    while i >= start and text[i].isspace():
        i -= 1
    return i >= start and text[i] in "比较与同至到-－—~"


def _narrative_subject(text: str, q: Quantity, fact: Fact, vocab: Vocabulary,
                       sentence_start: int,
                       floor: int = 0, parens: _Parens | None = None) -> Subject | None:
    dim = dimension_of(fact)
    written = clause_before(text, q.start, floor=floor)
    colon = _last_char(text, q.start) if not written.strip() else -1
    if colon >= 0 and text[colon] in "：:":
        # `综合评价得分：93 分` — the subject stands before the colon
        written = clause_before(text, colon)
    phrase = parse_phrase(written, vocab)
    core, tags, reasons = phrase.core, set(phrase.tags), []
    if not is_specific(core, vocab):
        anchor = None
        paren = (parens or _Parens(text)).enclosing(q.start, sentence_start)
        if paren is not None:
            anchor = parse_phrase(clause_before(text, paren), vocab)
            if is_specific(anchor.core, vocab):
                reasons.append(f"subject {anchor.cleaned} taken from before the bracket")
            else:
                anchor = None
        if anchor is None:
            return Subject(core=core, tags=frozenset(tags), year=phrase.year, dimension=dim,
                           specific=False, written=written.strip(), cleaned=phrase.cleaned)
        core = anchor.core
        # the anchor's own measure words (分值 in 经济效益（分值 4 分）) give way to the clause's
        tags |= {t for t in anchor.tags if t not in _MEASURE_TAGS or not tags & _MEASURE_TAGS}
        year = phrase.year or anchor.year
        written = f"{anchor.cleaned}…{phrase.cleaned}"
    else:
        year = phrase.year
    if fact.kind in ("weight", "score") and not tags & _MEASURE_TAGS:
        tags.add(fact.kind)
    if _cmp(fact):
        tags.add("target")
    return Subject(core=core, tags=frozenset(tags), year=year, dimension=dim,
                   comparator=_cmp(fact), written=written.strip(), cleaned=phrase.cleaned,
                   specific=is_specific(core, vocab), synonym=phrase.synonym,
                   reasons=tuple(reasons))


_MEASURE_TAGS = frozenset({"weight", "score", "score_rate"})


def _cmp(fact: Fact) -> str | None:
    """The comparator of a target (>=, <=, >, <); `=` and `约` say nothing about which figure."""
    return fact.comparator if fact.comparator in (">=", "<=", ">", "<") else None


def table_mentions(ctx: ExtractContext, vocab: Vocabulary, doc_year: str | None,
                   scopes: dict[int, str]) -> list[Mention]:
    tables = {t.index: t for t in ctx.document.tables}
    block_of = {id(b): i for i, b in enumerate(ctx.document.blocks)}
    titles = {t.index: table_title(ctx, block_of[id(t)]) for t in ctx.document.tables}
    out: list[Mention] = []
    total_words = tuple(clean(w) for w in ctx.packs.totals("rows"))
    rows_of: dict[int, dict[int, Row]] = {}  # a view's rows by index (the first of an index)
    group_totals = ctx.packs.totals("group")
    narrower = _narrower_funds(ctx, total_words)
    # the part of the expenditure a standard table lists alone (`part` in
    # rules/disclosure.toml: 基本支出): its rows are that part's
    parts = {t.index: spec.part for t in ctx.document.tables
             if (spec := spec_of(t.caption, ctx.packs.tables)) is not None and spec.part}
    # what each table's facts share, worked out at its first fact: its views, the year its
    # caption states, its place
    views: dict[int, list[TableView]] = {}
    caption_years: dict[int, str] = {}
    places: dict[int, str] = {}
    for fact in ctx.graph.facts:
        if fact.table is None or fact.row is None or fact.col is None:
            continue
        table = tables.get(fact.table)
        if table is None:
            continue
        table_views = views.get(table.index)
        if table_views is None:
            table_views = views[table.index] = views_of(ctx, table)
        view = next((v for v in table_views if v.start <= fact.row < v.end), None)
        if view is None:
            continue
        by_index = rows_of.get(id(view))
        if by_index is None:
            by_index = rows_of[id(view)] = {}
            for r in view.rows:
                by_index.setdefault(r.index, r)
        row = by_index.get(fact.row)
        column = next((c for c in view.columns if c.index == fact.col), None)
        if row is None:
            continue
        total_cell = row.is_total and not _score_total(row.label, group_totals)
        if total_cell and not _names_a_total(column, vocab, total_words):
            continue
        if any(fact.col in p.value_cols for p in view.panels[1:]):
            continue  # a second panel (the 支出 of a 收支总表): linked by code, in disclosure
        if column is not None and column.role in ("label", "code", "text", None) \
                and fact.kind in ("weight", "score"):
            # a weight written in a label (`经济效益 (3分)`): the label cell is its subject
            subject = _cell_subject(fact, table.text(fact.row, fact.col), "", None, vocab)
            if subject is not None:
                subject = subject.but(reasons=("weight written in a label",))
        elif total_cell:
            # the total row of a column headed 基本支出: the table's 基本支出, named by its column
            # — of the funds its table covers: a 一般公共预算 table's is not the department's
            # unless the report's income says the two hold the same figures
            assert column is not None
            subject = _cell_subject(fact, column.header, "", column.role, vocab)
            fund = narrower.get(table.index, "")
            if subject is not None and fund:
                subject = subject.but(qualifier=f"{subject.qualifier}[{fund}]")
        elif not row.label and column is not None and len(view.rows) == 1:
            # one row of figures under a header of several lines (“三公”经费 / 小计 | 会议费):
            # each figure is the quantity its column names, when every column has its figure
            # (a row short of one leaves unknown which column the gap is in) or a figure the
            # reader placed over a few columns, one of them its own (that one is no column's)
            if not _full_row(view, row) or (row.index, fact.col) in view.spread:
                continue
            subject = _cell_subject(fact, _column_name(column, total_words, vocab,
                                                       _halves(view, vocab)), "",
                                    column.role, vocab)
        else:
            subject = _cell_subject(fact, row.label, column.header if column else "",
                                    column.role if column else None, vocab)
        if subject is None:
            continue
        year = subject.year
        if not year and table.caption:
            year = caption_years.get(table.index)
            if year is None:
                year = caption_years[table.index] = _sentence_year(table.caption, 0,
                                                                   len(table.caption))
        part, section, summary = _section_info(table.section, vocab)
        scope = scopes.get(block_of[id(table)], "")
        if not total_cell and (only := parts.get(table.index)):
            subject = subject.but(qualifier=f"{subject.qualifier}[{only}]")
        place = places.get(table.index)
        if place is None:
            place = places[table.index] = place_name(table.caption, *table.section)
        subject = subject.but(year=resolve_year(year, doc_year), scope=scope,
                              part=part, section=section, summary=summary, table=table.index,
                              block=fact.block, place=place,
                              column=_column_id(column), title=titles[table.index],
                              code=row.code_digits or "")
        out.append(Mention(fact, subject, column_total=total_cell))
    return out


def _part_named(section: list[str] | tuple[str, ...], parts: tuple[str, ...]) -> str:
    """The part of the expenditure the nearest heading naming one speaks of: the text under
    `（三）基本支出情况说明` states the 基本支出's 办公费, as its table does."""
    for heading in reversed(section):
        h = clean(heading)
        if found := next((p for p in parts if p in h), ""):
            return found
    return ""


def _narrower_funds(ctx: ExtractContext, total_words: tuple[str, ...]) -> dict[int, str]:
    """The standard tables (rules/disclosure.toml) of funds narrower than the whole
    department's, by Table.index, with their scope. Not narrower: a table of the whole; one
    the report's income makes the same funds (`ExtractContext.same_scopes`); one whose
    grand total is a table of the whole's (a 0.01 其他收入 aside, every expenditure is
    一般公共预算); any table when the report publishes no table of the whole (its narrower
    table is then what its text speaks of)."""
    specs = {t.index: s for t in ctx.document.tables
             if (s := spec_of(t.caption, ctx.packs.tables)) is not None}
    if not any(s.scope == "all" for s in specs.values()):
        return {}
    grand = _grand_totals(ctx, total_words)
    wholes = {grand[i] for i, s in specs.items() if s.scope == "all" and s.side == "expense"
              and i in grand}
    return {i: s.scope for i, s in specs.items()
            if s.scope != "all" and {"all", s.scope} not in ctx.same_scopes
            and not (i in grand and grand[i] in wholes)}


def _grand_totals(ctx: ExtractContext, total_words: tuple[str, ...]) -> dict[int, object]:
    """Each table's grand total: the first figure of its first row labelled 合计/总计."""
    out: dict[int, tuple[int, int, object]] = {}
    for f in ctx.graph.facts:
        if f.table is None or f.row is None or f.col is None:
            continue
        if clean(f.label.split(" / ")[0]) not in total_words:
            continue
        best = out.get(f.table)
        if best is None or (f.row, f.col) < best[:2]:
            out[f.table] = (f.row, f.col, f.value)
    return {t: v for t, (_r, _c, v) in out.items()}


def _full_row(view: TableView, row: Row) -> bool:
    """Every value column of the view has a figure in the row, its own or one spread over it
    and its neighbours (the gap is then among those columns, known to hold the one figure)."""
    return all(view.fact(row.index, c.index) is not None or (row.index, c.index) in view.spread
               for c in view.columns if c.role not in ("label", "code", "text", None))


def _column_name(column: object, total_words: tuple[str, ...], vocab: Vocabulary,
                 halves: bool = False) -> str:
    """What a column of a one-row table holds: its lowest header cell, or the group above a
    total of that group (`“三公”经费 / 小计` is the “三公”经费); in a table of two halves,
    after the group that says which figure it is (`预算数 / 公务接待费` is the budget's,
    `决算数 / …` the outturn's)."""
    path = [p for p in getattr(column, "path", ()) if clean(p)]
    while len(path) > 1 and clean(path[-1]) in total_words:
        path.pop()
    if not path:
        return ""
    qualifiers = [p for p in path[:-1] if _names_a_figure(p, vocab)] if halves else []
    return "".join(qualifiers) + path[-1]


def _names_a_figure(group: str, vocab: Vocabulary) -> bool:
    """A header group that only says which figure its columns hold (预算数, 决算数)."""
    phrase = parse_phrase(clean(group), vocab)
    return bool(phrase.tags) and not phrase.core


def _halves(view: TableView, vocab: Vocabulary) -> bool:
    """Whether a one-row table's columns fall under two or more groups that each say which
    figure they hold (预算数 and 决算数 side by side): only then does the group name it."""
    tops = {c.path[0] for c in view.columns if getattr(c, "path", ()) and clean(c.path[0])}
    return len([t for t in tops if _names_a_figure(t, vocab)]) >= 2


_PERIOD_TAGS = frozenset({"budget", "budget_initial", "budget_full", "actual"})


# the period a report's money figures are of when they name none, by the report's kind
PERIOD_OF_KIND = {"budget": "budget", "final": "actual"}


def of_period(m: Mention, tag: str) -> Mention:
    """In a 预算 report a money figure that names no period is this budget's (`tag`), in a
    决算 report the outturn's: the total of a column headed 基本支出 is what the text calls
    `基本支出预算 x`, a table's row 行政运行 is what the text under a heading `…预算情况说明`
    states of it, and the text's `行政运行 x 万元` names the row without the word. Figures
    of another period keep their own tag (执行数, 预算) or year."""
    s = m.subject
    if s.dimension != "money" or s.tags & _PERIOD_TAGS:
        return m
    return replace(m, subject=s.but(tags=s.tags | {tag}))


_SCORE_ROLES = ("weight", "score", "score_rate")
_TABLE_NUMBER = lazy_compile(
    r"(?:公开|附表|附件|表)\s*[0-9一二三四五六七八九十]+(?:\s*[-－.．]\s*[0-9]+)*\s*表?"
    r"|(?:金额)?单位\s*[：:]\s*(?:万元|千元|亿元|元)|[（(]?\s*(?:19|20)[0-9]{2}\s*年度?\s*[）)]?"
    r"|第\s*[0-9]+\s*页")


def _column_id(column: object) -> str:
    """What a column holds, for linking cells of two tables: a scoring role (满分 and 分值
    both hold the weight) or else its whole header, every header row of it."""
    role = getattr(column, "role", None)
    if role in _SCORE_ROLES:
        return f"role:{role}"
    return clean(getattr(column, "header", "") or "")


def table_title(ctx: ExtractContext, block_no: int) -> str:
    """The kind of table a table is: its caption and the short title lines just above it
    (`收入决算表`, `部门：… 金额单位：万元`), without table numbers, units and years. Two
    tables of a 决算 set share their rows (function classes) and often their column headers;
    only their titles say that one holds income, another expenditure, a third only the
    一般公共预算 part of it."""
    blocks = ctx.document.blocks
    table = blocks[block_no]
    parts = [table.caption or ""] if isinstance(table, Table) else []
    for i in range(block_no - 1, max(-1, block_no - 5), -1):
        b = blocks[i]
        if not isinstance(b, Paragraph):
            break
        text = b.text.text.strip()
        if len(text) > 40 or text.endswith(("。", "；", ";")) or text.startswith("注"):
            break
        parts.append(text)
    seen: list[str] = []
    for part in parts:
        t = clean(_TABLE_NUMBER.sub("", part))
        if t and t not in seen:
            seen.append(t)
    return "|".join(sorted(seen))


def _names_a_total(column: object, vocab: Vocabulary, total_words: tuple[str, ...]) -> bool:
    """A column whose header names one quantity (基本支出, 人员经费), not a total (合计) or a
    role: its cell in the total row is that quantity for the whole table."""
    header = getattr(column, "header", "") or ""
    if getattr(column, "role", None) in ("label", "code", "text", None) or "/" in header:
        return False
    core = parse_phrase(header, vocab).core
    return is_specific(core, vocab) and not clean(header).endswith(total_words)


def _score_total(label: str, group_totals: tuple[str, ...]) -> bool:
    """A scoring table's group total (产出指标得分): a figure of its own indicator."""
    return clean(label).endswith(group_totals)


_ROLE_TAGS = {"weight": "weight", "score": "score", "score_rate": "score_rate", "target": "target",
              "percent": "share"}


def _cell_subject(fact: Fact, row_label: str, header: str, role: str | None,
                  vocab: Vocabulary) -> Subject | None:
    label = row_label or fact.label.split(" / ")[0]
    if not label:
        return None
    row = parse_phrase(label, vocab)
    col = parse_phrase(header.replace("/", " "), vocab)
    tags = set(row.tags)
    col_tags = set(col.tags)
    if role in _ROLE_TAGS:
        col_tags.add(_ROLE_TAGS[role])
    if col_tags & _MEASURE_TAGS:
        tags -= _MEASURE_TAGS
    tags |= col_tags
    if fact.kind in ("weight", "score") and not tags & _MEASURE_TAGS:
        tags.add(fact.kind)
    if _cmp(fact):
        tags.add("target")
    qualifier = col.core if is_specific(col.core, vocab) and role not in ("label", "code") else ""
    years = {y for y in (row.year, col.year) if y}
    year = "?" if len(years) > 1 else (years.pop() if years else "")
    dim = dimension_of(fact) or {"amount": "money", "weight": "score", "score": "score",
                                 "percent": "percent", "rate": "percent",
                                 "score_rate": "percent"}.get(role or "")
    written = f"{row.cleaned} / {col.cleaned}" if col.cleaned else row.cleaned
    return Subject(core=row.core, tags=frozenset(tags), year=year, dimension=dim,
                   qualifier=qualifier, comparator=_cmp(fact), written=written,
                   cleaned=row.cleaned, specific=is_specific(row.core, vocab),
                   synonym=row.synonym)
