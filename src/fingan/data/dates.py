"""Find and parse the date column of a table of market data."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from fingan.core.exceptions import DateParseError, DuplicateDateError
from fingan.data._cells import is_missing_cell, shorten

__all__ = [
    "DATE_COLUMN_NAMES",
    "DATE_UNIT",
    "MAX_YEAR",
    "MIN_YEAR",
    "check_unique_dates",
    "find_date_column",
    "format_date",
    "parse_dates",
    "where_label",
]

#: Column names (compared case-insensitively) taken as the date column when none is named.
DATE_COLUMN_NAMES: tuple[str, ...] = ("date", "timestamp")

#: Resolution of every date index fingan builds (pandas' own default for parsed dates).
DATE_UNIT: Literal["us"] = "us"

#: The earliest and latest years accepted in a date column.
MIN_YEAR = 1000
MAX_YEAR = 9999

_ISO_FORMAT = "ISO8601"


def find_date_column(columns: Sequence[str], date_column: str | None = None) -> str:
    """Choose the date column of a table.

    Parameters
    ----------
    columns : sequence of str
        The table's column names, in order.
    date_column : str, optional
        The name the user gave, if any.

    Returns
    -------
    str
        ``date_column`` when given; otherwise the first column named ``date`` or ``timestamp``
        (in any letter case); otherwise the first column.

    Raises
    ------
    DateParseError
        If ``date_column`` is not one of ``columns``, or there are no columns at all.
    """
    if date_column is not None:
        if date_column not in columns:
            raise DateParseError(
                f"date column {date_column!r} not found; columns are: {_list_names(columns)}"
            )
        return date_column
    if len(columns) == 0:
        raise DateParseError("the table has no columns, so no date column")
    for name in columns:
        if name.strip().lower() in DATE_COLUMN_NAMES:
            return name
    return columns[0]


def parse_dates(values: pd.Series, column: str) -> pd.DatetimeIndex:
    """Parse a column of dates into a time-zone-naive index.

    Text is read as ISO 8601 (``2020-01-31``, ``20200131``, ``2020-01-31T16:00``) when every
    value allows it; otherwise the layout is guessed from the first value (``01/31/2020``,
    ``31.01.2020``, ...) and must then hold for the whole column. Values that are already
    dates or timestamps are kept. Time-zone-aware dates keep their local wall-clock time and
    drop the zone. Years must lie between :data:`MIN_YEAR` and :data:`MAX_YEAR`.

    Parameters
    ----------
    values : pandas.Series
        The raw column, in table order.
    column : str
        The column's name, used in error messages.

    Returns
    -------
    pandas.DatetimeIndex
        The dates, in the same order, named ``"date"``, at resolution :data:`DATE_UNIT`.

    Raises
    ------
    DateParseError
        If a value is missing, is not a date, or lies outside the representable range. The
        message names the first offending value and its data row (counted from 1).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(values):
        parsed = pd.DatetimeIndex(values)
        _check_no_missing(parsed, values, column)
    elif _all_date_objects(values):
        parsed = pd.DatetimeIndex(pd.to_datetime(values, errors="coerce"))
        _check_no_missing(parsed, values, column)
    else:
        parsed = _parse_text(values, column)
    if parsed.tz is not None:
        parsed = parsed.tz_localize(None)
    _check_year_range(parsed, values, column)
    try:
        parsed = parsed.as_unit(DATE_UNIT)
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        raise DateParseError(f"a date in column {column!r} is out of range: {exc}") from exc
    return parsed.rename("date")


def check_unique_dates(dates: pd.DatetimeIndex) -> None:
    """Raise if a date appears more than once.

    Parameters
    ----------
    dates : pandas.DatetimeIndex
        The dates to check.

    Raises
    ------
    DuplicateDateError
        Naming the first date that repeats.
    """
    repeated = dates[dates.duplicated()]
    if len(repeated) > 0:
        raise DuplicateDateError(f"date {format_date(repeated[0])} appears more than once")


def format_date(value: object) -> str:
    """Format a date for an error message: ``2020-01-31``, with the time only when not midnight.

    Parameters
    ----------
    value : object
        A timestamp, or any other index label.

    Returns
    -------
    str
        The formatted value.
    """
    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            # Built by hand: strftime fails outside the years the standard library handles.
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return value.isoformat()
    return str(value)


def where_label(label: object) -> str:
    """Say where a row is, for an error message: ``on 2020-01-31`` or ``at index 5``.

    Parameters
    ----------
    label : object
        The row's index label.

    Returns
    -------
    str
        The phrase.
    """
    if isinstance(label, pd.Timestamp):
        return f"on {format_date(label)}"
    return f"at index {label}"


def _parse_text(values: pd.Series, column: str) -> pd.DatetimeIndex:
    text = [_cell_text(cell) for cell in values.astype(object)]
    for row, cell in enumerate(text, start=1):
        if cell == "":
            raise DateParseError(f"missing date in column {column!r}, data row {row}")
    series = pd.Series(text, dtype=object)
    best = _to_datetime(series, _ISO_FORMAT, column)
    guessed = _guess_format(text[0])
    if guessed is not None and best.isna().any():
        other = _to_datetime(series, guessed, column)
        if np.count_nonzero(other.isna()) < np.count_nonzero(best.isna()):
            best = other
    if not best.isna().any():
        return best
    row = int(np.flatnonzero(best.isna())[0])
    raise DateParseError(
        f"cannot parse {shorten(text[row])!r} in column {column!r} (data row {row + 1}) as a date"
    )


def _to_datetime(series: pd.Series, fmt: str, column: str) -> pd.DatetimeIndex:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(series, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError) as exc:
        # Raised for mixed time zones, which no format can fix.
        first = " ".join(str(exc).split()).split(". ")[0]
        raise DateParseError(f"cannot parse the dates in column {column!r}: {first}") from exc
    return pd.DatetimeIndex(parsed)


def _guess_format(first: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return guess_datetime_format(first)
    except (ValueError, TypeError, OverflowError):
        return None


def _check_no_missing(parsed: pd.DatetimeIndex, values: pd.Series, column: str) -> None:
    bad = np.flatnonzero(parsed.isna())
    if len(bad) > 0:
        row = int(bad[0])
        raw = values.iloc[row]
        what = "missing date" if pd.isna(raw) else f"invalid date {shorten(str(raw))!r}"
        raise DateParseError(f"{what} in column {column!r}, data row {row + 1}")


def _check_year_range(parsed: pd.DatetimeIndex, values: pd.Series, column: str) -> None:
    # Text such as "-2" is valid ISO 8601 (the year 2 BC); a real date column has four-digit
    # years, so anything else means the column does not hold dates.
    years = parsed.year.to_numpy()
    bad = np.flatnonzero((years < MIN_YEAR) | (years > MAX_YEAR))
    if len(bad) > 0:
        row = int(bad[0])
        raise DateParseError(
            f"date {shorten(str(values.iloc[row]))!r} in column {column!r} (data row {row + 1}) "
            f"is outside the years {MIN_YEAR} to {MAX_YEAR}"
        )


def _all_date_objects(values: pd.Series) -> bool:
    if not pd.api.types.is_object_dtype(values.dtype):
        return False
    present = [cell for cell in values if not is_missing_cell(cell)]
    return len(present) > 0 and all(isinstance(cell, datetime.date) for cell in present)


def _cell_text(cell: object) -> str:
    return "" if is_missing_cell(cell) else str(cell).strip()


def _list_names(names: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(repr(name) for name in names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def to_timestamp(value: object, which: str) -> pd.Timestamp | None:
    """Parse one user-given date (``start=``, ``--test-start``...); ``None`` stays ``None``.

    Parameters
    ----------
    value : str, datetime.date, pandas.Timestamp or None
        The date; a time zone is dropped (the local clock time is kept).
    which : str
        The parameter's name, for the message.

    Raises
    ------
    DateParseError
        If ``value`` is not a date.
    """
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError) as exc:
        raise DateParseError(f"cannot parse {which}={value!r} as a date") from exc
    if pd.isna(stamp):
        raise DateParseError(f"cannot parse {which}={value!r} as a date")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp
