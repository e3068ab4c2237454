"""The shared surface of the table baselines: ``fit(frame)`` then ``sample(n, conditions=...)``.

:class:`TableBaseline` does what every classical generator of mixed numeric/categorical rows
does the same way as fingan's tabular GAN: validate the table (one rule for a column's kind,
:func:`fingan.data.tables.column_kind`), remember each column's dtype, range and categories,
check ``n`` and the conditions, and turn ``random_state`` into a private NumPy generator.

Internally a table is a float matrix of *codes*: numeric columns hold their values and
categorical columns the index of their category. :meth:`TableBaseline._encode` and
:meth:`TableBaseline._decode` convert between the two; decoding clips numeric columns to the
range seen in ``fit``, rounds integer columns and restores every dtype and category set.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.conditions import check_conditions
from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.random import RandomState, draw_seed
from fingan.core.threads import ensure_threads
from fingan.core.validation import check_int
from fingan.data.tables import ColumnKind, column_kind, validate_table

__all__ = ["TableBaseline", "TableColumn"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TableColumn:
    """What a table baseline remembers of one fitted column.

    Attributes
    ----------
    name : hashable
        Column label.
    kind : {"numeric", "categorical"}
        The column's kind (see :func:`fingan.data.tables.column_kind`).
    dtype : pandas or numpy dtype
        The fitted dtype, restored on output.
    categories : pandas.Index
        Categories of a categorical column, in code order; empty for a numeric column.
    minimum, maximum : float
        Observed range of a numeric column; ``nan`` for a categorical column.
    """

    name: Hashable
    kind: ColumnKind
    dtype: Any
    categories: pd.Index
    minimum: float
    maximum: float

    @property
    def integer(self) -> bool:
        """Whether the column holds integers."""
        return self.kind == "numeric" and pd.api.types.is_integer_dtype(self.dtype)

    @classmethod
    def describe(cls, values: pd.Series) -> Self:
        """Describe a validated column."""
        if column_kind(values) == "numeric":
            numbers = values.to_numpy(np.float64)
            return cls(
                values.name,
                "numeric",
                values.dtype,
                pd.Index([]),
                float(numbers.min()),
                float(numbers.max()),
            )
        categories = _as_categorical(values).cat.categories
        return cls(values.name, "categorical", values.dtype, categories, np.nan, np.nan)

    def code(self, category: Any) -> int:
        """Return the code of one of the column's categories."""
        return list(self.categories).index(category)

    def encode(self, values: pd.Series) -> FloatArray:
        """Return the column's values (numeric) or category codes (categorical) as floats."""
        if self.kind == "numeric":
            return values.to_numpy(np.float64)
        codes = pd.Categorical(values, categories=self.categories).codes
        return codes.astype(np.float64)

    def decode(self, codes: FloatArray) -> pd.Series:
        """Return a column of the fitted dtype from values or category codes."""
        if self.kind == "numeric":
            clipped = np.clip(codes, self.minimum, self.maximum)
            values = np.round(clipped) if self.integer else clipped
            return pd.Series(values, name=self.name).astype(self.dtype)
        index = np.round(codes).astype(np.int64)
        if isinstance(self.dtype, pd.CategoricalDtype):
            return pd.Series(pd.Categorical.from_codes(index, dtype=self.dtype), name=self.name)
        return pd.Series(self.categories.take(index), name=self.name).astype(self.dtype)


class TableBaseline(BaseEstimator, ABC):
    """A classical generator of table rows with the same surface as fingan's tabular GAN.

    ``fit(frame)`` learns from a mixed numeric/categorical table and returns ``self``;
    ``sample(n, conditions=...)`` draws ``n`` rows with the fitted columns, in order, with the
    fitted dtypes (category columns keep their categories, integer columns hold integers) and
    numeric values inside the fitted range. ``__init__`` of a subclass only stores
    hyperparameters (:class:`~fingan.core.estimator.BaseEstimator` gives ``get_params``,
    ``set_params`` and ``repr``); they are checked in ``fit`` and again in ``sample``.

    Attributes
    ----------
    columns_ : list of TableColumn
        The fitted columns, in order.
    """

    _fitted_attributes = ("columns_",)

    def fit(self, frame: pd.DataFrame) -> Self:
        """Fit the baseline to a table.

        Parameters
        ----------
        frame : pandas.DataFrame
            One row per record; numeric columns (integer or float) and categorical columns
            (category, text or boolean), without missing values.

        Returns
        -------
        Self
            The fitted baseline.

        Raises
        ------
        ConfigError
            If a hyperparameter is out of its valid range.
        DataValidationError
            If the table is unusable (see :func:`fingan.data.tables.validate_table`).
        """
        self._check_params()
        ensure_threads()
        table = validate_table(frame, what="the training table", min_rows=self._min_rows())
        columns = [TableColumn.describe(table[name]) for name in table.columns]
        codes = np.column_stack(
            [column.encode(table[column.name]) for column in columns]
        )  # (n_rows, n_columns)
        self._fit_codes(codes, columns)
        self.columns_ = columns
        return self

    def sample(
        self,
        n: int,
        *,
        conditions: Mapping[str, Any] | None = None,
        random_state: RandomState = None,
    ) -> pd.DataFrame:
        """Draw rows from the fitted model.

        Parameters
        ----------
        n : int
            Number of rows, at least 1.
        conditions : mapping or None, default None
            ``{column: value}``: every returned row has ``value`` in the categorical
            ``column``.
        random_state : int, numpy.random.Generator or None, default None
            Seed for a private generator; the same integer gives the same rows.

        Returns
        -------
        pandas.DataFrame
            ``n`` rows with the fitted columns and dtypes, index ``0 .. n-1``.

        Raises
        ------
        NotFittedError
            If ``fit`` has not been called.
        ConfigError
            If ``n`` is not a positive integer, a condition names an unknown or numeric
            column or an unknown category, or a hyperparameter was set out of range.
        """
        check_is_fitted(self)
        n = check_int(n, "n", minimum=1)
        self._check_params()
        checked = check_conditions(conditions, self.categories_)
        rng = np.random.default_rng(draw_seed(random_state))
        return self._sample_rows(n, checked, rng)

    @property
    def categories_(self) -> dict[Any, list[Any]]:
        """Categories of each fitted categorical column."""
        return {
            column.name: list(column.categories)
            for column in self.columns_
            if column.kind == "categorical"
        }

    def _decode(self, codes: FloatArray) -> pd.DataFrame:
        """Turn a code matrix of shape (n_rows, n_columns) into a table of the fitted columns."""
        series = [column.decode(codes[:, i]) for i, column in enumerate(self.columns_)]
        return pd.concat(series, axis=1)

    def _position(self, name: Hashable) -> int:
        """Return the position of a fitted column."""
        return [column.name for column in self.columns_].index(name)

    def _check_params(self) -> None:
        """Raise :class:`ConfigError` if a hyperparameter is invalid; none by default."""

    def _min_rows(self) -> int:
        """Fewest rows the model can be fitted on."""
        return 2

    @abstractmethod
    def _fit_codes(self, codes: FloatArray, columns: list[TableColumn]) -> None:
        """Learn from the code matrix of shape (n_rows, n_columns) of a validated table."""

    @abstractmethod
    def _sample_rows(
        self, n: int, conditions: dict[Any, Any], rng: np.random.Generator
    ) -> pd.DataFrame:
        """Return ``n`` decoded rows meeting the checked ``conditions``, drawn from ``rng``."""


def _as_categorical(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    return values.astype("category")
