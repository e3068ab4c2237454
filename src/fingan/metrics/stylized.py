"""Stylized facts of dependence in daily log returns: over time and across assets.

Every function here is a pure, vectorised function of returns. The real side is one series of
shape ``(T,)``; the synthetic side is a batch of paths of shape ``(n_paths, horizon)``
(``ReturnPaths.asset(name)`` gives one). Curves (autocorrelations, leverage) are measured on each
path like on the real series and then averaged over paths; the correlation across assets pools
the paths.

The facts follow Cont (2001), "Empirical properties of asset returns: stylized facts and
statistical issues": no linear autocorrelation, volatility clustering (autocorrelation of
``|r|`` and ``r^2``) and the leverage effect. The facts of the distribution of returns (heavy
tails, gain/loss asymmetry, aggregational Gaussianity) are in :mod:`fingan.metrics.marginals`;
:mod:`fingan.metrics.scoreboard` turns both into errors of synthetic against real.
"""

from __future__ import annotations

import numpy as np
from scipy import fft

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.metrics.arrays import (
    FloatArray,
    RealReturns,
    SyntheticReturns,
    as_paths,
    as_real_and_synthetic,
    as_series,
)


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
    series = as_series(x)
    _check_lag(max_lag, series.size)
    centred = series - series.mean()
    covariance = _lagged_products(centred[None, :], centred[None, :], max_lag)[0]
    return _ratio(covariance[1:], covariance[0])


def path_acf(paths: SyntheticReturns, max_lag: int) -> FloatArray:
    """Autocorrelation of many paths of one asset, averaged over the paths.

    Each path's autocorrelation is computed as in :func:`acf` except for the centring: all paths
    are centred by the pooled mean of every path. Centring a short path by its own mean removes
    the part of its fluctuations that persists over the whole path, and so biases every lag
    downward by about ``1 / horizon`` for returns and by much more for a persistent series such
    as ``|r|`` (whose path means vary with the path's volatility regime). Paths of one generator
    share one mean, which the pooled mean estimates almost without error.

    Parameters
    ----------
    paths : array-like of shape (n_paths, horizon)
        One asset's paths.
    max_lag : int
        Largest lag, at least 1 and smaller than ``horizon``.

    Returns
    -------
    ndarray of shape (max_lag,)
        Mean over paths of each path's autocorrelation at lags ``1 .. max_lag``; paths with no
        variation around the pooled mean are left out, and NaN is returned if all are.
    """
    values = as_paths(paths)
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
    series = as_series(x)
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
    paths : array-like of shape (n_paths, horizon)
        One asset's paths of daily log returns.
    max_lag : int
        Largest lag, at least 1 and smaller than ``horizon``.

    Returns
    -------
    ndarray of shape (max_lag,)
        Mean over paths of ``corr(r_t, r_{t+k}^2)`` for ``k = 1 .. max_lag``.
    """
    values = as_paths(paths)
    _check_lag(max_lag, values.shape[1])
    returns = values - values.mean()
    squares = values**2 - np.mean(values**2)
    cross = _lagged_products(returns, squares, max_lag)  # (n_paths, max_lag + 1)
    scale = np.sqrt(np.mean(returns**2, axis=1) * np.mean(squares**2, axis=1))
    return _mean_over_paths(cross[:, 1:], scale[:, None])


def correlation_matrix_distance(real: RealReturns, synthetic: SyntheticReturns) -> float:
    """Frobenius norm of the difference between real and synthetic correlation matrices.

    The synthetic correlation is that of all days of all paths pooled. The norm counts each
    off-diagonal pair twice; it is 0 for one asset.

    Parameters
    ----------
    real : array-like of shape (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, horizon, n_assets)
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


def _check_lag(max_lag: int, length: int) -> None:
    if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 1:
        raise ConfigError(f"max_lag must be a positive integer; got {max_lag!r}")
    if max_lag >= length:
        raise TooFewRowsError(f"max_lag {max_lag} needs more than {max_lag} days; got {length}")
