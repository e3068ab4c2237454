"""New rows of one class by SMOTE-NC (Chawla et al., 2002), through imbalanced-learn."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from imblearn.base import BaseSampler
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC

from fingan.baselines.base import FloatArray
from fingan.baselines.table import TableBaseline, TableColumn
from fingan.core.exceptions import ConfigError, DataValidationError, ShapeError, TooFewRowsError
from fingan.core.random import library_seed
from fingan.core.validation import check_int

__all__ = ["SMOTENCBaseline"]


class SMOTENCBaseline(TableBaseline):
    """Synthetic rows of one class by SMOTE-NC, the oversampler of imbalanced-learn.

    ``fit(frame)`` only validates and keeps the table. ``sample(n, conditions={column:
    value})`` names the class to oversample: the categorical ``column`` is the label, every
    other column a feature. Each new row lies on the segment between a row of that class and
    one of its ``k_neighbors`` nearest neighbours in the class; numeric features are
    interpolated (integer columns rounded) and each categorical feature takes the most
    frequent category among the neighbours. ``imblearn.over_sampling.SMOTENC`` does the work
    (``SMOTE`` when no feature is categorical, ``SMOTEN`` when none is numeric), with the
    categorical features passed as category codes.

    Parameters
    ----------
    k_neighbors : int, default 5
        Neighbours within the class that new rows are drawn towards; the class needs at least
        ``k_neighbors + 1`` rows.

    Attributes
    ----------
    columns_ : list of TableColumn
        The fitted columns, in order.
    codes_ : ndarray of shape (n_rows, n_columns)
        The fitted table, numeric values and category codes.

    Notes
    -----
    SMOTE-NC scales its categorical distances by the median standard deviation of the
    numeric features in the smallest class of the label, as imbalanced-learn does.

    Examples
    --------
    >>> from fingan.datasets import load_german_credit
    >>> model = SMOTENCBaseline().fit(load_german_credit())
    >>> bad = model.sample(100, conditions={"creditability": "bad"}, random_state=0)
    >>> bad.shape, set(bad["creditability"])
    ((100, 21), {'bad'})
    """

    def __init__(self, *, k_neighbors: int = 5) -> None:
        self.k_neighbors = k_neighbors

    def _check_params(self) -> None:
        check_int(self.k_neighbors, "k_neighbors", minimum=1)

    def _fit_codes(self, codes: FloatArray, columns: list[TableColumn]) -> None:
        if len(columns) < 2:
            raise ShapeError(
                "SMOTE needs at least two columns: the class column and one feature; "
                f"the table has {len(columns)}"
            )
        self.codes_ = codes

    def _sample_rows(
        self, n: int, conditions: dict[Any, Any], rng: np.random.Generator
    ) -> pd.DataFrame:
        if len(conditions) != 1:
            raise ConfigError(
                f"{type(self).__name__}.sample needs exactly one condition, "
                f"{{class_column: value}}, naming the class to oversample; got {len(conditions)}"
            )
        ((name, value),) = conditions.items()
        position = self._position(name)
        code = self.columns_[position].code(value)
        labels = self.codes_[:, position].astype(np.int64)
        features = np.delete(self.codes_, position, axis=1)  # (n_rows, n_columns - 1)
        self._check_class(labels, code, name, value)
        sampler = self._sampler(
            [column for i, column in enumerate(self.columns_) if i != position],
            {code: int(np.count_nonzero(labels == code)) + n},
            library_seed(rng),
        )
        resampled, _ = sampler.fit_resample(features, labels)
        new = np.asarray(resampled, dtype=np.float64)[len(features) :]  # appended after the data
        return self._decode(np.insert(new, position, code, axis=1))

    def _check_class(self, labels: Any, code: int, name: Any, value: Any) -> None:
        count = int(np.count_nonzero(labels == code))
        if count < self.k_neighbors + 1:
            raise TooFewRowsError(
                f"class {value!r} of column {name!r} has {count} row(s); SMOTE with "
                f"k_neighbors={self.k_neighbors} needs at least {self.k_neighbors + 1}"
            )
        if np.unique(labels).size < 2:
            raise DataValidationError(
                f"column {name!r} holds only the class {value!r}; SMOTE needs rows of at least "
                "two classes"
            )

    def _sampler(
        self, features: list[TableColumn], strategy: dict[int, int], seed: int
    ) -> BaseSampler:
        categorical = [i for i, column in enumerate(features) if column.kind == "categorical"]
        options = {"sampling_strategy": strategy, "k_neighbors": self.k_neighbors}
        if not categorical:
            return SMOTE(random_state=seed, **options)
        if len(categorical) == len(features):
            return SMOTEN(random_state=seed, **options)
        return SMOTENC(categorical_features=categorical, random_state=seed, **options)
