"""Classical innovation models for a filter's standardised residuals: Student-t and empirical.

:class:`StudentTInnovations` draws each asset's residuals from a Student-t fitted by maximum
likelihood, joined across assets by a Gaussian copula; :class:`EmpiricalInnovations` draws
whole days of recent residuals (a volatility filter with empirical residuals *is* filtered
historical simulation). Neither depends on the simulated state: the filter carries all the
dynamics. The GAN innovation model, which does, is :class:`fingan.models.InnovationGAN`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.exceptions import TooFewRowsError
from fingan.core.filtered import FilteredReturns
from fingan.core.validation import check_int

__all__ = ["EmpiricalInnovations", "StudentTInnovations"]

FloatArray = npt.NDArray[np.float64]

#: Degrees of freedom are kept in this range (above 2: a finite variance).
_DF_RANGE = (2.1, 200.0)


class StudentTInnovations(BaseEstimator):
    r"""Student-t residuals per asset (location 0, fitted scale and degrees of freedom).

    Each asset's residuals are fitted a t distribution with location 0 by maximum likelihood
    (``scipy.stats.t.fit``); several assets are joined by a Gaussian copula whose correlation
    is that of the residuals' normal scores :math:`\Phi^{-1}(F_\nu(z))`.

    Attributes
    ----------
    df_, scale_ : ndarray of shape (n_assets,)
        Fitted degrees of freedom and scale of each asset.
    correlation_ : ndarray of shape (n_assets, n_assets)
        Correlation of the normal scores (the copula).
    """

    name: ClassVar[str] = "t"
    _fitted_attributes: ClassVar[tuple[str, ...]] = ("df_", "scale_", "correlation_")

    def __init__(self) -> None:
        pass

    def fit(self, filtered: FilteredReturns) -> Self:
        """Fit each asset's t distribution and the copula to the residuals."""
        fits = [stats.t.fit(column, floc=0.0) for column in filtered.residuals.T]
        self.df_ = np.clip([float(f[0]) for f in fits], *_DF_RANGE)
        self.scale_ = np.array([float(f[2]) for f in fits])
        uniform = special.stdtr(self.df_, filtered.residuals / self.scale_)
        scores = special.ndtri(np.clip(uniform, 1e-12, 1.0 - 1e-12))
        self.correlation_ = np.atleast_2d(np.corrcoef(scores, rowvar=False))
        return self

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> _TSampler:
        """Return a sampler of i.i.d. t days (the history does not matter)."""
        check_is_fitted(self)
        return _TSampler(self, n_paths, rng)

    def to_dict(self) -> dict[str, Any]:
        """Return the fitted state, JSON-ready."""
        return {
            "df": self.df_.tolist(),
            "scale": self.scale_.tolist(),
            "correlation": self.correlation_.tolist(),
        }

    def restore(self, state: dict[str, Any], arrays: dict[str, FloatArray]) -> Self:
        """Restore what :meth:`to_dict` returned."""
        self.df_ = _positive(state["df"], "df")
        self.scale_ = _positive(state["scale"], "scale")
        self.correlation_ = np.atleast_2d(np.asarray(state["correlation"], dtype=np.float64))
        if self.correlation_.shape != (len(self.df_), len(self.df_)):
            raise ValueError("innovation state: correlation must be n_assets x n_assets")
        return self


@dataclass
class _TSampler:
    model: StudentTInnovations
    n_paths: int
    rng: np.random.Generator

    def draw(self, variance: FloatArray) -> FloatArray:
        df, scale = self.model.df_, self.model.scale_
        if len(df) == 1:
            single: FloatArray = self.rng.standard_t(df[0], size=(self.n_paths, 1)) * scale
            return single
        root = np.linalg.cholesky(self.model.correlation_ + 1e-12 * np.eye(len(df)))
        normal = self.rng.standard_normal((self.n_paths, len(df))) @ root.T
        result: FloatArray = special.stdtrit(df, special.ndtr(normal)) * scale
        return result

    def advance(self, residuals: FloatArray, variance: FloatArray) -> None:
        pass


class EmpiricalInnovations(BaseEstimator):
    """Whole days of residuals drawn with replacement: filtered historical simulation.

    Parameters
    ----------
    window : int or None, default 500
        Draw from the residuals of the last ``window`` days of the history that scenarios
        follow (the recent residuals, as in the usual FHS setting), which must have at least
        that many days. ``None``: from every residual of the fitted data.

    Attributes
    ----------
    residuals_ : ndarray of shape (n_days, n_assets)
        The fitted residuals (drawn from when ``window`` is ``None``).
    """

    name: ClassVar[str] = "empirical"
    _fitted_attributes: ClassVar[tuple[str, ...]] = ("residuals_",)

    def __init__(self, *, window: int | None = 500) -> None:
        self.window = window

    def fit(self, filtered: FilteredReturns) -> Self:
        """Keep the residuals (see ``window``)."""
        if self.window is not None:
            check_int(self.window, "window", minimum=1)
            _check_days(filtered, self.window)
        self.residuals_ = filtered.residuals.copy()
        return self

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> _RowSampler:
        """Return a sampler of residual days of ``history`` (last ``window``) or of the fit."""
        check_is_fitted(self)
        if self.window is not None:
            _check_days(history, self.window)
        pool = self.residuals_ if self.window is None else history.residuals[-self.window :]
        return _RowSampler(pool, n_paths, rng)

    def to_dict(self) -> dict[str, Any]:
        """Return the fitted state, JSON-ready (the residuals go to the arrays file)."""
        return {}

    def arrays(self) -> dict[str, FloatArray]:
        """Return the arrays to store beside the JSON state."""
        return {"residuals": self.residuals_}

    def restore(self, state: dict[str, Any], arrays: dict[str, FloatArray]) -> Self:
        """Restore the fitted residuals."""
        residuals = np.asarray(arrays["residuals"], dtype=np.float64)
        if residuals.ndim != 2 or not np.all(np.isfinite(residuals)):
            raise ValueError("innovation state: residuals must be a finite 2-D array")
        self.residuals_ = residuals
        return self


@dataclass
class _RowSampler:
    pool: FloatArray
    n_paths: int
    rng: np.random.Generator

    def draw(self, variance: FloatArray) -> FloatArray:
        rows: FloatArray = self.pool[self.rng.integers(0, len(self.pool), size=self.n_paths)]
        return rows

    def advance(self, residuals: FloatArray, variance: FloatArray) -> None:
        pass


def _check_days(filtered: FilteredReturns, window: int) -> None:
    if len(filtered.residuals) < window:
        raise TooFewRowsError(
            f"the returns have {len(filtered.residuals)} days; drawing residuals of the last "
            f"{window} days (window) needs at least as many"
        )


def _positive(values: object, name: str) -> FloatArray:
    array = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if array.ndim != 1 or not np.all(np.isfinite(array)) or not np.all(array > 0):
        raise ValueError(f"innovation state: {name} must be positive numbers")
    return array
