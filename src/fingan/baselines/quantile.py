"""Linear quantile regression of tomorrow's return on today's realised volatilities.

:class:`QuantileRegressionBaseline` is a deliberately simple forecasting benchmark: a grid of
conditional quantiles of the next day's log return, each a linear function of a few realised
volatilities of the history (a HAR-style quantile regression), turned into a whole predictive
distribution by interpolating between the quantiles. Paths of several days are rolled out one
day at a time, each path's volatilities updated with its own simulated returns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import optimize, special

from fingan.baselines.base import ConditionalPathBaseline, FloatArray, check_int, matrix_root
from fingan.core.exceptions import ConfigError, FinganError

__all__ = ["DEFAULT_LEVELS", "QuantileRegressionBaseline"]

#: Quantile levels fitted by default: dense in the tails, every 5% in the body.
DEFAULT_LEVELS: tuple[float, ...] = (
    0.01,
    0.025,
    0.05,
    *(round(0.1 + 0.05 * k, 2) for k in range(17)),
    0.95,
    0.975,
    0.99,
)

#: Smallest and largest probability mapped back to a quantile, so that tails stay finite.
_EDGE = 1e-9


class QuantileRegressionBaseline(ConditionalPathBaseline):
    r"""Conditional quantiles of the next return, linear in realised volatilities.

    For each asset and each level :math:`\tau` of a grid, the :math:`\tau`-quantile of the
    next day's log return is modelled as

    .. math::

        q_\tau(r_{t+1} \mid \mathcal F_t) = b_{\tau,0} + \sum_j b_{\tau,j}\, v_t^{(w_j)},
        \qquad v_t^{(w)} = \sqrt{\tfrac{1}{w} \textstyle\sum_{s=0}^{w-1} r_{t-s}^2},

    the realised volatility over the last ``w`` days for each window of ``windows`` (``w = 1``
    is :math:`|r_t|`; the default ``(1, 5, 22)`` is a day, a week and a month, as in HAR
    models). Because the features are volatilities, every quantile scales with recent
    volatility, and the body and tails may respond differently. The coefficients minimise the
    pinball loss of each level separately (Koenker and Bassett, 1978); they are found by
    solving the linear program's dual with HiGHS (``scipy.optimize.linprog``), which gives the
    same solution as ``sklearn.linear_model.QuantileRegressor(alpha=0, solver="highs")`` about
    twenty times faster.

    Sampling turns the predicted quantiles into a distribution:

    * the quantiles of each day are sorted, so they never cross (the rearrangement of
      Chernozhukov, Fernandez-Val and Galichon, 2010);
    * a uniform probability :math:`u` is drawn and mapped through the quantile function,
      linear between the fitted levels;
    * below the lowest level :math:`\tau_1` the quantile function continues as an exponential
      tail, :math:`q(u) = q_{\tau_1} + s \log(u / \tau_1)` with the scale ``s`` that joins
      :math:`q_{\tau_1}` and :math:`q_{\tau_2}` in :math:`\log u`; the upper tail mirrors it.
      Tails are thus unbounded and Laplace-like: thinner than a power law, but not clamped.

    Multi-day paths are rolled out one day at a time: each path's realised volatilities are
    updated with its own simulated returns before the next day's quantiles are predicted, so
    a large simulated move widens the rest of that path (volatility clustering), and
    :math:`h`-day sums are not simply independent draws.

    Several assets are fitted one at a time and joined by a Gaussian copula of their in-sample
    probability integral transforms: each day's uniforms are the normal CDF of a correlated
    normal vector whose correlation is that of the normal scores of the fitted PIT values. For
    one asset they are plain uniforms. Each asset's volatilities are its own.

    Parameters
    ----------
    quantiles : sequence of float, default :data:`DEFAULT_LEVELS`
        Levels fitted, at least two distinct values in (0, 1) (23 levels from 1% to 99%).
    windows : sequence of int, default (1, 5, 22)
        Days of each realised-volatility feature; positive and distinct.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    levels_ : ndarray of shape (n_levels,)
        The fitted quantile levels, sorted.
    coef_ : ndarray of shape (n_assets, n_levels, 1 + n_windows)
        Intercept and volatility coefficients of each asset and level.
    correlation_ : ndarray of shape (n_assets, n_assets)
        Correlation of the normal scores of the in-sample PIT values (the copula).
    history_ : ndarray of shape (max(windows), n_assets)
        The last days of the fitted returns, from which ``sample`` starts.

    Notes
    -----
    Fitting needs ``max(windows) + 100`` rows; ``sample_paths`` needs ``max(windows)`` rows of
    history. Fitting 23 levels on 4,000 days takes well under a second.

    References
    ----------
    Koenker, R. and Bassett, G. (1978). Regression quantiles. *Econometrica*, 46(1), 33-50.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500()
    >>> model = QuantileRegressionBaseline().fit(returns.iloc[:2000])
    >>> model.sample_paths(returns, 1000, 5, random_state=0).values.shape
    (1000, 5, 1)
    """

    def __init__(
        self,
        *,
        quantiles: Sequence[float] = DEFAULT_LEVELS,
        windows: Sequence[int] = (1, 5, 22),
    ) -> None:
        self.quantiles = quantiles
        self.windows = windows

    def _check_params(self) -> None:
        levels = np.asarray(self.quantiles, dtype=np.float64).ravel()
        if levels.size < 2 or not np.all((levels > 0.0) & (levels < 1.0)):
            raise ConfigError(
                f"quantiles must hold at least two levels in (0, 1); got {list(self.quantiles)!r}"
            )
        if np.unique(levels).size != levels.size:
            raise ConfigError(f"quantiles must be distinct; got {list(self.quantiles)!r}")
        windows = [check_int(window, "windows", minimum=1) for window in self.windows]
        if not windows or len(set(windows)) != len(windows):
            raise ConfigError(
                f"windows must be distinct positive integers; got {list(self.windows)!r}"
            )

    def _longest(self) -> int:
        return max(int(window) for window in self.windows)

    def _min_rows(self) -> int:
        return self._longest() + 100

    def _min_history_rows(self) -> int:
        return self._longest()

    def _fit_values(self, values: FloatArray) -> None:
        self.levels_ = np.sort(np.asarray(self.quantiles, dtype=np.float64))
        longest = self._longest()
        coefs, pits = [], []
        for column in values.T:
            features = _design(_realised_vol(column[:, None], self.windows))[:, 0]
            design, target = features[longest - 1 : -1], column[longest:]
            coef = np.stack([_fit_level(design, target, level) for level in self.levels_])
            coefs.append(coef)
            predicted = np.sort(design @ coef.T, axis=1)  # (n_days, n_levels)
            pits.append(_cdf(self.levels_, predicted, target))
        self.coef_ = np.stack(coefs)  # (n_assets, n_levels, 1 + n_windows)
        scores = special.ndtri(np.clip(np.column_stack(pits), 1e-6, 1.0 - 1e-6))
        self.correlation_ = np.atleast_2d(np.corrcoef(scores, rowvar=False))
        self.history_ = values[-longest:].copy()

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        return self._simulate_given(self.history_, n_paths, horizon, rng)

    def _simulate_given(
        self, history: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
    ) -> FloatArray:
        longest = self._longest()
        n_assets = history.shape[1]
        root = matrix_root(self.correlation_)
        # Each path carries its own recent days: (n_paths, longest + horizon, n_assets).
        window = np.empty((n_paths, longest + horizon, n_assets))
        window[:, :longest] = history[-longest:]
        for day in range(horizon):
            recent = window[:, day : day + longest]  # (n_paths, longest, n_assets)
            design = _design(_realised_vol_last(recent, self.windows))  # (n_paths, n_assets, f)
            normal = rng.standard_normal((n_paths, n_assets)) @ root.T  # copula draw
            uniform = np.clip(special.ndtr(normal), _EDGE, 1.0 - _EDGE)
            for k in range(n_assets):
                predicted = np.sort(design[:, k] @ self.coef_[k].T, axis=1)  # (n_paths, levels)
                window[:, longest + day, k] = _quantile(self.levels_, predicted, uniform[:, k])
        return window[:, longest:]


def _realised_vol(values: FloatArray, windows: Sequence[int]) -> FloatArray:
    """Realised volatility of every window ending on each day, shape (n_rows, n_assets, n_w).

    Rows before a window is full use the days available.
    """
    squared = np.concatenate([np.zeros((1, values.shape[1])), np.cumsum(values**2, axis=0)])
    rows = np.arange(1, len(values) + 1)
    out = np.empty((len(values), values.shape[1], len(windows)))
    for j, window in enumerate(windows):
        start = np.maximum(rows - int(window), 0)
        days = (rows - start)[:, None]
        out[:, :, j] = np.sqrt((squared[rows] - squared[start]) / days)
    return out


def _realised_vol_last(recent: FloatArray, windows: Sequence[int]) -> FloatArray:
    """Realised volatilities of the last days of each path, shape (n_paths, n_assets, n_w)."""
    squared = recent**2  # (n_paths, longest, n_assets)
    return np.stack(
        [np.sqrt(squared[:, -int(window) :].mean(axis=1)) for window in windows], axis=-1
    )


def _design(features: FloatArray) -> FloatArray:
    """Prepend the intercept column to the last axis of ``features``."""
    ones = np.ones((*features.shape[:-1], 1))
    return np.concatenate([ones, features], axis=-1)


def _fit_level(design: FloatArray, target: FloatArray, level: float) -> FloatArray:
    """Coefficients of the ``level`` quantile regression of ``target`` on ``design``.

    Solves the dual linear program of Koenker's quantile regression,
    ``max y'a  s.t.  X'a = (1 - tau) X'1,  0 <= a <= 1``, whose equality constraints have the
    (negated) primal coefficients as their Lagrange multipliers.
    """
    result = optimize.linprog(
        -target,
        A_eq=design.T,
        b_eq=(1.0 - level) * design.sum(axis=0),
        bounds=(0.0, 1.0),
        method="highs",
    )
    if result.status != 0:
        raise FinganError(f"quantile regression at level {level:g} failed: {result.message}")
    coef: FloatArray = -np.asarray(result.eqlin.marginals, dtype=np.float64)
    return coef


def _tail_scales(levels: FloatArray, quantiles: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Scales of the exponential lower and upper tails of each row of sorted quantiles."""
    lower = (quantiles[:, 1] - quantiles[:, 0]) / np.log(levels[1] / levels[0])
    upper = (quantiles[:, -1] - quantiles[:, -2]) / np.log((1.0 - levels[-2]) / (1.0 - levels[-1]))
    return lower, upper


def _quantile(levels: FloatArray, quantiles: FloatArray, u: FloatArray) -> FloatArray:
    """Return the quantile function of each row at probability ``u`` (one per row).

    ``levels`` (n_levels,) are sorted; ``quantiles`` (n_rows, n_levels) sorted along rows.
    Linear between levels, exponential beyond the outer ones.
    """
    rows = np.arange(len(u))
    upper_index = np.clip(np.searchsorted(levels, u), 1, len(levels) - 1)
    lo, hi = quantiles[rows, upper_index - 1], quantiles[rows, upper_index]
    weight = (u - levels[upper_index - 1]) / (levels[upper_index] - levels[upper_index - 1])
    out: FloatArray = lo + np.clip(weight, 0.0, 1.0) * (hi - lo)
    lower_scale, upper_scale = _tail_scales(levels, quantiles)
    below, above = u < levels[0], u > levels[-1]
    out[below] = quantiles[below, 0] + lower_scale[below] * np.log(u[below] / levels[0])
    out[above] = quantiles[above, -1] - upper_scale[above] * np.log(
        (1.0 - u[above]) / (1.0 - levels[-1])
    )
    return out


def _cdf(levels: FloatArray, quantiles: FloatArray, y: FloatArray) -> FloatArray:
    """Return the distribution function of each row at ``y``: inverse of :func:`_quantile`."""
    rows = np.arange(len(y))
    count = np.sum(quantiles <= y[:, None], axis=1)
    upper_index = np.clip(count, 1, len(levels) - 1)
    lo, hi = quantiles[rows, upper_index - 1], quantiles[rows, upper_index]
    gap = hi - lo
    weight = np.divide(y - lo, gap, out=np.ones_like(gap), where=gap > 0)
    span = levels[upper_index] - levels[upper_index - 1]
    out: FloatArray = levels[upper_index - 1] + np.clip(weight, 0.0, 1.0) * span
    lower_scale, upper_scale = _tail_scales(levels, quantiles)
    below, above = y < quantiles[:, 0], y > quantiles[:, -1]
    with np.errstate(divide="ignore", over="ignore"):
        out[below] = levels[0] * np.exp((y[below] - quantiles[below, 0]) / lower_scale[below])
        out[above] = 1.0 - (1.0 - levels[-1]) * np.exp(
            -(y[above] - quantiles[above, -1]) / upper_scale[above]
        )
    return np.clip(out, 0.0, 1.0)
