"""Evaluation metrics as pure functions of real and synthetic samples."""

from fingan.metrics.distribution import (
    compare_marginals,
    excess_kurtosis,
    ks_statistic,
    wasserstein_1,
)
from fingan.metrics.risk import expected_shortfall, value_at_risk
from fingan.metrics.scores import (
    SCORE_GROUPS,
    STYLIZED_GROUPS,
    PredictiveScore,
    compare_generators,
    discriminative_score,
    group_scores,
    head_to_head,
    overall_score,
    predictive_score,
    stylized_curves,
    stylized_facts_scores,
)
from fingan.metrics.stylized import (
    acf,
    aggregate,
    aggregational_gaussianity,
    correlation_matrix_distance,
    gain_loss_asymmetry,
    hill_tail_index,
    leverage,
    path_acf,
    path_leverage,
    wasserstein_horizons,
)

__all__ = [
    "SCORE_GROUPS",
    "STYLIZED_GROUPS",
    "PredictiveScore",
    "acf",
    "aggregate",
    "aggregational_gaussianity",
    "compare_generators",
    "compare_marginals",
    "correlation_matrix_distance",
    "discriminative_score",
    "excess_kurtosis",
    "expected_shortfall",
    "gain_loss_asymmetry",
    "group_scores",
    "head_to_head",
    "hill_tail_index",
    "ks_statistic",
    "leverage",
    "overall_score",
    "path_acf",
    "path_leverage",
    "predictive_score",
    "stylized_curves",
    "stylized_facts_scores",
    "value_at_risk",
    "wasserstein_1",
    "wasserstein_horizons",
]
