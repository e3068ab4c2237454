r"""Volatility filters: EWMA (RiskMetrics), GARCH(1,1) and GJR-GARCH(1,1), all through ``arch``.

A filter splits daily log returns into :math:`r_t = \mu + \sigma_t z_t`: a conditional
variance :math:`\sigma_t^2` known at the end of day :math:`t - 1` and a standardised residual
:math:`z_t` (:class:`~fingan.core.filtered.FilteredReturns`). ``arch`` estimates the GARCH
family (returns times 100, so the optimiser sees numbers near one) and runs every filter
through a history with fixed parameters (``model.fix``), from ``arch``'s own backcast of the
first variance. Simulated paths roll the variance forward one day at a time with
:meth:`update`, for every path at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal, Self, get_args

import numpy as np
import numpy.typing as npt
from arch import arch_model
from arch.univariate import EWMAVariance, ZeroMean
from arch.univariate.base import ARCHModel

from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.core.validation import check_choice

__all__ = ["EWMAFilter", "GARCHFilter", "GJRGARCHFilter", "VolatilityFilterBase"]

FloatArray = npt.NDArray[np.float64]

#: Returns are multiplied by this before ``arch`` sees them.
_SCALE = 100.0

GARCHDist = Literal["t", "normal"]


class VolatilityFilterBase(BaseEstimator, ABC):
    """What every filter shares: per-asset ``arch`` models, the history filter, persistence.

    Subclasses say how one asset's ``arch`` model is built (:meth:`_arch_model`), how its
    parameters are estimated (:meth:`_estimate`) and how the variance moves one day
    (:meth:`update`).

    Attributes
    ----------
    params_ : ndarray of shape (n_assets, n_params)
        ``arch`` parameters of each asset (percent scale).
    long_run_variance_ : ndarray of shape (n_assets,)
        The variance the filter reverts to (squared return units); the training data's mean
        square for a filter that does not revert.
    """

    _fitted_attributes: ClassVar[tuple[str, ...]] = ("params_", "long_run_variance_")
    name: ClassVar[str]
    """The filter's short name in configuration names (``"ewma"``, ``"garch"``, ``"gjr"``)."""

    @abstractmethod
    def _arch_model(self, scaled: FloatArray) -> ARCHModel:
        """Return the ``arch`` model of one asset's returns times 100."""

    @abstractmethod
    def _estimate(self, scaled: FloatArray) -> FloatArray:
        """Return the fitted ``arch`` parameters of one asset's returns times 100."""

    @abstractmethod
    def _long_run(self, params: FloatArray, scaled: FloatArray) -> float:
        """Return the long-run variance (percent squared) of one asset."""

    @abstractmethod
    def update(self, variance: FloatArray, shock: FloatArray) -> FloatArray:
        """Return tomorrow's variance from today's variance and shock ``r - mean``.

        Parameters
        ----------
        variance, shock : ndarray of shape (n_paths, n_assets)
            Today's conditional variance and today's return minus the mean (return units).
        """

    def _check_params(self) -> None:
        """Check the hyperparameters (``fit`` runs this)."""

    def fit(self, returns: FloatArray) -> Self:
        """Estimate the filter from log returns of shape ``(n_days, n_assets)``."""
        self._check_params()
        values = _matrix(returns)
        scaled = values * _SCALE
        self.params_ = np.array([self._estimate(column) for column in scaled.T])
        self.long_run_variance_ = np.array(
            [self._long_run(p, column) for p, column in zip(self.params_, scaled.T, strict=True)]
        ) / (_SCALE**2)
        return self

    def filter(self, returns: FloatArray) -> FilteredReturns:
        """Filter a history of log returns with the fitted parameters.

        Parameters
        ----------
        returns : ndarray of shape (n_days, n_assets)
            Log returns in date order; the first variance is ``arch``'s backcast from them.

        Returns
        -------
        FilteredReturns
        """
        check_is_fitted(self)
        values = _matrix(returns)
        if values.shape[1] != len(self.params_):
            raise ValueError(f"the filter was fitted to {len(self.params_)} asset(s)")
        variances = np.empty_like(values)
        for k, column in enumerate(values.T):
            fixed = self._arch_model(column * _SCALE).fix(self.params_[k])
            variances[:, k] = np.asarray(fixed.conditional_volatility) ** 2 / _SCALE**2
        shocks = values - self.mean
        next_variance = self.update(variances[-1:], shocks[-1:])[0]
        return FilteredReturns(
            residuals=shocks / np.sqrt(variances),
            variances=variances,
            next_variance=next_variance,
            long_run_variance=self.long_run_variance_.copy(),
        )

    @property
    def mean(self) -> FloatArray:
        """The constant mean return of each asset (zero unless the model has a mean)."""
        check_is_fitted(self)
        return np.zeros(len(self.params_))

    def to_dict(self) -> dict[str, Any]:
        """Return the fitted state, JSON-ready."""
        check_is_fitted(self)
        return {
            "params": self.params_.tolist(),
            "long_run_variance": self.long_run_variance_.tolist(),
        }

    def restore(self, state: dict[str, Any]) -> Self:
        """Restore what :meth:`to_dict` returned, checked (finite, positive variances)."""
        self._check_params()
        params = np.asarray(state["params"], dtype=np.float64)
        long_run = np.asarray(state["long_run_variance"], dtype=np.float64)
        if params.ndim != 2 or long_run.shape != (len(params),):
            raise ValueError("filter state: params must be (n_assets, n_params)")
        if not (np.all(np.isfinite(params)) and np.all(long_run > 0)):
            raise ValueError("filter state: parameters must be finite, variances positive")
        self.params_, self.long_run_variance_ = params, long_run
        return self


class EWMAFilter(VolatilityFilterBase):
    r"""The RiskMetrics filter: :math:`\sigma_{t+1}^2 = \lambda \sigma_t^2 + (1 - \lambda) r_t^2`.

    Nothing is estimated (zero mean, fixed decay); ``arch``'s ``EWMAVariance`` runs the
    recursion through a history.

    Parameters
    ----------
    decay : float, default 0.94
        :math:`\lambda` in (0, 1); 0.94 is RiskMetrics' daily value (half-life 11 days).

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500().to_numpy()
    >>> filtered = EWMAFilter().fit(returns).filter(returns)
    >>> filtered.residuals.shape == returns.shape
    True
    """

    name = "ewma"

    def __init__(self, *, decay: float = 0.94) -> None:
        self.decay = decay

    def _check_params(self) -> None:
        decay = self.decay
        if isinstance(decay, bool) or not isinstance(decay, int | float) or not 0 < decay < 1:
            raise ConfigError(f"decay must be in (0, 1); got {decay!r}")

    def _arch_model(self, scaled: FloatArray) -> ARCHModel:
        return ZeroMean(scaled, volatility=EWMAVariance(lam=float(self.decay)))

    def _estimate(self, scaled: FloatArray) -> FloatArray:
        return np.empty(0)

    def _long_run(self, params: FloatArray, scaled: FloatArray) -> float:
        return float(np.mean(scaled**2))

    def update(self, variance: FloatArray, shock: FloatArray) -> FloatArray:
        """Return ``decay * variance + (1 - decay) * shock ** 2``."""
        result: FloatArray = self.decay * variance + (1.0 - self.decay) * shock**2
        return result


class GARCHFilter(VolatilityFilterBase):
    r"""GARCH(1,1) with a constant mean, fitted to each asset with ``arch``.

    .. math::

        r_t = \mu + \sigma_t z_t, \quad
        \sigma_{t+1}^2 = \omega + \alpha \varepsilon_t^2 + \beta \sigma_t^2

    Parameters
    ----------
    dist : {"t", "normal"}, default "t"
        The likelihood ``arch`` maximises: Student-t (efficient for fat-tailed returns) or
        normal (quasi-maximum likelihood, as in the original filtered historical
        simulation). Only the parameter estimates depend on it: the residuals' distribution
        is the innovation model's.
    """

    name = "garch"
    _asymmetric: ClassVar[int] = 0

    def __init__(self, *, dist: GARCHDist = "t") -> None:
        self.dist = dist

    def _check_params(self) -> None:
        check_choice(self.dist, "dist", get_args(GARCHDist))

    def _arch_model(self, scaled: FloatArray) -> ARCHModel:
        return arch_model(
            scaled, mean="Constant", vol="GARCH", p=1, o=self._asymmetric, q=1, dist=self.dist
        )

    def _estimate(self, scaled: FloatArray) -> FloatArray:
        result = self._arch_model(scaled).fit(disp="off")
        return np.asarray(result.params, dtype=np.float64)

    def _long_run(self, params: FloatArray, scaled: FloatArray) -> float:
        mu, omega, alpha, gamma, beta = self._parts(params)
        persistence = alpha + gamma / 2.0 + beta
        if persistence < 1.0:
            return float(omega / (1.0 - persistence))
        return float(np.mean((scaled - mu) ** 2))

    def _parts(self, params: FloatArray) -> tuple[float, float, float, float, float]:
        """``(mu, omega, alpha, gamma, beta)`` of one asset (``gamma`` 0 without asymmetry)."""
        gamma = float(params[3]) if self._asymmetric else 0.0
        beta = float(params[3 + self._asymmetric])
        return float(params[0]), float(params[1]), float(params[2]), gamma, beta

    def _vectors(self) -> FloatArray:
        """Parameters as rows ``mu, omega, alpha, gamma, beta`` over assets, return units."""
        parts = np.array([self._parts(p) for p in self.params_]).T  # (5, n_assets)
        parts[0] /= _SCALE
        parts[1] /= _SCALE**2
        return parts

    @property
    def mean(self) -> FloatArray:
        """The fitted constant mean of each asset (return units)."""
        check_is_fitted(self)
        result: FloatArray = self._vectors()[0]
        return result

    def update(self, variance: FloatArray, shock: FloatArray) -> FloatArray:
        """Return ``omega + (alpha + gamma [shock < 0]) shock ** 2 + beta * variance``."""
        _, omega, alpha, gamma, beta = self._vectors()
        slope = alpha + gamma * (shock < 0.0)
        result: FloatArray = omega + slope * shock**2 + beta * variance
        return result


class GJRGARCHFilter(GARCHFilter):
    r"""GJR-GARCH(1,1): negative shocks raise the variance more (the leverage effect).

    .. math::

        \sigma_{t+1}^2 = \omega + (\alpha + \gamma \mathbb{1}[\varepsilon_t < 0])
        \varepsilon_t^2 + \beta \sigma_t^2

    Glosten, Jagannathan & Runkle (1993); fitted with ``arch`` (``o=1``). Parameters as
    :class:`GARCHFilter`.
    """

    name = "gjr"
    _asymmetric = 1


def _matrix(returns: FloatArray) -> FloatArray:
    values = np.asarray(returns, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2 or len(values) < 2 or not np.all(np.isfinite(values)):
        raise ValueError("returns must be a finite (n_days, n_assets) array of 2+ days")
    return values
