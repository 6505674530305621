"""Test settings shared by every module."""

import pytest
from hypothesis import HealthCheck, settings

# property tests run on a shared 2-core machine: no per-example deadline, and no health check
# that fails a run because generating examples happened to be slow
settings.register_profile(
    "auditlint", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("auditlint")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty cache of findings: one test's outcome never answers
    another's (some replace parts of the pipeline)."""
    monkeypatch.setenv("AUDITLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
