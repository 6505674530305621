"""Item explanations of 预算/决算 narratives: growth against a base named by its label, the
heading amount against the amount of the same year, and the item against its table row.

    1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”7.66万元，主要用于…。
       2023年当年预算执行数为6.26万元，2024年预算安排7.66万元，比2023年预算执行数增加22.36%。

* `比2023年预算执行数增加22.36%` is a growth rate (AL202) from the amount stated under that
  label (2023年当年预算执行数 6.26) to the amount before it (2024年预算安排 7.66); `持平`
  says the two are equal; a rate from nothing is no rate (a warning); `增加 1.40 万元` is
  their difference.
* the heading amount (7.66) is the amount the sentence gives for the later year (AL401);
* the item names a class, a 款 and a 项: the report's own function-classification table
  gives that 项 a code and a figure, which the heading amount must equal, in the table's unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Protocol

from auditlint.document import Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.disclosure.tables import spec_of
from auditlint.extract.narrative.clauses import Clause, words
from auditlint.extract.quantity import Quantity
from auditlint.extract.tableview.text import norm, strip_numbering
from auditlint.extract.tableview.view import coded_rows
from auditlint.facts import Fact, Relation
from auditlint.lazyre import lazy_compile
from auditlint.params import GrowthParams, SameAsParams, SumParams, WordingParams

_BASE = lazy_compile(r"(?:比|较|与)(?P<base>.*?)(?:相比|比较)?$")
_YEAR = lazy_compile(r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?")
_FILLER = lazy_compile(r"^(?:当年|全年|年度|的)+|(?:为|是|：|:)+$")
_LEVELS = lazy_compile(r"([\u4e00-\u9fff](?:[^（(“”\"]|[（(](?!\d*[类款项][)）])[^（()）]*[)）])*?)"
                     r"[（(](\d*)(类|款|项)[)）]")
# what every _LEVELS match ends with: looked for first, since _LEVELS tries every character
# of a text without one to its end (quadratic in the paragraph)
_LEVEL_MARK = lazy_compile(r"[（(]\d*[类款项][)）]")
_RATE_KINDS = ("rate_up", "rate_down", "flat")
_GROWTH_KINDS = (*_RATE_KINDS, "change_up", "change_down")
_MARKER = lazy_compile(r"^\s*(?:\d{1,3}\s*[.、．]|[（(]\d{1,3}[)）])")
_CN = "一二三四五六七八九十"
_HEADING_LIKE = lazy_compile(rf"^\s*(?:[{_CN}]+[、.．]|第[{_CN}]+|[（(][{_CN}]+[)）])")
_INLINE = lazy_compile(r"^\s*(?:比|较)(?P<label>.*?)\s*(?<![\d,.])[\d,.]+\s*(?:万元|元|亿元)\s*"
                     r"(?P<word>" + "|".join(re.escape(w) for w in sorted(
                         [*words().up, *words().down], key=len, reverse=True))
                     + r")\s*[\d,.]+\s*(?:万元|元|亿元)\s*$")
_AMOUNT = lazy_compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:万元|元|亿元)")


class Para(Protocol):
    seq: int
    block: int
    clauses: list[Clause]
    text: str


def relate(ctx: ExtractContext, paras: Sequence[Para], fact: Callable[[Clause], Fact]) -> None:
    names = _item_codes(ctx)
    listed: list[tuple[Para, Fact, tuple[str, ...]]] = []  # items with (款, 项) names
    for group in _items(paras):
        amounts = [c for p in group for c in _amounts(p.clauses)]
        for p in group:
            own = _amounts(p.clauses)
            for k, c in enumerate(p.clauses):
                if c.kind in _GROWTH_KINDS:
                    _growth(ctx, p, k, c, own, fact)
                    if c.kind in _RATE_KINDS:  # the reason judged once, against the rate
                        _reason_direction(ctx, p, k, c, fact)
                elif c.kind == "other":
                    _inline_base(ctx, p, k, c, own, fact)
        whole = _Joined(group)
        head = _heading(ctx, whole, amounts, fact, names)
        if head is not None:
            listed.append((whole, *head))
    _copied_reasons(ctx, listed)
    _copied_texts(ctx, _list_items(paras), fact)


def _amounts(clauses: list[Clause]) -> list[Clause]:
    """The plain amounts among a paragraph's clauses, in text order."""
    return [c for c in clauses if c.kind == "amount" and not c.tail and c.fact is not None]


def _start(c: Clause) -> int:
    return c.start


def _quantity_start(found: tuple[Quantity, int]) -> int:
    return found[0].start


class _Joined:
    """An item explanation that the text broke into several paragraphs, read as one."""

    def __init__(self, group: list[Para]) -> None:
        self.seq = group[0].seq
        self.block = group[0].block
        self.clauses = [c for p in group for c in p.clauses]
        self.text = "".join(p.text for p in group)


def _items(paras: Sequence[Para]) -> list[list[Para]]:
    """Paragraphs grouped by item: an item opens with a list marker (`1.` `2、` `（3）`), and
    the paragraphs right after it without one are its continuation (not those after a table
    or a heading between)."""
    groups: list[list[Para]] = []
    item = False
    for p in paras:
        if _MARKER.match(p.text):
            groups.append([p])
            item = True
        elif item and groups and not _HEADING_LIKE.match(p.text) \
                and p.block == groups[-1][-1].block + 1:
            groups[-1].append(p)
        else:
            groups.append([p])
            item = False
    return groups


def _key(label: str) -> tuple[str | None, str]:
    """(year, what) of an amount's label: `2023年当年预算执行数为` -> ("2023", "预算执行数")."""
    t = norm(label)
    years = _YEAR.findall(t)
    what = _FILLER.sub("", _YEAR.sub("", t))
    what = _FILLER.sub("", what)
    return (years[-1] if years else None), what


def _same(base: tuple[str | None, str], label: tuple[str | None, str]) -> bool:
    (by, bw), (ly, lw) = base, label
    if not bw or not lw or (by and ly and by != ly) or (by is None) != (ly is None):
        return False
    short, long_ = sorted((bw, lw), key=len)
    return len(short) >= 2 and long_.endswith(short)


def _growth(ctx: ExtractContext, p: Para, k: int, c: Clause, amounts: list[Clause],
            fact: Callable[[Clause], Fact]) -> None:
    """`…，比2023年预算执行数增加22.36%`: the base is the amount stated under that label."""
    m = _BASE.search(norm(c.label))
    if m is None or not m.group("base") or c.tail:
        return
    base_key = _key(m.group("base"))
    before = amounts[:bisect_left(amounts, c.start, key=_start)]
    base = next((a for a in reversed(before) if _same(base_key, _key(a.label))), None)
    if base is None:
        return
    current = next((a for a in reversed(before) if a is not base
                    and a.sentence == c.sentence and a.start > base.start), None)
    if current is None:
        return
    cur, prev = fact(current), fact(base)
    if cur.kind != prev.kind or cur.unit != prev.unit:
        return
    name = f"change of {norm(current.label).rstrip('为是')} over {m.group('base')}"
    if c.kind == "flat":
        ctx.graph.relate(Relation(
            kind="growth", result=cur.id, operands=[cur.id, prev.id], trust="explicit",
            origin=f"比{m.group('base')}持平",
            params=GrowthParams(form="flat", name=name).as_params()))
        return
    stated = fact(c)
    if c.kind in ("change_up", "change_down"):
        # `比2023年预算执行数增加 1.40 万元`: the change is the difference of the two
        if stated.kind == cur.kind and stated.value >= 0:
            ctx.graph.relate(Relation(
                kind="growth", result=stated.id, operands=[cur.id, prev.id], trust="explicit",
                origin=f"{norm(current.label)} {cur.text}，{c.word} {stated.text} over "
                       f"{norm(base.label)} {prev.text}",
                params=GrowthParams(form="change", name=name, current=norm(current.label),
                                    direction="increase" if c.kind == "change_up"
                                    else "decrease", previous=norm(base.label)).as_params()))
        return
    ctx.graph.relate(Relation(
        kind="growth", result=stated.id, operands=[cur.id, prev.id], trust="explicit",
        origin=f"{norm(current.label)} {cur.text}，{c.word} {stated.text} over "
               f"{norm(base.label)} {prev.text}",
        params=GrowthParams(form="values", name=name, narrative=True,
                            rate_direction="increase" if c.kind == "rate_up" else "decrease",
                            current=norm(current.label), previous=norm(base.label)).as_params()))


def _inline_base(ctx: ExtractContext, p: Para, k: int, c: Clause, amounts: list[Clause],
                 fact: Callable[[Clause], Fact]) -> None:
    """`支出预算 A 万元，比 2025 年年初预算数 B 万元增加 C 万元，增长 D%`: the base is stated in
    the comparison itself. C = A − B (AL103), and D = C / B (AL202)."""
    text = p.text[c.start:c.end]
    m = _INLINE.match(text)
    if m is None:
        return
    found = ctx.paragraph_facts.get(p.block, [])  # in text order
    quantities = found[bisect_left(found, c.start, key=_quantity_start):
                       bisect_left(found, c.end, key=_quantity_start)]
    if len(quantities) != 2 or ctx.document.blocks[p.block].text.text != p.text:
        return
    # the amounts before it in its sentence: a sentence's clauses stand together
    before = amounts[:bisect_left(amounts, c.start, key=_start)][-1:]
    if not before or before[-1].sentence != c.sentence:
        return
    cur = fact(before[-1])
    base, change = (ctx.graph.facts[f] for _q, f in quantities)
    if not (cur.kind == base.kind == change.kind == "amount"):
        return
    up = m.group("word") in words().up
    name = f"the change of {norm(before[-1].label)} over {norm(m.group('label'))}"
    ctx.graph.relate(Relation(
        kind="identity", result=change.id, operands=[cur.id, base.id], trust="explicit",
        origin=f"{norm(before[-1].label)} {cur.text} {m.group('word')} over {base.text}",
        params=SumParams(signs="+-" if up else "-+", name=name).as_params()))
    nxt = p.clauses[k + 1] if k + 1 < len(p.clauses) else None
    if nxt is not None and nxt.kind in ("rate_up", "rate_down") and nxt.fact is not None \
            and nxt.sentence == c.sentence:
        ctx.graph.relate(Relation(
            kind="growth", result=nxt.fact, operands=[cur.id, base.id], trust="explicit",
            origin=f"{nxt.word} {fact(nxt).text} of {cur.text} over {base.text}",
            params=GrowthParams(
                form="values", name=f"growth of {norm(before[-1].label)}", narrative=True,
                rate_direction="increase" if nxt.kind == "rate_up" else "decrease",
                current=norm(before[-1].label), previous=norm(m.group("label"))).as_params()))


def _heading(ctx: ExtractContext, p: Para, amounts: list[Clause],
             fact: Callable[[Clause], Fact], names: dict[tuple[str, ...], list[int]]
             ) -> tuple[Fact, tuple[str, ...]] | None:
    """The amount after an item's name against the same year's amount in its sentence, and
    against the item's row in the report's function-classification table."""
    found = _head(ctx, p, amounts, fact)
    if found is None:
        return None
    h, head_label, rest = found
    levels = _LEVELS.findall(head_label)
    keyed = [(a, _key(a.label)) for a in rest]
    years = [y for _, (y, _w) in keyed if y]
    subject = strip_numbering(norm(head_label)).strip("“”\"")
    if years and len(set(years)) >= 2:
        latest = max(years)
        same_year = [a for a, (y, _w) in keyed if y == latest]
        if len(same_year) == 1:
            other = fact(same_year[0])
            if other.kind == h.kind and other.unit == h.unit:
                ctx.graph.relate(Relation(
                    kind="same_as", result=h.id, operands=[other.id], trust="explicit",
                    origin="the item's heading and its sentence",
                    params=SameAsParams(
                        subject=subject, confidence="exact",
                        reason=f"the item's amount and its {latest} amount").as_params()))
    path = tuple(norm(name) for name, _code, _level in levels)
    code = "".join(c for _name, c, _level in levels)
    rows = names.get((code,)) if len(code) == 7 else names.get(path)
    if not rows and len(path) == 2 and not code:
        rows = _under_one_class(names, path)
    # a row of a table whose unit was not found is not read in the item's (元 or 万元?)
    known = [r for r in rows or [] if ctx.graph[r].unit is not None or h.unit is None]
    if known:
        ctx.graph.relate(Relation(
            kind="same_as", result=h.id, operands=known, trust="explicit",
            origin="the item and its row in the function-classification table",
            params=SameAsParams(
                subject=subject, confidence="exact",
                reason="the same 类/款/项 in the report's 一般公共预算 table").as_params()))
    elif not rows and len(path) == 3 and not code:
        _unknown_name(ctx, h, path, names.get(("类", path[0]), []))
    return h, path


def _under_one_class(names: dict[tuple[str, ...], list[int]], path: tuple[str, ...]
                     ) -> list[int] | None:
    """`1．检察（款）行政运行（项）…` under a heading `（一）公共安全（类）`: the item names its 款
    and 项 only; the row is theirs when one 类 of the table has them."""
    found = [rows for key, rows in names.items() if len(key) == 3 and key[1:] == path]
    return found[0] if len(found) == 1 else None


def _reason(ctx: ExtractContext, p: Para, after: int) -> str:
    """The reason given after position `after` of the paragraph (主要原因是：…), up to its end."""
    text = p.text[after:]
    for w in sorted(ctx.packs.words("reason_openers"), key=len, reverse=True):
        i = text.find(w)
        if i >= 0:
            return text[i + len(w):].lstrip("：: ").split("。")[0]
    return ""


def _reason_direction(ctx: ExtractContext, p: Para, k: int, c: Clause,
                      fact: Callable[[Clause], Fact]) -> None:
    """`比…减少2.98%。主要原因是：…经费增加`: the reason's direction word against the change."""
    reason = _reason(ctx, p, c.end)
    if not reason or c.kind == "flat" or len(reason) > 40 or re.search(r"[，,；;、]|同时|但", reason):
        return  # a reason of several causes can go either way
    up = [w for w in ctx.packs.words("reason_up_words") if reason.endswith(w)]
    down = [w for w in ctx.packs.words("reason_down_words") if reason.endswith(w)]
    said = "increase" if up else "decrease" if down else None
    stated = "increase" if c.kind == "rate_up" else "decrease"
    if said is None or said == stated or c.fact is None:
        return
    ctx.graph.relate(Relation(
        kind="wording", result=fact(c).id, trust="explicit", origin="the reason after it",
        params=WordingParams(check="direction", reason=reason, word=(up or down)[0],
                             stated=c.word or ("增加" if stated == "increase" else "减少")
                             ).as_params()))


def _copied_reasons(ctx: ExtractContext, items: list[tuple[Para, Fact, tuple[str, ...]]]) -> None:
    """An item whose reason names another item of the list and not itself: the reason was
    copied from that item. An item is named by its 项 when no other item has that 项, else
    by its 款 and 项 together (一般行政管理事务 is a 项 of many 款)."""
    named = [(p, f, path) for p, f, path in items if len(path) == 3]
    counts: dict[str, int] = {}
    for _p, _f, path in named:
        counts[path[2]] = counts.get(path[2], 0) + 1

    def key(path: tuple[str, ...]) -> str:
        return path[2] if counts[path[2]] == 1 else path[1] + path[2]

    for p, f, path in named:
        reason = norm(_reason(ctx, p, 0))
        if not reason or path[2] in reason:
            continue
        for q, _g, other in named:
            k = key(other)
            if q is p or other[1:] == path[1:] or k in path[1] + path[2] or k not in reason:
                continue
            ctx.graph.relate(Relation(
                kind="wording", result=f.id, trust="explicit",
                origin="the reasons of the item list",
                params=WordingParams(check="copied", other=k, own=path[2],
                                     reason=reason).as_params()))
            break


def _list_items(paras: Sequence[Para]) -> list[tuple[str, Clause, str]]:
    """The items of numbered lists that open with a named amount (`2．政府性基金预算财政拨款收入
    0万元，…`): (name, the amount, the text after it). A list ends at a paragraph that is not
    one of its items."""
    out: list[tuple[str, Clause, str]] = []
    for group in _items(paras):
        p = group[0]
        if not _MARKER.match(p.text):
            out.append(("", Clause(0, 0, "", 0), ""))  # ends the list before
            continue
        first = next((c for c in p.clauses if c.kind in ("amount", "count")), None)
        if first is None or first.fact is None or first.sentence != p.clauses[0].sentence:
            out.append(("", Clause(0, 0, "", 0), ""))
            continue
        name = norm(_MARKER.sub("", first.label))
        rest = p.text[first.end:] + "".join(q.text for q in group[1:])
        out.append((name, first, norm(rest)))
    return out


def _copied_texts(ctx: ExtractContext, items: list[tuple[str, Clause, str]],
                  fact: Callable[[Clause], Fact]) -> None:
    """An item of a list whose explanation is, word for word, another item's, naming that
    item and not itself (`2．政府性基金预算财政拨款收入 0万元，…不存在上级补助收入` under `3．上级
    补助收入 0万元，…不存在上级补助收入`): copied from it and not adapted."""
    run: list[tuple[str, Clause, str]] = []
    for item in [*items, ("", Clause(0, 0, "", 0), "")]:
        if item[0]:
            run.append(item)
            continue
        for name, c, text in run:
            if len(name) < 4 or len(text) < 8 or name in text:
                continue
            for other, _d, twin in run:
                if other != name and twin == text and len(other) >= 4 and other in text \
                        and other not in name and name not in other:
                    ctx.graph.relate(Relation(
                        kind="wording", result=fact(c).id, trust="explicit",
                        origin="the explanations of the item list",
                        params=WordingParams(check="copied", other=other, own=name,
                                             reason=text).as_params()))
                    break
        run = []


def _head(ctx: ExtractContext, p: Para, amounts: list[Clause], fact: Callable[[Clause], Fact]
          ) -> tuple[Fact, str, list[Clause]] | None:
    """The item's heading amount, the text naming the item, and the paragraph's other
    amounts: the first clause when it is an amount after a name in quotes or with its
    (类)(款)(项); else the first amount written right after the last (项) of the text."""
    if amounts and amounts[0] is p.clauses[0]:
        label = amounts[0].label
        if (_LEVEL_MARK.search(label) and _LEVELS.search(label)) \
                or label.rstrip().endswith(("”", "）", ")")):
            return fact(amounts[0]), label, amounts[1:]
        return None
    head = p.text[:200]
    levels = list(_LEVELS.finditer(head)) if _LEVEL_MARK.search(head) else []
    if not levels or levels[-1].group(3) != "项":
        return None
    after = p.text[levels[-1].end():].lstrip("”\"）) ")
    m = _AMOUNT.match(after)
    if m is None:
        return _outturn(ctx, amounts, fact, p.text[: levels[-1].end()])
    wanted = m.group(1)
    first = next((f for f in ctx.graph.facts if f.block == p.block and f.kind == "amount"
                  and f.text.startswith(wanted)), None)
    if first is None:
        return None
    return first, p.text[: levels[-1].end()], [a for a in amounts if a.fact != first.id]


def _outturn(ctx: ExtractContext, amounts: list[Clause], fact: Callable[[Clause], Fact],
             name: str) -> tuple[Fact, str, list[Clause]] | None:
    """`…行政运行（项）。主要用于：…。年初预算为 x 万元，支出决算为 y 万元。`: no amount after the
    name, and the one amount labelled as the outturn (rules/reports.toml) is the item's."""
    words = tuple(ctx.packs.words("item_outturn_labels"))
    found = [a for a in amounts if norm(a.label).rstrip("为是：:").endswith(words)]
    if len(found) != 1:
        return None
    return fact(found[0]), name, [a for a in amounts if a is not found[0]]


def _unknown_name(ctx: ExtractContext, h: Fact, path: tuple[str, ...], rows: list[int]) -> None:
    """An item whose 款 and 项 names are not in the report's table under its 类, while the one
    项 row there with the item's amount has another name: the item names it wrongly."""
    facts = ctx.graph.facts
    same = [f for f in rows if facts[f].base_interval.intersects(h.base_interval)]
    if len(same) != 1:
        return
    row = facts[same[0]]
    if _garbled(path[-1], norm(row.label.split(" / ")[0])):
        return  # the row's name is the item's, cut or run into a neighbour's by the reader
    ctx.graph.relate(Relation(
        kind="wording", result=h.id, operands=[row.id], trust="explicit",
        origin="the item's names against the report's table",
        params=WordingParams(check="name", own="（款）".join(path[1:]) + "（项）",
                             other=row.label.split(" / ")[0], class_=path[0]).as_params()))


def _garbled(own: str, row: str) -> bool:
    """Whether a table row's name is the item's 项 read badly: a part of it, or most of it
    run together with a piece of the next row's name (`缴费支出机关事业单位职业年金缴费`)."""
    if not own or not row or own == row:
        return False
    if own in row or row in own:
        return True
    m = SequenceMatcher(None, own, row, autojunk=False).find_longest_match(0, len(own), 0, len(row))
    return m.size > 0.7 * min(len(own), len(row))


def _item_codes(ctx: ExtractContext) -> dict[tuple[str, ...], list[int]]:
    """(类, 款, 项) names, and (code,), -> the total-column figures of that 项's row, from
    the report's 一般公共预算 function-classification tables (rules/disclosure.toml)."""
    out: dict[tuple[str, ...], list[int]] = {}
    for table in ctx.document.tables:
        spec = spec_of(table.caption, ctx.packs.tables)
        if spec is None or spec.scope != "general" or spec.side != "expense":
            continue
        _read_codes(ctx, table, out)
    return out


def _read_codes(ctx: ExtractContext, table: Table, out: dict[tuple[str, ...], list[int]]) -> None:
    """A table's 项 rows by code and by names; a 项 also by the shorter names the text may
    call it (`short_names` of rules/classification.toml)."""
    by_code: dict[str, str] = {}
    short = ctx.packs.classification().short_names
    for row, fid in coded_rows(ctx, table):
        code = row.code_digits or ""
        by_code[code] = norm(strip_numbering(row.label))
        if fid is None or len(code) != 7:
            continue
        out.setdefault((code,), []).append(fid)
        path = (by_code.get(code[:3], ""), by_code.get(code[:5], ""), by_code[code])
        if all(path):
            out.setdefault(path, []).append(fid)
            out.setdefault(("类", path[0]), []).append(fid)
            for name in short.get(code, []):
                out.setdefault((*path[:2], norm(name)), []).append(fid)
