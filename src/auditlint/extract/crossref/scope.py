"""The report's year, the body that reports, and the project each block belongs to."""

from __future__ import annotations

from collections import Counter

from auditlint.document import Paragraph, Table
from auditlint.extract.context import ExtractContext
from auditlint.extract.crossref.labels import body_names, clean, project_of
from auditlint.extract.tableview.view import views_of
from auditlint.lazyre import lazy_compile

YEAR_IN_TEXT = lazy_compile(r"((?:19|20)[0-9]{2})\s*年")


# --- the report's year and its projects ---------------------------------------------------------


def document_year(ctx: ExtractContext) -> str | None:
    """The report's year: the year most written in its first paragraphs (title and opening)."""
    counts: Counter[str] = Counter()
    seen = 0
    for block in ctx.document.blocks:
        if not isinstance(block, Paragraph):
            continue
        for m in YEAR_IN_TEXT.finditer(block.text.text):
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


_FORM_TITLE = lazy_compile(r"(项目|部门|单位|整体)[^。，]{0,12}自评表$")
_PROJECT_LINE = lazy_compile(r"^项目名称(?P<name>.+?)(?:主管部门.*)?$")


def block_scopes(ctx: ExtractContext) -> tuple[dict[int, str], set[int]]:
    """The scope of each block: the project a figure belongs to ("" for the department).

    A project is named by a 项目名称 cell or line, or by a heading that carries a project's
    name. A 项目支出 self-evaluation form (its title, its 项目名称 line, its tables) is the
    scope of one project even when its name cannot be read; a department form is not.
    Also returns the paragraphs that stand inside a form: lines of a table that the reader
    could not rebuild, whose column (预期目标 or 实际完成情况) is unknown.
    """
    blocks = ctx.document.blocks
    names = {t.index: n for t in ctx.document.tables
             if (n := _project_name(t)) and not _lists_projects(ctx, t, n)}
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


def _lists_projects(ctx: ExtractContext, table: Table, name: str) -> bool:
    """The text after a table's 项目名称 cell heads a column of figures (`项目名称 预算批复 实际执行
    …`): the table lists projects, and that text is no project's name (a form's `项目名称 | X`
    row, even read as its header, heads no figures with X, or X merged over several)."""
    for view in views_of(ctx, table):
        named = [c for c in view.columns if clean(c.header) == name]
        # a name merged over several columns (a form's 项目名称 row, as a PDF grid has it)
        # heads them all: a name, not one column's header
        if len(named) == 1 and named[0].role not in ("label", "code", "text", None):
            return True
    return False


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
