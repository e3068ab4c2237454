"""What a scenario model learned, in the terms a quant already uses.

:func:`news_impact_curve` (Engle & Ng, 1993): tomorrow's volatility, VaR and ES as a function
of today's return shock, for any conditional scenario model. :func:`condition_sensitivity`:
how a conditional GAN's VaR responds to its condition features (partial dependence,
integrated gradients, the days it moved most). :func:`deletion_test`: whether an attribution
is faithful.
"""

from fingan.explain.condition_sensitivity import (
    ConditionSensitivity,
    condition_sensitivity,
    partial_dependence,
)
from fingan.explain.faithfulness import DeletionTest, deletion_test
from fingan.explain.news_impact import NewsImpactCurve, news_impact_curve
from fingan.explain.sensitivity import (
    ConditionalVaR,
    ConditionHistory,
    condition_feature_names,
    gan_innovations,
    integrated_gradients,
)

__all__ = [
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
