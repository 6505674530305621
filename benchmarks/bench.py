"""Speed and memory of auditlint: start-up, then time per file and throughput.

Usage: python benchmarks/bench.py [PATH ...]   (default: examples/ and ../shared/seeds)

Start-up is measured as a separate process (`python -m auditlint --version`, best of 5).
Checking is measured in-process after one warm-up run per file (grammars and rule packs
loaded), as the time a pre-commit hook or CI job pays per file after start-up.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from auditlint.packs import load_packs  # noqa: E402
from auditlint.pipeline import check_file, find_reports  # noqa: E402


def startup_seconds(runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "auditlint", "--version"], check=True,
                       capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str]) -> None:
    targets = argv or [str(ROOT / "examples"), str(ROOT.parent / "shared" / "seeds")]
    targets = [t for t in targets if Path(t).exists()]
    files, _ = find_reports(targets)
    packs = load_packs()
    print(f"start-up (python -m auditlint --version, best of 5): {startup_seconds():.3f} s")
    print(f"{'file':<48} {'KB':>7} {'ms':>8} {'MB/s':>7} {'peak MiB':>9} {'findings':>8}")
    total_bytes = 0
    total_time = 0.0
    for f in files:
        check_file(f, packs)  # warm-up
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            report = check_file(f, packs)
            times.append(time.perf_counter() - t0)
        tracemalloc.start()
        check_file(f, packs)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        t = statistics.median(times)
        size = f.stat().st_size
        total_bytes += size
        total_time += t
        name = str(f.relative_to(ROOT.parent)) if f.is_relative_to(ROOT.parent) else str(f)
        print(f"{name[-48:]:<48} {size / 1024:7.1f} {t * 1000:8.1f} {size / t / 1e6:7.2f} "
              f"{peak / 2**20:9.1f} {len(report.findings):8d}")
    if total_time:
        print(f"total: {len(files)} files, {total_bytes / 1024:.0f} KB in {total_time:.3f} s "
              f"= {total_bytes / total_time / 1e6:.2f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:])
