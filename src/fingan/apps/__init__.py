"""Applications that compose data, models, baselines, metrics and reports."""

from fingan.apps.credit import CreditEvaluation, credit_data, evaluate_credit
from fingan.apps.demo import run_demo
from fingan.apps.market import MarketEvaluation, evaluate_market, market_data, write_paths

__all__ = [
    "CreditEvaluation",
    "MarketEvaluation",
    "credit_data",
    "evaluate_credit",
    "evaluate_market",
    "market_data",
    "run_demo",
    "write_paths",
]
