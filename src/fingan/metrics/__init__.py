"""Evaluation metrics as pure functions of real and synthetic samples."""

from fingan.metrics.distribution import (
    compare_marginals,
    excess_kurtosis,
    ks_statistic,
    wasserstein_1,
)
from fingan.metrics.risk import expected_shortfall, value_at_risk

__all__ = [
    "compare_marginals",
    "excess_kurtosis",
    "expected_shortfall",
    "ks_statistic",
    "value_at_risk",
    "wasserstein_1",
]
