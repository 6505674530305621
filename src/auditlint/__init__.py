"""auditlint: a consistency linter for Chinese budget and performance reports."""

__version__ = "0.1.0"

# where auditlint and its rule documentation live (SARIF informationUri and helpUri)
HOMEPAGE = "https://github.com/auditlint/auditlint"
RULES_DOC = f"{HOMEPAGE}/blob/main/docs/rules.md"
