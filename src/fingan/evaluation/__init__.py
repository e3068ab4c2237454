"""The out-of-sample engine: refit schedules, models fitted on the past only, per-day reducers.

``schedule`` says when models are refitted and which days are forecast, ``rolling`` runs the
models day by day in independent pieces that an ``executor`` runs (serially, in local
processes or on Ray), ``records`` holds what a run hands its reducer and returns (typed per-day
results), and ``adapters`` gives unconditional generators the conditional surface.

The risk backtests and the probabilistic forecasts of :mod:`fingan.apps` both run on
:func:`rolling_scenarios`.
"""

from fingan.evaluation.adapters import Unconditional
from fingan.evaluation.executor import (
    EXECUTORS,
    Executor,
    ProcessExecutor,
    RayExecutor,
    SerialExecutor,
    make_executor,
)
from fingan.evaluation.records import FitRecord, Forecast, Reducer, RollingForecasts
from fingan.evaluation.rolling import ModelFactory, RollingProgress, piece_seed, rolling_scenarios
from fingan.evaluation.schedule import (
    DEFAULT_MIN_HISTORY,
    REFIT_SCHEDULES,
    RefitSchedule,
    forecast_origins,
    refit_dates,
)

__all__ = [
    "DEFAULT_MIN_HISTORY",
    "EXECUTORS",
    "REFIT_SCHEDULES",
    "Executor",
    "FitRecord",
    "Forecast",
    "ModelFactory",
    "ProcessExecutor",
    "RayExecutor",
    "Reducer",
    "RefitSchedule",
    "RollingForecasts",
    "RollingProgress",
    "SerialExecutor",
    "Unconditional",
    "forecast_origins",
    "make_executor",
    "piece_seed",
    "refit_dates",
    "rolling_scenarios",
]
