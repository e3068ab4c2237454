r"""Exponentially weighted volatility features of a return history, for conditional models.

For each asset and half-life ``h`` (decay ``lambda = 2 ** (-1 / h)``), the exponentially
weighted moving variance

.. math:: v_t = \lambda v_{t-1} + (1 - \lambda) r_t^2

summarises the whole history up to day ``t`` in one number; its logarithm, standardised with
the training mean and spread, is a feature of day ``t``. A few half-lives (a week, a month, a
quarter) give a conditional model the volatility regime at several horizons, well beyond any
window of raw returns it also sees. The recursion is the RiskMetrics filter (J.P. Morgan,
1996); it runs through :func:`scipy.signal.lfilter`, and :meth:`EWMAVolatility.update` advances
it one day at a time for simulated paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from scipy.signal import lfilter

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.transforms.base import restored_vector

FloatArray = npt.NDArray[np.float64]

_FLOOR = 1e-12  # variance floor before the logarithm


class EWMAVolatility:
    """Standardised log EWMA variances of daily returns at several half-lives.

    Parameters
    ----------
    halflives : sequence of float
        Half-lives in days.

    Attributes
    ----------
    initial_ : ndarray of shape (n_assets,)
        Mean squared return of the training data: where every recursion starts.
    mean_, scale_ : ndarray of shape (n_halflives * n_assets,)
        Training mean and standard deviation of each log variance.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> returns = 0.01 * rng.standard_normal((500, 2))
    >>> features = EWMAVolatility((5.0, 20.0)).fit(returns)
    >>> features.transform(returns).shape
    (500, 4)
    """

    def __init__(self, halflives: Sequence[float] = (5.0, 20.0, 60.0)) -> None:
        self.halflives = tuple(float(halflife) for halflife in halflives)

    @property
    def decays(self) -> FloatArray:
        """``lambda`` of each half-life."""
        if not self.halflives or not all(h > 0 and np.isfinite(h) for h in self.halflives):
            raise ConfigError(f"halflives must be positive numbers; got {self.halflives!r}")
        return np.power(2.0, -1.0 / np.asarray(self.halflives))

    def fit(self, returns: FloatArray) -> Self:
        """Learn the starting variance and the feature scaling from ``(n_days, n_assets)``."""
        values = np.asarray(returns, dtype=np.float64)
        self.initial_ = np.maximum(np.mean(values**2, axis=0), _FLOOR)
        logs = np.log(self.variances(values))
        self.mean_ = logs.mean(axis=0)
        self.scale_ = np.maximum(logs.std(axis=0), 1e-6)
        return self

    def variances(self, returns: FloatArray) -> FloatArray:
        """EWMA variances after each day: ``(n_days, n_halflives * n_assets)``, half-life major."""
        check_is_fitted(self, ("initial_",))
        initial = self.initial_
        values = np.asarray(returns, dtype=np.float64)
        columns = []
        for decay in self.decays:
            state = decay * initial[None, :]  # lfilter's initial condition, one per asset
            filtered, _ = lfilter([1.0 - decay], [1.0, -decay], values**2, axis=0, zi=state)
            columns.append(filtered)
        variances: FloatArray = np.maximum(np.concatenate(columns, axis=1), _FLOOR)
        return variances

    def transform(self, returns: FloatArray) -> FloatArray:
        """Standardised log variances after each day, ``(n_days, n_features)``."""
        return self.features(self.variances(returns))

    def features(self, variances: FloatArray) -> FloatArray:
        """Standardise log variances (rows from :meth:`variances` or :meth:`update`)."""
        _, mean, scale = self._fitted()
        result: FloatArray = (np.log(np.maximum(variances, _FLOOR)) - mean) / scale
        return result

    def update(self, variances: FloatArray, returns: FloatArray) -> FloatArray:
        """Advance variances ``(n, n_features)`` by one day of returns ``(n, n_assets)``."""
        decays = np.repeat(self.decays, returns.shape[1])
        squares = np.tile(np.asarray(returns, dtype=np.float64) ** 2, len(self.halflives))
        result: FloatArray = decays * variances + (1.0 - decays) * squares
        return result

    def to_dict(self) -> dict[str, Any]:
        """Return the fitted state as lists."""
        initial, mean, scale = self._fitted()
        return {
            "halflives": list(self.halflives),
            "initial": initial.tolist(),
            "mean": mean.tolist(),
            "scale": scale.tolist(),
        }

    @property
    def n_assets_(self) -> int:
        """Number of assets seen in ``fit``."""
        return len(self._fitted()[0])

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If a half-life is not a positive number, a starting variance or scale is not
            finite and positive, a mean is not finite, or the lengths do not match.
        """
        owner = "EWMAVolatility"
        halflives = restored_vector(state, "halflives", owner, positive=True)
        features = cls(halflives.tolist())
        features.initial_ = restored_vector(state, "initial", owner, positive=True)
        n_features = len(halflives) * len(features.initial_)
        features.mean_ = restored_vector(state, "mean", owner, length=n_features)
        features.scale_ = restored_vector(state, "scale", owner, positive=True, length=n_features)
        return features

    def _fitted(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        check_is_fitted(self, ("initial_",))
        return self.initial_, self.mean_, self.scale_
