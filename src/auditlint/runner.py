"""Many files: checked by worker processes and kept in a content-hash cache.

A file's check depends only on its bytes, the path shown in its findings, the rules run on it
and the rule packs; so what a run needs of it (`Checked`: findings, the lines for code
frames, the profile the checks across reports need) is computed once, anywhere, and handed
back. Workers are `concurrent.futures` processes; results come back in the order of the
files, so the output of a parallel run is byte for byte the serial one's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from auditlint.document import Document
    from auditlint.findings import FileResult, Finding
    from auditlint.packs import RulePacks
    from auditlint.pipeline import FileReport
    from auditlint.profile import ReportProfile
    from auditlint.severity import Severity
    from auditlint.suppress import Directive

CACHE_DIR = ".auditlint_cache"  # in the working folder, as .ruff_cache and .pytest_cache
CACHE_ENV = "AUDITLINT_CACHE_DIR"
_FORMAT = 1  # of a cache entry; bumped when `Checked` changes shape


@dataclass
class Checked:
    """One file's outcome as the output and the checks across reports need it: picklable,
    so that a worker process can hand it back and the cache can keep it."""

    result: FileResult
    findings: list[Finding]
    lines: list[str] = field(default_factory=list)  # code frames of the terminal output
    profile: ReportProfile | None = None  # checks across reports
    directives: list[Directive] = field(default_factory=list)  # `auditlint: ignore` lines
    document: Document | None = None  # only in-process, for the review page and PDFs


def slim(report: FileReport, keep_document: bool = False) -> Checked:
    """What is kept of a checked file once its document is let go."""
    from auditlint.suppress import find_directives

    document = report.document
    profile = report.graph.profile if report.graph is not None else None
    directives = (find_directives(document.lines)
                  if document is not None and document.format in ("text", "markdown") else [])
    return Checked(report.result, report.findings, document.lines if document else [],
                   profile if document is not None else None, directives,
                   document if keep_document else None)


@dataclass(frozen=True)
class Job:
    """One file to check, with everything its check depends on."""

    path: Path
    packs: tuple[Path, ...]  # rule packs besides the built-in ones
    select: tuple[str, ...]  # codes run on it
    max_bytes: int = 0
    seconds: int = 0
    keep_document: bool = False


_PACKS: dict[tuple[Path, ...], RulePacks] = {}  # loaded once per process


def file_object(result: FileResult, findings: list[Finding]) -> dict[str, Any]:
    """A file's outcome as one JSON object (`--format jsonl`, `auditlint.api`)."""
    return {"type": "file", **result.model_dump(), "findings": [f.model_dump() for f in findings]}


class MissingDependency(Exception):
    """A package auditlint imports when it checks a file is not installed: no file can be
    checked, so the run stops with one line that says what to install."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return (f"the package {self.name}, which auditlint needs, is not installed: "
                "reinstall auditlint (pip install auditlint, or pip install -e . in a checkout)")


def internal(e: BaseException) -> str:
    return f"internal error ({type(e).__name__}: {e}); please report it"


def failed(path: Path, message: str) -> Checked:
    """A file whose check could not finish: an AL901 finding, so that no output says it was
    checked clean."""
    from auditlint.findings import FileResult
    from auditlint.pipeline import format_of, unreadable

    return Checked(FileResult(path=str(path), format=format_of(path), error=message),
                   [unreadable(str(path), message)])


def guarded(run: Callable[[], FileReport], path: Path) -> FileReport:
    """One file's check; an unexpected error fails that file in one line, without a
    traceback, and the other files are still checked."""
    from auditlint.pipeline import FileReport

    try:
        return run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] != "auditlint":
            raise MissingDependency(e.name.split(".")[0]) from None
        f = failed(path, internal(e))
        return FileReport(f.result, f.findings)
    except Exception as e:  # a bug, but the user gets one line and the other files' findings
        f = failed(path, internal(e))
        return FileReport(f.result, f.findings)


def run_job(job: Job) -> Checked:
    """A file's check, in this process or a worker."""
    from auditlint.packs import load_packs
    from auditlint.pipeline import check_within

    def run() -> FileReport:
        packs = _PACKS.get(job.packs)
        if packs is None:
            packs = _PACKS[job.packs] = load_packs(list(job.packs))
        return check_within(job.path, packs, list(job.select), max_bytes=job.max_bytes,
                            seconds=job.seconds)

    return slim(guarded(run, job.path), job.keep_document)


def run_jobs(jobs: list[Job], workers: int = 1, cache: Cache | None = None,
             packs: dict[tuple[Path, ...], RulePacks] | None = None) -> Iterator[Checked]:
    """Each job's outcome, in the order of `jobs`, each as soon as it and those before it
    are done. Outcomes found in the cache are not computed; new ones are stored. The
    workers start here, before the caller starts any thread of its own (a progress bar):
    a process forked while another thread holds a lock could wait on it for ever."""
    if packs:
        _PACKS.update(packs)  # forked workers start with them
    keys = [cache.key(j) if cache is not None else None for j in jobs]
    known: dict[int, Checked] = {}
    if cache is not None:
        for i, key in enumerate(keys):
            hit = cache.get(key) if key is not None else None
            if hit is not None:
                known[i] = hit
    todo = [i for i in range(len(jobs)) if i not in known]
    if workers <= 1 or len(todo) <= 1:
        return _in_order(jobs, keys, known, cache, None)

    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)))
    ahead = Ahead(pool, jobs, todo, AHEAD * workers)
    ahead.top_up()  # the workers start now, before any thread of the caller's
    return _in_order(jobs, keys, known, cache, pool, ahead)


AHEAD = 8  # files the workers may have checked ahead of the one being written, per worker


class Ahead:
    """The jobs handed to the workers, at most `window` beyond the file being written: one
    slow file does not leave every later file's outcome waiting in memory."""

    def __init__(self, pool: Executor, jobs: list[Job], todo: list[int], window: int) -> None:
        self.pool, self.jobs, self.window = pool, jobs, window
        self.queue = iter(todo)
        self.futures: dict[int, Future[Checked]] = {}

    def top_up(self) -> None:
        while len(self.futures) < self.window:
            i = next(self.queue, None)
            if i is None:
                return
            try:
                self.futures[i] = self.pool.submit(run_job, self.jobs[i])
            except Exception as e:  # the pool broke (a worker killed): the job fails in place
                from concurrent.futures import Future

                failed_job: Future[Checked] = Future()
                failed_job.set_exception(e)
                self.futures[i] = failed_job


def _in_order(jobs: list[Job], keys: list[str | None], known: dict[int, Checked],
              cache: Cache | None, pool: Executor | None, ahead: Ahead | None = None
              ) -> Iterator[Checked]:
    futures = ahead.futures if ahead is not None else {}
    try:
        for i, job in enumerate(jobs):
            if ahead is not None:
                ahead.top_up()
            if i in known:
                checked = known.pop(i)
            elif i in futures:
                try:
                    checked = futures.pop(i).result()
                except MissingDependency:
                    raise
                except Exception as e:  # a worker killed (out of memory), an outcome not sent
                    yield failed(job.path, internal(e))
                    continue
            else:
                checked = run_job(job)
            key = keys[i]
            if cache is not None and key is not None and not checked.result.error:
                cache.put(key, checked)
            yield checked
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Cache:
    """Outcomes by content hash, in a folder of small files. A key covers all a file's check
    depends on: its bytes, the path shown, the rules run, the rule packs' contents, and this
    auditlint (version and the files it is made of). An entry that cannot be read is a miss;
    a folder that cannot be written is left alone: the cache never fails a run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writable = True
        self._salt = _salt()
        self._packs: dict[tuple[Path, ...], str] = {}

    def key(self, job: Job) -> str | None:
        """The entry's key; None when the file is not to be cached (it cannot be read, or
        is over the size limit, which is a finding the check gives without reading it)."""
        try:
            if job.max_bytes and job.path.stat().st_size > job.max_bytes:
                return None
            packs = self._packs.get(job.packs)
            if packs is None:
                h = hashlib.sha256()
                for p in job.packs:
                    h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
                packs = self._packs[job.packs] = h.hexdigest()
            h = hashlib.sha256(self._salt.encode())
            for part in (str(job.path), ",".join(job.select), packs):
                h.update(part.encode("utf-8", "surrogateescape") + b"\0")
            with job.path.open("rb") as f:  # in pieces: a large PDF is not held in memory
                while chunk := f.read(1 << 20):
                    h.update(chunk)
        except OSError:
            return None  # the check itself says why it cannot be read
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> Checked | None:
        try:
            with self._entry(key).open("rb") as f:
                version, checked = pickle.load(f)
        except Exception:  # missing, truncated, or written by another auditlint
            return None
        return checked if version == _FORMAT and isinstance(checked, Checked) else None

    def put(self, key: str, checked: Checked) -> None:
        if not self.writable:
            return
        entry = self._entry(key)
        part = entry.with_name(f"{entry.name}.{os.getpid()}.part")
        try:
            self._prepare()
            entry.parent.mkdir(exist_ok=True)
            with part.open("wb") as f:
                pickle.dump((_FORMAT, checked), f, protocol=pickle.HIGHEST_PROTOCOL)
            part.replace(entry)  # whole or not at all, even with two runs at once
        except OSError:
            self.writable = False
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)

    def _rules_file(self) -> Path:
        return self.folder / f"rules-{self._salt[:16]}.json"

    def rules(self) -> tuple[dict[str, str], dict[str, Severity]] | None:
        """The rule table of this auditlint, when kept (see `rule_table`)."""
        try:
            data = json.loads(self._rules_file().read_text(encoding="utf-8"))
            known, defaults = data["known"], data["defaults"]
            if data["salt"] == self._salt and known and isinstance(known, dict) \
                    and isinstance(defaults, dict) and set(known) == set(defaults) \
                    and all(isinstance(v, str) for v in known.values()) \
                    and set(defaults.values()) <= {"error", "warning", "info"}:
                return known, defaults
        except Exception:  # missing, damaged, or of another auditlint
            pass
        return None

    def put_rules(self, known: dict[str, str], defaults: dict[str, Severity]) -> None:
        if not self.writable:
            return
        target = self._rules_file()
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        try:
            self._prepare()
            part.write_text(json.dumps({"salt": self._salt, "known": known,
                                        "defaults": defaults}), encoding="utf-8")
            part.replace(target)
        except OSError:
            self.writable = False
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)

    def _prepare(self) -> None:
        """The folder, marked as a cache (backup tools skip it, git ignores it)."""
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".gitignore").write_text("# written by auditlint\n*\n", encoding="utf-8")
        (self.folder / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by auditlint.\n", encoding="utf-8")


def rule_table(cache: Cache | None) -> tuple[dict[str, str], dict[str, Severity]]:
    """Every rule's name and default severity, by code. Asking the rules imports every check
    and extractor, most of a cold start; the table is kept in the cache, so a run whose
    files all come from the cache imports none of them."""
    table = cache.rules() if cache is not None else None
    if table is not None:
        return table
    from auditlint.checks.base import all_rules

    rules = all_rules()
    known = {r.code: r.name for r in rules}
    defaults: dict[str, Severity] = {r.code: r.severity for r in rules}
    if cache is not None:
        cache.put_rules(known, defaults)
    return known, defaults


def cache_folder(option: str | None) -> Path:
    """--cache-dir, else $AUDITLINT_CACHE_DIR, else .auditlint_cache here."""
    return Path(option or os.environ.get(CACHE_ENV) or CACHE_DIR)


def _salt() -> str:
    """This auditlint: its version and the size and time of each of its files, so that an
    upgrade or an edited rule file or grammar never gives an outcome of the old one."""
    from auditlint import __version__
    from auditlint.resources import data_dir

    h = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    package = Path(__file__).resolve().parent
    folders = [package, *(data_dir(n) for n in ("grammar", "rules"))]
    files: list[str] = []
    for top in dict.fromkeys(folders):
        for folder, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            files.extend(os.path.join(folder, n) for n in names if not n.endswith(".pyc"))
    for name in sorted(files):
        try:
            st = os.stat(name)
        except OSError:
            continue
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()
