"""A baseline: today's findings recorded in a file, so that later runs report only new ones.

For formats without comments (.docx, .pdf) this is the way to accept known findings. A
finding is fingerprinted by its code, its file and the numbers involved (stated, expected,
and the related figures), never by its line: inserting text elsewhere keeps the baseline
valid, while changing one of the numbers makes it a new finding. Identical fingerprints are
counted, so a second occurrence of the same mismatch is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from auditlint import __version__
from auditlint.findings import Finding

VERSION = 1
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# where a finding stands is not what it is about: `lines 130-132`, `table 3`, `第 5 行`
_POSITION = re.compile(
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


class Baseline:
    def __init__(self, path: Path, counts: Counter[str] | None = None) -> None:
        self.path = path
        self.counts: Counter[str] = counts or Counter()

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
        counts: Counter[str] = Counter()
        try:
            for e in data.get("findings") or []:
                counts[str(e["fingerprint"])] += int(e.get("count", 1))
        except (TypeError, KeyError, ValueError, AttributeError):
            raise BaselineError(f"{path}: malformed entry in 'findings'") from None
        return cls(path, counts)

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """The findings not in the baseline, and how many were in it."""
        left = Counter(self.counts)
        new: list[Finding] = []
        known = 0
        for f in findings:
            k = self.key(f)
            if left[k] > 0:
                left[k] -= 1
                known += 1
            else:
                new.append(f)
        return new, known

    def write(self, findings: Iterable[Finding]) -> int:
        """Record `findings` in the baseline file; the number of findings recorded."""
        entries: dict[str, dict[str, object]] = {}
        for f in findings:
            k = self.key(f)
            if k in entries:
                entries[k]["count"] = int(entries[k]["count"]) + 1  # type: ignore[call-overload]
                continue
            entries[k] = {"fingerprint": k, "code": f.code, "path": _rel(f.path, self.base),
                          "numbers": numbers_of(f), "message": f.message, "count": 1}
        ordered = sorted(entries.values(),
                         key=lambda e: (str(e["path"]), str(e["code"]), str(e["message"])))
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
        return sum(int(e["count"]) for e in ordered)  # type: ignore[call-overload]
