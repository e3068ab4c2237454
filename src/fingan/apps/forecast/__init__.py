"""Probabilistic forecasts of the next days' return and volatility, scored out of sample.

The question this study answers: how good is each model's *distribution* of what happens next?
``targets`` says what is forecast (the ``h``-day log return and realised volatility of one
asset), ``models`` lists the built-in forecast models, ``study`` scores them day by day out of
sample (:func:`evaluate_forecasts`), ``result`` holds the scores and tests, ``predict`` gives
one fitted model's forecast after the last day of data (:func:`forecast_distribution`) and
``report`` the HTML report of an evaluation.
"""

from fingan.apps.forecast.models import (
    BENCHMARK,
    FORECAST_MODELS,
    default_forecast_models,
    fit_forecast_model,
)
from fingan.apps.forecast.predict import forecast_distribution
from fingan.apps.forecast.report import forecast_report
from fingan.apps.forecast.result import ForecastEvaluation
from fingan.apps.forecast.study import evaluate_forecasts
from fingan.apps.forecast.targets import INTERVAL, TARGETS, Target, TargetForecast
from fingan.metrics.forecast import DEFAULT_QUANTILES

__all__ = [
    "BENCHMARK",
    "DEFAULT_QUANTILES",
    "FORECAST_MODELS",
    "INTERVAL",
    "TARGETS",
    "ForecastEvaluation",
    "Target",
    "TargetForecast",
    "default_forecast_models",
    "evaluate_forecasts",
    "fit_forecast_model",
    "forecast_distribution",
    "forecast_report",
]
