"""Validation of mixed numeric/categorical tables (loan books, customer tables).

One rule decides a column's kind everywhere in fingan (encoders, tabular GANs, baselines and
metrics): integer and float columns are *numeric*; ``category``, ``bool``, ``object`` and string
columns are *categorical*. Dates, time spans and complex numbers are neither and are rejected,
as are missing values, infinities and text columns that mix numbers with words.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from fingan.core.exceptions import (
    DataValidationError,
    EmptyDataError,
    MissingValueError,
    NonNumericError,
    ShapeError,
    TooFewRowsError,
)

ColumnKind = Literal["numeric", "categorical"]


def column_kind(values: pd.Series) -> ColumnKind:
    """Return whether a column is ``"numeric"`` or ``"categorical"``.

    Parameters
    ----------
    values : pandas.Series
        The column.

    Returns
    -------
    {"numeric", "categorical"}

    Raises
    ------
    NonNumericError
        If the column holds dates, time spans or complex numbers.

    Examples
    --------
    >>> column_kind(pd.Series([1, 2])), column_kind(pd.Series(["a", "b"]))
    ('numeric', 'categorical')
    """
    dtype = values.dtype
    if (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
    ):
        return "categorical"
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        return "numeric"
    raise NonNumericError(
        f"column {values.name!r} has dtype {dtype}, which is neither numeric nor categorical; "
        "convert it to numbers or text first"
    )


def validate_table(frame: object, *, what: str = "the table", min_rows: int = 1) -> pd.DataFrame:
    """Check a mixed table and return it.

    Parameters
    ----------
    frame : object
        Should be a :class:`pandas.DataFrame`.
    what : str
        How to name the table in messages.
    min_rows : int
        Fewest rows accepted.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself.

    Raises
    ------
    ShapeError
        Not a DataFrame, no columns, or duplicate column names.
    EmptyDataError
        No rows.
    TooFewRowsError
        Fewer than ``min_rows`` rows.
    MissingValueError
        A missing or infinite value (an all-missing column is named as such).
    NonNumericError
        A column of dates or another unsupported dtype.
    DataValidationError
        A text column that mixes numbers and words.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ShapeError(f"{what} must be a pandas DataFrame; got {type(frame).__name__}")
    if frame.shape[1] == 0:
        raise ShapeError(f"{what} has no columns")
    if frame.columns.duplicated().any():
        duplicated = frame.columns[frame.columns.duplicated()][0]
        raise ShapeError(f"{what} has the column name {duplicated!r} more than once")
    if len(frame) == 0:
        raise EmptyDataError(f"{what} has no rows")
    if len(frame) < min_rows:
        raise TooFewRowsError(f"{what} has {len(frame)} rows; at least {min_rows} are needed")
    for name in frame.columns:
        _check_column(frame[name])
    return frame


def _check_column(values: pd.Series) -> None:
    name = values.name
    missing = values.isna().to_numpy()
    if missing.all():
        raise MissingValueError(f"column {name!r} holds only missing values")
    if missing.any():
        rows = np.flatnonzero(missing)
        more = f", {len(rows) - 1} more after it" if len(rows) > 1 else ""
        raise MissingValueError(
            f"column {name!r} has a missing value in row {int(rows[0]) + 1}{more}; fingan "
            "imputes nothing: drop or fill those rows first"
        )
    if column_kind(values) == "numeric":
        if not np.isfinite(values.to_numpy(np.float64)).all():
            raise MissingValueError(f"column {name!r} holds infinite values")
        return
    if pd.api.types.is_bool_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
        return
    parsed = pd.to_numeric(values.astype(str), errors="coerce")
    numeric = parsed.notna().to_numpy()
    if numeric.any() and not numeric.all():
        number = values[numeric].iloc[0]
        text = values[~numeric].iloc[0]
        raise DataValidationError(f"column {name!r} mixes numbers ({number!r}) and text ({text!r})")
