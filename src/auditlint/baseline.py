"""A baseline: today's findings recorded in a file, so that later runs report only new ones.

For formats without comments (.docx, .pdf) this is the way to accept known findings. A
finding is fingerprinted by its code, its file and the numbers involved (stated, expected,
and the related figures), never by its line: inserting text elsewhere keeps the baseline
valid, while changing one of the numbers makes it a new finding. Each finding has its own
entry, so a second occurrence of the same mismatch is still new; entries that no finding
uses any more are reported as stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from auditlint import __version__
from auditlint.findings import Finding
from auditlint.lazyre import lazy_compile

VERSION = 1
_NUMBER = lazy_compile(r"\d[\d,]*(?:\.\d+)?")
# where a finding stands is not what it is about: `lines 130-132`, `table 3`, `第 5 行`
_POSITION = lazy_compile(
    r"\b(?:lines?|rows?|columns?|cols?|tables?|paragraphs?|pages?|blocks?)\s+\d+"
    r"(?:\s*(?:[-–~,]|and|to)\s*\d+)*|第\s*\d+\s*[行页段表列栏]", re.IGNORECASE)


class BaselineError(Exception):
    """A baseline file that cannot be read or written; one line for the user."""


def numbers_of(f: Finding) -> list[str]:
    """The numbers a finding is about: stated, expected, related figures; else its message's."""
    nums: list[str] = []
    for text in (f.actual, f.expected, *(r.message for r in f.related)):
        if text:
            nums.extend(n.replace(",", "") for n in _NUMBER.findall(_POSITION.sub(" ", text)))
    if not nums:
        text = _POSITION.sub(" ", f.message)
        nums = [n.replace(",", "") for n in _NUMBER.findall(text)]
    return nums


def fingerprint(f: Finding, rel_path: str) -> str:
    key = "\x1f".join([f.code, rel_path, *numbers_of(f)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _rel(path: str, base: Path) -> str:
    """A finding's path relative to the baseline's folder, posix, so runs from another
    working directory or machine give the same fingerprint."""
    return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()


def words_of(f: Finding) -> str:
    """The message without its numbers and positions: what tells apart two findings of one
    code on the same numbers (two notices on tables that share no figure)."""
    text = _NUMBER.sub("#", _POSITION.sub(" ", f.message))
    return " ".join(text.split())


@dataclass
class Entry:
    """One accepted finding (a file written before entries were kept apart may give one
    entry a count above 1)."""

    fingerprint: str
    code: str
    path: str
    message: str = ""
    count: int = 1


@dataclass
class Stale:
    """Entries of a checked file that no finding matched any more: fixed, or changed."""

    path: str
    code: str
    message: str
    count: int


class Baseline:
    def __init__(self, path: Path, counts: Counter[str] | None = None,
                 entries: list[Entry] | None = None) -> None:
        self.path = path
        self.entries: list[Entry] = entries if entries is not None else [
            Entry(fp, "", "", count=n) for fp, n in (counts or Counter()).items()]
        self.hidden = 0  # findings matched by `filter`, over the run
        self._left = [e.count for e in self.entries]
        self._seen: set[str] = set()  # files (relative to the baseline) given to `filter`

    @property
    def counts(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for e in self.entries:
            out[e.fingerprint] += e.count
        return out

    @property
    def base(self) -> Path:
        return self.path.resolve().parent

    def key(self, f: Finding) -> str:
        return fingerprint(f, _rel(f.path, self.base))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file "
                                "(write one with --write-baseline)") from None
        except OSError as e:
            raise BaselineError(f"{path}: cannot read: {e.strerror or e}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BaselineError(f"{path}: not a baseline file (invalid JSON: {e})") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise BaselineError(f"{path}: not an auditlint baseline (version {VERSION})")
        entries: list[Entry] = []
        try:
            for e in data.get("findings") or []:
                entries.append(Entry(str(e["fingerprint"]), str(e.get("code", "")),
                                     str(e.get("path", "")), str(e.get("message", "")),
                                     int(e.get("count", 1))))
        except (TypeError, KeyError, ValueError, AttributeError):
            raise BaselineError(f"{path}: malformed entry in 'findings'") from None
        return cls(path, entries=entries)

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """The findings not in the baseline, and how many were in it. An entry is used up
        by the finding it records: one with the same fingerprint and message first, then
        one with the same fingerprint."""
        findings = list(findings)
        keys = [self.key(f) for f in findings]
        self._seen.update(_rel(f.path, self.base) for f in findings)
        matched = [False] * len(findings)
        for exact in (True, False):
            for i, (f, k) in enumerate(zip(findings, keys, strict=True)):
                if matched[i]:
                    continue
                j = self._take(k, f.message if exact else None)
                if j is not None:
                    matched[i] = True
        new = [f for f, m in zip(findings, matched, strict=True) if not m]
        known = len(findings) - len(new)
        self.hidden += known
        return new, known

    def _take(self, key: str, message: str | None) -> int | None:
        for j, e in enumerate(self.entries):
            if self._left[j] > 0 and e.fingerprint == key and (
                    message is None or e.message == message):
                self._left[j] -= 1
                return j
        return None

    def checked(self, path: str) -> None:
        """Note a file checked without findings: its entries can be stale too."""
        self._seen.add(_rel(path, self.base))

    def stale(self) -> list[Stale]:
        """Entries of the files checked so far that no finding used: the finding was fixed
        (or its numbers changed); the baseline should be written again."""
        return [Stale(e.path, e.code, e.message, left)
                for e, left in zip(self.entries, self._left, strict=True)
                if left > 0 and e.path in self._seen]

    def write(self, findings: Iterable[Finding]) -> int:
        """Record `findings` in the baseline file, one entry each (findings on the same
        numbers keep their own message); the number of findings recorded."""
        entries = [{"fingerprint": self.key(f), "code": f.code, "path": _rel(f.path, self.base),
                    "numbers": numbers_of(f), "message": f.message} for f in findings]
        ordered = sorted(entries, key=lambda e: (str(e["path"]), str(e["code"]),
                                                 str(e["message"])))
        doc = {"version": VERSION, "tool": f"auditlint {__version__}",
               "note": "findings accepted on the day this file was written; "
                       "matched by code, file and numbers, not by line",
               "findings": ordered}
        if self.path.exists():
            try:
                Baseline.load(self.path)
            except BaselineError:
                raise BaselineError(f"{self.path}: exists and is not an auditlint baseline; "
                                    "not overwritten") from None
        try:
            self.path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
        except OSError as e:
            raise BaselineError(f"{self.path}: cannot write: {e.strerror or e}") from None
        return len(ordered)
