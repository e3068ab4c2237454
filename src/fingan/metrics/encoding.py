"""One encoding of mixed numeric/categorical tables, for metrics and classifiers alike.

The rules, used by the tabular metrics (:mod:`fingan.metrics.tabular`), the privacy metrics
(:mod:`fingan.metrics.privacy`) and the credit study's classifiers:

- A column's kind is :func:`fingan.data.tables.column_kind`'s, and tables encoded together must
  agree on every column's kind (:func:`categorical_columns`).
- Numeric columns are read as finite float64 (:func:`numeric_values`).
- Categorical columns become integer codes over the values of all the tables given, in order of
  first appearance (:func:`category_codes`).
- A model gets either ordinal codes with the numbers as they are (:func:`ordinal_encode`: for
  gradient boosting, which handles up to :data:`MAX_NATIVE_CATEGORIES` categories per column
  natively) or one-hot categories with standardised numbers (:func:`one_hot_standardised`: for
  linear models).

These encode every table they are given over the categories of all of them, as a metric that
compares tables symmetrically needs. A classifier scored on held-out rows must instead learn
its encoding from its training rows alone, so that no test category leaks into training:
:func:`learned_encoder` is the same ordinal or one-hot encoding as a scikit-learn transformer
that learns categories, means and scales in ``fit`` (unseen categories: missing in the ordinal
encoding, all zeros in the one-hot), fed by :func:`encoder_input`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from fingan.core.exceptions import EmptyDataError, MissingValueError, ShapeError
from fingan.data.tables import column_kind

__all__ = [
    "MAX_NATIVE_CATEGORIES",
    "Encoding",
    "categorical_columns",
    "category_codes",
    "check_comparable",
    "encoder_input",
    "learned_encoder",
    "native_categorical",
    "numeric_values",
    "one_hot_standardised",
    "ordinal_encode",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

Encoding = Literal["ordinal", "one_hot"]
"""How a model sees categorical columns: integer codes, or one indicator column per category."""

MAX_NATIVE_CATEGORIES = 255
"""Most categories a column may have to be treated as categorical by gradient boosting.

scikit-learn's ``HistGradientBoostingClassifier`` bins every feature into at most ``max_bins``
(255) bins and refuses a categorical feature with more categories than that; a wider column is
given to it as its ordinal codes, a numeric feature, instead.
"""


def check_comparable(
    reference: pd.DataFrame,
    other: pd.DataFrame,
    names: tuple[str, str] = ("reference", "other"),
) -> pd.DataFrame:
    """Validate two tables to be compared and return ``other`` with ``reference``'s column order.

    Parameters
    ----------
    reference, other : pandas.DataFrame
        Tables with rows, the same set of columns (no duplicates) and no missing values.
    names : (str, str)
        How to name the two tables in messages.

    Raises
    ------
    ShapeError
        If either is not a DataFrame, has duplicate column names, or their columns differ.
    EmptyDataError
        If either has no rows or no columns.
    MissingValueError
        If either holds missing values.
    """
    for frame, name in zip((reference, other), names, strict=True):
        if not isinstance(frame, pd.DataFrame):
            raise ShapeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
        if len(frame) == 0 or frame.shape[1] == 0:
            raise EmptyDataError(f"{name} holds no rows or no columns")
        if frame.columns.duplicated().any():
            raise ShapeError(f"{name} has duplicate column names")
        if frame.isna().to_numpy().any():
            raise MissingValueError(f"{name} holds missing values")
    if set(reference.columns) != set(other.columns):
        only_reference = sorted(map(str, set(reference.columns) - set(other.columns)))
        only_other = sorted(map(str, set(other.columns) - set(reference.columns)))
        raise ShapeError(
            f"{names[0]} and {names[1]} have different columns: only in {names[0]} "
            f"{only_reference}, only in {names[1]} {only_other}"
        )
    return other[list(reference.columns)]


def categorical_columns(*frames: pd.DataFrame) -> list[str]:
    """Names of the categorical columns, in the first table's order.

    Raises
    ------
    ShapeError
        If a column is categorical in one table and numeric in another.
    """
    categorical: list[str] = []
    for column in frames[0].columns:
        kinds = {column_kind(frame[column]) for frame in frames}
        if len(kinds) > 1:
            raise ShapeError(f"column {column!r} is categorical in one table but not another")
        if kinds.pop() == "categorical":
            categorical.append(column)
    return categorical


def numeric_values(series: pd.Series) -> FloatArray:
    """Return a numeric column as float64.

    Raises
    ------
    MissingValueError
        If it holds infinite values.
    """
    values = series.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        raise MissingValueError(f"column {series.name!r} holds infinite values")
    return values


def category_codes(*columns: pd.Series) -> tuple[list[IntArray], int]:
    """Integer codes of each column over the union of their values, and the number of codes.

    Codes follow the order in which values first appear in the columns taken one after the
    other, so equal values get equal codes in every column.
    """
    pooled = pd.concat([column.astype(object) for column in columns], ignore_index=True)
    codes, uniques = pd.factorize(pooled)
    bounds = np.cumsum([0, *(len(column) for column in columns)])
    parts = [codes[start:stop].astype(np.intp) for start, stop in pairwise(bounds)]
    return parts, len(uniques)


def native_categorical(n_categories: int) -> bool:
    """Whether gradient boosting can treat a column of ``n_categories`` as categorical."""
    return n_categories <= MAX_NATIVE_CATEGORIES


def ordinal_encode(frames: Sequence[pd.DataFrame]) -> tuple[list[FloatArray], list[bool]]:
    """Encode the tables column by column: categories as codes over all of them, numbers as is.

    Returns
    -------
    list of numpy.ndarray
        One float64 matrix of shape ``(rows, columns)`` per table.
    list of bool
        Per column, whether a classifier should treat it as categorical: a categorical column
        with at most :data:`MAX_NATIVE_CATEGORIES` categories.
    """
    categorical = categorical_columns(*frames)
    columns: list[list[FloatArray]] = [[] for _ in frames]
    native: list[bool] = []
    for column in frames[0].columns:
        if column in categorical:
            codes, n_levels = category_codes(*(frame[column] for frame in frames))
            for encoded, part in zip(columns, codes, strict=True):
                encoded.append(part.astype(np.float64))
            native.append(native_categorical(n_levels))
        else:
            for encoded, frame in zip(columns, frames, strict=True):
                encoded.append(numeric_values(frame[column]))
            native.append(False)
    return [np.column_stack(encoded) for encoded in columns], native


def one_hot_standardised(*frames: pd.DataFrame) -> FloatArray:
    """One-hot categories and standardised numbers of the rows of all tables, stacked.

    Categories are those of all tables; each numeric column is centred on the mean of the
    pooled rows and divided by their standard deviation (by 1 for a constant column).

    Returns
    -------
    numpy.ndarray of shape (rows of all tables, indicator and numeric columns)
    """
    categorical = categorical_columns(*frames)
    pooled = pd.concat(frames, ignore_index=True)
    blocks = []
    for column in pooled.columns:
        if column in categorical:
            (codes,), n_levels = category_codes(pooled[column])
            blocks.append(np.eye(n_levels)[codes])
        else:
            values = numeric_values(pooled[column])
            scale = values.std()
            blocks.append(((values - values.mean()) / (scale if scale > 0 else 1.0))[:, None])
    return np.hstack(blocks)


def encoder_input(frame: pd.DataFrame, categorical: Sequence[str]) -> pd.DataFrame:
    """Numeric columns as float64 and categorical ones as text, as :func:`learned_encoder` reads."""
    return pd.DataFrame(
        {
            column: frame[column].astype(str).astype(object)
            if column in categorical
            else frame[column].astype(np.float64)
            for column in frame.columns
        },
        index=frame.index,
    )


def learned_encoder(
    encoding: Encoding, categorical: Sequence[str], numeric: Sequence[str]
) -> ColumnTransformer:
    """Return an unfitted transformer that learns the encoding from the rows it is fitted on.

    Its output holds the categorical columns first, then the numeric ones. ``"ordinal"``:
    categories as codes in sorted order, unseen ones as missing, numbers as they are;
    ``"one_hot"``: one indicator column per category (none set for an unseen one) and numbers
    standardised with the fitted rows' mean and standard deviation.

    Parameters
    ----------
    encoding : {"ordinal", "one_hot"}
        The encoding.
    categorical, numeric : sequence of str
        The columns of each kind (see :func:`categorical_columns`).
    """
    if encoding == "one_hot":
        return ColumnTransformer(
            [
                ("categorical", OneHotEncoder(handle_unknown="ignore"), list(categorical)),
                ("numeric", StandardScaler(), list(numeric)),
            ]
        )
    ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
    return ColumnTransformer(
        [("categorical", ordinal, list(categorical)), ("numeric", "passthrough", list(numeric))]
    )
