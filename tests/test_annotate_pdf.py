"""`--format annotated-pdf`: the published PDF with a box around each wrong figure and its
operands. The report is drawn at positions the test knows; the annotated copy is opened
again with pdfplumber and its boxes compared with them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("reportlab")
pdfplumber = pytest.importorskip("pdfplumber")

from auditlint.cli import main  # noqa: E402
from review_pdfs import Box, draw, draw_continued  # noqa: E402


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annots(path: Path) -> list[dict[str, object]]:
    with pdfplumber.open(path) as pdf:
        return [{"page": p.page_number, **a} for p in pdf.pages for a in p.annots]


def around(a: dict[str, object], box: Box) -> bool:
    """The annotation's rectangle frames the drawn figure: the same page, its left and
    right edges within a few points of the figure's, and the figure's middle inside."""
    page, x0, top, x1, bottom = box
    mid = (top + bottom) / 2
    return (a["page"] == page and abs(a["x0"] - x0) <= 4 and abs(a["x1"] - x1) <= 4
            and a["top"] <= mid <= a["bottom"] and a["bottom"] - a["top"] <= 3 * (bottom - top))


def test_boxes_stand_at_the_figures_and_their_operands(tmp_path: Path) -> None:
    src = tmp_path / "report.pdf"
    where = draw(src)
    before = digest(src)
    out = tmp_path / "annotated.pdf"
    code, text = run("check", "--format", "annotated-pdf", "-o", str(out), str(src))
    assert code == 1, text  # errors found: the exit status says so
    assert digest(src) == before  # the report itself is only read
    found = annots(out)
    # AL201: 96.00% with its operands 400.00 and the second 380.00 (the first is a count
    # of lectures on an earlier line, not the 全年执行数)
    expected = {
        "AL201": where["96.00%"][0],
        "AL101": where["390.00"][0],
    }
    for code_, box in expected.items():
        hits = [a for a in found if around(a, box)]
        assert len(hits) == 1, (code_, box, found)
        assert str(hits[0]["contents"]).startswith(f"{code_} [")
    operands = {"400.00": where["400.00"][0], "380.00": where["380.00"][1],
                "205.00": where["205.00"][0], "175.00": where["175.00"][0]}
    for figure, box in operands.items():
        hits = [a for a in found if around(a, box)]
        assert len(hits) == 1 and "operand of" in str(hits[0]["contents"]), (figure, found)
    decoy = where["380.00"][0]
    assert not [a for a in found if around(a, decoy)]
    assert len(found) == 6
    # the page itself is unchanged: same text, same size
    with pdfplumber.open(src) as a, pdfplumber.open(out) as b:
        assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]


def test_an_equal_figure_of_a_paragraph_from_the_page_before_is_not_boxed(tmp_path: Path) -> None:
    src = tmp_path / "continued.pdf"
    where = draw_continued(src)
    out = tmp_path / "annotated.pdf"
    code, text = run("check", "--format", "annotated-pdf", "-o", str(out), str(src))
    assert code == 1, text
    found = annots(out)
    decoy, operand = where["380.00"]  # both on page 2; the first ends a page-1 paragraph
    (boxed,) = [a for a in found if around(a, operand)]
    assert str(boxed["contents"]).startswith("全年执行数 380.00")
    assert not [a for a in found if around(a, decoy)]
    assert [a for a in found if around(a, where["96.00%"][0])]


def test_several_pdfs_into_a_folder(tmp_path: Path) -> None:
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    draw(one)
    draw(two, scanned_page=True)
    out = tmp_path / "out"
    out.mkdir()
    code, text = run("check", "--format", "annotated-pdf", "-o", str(out), str(one), str(two))
    assert code == 1, text
    assert sorted(p.name for p in out.iterdir()) == ["one.annotated.pdf", "two.annotated.pdf"]
    assert len(annots(out / "two.annotated.pdf")) == 6  # the notice about page 2: no box


@pytest.mark.parametrize(("make", "args", "message"), [
    ("pdf", [], "needs -o"),
    ("txt", ["-o", "{dir}/out.pdf"], "annotates PDF reports only"),
    ("pdf", ["-o", "{src}"], "is one of the reports checked"),
    ("two", ["-o", "{dir}/out.pdf"], "-o must be an existing folder"),
    ("pdf", ["-o", "{dir}/nowhere/out.pdf"], "does not exist"),
])
def test_bad_input_or_output_is_one_line_and_exit_2(tmp_path: Path, make: str, args: list[str],
                                                   message: str) -> None:
    src = tmp_path / "r.pdf"
    draw(src)
    paths = [str(src)]
    if make == "txt":
        txt = tmp_path / "r.txt"
        txt.write_text("本年支出 100.00 万元。\n", encoding="utf-8")
        paths = [str(txt)]
    elif make == "two":
        draw(tmp_path / "s.pdf")
        paths.append(str(tmp_path / "s.pdf"))
    before = digest(src)
    result = CliRunner().invoke(main, ["check", "--format", "annotated-pdf",
                                       *[a.format(dir=tmp_path, src=src) for a in args], *paths])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert digest(src) == before


def test_standard_input_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "annotated-pdf", "-o",
                                       str(tmp_path / "o.pdf"), "-"], input=b"%PDF-1.4")
    assert result.exit_code == 2 and "standard input" in result.output


def test_a_figure_broken_over_two_lines_is_found_and_boxed_line_by_line() -> None:
    from auditlint.report.annotate_pdf import _line_boxes, _standalone

    pattern = _standalone("1,867.08万元", spaced=True)
    m = pattern.search("本年支出 1,867.08 万\n元，比上年增加")
    assert m is not None and m.group() == "1,867.08 万\n元"
    assert pattern.search("本年支出 11,867.08 万元") is None  # part of a longer number

    def char(left: float, bottom: float) -> tuple[float, float, float, float]:
        return (left, bottom, left + 6, bottom + 12)

    boxes = _line_boxes([char(500, 700), char(506, 700), char(72, 670)])
    assert boxes == [(500, 700, 512, 712), (72, 670, 78, 682)]
