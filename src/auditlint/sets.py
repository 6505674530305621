"""Reports checked together: the profile of each report of a run is kept as it is checked,
and the checks across reports (AL5xx) run over all of them once every file is done.

Profiles are kept in a temporary file, not in memory (a run over thousands of reports would
otherwise grow by each one's profile): in memory stay only each report's path and the body
it is linked by. Once every file is done, the reports that can link are read back one group
at a time (`linked_groups`), so a run holds the profiles of one body's reports at most.

Findings across reports obey the settings of the file they are reported in: its `select`,
`ignore`, `per-file-ignores`, `fail-on` and baseline. Sets named in `[[sets]]` of any
config in force in the run are used.
"""

from __future__ import annotations

import io
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from auditlint.checks.across import DeclaredSet, Member, check_reports, linked_groups
from auditlint.config import Settings
from auditlint.findings import Finding
from auditlint.profile import Figure, ReportProfile
from auditlint.suppress import Directive, apply

if TYPE_CHECKING:
    from auditlint.runner import Checked


@dataclass(frozen=True)
class Kept:
    """What stays in memory of a checked report: where its profile is in the spool, and
    the body that may link it with others."""

    path: str  # as shown in findings
    file: Path
    body: str | None
    offset: int  # of its pickled profile in the spool


class ReportSets:
    def __init__(self, settings: dict[Path, Settings], known: dict[str, str]) -> None:
        self.settings = settings
        self.known = known
        self.kept: list[Kept] = []
        self.directives: dict[str, list[Directive]] = {}
        self._spool: IO[bytes] | None = None
        self._lines: dict[str, list[str]] = {}

    def add(self, path: Path, checked: Checked) -> None:
        """A checked file: its profile, and its `auditlint: ignore` lines (text and
        Markdown), which were found where it was checked (perhaps in a worker)."""
        if checked.profile is None or checked.result.error:
            return
        offset = self._store(pickle.dumps(checked.profile, protocol=pickle.HIGHEST_PROTOCOL))
        self.kept.append(Kept(checked.result.path, path, checked.profile.body, offset))
        if checked.result.format in ("text", "markdown") and checked.directives:
            self.directives[checked.result.path] = checked.directives

    def _store(self, data: bytes) -> int:
        """`data` appended to the spool, at the offset returned. The spool never fails a run:
        without a temporary folder that can be written, it is kept in memory."""
        if self._spool is None:
            try:  # unbuffered: a full disk is an error here, not at a later flush
                self._spool = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (closed by close)
            except OSError:
                self._spool = io.BytesIO()
        offset = self._spool.seek(0, 2)
        try:
            if self._spool.write(data) != len(data):
                raise OSError("short write")
        except OSError:
            self._spool.seek(0)
            written = self._spool.read(offset)
            self._spool.close()
            self._spool = io.BytesIO(written)
            self._spool.seek(0, 2)
            self._spool.write(data)
        return offset

    def _members(self, group: list[int]) -> list[Member]:
        """The group's reports with their profiles read back from the spool."""
        assert self._spool is not None
        out: list[Member] = []
        for i in group:
            k = self.kept[i]
            self._spool.seek(k.offset)
            out.append(Member(path=k.path, file=k.file, profile=pickle.load(self._spool)))
        return out

    def declared(self) -> list[DeclaredSet]:
        out: dict[tuple[object, ...], DeclaredSet] = {}
        for s in self.settings.values():
            for reports, department, units in s.sets:
                key = (reports, department, units)
                out.setdefault(key, DeclaredSet(list(reports), department, list(units),
                                                str(s.source or "")))
        return list(out.values())

    def findings(self) -> list[tuple[Finding, Settings]]:
        """Each finding with the settings of the file it is reported in."""
        if len(self.kept) < 2:
            return []
        by_path = {k.path: k.file for k in self.kept}
        declared = self.declared()
        found: list[Finding] = []
        groups = linked_groups([k.file for k in self.kept], [k.body for k in self.kept],
                               declared)
        for group in groups:
            members = self._members(group)
            mine = check_reports(members, declared)
            paths = {f.path for f in mine}
            self._lines.update((m.path, lines_of(m.profile)) for m in members
                               if m.path in paths)
            found.extend(mine)
            del members
        found.sort(key=Finding.sort_key)  # stable: ties are of one report, so of one group
        out: list[tuple[Finding, Settings]] = []
        for path in sorted({f.path for f in found}):
            file = by_path[path]
            s = self.settings.get(file, Settings())
            enabled = set(s.enabled(file, self.known))
            mine = [f for f in found if f.path == path and f.code in enabled]
            # `auditlint: ignore AL501` on the line: suppressed; never judged unused, since
            # whether a finding comes depends on the other reports checked with this one
            kept = apply(mine, self.directives.get(path, []), path=path, enabled=set(),
                         known=set(self.known)).kept
            out.extend((f, s) for f in kept)
        return out

    def lines(self) -> dict[str, list[str]]:
        """The source lines the profiles kept, by path, for code frames of the findings
        across reports (`findings` reads them while their group is in memory)."""
        return {path: lines for path, lines in self._lines.items() if lines}

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


def lines_of(p: ReportProfile) -> list[str]:
    """A report's lines as far as its profile knows them (others empty)."""
    known = {f.span.line: f.source for f in figures(p)}
    return [known.get(i, "") for i in range(1, max(known) + 1)] if known else []


def figures(p: ReportProfile) -> list[Figure]:
    out: list[Figure] = []
    for group in (p.codes, p.prior_codes, p.initial_codes):
        for codes in group.values():
            out.extend(codes.values())
    for figs in p.named.values():
        out.extend(figs)
    for s in p.stated:
        out.append(s.current)
        if s.change is not None:
            out.append(s.change)
    return out
