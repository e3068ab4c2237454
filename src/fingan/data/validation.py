"""Check that a table of prices or returns is numeric, finite and long enough."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from numbers import Real
from typing import NoReturn

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import (
    DateParseError,
    EmptyDataError,
    MissingValueError,
    NonNumericError,
    ShapeError,
    TooFewRowsError,
)
from fingan.core.validation import check_int
from fingan.data._cells import is_missing_cell, shorten
from fingan.data.dates import check_unique_dates, where_label

__all__ = [
    "validate_history",
    "validate_path_request",
    "MISSING_TOKENS",
    "check_finite",
    "check_min_rows",
    "numeric_column",
    "to_numeric_frame",
    "validate_returns_frame",
]

#: Cell texts (compared case-insensitively, after stripping) read as a missing value.
MISSING_TOKENS: frozenset[str] = frozenset(
    {"", "na", "n/a", "nan", "-nan", "null", "none", "#n/a", "#na", "<na>", "nat"}
)

FloatArray = npt.NDArray[np.float64]


def validate_returns_frame(
    data: pd.DataFrame | pd.Series | npt.NDArray[np.generic], *, min_rows: int = 1
) -> pd.DataFrame:
    """Check an in-memory table of returns and return it as a clean float64 frame.

    This is the check estimators run in ``fit``. It does not convert prices to returns; use
    :func:`fingan.data.returns_from_prices` first for prices.

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series or numpy.ndarray
        One column per asset (a Series or 1-D array is one asset). Arrays get a ``RangeIndex``
        and columns named ``"0"``, ``"1"``, ...
    min_rows : int, default 1
        The fewest rows accepted.

    Returns
    -------
    pandas.DataFrame
        A new frame with the same index and one float64 column per asset, named by strings. A
        ``DatetimeIndex`` is sorted ascending.

    Raises
    ------
    ShapeError
        If there are no columns, an array has more than two dimensions, or two columns share a
        name.
    EmptyDataError
        If there are no rows.
    DateParseError
        If a ``DatetimeIndex`` holds missing dates (``NaT``).
    DuplicateDateError
        If a ``DatetimeIndex`` holds a date twice.
    NonNumericError
        If a column holds text, booleans or other non-numeric values.
    MissingValueError
        If a value is NaN or infinite.
    TooFewRowsError
        If there are fewer than ``min_rows`` rows.
    """
    frame = to_numeric_frame(data, what="returns")
    check_min_rows(frame, min_rows, what="rows of returns")
    return frame


def validate_history(
    history: pd.DataFrame | pd.Series | npt.NDArray[np.generic],
    assets: Sequence[str],
    *,
    min_rows: int = 2,
) -> FloatArray:
    """Validate a return history for a model fitted on ``assets``; return it in that order.

    Parameters
    ----------
    history : pandas.DataFrame, pandas.Series or numpy.ndarray
        Daily log returns up to and including today (checked as by
        :func:`validate_returns_frame`). A frame or Series must have exactly the fitted asset
        columns, matched by name in any order; an array one column per asset, in order.
    assets : sequence of str
        The fitted asset names.
    min_rows : int
        Fewest rows accepted.

    Returns
    -------
    ndarray of shape (n_rows, n_assets)
        The returns, columns in the order of ``assets``.

    Raises
    ------
    ShapeError
        If the columns do not match the assets.
    """
    frame = validate_returns_frame(history, min_rows=min_rows)
    if frame.shape[1] != len(assets):
        raise ShapeError(
            f"the history has {frame.shape[1]} columns; the model was fitted on "
            f"{len(assets)} assets ({', '.join(assets)})"
        )
    if not isinstance(history, np.ndarray):
        missing = [name for name in assets if name not in frame.columns]
        if missing:
            unknown = [name for name in frame.columns if name not in assets]
            raise ShapeError(
                f"the history lacks fitted asset(s) {', '.join(map(repr, missing))} "
                f"and has unknown column(s) {', '.join(map(repr, unknown))}"
            )
        frame = frame[list(assets)]
    return frame.to_numpy(dtype=np.float64)


def validate_path_request(
    history: pd.DataFrame | pd.Series | npt.NDArray[np.generic],
    n_paths: object,
    horizon: object,
    *,
    assets: Sequence[str],
    min_rows: int,
) -> tuple[FloatArray, int, int]:
    """Check the arguments of ``sample_paths(history, n_paths, horizon)`` of a fitted model.

    The one check shared by every conditional scenario model, GAN or baseline: ``n_paths`` and
    ``horizon`` are positive integers and the history fits the fitted assets
    (:func:`validate_history`).

    Parameters
    ----------
    history : pandas.DataFrame, pandas.Series or numpy.ndarray
        Daily log returns up to and including today.
    n_paths, horizon : int
        Number of paths and days per path.
    assets : sequence of str
        The fitted asset names.
    min_rows : int
        Fewest rows of history the model needs.

    Returns
    -------
    (ndarray of shape (n_rows, n_assets), int, int)
        The history in the order of ``assets``, ``n_paths`` and ``horizon``.

    Raises
    ------
    ConfigError
        If ``n_paths`` or ``horizon`` is not a positive integer.
    ShapeError, DataValidationError
        If the history is unusable (see :func:`validate_history`).
    """
    paths = check_int(n_paths, "n_paths", minimum=1)
    days = check_int(horizon, "horizon", minimum=1)
    return validate_history(history, assets, min_rows=min_rows), paths, days


def to_numeric_frame(
    data: pd.DataFrame | pd.Series | npt.NDArray[np.generic], *, what: str = "values"
) -> pd.DataFrame:
    """Convert a table to float64 columns, checking shape, index, types and finiteness.

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series or numpy.ndarray
        The table, as for :func:`validate_returns_frame`.
    what : str, default "values"
        What the table holds, for error messages (``"prices"``, ``"returns"``).

    Returns
    -------
    pandas.DataFrame
        A new float64 frame with string column names; a ``DatetimeIndex`` is sorted.

    Raises
    ------
    DataValidationError
        The subclasses listed for :func:`validate_returns_frame`, except ``TooFewRowsError``.
    """
    frame = _as_frame(data)
    if frame.shape[1] == 0:
        raise ShapeError(f"the {what} have no columns")
    if frame.shape[0] == 0:
        raise EmptyDataError(f"the {what} have no rows")
    names = [str(name) for name in frame.columns]
    if len(set(names)) < len(names):
        repeated = next(name for name in names if names.count(name) > 1)
        raise ShapeError(f"column name {repeated!r} appears more than once")
    index = frame.index
    if isinstance(index, pd.DatetimeIndex):
        if index.hasnans:
            row = int(np.flatnonzero(index.isna())[0])
            raise DateParseError(f"missing date (NaT) in the index of the {what}, row {row + 1}")
        check_unique_dates(index)
    columns = {
        name: numeric_column(frame.iloc[:, position], name) for position, name in enumerate(names)
    }
    result = pd.DataFrame(columns, index=index)
    if isinstance(index, pd.DatetimeIndex) and not index.is_monotonic_increasing:
        result = result.sort_index(kind="stable")
    check_finite(result)
    return result


def numeric_column(values: pd.Series, column: str) -> FloatArray:
    """Convert one column to float64, rejecting anything that is not a number.

    Numbers (including numeric text such as ``" 1.5e-3"``, ``"inf"``) are converted; NaN,
    ``None`` and the texts in :data:`MISSING_TOKENS` become NaN, left for :func:`check_finite`
    to report.

    Parameters
    ----------
    values : pandas.Series
        The column; its index labels (dates) are used in error messages.
    column : str
        The column's name, for error messages.

    Returns
    -------
    numpy.ndarray
        The values as a new float64 array.

    Raises
    ------
    NonNumericError
        If the column is boolean, date-like or complex, or a cell holds a value that is not a
        number; the message names the column, the first bad value and its date (or index label).
    """
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise NonNumericError(f"column {column!r} holds true/false values, not numbers")
    if pd.api.types.is_complex_dtype(dtype):
        raise NonNumericError(f"column {column!r} holds complex numbers")
    if pd.api.types.is_numeric_dtype(dtype):
        return np.asarray(values.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    if isinstance(dtype, pd.StringDtype):
        return _text_column(values, column)
    if not (pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)):
        raise NonNumericError(f"column {column!r} holds {dtype} values, not numbers")
    return _object_column(values, column)


def check_finite(frame: pd.DataFrame) -> None:
    """Raise if any value is NaN or infinite.

    Parameters
    ----------
    frame : pandas.DataFrame
        A float frame.

    Raises
    ------
    MissingValueError
        Naming the first column with such a value, the value's date (or index label) and how
        many more the column holds.
    """
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position].to_numpy(dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad) > 0:
            row = int(bad[0])
            value = values[row]
            what = "a missing value (NaN)" if np.isnan(value) else f"an infinite value ({value})"
            more = f", {len(bad) - 1} more after it" if len(bad) > 1 else ""
            raise MissingValueError(
                f"column {column!r} has {what} {where_label(frame.index[row])}{more}; fingan "
                "fills no gaps: drop or fill those days first"
            )


def check_min_rows(frame: pd.DataFrame, min_rows: int, *, what: str = "rows") -> None:
    """Raise if a table is shorter than required.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    min_rows : int
        The fewest rows accepted.
    what : str, default "rows"
        What a row is, for the message (``"rows of returns"``).

    Raises
    ------
    TooFewRowsError
        Saying how many rows there are and how many are needed.
    """
    if len(frame) < min_rows:
        raise TooFewRowsError(f"too few {what}: {len(frame)} found, at least {min_rows} needed")


def _as_frame(data: pd.DataFrame | pd.Series | npt.NDArray[np.generic]) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame(name="0" if data.name is None else data.name)
    if isinstance(data, np.ndarray):
        if data.ndim == 1:
            data = data.reshape(-1, 1)
        if data.ndim != 2:
            raise ShapeError(f"expected a 1-D or 2-D array, got {data.ndim} dimensions")
        return pd.DataFrame(data, columns=[str(i) for i in range(data.shape[1])])
    raise TypeError(f"expected a DataFrame, Series or ndarray, got {type(data).__name__}")


def _text_column(values: pd.Series, column: str) -> FloatArray:
    stripped = values.str.strip()
    missing = (stripped.isna() | stripped.str.lower().isin(MISSING_TOKENS)).to_numpy(dtype=bool)
    numbers = pd.to_numeric(stripped.where(~missing), errors="coerce")
    bad = np.flatnonzero(numbers.isna().to_numpy(dtype=bool) & ~missing)
    if len(bad) > 0:
        row = int(bad[0])
        _raise_non_numeric(column, stripped.iloc[row], values.index[row])
    return np.asarray(numbers.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _object_column(values: pd.Series, column: str) -> FloatArray:
    out = np.empty(len(values), dtype=np.float64)
    for row, cell in enumerate(values.astype(object)):
        number = _cell_to_float(cell)
        if number is None:
            _raise_non_numeric(column, cell, values.index[row])
        out[row] = number
    return out


def _cell_to_float(cell: object) -> float | None:
    """Return the cell as a float, NaN when missing, or None when it is not a number."""
    if isinstance(cell, str):
        text = cell.strip()
        if text.lower() in MISSING_TOKENS:
            return float("nan")
        try:
            return float(text)
        except ValueError:
            return None
    if isinstance(cell, bool | np.bool_):
        return None
    if isinstance(cell, Real | decimal.Decimal):
        return float(cell)
    if is_missing_cell(cell):
        return float("nan")
    return None


def _raise_non_numeric(column: str, cell: object, label: object) -> NoReturn:
    raise NonNumericError(
        f"column {column!r} holds a non-numeric value {shorten(str(cell))!r} {where_label(label)}"
    )
