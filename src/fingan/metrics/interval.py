r"""Interval forecasts and PIT values of overlapping outcomes: Winkler score, uniformity tests.

A forecast of an outcome over a holding period of ``h`` days, issued every ``s`` days with
``s < h``, overlaps its neighbours: consecutive outcomes share most of their days, so their
PIT values and band hits are positively dependent and ``n`` of them carry about as much
information as :func:`effective_count` ``= n s / h`` independent ones. The tests here take
that count instead of ``n`` (an honest, approximate correction, not an exact test).

The PIT values themselves come from :func:`fingan.metrics.forecast.pit_values` (with
``randomize=True`` for outcomes with atoms, e.g. a note that pays exactly its coupon on most
paths).

References
----------
Gneiting, T. and Raftery, A. E. (2007), Strictly proper scoring rules, prediction, and
estimation, JASA 102, section 6.2 (the interval score). Winkler, R. L. (1972), A decision-
theoretic approach to interval estimation, JASA 67.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from fingan.core.exceptions import ConfigError, DataValidationError, ShapeError
from fingan.core.validation import check_int
from fingan.metrics.arrays import aligned_series, check_series
from fingan.metrics.comparison import newey_west_variance

__all__ = [
    "PITUniformity",
    "coverage_p_value",
    "effective_count",
    "newey_west_effective_count",
    "pit_uniformity",
    "winkler_score",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PITUniformity:
    """Tests that PIT values are uniform, on an effective number of independent values.

    Attributes
    ----------
    n : int
        Number of PIT values.
    n_effective : float
        The number of independent values the tests assume (``n`` for independent values).
    ks_statistic : float
        Kolmogorov-Smirnov distance of the PIT values' empirical distribution from uniform.
    ks_p_value : float
        Its exact two-sided p-value for ``round(n_effective)`` values (the main test).
    chi2_statistic : float
        Pearson's chi-square on ``n_bins`` equal bins, scaled by ``n_effective / n``.
    chi2_p_value : float
        Its p-value with ``n_bins - 1`` degrees of freedom (rough when ``n_effective /
        n_bins`` is below 5).
    n_bins : int
        Bins of the chi-square test.
    """

    n: int
    n_effective: float
    ks_statistic: float
    ks_p_value: float
    chi2_statistic: float
    chi2_p_value: float
    n_bins: int

    def to_dict(self) -> dict[str, float | int]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


def winkler_score(
    observations: npt.ArrayLike,
    lower: npt.ArrayLike,
    upper: npt.ArrayLike,
    alpha: float,
) -> FloatArray:
    r"""Return the interval (Winkler) score of each observation; lower is better.

    .. math::

        S = (u - l) + \frac{2}{\alpha}(l - y)\,1\{y < l\} + \frac{2}{\alpha}(y - u)\,1\{y > u\}

    for the central ``1 - alpha`` interval ``[l, u]``: the width, plus ``2 / alpha`` times the
    distance by which the observation missed. A proper score: a band cannot win by being
    wide, nor by being narrow and missing.

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    lower, upper : array-like, shape (n,) or scalar
        The interval's bounds, ``lower <= upper``.
    alpha : float
        One minus the interval's nominal coverage, in (0, 1): 0.2 for a 10-90 % band.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The score of each observation (average it for a forecaster's score).

    Examples
    --------
    >>> winkler_score([0.5, -1.0, 3.0], 0.0, 1.0, alpha=0.2).tolist()
    [1.0, 11.0, 21.0]
    """
    if not 0.0 < alpha < 1.0:
        raise ConfigError(f"alpha must be in (0, 1); got {alpha!r}")
    y = check_series(observations, "observations")
    low = aligned_series(lower, y.size, "lower", reference="observations")
    high = aligned_series(upper, y.size, "upper", reference="observations")
    if np.any(low > high):
        raise DataValidationError("lower must not exceed upper")
    penalty = 2.0 / alpha
    score: FloatArray = (
        (high - low) + penalty * np.maximum(low - y, 0.0) + penalty * np.maximum(y - high, 0.0)
    )
    return score


def effective_count(n_outcomes: int, step: float, horizon: int) -> float:
    """Return how many of ``n_outcomes`` overlapping outcomes are effectively independent.

    Outcomes over ``horizon`` days that start every ``step`` days share days when ``step <
    horizon``; about ``n_outcomes * step / horizon`` of them do not overlap (one in every
    ``horizon / step``). The count is at most ``n_outcomes`` and at least 1.

    Parameters
    ----------
    n_outcomes : int
        Number of outcomes (at least 1).
    step : float
        Mean days between the starts of consecutive outcomes (positive).
    horizon : int
        Days per outcome (at least 1).

    Examples
    --------
    >>> effective_count(168, step=21.0, horizon=252)
    14.0
    >>> effective_count(10, step=21.0, horizon=5)
    10.0
    """
    n = check_int(n_outcomes, "n_outcomes", minimum=1)
    days = check_int(horizon, "horizon", minimum=1)
    if not (math.isfinite(step) and step > 0):
        raise ConfigError(f"step must be a positive number of days; got {step!r}")
    return float(min(n, max(1.0, n * step / days)))


def newey_west_effective_count(values: npt.ArrayLike, lags: int) -> float:
    """Return ``n`` times the series' variance over its Newey-West long-run variance.

    A data-driven check on :func:`effective_count`: for independent values it is about ``n``;
    positive autocorrelation within ``lags`` shrinks it. Noisy for short series; clipped to
    ``[1, n]``, and ``n`` for a constant series.

    Parameters
    ----------
    values : array-like, shape (n,)
        The series in time order (e.g. PIT values or band hits of consecutive starts).
    lags : int
        Autocovariances used, ``0 <= lags < n`` (about ``horizon / step - 1``).
    """
    series = check_series(values, "values")
    n = series.size
    variance = float(np.var(series))
    long_run = newey_west_variance(series, min(check_int(lags, "lags", minimum=0), n - 1))
    if variance <= 0.0 or long_run <= 0.0:
        return float(n)
    return float(min(n, max(1.0, n * variance / long_run)))


def pit_uniformity(
    pit: npt.ArrayLike, *, n_effective: float | None = None, n_bins: int = 10
) -> PITUniformity:
    """Test that PIT values are uniform, counting ``n_effective`` independent values.

    The Kolmogorov-Smirnov distance ``D`` of the values from the uniform distribution is
    referred to the exact distribution of ``D`` for ``round(n_effective)`` values; Pearson's
    chi-square on ``n_bins`` equal bins is scaled by ``n_effective / n`` (positively dependent
    values inflate the bins' variances by about ``n / n_effective``). Small p-values reject
    uniformity; with a small ``n_effective`` neither test has much power.

    Parameters
    ----------
    pit : array-like, shape (n,)
        PIT values in [0, 1].
    n_effective : float, optional
        Effective number of independent values, in ``[1, n]`` (default ``n``: independent).
    n_bins : int, default 10
        Bins of the chi-square test (at least 2).

    Examples
    --------
    >>> test = pit_uniformity(np.linspace(0.05, 0.95, 10), n_bins=5)
    >>> round(test.ks_statistic, 3), test.chi2_statistic
    (0.05, 0.0)
    """
    values = check_series(pit, "pit")
    if np.any((values < 0.0) | (values > 1.0)):
        raise DataValidationError("pit values must lie in [0, 1]")
    bins = check_int(n_bins, "n_bins", minimum=2)
    n = values.size
    count = float(n) if n_effective is None else float(n_effective)
    if not (math.isfinite(count) and 1.0 <= count <= n):
        raise ConfigError(f"n_effective must lie in [1, {n}]; got {n_effective!r}")
    ordered = np.sort(values)
    ranks = np.arange(1, n + 1)
    distance = float(max(np.max(ranks / n - ordered), np.max(ordered - (ranks - 1) / n)))
    counts, _ = np.histogram(values, bins=bins, range=(0.0, 1.0))
    expected = n / bins
    chi2 = float(np.sum((counts - expected) ** 2) / expected) * count / n
    return PITUniformity(
        n=n,
        n_effective=count,
        ks_statistic=distance,
        ks_p_value=float(stats.kstwo.sf(distance, max(1, round(count)))),
        chi2_statistic=chi2,
        chi2_p_value=float(stats.chi2.sf(chi2, bins - 1)),
        n_bins=bins,
    )


def coverage_p_value(inside: npt.ArrayLike, nominal: float, n_effective: float) -> float:
    """Return the two-sided p-value that a band's hit rate equals its ``nominal`` coverage.

    A normal approximation with the binomial variance of ``n_effective`` independent hits,
    ``nominal (1 - nominal) / n_effective``: rough, and generous to the band when outcomes
    overlap (it ignores that the hit rate's own estimate is noisy).

    Examples
    --------
    >>> round(coverage_p_value([True] * 8 + [False] * 2, 0.8, 10.0), 6)
    1.0
    """
    hits = np.asarray(inside, dtype=bool).ravel()
    if hits.size == 0:
        raise ShapeError("inside is empty")
    if not 0.0 < nominal < 1.0:
        raise ConfigError(f"nominal must be in (0, 1); got {nominal!r}")
    if not (math.isfinite(n_effective) and n_effective >= 1.0):
        raise ConfigError(f"n_effective must be at least 1; got {n_effective!r}")
    z = (hits.mean() - nominal) / math.sqrt(nominal * (1.0 - nominal) / n_effective)
    return float(2.0 * stats.norm.sf(abs(z)))
