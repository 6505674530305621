"""The same report read from Word and from its text gives the same findings: reports written
here in the shapes of published ones (a 部门整体支出绩效评价报告 with a table of contents and a
scoring table whose category cells span rows; a 决算公开说明 with a 自评表 flattened by PDF
extraction; a report whose tables Word saved one cell a line; a 项目支出绩效自评表 saved with
tabs), each made a real .docx by `wordkit.write_docx`, and the real seeds when they are here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from auditlint.readers.docx import read_docx  # noqa: E402
from auditlint.readers.text import parse_text  # noqa: E402
from wordkit import findings_of, plain_text, write_docx  # noqa: E402

SEEDS = Path("/work/shared/seeds")

# a 部门整体支出绩效评价报告: a table of contents with leader dots, headings, and the scoring
# table with its 一级/二级 cells merged down and its subtotal labels across (`^`, `<`); a
# 得分率 column beside 满分 and 得分; planted: two 其中 lists, a subtotal, the 合计 row
OVERALL = """云岭县农机服务站
2023 年部门整体支出
绩效评价报告

目 录

摘 要.....\t1
一、部门概况.....\t2
（一）机构设置.....\t2
（二）预算情况.....\t3
二、评价结论.....\t5
附表：指标体系及评分.....\t9

摘 要
受县财政局委托，我所对县农机服务站 2023 年部门整体支出开展绩效评价，评价得分 84 分，等级为“良”。
一、部门概况
（一）机构设置
县农机服务站核定编制 18 名，年末实有人员 17 人，其中在职 12 人、退休 6 人。
（二）预算情况
2023 年支出合计 640.50 万元，其中基本支出 402.30 万元，项目支出 230.20 万元。
二、评价结论
评价从投入、过程、产出、效益四方面进行，总分为 84 分。
附表：指标体系及评分
| 一级指标 | 二级指标 | 三级指标 | 满分 | 得分 | 得分率 |
|---|---|---|---|---|---|
| 投入（20分） | 预算编制（10分） | 预算编制科学性 | 5 | 4 | 80% |
| ^ | ^ | 绩效目标合理性 | 5 | 3 | 60% |
| ^ | 资金到位（10分） | 资金到位率 | 10 | 10 | 100% |
| 投入指标得分 | < | < | 20 | 17 | 85% |
| 过程（30分） | 资金管理（15分） | 资金使用合规性 | 8 | 7 | 87.5% |
| ^ | ^ | 预算执行率 | 7 | 6 | 85.7% |
| ^ | 组织实施（15分） | 管理制度健全性 | 8 | 6 | 75% |
| ^ | ^ | 制度执行有效性 | 7 | 7 | 100% |
| 过程指标得分 | < | < | 30 | 26 | 86.7% |
| 产出（30分） | 产出数量（15分） | 农机补贴兑付户数 | 15 | 13 | 86.7% |
| ^ | 产出质量（15分） | 培训合格率 | 15 | 12 | 80% |
| 产出指标得分 | < | < | 30 | 24 | 83.3% |
| 效益（20分） | 社会效益（10分） | 农机化水平提升 | 10 | 8 | 80% |
| ^ | 满意度（10分） | 服务对象满意度 | 10 | 9 | 90% |
| 效益指标得分 | < | < | 20 | 17 | 85% |
| 合计 | < | < | 100 | 85 | 85% |
"""

# a 决算公开说明 with a 自评表 as PDF extraction prints it: labels cut over the lines before
# each values line, and the last row's 偏差原因 wrapped below its values, before 总分
DISCLOSURE = """东川区就业服务中心
2023 年度部门决算
公开说明
第一部分 单位概况
一、主要职能
负责全区就业政策宣传、职业介绍和就业援助等工作。
二、机构设置及人员情况
本单位 2023 年末实有人数 46 人，其中：在职人员 31 人，退休人员 14 人。
第二部分 部门决算情况说明
一、收入支出决算总体情况说明
2023 年度收入总计 936.40 万元，其中：本年收入合计 912.40 万元，年初结转和结余 24.00 万元。
2023 年度支出总计 936.40 万元，其中：本年支出合计 930.10 万元，年末结转和结余 6.30 万元。
二、预算绩效情况说明
就业服务信息平台运维项目绩效自评表
（2023年度）
项目名称 就业服务信息平台运维
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分
年度资金总额 60 60 57 10 95.00% 9.5
项目资金
（万元） 其中：当年财政拨款 60 60 57 — 95.00% —
二级 年度 实际 偏差原因分析及改
一级指标 三级指标 分值 得分
指标 指标值 完成值 进措施
产出指
标
数量指标
平台发布岗
位信息条数
>=5000 条 =6200 条 20 20.00
信息审核准
确率
>=98% =100% 20 20.00
时效指标
系统故障修
复时长
<=24 小时 =12 小时 20 20.00
效益指
标
社会效益指标
平台注册用
户数
>=3 万人 =3.6 万人 30 26.50
用户增长
快于预期，
服务器扩容
 总分 100 96.50 分
"""

# tables that Word saved as text one cell a line (a tab before each, a blank line between
# rows); planted: the 合计 row and a 降幅
CELLS = """一、基本情况
（一）部门概况
县医疗保障服务中心为县医保局所属事业单位，内设机构 4 个。
（二）部门预算批复及资金安排情况
2023 年，追加县医疗保障服务中心资金 2 笔，具体见下表：
县医疗保障服务中心2023年追加资金明细表
金额：元
\t序号
\t项目
\t金额
\t资金来源

\t1
\t城乡居民医保信息化补助资金
\t86,400.00
\t省级

\t2
\t医疗救助经办补助
\t43,250.50
\t县级

\t合计
\t\u3000
\t128,650.50
\t\u3000


县医疗保障服务中心2023年决算收入为826.40万元，其中：年初结转结余12.40万元、一般公共预算财政拨款收入814.00万元。
县医疗保障服务中心2023年末结转结余资金为8.20万元，与年初结转结余资金12.40万元相比，减少4.20万元，降幅为35.87%。
（三）部门绩效目标设立情况
（1）数量指标
①参保人员待遇结算≥5000人次；
②医保政策宣传场次≥12场。
"""

# a 项目支出绩效自评表 saved with tabs: the funds block and the indicator rows in one grid
TABBED = """
铅山县劳动就业服务中心绩效自评报告

一、部门概况

本中心 2022 年年末实有人数 21 人，其中在职人员 17 人，退休人员 4 人。

二、单位自评工作开展情况

我中心2022年度自评的项目共有1个，全年预算数40万元，全年执行数38万元，执行率95.00%。

项目支出绩效自评表

(2022年度)

项目名称\t创业担保贷款贴息经办\t\t\t\t\t\t
主管部门\t铅山县人力资源和社会保障局\t\t\t实施单位\t铅山县劳动就业服务中心\t\t
项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分
\t年度资金总额\t40\t40\t38\t10\t95\t9
\t其中:财政拨款\t40\t40\t38\t-\t95\t-
\t其他资金\t0\t0\t0\t-\t0\t-

\t一级指标\t二级指标\t三级指标\t年度指标\t实际完成值\t分值\t得分\t执行率偏差原因分析及改进措施
绩效目标\t产出指标\t数量\t贴息贷款发放笔数\t>=120笔\t132笔\t20\t20\t
\t\t质量\t贴息资金拨付准确率\t100%\t100\t20\t18\t
\t\t时效\t贴息拨付及时性\t及时\t100\t10\t10\t
\t效益指标\t社会效益\t带动就业人数\t>=300人\t346人\t20\t20\t
\t满意度\t满意度\t借款人满意度\t>=90%\t93%\t20\t20\t
总分\t\t\t\t\t\t100\t97\t
"""

REPORTS = {"overall": OVERALL, "disclosure": DISCLOSURE, "cells": CELLS, "tabbed": TABBED}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_word_gives_the_findings_of_the_text(name: str, tmp_path: Path) -> None:
    source = REPORTS[name]
    text = tmp_path / f"{name}.txt"
    text.write_text(plain_text(source), encoding="utf-8")
    word = write_docx(source, tmp_path / f"{name}.docx")
    from_text = findings_of(text)
    assert from_text, "a report with planted errors gives findings"
    assert findings_of(word) == from_text


def test_the_table_of_contents_is_a_real_one_and_is_not_read(tmp_path: Path) -> None:
    word = write_docx(OVERALL, tmp_path / "r.docx")
    with zipfile.ZipFile(word) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:docPartGallery w:val="Table of Contents"' in xml
    assert 'TOC \\o "1-3"' in xml and "PAGEREF _Toc" in xml and 'w:leader="dot"' in xml
    doc = read_docx(word)
    texts = [p.text.text for p in doc.paragraphs]
    assert "摘 要" in texts and not any("....." in t or t.endswith("\t1") for t in texts)
    assert texts.count("一、部门概况") == 1  # the heading, not its entry in the contents
    assert len(doc.tables) == 1


def test_spanning_cells_are_merged_word_cells(tmp_path: Path) -> None:
    word = write_docx(OVERALL, tmp_path / "r.docx")
    with zipfile.ZipFile(word) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert '<w:gridSpan w:val="3"/>' in xml and '<w:vMerge w:val="restart"/>' in xml
    (table,) = read_docx(word).tables
    assert table.rows[3][0].origin == (1, 0) and table.rows[2][1].origin == (1, 1)
    assert table.rows[4][1].origin == (4, 0) and table.rows[4][2].origin == (4, 0)


def test_a_reason_wrapped_below_the_last_row_is_that_row_s_cell() -> None:
    """The 偏差原因 of the last indicator, printed below its values line and before 总分, is
    read into its cell (so a Word table, which holds it there, reads the same)."""
    doc = parse_text(DISCLOSURE)
    table = next(t for t in doc.tables if t.text(0, 0) == "一级指标")
    last = table.rows[-2]
    assert [c.text.text for c in last][-1] == "用户增长快于预期，服务器扩容"
    assert not any("服务器扩容" in p.text.text for p in doc.paragraphs)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports are not on this machine")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir()
                         else [])
def test_seed_reports_give_the_same_findings_from_word(seed: str, tmp_path: Path) -> None:
    source = (SEEDS / seed).read_text(encoding="utf-8")
    word = write_docx(source, tmp_path / "seed.docx")
    assert findings_of(word) == findings_of(SEEDS / seed)
