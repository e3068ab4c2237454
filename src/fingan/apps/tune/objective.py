"""What a trial scores: a small VaR backtest of the settings on the validation period only.

Each trial builds the configuration with its settings and backtests its VaR
(:func:`fingan.apps.risk.backtest_var`, equal weights) on the validation period, on data cut
at the validation end: nothing after it is ever seen, and a validation period that reaches
the test period is refused. Every trial uses the same seed, so two settings are compared on
the same random numbers. The scores (lower is better):

* ``tick_loss``: the mean quantile (tick) loss of the VaR, the proper score of a quantile
  (:func:`fingan.apps.risk.calibration.quantile_losses`);
* ``coverage_error``: ``|violation rate - (1 - level)|``, how far the violations are from
  their nominal share.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from fingan.apps.risk import backtest_var
from fingan.apps.risk.calibration import quantile_losses
from fingan.apps.tune.space import SettingValue, settings_factory
from fingan.core.exceptions import ConfigError
from fingan.core.threads import configure_process
from fingan.evaluation import RefitSchedule

__all__ = ["METRICS", "ValidationPeriod", "check_metric", "score_settings", "validation_period"]

METRICS: dict[str, str] = {
    "tick_loss": "mean quantile (tick) loss of the VaR",
    "coverage_error": "distance of the violation rate from 1 - level",
}
"""The scores a search may minimise, with what they are."""


@dataclass(frozen=True)
class ValidationPeriod:
    """The days a search scores settings on, and the test period it stays out of.

    Attributes
    ----------
    start, end : pandas.Timestamp
        First and last day scored (both included); no later day is seen.
    test_start : pandas.Timestamp or None
        First day of the test period, after ``end``; ``None`` when not named.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    test_start: pd.Timestamp | None = None

    def cut(self, returns: pd.DataFrame) -> pd.DataFrame:
        """Return the days of ``returns`` up to :attr:`end`: all that a trial may see."""
        return returns.loc[returns.index <= self.end]

    def to_dict(self) -> dict[str, str | None]:
        """Return the days as ``YYYY-MM-DD``."""
        return {
            "validation_start": _day(self.start),
            "validation_end": _day(self.end),
            "test_start": None if self.test_start is None else _day(self.test_start),
        }


def validation_period(
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    *,
    test_start: str | pd.Timestamp | None = None,
) -> ValidationPeriod:
    """Return the validation period from ``start`` to ``end``, checked against the test.

    Raises
    ------
    ConfigError
        If a day cannot be read, ``end`` is not after ``start``, or the period reaches the
        test period (``end`` on or after ``test_start``): settings are never scored on test
        data.
    """
    first, last = _timestamp(start, "--validation-start"), _timestamp(end, "--validation-end")
    if last <= first:
        raise ConfigError(
            f"--validation-end {_day(last)} must be after --validation-start {_day(first)}"
        )
    test = None if test_start is None else _timestamp(test_start, "--test-start")
    if test is not None and last >= test:
        raise ConfigError(
            f"the validation period ends on {_day(last)}, on or after the test start "
            f"{_day(test)}: settings are never scored on test data; end it before the test"
        )
    return ValidationPeriod(first, last, test)


def score_settings(
    model: str,
    settings: Mapping[str, SettingValue],
    returns: pd.DataFrame,
    period: ValidationPeriod,
    *,
    level: float = 0.99,
    n_paths: int = 1000,
    refit: RefitSchedule = "yearly",
    random_state: int = 0,
    threads: int | None = None,
) -> dict[str, float]:
    """Backtest ``model`` with ``settings`` on the validation period; return its scores.

    Parameters
    ----------
    model : str
        A configuration of the conditional scenario model.
    settings : mapping
        Its settings (see :mod:`fingan.apps.tune.space`).
    returns : pandas.DataFrame
        Daily log returns; only the days up to ``period.end`` are used.
    period : ValidationPeriod
        The days scored.
    level, n_paths, refit
        The backtest's VaR level, paths per day and refit schedule.
    random_state : int, default 0
        Seed of the backtest (the same for every trial).
    threads : int, optional
        Threads of this process (set when given: a trial run by Ray Tune).

    Returns
    -------
    dict of str to float
        Every score of :data:`METRICS`, ``n_days``, ``n_violations`` and ``seconds`` (the
        wall time).
    """
    if threads is not None:
        configure_process(threads)
    started = time.perf_counter()
    factory = settings_factory(model, settings)
    backtest = backtest_var(
        period.cut(returns),
        None,
        {model: factory},
        level=level,
        start=period.start,
        end=period.end,
        refit=refit,
        n_paths=n_paths,
        random_state=random_state,
    )
    forecasts = backtest.forecasts
    if forecasts.empty:
        raise ConfigError(f"no trading day from {_day(period.start)} to {_day(period.end)}")
    violations = forecasts["violation"].to_numpy()
    return {
        "tick_loss": float(quantile_losses(backtest, benchmark=model)["tick_loss"].iloc[0]),
        "coverage_error": abs(float(violations.mean()) - (1.0 - level)),
        "n_days": float(violations.size),
        "n_violations": float(violations.sum()),
        "seconds": time.perf_counter() - started,
    }


def check_metric(metric: str) -> str:
    """Return ``metric`` if it is one of :data:`METRICS`.

    Raises
    ------
    ConfigError
        Naming the scores otherwise.
    """
    if metric not in METRICS:
        raise ConfigError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    return metric


def _timestamp(value: str | pd.Timestamp, option: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{option}: cannot read {value!r} as a date") from None
    if pd.isna(stamp):
        raise ConfigError(f"{option}: cannot read {value!r} as a date")
    return stamp


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp:%Y-%m-%d}"
