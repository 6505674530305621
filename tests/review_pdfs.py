"""A PDF report drawn for the review tests, with every figure at a position the test knows
(drawn with reportlab's canvas, not found back by the code under test)."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
SIZE = 11
LEFT = 72
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

LINES = [
    "青禾县文化馆2024年度部门整体支出绩效自评报告",
    "本年度共开展公益讲座 380.00 课时。",  # an equal figure earlier on the page
    "2024年全年预算数 400.00 万元，全年执行数 380.00 万元，预算执行率 96.00%。",
]
TABLE = [["项目", "年初预算数", "全年预算数", "全年执行数"],
         ["基本支出", "200.00", "210.00", "205.00"],
         ["项目支出", "150.00", "190.00", "175.00"],
         ["合计", "350.00", "400.00", "390.00"]]
COLS = [LEFT, LEFT + 90, LEFT + 190, LEFT + 290, LEFT + 390]
ROW_H = 22
FIGURE = re.compile(r"(?<![\d.])\d[\d,]*\.\d+%?")

Box = tuple[int, float, float, float, float]  # page, x0, top, x1, bottom (top-down points)


def _box(x: float, y: float, text: str, page: int = 1) -> Box:
    """Where `text` drawn at baseline (x, y) stands, top-down as pdfplumber measures."""
    width = pdfmetrics.stringWidth(text, FONT, SIZE)
    height = A4[1]
    return (page, x, height - y - 0.88 * SIZE, x + width, height - y + 0.12 * SIZE)


def report_pdf(path: Path, scanned_page: bool = False) -> Path:
    draw(path, scanned_page)
    return path


def draw(path: Path, scanned_page: bool = False) -> dict[str, list[Box]]:
    """Draw the report; the boxes of each figure text, in drawing order."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(FONT, SIZE)
    where: dict[str, list[Box]] = {}
    y = A4[1] - 90
    for line in LINES:
        c.drawString(LEFT, y, line)
        for m in FIGURE.finditer(line):
            x = LEFT + pdfmetrics.stringWidth(line[:m.start()], FONT, SIZE)
            where.setdefault(m.group(), []).append(_box(x, y, m.group()))
        y -= 2 * SIZE
    y -= SIZE
    c.drawString(LEFT, y, "表1 支出情况表")
    y -= 1.8 * SIZE
    c.drawString(LEFT, y, "单位：万元")
    y -= SIZE
    top = y
    ys = [top - k * ROW_H for k in range(len(TABLE) + 1)]
    c.setLineWidth(0.6)
    c.grid(COLS, ys)
    for r, row in enumerate(TABLE):
        baseline = ys[r] - ROW_H + 7
        for k, text in enumerate(row):
            c.drawString(COLS[k] + 4, baseline, text)
            if text[0].isdigit():
                where.setdefault(text, []).append(_box(COLS[k] + 4, baseline, text))
    c.showPage()
    if scanned_page:  # a page with an image and no text: not checked (AL902)
        c.setFillGray(0.85)
        c.rect(72, 500, 300, 200, stroke=0, fill=1)
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(Image.new("RGB", (40, 20), "white")), 72, 400, 200, 100)
        c.showPage()
    c.save()
    return where


def draw_continued(path: Path) -> dict[str, list[Box]]:
    """A paragraph that runs from page 1 onto page 2 with a figure there (`380.00` lectures)
    equal to an operand of the next paragraph's finding: the reader dates the paragraph to
    page 1, so counting equal figures on page 2 alone would take the wrong one."""
    size, width = 12, 36

    def full(text: str) -> str:
        return text + "文" * (width - len(text))

    pages = [
        [(2, full("本馆全年开展公益讲座和展览活动共计")[2:])]
        + [(0, full("馆内开展书画培训舞蹈培训与阅读推广等活动"))] * 25
        + [(0, full("全年讲座课时较上年"))],
        [(0, "增加 380.00 课时，主要原因是新增讲座。"),
         (2, "全年预算数 400.00 万元，全年执行数 380.00 万元，预算执行率 96.00%。")],
    ]
    where: dict[str, list[Box]] = {}
    c = Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(pages, 1):
        c.setFont(FONT, size)
        y = A4[1] - 72
        for indent, line in lines:
            x = LEFT + indent * size
            c.drawString(x, y, line)
            for m in FIGURE.finditer(line):
                x0 = x + pdfmetrics.stringWidth(line[:m.start()], FONT, size)
                w = pdfmetrics.stringWidth(m.group(), FONT, size)
                where.setdefault(m.group(), []).append(
                    (number, x0, A4[1] - y - 0.88 * size, x0 + w, A4[1] - y + 0.12 * size))
            y -= size * 1.8
        c.showPage()
    c.save()
    return where
