"""auditlint from Python: one report in, one plain dict out, for engines that map a
function over many files (Dask, Ray, Spark, a job queue). No scheduler here: the engine's.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditlint.config import Settings

MAX_BYTES = 20_000_000  # as `auditlint check --max-size 20`
SECONDS = 300  # as `auditlint check --timeout 300`


def check_path(path: str | os.PathLike[str], settings: Settings | None = None, *,
               max_bytes: int = MAX_BYTES, seconds: int = SECONDS) -> dict[str, Any]:
    """One report's findings, as the `file` object of `auditlint check --format jsonl`:
    path, format, facts, relations, error, unchecked, findings (severities as configured).

    `settings` None: those of the nearest config file, as `auditlint check` finds them. A
    file that cannot be read, or a broken config or rule pack, gives an AL901 finding and
    the message in `error`, never an exception. The checks across reports are not run.
    The time limit needs the main thread (signals); in another thread there is none."""
    from auditlint.checks.base import all_rules
    from auditlint.cli import with_severities
    from auditlint.config import ConfigError, Resolver
    from auditlint.packs import PackError, load_packs
    from auditlint.runner import Job, failed, file_object, run_job

    p = Path(path)
    rules = all_rules()
    known = {r.code: r.name for r in rules}
    try:
        s = settings if settings is not None else Resolver().settings_for(p)
        s.validate_codes(known)
        load_packs(list(s.packs))
    except (ConfigError, PackError) as e:
        checked = failed(p, str(e))
        return file_object(checked.result, checked.findings)
    if threading.current_thread() is not threading.main_thread():
        seconds = 0
    checked = run_job(Job(p, s.packs, tuple(s.enabled(p, known)), max_bytes=max_bytes,
                          seconds=seconds))
    findings = with_severities(checked.findings, s, known, {r.code: r.severity for r in rules})
    return file_object(checked.result, findings)


def report_files(*paths: str | os.PathLike[str]) -> list[Path]:
    """The reports `auditlint check` would check under these files and folders (the
    nearest config's exclude and .gitignore are not applied here)."""
    from auditlint.pipeline import find_reports

    return find_reports([str(p) for p in paths])[0]
