"""How fast auditlint is, in one run: start-up, text throughput, the scaling curve, an
archive of many reports with workers (cold and cached), the Dask example, and PDF pages
against pdfplumber alone.

Usage: python benchmarks/speed.py [--quick] [--reports 1000] [--jobs 2] [--pdfs N]
                                  [--pdf-pages N] [--dask-reports 200] [--skip PART,...]
                                  [--text PATH ...] [--src OTHER/src] [--base OTHER/src]

Parts: startup, text, profile, scaling, archive, dask, pdf. Times are medians of 5 (start-up) or of
3 (in-process checks, after a warm-up that loads grammars and rule packs); the archive and
the Dask run are one run each (a cold one is cold only once). Start-up runs `python -m
auditlint` in a fresh process with byte-code caching on, as an installed auditlint has it.
Text inputs default to examples/, ../shared/seeds and ../shared/corpus/*.txt; PDFs to
../shared/corpus/originals.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scaling import text_of  # noqa: E402

from auditlint.packs import load_packs  # noqa: E402
from auditlint.pipeline import check_file, find_reports  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT / "src")


def median_runs(cmds: list[list[str]], envs: list[dict[str, str]], runs: int = 5,
                cwd: Path | None = None) -> list[tuple[float, float]]:
    """Median wall time and median CPU time (user + system) of each command, after one run of
    each that warms the OS and byte-code caches. CPU time says more on a busy machine. The
    commands run in turn (one of each, then again), so that a change of load on a shared
    machine weighs on each alike."""
    for cmd, env in zip(cmds, envs, strict=True):
        subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(zip(cmds, envs, strict=True)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
            walls[i].append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def timed(run: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    """Median wall time and median CPU time of this process running `run`."""
    walls, cpus = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def startup(tmp: Path, src: Path, base: Path | None = None) -> None:
    """Fresh processes, median of 5 each; with `base` (another checkout's src) each command is
    run for the base and for `src` in turn, so that other work on the machine weighs on both
    alike. Then where a cold check's start-up goes (`python -X importtime`) and, over the
    text reports, what the command line adds to the in-process checks."""
    tiny = tmp / "tiny.txt"
    tiny.write_text("一、收支情况\n本年收入 1,245.60 万元。\n", encoding="utf-8")
    empty = tmp / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    srcs = [base, src] if base is not None else [src]
    py = [sys.executable]
    print(f"## Start-up (median of 5, fresh process; {' → '.join(map(str, srcs))})\n")
    rows: dict[str, list[list[str]]] = {}
    for one in srcs:
        env = {**ENV, "PYTHONPATH": str(one)}
        help_text = subprocess.run([*py, "-m", "auditlint", "check", "--help"], env=env,
                                   capture_output=True, text=True).stdout
        no_cache = ["--no-cache"] if "--no-cache" in help_text else []  # an older one: none
        commands = [
            ("python -c pass (the interpreter)", [*py, "-c", "pass"]),
            ("import auditlint.cli", [*py, "-c", "import auditlint.cli"]),
            ("auditlint --version", [*py, "-m", "auditlint", "--version"]),
            ("auditlint check (a blank report)",
             [*py, "-m", "auditlint", "check", *no_cache, "--format", "concise", str(empty)]),
            ("auditlint check (a two-line report)",
             [*py, "-m", "auditlint", "check", *no_cache, "--format", "concise", str(tiny)]),
            ("auditlint check (two lines, rich output)",
             [*py, "-m", "auditlint", "check", *no_cache, str(tiny)]),
        ]
        if no_cache:  # the same report again, its outcome and the rule table from the cache
            cached = [*py, "-m", "auditlint", "check", "--cache-dir",
                      str(tmp / f"startup-cache-{len(rows)}"), "--format", "concise", str(tiny)]
            commands.append(("auditlint check (two lines, from the cache)", cached))
        for name, cmd in commands:
            rows.setdefault(name, []).append(cmd)
    envs = [{**ENV, "PYTHONPATH": str(one)} for one in srcs]
    for name, cmds in rows.items():
        figures = [f"{wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU)"
                   for wall, cpu in median_runs(cmds, envs[:len(cmds)], cwd=tmp)]
        print(f"- {name}: {' → '.join(figures)}")
    print()
    import_times(tmp, src, tiny)
    command_line_text(src, base)


# where an import's own time is counted, first match wins
IMPORT_GROUPS = (
    ("pydantic (pydantic, pydantic-core, annotated-types, typing-*)",
     ("pydantic", "annotated_types", "typing_extensions", "typing_inspection")),
    ("click", ("click",)),
    ("lark", ("lark",)),
    ("auditlint.extract", ("auditlint.extract",)),
    ("auditlint.readers", ("auditlint.readers",)),
    ("auditlint.checks", ("auditlint.checks",)),
    ("auditlint models (findings, facts, params, profile, document) and packs",
     ("auditlint.findings", "auditlint.facts", "auditlint.params", "auditlint.profile",
      "auditlint.document", "auditlint.packs")),
    ("the rest of auditlint", ("auditlint",)),
    ("the standard library", ("",)),
)


def import_times(tmp: Path, src: Path, report: Path) -> None:
    """Self time of the imports of a cold two-line check (`python -X importtime`, which adds
    its own cost: the shares say more than the sums), by group, median of 5 runs."""
    env = {**ENV, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-X", "importtime", "-m", "auditlint", "check", "--no-cache",
           "--format", "concise", str(report)]
    runs: list[dict[str, float]] = []
    for _ in range(5):
        err = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True).stderr
        by_group: dict[str, float] = {}
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
            group = next(g for g, prefixes in IMPORT_GROUPS
                         if any(name == p or name.startswith(p + ".") or not p for p in prefixes))
            by_group[group] = by_group.get(group, 0.0) + int(own) / 1000
        runs.append(by_group)
    total = statistics.median(sum(r.values()) for r in runs)
    print(f"Imports of a cold two-line check, self time ({total:.0f} ms under -X importtime):\n")
    for group, _ in IMPORT_GROUPS:
        ms = statistics.median(r.get(group, 0.0) for r in runs)
        print(f"- {group}: {ms:.0f} ms ({ms / total:.0%})")
    print()


def command_line_text(src: Path, base: Path | None, runs: int = 3) -> None:
    """The text reports checked by one command line (`-j 1`, `--no-cache`): the in-process
    checks plus start-up, and the command line's handling of the collector."""
    files = [str(f) for f in text_files([])]
    print(f"Command line over the {len(files)} text reports (-j 1, median of {runs}):\n")
    cmd = [sys.executable, "-m", "auditlint", "check", "--no-cache", "-j", "1", "--format",
           "concise", *files]
    envs = [{**ENV, "PYTHONPATH": str(one)} for one in ([base, src] if base else [src])]
    figures = [f"{wall:.2f} s ({cpu:.2f} s CPU)"
               for wall, cpu in median_runs([cmd] * len(envs), envs, runs=runs)]
    print(f"- {' → '.join(figures)}\n")


def text_files(paths: list[str]) -> list[Path]:
    if paths:
        return find_reports(paths, (".txt", ".md", ".markdown"))[0]
    targets = [ROOT / "examples", SHARED / "seeds"]
    files = find_reports([str(t) for t in targets if t.exists()],
                         (".txt", ".md", ".markdown"))[0]
    return files + sorted((SHARED / "corpus").glob("*.txt"))


def text(paths: list[str]) -> None:
    files = text_files(paths)
    packs = load_packs()
    total_bytes, total, total_cpu = 0, 0.0, 0.0
    slowest: list[tuple[float, Path, int]] = []
    for f in files:
        check_file(f, packs)  # warm-up
        t, cpu = timed(lambda f=f: check_file(f, packs))
        size = f.stat().st_size
        total_bytes += size
        total += t
        total_cpu += cpu
        slowest.append((cpu, f, size))
    print("## Text after start-up (median of 3 per file, in-process)\n")
    print(f"- {len(files)} files, {total_bytes / 1e3:.0f} KB in {total:.2f} s "
          f"({total_cpu:.2f} s CPU): **{total_bytes / total / 1e6:.2f} MB/s** "
          f"({total_bytes / total_cpu / 1e6:.2f} MB/s of CPU)")
    for cpu, f, size in sorted(slowest, reverse=True)[:5]:
        print(f"  - {f.name}: {size / 1e3:.0f} KB, {cpu * 1000:.0f} ms CPU "
              f"({size / cpu / 1e6:.2f} MB/s)")
    print()


def profile(paths: list[str], top: int = 20) -> None:
    """Where the text checks' time goes: cProfile over every text file in one run after a
    warm-up, the share of each stage (reading, extraction, rules) and auditlint's functions
    with the most time of their own and the most time under them. cProfile slows calls of
    small functions most, so the shares lean towards code of many small calls."""
    import cProfile
    import pstats

    files = text_files(paths)
    packs = load_packs()
    for f in files:
        check_file(f, packs)  # warm-up: grammars, rule packs, caches of the first use
    prof = cProfile.Profile()
    prof.enable()
    for f in files:
        check_file(f, packs)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = stats.stats  # type: ignore[attr-defined]

    def where(key: tuple[str, int, str]) -> str:
        path, line, name = key
        short = path.split("/src/auditlint/")[-1] if "/src/auditlint/" in path else path
        return f"{short}:{line}({name})"

    def cum_of(file_end: str, name: str) -> float:
        return sum(ct for (path, _, fn), (_, _, _, ct, _) in rows.items()
                   if path.endswith(file_end) and fn == name)

    # the whole checks (the profiler's own calls left out)
    total = cum_of("pipeline.py", "check_file") or sum(tt for _, _, tt, _, _ in rows.values())
    print(f"## Profile of the text checks (cProfile, {len(files)} files, one run)\n")
    for stage, file_end, name in (("reading", "readers/__init__.py", "read"),
                                  ("extraction", "extract/__init__.py", "build_graph"),
                                  ("rules", "checks/base.py", "run_rules")):
        print(f"- {stage}: {cum_of(file_end, name) / total:.0%}")
    own = [(k, v) for k, v in rows.items() if "/auditlint/" in k[0]]
    print(f"\nMost time of their own (of {total:.2f} s profiled):\n")
    for key, (_, calls, tt, ct, _) in sorted(own, key=lambda kv: -kv[1][2])[:top]:
        print(f"- {where(key)}: {tt / total:.1%} own, {ct / total:.1%} with callees, "
              f"{calls} calls")
    print("\nMost time with what they call (whole stages left out):\n")
    stages = {"check_file", "build_graph", "read", "read_text", "parse_text", "extract",
              "run_rules", "_read", "check_within"}
    for key, (_, calls, _tt, ct, _) in sorted(own, key=lambda kv: -kv[1][3])[:top + 20]:
        if key[2] in stages:
            continue
        print(f"- {where(key)}: {ct / total:.1%} ({calls} calls)")
    print()


def scaling(tmp: Path, quick: bool) -> None:
    packs = load_packs()
    path = tmp / "scaling.txt"
    sizes = [10_000, 100_000, 1_000_000] if quick else [10_000, 100_000, 1_000_000, 10_000_000]
    path.write_text(text_of(sizes[0]), encoding="utf-8")
    check_file(path, packs)
    print("## Scaling (the example report repeated to n characters; one run each)\n")
    print("| size | seconds | CPU seconds | MB/s of CPU |\n| ---: | ---: | ---: | ---: |")
    for n in sizes:
        data = text_of(n).encode("utf-8")
        path.write_bytes(data)
        t, cpu = timed(lambda: check_file(path, packs), runs=1)
        print(f"| {len(data) / 1e3:,.0f} KB | {t:.2f} | {cpu:.2f} | {len(data) / cpu / 1e6:.2f} |")
    print()


def one_run(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, with worker processes) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=ENV)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def archive_of(folder: Path, n: int, bodies: int = 0) -> Path:
    """`n` reports, each the example report with its own figures (no two alike, so a cache
    cannot share them): numbers scaled by a per-report factor. With `bodies`, each report
    also names one of that many bodies on a 预算 title and 预算主管部门 line, so that the
    checks across reports link the reports of one body (their profiles are held together)."""
    import re

    folder.mkdir(parents=True, exist_ok=True)
    sources = [(ROOT / "examples" / name).read_text(encoding="utf-8")
               for name in ("clean_report.txt", "planted_errors.txt")]
    for i in range(n):
        rnd = random.Random(i)
        text = sources[i % 2]
        # a new body and year: each report its own, the same arithmetic
        text = re.sub(r"20\d\d", str(2000 + i % 30), text, count=1)
        text = text.replace("单位", f"单位{rnd.randint(1, 10**6)}", 1)
        if bodies:
            text = (f"上海市某区{2000 + i // bodies}年区级部门预算\n"
                    f"预算主管部门：上海市某区某局{i % bodies}\n\n{text}")
        (folder / f"r{i:05}.txt").write_text(text, encoding="utf-8")
    return folder


def archive(tmp: Path, n: int, jobs: int) -> None:
    folder = archive_of(tmp / "archive", n)
    cache = tmp / "cache"
    cmd = [sys.executable, "-m", "auditlint", "check", "--format", "json", "-j", str(jobs),
           "--cache-dir", str(cache), "-o", str(tmp / "out.json"), str(folder)]
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"## {n} reports ({size / 1e6:.1f} MB), -j {jobs}, one run each\n")
    cold, cold_cpu = one_run(cmd)
    warm, warm_cpu = one_run(cmd)
    print(f"- cold (empty cache): {cold:.1f} s, {cold_cpu:.1f} s CPU ({n / cold:.1f} reports/s)")
    print(f"- warm (unchanged, cached): {warm:.2f} s, {warm_cpu:.2f} s CPU "
          f"({n / warm:.0f} reports/s)")
    print()


def dask(tmp: Path, n: int) -> None:
    try:
        import dask  # noqa: F401
    except ImportError:
        print("## Dask example\n\n- dask is not installed (pip install 'dask[bag]')\n")
        return
    folder = archive_of(tmp / "dask", n)
    cmd = [sys.executable, str(ROOT / "examples" / "dask_bag.py"), str(folder),
           "--scheduler", "processes"]
    t, cpu = one_run(cmd)
    print(f"## Dask example (examples/dask_bag.py, processes scheduler, {n} reports)\n")
    print(f"- {t:.1f} s, {cpu:.1f} s CPU ({n / t:.1f} reports/s)\n")


def pdf(files: list[Path], max_pages: int) -> None:
    try:
        import pdfplumber
    except ImportError:
        print("## PDF\n\n- pdfplumber is not installed\n")
        return
    import auditlint.readers.pdf  # noqa: F401 (imported before the clock starts)

    packs = load_packs()
    print("## PDF: CPU ms a page (one run each), auditlint's whole check against pdfplumber "
          "reading each page's characters\n")
    print("| file | pages | auditlint ms/page | pdfplumber chars ms/page | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    pages_total, ours_total, theirs_total = 0, 0.0, 0.0
    for f in files:
        with pdfplumber.open(f) as doc:
            pages = len(doc.pages)
        if pages_total + pages > max_pages > 0:
            continue
        c0 = time.process_time()
        with pdfplumber.open(f) as doc:
            for page in doc.pages:
                page.chars  # noqa: B018 (parsed when asked)
                page.flush_cache()
        theirs = time.process_time() - c0
        c0 = time.process_time()
        check_file(f, packs)
        ours = time.process_time() - c0
        pages_total += pages
        ours_total += ours
        theirs_total += theirs
        print(f"| {f.name} | {pages} | {ours / pages * 1000:.0f} | {theirs / pages * 1000:.0f} "
              f"| {ours / theirs:.2f} |")
    if pages_total:
        print(f"| **all** | {pages_total} | {ours_total / pages_total * 1000:.0f} | "
              f"{theirs_total / pages_total * 1000:.0f} | {ours_total / theirs_total:.2f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="scaling to 1 M characters (2 MB) only; 10 MB takes about 40 "
                             "minutes of CPU (see RESULTS.md)")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dask-reports", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=0, help="the first N corpus PDFs (0: all)")
    parser.add_argument("--pdf-pages", type=int, default=0,
                        help="stop adding PDFs past this many pages (0: no limit)")
    parser.add_argument("--skip", default="", help="parts not run, comma-separated")
    parser.add_argument("--text", nargs="*", default=[], help="text reports (files, folders)")
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="the auditlint whose start-up is measured (another checkout's src)")
    parser.add_argument("--base", type=Path, default=None,
                        help="another checkout's src whose start-up is measured in turn with "
                             "--src's (before → after)")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    print(f"# auditlint speed ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]})\n")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "startup" not in skip:
            startup(tmp, args.src, args.base)
        if "text" not in skip:
            text(args.text)
        if "profile" not in skip:
            profile(args.text)
        if "scaling" not in skip:
            scaling(tmp, args.quick)
        if "archive" not in skip:
            archive(tmp, args.reports, args.jobs)
        if "dask" not in skip:
            dask(tmp, args.dask_reports)
        if "pdf" not in skip:
            pdfs = sorted((SHARED / "corpus" / "originals").glob("*.pdf"))
            pdf(pdfs[:args.pdfs] if args.pdfs else pdfs, args.pdf_pages)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
