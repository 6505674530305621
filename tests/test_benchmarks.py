"""benchmarks/speed.py runs, and the archive it times has no two reports alike (a cache
shared between equal files would make the cold run look faster than it is)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_speed_reports_text_throughput_and_the_archive(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--skip",
         "startup,scaling,dask,pdf", "--text", str(ROOT / "examples" / "clean_report.txt"),
         "--reports", "3"], capture_output=True, text=True, check=True, timeout=300)
    assert "MB/s" in out.stdout and "## 3 reports" in out.stdout
    assert "warm (unchanged, cached)" in out.stdout


def test_the_archive_reports_differ(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import speed
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = speed.archive_of(tmp_path / "a", 6)
    texts = [p.read_bytes() for p in sorted(folder.iterdir())]
    assert len(texts) == 6 and len(set(texts)) == 6
