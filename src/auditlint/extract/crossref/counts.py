"""Counts: a stated number of items against the items listed, announced or tabled."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import Vocabulary, clean
from auditlint.extract.quantity import chinese_to_int
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import CountParams

# --- counts -------------------------------------------------------------------------------------

_NUM = r"(?P<num>[0-9]+|[一二两三四五六七八九十]+)"
_COUNT_THEN_LIST = lazy_compile(
    _NUM + r"\s*(?P<counter>个|项|家|类|条|所|处|种)(?P<noun>[\u4e00-\u9fff]{0,8}?)\s*"
    r"(?:[，,]\s*)?(?:(?P<opener>分别是|分别为|具体是|具体为|包括|即)\s*[：:]?|(?P<colon>[：:]))\s*"
    r"(?P<list>[^。；;\n]+)")
_COUNT_THEN_PAREN = lazy_compile(
    _NUM + r"\s*(?P<counter>个|项|家|类|条|所|处|种)(?P<noun>[\u4e00-\u9fff]{1,8})\s*"
    r"[（(](?P<list>[^）)]+)[）)]")
_LIST_THEN_COUNT = lazy_compile(
    r"(?P<verb>设置|设有|下设|内设)(?P<list>[^。；;，,\n]{4,400}?)(?P<etc>等)?\s*" + _NUM
    + r"\s*(?P<counter>个|项|家|类|所|处)(?P<noun>[\u4e00-\u9fff]{1,8})")
# a count right after the items of its clause (`完成了A、B、C 3家政策性破产企业…`)
_COUNT_AFTER_ITEMS = lazy_compile(
    _NUM + r"\s*(?P<counter>个|项|家|类|所|处)(?P<noun>[\u4e00-\u9fff]{1,8})")
_CLAUSE_START = lazy_compile(r"[，,。；;：:！？]")
_OPEN_QUOTES = "“‘「『\"'"
_ANNOUNCE = lazy_compile(r"共(?:计|有)?\s*" + _NUM + r"\s*(?P<counter>项|个|条|类)[^。；]*?如下\s*[：:]?\s*$")
_STATUS_TOTAL = lazy_compile(r"共\s*" + _NUM + r"\s*项")


@cache
def _kind_openers() -> tuple[str, ...]:
    """Words that open a list of kinds of the things counted (`count_kind_openers` of
    rules/labels.toml: 包括, 其中…), not of the things themselves."""
    from auditlint.packs import load_packs

    return tuple(load_packs().words("count_kind_openers"))


@cache
def _status_headers() -> frozenset[str]:
    """The headers of a 是否完成 column (`status_headers` of rules/scoring.toml)."""
    from auditlint.packs import load_packs

    return frozenset(load_packs().words("status_headers"))


@cache
def _status_values() -> dict[str, str]:
    """A 是否完成 entry -> the status it states (`status_*` of rules/scoring.toml, the first
    word of each list naming its status: 已完成 is 完成)."""
    from auditlint.packs import load_packs

    packs = load_packs()
    out: dict[str, str] = {}
    for key in ("status_done", "status_partial", "status_missed", "status_mostly"):
        ws = packs.words(key)
        out.update({w: ws[0] for w in ws})
    return out


@cache
def _status_re() -> re.Pattern[str]:
    """`完成 12 项`: a count of the tasks of one status."""
    words = sorted(_status_values(), key=len, reverse=True)
    return re.compile(r"(?P<status>" + "|".join(map(re.escape, words)) + r")\s*" + _NUM + r"\s*项")

_MARKERS = [
    ("paren-cn", lazy_compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]")),
    ("paren-num", lazy_compile(r"^\s*[（(]([0-9]+)[）)]")),
    ("dot-num", lazy_compile(r"^\s*([0-9]+)\s*[.．、](?![0-9]{2,}(?:\.|[^0-9年]))")),
    ("cn", lazy_compile(r"^\s*([一二三四五六七八九十]+)\s*、")),
    ("circled", lazy_compile(r"^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
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
    if items[0].startswith(_kind_openers()):
        return None  # kinds of the things counted, not the things
    stated = int(fact.value)
    if not len(items) / 2 <= stated <= 2 * len(items) + 1:
        return None  # a count that far from its list does not count the list
    counted = len(items) if int(fact.value) not in readings else int(fact.value)
    return Relation(
        kind="count", result=fact.id, origin=f"{basis}: {'、'.join(items)}",
        params=CountParams(counted=counted, readings=sorted(readings), items="、".join(items),
                           noun=noun, basis=basis).as_params())


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
    out.extend(_clause_list_counts(ctx, block_no, text, used))
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


def _clause_list_counts(ctx: ExtractContext, block_no: int, text: str,
                        used: set[int]) -> list[Relation]:
    """`完成了A、B、C 3家政策性破产企业…`: a count right after the 、-separated items that make
    up its clause. Not when a word of `list_count_blockers` (rules/labels.toml: 等, 共, 各…)
    stands before it, since then the items are examples or groups, nor when an item holds a
    figure (`两办一社13家企业、长房集团` counts groups of groups). The clause must open after
    punctuation of its paragraph: a paragraph's first words may be the end of a sentence that
    PDF extraction cut off; and a count in quotes (`“四个意识”`) is a name, not a count."""
    blockers = tuple(ctx.packs.words("list_count_blockers"))
    out: list[Relation] = []
    for m in _COUNT_AFTER_ITEMS.finditer(text):
        before = text[: m.start()]
        starts = [x.end() for x in _CLAUSE_START.finditer(before)]
        if not starts:
            continue
        body = before[starts[-1]:].strip()
        if "、" not in body or re.search(r"[0-9０-９]", body) or body.endswith(blockers):
            continue
        if body.endswith(tuple(_OPEN_QUOTES)) or body.count("“") != body.count("”"):
            continue
        fact = _count_fact(ctx, block_no, m.start("num"))
        if fact is None or fact.id in used or fact.decimals:
            continue
        rel = _list_relation(fact, split_items(body), m.group("noun"), "items listed before it")
        if rel:
            out.append(rel.model_copy(update={"trust": "inferred"}))
            used.add(fact.id)
    return out


def item_marker(text: str) -> tuple[str, int] | None:
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
        mk = item_marker(nxt.text.text)
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
        params=CountParams(counted=len(items), readings=[len(items)], items=" | ".join(items),
                           noun=m.group("counter"),
                           basis="numbered items that follow it").as_params())]


def _status_counts(ctx: ExtractContext, block_no: int, text: str) -> list[Relation]:
    """`共 10 项，部分完成 2 项，完成 8 项` against the 是否完成 column of the next table."""
    statuses = list(_status_re().finditer(text))
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
    status = _status_values()
    claims += [(s, status[s.group("status")], counted.get(status[s.group("status")], 0))
               for s in statuses]
    for claim, what, n in claims:
        fact = _count_fact(ctx, block_no, claim.start("num"))
        if fact is None or fact.decimals:
            continue
        basis = where if what == "rows" else f"rows of table {table.index} marked {what}"
        out.append(Relation(
            kind="count", result=fact.id, trust="inferred", origin=f"{basis} ({n})",
            params=CountParams(counted=n, readings=[n], items="", noun="项",
                               basis=basis).as_params()))
    return out


def _next_table(ctx: ExtractContext, block_no: int) -> Table | None:
    for nxt in ctx.document.blocks[block_no + 1: block_no + 4]:
        if isinstance(nxt, Table):
            return nxt
    return None


def _status_column(table: Table) -> tuple[list[int], list[str]] | None:
    for r, row in enumerate(table.rows[:4]):
        for c, cell in enumerate(row):
            if clean(cell.text.text) not in _status_headers():
                continue
            rows, values = [], []
            for rr in range(r + 1, table.n_rows):
                v = clean(table.text(rr, c))
                if not v:
                    continue
                if v not in _status_values():
                    return None
                rows.append(rr)
                values.append(_status_values()[v])
            return (rows, values) if values else None
    return None
