"""Check a folder of reports with Dask: `auditlint.api.check_path` mapped over the files by a
Dask bag, the findings gathered here. The same map runs on a cluster (a `dask.distributed`
client) unchanged; Dask schedules, auditlint checks one file at a time.

    pip install 'dask[bag]'
    python examples/dask_bag.py reports/ [--scheduler processes|synchronous|threads]

Prints one JSON object per report (as `auditlint check --format jsonl`), and on stderr the
number of findings; exit status 1 when there are any.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import dask.bag as db

from auditlint.api import check_path, report_files


def check_folder(folder: str, scheduler: str = "processes",
                 partitions: int | None = None) -> list[dict[str, Any]]:
    """Every report under `folder`, checked by Dask, in the order of the files."""
    paths = [str(p) for p in report_files(folder)]
    if not paths:
        return []
    bag = db.from_sequence(paths, npartitions=partitions or min(len(paths), 64))
    return list(bag.map(check_path).compute(scheduler=scheduler))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--scheduler", default="processes",
                        choices=["processes", "synchronous", "threads"])
    args = parser.parse_args(argv)
    results = check_folder(args.folder, args.scheduler)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    found = sum(len(r["findings"]) for r in results)
    print(f"{found} finding(s) in {len(results)} file(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
