"""auditlint: a consistency linter for Chinese budget and performance reports."""

__version__ = "0.1.0"
