"""I.i.d. parametric baselines for a table of returns: Gaussian and Student-t."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import check_min_rows, to_numeric_frame


class IIDBaseline(BaseEstimator, ABC):
    """A baseline that draws each row independently; ``fit(data)`` then ``sample(n)``.

    Attributes
    ----------
    columns_ : list of str
        The fitted column names.
    """

    _fitted_attributes = ("columns_",)

    def fit(self, data: Any) -> Self:
        """Fit to a table with one column per variable (array, Series or DataFrame)."""
        frame = to_numeric_frame(data, what="training data")
        check_min_rows(frame, 2, what="training rows")
        self.columns_ = [str(column) for column in frame.columns]
        self._fit_values(frame.to_numpy())
        return self

    def sample(self, n: int, *, random_state: RandomState = None) -> pd.DataFrame:
        """Draw ``n`` independent rows with the columns seen in ``fit``."""
        check_is_fitted(self)
        n = check_int(n, "n", minimum=1)
        rng = np.random.default_rng(random_state)
        return pd.DataFrame(self._draw(n, rng), columns=self.columns_)

    @abstractmethod
    def _fit_values(self, values: npt.NDArray[np.float64]) -> None: ...

    @abstractmethod
    def _draw(self, n: int, rng: np.random.Generator) -> npt.NDArray[np.float64]: ...


class GaussianBaseline(IIDBaseline):
    """Multivariate Gaussian with the sample mean and covariance.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    covariance_ : ndarray of shape (n_features, n_features)
    """

    def _fit_values(self, values: npt.NDArray[np.float64]) -> None:
        self.mean_ = values.mean(axis=0)
        self.covariance_ = np.atleast_2d(np.cov(values, rowvar=False))

    def _draw(self, n: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
        return rng.multivariate_normal(self.mean_, self.covariance_, size=n)


class StudentTBaseline(IIDBaseline):
    """Independent Student-t marginals fitted by maximum likelihood, joined by a Gaussian copula.

    Attributes
    ----------
    params_ : list of (df, loc, scale)
        Fitted parameters of each column.
    correlation_ : ndarray of shape (n_features, n_features)
        Correlation of the normal scores, the copula's parameter.
    """

    def _fit_values(self, values: npt.NDArray[np.float64]) -> None:
        self.params_ = [tuple(map(float, stats.t.fit(column))) for column in values.T]
        scores = np.column_stack(
            [
                stats.norm.ppf(np.clip(stats.t.cdf(column, *params), 1e-12, 1 - 1e-12))
                for column, params in zip(values.T, self.params_, strict=True)
            ]
        )
        self.correlation_ = np.atleast_2d(np.corrcoef(scores, rowvar=False))

    def _draw(self, n: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
        dim = len(self.params_)
        normal = rng.multivariate_normal(np.zeros(dim), self.correlation_, size=n)
        uniform = stats.norm.cdf(normal)
        return np.column_stack([stats.t.ppf(uniform[:, i], *self.params_[i]) for i in range(dim)])
