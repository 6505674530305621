"""Typed parameters of relations: one model per relation kind, so that a producer and the
check that reads its relation agree on the names and types of what it carries. A relation
still stores its parameters as strings (`Relation.params`, printed by `auditlint facts`);
a model writes them (`as_params`) and reads them back (`of`). Producers in extract/ and
checks in checks/ touch `Relation.params` only through these models (tests/test_params.py)."""

from auditlint.params.base import Named, Params
from auditlint.params.ratios import ComparisonParams, GrowthParams, RateParams, ShareParams
from auditlint.params.sameas import SameAsParams
from auditlint.params.scoring import ExecScoreParams, GradeParams, StandardParams, TargetParams
from auditlint.params.sums import ScoreCapParams, SumParams, TotalParams
from auditlint.params.text import (
    CountParams,
    EmptyTableParams,
    RowNumberParams,
    UnitParams,
    WordingParams,
)

__all__ = ["ComparisonParams", "CountParams", "EmptyTableParams", "ExecScoreParams",
           "GradeParams", "GrowthParams", "Named", "Params", "RateParams", "RowNumberParams",
           "SameAsParams", "ScoreCapParams", "ShareParams", "StandardParams", "SumParams",
           "TargetParams", "TotalParams", "UnitParams", "WordingParams"]
