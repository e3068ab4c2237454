"""What a scenario model learned, in the terms a quant already uses.

:func:`news_impact_curve` (Engle & Ng, 1993): tomorrow's volatility, VaR and ES as a function
of today's return shock, for any conditional scenario model.
"""

from fingan.explain.news_impact import NewsImpactCurve, news_impact_curve

__all__ = ["NewsImpactCurve", "news_impact_curve"]
