"""The interpretability study: what a saved scenario model learned, beside the classical filters."""

from fingan.apps.explain.sensitivity import explain_sensitivity
from fingan.apps.explain.study import PEERS, NewsImpactStudy, explain_news_impact

__all__ = ["PEERS", "NewsImpactStudy", "explain_news_impact", "explain_sensitivity"]
