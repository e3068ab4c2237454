"""Synthetic tables for any table: fit (optionally with differential privacy), sample, evaluate."""

from fingan.apps.tabular.models import (
    TABULAR_MODEL_KIND,
    categorical_values,
    check_tabular_options,
    fit_tabular,
    load_metadata,
    load_tabular,
    parse_conditions,
    sample_tabular,
    save_tabular,
)
from fingan.apps.tabular.study import TabularEvaluation, evaluate_tabular

__all__ = [
    "TABULAR_MODEL_KIND",
    "TabularEvaluation",
    "categorical_values",
    "check_tabular_options",
    "evaluate_tabular",
    "fit_tabular",
    "load_metadata",
    "load_tabular",
    "parse_conditions",
    "sample_tabular",
    "save_tabular",
]
