"""How the cost of a check grows with its input: time against size, and the slope of
log(time) against log(size) (1 is linear, 2 quadratic). Also peak memory of a run over one
report against a run over many copies of it (output is written file by file).

Usage: python benchmarks/scaling.py [--quick] [--files N]

Inputs are generated here: narrative text of growing length (the example report repeated),
tables of growing width, single lines of growing length. Timing is in-process after a
warm-up, in CPU seconds (on a shared machine wall time stretches with the load, CPU time
hardly); memory is the peak resident size of a separate `auditlint check` process.
"""

from __future__ import annotations

import math
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from auditlint.packs import load_packs  # noqa: E402
from auditlint.pipeline import check_file  # noqa: E402

EXAMPLE = (ROOT / "examples" / "clean_report.txt").read_text(encoding="utf-8")


def text_of(size: int) -> str:
    """Narrative and tables of the example report, repeated up to `size` characters."""
    return (EXAMPLE * (size // len(EXAMPLE) + 1))[:size].rsplit("\n", 1)[0] + "\n"


def table_of(cols: int, rows: int = 20) -> str:
    rnd = random.Random(cols)
    head = "项目\t" + "\t".join(f"第{i}项预算数" for i in range(cols))
    body = [f"支出{r}\t" + "\t".join(f"{rnd.randint(1, 9999)}.{rnd.randint(10, 99)}"
                                    for _ in range(cols)) for r in range(rows)]
    return "单位：万元\n" + "\n".join([head, *body]) + "\n"


def line_of(size: int) -> str:
    rnd = random.Random(size)
    parts: list[str] = []
    n = 0
    while n < size:
        part = f"收入{len(parts)}为{rnd.randint(1, 999)}.{rnd.randint(10, 99)}万元，"
        parts.append(part)
        n += len(part)
    return "".join(parts)[:size] + "\n"


def seconds(text: str, folder: Path) -> float:
    path = folder / "r.txt"
    path.write_text(text, encoding="utf-8")
    packs = load_packs([])
    t0 = time.process_time()
    check_file(path, packs)
    return time.process_time() - t0


def series(name: str, make: Callable[[int], str], sizes: list[int], folder: Path) -> None:
    seconds(make(sizes[0]), folder)  # warm-up: grammars and packs loaded
    points = [(n, seconds(make(n), folder)) for n in sizes]
    for n, t in points:
        print(f"  {name:<8} {n:>10,}  {t:8.3f} s CPU")
    (n0, t0), (n1, t1) = points[len(points) // 2], points[-1]  # the upper half: no start-up
    slope = math.log(t1 / t0) / math.log(n1 / n0)
    print(f"  {name:<8} slope {slope:.2f} (log time / log size, {n0:,} .. {n1:,})")


def peak_rss_mb(paths: list[str]) -> float:
    out = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "auditlint", "check",
                          "--format", "json", *paths], capture_output=True, text=True)
    kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    return int(kb.group(1)) / 1024 if kb else float("nan")


def main() -> None:
    quick = "--quick" in sys.argv
    files = int(sys.argv[sys.argv.index("--files") + 1]) if "--files" in sys.argv else 2000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("time against size")
        series("text", text_of, [10_000, 100_000, 1_000_000] if quick
               else [10_000, 100_000, 1_000_000, 10_000_000], folder)
        series("columns", table_of, [10, 25, 50, 100, 200], folder)
        series("line", line_of, [1_000, 10_000, 100_000] if quick
               else [1_000, 10_000, 100_000, 1_000_000], folder)
        many = folder / "many"
        many.mkdir()
        for i in range(files):
            (many / f"r{i:05}.txt").write_text(EXAMPLE, encoding="utf-8")
        one = peak_rss_mb([str(many / "r00000.txt")])
        all_ = peak_rss_mb([str(many)])
        print(f"peak memory: 1 report {one:.0f} MB, {files} reports {all_:.0f} MB "
              f"({all_ / one:.2f}x)")


if __name__ == "__main__":
    main()
