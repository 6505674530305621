"""Reports checked together: the profile of each report of a run is kept as it is checked,
and the checks across reports (AL5xx) run over all of them once every file is done.

Findings across reports obey the settings of the file they are reported in: its `select`,
`ignore`, `per-file-ignores`, `fail-on` and baseline. Sets named in `[[sets]]` of any
config in force in the run are used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditlint.checks.across import DeclaredSet, Member, check_reports
from auditlint.config import Settings
from auditlint.findings import Finding
from auditlint.profile import Figure, ReportProfile
from auditlint.suppress import Directive, apply

if TYPE_CHECKING:
    from auditlint.runner import Checked


class ReportSets:
    def __init__(self, settings: dict[Path, Settings], known: dict[str, str]) -> None:
        self.settings = settings
        self.known = known
        self.members: list[Member] = []
        self.directives: dict[str, list[Directive]] = {}

    def add(self, path: Path, checked: Checked) -> None:
        """A checked file: its profile, and its `auditlint: ignore` lines (text and
        Markdown), which were found where it was checked (perhaps in a worker)."""
        if checked.profile is None or checked.result.error:
            return
        self.members.append(Member(path=checked.result.path, file=path,
                                   profile=checked.profile))
        if checked.result.format in ("text", "markdown"):
            self.directives[checked.result.path] = checked.directives

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
        if len(self.members) < 2:
            return []
        by_path = {m.path: m.file for m in self.members}
        out: list[tuple[Finding, Settings]] = []
        found = check_reports(self.members, self.declared())
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
        """The source lines the profiles kept, by path, for code frames (others empty)."""
        out: dict[str, list[str]] = {}
        for m in self.members:
            known = {f.span.line: f.source for f in figures(m.profile)}
            if known:
                out[m.path] = [known.get(i, "") for i in range(1, max(known) + 1)]
        return out


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
