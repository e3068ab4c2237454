"""Load a file of market data as a validated table of daily log returns."""

from __future__ import annotations

import os
from typing import Literal, get_args

import pandas as pd

from fingan.core.exceptions import ShapeError, TooFewRowsError
from fingan.data.dates import check_unique_dates, find_date_column, parse_dates
from fingan.data.readers import read_table
from fingan.data.returns import (
    check_plausible_returns,
    infer_kind,
    log_returns_from_simple,
    returns_from_prices,
)
from fingan.data.validation import check_finite, numeric_column

__all__ = ["ReturnKind", "load_returns"]

#: What the numeric columns of a file hold; ``"auto"`` tells prices from log returns.
ReturnKind = Literal["auto", "prices", "log_returns", "simple_returns"]


def load_returns(
    path: str | os.PathLike[str],
    *,
    kind: ReturnKind = "auto",
    date_column: str | None = None,
    min_rows: int = 30,
    allow_extreme: bool = False,
) -> pd.DataFrame:
    """Load daily market data from a CSV or Parquet file as log returns.

    The file holds one date column and one numeric column per asset. The date column is
    ``date_column`` when given, else the first column named ``date`` or ``timestamp`` (any
    letter case), else the first column. Dates are read as ISO 8601 (``2020-01-31``) or, failing
    that, in the layout of the first date (``01/31/2020``); rows out of date order are sorted.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv`` / ``.txt`` file (comma-separated UTF-8 text with a header row) or a
        ``.parquet`` / ``.pq`` file.
    kind : {"auto", "prices", "log_returns", "simple_returns"}, default "auto"
        What the asset columns hold. Prices become ``log(p[t] / p[t-1])`` (the first date is
        dropped); simple returns ``R`` become ``log(1 + R)``; log returns are kept. ``"auto"``
        takes the data for prices when the median absolute value over all cells is above 0.5
        and for log returns otherwise (daily returns are small, prices mostly far above 1);
        name the kind for prices below 0.5, for simple returns, or for returns in percent.
    date_column : str, optional
        The name of the date column.
    min_rows : int, default 30
        The fewest rows of returns accepted (after converting prices).
    allow_extreme : bool, default False
        Accept daily log returns beyond +/- :data:`fingan.data.returns.MAX_ABS_LOG_RETURN`
        (1, a price x2.7 or x0.37 in a day). Such returns are refused by default: they almost
        always come from a broken file (a mistyped price, prices read as returns).

    Returns
    -------
    pandas.DataFrame
        Daily log returns: a ``DatetimeIndex`` named ``"date"``, sorted ascending, and one
        float64 column per asset, named as in the file (as strings).

    Raises
    ------
    FileMissingError
        If the file does not exist.
    UnsupportedFormatError
        If the extension is not supported or the file cannot be parsed (bad encoding, ragged
        rows, damaged Parquet).
    EmptyDataError
        If the file is empty or has a header but no rows.
    ShapeError
        If there is no asset column, an asset column has no name, or two columns share a name.
    DateParseError
        If the date column is missing, or a date is empty or cannot be parsed.
    DuplicateDateError
        If a date appears twice.
    NonNumericError
        If an asset column holds text.
    MissingValueError
        If a value is missing (empty, ``NA``, ``NaN``) or infinite.
    NonPositivePriceError
        If prices include zero or a negative value.
    DataValidationError
        If a simple return is -1 or less.
    TooFewRowsError
        If fewer than ``min_rows`` rows of returns remain.
    ImplausibleDataError
        If a daily log return is beyond +/-1 and ``allow_extreme`` is false (see
        :func:`fingan.data.check_plausible_returns`).

    Every message is one line naming the problem, and where it applies the column, the value
    and the date or data row (counted from 1, header excluded).

    Examples
    --------
    >>> returns = load_returns("prices.csv", kind="prices")  # doctest: +SKIP
    >>> returns.columns.tolist()  # doctest: +SKIP
    ['AAPL', 'MSFT']
    """
    if kind not in get_args(ReturnKind):
        raise ValueError(f"kind must be one of {', '.join(get_args(ReturnKind))}; got {kind!r}")
    if min_rows < 0:
        raise ValueError(f"min_rows must be at least 0; got {min_rows}")
    table = read_table(path)
    values = _table_to_frame(table, date_column, source=os.fspath(path))
    resolved = infer_kind(values) if kind == "auto" else kind
    available = len(values) - 1 if resolved == "prices" else len(values)
    if available < min_rows:
        source = f" (from {len(values)} prices)" if resolved == "prices" else ""
        raise TooFewRowsError(
            f"too few rows of returns in {os.fspath(path)}: {max(available, 0)} found{source}, "
            f"at least {min_rows} needed"
        )
    if resolved == "prices":
        returns = returns_from_prices(values)
    elif resolved == "simple_returns":
        returns = log_returns_from_simple(values)
    else:
        returns = values
    if not allow_extreme:
        check_plausible_returns(returns, kind=resolved, source=values)
    returns.index.name = "date"
    return returns


def _table_to_frame(table: pd.DataFrame, date_column: str | None, *, source: str) -> pd.DataFrame:
    """Split a raw table into its dates and float asset columns, sorted by date."""
    names = [str(name) for name in table.columns]
    date_name = find_date_column(names, date_column)
    assets = [name for name in names if name != date_name]
    if not assets:
        raise ShapeError(
            f"{source} has no asset columns besides the date column {date_name!r} "
            "(expected comma-separated columns: date, asset1, asset2, ...)"
        )
    for position, name in enumerate(names, start=1):
        if name == "" and name != date_name:
            raise ShapeError(f"column {position} of {source} has no name")
    dates = parse_dates(table[date_name], date_name)
    check_unique_dates(dates)
    order = dates.argsort(kind="stable")
    dates = dates[order]
    columns = {
        name: numeric_column(table[name].take(order).set_axis(dates), name) for name in assets
    }
    frame = pd.DataFrame(columns, index=dates)
    check_finite(frame)
    return frame
