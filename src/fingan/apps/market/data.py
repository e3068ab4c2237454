"""Market data for the studies: built-in names or a user's file; periods; paths on disk."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from fingan.core.exceptions import (
    ConfigError,
    EmptyDataError,
    TooFewRowsError,
    UnknownDatasetError,
)
from fingan.core.io import write_frame
from fingan.core.paths import ReturnPaths
from fingan.core.resources import CSV_BYTES_PER_VALUE, check_disk, check_paths_memory
from fingan.data import load_returns
from fingan.data.dates import to_timestamp
from fingan.datasets import MARKET_DATASETS, load_market

__all__ = [
    "MIN_TEST_ROWS",
    "TRADING_DAYS",
    "check_paths_request",
    "describe_returns",
    "load_returns",
    "market_data",
    "split_returns",
    "write_paths",
]

TRADING_DAYS = 252
"""Trading days in a year, for annualised figures."""

MIN_TEST_ROWS = 200
"""Fewest held-out days: the discriminative score needs ten 20-day windows."""


def market_data(
    spec: str,
    *,
    start: str | None = None,
    end: str | None = None,
    allow_extreme: bool = False,
) -> pd.DataFrame:
    """Daily log returns from a file path or built-in names such as ``"sp500,nasdaq"``.

    Parameters
    ----------
    spec : str
        A CSV/Parquet file of prices or returns (see :func:`fingan.data.load_returns`), or
        comma-separated names from :data:`fingan.datasets.MARKET_DATASETS`.
    start, end : str, optional
        Keep only days from ``start`` to ``end`` (inclusive).
    allow_extreme : bool, default False
        Accept a file's daily log returns beyond +/-1 (see :func:`fingan.data.load_returns`);
        the built-in data are not affected.

    Raises
    ------
    UnknownDatasetError
        If ``spec`` is neither an existing file nor built-in names.
    ImplausibleDataError
        If the file holds a daily log return beyond +/-1 and ``allow_extreme`` is false.
    """
    names = [name.strip().lower() for name in spec.split(",")]
    if Path(spec).exists():
        returns = load_returns(spec, allow_extreme=allow_extreme)
        begin = to_timestamp(start, "start") or returns.index[0]
        finish = to_timestamp(end, "end") or returns.index[-1]
        returns = returns[(returns.index >= begin) & (returns.index <= finish)]
        if returns.empty:
            raise EmptyDataError(f"no returns in {spec} between {start} and {end}")
        return returns
    if all(name in MARKET_DATASETS for name in names):
        return load_market(names, start, end)
    raise UnknownDatasetError(
        f"{spec!r} is neither a file nor built-in data ({', '.join(MARKET_DATASETS)})"
    )


def write_paths(
    paths: ReturnPaths, file: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write paths as a tidy table (``path``, ``step``, one column per asset) to CSV or Parquet.

    The layout is that of :meth:`ReturnPaths.to_frame` with the index as columns; values are
    daily log returns. The file is written under a temporary name and renamed into place; an
    existing file is replaced only when ``overwrite`` is true.
    """
    return write_frame(paths.to_frame().reset_index(), file, overwrite=overwrite)


def check_paths_request(
    n_paths: int, horizon: int, n_assets: int, file: str | os.PathLike[str]
) -> None:
    """Refuse a request for paths that cannot fit in memory, or in a file on the disk.

    Memory as :func:`fingan.core.resources.check_paths_memory`; disk about
    :data:`~fingan.core.resources.CSV_BYTES_PER_VALUE` bytes per value written to CSV, 8 to Parquet.

    Raises
    ------
    ResourceLimitError
        If the request needs more than :func:`fingan.core.resources.check_memory` allows, or more
        disk than is free.
    """
    check_paths_memory(n_paths, horizon, n_assets)
    per_value = CSV_BYTES_PER_VALUE if Path(file).suffix.lower() == ".csv" else 8
    n_bytes = n_paths * horizon * per_value * (n_assets + 2)
    check_disk(n_bytes, file, what=f"{n_paths:,} paths of {horizon:,} days")


def split_returns(
    returns: pd.DataFrame,
    *,
    test_start: str | pd.Timestamp | None = None,
    test_fraction: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split returns into a fitting period and a held-out period.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns.
    test_start : date-like, optional
        First held-out day; by default the last ``test_fraction`` of the days are held out.
    test_fraction : float
        Share of days held out when ``test_start`` is not given.
    """
    start = to_timestamp(test_start, "test_start")
    if start is not None:
        train, test = returns[returns.index < start], returns[returns.index >= start]
    else:
        if not 0.0 < test_fraction < 1.0:
            raise ConfigError(f"test_fraction must be in (0, 1); got {test_fraction}")
        cut = round(len(returns) * (1.0 - test_fraction))
        train, test = returns.iloc[:cut], returns.iloc[cut:]
    if len(test) < MIN_TEST_ROWS:
        raise TooFewRowsError(
            f"held-out period has {len(test)} days; at least {MIN_TEST_ROWS} are needed"
        )
    return train, test


def describe_returns(returns: pd.DataFrame) -> pd.DataFrame:
    """Summarise daily log returns per asset: annualised mean and volatility, shape, extremes.

    Returns
    -------
    pandas.DataFrame
        One row per asset; columns ``ann_mean``, ``ann_vol``, ``skew``, ``excess_kurtosis``,
        ``min``, ``max``.
    """
    values = returns.to_numpy(dtype=np.float64)
    return pd.DataFrame(
        {
            "ann_mean": values.mean(axis=0) * TRADING_DAYS,
            "ann_vol": values.std(axis=0, ddof=1) * np.sqrt(TRADING_DAYS),
            "skew": stats.skew(values, axis=0),
            "excess_kurtosis": stats.kurtosis(values, axis=0),
            "min": values.min(axis=0),
            "max": values.max(axis=0),
        },
        index=pd.Index([str(column) for column in returns.columns], name="asset"),
    )
