"""Speed and memory of reading and checking Word and PDF reports of a given length.

Usage: python benchmarks/office_bench.py [--pages N]   (default 100)

A report of N printed pages (budget tables with 合计 rows, narrative with rates and shares,
one scoring table per chapter) is generated into a temporary directory as .pdf (reportlab)
and as .docx (python-docx, the same content). Each file is then read, and checked, in a
fresh process so that its peak memory is its own: the time of `read` alone, of the whole
check (read again, extract, rules), the process's peak resident memory (getrusage), and in
a second process the peak of Python allocations while reading (tracemalloc; lxml's C
buffers are not in it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _examples_module() -> object:
    path = ROOT / "examples" / "office" / "build_examples.py"
    spec = importlib.util.spec_from_file_location("build_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def chapter(k: int) -> str:
    """One chapter of the generated report (about a page and a half), in the source format
    of examples/office/report.src, with numbers that agree."""
    base = 400 + 7 * k
    rows = [(f"项目{k}-{j}", base + 11 * j, base + 11 * j - 3 * j) for j in range(1, 9)]
    total_b = sum(b for _, b, _ in rows)
    total_e = sum(e for _, _, e in rows)
    table = "\n".join(f"| {name} | {b}.00 | {e}.00 |" for name, b, e in rows)
    rate = f"{total_e / total_b * 100:.2f}"
    return f"""
# {_cn(k)}、第 {k} 项工作

## （一）预算执行

第 {k} 项工作全年预算数 {total_b:,}.00 万元，全年执行数 {total_e:,}.00 万元，预算执行率 {rate}%。
资金主要用于设备购置、技术服务和人员培训，执行进度与年度计划基本一致，年末结余资金按规定收回。

表 {k} 第 {k} 项工作预算执行情况表
单位：万元
[table header=1]
| 项目 | 全年预算数 | 全年执行数 |
{table}
| 合计 | {total_b}.00 | {total_e}.00 |

## （二）绩效目标完成情况

年度内完成培训 {20 + k} 期，培训 {300 + 9 * k} 人次，服务对象满意度 {90 + k % 8}%。
各项指标均按计划完成，部分指标超额完成，项目管理制度健全，资金使用合规。
"""


def _cn(k: int) -> str:
    digits = "零一二三四五六七八九"
    if k < 10:
        return digits[k]
    tens, ones = divmod(k, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def generate(pages: int, outdir: Path) -> tuple[Path, Path, int]:
    """A .pdf of at least `pages` pages and a .docx with the same content."""
    import pdfplumber

    ex = _examples_module()
    chapters = max(1, int(pages / 1.4))
    while True:
        src = "= 某县 2024 年度部门整体支出绩效评价报告\n" + "".join(
            chapter(k % 99 + 1) for k in range(chapters))
        blocks = ex.parse_source(src)  # type: ignore[attr-defined]
        pdf = outdir / f"bench_{pages}.pdf"
        ex.build_pdf(blocks, pdf)  # type: ignore[attr-defined]
        with pdfplumber.open(pdf) as doc:
            n = len(doc.pages)
        if n >= pages:
            break
        chapters = int(chapters * pages / n) + 1
    docx = outdir / f"bench_{pages}.docx"
    ex.build_docx(blocks, docx)  # type: ignore[attr-defined]
    return pdf, docx, n


def measure(path: Path, traced: bool) -> dict[str, float]:
    """Run in a fresh process: read, then check (timings and peak RSS); or, traced, only
    read under tracemalloc (its peak of Python allocations; tracing slows Python down, so
    its times are not reported)."""
    from auditlint.packs import load_packs
    from auditlint.pipeline import check_file
    from auditlint.readers import read

    if traced:
        tracemalloc.start()
        read(path)
        _, peak = tracemalloc.get_traced_memory()
        return {"py_peak_mib": peak / 2**20}
    packs = load_packs()
    t0 = time.perf_counter()
    doc = read(path)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = check_file(path, packs)
    t_check = time.perf_counter() - t0
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"read_s": t_read, "check_s": t_check, "rss_peak_mib": rss_kib / 1024,
            "blocks": len(doc.blocks), "findings": len(report.findings)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.traced)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        pdf, docx, n = generate(args.pages, Path(tmp))
        print(f"generated a {n}-page report as .pdf ({pdf.stat().st_size // 1024} KiB) and "
              f".docx ({docx.stat().st_size // 1024} KiB) in {time.perf_counter() - t0:.1f} s")
        print(f"{'file':<8}{'read s':>9}{'check s':>9}{'RSS MiB':>9}{'py MiB':>9}"
              f"{'blocks':>8}{'findings':>9}")
        for path in (pdf, docx):
            m: dict[str, float] = {}
            for extra in ([], ["--traced"]):
                out = subprocess.run([sys.executable, __file__, "--measure", str(path), *extra],
                                     check=True, capture_output=True, text=True).stdout
                m.update(json.loads(out.strip().splitlines()[-1]))
            print(f"{path.suffix:<8}{m['read_s']:>9.2f}{m['check_s']:>9.2f}"
                  f"{m['rss_peak_mib']:>9.0f}{m['py_peak_mib']:>9.0f}{m['blocks']:>8.0f}"
                  f"{m['findings']:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
