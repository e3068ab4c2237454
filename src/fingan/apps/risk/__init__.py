"""Portfolio risk from scenario models: VaR and ES forecasts, their backtests, stress tests.

The question this study answers: given today's market, what is the distribution of my
portfolio's loss over the next ``h`` days? A scenario model (GARCH, historical or filtered
historical simulation, a GAN) draws paths of daily log returns of every asset after the
returns seen so far; each path gives one portfolio return over the horizon, and the VaR and
ES are the tail of those returns (:mod:`fingan.metrics.portfolio`).

``models`` lists the built-in risk models, ``study`` backtests them (:func:`backtest_var`),
``result`` holds the backtest's result, ``forecast`` the VaR and ES over the next days after
today (:func:`forecast_risk`), ``stress`` the same after a shock or at a volatility level,
``report`` the HTML report of a backtest, ``sensitivity`` what moved a conditional GAN's VaR
in a backtest (``backtest_var(..., explain=True)``), and ``saved`` the table of every model the risk
commands take (:func:`risk_models_table`) and configurations fitted once, saved and loaded
(:func:`fit_configuration`, :func:`save_risk_model`, :func:`load_risk_model`).
"""

from fingan.apps.risk.forecast import RiskForecast, forecast_risk
from fingan.apps.risk.models import (
    RISK_MODELS,
    default_risk_models,
    fit_risk_model,
    risk_model_names,
)
from fingan.apps.risk.report import risk_report
from fingan.apps.risk.result import RiskBacktest, VaRDay
from fingan.apps.risk.saved import (
    MODEL_KIND,
    ConditionalScenarioModel,
    check_configuration,
    configuration_of,
    fit_configuration,
    load_risk_model,
    match_assets,
    reports_progress,
    risk_models_table,
    save_risk_model,
)
from fingan.apps.risk.sensitivity import BacktestSensitivity
from fingan.apps.risk.stress import StressResult, stress_scenarios, write_scenarios
from fingan.apps.risk.study import backtest_var
from fingan.metrics.portfolio import (
    MAX_GROSS_LEVERAGE,
    WEIGHT_SUM_TOLERANCE,
    PortfolioWeights,
    Weights,
    describe_weights,
    portfolio_returns,
    portfolio_risk,
    portfolio_weights,
)

__all__ = [
    "MAX_GROSS_LEVERAGE",
    "MODEL_KIND",
    "RISK_MODELS",
    "WEIGHT_SUM_TOLERANCE",
    "BacktestSensitivity",
    "ConditionalScenarioModel",
    "PortfolioWeights",
    "RiskBacktest",
    "RiskForecast",
    "StressResult",
    "VaRDay",
    "Weights",
    "backtest_var",
    "check_configuration",
    "configuration_of",
    "default_risk_models",
    "describe_weights",
    "fit_configuration",
    "fit_risk_model",
    "forecast_risk",
    "load_risk_model",
    "match_assets",
    "portfolio_returns",
    "portfolio_risk",
    "portfolio_weights",
    "reports_progress",
    "risk_model_names",
    "risk_models_table",
    "risk_report",
    "save_risk_model",
    "stress_scenarios",
    "write_scenarios",
]
