"""Counts stated of the report's own structure (AL402): the levels of its indicator system and
its project self-evaluation forms.

- `一级指标 4 个，二级指标 11 个，三级指标 34 个` against the distinct labels of each level of the
  indicator table the sentence points to (`见附表 1`, `见下表`, or a table right after a sentence
  that ends in `如下：`). Only a table read cleanly is counted: an indicator table whose rows all
  carry a label in each level column and none of whose rows was read out of its columns.
- `自评的项目共有 3 个` / `绩效评价项目 19 个` against the number of 项目支出绩效自评表 forms of the
  document. Fewer forms than projects counts only when the document says the forms are
  attached (`附绩效自评表`): otherwise it may attach only some of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import clean
from auditlint.extract.crossref.mentions import place_name
from auditlint.extract.quantity import chinese_to_int
from auditlint.extract.tableview.model import TableView
from auditlint.extract.tableview.view import views_of
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import CountParams

_NUM = r"(?P<num>[0-9]+|[一二两三四五六七八九十]+)"
_LEVEL_AFTER = lazy_compile(r"(?P<lv>[一二三四])级指标\s*(?:共|为|有)?\s*" + _NUM + r"\s*(?:个|项|条)")
_LEVEL_BEFORE = lazy_compile(_NUM + r"\s*(?:个|项|条)\s*(?P<lv>[一二三四])级指标")
_LEVELS = "一二三四"
_SEE = lazy_compile(r"(?:见|详见|参见)\s*(?P<what>附表|附件)\s*(?P<n>[0-9一二三四五六七八九十]*)"
                  r"|(?P<below>见下表|如下表|下表所示|如下\s*[：:]?\s*$)")
_PROJECT_COUNT = lazy_compile(
    r"(?:自评|绩效评价|绩效自评)(?:的)?(?:[0-9]{4}\s*年度?)?(?:项目|项目资金)"
    r"(?:共有|共计|共|为|有)?\s*" + _NUM + r"\s*个")
_ATTACHED = lazy_compile(r"附[^。；]{0,12}自评表|自评表[^。；]{0,8}(?:附后|见附)")
_PROJECT_FORM = lazy_compile(r"项目支出绩效自评表$")


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else chinese_to_int(text)


def _fact_at(ctx: ExtractContext, block_no: int, offset: int) -> Fact | None:
    for q, fid in ctx.paragraph_facts.get(block_no, []):
        if q.start <= offset < q.end:
            return ctx.graph[fid]
    return None


def structure_counts(ctx: ExtractContext) -> list[Relation]:
    return [*level_counts(ctx), *form_counts(ctx)]


# --- levels of the indicator system --------------------------------------------------------------


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    for m in re.finditer(r"[。；;！？!?]", text):
        yield start, text[start: m.end()]
        start = m.end()
    if start < len(text):
        yield start, text[start:]


def level_counts(ctx: ExtractContext) -> list[Relation]:
    out: list[Relation] = []
    for block_no, block in enumerate(ctx.document.blocks):
        if not isinstance(block, Paragraph) or block.heading:
            continue
        text = block.text.text
        sentences = list(_sentences(text))
        for i, (start, sentence) in enumerate(sentences):
            stated = {m.group("lv"): m for rx in (_LEVEL_AFTER, _LEVEL_BEFORE)
                      for m in rx.finditer(sentence)}
            if len(stated) < 2:
                continue
            after = "".join(s for _, s in sentences[i: i + 2])
            table = _referred_table(ctx, block_no, after)
            if table is None:
                continue
            counted = level_table_counts(ctx, table)
            if counted is None:
                continue
            _, counts = counted
            for lv, m in sorted(stated.items(), key=lambda kv: _LEVELS.index(kv[0])):
                level = _LEVELS.index(lv)
                fact = _fact_at(ctx, block_no, start + m.start("num"))
                if fact is None or fact.decimals or level >= len(counts):
                    continue
                basis = f"distinct {lv}级指标 of table {table.index}"
                out.append(Relation(
                    kind="count", result=fact.id, trust="inferred",
                    origin=f"{basis}, the table the sentence refers to ({counts[level]})",
                    params=CountParams(counted=counts[level], readings=[counts[level]],
                                       items="", noun="个", basis=basis).as_params()))
    return out


def _referred_table(ctx: ExtractContext, block_no: int, text: str) -> Table | None:
    """The table a sentence points to: `见附表 N` (the table captioned so), or `见下表` / a
    closing `如下：` (the next table, within two blocks)."""
    m = _SEE.search(text)
    if m is None:
        return None
    blocks = ctx.document.blocks
    if m.group("below"):
        for nxt in blocks[block_no + 1: block_no + 3]:
            if isinstance(nxt, Table):
                return nxt
        return None
    wanted = f"{m.group('what')} {m.group('n')}".strip()
    found = [t for t in ctx.document.tables
             if (p := place_name(t.caption, *t.section)) == wanted
             or (not m.group("n") and p.startswith(m.group("what")))]
    found = [t for t in found if level_table_counts(ctx, t) is not None] or found
    return found[0] if len(found) == 1 else None


def _level_columns(view: TableView) -> list[int]:
    cols: list[int] = []
    for lv in _LEVELS:
        col = next((c.index for c in view.columns if clean(c.header) == f"{lv}级指标"), None)
        if col is None:
            break
        cols.append(col)
    return cols


def level_table_counts(ctx: ExtractContext, table: Table) -> tuple[TableView, list[int]] | None:
    """The number of distinct indicators at each level of a cleanly read indicator table."""
    for view in views_of(ctx, table):
        if view.kind not in ("scoring", "selfeval_indicators"):
            continue
        cols = _level_columns(view)
        rows = [r for r in view.rows if not r.is_total]
        if len(cols) < 2 or not rows or any(r.shifted for r in rows):
            continue
        paths = [tuple(clean(r.labels.get(c, "")) for c in cols) for r in rows]
        if any(not all(p) for p in paths):
            continue  # a row without a label at some level: not read cleanly
        levels = [{p[: i + 1] for p in paths} for i in range(len(cols))]
        words = [{p[i] for p in paths} for i in range(len(cols))]
        if any(words[i] & words[j] for i in range(len(cols)) for j in range(i + 1, len(cols))):
            continue  # one label at two levels: rows read out of their columns
        return view, [len(level) for level in levels]
    return None


# --- project self-evaluation forms -------------------------------------------------------------


def project_forms(ctx: ExtractContext) -> int:
    """How many 项目支出绩效自评表 forms the document holds: its title lines, and the captions of
    tables that no title line announced (a caption right after a title is the same form)."""
    n = 0
    titled = False
    for block in ctx.document.blocks:
        if isinstance(block, Paragraph):
            if _PROJECT_FORM.search(clean(block.text.text)):
                n += 1
                titled = True
        elif block.caption and _PROJECT_FORM.search(clean(block.caption)):
            n += 0 if titled else 1
            titled = False
    return n


def form_counts(ctx: ExtractContext) -> list[Relation]:
    forms = project_forms(ctx)
    if not forms:
        return []
    paragraphs = [(i, b) for i, b in enumerate(ctx.document.blocks)
                  if isinstance(b, Paragraph) and not b.heading]
    # fewer forms than projects may be a choice of which to attach, unless all are said to be
    attached = any(_ATTACHED.search(b.text.text) for _, b in paragraphs)
    out: list[Relation] = []
    for block_no, block in paragraphs:
        if _PROJECT_FORM.search(clean(block.text.text)):
            continue
        for m in _PROJECT_COUNT.finditer(block.text.text):
            fact = _fact_at(ctx, block_no, m.start("num"))
            stated = _int(m.group("num"))
            if fact is None or fact.decimals or stated is None or (stated > forms
                                                                  and not attached):
                continue
            basis = "项目支出绩效自评表 forms of the document"
            out.append(Relation(
                kind="count", result=fact.id, trust="inferred",
                origin=f"{basis} ({forms})" + (", which it says it attaches" if attached else ""),
                params=CountParams(counted=forms, readings=[forms], items="", noun="个",
                                   basis=basis).as_params()))
    return out
