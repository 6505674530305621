"""The command line's start-up: what a short check spends before it reads a line.

Two costs of a fresh process that the command line (and only it: `auditlint.api` runs in its
caller's process, whose heap and pydantic plugins are the caller's) can avoid:

- Python's cyclic garbage collector walks the young objects about every 700 allocations;
  during the imports nearly every object made (modules, classes, functions, models, rule
  packs) lives until the process ends, so those walks find nothing (about 15 ms of a two-line
  check). The collector is paused while the modules are imported and, once the first file is
  checked (or before workers are forked), the objects made so far are frozen
  (`gc.freeze()`: never walked again) and collection resumes.
- pydantic looks for plugins when it builds its first validator, importing
  `importlib.metadata` (and through it email, zipfile, csv: about 15 ms) to read the entry
  points of every installed package. The command line runs with no pydantic plugin.
"""

from __future__ import annotations

import gc
import importlib
import sys
import types

__all__ = ["begin", "end", "imports_done"]

_LOADER = "pydantic.plugin._loader"
_PAUSED = [False]  # the collector was paused by begin() and not yet resumed
_FROZEN = [False]  # imports_done() froze the heap


def _no_plugins() -> types.ModuleType:
    """A stand-in for pydantic's plugin loader that finds none. The loader is pydantic's
    private module: should a later pydantic ask it for anything else, the real loader is
    imported in its place and answers (slower, never wrong)."""
    loader = types.ModuleType(_LOADER)
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]

    def real(name: str) -> object:
        if name.startswith("__"):  # the import machinery's questions about the module
            raise AttributeError(name)
        if sys.modules.get(_LOADER) is loader:
            del sys.modules[_LOADER]
        return getattr(importlib.import_module(_LOADER), name)

    loader.__getattr__ = real  # type: ignore[attr-defined]
    return loader


def begin() -> None:
    """At the command line's entry: the collector paused, pydantic without plugins."""
    sys.modules.setdefault(_LOADER, _no_plugins())
    if gc.isenabled() and gc.get_freeze_count() == 0:
        gc.disable()
        _PAUSED[0] = True


def imports_done() -> None:
    """The modules a check needs are imported: what exists now is frozen and collection
    resumes. Called for every file checked; only the first call does anything."""
    if _PAUSED[0]:
        _PAUSED[0] = False
        gc.freeze()
        _FROZEN[0] = True
        gc.enable()


def end() -> None:
    """At the command line's exit (or return, when it is called from Python): the collector
    as it was before begin()."""
    if _PAUSED[0]:
        _PAUSED[0] = False
        gc.enable()
    if _FROZEN[0]:
        _FROZEN[0] = False
        gc.unfreeze()
