"""Cross-references: one quantity stated in several places, stated counts, and units."""

from auditlint.extract.crossref.link import extract

__all__ = ["extract"]
