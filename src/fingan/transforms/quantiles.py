"""Quantile normalisation of a numeric column: its empirical distribution mapped to a normal.

A value's position ``u`` in the column's empirical distribution becomes the standard normal
quantile ``z = Phi^-1(u)``, stored as ``alpha = z / 4`` with a single mode, the layout of
:class:`~fingan.transforms.modes.ModeSpecificNormalizer`. Decoding maps ``alpha`` back through
the fitted quantiles, linearly interpolated, so a generator whose ``alpha`` is distributed as the
encoded data's gives the column's own shape: its skew, its tails up to the observed extremes,
and its *atoms* (values many rows share, such as loan durations of 12, 24 or 36 months), which
a mixture of Gaussian modes blurs. :class:`~fingan.transforms.tabular.TableTransformer` uses it
for columns with more distinct values than a mixture has modes (``numeric_encoding="auto"``).
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr, ndtri

from fingan.core.exceptions import CheckpointError, NotFittedError
from fingan.core.random import RandomState, library_seed
from fingan.transforms.base import restored_vector

__all__ = ["QuantileNormalizer"]

FloatArray = npt.NDArray[np.float64]

_SCALE = 4.0  # alpha = z / 4: the same scale as a mode's offset
_SNAP = 1e-6  # in units of the knots' spacing
_ROWS_PER_KNOT = 5


class QuantileNormalizer:
    """Quantile normalisation of one numeric column, as one mode.

    The fitted quantiles (*knots*) sit at probabilities ``(i + 0.5) / k``, ``i < k``, with
    ``k = min(n_quantiles, n // 5)``, interpolated between order statistics: each knot sits
    among at least five rows, so that the extremes a generator reaches are not one training
    row's values (a generated maximum equal to the training maximum singles that row out). A
    value equal to knots ``a..b`` (a value many rows share) is encoded at a probability drawn
    uniformly between theirs, so that its rows spread over the share of the distribution they
    hold; any other value at the interpolated probability, and values beyond the outer knots at
    theirs. Decoding inverts this exactly for every value between the outer knots.

    Parameters
    ----------
    n_quantiles : int, default 1000
        Most knots kept (and saved).
    random_state : int, numpy.random.Generator or None
        Seed of the draws that spread ties.

    Attributes
    ----------
    knots_ : ndarray of shape (k,)
        The fitted quantiles, non-decreasing.
    seed_ : int
        Seed of the tie draws, fixed in ``fit`` and saved, so every encoding of the same values
        is the same.

    Notes
    -----
    A saved model holds the knots: the column's distribution at the resolution of five rows.

    Examples
    --------
    >>> import numpy as np
    >>> months = np.array([12, 12, 24, 24, 24, 36, 6, 48, 18, 12] * 3)
    >>> normalizer = QuantileNormalizer(random_state=0).fit(months)
    >>> len(normalizer.knots_)  # 30 rows, five per knot
    6
    >>> alpha, modes = normalizer.transform(months)
    >>> decoded = normalizer.inverse_transform(alpha, modes)
    >>> inner = (months >= normalizer.knots_[0]) & (months <= normalizer.knots_[-1])
    >>> bool(np.allclose(decoded[inner], months[inner])), decoded.min(), decoded.max().round(6)
    (True, np.float64(8.5), np.float64(43.0))
    """

    n_modes = 1

    def __init__(self, *, n_quantiles: int = 1000, random_state: RandomState = None) -> None:
        self.n_quantiles = n_quantiles
        self.random_state = random_state
        self.knots_: FloatArray | None = None
        self.seed_ = 0

    def fit(self, values: npt.ArrayLike) -> Self:
        """Fit the quantiles of a 1-D sample (at least two rows)."""
        column = np.asarray(values, dtype=np.float64).reshape(-1)
        if column.size < 2:
            raise ValueError("quantile normalisation needs at least two values")
        count = max(2, min(self.n_quantiles, column.size // _ROWS_PER_KNOT))
        self.knots_ = np.quantile(column, _probabilities(count))
        self.seed_ = library_seed(self.random_state)
        return self

    def transform(self, values: npt.ArrayLike) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Return ``(alpha, mode)``; every mode is 0."""
        knots = self._knots()
        probabilities = _probabilities(knots.size)
        column = np.asarray(values, dtype=np.float64).reshape(-1)
        first = np.searchsorted(knots, column, side="left")
        last = np.searchsorted(knots, column, side="right") - 1
        position = np.interp(column, knots, probabilities)  # ties are overwritten below
        tied = first <= last  # the value is a knot: spread it over the knots it equals
        draws = np.random.default_rng(self.seed_).random(int(tied.sum()))
        low, high = probabilities[first[tied]], probabilities[last[tied]]
        position[tied] = low + draws * (high - low)
        alpha: FloatArray = ndtri(position) / _SCALE
        return alpha, np.zeros(column.size, dtype=np.int64)

    def inverse_transform(self, alpha: npt.ArrayLike, modes: npt.ArrayLike) -> FloatArray:
        """Return the interpolated quantile at ``Phi(4 alpha)`` (``modes`` is ignored)."""
        knots = self._knots()
        grid = ndtr(_SCALE * np.asarray(alpha, dtype=np.float64)) * knots.size - 0.5
        nearest = np.rint(grid)
        # Within rounding error of a knot: that knot exactly, so encoded values decode exactly.
        grid = np.where(np.abs(grid - nearest) < _SNAP, nearest, grid)
        result: FloatArray = np.interp(grid, np.arange(knots.size), knots)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Return the knots as a list, and the seed of the tie draws."""
        return {"knots": self._knots().tolist(), "seed": self.seed_}

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If the knots are fewer than two, not finite or decreasing, or the seed is not a
            non-negative integer.
        """
        knots = restored_vector(state, "knots", "QuantileNormalizer")
        if knots.size < 2 or np.any(np.diff(knots) < 0):
            raise CheckpointError("QuantileNormalizer.knots must be at least two, non-decreasing")
        seed = state.get("seed")
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise CheckpointError(f"QuantileNormalizer.seed must be an integer >= 0; got {seed!r}")
        normalizer = cls(n_quantiles=knots.size)
        normalizer.knots_, normalizer.seed_ = knots, seed
        return normalizer

    def _knots(self) -> FloatArray:
        if self.knots_ is None:
            raise NotFittedError("this QuantileNormalizer is not fitted yet; call fit first")
        return self.knots_


def _probabilities(count: int) -> FloatArray:
    """Return the probabilities ``(i + 0.5) / count`` the knots sit at."""
    return (np.arange(count, dtype=np.float64) + 0.5) / count
