"""Evaluation metrics as pure functions of real and synthetic samples."""

from fingan.metrics.backtest import (
    HypothesisTest,
    VaRBacktest,
    basel_traffic_light,
    christoffersen_independence_test,
    conditional_coverage_test,
    kupiec_test,
    var_backtest,
    var_violations,
)
from fingan.metrics.bootstrap import BootstrapInterval, percentile_bootstrap, stylized_errors
from fingan.metrics.classification import classification_scores
from fingan.metrics.comparison import (
    DieboldMarianoTest,
    corrected_interval,
    corrected_paired_test,
    diebold_mariano,
    newey_west_variance,
)
from fingan.metrics.distribution import (
    compare_marginals,
    excess_kurtosis,
    ks_statistic,
    wasserstein_1,
)
from fingan.metrics.es_backtest import (
    ExceedanceResidualTest,
    acerbi_szekely_z2,
    mcneil_frey_test,
)
from fingan.metrics.forecast import (
    PITHistogram,
    crps_from_samples,
    forecast_scores,
    interval_coverage,
    pinball_loss,
    pit_histogram,
    pit_values,
)
from fingan.metrics.marginals import (
    aggregate,
    aggregational_gaussianity,
    gain_loss_asymmetry,
    hill_tail_index,
    wasserstein_horizons,
)
from fingan.metrics.ml_scores import PredictiveScore, discriminative_score, predictive_score
from fingan.metrics.novelty import NoveltyRatio, nearest_distances, novelty_ratio
from fingan.metrics.portfolio import (
    PortfolioWeights,
    describe_weights,
    portfolio_returns,
    portfolio_risk,
    portfolio_weights,
    risk_table,
)
from fingan.metrics.post_hoc import timegan_discriminative_score, timegan_predictive_score
from fingan.metrics.privacy import (
    DCRShare,
    LeakageReport,
    dcr_share,
    dcr_share_p_value,
    distance_to_closest_record,
    leakage_report,
)
from fingan.metrics.quality import (
    QualityReport,
    column_pair_trends,
    column_shapes,
    pair_dependence,
    quality_score,
)
from fingan.metrics.ranking import group_scores, head_to_head, overall_score
from fingan.metrics.risk import expected_shortfall, value_at_risk
from fingan.metrics.roughness import ACFRoughness, acf_roughness, curve_roughness
from fingan.metrics.scoreboard import (
    SCORE_GROUPS,
    STYLIZED_GROUPS,
    compare_generators,
    stylized_curves,
    stylized_facts_scores,
)
from fingan.metrics.stylized import (
    acf,
    correlation_matrix_distance,
    leverage,
    path_acf,
    path_leverage,
)
from fingan.metrics.tabular import detection_score, ml_efficacy

__all__ = [
    "ACFRoughness",
    "acf_roughness",
    "curve_roughness",
    "NoveltyRatio",
    "nearest_distances",
    "novelty_ratio",
    "timegan_discriminative_score",
    "timegan_predictive_score",
    "DCRShare",
    "dcr_share",
    "dcr_share_p_value",
    "BootstrapInterval",
    "percentile_bootstrap",
    "stylized_errors",
    "classification_scores",
    "corrected_interval",
    "corrected_paired_test",
    "ExceedanceResidualTest",
    "HypothesisTest",
    "DieboldMarianoTest",
    "PITHistogram",
    "VaRBacktest",
    "acerbi_szekely_z2",
    "basel_traffic_light",
    "christoffersen_independence_test",
    "conditional_coverage_test",
    "crps_from_samples",
    "diebold_mariano",
    "forecast_scores",
    "interval_coverage",
    "kupiec_test",
    "mcneil_frey_test",
    "newey_west_variance",
    "pinball_loss",
    "pit_histogram",
    "pit_values",
    "var_backtest",
    "var_violations",
    "LeakageReport",
    "PortfolioWeights",
    "describe_weights",
    "portfolio_returns",
    "portfolio_risk",
    "portfolio_weights",
    "risk_table",
    "QualityReport",
    "column_pair_trends",
    "column_shapes",
    "detection_score",
    "distance_to_closest_record",
    "leakage_report",
    "ml_efficacy",
    "pair_dependence",
    "quality_score",
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
