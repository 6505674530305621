"""Scoring: indicator trees, weights, scores, grade bands and scoring standards."""

from auditlint.extract.scoring.relations import extract

__all__ = ["extract"]
