"""Test settings shared by every module."""

from hypothesis import HealthCheck, settings

# property tests run on a shared 2-core machine: no per-example deadline, and no health check
# that fails a run because generating examples happened to be slow
settings.register_profile(
    "auditlint", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("auditlint")
