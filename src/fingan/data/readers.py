"""Read a CSV or Parquet file into a raw table, turning every reader failure into a fingan error."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from fingan.core.exceptions import (
    EmptyDataError,
    FileMissingError,
    ShapeError,
    UnsupportedFormatError,
)
from fingan.data._cells import is_missing_cell

__all__ = ["CSV_SUFFIXES", "PARQUET_SUFFIXES", "read_table"]

#: File name endings read as comma-separated text.
CSV_SUFFIXES: tuple[str, ...] = (".csv", ".txt")

#: File name endings read as Apache Parquet.
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV or Parquet file into a table with one column per file column.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read. The format follows the extension: ``.csv`` / ``.txt`` are read as
        comma-separated UTF-8 text with a header row, ``.parquet`` / ``.pq`` as Parquet.

    Returns
    -------
    pandas.DataFrame
        The table with a default ``RangeIndex`` (row ``i`` is data row ``i + 1``) and string
        column names. CSV cells are left as text (missing cells are NaN); Parquet columns keep
        their stored types, and a stored index becomes the leading column(s).

    Raises
    ------
    FileMissingError
        If ``path`` does not exist or is not a regular file.
    UnsupportedFormatError
        If the extension is not supported or the file cannot be parsed in its format.
    EmptyDataError
        If the file holds no data rows.
    ShapeError
        If two columns share a name.
    """
    file = Path(path)
    if not file.exists():
        raise FileMissingError(f"file not found: {file}")
    if not file.is_file():
        raise FileMissingError(f"not a regular file: {file}")
    suffix = file.suffix.lower()
    if suffix in CSV_SUFFIXES:
        table = _read_csv(file)
    elif suffix in PARQUET_SUFFIXES:
        table = _read_parquet(file)
    else:
        known = ", ".join(CSV_SUFFIXES + PARQUET_SUFFIXES)
        shown = suffix or "(no extension)"
        raise UnsupportedFormatError(
            f"unsupported file type {shown} for {file}; use one of {known}"
        )
    if len(table) == 0:
        raise EmptyDataError(f"no data rows in {file}")
    _check_column_names(table, file)
    return table


def _read_csv(file: Path) -> pd.DataFrame:
    # The header is read as an ordinary row so that pandas does not rename duplicate or blank
    # names, and every cell stays text so that bad values can be reported as written.
    try:
        raw = pd.read_csv(
            file,
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=True,
            encoding="utf-8-sig",
        )
    except pd.errors.EmptyDataError:
        raise EmptyDataError(f"file is empty: {file}") from None
    except (ValueError, csv.Error, OverflowError) as exc:
        # ParserError and UnicodeDecodeError are both ValueErrors.
        raise UnsupportedFormatError(f"cannot parse {file} as CSV: {_one_line(exc)}") from exc
    if len(raw) == 0:
        raise EmptyDataError(f"file is empty: {file}")
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = pd.Index([_header_name(cell) for cell in raw.iloc[0]])
    return table


def _read_parquet(file: Path) -> pd.DataFrame:
    try:
        table = pd.read_parquet(file)
    except Exception as exc:
        # pyarrow raises a family of its own errors (ArrowInvalid, ArrowIOError, ...) as well as
        # OSError and TypeError for damaged files; whatever the cause, the file is unreadable.
        raise UnsupportedFormatError(f"cannot read {file} as Parquet: {_one_line(exc)}") from exc
    if isinstance(table.columns, pd.MultiIndex):
        raise ShapeError(f"{file} has multi-level column names; expected one header row")
    if not isinstance(table.index, pd.RangeIndex) or any(
        name is not None for name in table.index.names
    ):
        table = table.reset_index()
    table = table.reset_index(drop=True)
    table.columns = pd.Index([str(name).strip() for name in table.columns])
    return table


def _check_column_names(table: pd.DataFrame, file: Path) -> None:
    seen: set[str] = set()
    for name in table.columns:
        if name in seen:
            raise ShapeError(f"column name {name!r} appears more than once in {file}")
        seen.add(name)


def _header_name(cell: object) -> str:
    return "" if is_missing_cell(cell) else str(cell).strip()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()).removeprefix("Error tokenizing data. C error: ")
    return text if text else type(exc).__name__
