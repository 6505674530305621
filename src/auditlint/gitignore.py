"""`.gitignore` files respected when folders are searched for reports, as ruff and ripgrep do:
what a repository ignores (exports, build output, scratch copies) is not one of its reports.

Each `.gitignore` applies to the paths under its folder, a deeper one overriding a shallower
one (its `!pattern` can take a file back); the files from the repository's root (the nearest
folder above with a `.git`) down to the file's folder are read, and `.git/info/exclude` of
that repository. The patterns are matched by pathspec's implementation of git's rules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pathspec import GitIgnoreSpec


@lru_cache(maxsize=1024)
def _spec(path: Path) -> GitIgnoreSpec | None:
    """The patterns of one ignore file; None when there is none (or it cannot be read, in
    which case nothing is ignored rather than a report silently skipped)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return GitIgnoreSpec.from_lines(text.splitlines())


@lru_cache(maxsize=1024)
def repository_root(folder: Path) -> Path | None:
    for d in (folder, *folder.parents):
        if (d / ".git").exists():
            return d
    return None


class GitIgnore:
    """Answers `ignored(path)` for files found under `top` (a folder being searched)."""

    def __init__(self, top: Path) -> None:
        self.top = top.resolve()
        self.root = repository_root(self.top)

    def _specs(self, folder: Path) -> list[tuple[Path, GitIgnoreSpec]]:
        """(folder, spec) of every ignore file that applies in `folder`, shallowest first."""
        start = self.root or self.top
        try:
            rel = folder.relative_to(start)
        except ValueError:
            return []
        folders = [start]
        for part in rel.parts:
            folders.append(folders[-1] / part)
        out: list[tuple[Path, GitIgnoreSpec]] = []
        if self.root is not None:
            spec = _spec(self.root / ".git" / "info" / "exclude")
            if spec is not None:
                out.append((self.root, spec))
        for d in folders:
            spec = _spec(d / ".gitignore")
            if spec is not None:
                out.append((d, spec))
        return out

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        path = path.resolve()
        for folder, spec in reversed(self._specs(path.parent)):
            rel = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            decided = spec.check_file(rel).include
            if decided is not None:
                return decided
        return False
