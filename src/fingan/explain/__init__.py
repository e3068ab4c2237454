"""What a scenario model learned, in the terms a quant already uses.

:func:`news_impact_curve` (Engle & Ng, 1993): tomorrow's volatility, VaR and ES as a function
of today's return shock, for any conditional scenario model. :func:`condition_sensitivity`:
how a conditional GAN's VaR responds to its condition features (partial dependence,
integrated gradients, the days it moved most). :func:`deletion_test`: whether an attribution
is faithful. :func:`critic_attributions` and :func:`latent_traversal`: which window statistics a
MarketGAN's critic relies on, and what its noise controls. :func:`feature_reliance`: whether
classifiers trained on synthetic rows rely on the same features (SHAP) as on real rows.
"""

from fingan.explain.condition_sensitivity import (
    ConditionSensitivity,
    condition_sensitivity,
    partial_dependence,
)
from fingan.explain.critic import (
    CriticAttribution,
    attribute_statistics,
    critic_attributions,
    statistic_names,
)
from fingan.explain.faithfulness import DeletionTest, deletion_test
from fingan.explain.importance import (
    FeatureReliance,
    ShapImportance,
    column_distances,
    feature_reliance,
    rank_correlation,
    shap_importance,
)
from fingan.explain.latent import LatentTraversal, latent_traversal
from fingan.explain.news_impact import NewsImpactCurve, news_impact_curve
from fingan.explain.sensitivity import (
    ConditionalVaR,
    ConditionHistory,
    condition_feature_names,
    gan_innovations,
    integrated_gradients,
)

__all__ = [
    "CriticAttribution",
    "FeatureReliance",
    "LatentTraversal",
    "ShapImportance",
    "attribute_statistics",
    "column_distances",
    "critic_attributions",
    "feature_reliance",
    "latent_traversal",
    "rank_correlation",
    "shap_importance",
    "statistic_names",
    "ConditionHistory",
    "ConditionSensitivity",
    "ConditionalVaR",
    "DeletionTest",
    "NewsImpactCurve",
    "condition_feature_names",
    "condition_sensitivity",
    "deletion_test",
    "gan_innovations",
    "integrated_gradients",
    "news_impact_curve",
    "partial_dependence",
]
