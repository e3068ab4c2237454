"""The credit table: built-in data or a user's file, its label column and positive class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    TooFewRowsError,
    UnknownDatasetError,
)
from fingan.data.readers import read_table
from fingan.data.tables import column_kind, validate_table
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit

__all__ = ["BUILT_IN_DATA", "credit_data", "plain_label", "prepare_table", "resolve_positive"]

BUILT_IN_DATA = {"german_credit": (GERMAN_CREDIT_TARGET, "bad")}
"""Built-in tables by name, with their target column and positive class."""


def credit_data(spec: str | Path) -> pd.DataFrame:
    """Load a credit table from a CSV/Parquet file or by built-in name (``"german_credit"``).

    Text columns in which every cell is a number become numeric (integers stay integers);
    empty cells become missing values, which :func:`~fingan.apps.credit.evaluate_credit`
    rejects. (Texts such as ``"none"`` stay categories: in credit data they are answers, not
    gaps.)

    Raises
    ------
    UnknownDatasetError
        If ``spec`` is neither an existing file nor a built-in name.
    """
    name = str(spec).strip().lower()
    if not Path(spec).exists() and name in BUILT_IN_DATA:
        return load_german_credit()
    if not Path(spec).exists() and Path(spec).suffix == "":
        raise UnknownDatasetError(
            f"{str(spec)!r} is neither a file nor built-in data ({', '.join(BUILT_IN_DATA)})"
        )
    table = read_table(spec)
    return pd.DataFrame({column: _parse_column(table[column]) for column in table.columns})


def resolve_positive(values: pd.Series, positive: object) -> Any:
    """Return the value of ``values`` that ``positive`` names.

    An exact match wins; otherwise a value whose text equals ``str(positive)`` (so ``"1"``
    names the integer label 1).

    Raises
    ------
    ConfigError
        If no value matches, naming the values present.
    """
    present = list(pd.unique(values))
    exact = [value for value in present if _equal(value, positive)]
    if exact:
        return exact[0]
    textual = [value for value in present if str(value) == str(positive).strip()]
    if len(textual) == 1:
        return textual[0]
    known = ", ".join(repr(plain_label(value)) for value in sorted(present, key=str))
    raise ConfigError(
        f"positive value {positive!r} is not in column {values.name!r}; known values: {known}"
    )


def prepare_table(
    data: pd.DataFrame, target: str, positive: object, n_splits: int
) -> tuple[pd.DataFrame, Any]:
    """Validate a credit table for ``n_splits``-fold cross-validation.

    Returns
    -------
    pandas.DataFrame
        The table with a fresh index and a categorical target column (generators condition on
        categorical columns only; the target is no feature anyway).
    object
        The positive label, as :func:`resolve_positive` finds it.

    Raises
    ------
    ConfigError
        If ``target`` is missing or holds non-integer numbers, or ``positive`` is not a label.
    DataValidationError
        If the table has no feature column or the target one class only.
    TooFewRowsError
        If a class has fewer rows than ``n_splits``.
    """
    frame = validate_table(data, what="the credit table")
    if target not in frame.columns:
        known = ", ".join(repr(str(name)) for name in frame.columns)
        raise ConfigError(f"target column {target!r} is not in the table; columns: {known}")
    if frame.shape[1] < 2:
        raise DataValidationError("the credit table has no columns besides the target")
    values = frame[target]
    if column_kind(values) == "numeric" and not pd.api.types.is_integer_dtype(values.dtype):
        raise ConfigError(
            f"target column {target!r} holds {values.dtype} numbers; it must be categorical "
            "or integer-coded"
        )
    classes = pd.unique(values)
    if len(classes) < 2:
        raise DataValidationError(
            f"target column {target!r} holds one class only ({plain_label(classes[0])!r}); "
            "two are needed"
        )
    positive = resolve_positive(values, positive)
    counts = {"positive": int((values == positive).sum()), "other": int((values != positive).sum())}
    for what, count in counts.items():
        if count < n_splits:
            raise TooFewRowsError(
                f"the {what} class of {target!r} has {count} rows; at least n_splits = "
                f"{n_splits} are needed"
            )
    frame = frame.reset_index(drop=True)
    if not isinstance(values.dtype, pd.CategoricalDtype):
        frame[target] = pd.Categorical(values.to_numpy(), categories=sorted(classes, key=str))
    return frame, positive


def plain_label(value: Any) -> Any:
    """Return a label as a plain Python value (a numpy scalar becomes its Python twin)."""
    return value.item() if isinstance(value, np.generic) else value


def _parse_column(values: pd.Series) -> pd.Series:
    """Turn text cells into numbers when all are numbers, and empty cells into NaN."""
    if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
        return values
    text = values.astype(str).str.strip()
    missing = (text == "") | values.isna()
    numbers = pd.to_numeric(text.where(~missing), errors="coerce")
    if not (~missing).any() or numbers[~missing].isna().any():
        return values.where(~missing)
    whole = np.isfinite(numbers).all() and (numbers == numbers.round()).all()
    return numbers.astype(np.int64) if whole else numbers.astype(np.float64)


def _equal(value: object, other: object) -> bool:
    try:
        return bool(value == other)
    except (TypeError, ValueError):
        return False
