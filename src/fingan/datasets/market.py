"""Daily log returns of the S&P 500 and NASDAQ Composite indices, from data bundled with arch."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Sequence

import pandas as pd

from fingan.core.exceptions import (
    DataValidationError,
    EmptyDataError,
    UnknownDatasetError,
)
from fingan.data import returns_from_prices
from fingan.data.dates import DATE_UNIT, format_date, to_timestamp

__all__ = ["MARKET_DATASETS", "DateLike", "load_market", "load_nasdaq", "load_sp500"]

#: Names of the built-in market datasets, in the order :func:`load_market` documents them.
MARKET_DATASETS: tuple[str, ...] = ("sp500", "nasdaq")

#: A date given as text (``"2008-10-13"``), a ``datetime.date`` or a ``pandas.Timestamp``.
DateLike = str | datetime.date


def load_sp500(start: DateLike | None = None, end: DateLike | None = None) -> pd.DataFrame:
    """Daily log returns of the S&P 500 index, 1999-01-05 to 2018-12-31.

    Computed from the adjusted close shipped with the ``arch`` package
    (``arch.data.sp500.load()["Adj Close"]``): 5,031 closes give 5,030 returns.

    Parameters
    ----------
    start, end : str, datetime.date or pandas.Timestamp, optional
        Keep only returns dated on or after ``start`` and on or before ``end``. Text is read as
        one point in time by ``pandas.Timestamp`` (``"2009"`` is 2009-01-01, not the whole
        year). Returns are computed on the full history first, so the first kept return still
        uses the previous close.

    Returns
    -------
    pandas.DataFrame
        One float64 column of log returns, ``"sp500"``, with a ``DatetimeIndex`` named
        ``"date"`` (the same as ``load_market("sp500", start, end)``).

    Raises
    ------
    DateParseError
        If ``start`` or ``end`` is not a date.
    DataValidationError
        If ``start`` is after ``end``.
    EmptyDataError
        If no return falls between ``start`` and ``end``.

    Examples
    --------
    >>> r = load_sp500()
    >>> len(r), round(float(r.loc["2008-10-13", "sp500"]), 4)
    (5030, 0.1096)
    """
    return load_market("sp500", start, end)


def load_nasdaq(start: DateLike | None = None, end: DateLike | None = None) -> pd.DataFrame:
    """Daily log returns of the NASDAQ Composite index, 1999-01-05 to 2018-12-31.

    Computed from the adjusted close shipped with the ``arch`` package
    (``arch.data.nasdaq.load()["Adj Close"]``), on the same dates as :func:`load_sp500`.

    Parameters
    ----------
    start, end : str, datetime.date or pandas.Timestamp, optional
        Keep only returns dated on or after ``start`` and on or before ``end``.

    Returns
    -------
    pandas.DataFrame
        One float64 column of log returns, ``"nasdaq"``, with a ``DatetimeIndex`` named
        ``"date"`` (the same as ``load_market("nasdaq", start, end)``).

    Raises
    ------
    DateParseError
        If ``start`` or ``end`` is not a date.
    DataValidationError
        If ``start`` is after ``end``.
    EmptyDataError
        If no return falls between ``start`` and ``end``.
    """
    return load_market("nasdaq", start, end)


def load_market(
    names: str | Sequence[str],
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """Daily log returns of one or more built-in markets, on the dates they share.

    Parameters
    ----------
    names : str or sequence of str
        Dataset names from :data:`MARKET_DATASETS` (any letter case): one name, a
        comma-separated list such as ``"sp500,nasdaq"``, or a list of names. A name given twice
        is loaded once.
    start, end : str, datetime.date or pandas.Timestamp, optional
        Keep only returns dated on or after ``start`` and on or before ``end``.

    Returns
    -------
    pandas.DataFrame
        One float64 column per dataset, in the order given, on the dates all of them have
        (inner join), with a ``DatetimeIndex`` named ``"date"``.

    Raises
    ------
    UnknownDatasetError
        If a name is not in :data:`MARKET_DATASETS`; the message lists the known names.
    DataValidationError
        If no name is given, or ``start`` is after ``end``.
    DateParseError
        If ``start`` or ``end`` is not a date.
    EmptyDataError
        If no shared date falls between ``start`` and ``end``.

    Examples
    --------
    >>> load_market("sp500,nasdaq", start="2018-01-01").columns.tolist()
    ['sp500', 'nasdaq']
    """
    chosen = _parse_names(names)
    joined = pd.concat([_returns(name) for name in chosen], axis=1, join="inner")
    joined.index.name = "date"
    return _select(joined, start, end)


def _returns(name: str) -> pd.Series:
    """Log returns of one dataset over its full history."""
    module = importlib.import_module(f"arch.data.{name}")
    prices = module.load()["Adj Close"]
    prices.index = pd.DatetimeIndex(prices.index, name="date").as_unit(DATE_UNIT)
    returns = returns_from_prices(prices.astype("float64").rename(name))
    return returns[name]


def _parse_names(names: str | Sequence[str]) -> list[str]:
    pieces = names.split(",") if isinstance(names, str) else list(names)
    chosen: list[str] = []
    for piece in pieces:
        name = str(piece).strip().lower()
        if not name or name in chosen:
            continue
        if name not in MARKET_DATASETS:
            raise UnknownDatasetError(
                f"unknown market dataset {name!r}; known datasets: {', '.join(MARKET_DATASETS)}"
            )
        chosen.append(name)
    if not chosen:
        raise DataValidationError(
            f"no market dataset named; choose from: {', '.join(MARKET_DATASETS)}"
        )
    return chosen


def _select(data: pd.DataFrame, start: DateLike | None, end: DateLike | None) -> pd.DataFrame:
    lower = to_timestamp(start, "start")
    upper = to_timestamp(end, "end")
    if lower is not None and upper is not None and lower > upper:
        raise DataValidationError(f"start {format_date(lower)} is after end {format_date(upper)}")
    selected = data.loc[lower:upper]
    if len(selected) == 0:
        first, last = format_date(data.index[0]), format_date(data.index[-1])
        raise EmptyDataError(
            f"no returns between {_show(lower, 'the start')} and {_show(upper, 'the end')}; "
            f"the data run from {first} to {last}"
        )
    return selected.copy()


def _show(stamp: pd.Timestamp | None, default: str) -> str:
    return default if stamp is None else format_date(stamp)
