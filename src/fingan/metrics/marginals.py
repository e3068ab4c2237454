"""Stylized facts of the distribution of one asset's log returns, daily and over ``h`` days.

Every function here is a pure, vectorised function of one asset's returns: one real series of
shape ``(T,)`` or a batch of synthetic paths of shape ``(n_paths, horizon)``. Quantiles, tail
indices and distances pool the paths; moments (skewness, kurtosis) are measured on each path
like on the real series and their median taken over paths.

The facts follow Cont (2001), "Empirical properties of asset returns: stylized facts and
statistical issues": heavy tails, gain/loss asymmetry and aggregational Gaussianity. The facts
of dependence (autocorrelation, volatility clustering, leverage) are in
:mod:`fingan.metrics.stylized`; :mod:`fingan.metrics.scoreboard` turns both into errors of
synthetic against real.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.metrics.arrays import (
    FloatArray,
    RealReturns,
    SyntheticReturns,
    as_paths,
    as_series,
    as_series_or_paths,
)
from fingan.metrics.distribution import excess_kurtosis


def aggregate(x: SyntheticReturns, horizon: int) -> FloatArray:
    """Log returns summed over ``horizon`` days, as a sample of their distribution.

    A series of shape ``(T,)`` is summed over every window of ``horizon`` consecutive days,
    overlapping (``T - horizon + 1`` sums). Every window's sum has the same distribution, so the
    overlapping sums estimate that distribution without bias and with a smaller variance than
    the ``T // horizon`` disjoint ones (they average the ``horizon`` possible disjoint grids);
    the overlap only makes them dependent, which matters for standard errors, not for the
    estimate. Paths of shape ``(n_paths, horizon)`` are plentiful, so they are summed over
    disjoint windows within each path (a trailing partial window is dropped) and pooled.

    Parameters
    ----------
    x : array-like of shape (T,) or (n_paths, horizon)
        One real series or one asset's paths.
    horizon : int
        Days per sum, at least 1 and at most the length of a series or path.

    Returns
    -------
    ndarray of shape (n_sums,)
        The ``horizon``-day log returns.
    """
    values = as_series_or_paths(x)
    if values.ndim == 1:
        overlapping: FloatArray = _overlapping_sums(values[None, :], horizon)[0]
        return overlapping
    _check_horizon_length(horizon, values.shape[1])
    n_windows = values.shape[1] // horizon
    windows = values[:, : n_windows * horizon].reshape(values.shape[0], n_windows, horizon)
    sums: FloatArray = windows.sum(axis=2).ravel()
    return sums


def wasserstein_horizons(
    real: RealReturns, synthetic: SyntheticReturns, horizons: Sequence[int] = (1, 5, 20)
) -> pd.Series:
    """Wasserstein-1 distance between real and synthetic ``h``-day log returns, per horizon.

    Both samples are those of :func:`aggregate`: overlapping sums of the real series, disjoint
    sums within each path pooled over paths. The distance is the area between the two
    empirical distribution functions, computed exactly (as ``scipy.stats.wasserstein_distance``
    does) from the two sorted samples, in ``O(n log n)``.

    Parameters
    ----------
    real : array-like of shape (T,)
        One asset's daily log returns.
    synthetic : array-like of shape (n_paths, horizon)
        The same asset's synthetic paths.
    horizons : sequence of int
        Horizons in days.

    Returns
    -------
    pandas.Series
        The distance at each horizon (in log-return units), indexed by ``horizon``.
    """
    series, paths = as_series(real), as_paths(synthetic)
    _check_horizons(horizons)
    distances = [
        _wasserstein_1(aggregate(series, horizon), aggregate(paths, horizon))
        for horizon in horizons
    ]
    return pd.Series(distances, index=_horizon_index(horizons), name="wasserstein_1")


def hill_tail_index(
    x: SyntheticReturns, tail: Literal["left", "right"] = "left", fraction: float = 0.05
) -> float:
    """Hill estimator of the tail index ``alpha`` of losses (left) or gains (right).

    With ``X_(1) >= X_(2) >= ...`` the order statistics of the losses ``-r`` (left tail) or the
    gains ``r`` (right tail) and ``k = floor(fraction * n)``,
    ``alpha = k / sum_{i <= k} log(X_(i) / X_(k+1))``. A tail ``P(X > x) ~ x^(-alpha)`` has
    moments of order below ``alpha`` only; daily equity returns typically give 2 to 5, a
    Student-t with ``nu`` degrees of freedom gives ``nu`` and a Gaussian grows without bound as
    ``k / n`` shrinks. Returns are not demeaned: daily means are negligible against tail quantiles.
    Tails that are Pareto only far out bias the estimate down at a large ``fraction`` (a
    Student-t(3) gives about 2.4 at 5 %, 2.85 at 1 %); real and synthetic share the bias when
    compared at one ``fraction``, while a smaller one trades it for variance.

    Parameters
    ----------
    x : array-like of shape (T,) or (n_paths, horizon)
        One asset's returns; paths are pooled.
    tail : {"left", "right"}
        Losses or gains.
    fraction : float
        Share of the sample in the tail, in (0, 0.5].

    Returns
    -------
    float
        The estimate; NaN when the threshold ``X_(k+1)`` is not positive (no such tail).
    """
    if tail not in ("left", "right"):
        raise ConfigError(f"tail must be 'left' or 'right'; got {tail!r}")
    if not 0.0 < fraction <= 0.5:
        raise ConfigError(f"fraction must be in (0, 0.5]; got {fraction!r}")
    values = as_series_or_paths(x).ravel()
    extremes = -values if tail == "left" else values
    k = int(fraction * extremes.size)
    if k < 2:
        raise TooFewRowsError(
            f"{extremes.size} returns leave {k} in the tail at fraction {fraction}; need 2"
        )
    # Largest k + 1 values, in any order but with the (k+1)-th largest at position 0.
    top = np.partition(extremes, extremes.size - k - 1)[extremes.size - k - 1 :]
    threshold = top[0]
    if threshold <= 0.0:
        return float("nan")
    return float(k / np.sum(np.log(top[1:] / threshold)))


def gain_loss_asymmetry(
    x: SyntheticReturns, horizons: Sequence[int] = (1, 5, 20), *, tail: float = 0.05
) -> pd.DataFrame:
    """Asymmetry of large gains and losses of ``h``-day log returns, per horizon.

    Two measures of Cont's (2001) gain/loss asymmetry (large drawdowns, no equally large rises):

    * ``skewness``: the bias-corrected sample skewness of the overlapping ``h``-day sums of the
      series, or its median over paths (moments of heavy-tailed data depend on the sample
      length, so a path is measured like the real series; see
      :func:`aggregational_gaussianity`). Sensitive to the few largest moves.
    * ``quantile_skewness``: ``(q_{1-p} + q_p - 2 q_{0.5}) / (q_{1-p} - q_p)`` with ``p = tail``
      and ``q`` the quantiles of the sample of :func:`aggregate` (paths pooled): a robust
      skewness of the tails, between -1 and 1, negative when the loss tail reaches further
      from the median than the gain tail. The scoreboard uses this one.

    Parameters
    ----------
    x : array-like of shape (T,) or (n_paths, horizon)
        One real series or one asset's paths.
    horizons : sequence of int
        Horizons in days.
    tail : float
        Tail probability ``p`` of the quantile skewness, in (0, 0.5).

    Returns
    -------
    pandas.DataFrame
        Columns ``skewness`` and ``quantile_skewness``, indexed by ``horizon``.
    """
    if not 0.0 < tail < 0.5:
        raise ConfigError(f"tail must be in (0, 0.5); got {tail!r}")
    values = as_series_or_paths(x)
    _check_horizons(horizons)
    rows = []
    for horizon in horizons:
        low, median, high = np.quantile(aggregate(values, horizon), [tail, 0.5, 1.0 - tail])
        spread = high - low
        quantile_skew = (high + low - 2.0 * median) / spread if spread > 0 else np.nan
        rows.append((_moment(values, horizon, "skewness"), float(quantile_skew)))
    return pd.DataFrame(
        rows, index=_horizon_index(horizons), columns=["skewness", "quantile_skewness"]
    )


def aggregational_gaussianity(
    x: SyntheticReturns, horizons: Sequence[int] = (1, 5, 20, 60)
) -> pd.Series:
    """Excess kurtosis of ``h``-day log returns, per horizon.

    Sums of many weakly dependent daily returns approach a Gaussian, so the curve falls toward 0
    as ``h`` grows; for i.i.d. returns it falls exactly as ``kurtosis(1) / h``, and volatility
    clustering makes it fall more slowly.

    A series gives :func:`fingan.metrics.distribution.excess_kurtosis` (bias-corrected) of its
    overlapping ``h``-day sums. Paths give the median over paths of the same statistic of each
    path. Kurtosis is not pooled over paths because the sample kurtosis of heavy-tailed returns
    grows with the sample: with a fourth moment that is infinite or barely finite, pooling a
    million days gives values that one real series of a few thousand days never shows, and a
    generator of exactly the real process would then look wrong. Measured path by path, a
    generator is compared with the real series on equal terms when its paths are as long as
    the real series.

    Parameters
    ----------
    x : array-like of shape (T,) or (n_paths, horizon)
        One real series or one asset's paths.
    horizons : sequence of int
        Horizons in days; each series or path needs at least ``h + 3`` days.

    Returns
    -------
    pandas.Series
        Excess kurtosis indexed by ``horizon``.
    """
    values = as_series_or_paths(x)
    _check_horizons(horizons)
    kurtosis = [_moment(values, horizon, "kurtosis") for horizon in horizons]
    return pd.Series(kurtosis, index=_horizon_index(horizons), name="excess_kurtosis")


def _overlapping_sums(paths: FloatArray, horizon: int) -> FloatArray:
    """Sum every ``horizon``-day window of each path: (n_paths, days per path - horizon + 1)."""
    _check_horizon_length(horizon, paths.shape[1])
    cumulative = np.cumsum(paths, axis=1)
    sums: FloatArray = cumulative[:, horizon - 1 :].copy()
    sums[:, 1:] -= cumulative[:, :-horizon]
    return sums


def _moment(values: FloatArray, horizon: int, kind: Literal["skewness", "kurtosis"]) -> float:
    """Skewness or excess kurtosis of overlapping sums: of a series, or the median over paths."""
    if values.ndim == 1:
        sums = _overlapping_sums(values[None, :], horizon)[0]
        if kind == "kurtosis":
            return excess_kurtosis(sums)
        return float(stats.skew(sums, bias=False))
    sums = _overlapping_sums(values, horizon)  # (n_paths, n_sums)
    if sums.shape[1] < 4:
        raise TooFewRowsError(
            f"paths of {values.shape[1]} days are too short for horizon {horizon}"
        )
    if kind == "kurtosis":
        per_path = stats.kurtosis(sums, axis=1, fisher=True, bias=False)
    else:
        per_path = stats.skew(sums, axis=1, bias=False)
    finite = per_path[np.isfinite(per_path)]
    return float(np.median(finite)) if finite.size else float("nan")


def _wasserstein_1(a: FloatArray, b: FloatArray) -> float:
    """Exact W1 of two 1-D samples: the integral of ``|F_a^-1(u) - F_b^-1(u)|`` over ``u``."""
    a_sorted, b_sorted = np.sort(a), np.sort(b)
    n, m = a_sorted.size, b_sorted.size
    # Both quantile functions are steps; between consecutive breakpoints both are constant.
    # Two sorted runs: a stable sort (timsort) merges them in linear time.
    cuts = np.sort(np.concatenate([np.arange(1, n) / n, np.arange(1, m) / m]), kind="stable")
    edges = np.concatenate(([0.0], cuts, [1.0]))
    middles = 0.5 * (edges[:-1] + edges[1:])
    a_index = np.minimum((middles * n).astype(np.int64), n - 1)
    b_index = np.minimum((middles * m).astype(np.int64), m - 1)
    return float(np.sum(np.diff(edges) * np.abs(a_sorted[a_index] - b_sorted[b_index])))


def _check_horizons(horizons: Sequence[int]) -> None:
    if len(horizons) == 0:
        raise ConfigError("horizons must not be empty")
    for horizon in horizons:
        if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
            raise ConfigError(f"horizons must be positive integers; got {horizon!r}")


def _check_horizon_length(horizon: int, length: int) -> None:
    _check_horizons([horizon])
    if horizon > length:
        raise TooFewRowsError(f"horizon {horizon} is longer than the series ({length} days)")


def _horizon_index(horizons: Sequence[int]) -> pd.Index:
    return pd.Index([int(horizon) for horizon in horizons], name="horizon")
