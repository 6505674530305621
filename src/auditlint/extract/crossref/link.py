"""Cross-references: the same figure stated twice, counts stated of listed items, impossible units.

Runs last, when every fact of text and tables exists. It adds three kinds of relation:

- `same_as` (AL401): mentions whose subjects (`auditlint.extract.crossref.labels`) are equal. A subject the
  document itself uses for several different values in one paragraph or table, or for more than
  two values overall, names no single quantity and is not linked at all (precision first).
- `count` (AL402): `下设 16 个处室，分别是：A、B、…` — the stated count against the items listed,
  the numbered items announced by `共 5 项，…如下：`, or the rows of the table a count describes.
- `unit` (AL403): a unit that cannot be right for its quantity (`资金预算 28.09 年`).
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import (
    Subject,
    Vocabulary,
    body_names,
    clean,
    dimension_of,
    is_specific,
    match,
    parse_phrase,
    project_of,
    resolve_year,
)
from auditlint.extract.quantity import UNITS, Quantity, chinese_to_int
from auditlint.facts import Fact, Relation

_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()\n]")
_SENTENCE_BREAK = "。；;！？!?\n"
_YEAR_IN_TEXT = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_MONEY_WORDS = ("资金", "预算", "经费", "金额", "收入", "支出", "拨款", "补助", "补贴", "费用", "结余",
                "结转", "投资", "成本", "基金")


def extract(ctx: ExtractContext) -> None:
    vocab = Vocabulary.from_packs(ctx.packs).for_body(document_body(ctx))
    doc_year = document_year(ctx)
    scopes, in_forms = block_scopes(ctx)
    cells = table_mentions(ctx, vocab, doc_year, scopes)
    mentions = [m for m in narrative_mentions(ctx, vocab, doc_year, scopes, in_forms) + cells
                if m.subject.linkable]
    for group in link_groups(ctx, mentions):
        ctx.graph.relate(group)
    in_form = [m for m in narrative_mentions(ctx, vocab, doc_year, scopes, in_forms, inside=True)
               if m.subject.linkable and not m.approximate]
    from auditlint.extract.crossref.forms import form_text_links

    for rel in form_text_links(ctx, in_form, cells, scopes, in_forms):
        ctx.graph.relate(rel)
    for rel in count_relations(ctx, vocab):
        ctx.graph.relate(rel)
    from auditlint.extract.crossref.structure import structure_counts

    for rel in structure_counts(ctx):
        ctx.graph.relate(rel)
    for rel in unit_relations(ctx):
        ctx.graph.relate(rel)


# --- the report's year and its projects ---------------------------------------------------------


def document_year(ctx: ExtractContext) -> str | None:
    """The report's year: the year most written in its first paragraphs (title and opening)."""
    counts: Counter[str] = Counter()
    seen = 0
    for block in ctx.document.blocks:
        if not isinstance(block, Paragraph):
            continue
        for m in _YEAR_IN_TEXT.finditer(block.text.text):
            counts[m.group(1)] += 1
        seen += 1
        if seen >= 12 and counts:
            break
    return counts.most_common(1)[0][0] if counts else None


def document_body(ctx: ExtractContext) -> list[str]:
    """The names the reporting body goes by: from the title (the paragraphs before the first
    heading, joined: a title is often wrapped) and a `预算单位：` line of the opening."""
    title: list[str] = []
    opening: list[str] = []
    for block in ctx.document.blocks[:20]:
        if not isinstance(block, Paragraph):
            continue
        if block.heading:
            break
        opening.append(block.text.text)
        if len(title) < 6:
            title.append(block.text.text.strip())
    return body_names("".join(title), opening)


_FORM_TITLE = re.compile(r"(项目|部门|单位|整体)[^。，]{0,12}自评表$")
_PROJECT_LINE = re.compile(r"^项目名称(?P<name>.+?)(?:主管部门.*)?$")


def block_scopes(ctx: ExtractContext) -> tuple[dict[int, str], set[int]]:
    """The scope of each block: the project a figure belongs to ("" for the department).

    A project is named by a 项目名称 cell or line, or by a heading that carries a project's
    name. A 项目支出 self-evaluation form (its title, its 项目名称 line, its tables) is the
    scope of one project even when its name cannot be read; a department form is not.
    Also returns the paragraphs that stand inside a form: lines of a table that the reader
    could not rebuild, whose column (预期目标 or 实际完成情况) is unknown.
    """
    blocks = ctx.document.blocks
    names = {t.index: n for t in ctx.document.tables if (n := _project_name(t))}
    known = set(names.values())
    for b in blocks:
        if isinstance(b, Paragraph):
            m = _PROJECT_LINE.match(clean(b.text.text))
            if m and len(m.group("name")) >= 4:
                known.add(m.group("name"))
    out: dict[int, str] = {}
    inside: set[int] = set()
    form = ""  # the scope of the form being read
    in_form = False
    forms = 0
    section: tuple[str, ...] | None = None
    for i, b in enumerate(blocks):
        if b.section != section and section is not None and not _same_part(b.section, section):
            form, in_form = "", False
        section = b.section
        if isinstance(b, Paragraph):
            t = clean(b.text.text)
            if _FORM_TITLE.search(t) or t.endswith("项目支出绩效自评表"):
                forms += 1
                form = f"自评表 {forms}" if "项目" in t else ""
                in_form = True
            if in_form:
                inside.add(i)
            m = _PROJECT_LINE.match(t)
            if m and len(m.group("name")) >= 4:
                form = m.group("name")
            out[i] = form or project_of(b.section, known)
        else:
            if b.caption and clean(b.caption).endswith("自评表") and b.index not in names \
                    and not form:
                forms += 1
                form = f"自评表 {forms}" if "项目" in clean(b.caption) else ""
            if b.index in names:
                form = names[b.index]
            out[i] = form or project_of(b.section, known)
    return out, inside


def _same_part(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two section paths are one part of the report (a form runs on under them)."""
    return a[:1] == b[:1] and (not a[1:] or not b[1:] or a[-1] == b[-1])


def _project_name(table: Table) -> str:
    for r, row in enumerate(table.rows[:4]):
        for c, cell in enumerate(row):
            if clean(cell.text.text) != "项目名称":
                continue
            for d in range(c + 1, len(row)):
                other = table.cell(r, d)
                if other is None or other.merged:
                    continue
                text = clean(other.text.text)
                if text and text != "项目名称":
                    return text
    return ""


# --- mentions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    fact: Fact
    subject: Subject
    approximate: bool = False
    enumerated: bool = False  # an item of an enumeration (`、B 118 万元`): its head names it
    read_as: UnitReading | None = None  # the unit a cell of a table without one is read in


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


_APPENDIX = re.compile(r"^\s*(附表|附件|附录)\s*([0-9一二三四五六七八九十]*)")


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
    for block_no, found in sorted(ctx.paragraph_facts.items()):
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph) or block.heading or (block_no in in_forms) != inside:
            continue
        text = block.text.text
        part, section, summary = _section_info(block.section, vocab)
        scope = scopes.get(block_no, "")
        # the headings above a form say nothing of the form's own figures
        heading_tags = frozenset() if inside else _heading_tags(block.section, vocab)
        earlier: list[tuple[int, Subject]] = []  # specific subjects of this sentence so far
        floor = 0
        breaks = [i for i, ch in enumerate(text) if ch in _SENTENCE_BREAK]
        parens, years = _Parens(text), _Years(text)
        for q, fact_id in found:
            fact = ctx.graph[fact_id]
            i = bisect.bisect_left(breaks, q.start)
            sentence_start = (breaks[i - 1] if i else -1) + 1
            earlier = [(s, subj) for s, subj in earlier if s >= sentence_start]
            subject = _narrative_subject(text, q, fact, vocab, earlier, sentence_start, floor,
                                         parens)
            floor_before, floor = floor, q.end
            if subject is None:
                continue
            if heading_tags and not subject.tags & vocab.heading_tags:
                subject = replace(subject, tags=subject.tags | heading_tags)
            year = subject.year or years.before(sentence_start, q.start)
            subject = replace(subject, year=resolve_year(year, doc_year), scope=scope, part=part,
                              section=section, summary=summary, block=block_no,
                              place=place_name(*block.section))
            if subject.specific and not subject.reasons:
                earlier.append((sentence_start, subject))
            enumerated = clause_before(text, q.start, floor=floor_before).lstrip().startswith("、")
            out.append(Mention(fact, subject, approximate=_approximate(text, q, vocab),
                               enumerated=enumerated))
    return out


def _sentence_year(text: str, start: int, end: int) -> str:
    """A year written earlier in the sentence (`2023年城镇职工参保 2.65 万人`), unless compared."""
    head = text[start:end]
    years = {m.group(1) for m in _YEAR_IN_TEXT.finditer(head)
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
    """预算/决算/目标 qualifiers of the nearest heading that has any (see labels.toml)."""
    for heading in reversed(section):
        tags = parse_phrase(heading, vocab).tags & vocab.heading_tags
        if tags:
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
        cut = m.end()
    return text[max(cut, floor, start - limit):start]


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
    compared (`比2023年`); found once per sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence = -1
        self.found: list[tuple[int, str, bool]] = []  # (end, year, compared)

    def before(self, sentence_start: int, end: int) -> str:
        """As `_sentence_year(text, sentence_start, end)`."""
        if sentence_start != self.sentence:
            self.sentence = sentence_start
            stop = _next_break(self.text, sentence_start)
            self.found = [(m.end(), m.group(1), _compared(self.text, sentence_start, m.start()))
                          for m in _YEAR_IN_TEXT.finditer(self.text, sentence_start, stop)]
        years = {y for e, y, compared in self.found if e <= end and not compared}
        if len(years) == 1:
            return years.pop()
        return "?" if years else ""


def _next_break(text: str, start: int) -> int:
    ends = [i for i in (text.find(p, start) for p in _SENTENCE_BREAK) if i >= 0]
    return min(ends) if ends else len(text)


def _compared(text: str, start: int, at: int) -> bool:
    """`比`, `至`, a dash … just before `at` (spaces skipped, not before `start`)."""
    i = at - 1
    while i >= start and text[i].isspace():
        i -= 1
    return i >= start and text[i] in "比较与同至到-－—~"


def _narrative_subject(text: str, q: Quantity, fact: Fact, vocab: Vocabulary,
                       earlier: list[tuple[int, Subject]], sentence_start: int,
                       floor: int = 0, parens: _Parens | None = None) -> Subject | None:
    dim = dimension_of(fact)
    written = clause_before(text, q.start, floor=floor)
    if not written.strip() and text[: q.start].rstrip().endswith(("：", ":")):
        # `综合评价得分：93 分` — the subject stands before the colon
        colon = len(text[: q.start].rstrip()) - 1
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
    from auditlint.extract.tableview.view import Row, views_of

    tables = {t.index: t for t in ctx.document.tables}
    block_of = {id(b): i for i, b in enumerate(ctx.document.blocks)}
    titles = {t.index: table_title(ctx, block_of[id(t)]) for t in ctx.document.tables}
    out: list[Mention] = []
    rows_of: dict[int, dict[int, Row]] = {}  # a view's rows by index (the first of an index)
    for fact in ctx.graph.facts:
        if fact.table is None or fact.row is None or fact.col is None:
            continue
        table = tables.get(fact.table)
        if table is None:
            continue
        view = next((v for v in views_of(ctx, table) if v.start <= fact.row < v.end), None)
        if view is None:
            continue
        by_index = rows_of.get(id(view))
        if by_index is None:
            by_index = rows_of[id(view)] = {}
            for r in view.rows:
                by_index.setdefault(r.index, r)
        row = by_index.get(fact.row)
        column = next((c for c in view.columns if c.index == fact.col), None)
        if row is None or (row.is_total and not _score_total(row.label)):
            continue
        if any(fact.col in p.value_cols for p in view.panels[1:]):
            continue  # a second panel (the 支出 of a 收支总表): linked by code, in disclosure
        if column is not None and column.role in ("label", "code", "text", None) \
                and fact.kind in ("weight", "score"):
            # a weight written in a label (`经济效益 (3分)`): the label cell is its subject
            subject = _cell_subject(fact, table.text(fact.row, fact.col), "", None, vocab)
            if subject is not None:
                subject = replace(subject, reasons=("weight written in a label",))
        else:
            subject = _cell_subject(fact, row.label, column.header if column else "",
                                    column.role if column else None, vocab)
        if subject is None:
            continue
        if not subject.year and table.caption:
            subject = replace(subject, year=_sentence_year(table.caption, 0, len(table.caption)))
        part, section, summary = _section_info(table.section, vocab)
        scope = scopes.get(block_of[id(table)], "")
        subject = replace(subject, year=resolve_year(subject.year, doc_year), scope=scope,
                          part=part, section=section, summary=summary, table=table.index,
                          block=fact.block, place=place_name(table.caption, *table.section),
                          column=_column_id(column), title=titles[table.index],
                          code=row.code_digits or "")
        out.append(Mention(fact, subject))
    return out


_SCORE_ROLES = ("weight", "score", "score_rate")
_TABLE_NUMBER = re.compile(
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


def _score_total(label: str) -> bool:
    return clean(label).endswith(("指标得分", "指标小计"))


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


# --- linking ------------------------------------------------------------------------------------


def link_groups(ctx: ExtractContext, mentions: list[Mention]) -> list[Relation]:
    """One `same_as` relation per subject mentioned more than once, when the subject is safe."""
    by_key: dict[tuple[object, ...], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[m.subject.key].append(m)
    groups: list[list[Mention]] = []
    for group in by_key.values():
        if len(group) < 2 or any(m.approximate for m in group):
            continue
        placed = _one_per_place(group)
        if placed is None:
            continue
        groups.extend(g for g in split_tables(placed) if len(g) >= 2)
    readings = unit_readings(groups)
    out: list[Relation] = []
    for group in groups:
        read = _read_units(group, readings)
        if read is None or len(read) < 2:
            continue
        if not _safe(ctx, read):
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


def split_tables(group: list[Mention]) -> list[list[Mention]]:
    """A subject's mentions, split where table cells of different families (see `_family`)
    would be linked: a 支出决算表 row and the 收入决算表 row of the same function class are
    different quantities. When the cells of the families disagree, each family is a group of
    its own and the text mentions are left out (which table they speak of is not known)."""
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
    return list(families.values())


# --- tables that state no unit ------------------------------------------------------------------


def unit_unknown(m: Mention) -> bool:
    """A money cell of a table that states no unit (no 单位 line, no unit in its headers)."""
    return m.subject.table is not None and not m.fact.unit and m.subject.dimension == "money"


def read_in(fact: Fact, unit: str) -> Fact:
    """The fact read in a money unit (its value as written, its unit supplied)."""
    return fact.model_copy(update={"unit": unit, "multiplier": UNITS[unit][1]})


def _agrees_in(fact: Fact, unit: str, known: list[Fact]) -> bool:
    read = read_in(fact, unit)
    agree, _ = agreeing([*known, read])
    return len(agree) >= 2 and any(f is read for f in agree)


def _candidate_units(known: list[Fact]) -> list[str]:
    units = {f.unit for f in known if f.unit in UNITS} | {"元", "万元"}
    return sorted(units, key=lambda u: UNITS[u][1])


def unit_readings(groups: list[list[Mention]]) -> dict[int, UnitReading]:
    """The unit each table without one is read in: the one money unit in which its cells agree
    with the mentions of known unit they are linked to. A table whose cells agree in different
    units, or in none, gets no reading (its cells are then not compared with figures of known
    unit: a cell without a unit is never assumed to be in 元)."""
    votes: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for group in groups:
        known = [m.fact for m in group if m.subject.dimension == "money" and m.fact.unit]
        if not known:
            continue
        for m in group:
            if not unit_unknown(m) or m.subject.table is None:
                continue
            fits = [u for u in _candidate_units(known) if _agrees_in(m.fact, u, known)]
            if len(fits) == 1:
                votes[m.subject.table].setdefault(fits[0], []).append(
                    m.subject.cleaned or m.subject.core)
    return {t: UnitReading(t, unit, UNITS[unit][1], tuple(dict.fromkeys(shown)))
            for t, by_unit in votes.items() if len(by_unit) == 1
            for unit, shown in by_unit.items()}


def _read_units(group: list[Mention], readings: dict[int, UnitReading]) -> list[Mention] | None:
    """The group with cells of unit-less tables read in their table's unit. A cell whose table
    has no reading is left out when anything else in the group has a unit; cells of unit-less
    tables alone are compared as written unless a power of ten reconciles them (then the tables
    may simply be in different units). A read cell that disagrees is kept only when no other
    unit would reconcile it and its value looks like the other figure slipped."""
    unknown = [m for m in group if unit_unknown(m)]
    if not unknown:
        return group
    unresolved = [m for m in unknown if m.subject.table not in readings]
    if len(unresolved) == len(group):
        facts = [m.fact for m in group]
        if agreeing(facts)[1] and _scaled_agree(facts):
            return None
        return group
    out: list[Mention] = []
    for m in group:
        if m in unresolved:
            continue
        if m in unknown and m.subject.table is not None:
            r = readings[m.subject.table]
            m = replace(m, fact=read_in(m.fact, r.unit), read_as=r)
        out.append(m)
    _, rest = agreeing([m.fact for m in out])
    for m in out:
        if m.read_as is None or not rest:
            continue
        known = [o.fact for o in out if o is not m]
        if any(_agrees_in(m.fact, u, known) for u in _candidate_units(known)
               if u != m.read_as.unit):
            return None  # this cell agrees in another unit: the table's unit is not one
        if not any(plausible_slip(m.fact, k) for k in known):
            out = [o for o in out if o is not m]
    return out


def _scaled_agree(facts: list[Fact]) -> bool:
    """Whether values written without a unit agree once one is scaled by a unit step."""
    steps = (Decimal(1000), Decimal(10000), Decimal(100000000))
    return any(a.interval.scale(k).intersects(b.interval)
               for a in facts for b in facts if a is not b for k in steps)


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


def agreeing(facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """The largest set of facts whose base intervals share a point, and the rest.

    Two written values agree when some value rounds to both: their intervals overlap in more
    than an end point (1,203 and 1,204 touch at 1,203.5, which rounds to 1,204 only).
    """
    ends = sorted({p for f in facts for p in (f.base_interval.lo, f.base_interval.hi)})
    points = ends + [(a + b) / 2 for a, b in pairwise(ends)]
    best: list[Fact] = []
    for p in sorted(points):
        inside = [f for f in facts if f.base_interval.lo < p < f.base_interval.hi
                  or f.base_interval.lo == f.base_interval.hi == p]
        if len(inside) > len(best):
            best = inside
    ids = {f.id for f in best}
    return best, [f for f in facts if f.id not in ids]


def _safe(ctx: ExtractContext, group: list[Mention]) -> bool:
    """A subject is linked when its mentions agree, or all but one do (one outlier to report),
    and no disagreement is explained by cells shifted along a table row."""
    facts = [m.fact for m in group]
    agree, rest = agreeing(facts)
    if not rest:
        return True
    if len(rest) > 1 or (len(agree) < 2 and len(facts) > 2):
        return False
    texts = [m for m in group if m.subject.table is None]
    if any(_parallel(ctx, a, b) for i, a in enumerate(texts) for b in texts[i + 1:]):
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


def _restated(texts: list[Mention]) -> bool:
    """Whether the mentions include a 摘要 and the body it restates."""
    return len({m.subject.summary for m in texts}) > 1


def plausible_slip(a: Fact, b: Fact) -> bool:
    """Whether two values look like one figure written twice, one of them wrongly: close in
    value (within a quarter), or the same digits with one changed or two swapped."""
    x, y = abs(a.value * a.multiplier), abs(b.value * b.multiplier)
    top = max(x, y)
    if top and abs(x - y) <= top / 4:
        return True
    da, db = _digits(a), _digits(b)
    if len(da) != len(db) or len(da) < 3:
        return False
    diff = [i for i, (p, q) in enumerate(zip(da, db, strict=True)) if p != q]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] \
        and da[diff[1]] == db[diff[0]]


def _digits(f: Fact) -> str:
    return re.sub(r"[^0-9]", "", f"{f.value:f}").lstrip("0")


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
    if _marker(text) is None:
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
    params = {"confidence": "exact" if exact else "loose", "reason": "; ".join(reasons),
              "subject": first.subject.written or first.subject.core}
    if read:
        params["read_in"] = ",".join(f"{m.fact.id}:{m.read_as.unit}" for m in group
                                     if m.read_as is not None)
    params["pairs"] = json.dumps(_pair_links(group), ensure_ascii=False)
    return Relation(
        kind="same_as", result=first.fact.id, operands=[m.fact.id for m in group[1:]],
        origin=f"{first.subject.describe()} stated in {where}: " + "; ".join(reasons),
        trust="explicit" if exact else "inferred", params=params)


def _pair_links(group: list[Mention]) -> dict[str, list[str]]:
    """How each two mentions of a group are linked ("a,b" -> [confidence, reason]), so that a
    finding can say why the two mentions it reports were linked, not why others were."""
    out: dict[str, list[str]] = {}
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            link = match(a.subject, b.subject)
            if link is None:
                continue
            reason = link.reason
            if a.read_as is not None or b.read_as is not None:
                read = a.read_as or b.read_as
                reason += f"; {read.reason()}" if read is not None else ""
                out[f"{a.fact.id},{b.fact.id}"] = ["loose", reason]
            else:
                out[f"{a.fact.id},{b.fact.id}"] = [link.confidence, reason]
    return out


def pair_link(rel: Relation, a: int, b: int) -> tuple[str, str] | None:
    """The confidence and reason of the link between two facts of a `same_as` relation."""
    try:
        pairs = json.loads(rel.params.get("pairs", "{}"))
    except ValueError:
        return None
    found = pairs.get(f"{a},{b}") or pairs.get(f"{b},{a}")
    return (str(found[0]), str(found[1])) if found else None


def read_units(rel: Relation, facts: list[Fact]) -> list[Fact]:
    """The facts of a `same_as` relation with cells of unit-less tables read as it linked them."""
    units = dict(p.split(":", 1) for p in rel.params.get("read_in", "").split(",") if ":" in p)
    return [read_in(f, units[str(f.id)]) if str(f.id) in units and units[str(f.id)] in UNITS
            else f for f in facts]


# --- counts -------------------------------------------------------------------------------------

_NUM = r"(?P<num>[0-9]+|[一二两三四五六七八九十]+)"
_COUNT_THEN_LIST = re.compile(
    _NUM + r"\s*(?P<counter>个|项|家|类|条|所|处|种)(?P<noun>[\u4e00-\u9fff]{0,8}?)\s*"
    r"(?:[，,]\s*)?(?:(?P<opener>分别是|分别为|具体是|具体为|包括|即)\s*[：:]?|(?P<colon>[：:]))\s*"
    r"(?P<list>[^。；;\n]+)")
_COUNT_THEN_PAREN = re.compile(
    _NUM + r"\s*(?P<counter>个|项|家|类|条|所|处|种)(?P<noun>[\u4e00-\u9fff]{1,8})\s*"
    r"[（(](?P<list>[^）)]+)[）)]")
_LIST_THEN_COUNT = re.compile(
    r"(?P<verb>设置|设有|下设|内设)(?P<list>[^。；;，,\n]{4,400}?)(?P<etc>等)?\s*" + _NUM
    + r"\s*(?P<counter>个|项|家|类|所|处)(?P<noun>[\u4e00-\u9fff]{1,8})")
_ANNOUNCE = re.compile(r"共(?:计|有)?\s*" + _NUM + r"\s*(?P<counter>项|个|条|类)[^。；]*?如下\s*[：:]?\s*$")
_STATUS = re.compile(r"(?P<status>部分完成|基本完成|未完成|已完成|完成)\s*" + _NUM + r"\s*项")
_STATUS_TOTAL = re.compile(r"共\s*" + _NUM + r"\s*项")
_STATUS_HEADERS = ("是否完成", "完成情况", "完成与否", "完成状态")
_STATUS_VALUES = {"完成": "完成", "已完成": "完成", "部分完成": "部分完成", "未完成": "未完成",
                  "基本完成": "基本完成"}
_MARKERS = [
    ("paren-cn", re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]")),
    ("paren-num", re.compile(r"^\s*[（(]([0-9]+)[）)]")),
    ("dot-num", re.compile(r"^\s*([0-9]+)\s*[.．、](?![0-9]{2,}(?:\.|[^0-9年]))")),
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]+)\s*、")),
    ("circled", re.compile(r"^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return chinese_to_int(text)


def split_items(text: str) -> list[str]:
    """Items of an enumeration `A、B（C、D）、E`: split at 、 outside brackets."""
    items: list[str] = []
    depth, cur = 0, []
    for ch in text:
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur).strip())
    return [i for i in items if i]


def _count_fact(ctx: ExtractContext, block_no: int, offset: int) -> Fact | None:
    for q, fid in ctx.paragraph_facts.get(block_no, []):
        if q.start <= offset < q.end or q.start == offset:
            return ctx.graph[fid]
    return None


def _readings(items: list[str]) -> set[int]:
    """How many items a list may count: `A、B和C` is two or three items."""
    n = len(items)
    joined = any(re.search(r"[和及与]", i) for i in items)
    return {n, n + 1} if joined else {n}


def count_relations(ctx: ExtractContext, vocab: Vocabulary) -> list[Relation]:
    out: list[Relation] = []
    blocks = ctx.document.blocks
    for block_no, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or block.heading:
            continue
        text = block.text.text
        out.extend(_listed_counts(ctx, block_no, text))
        out.extend(_announced_counts(ctx, block_no, block))
        out.extend(_status_counts(ctx, block_no, text))
    return out


def _list_relation(fact: Fact, items: list[str], noun: str, basis: str) -> Relation | None:
    readings = _readings(items)
    if len(items) < 2 or any(len(i) > 30 for i in items):
        return None
    if items[0].startswith(("包括", "含", "其中", "如", "主要")):
        return None  # kinds of the things counted, not the things
    stated = int(fact.value)
    if not len(items) / 2 <= stated <= 2 * len(items) + 1:
        return None  # a count that far from its list does not count the list
    counted = len(items) if int(fact.value) not in readings else int(fact.value)
    return Relation(
        kind="count", result=fact.id, origin=f"{basis}: {'、'.join(items)}",
        params={"counted": str(counted), "readings": ",".join(str(r) for r in sorted(readings)),
                "items": "、".join(items), "noun": noun, "basis": basis})


def _listed_counts(ctx: ExtractContext, block_no: int, text: str) -> list[Relation]:
    out: list[Relation] = []
    used: set[int] = set()
    for m in _COUNT_THEN_PAREN.finditer(text):
        fact = _count_fact(ctx, block_no, m.start("num"))
        items = split_items(m.group("list"))
        if fact is None or fact.decimals or m.group("list").rstrip().endswith("等") \
                or re.search(r"[0-9]", m.group("list")):
            continue
        rel = _list_relation(fact, items, m.group("noun"), "items listed in the brackets after it")
        if rel:
            out.append(rel)
            used.add(fact.id)
    for m in _COUNT_THEN_LIST.finditer(text):
        if not (m.group("opener") or m.group("colon")):
            continue
        fact = _count_fact(ctx, block_no, m.start("num"))
        if fact is None or fact.id in used or fact.decimals:
            continue
        body = re.split(r"[，,]", m.group("list"), maxsplit=1)[0].strip()
        if body.endswith("等") or re.search(r"[0-9]", body):
            continue
        items = split_items(body)
        rel = _list_relation(fact, items, m.group("noun"), "items listed after it")
        if rel:
            out.append(rel)
            used.add(fact.id)
    for m in _LIST_THEN_COUNT.finditer(text):
        if m.group("etc"):
            continue
        fact = _count_fact(ctx, block_no, m.start("num"))
        if fact is None or fact.id in used or fact.decimals:
            continue
        body = m.group("list").strip()
        if re.search(r"[0-9]", body):
            continue
        items = split_items(body)
        rel = _list_relation(fact, items, m.group("noun"), "items listed before it")
        if rel:
            out.append(rel)
            used.add(fact.id)
    return out


def _marker(text: str) -> tuple[str, int] | None:
    for style, rx in _MARKERS:
        m = rx.match(text)
        if m:
            raw = m.group(1)
            n = _CIRCLED.index(raw) + 1 if style == "circled" else _int(raw)
            if n is not None:
                return style, n
    return None


def _announced_counts(ctx: ExtractContext, block_no: int, block: Paragraph) -> list[Relation]:
    """`共计 5 项，…具体如下：` and the numbered paragraphs that follow, in the same section."""
    m = _ANNOUNCE.search(block.text.text)
    if not m:
        return []
    fact = _count_fact(ctx, block_no, m.start("num"))
    if fact is None or fact.decimals:
        return []
    style: str | None = None
    expected = 1
    items: list[str] = []
    for nxt in ctx.document.blocks[block_no + 1:]:
        if isinstance(nxt, Table):
            continue
        if nxt.heading or nxt.section != block.section:
            break
        mk = _marker(nxt.text.text)
        if mk is None:
            continue
        if style is None:
            if mk[1] != 1:
                return []
            style = mk[0]
        if mk[0] != style:
            continue
        if mk[1] != expected:
            break
        items.append(nxt.text.text.strip()[:20])
        expected += 1
    if len(items) < 2:
        return []
    return [Relation(
        kind="count", result=fact.id, trust="inferred",
        origin=f"numbered items that follow it ({len(items)}, from {items[0]} to {items[-1]})",
        params={"counted": str(len(items)), "readings": str(len(items)),
                "items": " | ".join(items), "noun": m.group("counter"),
                "basis": "numbered items that follow it"})]


def _status_counts(ctx: ExtractContext, block_no: int, text: str) -> list[Relation]:
    """`共 10 项，部分完成 2 项，完成 8 项` against the 是否完成 column of the next table."""
    statuses = list(_STATUS.finditer(text))
    total = _STATUS_TOTAL.search(text)
    if not statuses or total is None:
        return []
    table = _next_table(ctx, block_no)
    if table is None:
        return []
    column = _status_column(table)
    if column is None:
        return []
    _rows, values = column
    counted = Counter(values)
    out: list[Relation] = []
    where = f"rows of table {table.index} with a 是否完成 entry"
    claims: list[tuple[re.Match[str], str, int]] = [(total, "rows", len(values))]
    claims += [(s, _STATUS_VALUES[s.group("status")], counted.get(_STATUS_VALUES[s.group("status")], 0))
               for s in statuses]
    for claim, what, n in claims:
        fact = _count_fact(ctx, block_no, claim.start("num"))
        if fact is None or fact.decimals:
            continue
        basis = where if what == "rows" else f"rows of table {table.index} marked {what}"
        out.append(Relation(
            kind="count", result=fact.id, trust="inferred", origin=f"{basis} ({n})",
            params={"counted": str(n), "readings": str(n), "items": "",
                    "noun": "项", "basis": basis}))
    return out


def _next_table(ctx: ExtractContext, block_no: int) -> Table | None:
    for nxt in ctx.document.blocks[block_no + 1: block_no + 4]:
        if isinstance(nxt, Table):
            return nxt
    return None


def _status_column(table: Table) -> tuple[list[int], list[str]] | None:
    for r, row in enumerate(table.rows[:4]):
        for c, cell in enumerate(row):
            if clean(cell.text.text) not in _STATUS_HEADERS:
                continue
            rows, values = [], []
            for rr in range(r + 1, table.n_rows):
                v = clean(table.text(rr, c))
                if not v:
                    continue
                if v not in _STATUS_VALUES:
                    return None
                rows.append(rr)
                values.append(_STATUS_VALUES[v])
            return (rows, values) if values else None
    return None


# --- units --------------------------------------------------------------------------------------


def unit_relations(ctx: ExtractContext) -> list[Relation]:
    """A year unit on an amount: `其他资金预算 28.09 年` where 万元 is meant."""
    out: list[Relation] = []
    for block_no, found in ctx.paragraph_facts.items():
        block = ctx.document.blocks[block_no]
        if not isinstance(block, Paragraph):
            continue
        text = block.text.text
        for i, (q, fid) in enumerate(found):
            if q.unit != "年" or q.scale or text[q.end: q.end + 1] in "终中初末底度内":
                continue
            label = clause_before(text, q.start, 20)
            if not any(w in label for w in _MONEY_WORDS) or "年限" in label:
                continue
            # a period of years is a whole number or a half; an amount has cents
            if q.decimals == 0 or (q.decimals == 1 and q.value % 1 in (0, Decimal("0.5"))):
                continue
            neighbours = [ctx.graph[f] for j, (_, f) in enumerate(found) if j != i]
            money = [f.unit for f in neighbours if f.unit and dimension_of(f) == "money"]
            expected = Counter(money).most_common(1)[0][0] if money else "万元"
            out.append(Relation(
                kind="unit", result=fid,
                origin=f"a year unit on the amount {clean(label)}",
                params={"problem": "year-unit-on-amount", "expected": expected,
                        "subject": clean(label)}))
    return out
