"""PDF reading speed: CPU milliseconds a page for auditlint's PDF reader (the whole reader:
characters, ruled tables, lines, paragraphs, furniture), against pdfplumber's `page.chars`
alone (the character list a checker built on pdfminer starts from), file by file.

Usage: python benchmarks/pdf_speed.py PATH... [--repeat N] [--no-pdfplumber] [--json]

PATH is a PDF or a directory of them. The reader's time is the best of N runs (default 3);
pdfplumber's is one run (it is slow and steady). The last line sums all files: total pages,
ms/page of each, and how many times faster auditlint's reader is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

try:
    from auditlint.readers.pdf import read_pdf
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from auditlint.readers.pdf import read_pdf


def pdfs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    return out


def page_count(path: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def reader_seconds(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        read_pdf(path)
        best = min(best, time.process_time() - start)
    return best


def plumber_seconds(path: Path) -> float:
    import pdfplumber

    start = time.process_time()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018 - parsing the page is what is timed
            page.close()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pdfplumber", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    rows = []
    for path in pdfs(a.paths):
        n = page_count(path)
        ours = reader_seconds(path, a.repeat)
        theirs = None if a.no_pdfplumber else plumber_seconds(path)
        rows.append({"file": path.name, "pages": n, "auditlint_ms_per_page": 1000 * ours / n,
                     "pdfplumber_chars_ms_per_page": None if theirs is None else 1000 * theirs / n,
                     "_ours": ours, "_theirs": theirs})
        if not a.json:
            print(_line(path.name, n, ours, theirs), flush=True)
    pages = sum(r["pages"] for r in rows)
    ours = sum(r["_ours"] for r in rows)
    theirs = None if a.no_pdfplumber else sum(r["_theirs"] for r in rows)
    if a.json:
        for r in rows:
            del r["_ours"], r["_theirs"]
        print(json.dumps({"files": rows, "pages": pages,
                          "auditlint_ms_per_page": 1000 * ours / max(pages, 1),
                          "pdfplumber_chars_ms_per_page":
                              None if theirs is None else 1000 * theirs / max(pages, 1)},
                         indent=2))
    else:
        print(_line(f"total ({len(rows)} files)", pages, ours, theirs))
    return 0


def _line(name: str, pages: int, ours: float, theirs: float | None) -> str:
    text = f"{name[:48]:48} {pages:5} pages  auditlint {1000 * ours / max(pages, 1):7.1f} ms/page"
    if theirs is not None:
        text += (f"  pdfplumber chars {1000 * theirs / max(pages, 1):7.1f} ms/page"
                 f"  x{theirs / ours if ours else float('inf'):5.1f}")
    return text


if __name__ == "__main__":
    sys.exit(main())
