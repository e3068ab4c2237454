"""Applications that compose data, models, baselines, metrics and reports."""

from fingan.apps.credit import CreditEvaluation, credit_data, evaluate_credit
from fingan.apps.demo import run_demo
from fingan.apps.market import MarketEvaluation, evaluate_market, market_data, write_paths
from fingan.apps.risk import RiskBacktest, backtest_var, portfolio_risk
from fingan.apps.stress import StressResult, stress_scenarios, write_scenarios

__all__ = [
    "CreditEvaluation",
    "MarketEvaluation",
    "RiskBacktest",
    "StressResult",
    "backtest_var",
    "credit_data",
    "evaluate_credit",
    "evaluate_market",
    "market_data",
    "portfolio_risk",
    "run_demo",
    "stress_scenarios",
    "write_paths",
    "write_scenarios",
]
