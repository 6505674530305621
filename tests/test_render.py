"""`auditlint render`: the document as the reader saw it, in plain, deterministic text."""

from __future__ import annotations

from auditlint.readers.markdown import parse_markdown
from auditlint.readers.text import parse_text
from auditlint.report.render import render_document

REPORT = (
    "一、评价结果\n"
    "综合得分 92 分。\n"
    "得分情况表\n"
    "单位：分\n"
    "指标\t分值\t得分\n"
    "产出\t60\t55\n"
    "\t30\t28\n"
    "效益\t40\t37\n"
    "201 一般公共服务支出 1,200.50 1,000.50\n"
    "201 03 政府办公厅 1,200.50 1,000.50\n"
    "201 03 01 行政运行 900.10 900.10\n"
)

EXPECTED = """\
r.txt (text, utf-8): 2 paragraphs, 2 tables, 0 notices

L1 # 1 [一、评价结果] 一、评价结果

L2 ¶ 2 [一、评价结果] 综合得分 92 分。

L5-8 ▦ table 1 (tsv, 4×3, header rows 1) [一、评价结果]
    caption: 得分情况表
    unit: 分
        L5 H | 指标 | 分值 | 得分 |
        L6   | 产出 | 60   | 55   |
        L7   | 〃   | 30   | 28   |
        L8   | 效益 | 40   | 37   |

L9-11 ▦ table 2 (spaced, 4×4, header rows 1) [一、评价结果]
           H | 科目编码  | 项目             | 金额1    | 金额2    |
        L9   | 201       | 一般公共服务支出 | 1,200.50 | 1,000.50 |
       L10   | 201 03    | 政府办公厅       | 1,200.50 | 1,000.50 |
       L11   | 201 03 01 | 行政运行         | 900.10   | 900.10   |
"""


def test_render_text_document() -> None:
    assert render_document(parse_text(REPORT, "r.txt")) == EXPECTED


def test_render_is_deterministic() -> None:
    doc = parse_text(REPORT, "r.txt")
    assert render_document(doc) == render_document(doc)


def test_long_cells_are_cut_and_columns_aligned_by_display_width() -> None:
    text = "| 项目 | 说明 |\n|---|---|\n| a | " + "很长的说明文字" * 6 + " |\n"
    out = render_document(parse_markdown(text, "m.md"))
    rows = [line for line in out.splitlines() if line.strip().startswith("L")][1:]
    assert rows[1].endswith("… |")
    assert "| 项目 | 说明" in rows[0]
    bars = {line.index("|", line.index("|") + 1) for line in rows[1:]}
    assert len(bars) == 1


def test_pages_are_shown_for_paged_text() -> None:
    out = render_document(parse_text("第一页的内容。\n1\n\f第二页的内容。\n2\n", "p.txt"))
    assert "L1 ¶ 1 p1 [] 第一页的内容。" in out
    assert "L3 ¶ 2 p2 [] \f第二页的内容。" not in out
    assert "p2 [] 第二页的内容。" in out
