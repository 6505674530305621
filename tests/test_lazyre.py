"""Patterns compiled on first use (`auditlint.lazyre`): a lazy pattern answers as the compiled
one does, and importing the readers, the extraction stages and the rules compiles none."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from auditlint.extract.crossref import counts
from auditlint.lazyre import LazyPattern, compiled_count, lazy_compile
from auditlint.readers import headings, textutil

# real patterns: a CJK class, named groups and alternatives built from other patterns, a
# look-behind
REAL = [textutil._WIDE, headings._ANY_MARKER, counts._STATUS_TOTAL, counts._ANNOUNCE]
CHARS = st.text(alphabet=st.sampled_from(list("共计有项个条类如下：: 0123456789一二十（）()、.．第部分章①"
                                               "abc\n年收入万元")), max_size=40)


def _spans(ms: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in ms]  # type: ignore[attr-defined]


@given(text=CHARS, pos=st.integers(0, 5))
def test_a_lazy_pattern_answers_as_the_compiled_one(text: str, pos: int) -> None:
    for lazy in REAL:
        fresh = LazyPattern(lazy.pattern)  # not yet compiled: the first call compiles
        compiled = re.compile(lazy.pattern)
        for name in ("match", "search", "fullmatch"):
            a, b = getattr(fresh, name)(text, pos), getattr(compiled, name)(text, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
        assert _spans(fresh.finditer(text)) == _spans(compiled.finditer(text))
        assert fresh.findall(text) == compiled.findall(text)
        assert fresh.sub("#", text) == compiled.sub("#", text)
        assert fresh.subn(lambda m: m.group(0) * 2, text, 1) == compiled.subn(
            lambda m: m.group(0) * 2, text, 1)
        assert fresh.split(text) == compiled.split(text)


def test_the_first_call_compiles_once_and_then_calls_the_compiled_pattern() -> None:
    lazy = lazy_compile(r"(?P<n>\d+)\s*项", re.IGNORECASE)
    before = compiled_count()
    assert lazy.pattern == r"(?P<n>\d+)\s*项" and compiled_count() == before  # text only
    assert lazy.search("共 12 项").group("n") == "12"
    assert compiled_count() == before + 1
    assert lazy.match("3项") and lazy.groupindex == {"n": 1} and lazy.groups == 1
    assert lazy.flags == re.compile(r"\d", re.IGNORECASE).flags
    assert compiled_count() == before + 1
    assert lazy.search == lazy.compiled().search  # the compiled pattern's own method now


# what auditlint still compiles at import: a pattern matches are told apart by (`m.re is`), and
# a CJK test of the comparator words while the comparator pattern is put together
AT_IMPORT = {"readers/spaced.py", "readers/flatcells.py"}
_PROBE = """
import importlib.util, os, sys
import re._compiler as compiler
# the package's own folder (a checkout may itself be named auditlint, with its .venv inside)
package = os.path.dirname(importlib.util.find_spec("auditlint").origin) + os.sep
plain, seen = compiler.compile, []
def counted(pattern, flags=0):
    frame = sys._getframe(1)
    while frame and "/re/" in frame.f_code.co_filename:
        frame = frame.f_back
    if frame and frame.f_code.co_filename.startswith(package):
        seen.append(frame.f_code.co_filename[len(package):].replace(os.sep, "/"))
    return plain(pattern, flags)
compiler.compile = counted
import auditlint.readers.text, auditlint.readers.markdown, auditlint.extract as e
e._stages()
from auditlint.checks.base import all_rules
all_rules()
import auditlint.cli, auditlint.pipeline
from auditlint.lazyre import compiled_count
print(compiled_count(), *seen)
"""


def test_importing_readers_extraction_and_rules_compiles_no_pattern() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "0"  # no lazy pattern compiled
    assert set(out[1:]) <= AT_IMPORT and len(out[1:]) <= len(AT_IMPORT)
