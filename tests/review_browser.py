"""Headless Chromium for the review page's tests: the page's DOM as a browser builds it, after
its script ran, and its printout. Tests that need it skip, with the reason, where no
Chromium can be found (Debian: `apt-get install chromium`; or AUDITLINT_CHROMIUM=/path)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PROBE_ID = "dom-probe-result"


def chromium() -> str:
    """The browser's path, or a skip that says how to get one."""
    for name in (os.environ.get("AUDITLINT_CHROMIUM"), *NAMES):
        if name and (found := shutil.which(name)):
            return found
    pytest.skip("headless Chromium not found (install Debian's `chromium` package, or set "
                "AUDITLINT_CHROMIUM): the review page's DOM tests need a browser")


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--disable-extensions", "--disable-background-networking",
           f"--user-data-dir={profile}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def probe(page: Path, script: str, tmp: Path) -> Any:
    """Run `script` (JavaScript that returns a JSON-able value) at the end of a copy of
    `page` in headless Chromium, after the page's own script; its value as Python."""
    text = page.read_text(encoding="utf-8")
    wrapped = (f"<script>(function () {{ var value = (function () {{ {script} }})();"
               f" var pre = document.createElement('pre'); pre.id = '{PROBE_ID}';"
               " pre.textContent = JSON.stringify(value); document.body.appendChild(pre);"
               " })();</script></body>")
    copy = tmp / f"probe-{page.stem}.html"
    copy.write_text(text.replace("</body>", wrapped, 1), encoding="utf-8")
    done = _run(["--virtual-time-budget=5000", "--window-size=1400,1000", "--dump-dom",
                 copy.as_uri()], tmp / "profile-dom")
    m = re.search(rf'<pre id="{PROBE_ID}">(.*?)</pre>', done.stdout, re.S)
    assert m, "the probe did not run: " + done.stdout[-500:]
    return json.loads(html.unescape(m.group(1)))


def print_pdf(page: Path, out: Path, tmp: Path) -> Path:
    """The page printed to PDF, as a reviewer's browser prints it."""
    _run(["--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()],
         tmp / "profile-print")
    return out


def screenshot(page: Path, out: Path, tmp: Path, size: str = "1400,1000") -> Path:
    _run([f"--window-size={size}", "--hide-scrollbars", f"--screenshot={out}", page.as_uri()],
         tmp / "profile-shot")
    return out
