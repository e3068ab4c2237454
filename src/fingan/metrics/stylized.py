"""Stylized facts of daily log returns, measured on a real series and on synthetic paths.

Every function here is a pure, vectorised function of one asset's returns. The real side is one
series of shape ``(T,)``; the synthetic side is a batch of paths of shape ``(n_paths, n_steps)``
(``ReturnPaths.asset(name)`` gives one). Curves (autocorrelations, leverage) and moments
(skewness, kurtosis) are measured on each path like on the real series and then averaged (or,
for moments, their median taken) over paths; quantiles, tail indices and distances pool the
paths.

The facts follow Cont (2001), "Empirical properties of asset returns: stylized facts and
statistical issues": no linear autocorrelation, heavy tails, volatility clustering, the leverage
effect, gain/loss asymmetry and aggregational Gaussianity. :mod:`fingan.metrics.scores` turns
them into errors of synthetic against real and into one ranking score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import fft, stats

from fingan.core.exceptions import ConfigError, MissingValueError, ShapeError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.metrics.distribution import excess_kurtosis

FloatArray = npt.NDArray[np.float64]

#: Real returns: one series (T,) or one column per asset (T, n_assets).
RealReturns = npt.ArrayLike | pd.Series | pd.DataFrame
#: Synthetic paths: ``ReturnPaths``, (n_paths, n_steps, n_assets) or one asset (n_paths, n_steps).
SyntheticReturns = ReturnPaths | npt.ArrayLike


def acf(x: RealReturns, max_lag: int) -> FloatArray:
    """Sample autocorrelation of one series at lags ``1 .. max_lag``.

    The estimator is the one of ``statsmodels.tsa.stattools.acf`` (``adjusted=False``): the
    series is centred by its mean and every lag's sum of products is divided by ``T``, not by
    ``T - k``. The bias toward 0 at long lags is the price of a positive-definite estimate with a
    smaller variance.

    Parameters
    ----------
    x : array-like of shape (T,)
        One series, e.g. daily log returns or their absolute values.
    max_lag : int
        Largest lag, at least 1 and smaller than ``T``.

    Returns
    -------
    ndarray of shape (max_lag,)
        ``rho[k - 1]`` is the autocorrelation at lag ``k``; NaN for a constant series.

    Examples
    --------
    >>> acf([1.0, -1.0, 1.0, -1.0], 2).round(3)
    array([-0.75,  0.5 ])
    """
    series = _as_series(x)
    _check_lag(max_lag, series.size)
    centred = series - series.mean()
    covariance = _lagged_products(centred[None, :], centred[None, :], max_lag)[0]
    return _ratio(covariance[1:], covariance[0])


def path_acf(paths: SyntheticReturns, max_lag: int) -> FloatArray:
    """Autocorrelation of many paths of one asset, averaged over the paths.

    Each path's autocorrelation is computed as in :func:`acf` except for the centring: all paths
    are centred by the pooled mean of every path. Centring a short path by its own mean removes
    the part of its fluctuations that persists over the whole path, and so biases every lag
    downward by about ``1 / n_steps`` for returns and by much more for a persistent series such
    as ``|r|`` (whose path means vary with the path's volatility regime). Paths of one generator
    share one mean, which the pooled mean estimates almost without error.

    Parameters
    ----------
    paths : array-like of shape (n_paths, n_steps)
        One asset's paths.
    max_lag : int
        Largest lag, at least 1 and smaller than ``n_steps``.

    Returns
    -------
    ndarray of shape (max_lag,)
        Mean over paths of each path's autocorrelation at lags ``1 .. max_lag``; paths with no
        variation around the pooled mean are left out, and NaN is returned if all are.
    """
    values = _as_paths(paths)
    _check_lag(max_lag, values.shape[1])
    centred = values - values.mean()
    covariance = _lagged_products(centred, centred, max_lag)  # (n_paths, max_lag + 1)
    return _mean_over_paths(covariance[:, 1:], covariance[:, :1])


def leverage(x: RealReturns, max_lag: int) -> FloatArray:
    """Leverage-effect curve: correlation of today's return with a later squared return.

    ``L(k) = corr(r_t, r_{t+k}^2)`` for ``k = 1 .. max_lag``, the definition used by Wiese et al.
    (2020, "Quant GANs") and, with ``|r|^2``, by Cont (2001). It is estimated like :func:`acf`:
    both series are centred by their means, the sum of ``(r_t - mean r) (r_{t+k}^2 - mean r^2)``
    is divided by ``T`` and then by the product of the two (biased) standard deviations. A
    Pearson correlation is scale-free, so real and synthetic curves compare directly; the
    normalisation ``E[r_t r_{t+k}^2] / E[r_t^2]^2`` of Bouchaud et al. (2001) has units of
    ``1 / r`` and would change with the level of volatility. Equity returns give ``L(k) < 0``
    over the first weeks: falling prices raise later volatility.

    Parameters
    ----------
    x : array-like of shape (T,)
        Daily log returns of one asset.
    max_lag : int
        Largest lag, at least 1 and smaller than ``T``.

    Returns
    -------
    ndarray of shape (max_lag,)
        ``L[k - 1]`` is the correlation at lag ``k``; NaN for a constant series.
    """
    series = _as_series(x)
    _check_lag(max_lag, series.size)
    returns = series - series.mean()
    squares = series**2 - np.mean(series**2)
    cross = _lagged_products(returns[None, :], squares[None, :], max_lag)[0]
    scale = np.sqrt(np.mean(returns**2) * np.mean(squares**2))
    return _ratio(cross[1:], scale)


def path_leverage(paths: SyntheticReturns, max_lag: int) -> FloatArray:
    """Leverage-effect curve of many paths of one asset, averaged over the paths.

    Each path's curve is computed as in :func:`leverage`, with ``r`` and ``r^2`` centred by their
    pooled means over all paths (see :func:`path_acf` for why).

    Parameters
    ----------
    paths : array-like of shape (n_paths, n_steps)
        One asset's paths of daily log returns.
    max_lag : int
        Largest lag, at least 1 and smaller than ``n_steps``.

    Returns
    -------
    ndarray of shape (max_lag,)
        Mean over paths of ``corr(r_t, r_{t+k}^2)`` for ``k = 1 .. max_lag``.
    """
    values = _as_paths(paths)
    _check_lag(max_lag, values.shape[1])
    returns = values - values.mean()
    squares = values**2 - np.mean(values**2)
    cross = _lagged_products(returns, squares, max_lag)  # (n_paths, max_lag + 1)
    scale = np.sqrt(np.mean(returns**2, axis=1) * np.mean(squares**2, axis=1))
    return _mean_over_paths(cross[:, 1:], scale[:, None])


def aggregate(x: SyntheticReturns, horizon: int) -> FloatArray:
    """Log returns summed over ``horizon`` days, as a sample of their distribution.

    A series of shape ``(T,)`` is summed over every window of ``horizon`` consecutive days,
    overlapping (``T - horizon + 1`` sums). Every window's sum has the same distribution, so the
    overlapping sums estimate that distribution without bias and with a smaller variance than
    the ``T // horizon`` disjoint ones (they average the ``horizon`` possible disjoint grids);
    the overlap only makes them dependent, which matters for standard errors, not for the
    estimate. Paths of shape ``(n_paths, n_steps)`` are plentiful, so they are summed over
    disjoint windows within each path (a trailing partial window is dropped) and pooled.

    Parameters
    ----------
    x : array-like of shape (T,) or (n_paths, n_steps)
        One real series or one asset's paths.
    horizon : int
        Days per sum, at least 1 and at most the length of a series or path.

    Returns
    -------
    ndarray of shape (n_sums,)
        The ``horizon``-day log returns.
    """
    values = _as_series_or_paths(x)
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
    synthetic : array-like of shape (n_paths, n_steps)
        The same asset's synthetic paths.
    horizons : sequence of int
        Horizons in days.

    Returns
    -------
    pandas.Series
        The distance at each horizon (in log-return units), indexed by ``horizon``.
    """
    series, paths = _as_series(real), _as_paths(synthetic)
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
    x : array-like of shape (T,) or (n_paths, n_steps)
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
    values = _as_series_or_paths(x).ravel()
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
    x : array-like of shape (T,) or (n_paths, n_steps)
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
    values = _as_series_or_paths(x)
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
    x : array-like of shape (T,) or (n_paths, n_steps)
        One real series or one asset's paths.
    horizons : sequence of int
        Horizons in days; each series or path needs at least ``h + 3`` days.

    Returns
    -------
    pandas.Series
        Excess kurtosis indexed by ``horizon``.
    """
    values = _as_series_or_paths(x)
    _check_horizons(horizons)
    kurtosis = [_moment(values, horizon, "kurtosis") for horizon in horizons]
    return pd.Series(kurtosis, index=_horizon_index(horizons), name="excess_kurtosis")


def correlation_matrix_distance(real: RealReturns, synthetic: SyntheticReturns) -> float:
    """Frobenius norm of the difference between real and synthetic correlation matrices.

    The synthetic correlation is that of all days of all paths pooled. The norm counts each
    off-diagonal pair twice; it is 0 for one asset.

    Parameters
    ----------
    real : array-like of shape (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, n_steps, n_assets)
        Synthetic paths of the same assets.

    Returns
    -------
    float
        ``||corr(real) - corr(synthetic)||_F``.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    n_assets = real_values.shape[1]
    if n_assets == 1:
        return 0.0
    real_corr = np.corrcoef(real_values, rowvar=False)
    synthetic_corr = np.corrcoef(synthetic_values.reshape(-1, n_assets), rowvar=False)
    return float(np.linalg.norm(real_corr - synthetic_corr, ord="fro"))


def as_real_and_synthetic(
    real: RealReturns, synthetic: SyntheticReturns
) -> tuple[FloatArray, FloatArray]:
    """Check and convert real returns and synthetic paths to float arrays of matching assets.

    Parameters
    ----------
    real : array-like, pandas.Series or pandas.DataFrame
        Shape ``(T,)`` (one asset) or ``(T, n_assets)``.
    synthetic : ReturnPaths or array-like
        Shape ``(n_paths, n_steps, n_assets)``, or ``(n_paths, n_steps)`` for one asset.

    Returns
    -------
    real : ndarray of shape (T, n_assets)
    synthetic : ndarray of shape (n_paths, n_steps, n_assets)

    Raises
    ------
    ShapeError
        If a shape is wrong or the numbers of assets differ.
    MissingValueError
        If either holds NaN or infinite values.
    """
    real_values = _finite(np.asarray(real, dtype=np.float64), "real returns")
    if real_values.ndim == 1:
        real_values = real_values[:, None]
    if real_values.ndim != 2:
        raise ShapeError(
            f"real returns must have shape (T,) or (T, n_assets); got {real_values.shape}"
        )
    raw = synthetic.values if isinstance(synthetic, ReturnPaths) else synthetic
    synthetic_values = _finite(np.asarray(raw, dtype=np.float64), "synthetic paths")
    if synthetic_values.ndim == 2:
        synthetic_values = synthetic_values[:, :, None]
    if synthetic_values.ndim != 3:
        raise ShapeError(
            "synthetic paths must have shape (n_paths, n_steps, n_assets) or (n_paths, n_steps);"
            f" got {synthetic_values.shape}"
        )
    if real_values.shape[1] != synthetic_values.shape[2]:
        raise ShapeError(
            f"real returns have {real_values.shape[1]} assets, synthetic paths"
            f" {synthetic_values.shape[2]}"
        )
    return real_values, synthetic_values


def _overlapping_sums(paths: FloatArray, horizon: int) -> FloatArray:
    """Sum every ``horizon``-day window of each path: (n_paths, n_steps - horizon + 1)."""
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


def _lagged_products(a: FloatArray, b: FloatArray, max_lag: int) -> FloatArray:
    """``sum_t a[..., t] b[..., t + k] / n`` for ``k = 0 .. max_lag``, by FFT on the last axis."""
    n = a.shape[-1]
    size = int(fft.next_fast_len(n + max_lag, real=True))
    spectrum = np.conj(fft.rfft(a, size, axis=-1)) * fft.rfft(b, size, axis=-1)
    products: FloatArray = fft.irfft(spectrum, size, axis=-1)[..., : max_lag + 1] / n
    return products


def _ratio(numerator: FloatArray, denominator: float | np.floating) -> FloatArray:
    if not denominator > 0.0:
        return np.full(numerator.shape, np.nan)
    return numerator / denominator


def _mean_over_paths(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """Mean over paths (axis 0) of ``numerator / denominator``, skipping non-positive ones."""
    valid = denominator[:, 0] > 0.0
    if not valid.any():
        return np.full(numerator.shape[1], np.nan)
    mean: FloatArray = np.mean(numerator[valid] / denominator[valid], axis=0)
    return mean


def _as_series(x: RealReturns) -> FloatArray:
    values = _finite(np.asarray(x, dtype=np.float64), "returns")
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ShapeError(f"expected one series of shape (T,); got shape {values.shape}")
    return values


def _as_paths(x: SyntheticReturns) -> FloatArray:
    raw = x.values if isinstance(x, ReturnPaths) else x
    values = _finite(np.asarray(raw, dtype=np.float64), "paths")
    if values.ndim == 3 and values.shape[2] == 1:
        values = values[:, :, 0]
    if values.ndim != 2:
        raise ShapeError(
            f"expected one asset's paths of shape (n_paths, n_steps); got {values.shape}"
        )
    return values


def _as_series_or_paths(x: SyntheticReturns) -> FloatArray:
    if isinstance(x, ReturnPaths):
        return _as_paths(x)
    values = np.asarray(x, dtype=np.float64)
    return _as_series(values) if values.ndim == 1 else _as_paths(values)


def _finite(values: FloatArray, what: str) -> FloatArray:
    if values.size == 0:
        raise ShapeError(f"{what} are empty")
    if not np.isfinite(values).all():
        raise MissingValueError(f"{what} hold NaN or infinite values")
    return values


def _check_lag(max_lag: int, length: int) -> None:
    if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 1:
        raise ConfigError(f"max_lag must be a positive integer; got {max_lag!r}")
    if max_lag >= length:
        raise TooFewRowsError(f"max_lag {max_lag} needs more than {max_lag} days; got {length}")


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
