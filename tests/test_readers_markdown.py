"""The .md reader: headings, paragraphs, pipe tables, all mapped to the source."""

from __future__ import annotations

from pathlib import Path

from auditlint.readers import read
from auditlint.readers.markdown import parse_markdown
from readers_helpers import assert_mapped, grid

REPORT = """\
# 2024 年度项目绩效自评报告

<!-- 起草人的备注，不是正文 -->

一、项目概况
本项目全年预算 **356.80** 万元，执行 *348.10* 万元，
执行率为 97.56%。

## 二、资金使用情况

表1 资金使用情况表

单位：万元

| 项目 | 全年预算数 | 全年执行数 | 执行率 |
| --- | ---: | ---: | ---: |
| 基本支出 | 206.80 | 204.60 | 98.94% |
| 项目支出 | **150.00** | 143.50 | 95.67% |
| 合计 | 356.80 | 348.10 | 97.56% |

> 说明：[明细见附表](https://example.org/a.pdf) 第 3 页。

```
代码块不是段落 1.23
```
"""


def test_headings_and_sections() -> None:
    doc = parse_markdown(REPORT)
    headings = [(p.text.text, p.section) for p in doc.paragraphs if p.heading]
    assert headings == [
        ("2024 年度项目绩效自评报告", ("2024 年度项目绩效自评报告",)),
        ("一、项目概况", ("2024 年度项目绩效自评报告", "一、项目概况")),
        ("二、资金使用情况", ("2024 年度项目绩效自评报告", "二、资金使用情况")),
    ]


def test_emphasis_is_dropped_and_numbers_keep_their_columns() -> None:
    doc = parse_markdown(REPORT)
    p = next(p for p in doc.paragraphs if p.text.text.startswith("本项目"))
    assert p.text.text == "本项目全年预算 356.80 万元，执行 348.10 万元，执行率为 97.56%。"
    i = p.text.text.index("356.80")
    line, col = p.text.position(i)
    assert (line, col) == (6, 11)
    assert doc.lines[line - 1][col - 1: col + 5] == "356.80"
    assert p.section[-1] == "一、项目概况"
    assert_mapped(doc)


def test_comments_and_code_are_not_paragraphs() -> None:
    texts = [p.text.text for p in parse_markdown(REPORT).paragraphs]
    assert not any("备注" in t or "代码块" in t for t in texts)
    assert texts[-1] == "说明：明细见附表 第 3 页。"


def test_pipe_table_with_caption_and_unit() -> None:
    doc = parse_markdown(REPORT)
    (table,) = doc.tables
    assert table.shape == "markdown"
    assert table.header_rows == 1
    assert table.caption == "表1 资金使用情况表"
    assert table.unit == "万元"
    assert grid(table)[2] == ["项目支出", "150.00", "143.50", "95.67%"]
    cell = table.rows[2][1]
    assert cell.text.position(0) == (18, 12)
    assert table.section == ("2024 年度项目绩效自评报告", "二、资金使用情况")
    texts = [p.text.text for p in doc.paragraphs]
    assert "表1 资金使用情况表" not in texts and "单位：万元" not in texts
    assert_mapped(doc)


def test_escaped_pipes_and_leading_blank_cells() -> None:
    text = "| 一级 | 三级 | 分值 |\n|---|---|---|\n| 产出 | 数量a\\|b | 10 |\n|  | 质量 | 5 |\n"
    doc = parse_markdown(text)
    (table,) = doc.tables
    assert grid(table) == [["一级", "三级", "分值"], ["产出", "数量a|b", "10"], ["产出", "质量", "5"]]
    assert table.rows[2][0].merged
    assert_mapped(doc)


def test_lines_of_a_paragraph_join_without_spaces_between_cjk() -> None:
    doc = parse_markdown("全年共开展培训\n12 期，参训 360\n人次。\n\nword one\ntwo\n")
    assert [p.text.text for p in doc.paragraphs] == ["全年共开展培训12 期，参训 360人次。",
                                                     "word one two"]
    assert_mapped(doc)


def test_read_markdown_file(tmp_path: Path) -> None:
    p = tmp_path / "r.markdown"
    p.write_bytes(REPORT.encode("utf-8-sig"))
    doc = read(p)
    assert doc.format == "markdown"
    assert doc.encoding == "utf-8-sig"
    assert [t.index for t in doc.tables] == [1]
    assert_mapped(doc)
