"""The PDF reader's pdfium layer: what pdfium leaves out of a page's text is put back,
forms and rotated pages are placed where they show, ruled tables are found from the drawn
segments, a file pdfium cannot open goes to pdfplumber, and no bytes make it crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from auditlint.document import Document
from auditlint.readers import ReadError
from auditlint.readers.pdf import read_pdf
from auditlint.readers.pdf.ruling import find_tables

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _canvas(path: Path) -> Canvas:
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    return c


def _rows(doc: Document) -> list[list[str]]:
    (t,) = doc.tables
    return [[cell.text.text for cell in row] for row in t.rows]


def test_identical_lines_one_under_the_other_are_both_read(tmp_path: Path) -> None:
    # pdfium's text leaves out a text object that repeats one just before it, so close
    # that it could be the same one printed twice
    line = "本单位全年共组织开展业务培训与专项检查工作各类活动合计"
    path = tmp_path / "p.pdf"
    c = _canvas(path)
    for k in range(3):
        c.drawString(72, 700 - 16 * k, line)
    c.showPage()
    c.save()
    assert "".join(read_pdf(path).lines).count(line) == 3


def test_a_space_drawn_on_its_own_is_a_space(tmp_path: Path) -> None:
    # the space is a text object of its own in a smaller size; the gap it leaves is
    # narrower than a quarter of the type size
    path = tmp_path / "p.pdf"
    c = _canvas(path)
    c.drawString(72, 700, "收入1668.14")
    x = 72 + pdfmetrics.stringWidth("收入1668.14", FONT, 12)
    c.setFont(FONT, 5)
    c.drawString(x, 700, " ")
    c.setFont(FONT, 12)
    c.drawString(x + pdfmetrics.stringWidth(" ", FONT, 5), 700, "万元。")
    c.showPage()
    c.save()
    assert read_pdf(path).paragraphs[0].text.text == "收入1668.14 万元。"


def test_table_drawn_in_a_form_is_found_where_the_form_is_placed(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    c = _canvas(path)
    c.drawString(72, 760, "表1 收入决算表")
    c.beginForm("table")
    c.grid([0, 120, 220], [0, 20, 40])
    c.setFont(FONT, 10)
    for x, y, s in [(5, 26, "项目"), (125, 26, "金额"), (5, 6, "合计"), (125, 6, "12.50")]:
        c.drawString(x, y, s)
    c.endForm()
    c.saveState()
    c.translate(72, 650)
    c.doForm("table")
    c.restoreState()
    c.showPage()
    c.save()
    doc = read_pdf(path)
    assert _rows(doc) == [["项目", "金额"], ["合计", "12.50"]]
    assert doc.tables[0].caption == "表1 收入决算表"


def test_rotated_page_reads_as_it_shows(tmp_path: Path) -> None:
    # a landscape table printed on a page turned by /Rotate 90: the content is drawn
    # turned the other way, so that it stands upright on screen (in an embedded font:
    # pdfium leaves turned text of a font it has no outlines for out of its text)
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    path = tmp_path / "p.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setPageRotation(90)
    c.translate(A4[0], 0)
    c.rotate(90)
    c.setFont("Vera", 12)
    c.drawString(72, A4[0] - 90, "Total spending was 30.00 this year.")
    c.grid([72, 272, 372], [A4[0] - 160, A4[0] - 140, A4[0] - 120])
    c.setFont("Vera", 10)
    for x, y, s in [(77, A4[0] - 134, "Item"), (277, A4[0] - 134, "Amount"),
                    (77, A4[0] - 154, "Total"), (277, A4[0] - 154, "30.00")]:
        c.drawString(x, y, s)
    c.showPage()
    c.save()
    doc = read_pdf(path)
    assert [p.text.text for p in doc.paragraphs] == ["Total spending was 30.00 this year."]
    assert _rows(doc) == [["Item", "Amount"], ["Total", "30.00"]]


def test_file_pdfium_cannot_open_is_read_by_pdfplumber(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pdfplumber")
    import auditlint.readers.pdf.pdfium as pdfium

    path = tmp_path / "p.pdf"
    c = _canvas(path)
    c.drawString(72, 700, "本年收入 520.40 万元。")
    c.showPage()
    c.save()

    def refuse(_path: Path) -> object:
        raise pdfium.PdfiumOpenError("Data format error", encrypted=False)

    monkeypatch.setattr(pdfium, "open_document", refuse)
    assert read_pdf(path).paragraphs[0].text.text == "本年收入 520.40 万元。"


def test_rules_a_point_apart_are_one_and_a_lone_box_is_no_table() -> None:
    box = [("h", 100.0, 50.0, 250.0), ("h", 120.0, 50.0, 250.0), ("v", 50.0, 100.0, 120.0),
           ("v", 250.0, 100.0, 120.0)]
    assert find_tables(box) == []  # a framed paragraph
    # two columns, the middle rule drawn twice a point apart, the bottom one in two pieces
    grid = [*box, ("v", 150.0, 100.0, 120.0), ("v", 151.0, 100.0, 120.0)]
    grid += [("h", 140.0, 50.0, 149.0), ("h", 140.5, 150.0, 250.0), ("v", 50.0, 120.0, 140.0),
             ("v", 150.5, 120.0, 140.0), ("v", 250.0, 120.0, 140.0)]
    (t,) = find_tables(grid)
    assert len(t.rows) == 2 and len(t.lefts) == 2
    assert t.bbox[0] == 50.0 and t.bbox[2] == 250.0


def _good_pdf(tmp_path: Path) -> bytes:
    path = tmp_path / "good.pdf"
    c = _canvas(path)
    c.drawString(72, 700, "本年支出 12.50 万元。")
    c.grid([72, 200, 300], [600, 620, 640])
    c.showPage()
    c.save()
    return path.read_bytes()


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_no_bytes_crash_the_pdf_reader(tmp_path: Path, data: st.DataObject) -> None:
    good = _good_pdf(tmp_path)
    kind = data.draw(st.sampled_from(["garbage", "truncated", "flipped"]))
    if kind == "garbage":
        content = b"%PDF-1.4\n" + data.draw(st.binary(max_size=400))
    elif kind == "truncated":
        content = good[: data.draw(st.integers(0, len(good)))]
    else:
        content = bytearray(good)
        for _ in range(data.draw(st.integers(1, 20))):
            at = data.draw(st.integers(0, len(content) - 1))
            content[at] = data.draw(st.integers(0, 255))
        content = bytes(content)
    path = tmp_path / "f.pdf"
    path.write_bytes(content)
    with pytest.MonkeyPatch.context() as mp:
        if data.draw(st.booleans()):  # as pdfplumber reads what pdfium cannot open
            import auditlint.readers.pdf.pdfium as pdfium

            def refuse(_path: Path) -> object:
                raise pdfium.PdfiumOpenError("Data format error", encrypted=False)

            mp.setattr(pdfium, "open_document", refuse)
        try:
            read_pdf(path)
        except ReadError as e:
            assert str(e) and "\n" not in str(e)
    assert path.read_bytes() == content  # the input is never written


def test_media_box_away_from_the_origin_counts_from_its_corner(tmp_path: Path) -> None:
    import pypdfium2

    from auditlint.readers.pdf import pdfium

    def draw(path: Path, size: tuple[float, float], x: float, y: float) -> Path:
        c = Canvas(str(path), pagesize=size, invariant=1)
        c.setFont(FONT, 12)
        c.drawString(x, y, "本年收入 520.40 万元。")
        c.grid([x, x + 100, x + 200], [y - 60, y - 40, y - 20])
        c.showPage()
        c.save()
        return path

    plain = draw(tmp_path / "plain.pdf", A4, 72, 700)
    doc = pypdfium2.PdfDocument(str(draw(tmp_path / "drawn.pdf", (800, 1000), 172, 800)))
    doc[0].set_mediabox(100, 100, 100 + A4[0], 100 + A4[1])
    moved = tmp_path / "moved.pdf"
    doc.save(str(moved))
    doc.close()
    pages = []
    for path in (plain, moved):
        opened = pdfium.open_document(path)
        pages.append(pdfium.read_page(opened, 0))
        opened.close()
    a, b = pages
    assert (a.width, a.height) == pytest.approx((b.width, b.height))
    assert len(a.chars) == len(b.chars) and len(a.edges) == len(b.edges)
    for ours, theirs in zip(a.chars, b.chars, strict=True):
        for key in ("x0", "x1", "top", "bottom"):
            assert ours[key] == pytest.approx(theirs[key], abs=0.01), key
    for ours, theirs in zip(sorted(a.edges), sorted(b.edges), strict=True):
        assert ours[0] == theirs[0] and ours[1:] == pytest.approx(theirs[1:], abs=0.01)


@pytest.mark.parametrize(("x", "size"), [(149.16, 36.0), (77.77, 12.0), (315.41, 15.96)])
def test_gap_of_exactly_a_quarter_em_is_no_space(tmp_path: Path, x: float, size: float) -> None:
    # pdfium's single-precision positions would make the gap a hair wider than it is
    path = tmp_path / "p.pdf"
    c = _canvas(path)
    c.setFont(FONT, size)
    c.drawString(x, 600, "2024")
    c.drawString(x + pdfmetrics.stringWidth("2024", FONT, size) + 0.25 * size, 600, "年度")
    c.showPage()
    c.save()
    assert read_pdf(path).paragraphs[0].text.text == "2024年度"


def test_advance_is_the_width_the_file_states(tmp_path: Path) -> None:
    # the file's /Widths give `1` 336 units, narrower than its ink (pdfium's loose box
    # then takes the ink): glyphs are placed by the file's widths, and the gap after `11`
    # is 0.3 em by them
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    path = tmp_path / "p.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    c.setFont("Vera", 12)
    c.drawString(72, 700, "11")
    c.drawString(72 + 2 * 0.3362305 * 12 + 0.3 * 12, 700, "22")
    c.showPage()
    c.save()
    data = path.read_bytes()
    start = data.index(b"/Widths [") + len(b"/Widths [")
    width = list(re.finditer(rb"[\d.]+", data[start:data.index(b"]", start)]))[ord("1")]
    assert width.group() == b"636.2305"  # /FirstChar 0: the width of code 49
    at = start + width.start()
    path.write_bytes(data[:at] + b"336.2305" + data[at + 8:])  # the same length: xref holds
    assert read_pdf(path).paragraphs[0].text.text == "11 22"


def test_bold_faked_by_printing_twice_reads_once(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    c = _canvas(path)
    for dx in (0.0, 0.3):
        c.drawString(72 + dx, 700, "本年收入合计 520.40 万元。")
    c.drawString(72, 680, "其中：财政拨款收入 500.00 万元。")
    c.showPage()
    c.save()
    assert [p.text.text for p in read_pdf(path).paragraphs] == [
        "本年收入合计 520.40 万元。", "其中：财政拨款收入 500.00 万元。"]
