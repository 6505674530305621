"""Configuration: `[tool.auditlint]` in pyproject.toml, or an auditlint.toml, found upward from
each checked file (the nearest one wins, as with ruff), or one file named by `--config`.

Unknown keys are errors that name the key: a typo must not silently switch a check off.
Paths in a config file (packs, baseline, per-file-ignores globs) are relative to its folder.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditlint.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# in order of precedence within one folder
CONFIG_NAMES = (".auditlint.toml", "auditlint.toml", "pyproject.toml")
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".docx", ".pdf")
# never reports, though their extensions say they could be: a repository's own documents and
# folders of built or installed files (`exclude` replaces this list, `extend-exclude` adds)
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "CONTRIBUTING*", "LICENSE*", "build/", "dist/",
                   "node_modules/", "venv/", "site-packages/")


class ConfigError(Exception):
    """A configuration that cannot be used; `str(error)` is one line for the user."""


def _hyphen(name: str) -> str:
    return name.replace("_", "-")


def _codes(values: Iterable[str]) -> list[str]:
    return [v.strip().upper() for v in values if v.strip()]


class SetEntry(BaseModel):
    """One `[[sets]]` entry: `reports` of one body (years, 预算 and 决算), or a `department`
    report with `units`, every one of its units."""

    model_config = ConfigDict(extra="forbid")

    reports: list[str] = Field(default_factory=list)
    department: str | None = None
    units: list[str] = Field(default_factory=list)


class ConfigFile(BaseModel):
    """The keys of `[tool.auditlint]` / auditlint.toml, as written."""

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphen, populate_by_name=False)

    extend: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    fail_on: Severity = "error"
    fail_on_unchecked: bool = False
    packs: list[str] = Field(default_factory=list)
    extensions: list[str] = Field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = Field(default_factory=list)
    respect_gitignore: bool = True
    baseline: str | None = None
    sets: list[SetEntry] = Field(default_factory=list)

    @field_validator("select", "ignore", "extend_select")
    @classmethod
    def _upper(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _codes(v)

    @field_validator("severity")
    @classmethod
    def _upper_keys(cls, v: dict[str, Severity]) -> dict[str, Severity]:
        return {k.strip().upper(): sev for k, sev in v.items()}

    @field_validator("per_file_ignores")
    @classmethod
    def _upper_map(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: _codes(codes) for k, codes in v.items()}

    @field_validator("extensions")
    @classmethod
    def _dotted(cls, v: list[str]) -> list[str]:
        out = []
        for ext in v:
            ext = ext.strip().lower()
            if not ext:
                raise ValueError("an extension may not be empty")
            out.append(ext if ext.startswith(".") else "." + ext)
        return out


@dataclass(frozen=True)
class Settings:
    """The settings in force for one file: a config file's, overridden by the command line."""

    source: Path | None = None  # the config file, None for the defaults
    root: Path = field(default_factory=Path.cwd)  # folder that relative paths start from
    select: tuple[str, ...] | None = None  # None: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # selector -> severity, in file order
    fail_on: Severity = "error"
    fail_on_unchecked: bool = False
    packs: tuple[Path, ...] = ()
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    baseline: Path | None = None
    # `[[sets]]`: (reports of one body, department, its units), paths resolved
    sets: tuple[tuple[tuple[Path, ...], Path | None, tuple[Path, ...]], ...] = ()

    def with_cli(self, *, select: list[str] | None = None, ignore: list[str] | None = None,
                 fail_on: Severity | None = None, packs: Iterable[str] = (),
                 baseline: str | None = None, extend_select: list[str] | None = None,
                 fail_on_unchecked: bool | None = None, exclude: list[str] | None = None,
                 extend_exclude: list[str] | None = None,
                 respect_gitignore: bool | None = None) -> Settings:
        """Command-line options win: --select and --exclude replace; --ignore,
        --extend-select, --extend-exclude and --rules add."""
        cwd = Path.cwd()
        return replace(
            self,
            select=tuple(_codes(select)) if select is not None else self.select,
            extend_select=self.extend_select + tuple(_codes(extend_select or [])),
            ignore=self.ignore + tuple(_codes(ignore or [])),
            fail_on=fail_on or self.fail_on,
            fail_on_unchecked=(self.fail_on_unchecked if fail_on_unchecked is None
                               else fail_on_unchecked),
            packs=self.packs + tuple((cwd / p).resolve() for p in packs),
            exclude=tuple(exclude) if exclude is not None else self.exclude,
            extend_exclude=self.extend_exclude + tuple(extend_exclude or ()),
            respect_gitignore=(self.respect_gitignore if respect_gitignore is None
                               else respect_gitignore),
            baseline=(cwd / baseline).resolve() if baseline else self.baseline,
        )

    def validate_codes(self, known: dict[str, str]) -> None:
        """Every selector names a rule (code, code prefix, name, or ALL); raise otherwise.
        `known` maps code -> name."""
        groups = [("select", self.select or ()), ("extend-select", self.extend_select),
                  ("ignore", self.ignore), ("severity", [c for c, _ in self.severity])]
        groups += [(f"per-file-ignores '{g}'", codes) for g, codes in self.per_file_ignores]
        for where, codes in groups:
            for c in codes:
                if not _matching(c, known):
                    raise ConfigError(f"{self._where()}unknown rule code '{c}' in {where}")

    def severity_of(self, code: str, known: dict[str, str]) -> Severity | None:
        """The severity configured for a rule (the last selector naming it), None if none."""
        chosen: Severity | None = None
        for selector, sev in self.severity:
            if code in _matching(selector, known):
                chosen = sev
        return chosen

    def excluded(self, path: Path, top: Path | None = None) -> bool:
        """Whether `exclude`/`extend-exclude` leave `path` out: globs relative to the config's
        folder, matching the file or a folder above it (`drafts/` only folders), as in
        .gitignore. A path outside the config's folder (no config, or `--config` named
        elsewhere) is judged from `top`, the folder searched: the folders above that are not
        the repository's (a checkout under /srv/build/ is not build output)."""
        rel = self.relative(path)
        if Path(rel).is_absolute():
            try:
                rel = path.resolve().relative_to((top or path.parent).resolve()).as_posix()
            except ValueError:
                rel = path.name
        parts = rel.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        for pattern in (*self.exclude, *self.extend_exclude):
            folders_only = pattern.endswith("/")
            bare = pattern.rstrip("/")
            candidates = prefixes[:-1] if folders_only else prefixes
            if bare and any(glob_match(bare, p) for p in candidates):
                return True
        return False

    def enabled(self, path: Path, known: dict[str, str]) -> list[str]:
        """The codes to run on `path`, in code order."""
        chosen = set(known) if self.select is None else {
            code for s in self.select for code in _matching(s, known)}
        chosen |= {code for s in self.extend_select for code in _matching(s, known)}
        off = {code for s in self.ignore for code in _matching(s, known)}
        rel = self.relative(path)
        for pattern, codes in self.per_file_ignores:
            if glob_match(pattern, rel):
                off |= {code for s in codes for code in _matching(s, known)}
        return sorted(chosen - off)

    def relative(self, path: Path) -> str:
        """`path` relative to the config's folder (posix), absolute when outside it."""
        p = path.resolve()
        try:
            return p.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def show(self, path: Path | None, known: dict[str, str]) -> str:
        """The settings as TOML, as `auditlint check --show-settings` prints them."""
        lines = [f"# settings for {path}" if path else "# settings",
                 f"# config file: {self.source or 'none (defaults)'}"]
        lines.append("select = " + (json.dumps(list(self.select)) if self.select is not None
                                    else '["ALL"]'))
        lines.append("extend-select = " + json.dumps(list(self.extend_select)))
        lines.append("ignore = " + json.dumps(list(self.ignore)))
        pfi = ", ".join(f"{json.dumps(g)} = {json.dumps(list(c), ensure_ascii=False)}"
                        for g, c in self.per_file_ignores)
        lines.append(f"per-file-ignores = {{{pfi}}}")
        sev = ", ".join(f"{json.dumps(c)} = {json.dumps(v)}" for c, v in self.severity)
        lines.append(f"severity = {{{sev}}}")
        lines.append(f"fail-on = {json.dumps(self.fail_on)}")
        lines.append(f"fail-on-unchecked = {json.dumps(self.fail_on_unchecked)}")
        lines.append("packs = " + json.dumps([str(p) for p in self.packs], ensure_ascii=False))
        lines.append("extensions = " + json.dumps(list(self.extensions)))
        lines.append("exclude = " + json.dumps(list(self.exclude), ensure_ascii=False))
        lines.append("extend-exclude = " + json.dumps(list(self.extend_exclude),
                                                      ensure_ascii=False))
        lines.append(f"respect-gitignore = {json.dumps(self.respect_gitignore)}")
        lines.append("baseline = " + (json.dumps(str(self.baseline), ensure_ascii=False)
                                      if self.baseline else '""'))
        if path is not None:
            lines.append("# rules in force for this file")
            lines.append("enabled = " + json.dumps(self.enabled(path, known)))
        for reports, department, units in self.sets:
            lines.append("[[sets]]")
            if reports:
                lines.append("reports = " + json.dumps([str(p) for p in reports],
                                                       ensure_ascii=False))
            if department:
                lines.append("department = " + json.dumps(str(department), ensure_ascii=False))
                lines.append("units = " + json.dumps([str(p) for p in units], ensure_ascii=False))
        return "\n".join(lines)

    def _where(self) -> str:
        return f"{self.source}: " if self.source else ""


def _matching(selector: str, known: dict[str, str]) -> list[str]:
    s = selector.strip()
    if s.upper() == "ALL":
        return list(known)
    by_name = [c for c, n in known.items() if n == s.lower()]
    return by_name or [c for c in known if c.startswith(s.upper())]


def glob_match(pattern: str, rel_path: str) -> bool:
    """gitignore-like globs: `*` and `?` stay within a folder, `**` crosses folders; a
    pattern without `/` matches the file name in any folder."""
    pattern = pattern.strip()
    pattern = pattern[2:] if pattern.startswith("./") else pattern
    rx = _glob_regex(pattern)
    if rx.match(rel_path):
        return True
    return "/" not in pattern and bool(rx.match(rel_path.rsplit("/", 1)[-1]))


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                neg = body.startswith("!")
                body = body[1:] if neg else body
                out.append("[" + ("^" if neg else "") + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    if pattern.endswith("/"):
        out.append(".*")
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error:
        return re.compile(re.escape(pattern) + r"\Z")


# -- finding and loading config files ---------------------------------------------------------

def _table(path: Path) -> dict[str, Any] | None:
    """The auditlint settings table of a config file; None for a pyproject.toml without one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("auditlint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.auditlint] must be a table")
        return table
    return data


def load_config(path: Path, _seen: tuple[Path, ...] = ()) -> Settings:
    """The settings of one config file; a pyproject.toml without [tool.auditlint] gives
    the defaults (rooted at its folder). With `extend`, the named config's settings are
    the starting point and this file's keys override them (lists and tables replace,
    except `per-file-ignores` and `severity`, which merge); each file's paths stay
    relative to its own folder."""
    path = path.resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path in _seen:
        raise ConfigError(f"{path}: `extend` leads back to this file (a loop)")
    table = _table(path)
    where = "[tool.auditlint]" if path.name == "pyproject.toml" else path.name
    try:
        cfg = ConfigFile.model_validate(table or {})
    except ValidationError as e:
        first = e.errors()[0]
        key = ".".join(str(x) for x in first["loc"])
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{path}: unknown key '{key}' in {where}") from None
        raise ConfigError(f"{path}: {key}: {first['msg']}") from None
    root = path.parent
    own = Settings(
        source=path, root=root,
        select=tuple(cfg.select) if cfg.select is not None else None,
        extend_select=tuple(cfg.extend_select),
        ignore=tuple(cfg.ignore),
        per_file_ignores=tuple((g, tuple(c)) for g, c in cfg.per_file_ignores.items()),
        severity=tuple(cfg.severity.items()),
        fail_on=cfg.fail_on,
        fail_on_unchecked=cfg.fail_on_unchecked,
        packs=tuple((root / p).resolve() for p in cfg.packs),
        extensions=tuple(cfg.extensions),
        exclude=tuple(cfg.exclude),
        extend_exclude=tuple(cfg.extend_exclude),
        respect_gitignore=cfg.respect_gitignore,
        baseline=(root / cfg.baseline).resolve() if cfg.baseline else None,
        sets=tuple(_resolved_set(root, e, path) for e in cfg.sets),
    )
    if cfg.extend is None:
        return own
    base = load_config(root / cfg.extend, (*_seen, path))
    return _merged(base, own, set(cfg.model_fields_set) - {"extend"})


ACCUMULATED = ("extend_select", "extend_exclude", "per_file_ignores", "severity")


def _merged(base: Settings, own: Settings, set_here: set[str]) -> Settings:
    """`own` over `base`: a key written in the extending file replaces the base's, except
    `extend-select`, `extend-exclude`, `per-file-ignores` and `severity`, which add to it.
    The base's globs were written relative to its folder; they are made relative to the
    extending file's folder."""
    changes: dict[str, Any] = {k: getattr(own, k) for k in set_here if k not in ACCUMULATED}
    exclude = own.exclude if "exclude" in set_here else _names(_rebased(
        [(g, ()) for g in base.exclude], base.root, own.root))
    pfi = dict(_rebased(base.per_file_ignores, base.root, own.root))
    pfi.update(own.per_file_ignores)
    changes.update(
        source=own.source, root=own.root, exclude=exclude,
        extend_select=base.extend_select + own.extend_select,
        extend_exclude=_names(_rebased([(g, ()) for g in base.extend_exclude], base.root,
                                       own.root)) + own.extend_exclude,
        per_file_ignores=tuple(pfi.items()), severity=base.severity + own.severity)
    return replace(base, **changes)


def _names(globs: list[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    return tuple(g for g, _ in globs)


def _rebased(globs: Iterable[tuple[str, tuple[str, ...]]], old: Path, new: Path
             ) -> list[tuple[str, tuple[str, ...]]]:
    """Globs written relative to folder `old`, made relative to folder `new` (below `old`):
    a glob anchored at a folder (`a/b/*`) keeps only its part under `new`, a glob of names
    (`*.md`, `build/`) is kept as it is."""
    try:
        sub = new.resolve().relative_to(old.resolve()).as_posix()
    except ValueError:
        return list(globs)
    if sub == ".":
        return list(globs)
    out = []
    for g, codes in globs:
        bare = g[2:] if g.startswith("./") else g
        if "/" not in bare.rstrip("/") or bare.startswith("**"):
            out.append((g, codes))
        elif bare.startswith(sub + "/"):
            out.append((bare[len(sub) + 1:], codes))
    return out


def _resolved_set(root: Path, entry: SetEntry, path: Path
                  ) -> tuple[tuple[Path, ...], Path | None, tuple[Path, ...]]:
    """A `[[sets]]` entry with its paths resolved; one that says nothing is an error."""
    if not entry.reports and entry.department is None:
        raise ConfigError(f"{path}: a [[sets]] entry needs `reports` or `department`")
    if (entry.department is None) != (not entry.units):
        raise ConfigError(f"{path}: a [[sets]] entry with `department` needs `units`, "
                          "and `units` need a `department`")
    return (tuple((root / p).resolve() for p in entry.reports),
            (root / entry.department).resolve() if entry.department else None,
            tuple((root / p).resolve() for p in entry.units))


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's folder, or a folder)."""
    start = _real(start)
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if _is_file(candidate) and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _is_file(path: Path) -> bool:
    """A folder that cannot be looked into holds no config we could read; the file search
    says in one line that it cannot be read."""
    try:
        return path.is_file()
    except OSError:
        return False


def _real(path: Path) -> Path:
    """The absolute path with symbolic links resolved as far as they lead: a link loop
    named on the command line is reported by the file search, not raised here."""
    return Path(os.path.realpath(path))


def _has_table(pyproject: Path) -> bool:
    try:
        return _table(pyproject) is not None
    except ConfigError:
        return True  # a broken pyproject.toml is reported when it is loaded, not skipped


class Resolver:
    """Settings for each path: one named config for all, or the nearest config per path."""

    def __init__(self, config: Path | None = None) -> None:
        self._fixed = load_config(config) if config is not None else None
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Settings] = {}

    def settings_for(self, path: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        p = _real(path)
        folder = p if p.is_dir() else p.parent
        if folder not in self._found:
            self._found[folder] = find_config(folder)
        found = self._found[folder]
        if found is None:
            return Settings()
        if found not in self._loaded:
            self._loaded[found] = load_config(found)
        return self._loaded[found]
