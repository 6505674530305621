"""Table relations: totals, parts, spans, code and numbering hierarchies, rates and growth."""

from auditlint.extract.tables.relations import extract

__all__ = ["extract"]
