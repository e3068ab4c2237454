"""Applications that compose data, models, baselines, metrics and reports."""

from fingan.apps.credit import CreditEvaluation, credit_data, evaluate_credit
from fingan.apps.demo import run_demo
from fingan.apps.forecast import ForecastEvaluation, evaluate_forecasts, forecast_distribution
from fingan.apps.market import MarketEvaluation, evaluate_market, market_data, write_paths
from fingan.apps.risk import (
    RiskBacktest,
    RiskForecast,
    StressResult,
    backtest_var,
    forecast_risk,
    portfolio_risk,
    stress_scenarios,
    write_scenarios,
)

__all__ = [
    "CreditEvaluation",
    "ForecastEvaluation",
    "MarketEvaluation",
    "RiskBacktest",
    "RiskForecast",
    "StressResult",
    "backtest_var",
    "credit_data",
    "evaluate_credit",
    "evaluate_forecasts",
    "evaluate_market",
    "forecast_distribution",
    "forecast_risk",
    "market_data",
    "portfolio_risk",
    "run_demo",
    "stress_scenarios",
    "write_paths",
    "write_scenarios",
]
