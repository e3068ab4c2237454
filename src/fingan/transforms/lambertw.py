"""The heavy-tail Lambert W transform (Goerg, 2015), used by Quant GANs to lighten tails."""

from __future__ import annotations

from typing import Any, Self

import numpy as np
from scipy import optimize, special, stats

from fingan.core.exceptions import NotFittedError
from fingan.transforms.base import FloatArray, InvertibleTransform, restored_vector

_MAX_DELTA = 2.0


def gaussianize(values: FloatArray, delta: FloatArray) -> FloatArray:
    """Inverse heavy-tail Lambert W: ``sign(y) * sqrt(W(delta * y**2) / delta)`` per column.

    Columns with ``delta == 0`` are returned unchanged.
    """
    values = np.asarray(values, dtype=np.float64)
    delta = np.broadcast_to(np.asarray(delta, dtype=np.float64), values.shape)
    safe = np.where(delta > 0, delta, 1.0)
    argument = safe * values**2
    # W(x) / delta = y^2 (1 - x + 3/2 x^2 - ...): the series avoids dividing tiny (even
    # subnormal) numbers by tiny delta, where W(x) / delta loses all precision.
    ratio = values**2 * (1.0 - argument + 1.5 * argument**2)
    large = argument >= 1e-8
    ratio[large] = np.real(special.lambertw(argument[large])) / safe[large]
    lighter = np.sign(values) * np.sqrt(ratio)
    result: FloatArray = np.where(delta > 0, lighter, values)
    return result


def heavy_tail(values: FloatArray, delta: FloatArray) -> FloatArray:
    """Heavy-tail Lambert W: ``u * exp(delta * u**2 / 2)`` per column (inverse of gaussianize)."""
    values = np.asarray(values, dtype=np.float64)
    result: FloatArray = values * np.exp(0.5 * np.asarray(delta) * values**2)
    return result


def fit_delta(values: FloatArray) -> float:
    """Tail parameter delta that gives the gaussianized column zero excess kurtosis.

    ``values`` should be standardised. A column without excess kurtosis gets ``delta = 0``;
    the search is bounded to ``[0, 2]``. This moment condition is the target of Goerg's
    iterative generalised method of moments, solved here directly with Brent's method.
    """
    column = np.asarray(values, dtype=np.float64).ravel()
    if column.size < 4 or not np.std(column) > 0:
        return 0.0

    def excess(delta: float) -> float:
        return float(stats.kurtosis(gaussianize(column, np.asarray(delta))))

    if excess(0.0) <= 0.0:
        return 0.0
    if excess(_MAX_DELTA) > 0.0:
        return _MAX_DELTA
    return float(optimize.brentq(excess, 0.0, _MAX_DELTA, xtol=1e-6))


class LambertWGaussianizer(InvertibleTransform):
    """Make each (standardised) column closer to Gaussian with the inverse Lambert W transform.

    ``transform`` applies :func:`gaussianize` with a per-column ``delta`` learned by
    :func:`fit_delta`; ``inverse_transform`` puts the heavy tails back with :func:`heavy_tail`.
    Feed it standardised data (see :class:`~fingan.transforms.Pipeline`).

    Attributes
    ----------
    delta_ : ndarray of shape (n_features,)
        Learned tail parameters (0 means no change).
    """

    def __init__(self) -> None:
        self.delta_: FloatArray | None = None

    def fit(self, values: FloatArray) -> Self:
        """Learn ``delta_`` column by column."""
        values = np.asarray(values, dtype=np.float64)
        self.delta_ = np.array([fit_delta(column) for column in values.T])
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        """Lighten the tails."""
        return gaussianize(values, self._delta())

    def inverse_transform(self, values: FloatArray) -> FloatArray:
        """Restore the heavy tails."""
        return heavy_tail(values, self._delta())

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"delta": [...]}``."""
        return {"delta": self._delta().tolist()}

    @property
    def n_features_in_(self) -> int:
        """Number of columns."""
        return len(self._delta())

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If a ``delta`` is outside ``[0, 2]``, the range :func:`fit_delta` searches.
        """
        transform = cls()
        transform.delta_ = restored_vector(
            state, "delta", "LambertWGaussianizer", bounds=(0.0, _MAX_DELTA)
        )
        return transform

    def _delta(self) -> FloatArray:
        if self.delta_ is None:
            raise NotFittedError("this LambertWGaussianizer is not fitted yet; call fit first")
        return self.delta_
