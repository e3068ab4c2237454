"""Turn prices or simple returns into log returns, and tell prices from returns."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from fingan.core.exceptions import DataValidationError, ImplausibleDataError, NonPositivePriceError
from fingan.data.dates import where_label
from fingan.data.validation import check_min_rows, to_numeric_frame

__all__ = [
    "MAX_ABS_LOG_RETURN",
    "PRICE_MEDIAN_THRESHOLD",
    "check_plausible_returns",
    "infer_kind",
    "log_returns_from_simple",
    "returns_from_prices",
]

#: A table whose median absolute value exceeds this is taken for prices by :func:`infer_kind`.
PRICE_MEDIAN_THRESHOLD = 0.5

#: The largest daily log return, in absolute value, that :func:`check_plausible_returns` accepts.
#: A daily log return of +1 multiplies a price by e (2.7) in a day and one of -1 by 1/e (0.37);
#: beyond that the data are far more likely broken (a mistyped price, prices read as returns,
#: returns in percent) than a real move, so the loaders refuse them unless told otherwise.
MAX_ABS_LOG_RETURN = 1.0


def returns_from_prices(prices: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Compute log returns from prices.

    ``r[t] = log(p[t]) - log(p[t-1])``, so the first row (which has no previous price) is
    dropped.

    Parameters
    ----------
    prices : pandas.DataFrame or pandas.Series
        Prices, one column per asset, in time order (a ``DatetimeIndex`` is sorted first).

    Returns
    -------
    pandas.DataFrame
        One float64 column of log returns per asset, one row fewer than ``prices``, same column
        names (as strings) and index labels.

    Raises
    ------
    NonPositivePriceError
        If a price is zero or negative; the message names the column, value and date.
    TooFewRowsError
        If there are fewer than two prices.
    NonNumericError, MissingValueError, DuplicateDateError, EmptyDataError, ShapeError
        If the prices are not a clean numeric table (see
        :func:`fingan.data.validate_returns_frame`).

    Examples
    --------
    >>> import pandas as pd
    >>> returns_from_prices(pd.Series([100.0, 110.0, 99.0], name="x")).round(6)
              x
    1  0.095310
    2 -0.105361
    """
    frame = to_numeric_frame(prices, what="prices")
    check_min_rows(frame, 2, what="prices")
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position].to_numpy()
        bad = np.flatnonzero(values <= 0)
        if len(bad) > 0:
            row = int(bad[0])
            raise NonPositivePriceError(
                f"column {column!r} has a non-positive price ({values[row]:g}) "
                f"{where_label(frame.index[row])}; prices must be greater than 0"
            )
    log_prices = pd.DataFrame(np.log(frame.to_numpy()), index=frame.index, columns=frame.columns)
    return log_prices.diff().iloc[1:]


def log_returns_from_simple(returns: pd.DataFrame) -> pd.DataFrame:
    """Convert simple returns ``R = p[t] / p[t-1] - 1`` to log returns ``log(1 + R)``.

    Parameters
    ----------
    returns : pandas.DataFrame
        A clean float table of simple returns.

    Returns
    -------
    pandas.DataFrame
        The log returns, same shape, index and columns.

    Raises
    ------
    DataValidationError
        If a simple return is -1 or less (a loss of 100 % or more has no log return).
    """
    for position, column in enumerate(returns.columns):
        values = returns.iloc[:, position].to_numpy(dtype=np.float64)
        bad = np.flatnonzero(values <= -1.0)
        if len(bad) > 0:
            row = int(bad[0])
            raise DataValidationError(
                f"column {column!r} has a simple return of {values[row]:g} "
                f"{where_label(returns.index[row])}; simple returns must be greater than -1"
            )
    return pd.DataFrame(
        np.log1p(returns.to_numpy(dtype=np.float64)), index=returns.index, columns=returns.columns
    )


def infer_kind(frame: pd.DataFrame) -> Literal["prices", "log_returns"]:
    """Guess whether a numeric table holds prices or log returns.

    Daily returns are small numbers (typically well below 0.1 in absolute value) while prices
    are usually far above 1, so the table is taken for prices when the median absolute value
    over all cells exceeds :data:`PRICE_MEDIAN_THRESHOLD` (0.5), and for log returns otherwise.
    Pass ``kind`` explicitly for prices quoted below 0.5 or for returns in percent.

    Parameters
    ----------
    frame : pandas.DataFrame
        A clean float table.

    Returns
    -------
    {"prices", "log_returns"}
        The guess.
    """
    median = float(np.median(np.abs(frame.to_numpy(dtype=np.float64))))
    return "prices" if median > PRICE_MEDIAN_THRESHOLD else "log_returns"


def check_plausible_returns(
    returns: pd.DataFrame,
    *,
    kind: Literal["prices", "log_returns", "simple_returns"] = "log_returns",
    source: pd.DataFrame | None = None,
) -> None:
    """Raise if a daily log return is beyond +/- :data:`MAX_ABS_LOG_RETURN`.

    Parameters
    ----------
    returns : pandas.DataFrame
        A clean float table of daily log returns.
    kind : {"prices", "log_returns", "simple_returns"}, default "log_returns"
        What ``source`` holds, for the message.
    source : pandas.DataFrame, optional
        The table ``returns`` was computed from, same columns: prices (one row more, the first
        dropped by :func:`returns_from_prices`) or simple returns (same rows). Its values are
        named in the message; when it was read as returns but looks like prices (see
        :func:`infer_kind`) the message says so.

    Raises
    ------
    ImplausibleDataError
        Naming the first column with such a return, the date, the value and the override.

    Examples
    --------
    >>> check_plausible_returns(pd.DataFrame({"x": [0.01, -0.3]}))
    >>> check_plausible_returns(pd.DataFrame({"x": [0.01, 5.0]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    fingan.core.exceptions.ImplausibleDataError: column 'x' has a daily log return of 5 ...
    """
    for position, column in enumerate(returns.columns):
        values = returns.iloc[:, position].to_numpy(dtype=np.float64)
        bad = np.flatnonzero(np.abs(values) > MAX_ABS_LOG_RETURN)
        if len(bad) == 0:
            continue
        row = int(bad[0])
        what = f"a daily log return of {values[row]:.4g}"
        hint = ""
        if source is not None and kind == "prices":
            prices = source.iloc[:, position].to_numpy(dtype=np.float64)
            what += f" (price {prices[row]:.6g} to {prices[row + 1]:.6g})"
        elif source is not None:
            if kind == "simple_returns":
                simple = source.iloc[:, position].to_numpy(dtype=np.float64)[row]
                what = f"a simple return of {simple:.6g} (log {values[row]:.4g})"
            if infer_kind(source) == "prices":
                hint = '; the data look like prices, not returns: read them with kind="prices"'
        raise ImplausibleDataError(
            f"column {column!r} has {what} {where_label(returns.index[row])}, beyond "
            f"+/-{MAX_ABS_LOG_RETURN:g} (a price x{np.exp(MAX_ABS_LOG_RETURN):.2g} or "
            f"x{np.exp(-MAX_ABS_LOG_RETURN):.2g} in a day){hint}; "
            "pass allow_extreme=True / --allow-extreme if this is real"
        )
