"""When a rolling run refits its models and which days it forecasts."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.validation import check_int
from fingan.data.dates import to_timestamp

__all__ = [
    "DEFAULT_MIN_HISTORY",
    "REFIT_SCHEDULES",
    "RefitSchedule",
    "forecast_origins",
    "iso_day",
    "refit_dates",
]

RefitSchedule = Literal["yearly", "quarterly", "monthly", "never"] | int
"""When models are refitted: a calendar period, ``"never"``, or every ``n`` trading days."""

REFIT_SCHEDULES: dict[str, str] = {"yearly": "Y", "quarterly": "Q", "monthly": "M"}
"""Calendar refit schedules and the pandas period each one starts."""

DEFAULT_MIN_HISTORY = 250
"""Fewest days of returns before the first forecast day (about one trading year)."""


def refit_dates(
    index: pd.DatetimeIndex,
    start: str | pd.Timestamp | None,
    end: str | pd.Timestamp | None,
    refit: RefitSchedule,
) -> pd.DatetimeIndex:
    """Return the days a rolling run fits its models on, per a refit schedule.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        The trading days (sorted).
    start, end : date-like or None
        The evaluation period, inclusive (default: the first and the last day of ``index``).
    refit : {"yearly", "quarterly", "monthly", "never"} or int
        ``"yearly"``, ``"quarterly"``, ``"monthly"``: the first trading day of each calendar
        year, quarter or month in the period, and the first day of the period; ``"never"``:
        the first day only; an int ``n``: every ``n``-th trading day from the first.

    Returns
    -------
    pandas.DatetimeIndex
        The refit days, sorted, the first one the first trading day on or after ``start``.

    Raises
    ------
    ConfigError
        If ``refit`` is not a schedule, or the period holds no trading day.

    Examples
    --------
    >>> days = pd.bdate_range("2020-01-01", "2021-12-31")
    >>> [str(day.date()) for day in refit_dates(days, "2020-03-15", None, "yearly")]
    ['2020-03-16', '2021-01-01']
    >>> len(refit_dates(days, None, None, 100))
    6
    """
    begin = to_timestamp(start, "start")
    finish = to_timestamp(end, "end")
    mask = np.ones(len(index), dtype=bool)
    if begin is not None:
        mask &= index >= begin
    if finish is not None:
        mask &= index <= finish
    days = index[mask]
    if days.empty:
        raise ConfigError(f"no trading day between {start} and {end}")
    if isinstance(refit, str) and refit in REFIT_SCHEDULES:
        periods = days.to_period(REFIT_SCHEDULES[refit])
        first = np.r_[True, periods[1:] != periods[:-1]]
        return pd.DatetimeIndex(days[first])
    if refit == "never":
        return pd.DatetimeIndex(days[:1])
    if isinstance(refit, int | np.integer) and not isinstance(refit, bool) and refit >= 1:
        return pd.DatetimeIndex(days[:: int(refit)])
    choices = ", ".join(repr(name) for name in (*REFIT_SCHEDULES, "never"))
    raise ConfigError(f"refit must be one of {choices} or a positive number of days; got {refit!r}")


def forecast_origins(
    index: pd.DatetimeIndex,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    *,
    horizon: int = 1,
    stride: int = 1,
    min_history: int = DEFAULT_MIN_HISTORY,
) -> npt.NDArray[np.intp]:
    """Return the rows of the forecast origins of an evaluation period.

    Origins are the trading days from ``start`` on, every ``stride``-th, whose whole forecast
    window (the origin and the ``horizon - 1`` days after it) lies on or before ``end``. With
    ``stride = horizon`` the windows do not overlap.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        The trading days (sorted).
    start, end : date-like
        The evaluation period, inclusive; ``end`` defaults to the last day of ``index``.
    horizon, stride : int
        Days per forecast window and days between origins, both at least 1.
    min_history : int
        Fewest rows required before the first origin.

    Returns
    -------
    numpy.ndarray of int
        Row positions in ``index``, increasing.

    Raises
    ------
    ConfigError
        If ``start`` or ``end`` lies outside the data, ``end`` is before ``start``, or
        ``horizon`` / ``stride`` is not a positive integer.
    TooFewRowsError
        If fewer than ``min_history`` days precede ``start`` or the period holds no whole
        forecast window.
    """
    horizon = check_int(horizon, "horizon", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    begin = to_timestamp(start, "start")
    finish = to_timestamp(end, "end")
    first_day, last_day = index[0], index[-1]
    if begin is None:
        raise ConfigError("start is required: the first forecast day")
    if begin > last_day:
        raise ConfigError(
            f"start {iso_day(begin)} is after the last day of data ({iso_day(last_day)})"
        )
    if finish is None:
        finish = last_day
    if finish > last_day:
        raise ConfigError(
            f"end {iso_day(finish)} is after the last day of data ({iso_day(last_day)})"
        )
    if finish < begin:
        raise ConfigError(f"end {iso_day(finish)} is before start {iso_day(begin)}")
    first = int(index.searchsorted(begin, side="left"))
    last = int(index.searchsorted(finish, side="right")) - 1
    if first < min_history:
        raise TooFewRowsError(
            f"only {first} days of returns before start {iso_day(begin)} (data begin "
            f"{iso_day(first_day)}); at least {min_history} are needed to fit the models"
        )
    origins = np.arange(first, last - horizon + 2, stride)
    if origins.size == 0:
        raise TooFewRowsError(
            f"no {horizon}-day forecast window fits between {iso_day(begin)} and {iso_day(finish)}"
        )
    return origins


def iso_day(stamp: pd.Timestamp) -> str:
    """Return ``stamp`` as ``YYYY-MM-DD``."""
    return f"{stamp:%Y-%m-%d}"
