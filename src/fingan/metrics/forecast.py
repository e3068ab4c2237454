"""Scores of probabilistic forecasts given as samples (an ensemble per observation).

Shapes: ``observations`` is ``(n,)``; ``samples`` is ``(n, m)``, row ``i`` holding ``m`` draws
from the forecast distribution of observation ``i`` (the ensemble axis is the last one).
Lower is better for CRPS and pinball loss; a calibrated forecast covers its nominal share of
observations and has uniform PIT values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scoringrules as sr
from scipy import stats

from fingan.core.exceptions import ConfigError, DataValidationError, MissingValueError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int

FloatArray = npt.NDArray[np.float64]

DEFAULT_QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


@dataclass(frozen=True)
class PITHistogram:
    """Counts of PIT values in equal-width bins of [0, 1] and a chi-square uniformity test.

    Attributes
    ----------
    counts : tuple of int
        Number of PIT values in each bin (the last bin includes 1).
    edges : tuple of float
        The ``n_bins + 1`` bin edges.
    statistic : float
        Pearson's chi-square statistic against equal expected counts.
    p_value : float
        Its p-value (``n_bins - 1`` degrees of freedom); small values reject uniformity.
    """

    counts: tuple[int, ...]
    edges: tuple[float, ...]
    statistic: float
    p_value: float

    def to_dict(self) -> dict[str, list[int] | list[float] | float]:
        """Return the fields as a JSON-ready dict."""
        return {
            "counts": list(self.counts),
            "edges": list(self.edges),
            "statistic": self.statistic,
            "p_value": self.p_value,
        }


def crps_from_samples(
    observations: npt.ArrayLike, samples: npt.ArrayLike, *, fair: bool = True
) -> FloatArray:
    """Continuous ranked probability score of each observation under its sample forecast.

    Computed by :func:`scoringrules.crps_ensemble` with the ensemble on the last axis. With
    ``fair=True`` (the default) it uses the probability-weighted-moment estimator, which equals
    the "fair" estimator ``E|X - y| - E|X - X'| / 2`` with ``m (m - 1)`` pairs: an unbiased
    estimate of the CRPS of the distribution the samples are drawn from, so forecasts with
    different numbers of samples compare fairly (Ferro 2014; Zamo and Naveau 2018). With
    ``fair=False`` it is the CRPS of the empirical distribution of the samples (quantile
    decomposition estimator), which is larger by ``E|X - X'| / (2m)`` on average.

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    samples : array-like, shape (n, m)
        Forecast samples, ``m >= 2`` per observation.
    fair : bool
        Unbiased estimator (True) or CRPS of the empirical distribution (False).

    Returns
    -------
    numpy.ndarray, shape (n,)
        CRPS of each observation (in the units of the observations; lower is better).

    Examples
    --------
    >>> crps_from_samples([0.0], [[-1.0, 1.0]], fair=False).round(3).tolist()
    [0.5]
    >>> crps_from_samples([0.0], [[-1.0, 1.0]]).round(3).tolist()
    [0.0]
    """
    obs, ensemble = _observations_and_samples(observations, samples)
    estimator = "pwm" if fair else "qd"
    scores = sr.crps_ensemble(obs, ensemble, m_axis=-1, estimator=estimator, backend="numpy")
    result: FloatArray = np.asarray(scores, dtype=np.float64)
    return result


def pinball_loss(
    observations: npt.ArrayLike,
    quantile_forecasts: npt.ArrayLike,
    quantiles: npt.ArrayLike,
) -> pd.Series:
    """Mean pinball (quantile) loss of each quantile forecast.

    For quantile ``tau`` and forecast ``q`` the loss of observation ``y`` is
    ``max(tau (y - q), (tau - 1) (y - q))``; its expectation is smallest at the true quantile.

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    quantile_forecasts : array-like, shape (n, k)
        Column ``j`` forecasts quantile ``quantiles[j]``; shape ``(n,)`` when ``k = 1``.
    quantiles : array-like of float, shape (k,)
        The quantile levels, each in (0, 1).

    Returns
    -------
    pandas.Series
        Mean loss per quantile, indexed by quantile level, named ``pinball_loss``.

    Examples
    --------
    >>> pinball_loss([1.0, 2.0], [[0.0, 2.0], [0.0, 2.0]], [0.1, 0.9]).round(3).tolist()
    [0.15, 0.05]
    """
    levels = _quantile_levels(quantiles)
    obs = _vector(observations, "observations")
    forecasts = np.asarray(quantile_forecasts, dtype=np.float64)
    if forecasts.ndim == 1 and levels.size == 1:
        forecasts = forecasts[:, np.newaxis]
    if forecasts.shape != (obs.size, levels.size):
        raise ShapeError(
            f"quantile_forecasts must have shape ({obs.size}, {levels.size}); got {forecasts.shape}"
        )
    _check_finite(forecasts, "quantile_forecasts")
    errors = obs[:, np.newaxis] - forecasts  # (n, k)
    losses = np.maximum(levels * errors, (levels - 1.0) * errors)
    return pd.Series(
        losses.mean(axis=0), index=pd.Index(levels, name="quantile"), name="pinball_loss"
    )


def interval_coverage(
    observations: npt.ArrayLike, lower: npt.ArrayLike, upper: npt.ArrayLike
) -> float:
    """Share of observations inside their forecast interval ``[lower, upper]``.

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    lower, upper : array-like, shape (n,) or scalar
        Interval bounds (inclusive), ``lower <= upper``.

    Returns
    -------
    float
        Share in [0, 1]; compare it with the interval's nominal coverage.

    Examples
    --------
    >>> interval_coverage([0.0, 1.0, 2.0, 3.0], lower=0.5, upper=2.0)
    0.5
    """
    obs = _vector(observations, "observations")
    low = _matching(lower, obs.size, "lower")
    high = _matching(upper, obs.size, "upper")
    if np.any(low > high):
        raise DataValidationError("lower must not exceed upper")
    return float(np.mean((obs >= low) & (obs <= high)))


def pit_values(
    observations: npt.ArrayLike,
    samples: npt.ArrayLike,
    *,
    randomize: bool = False,
    random_state: RandomState = None,
) -> FloatArray:
    """Probability integral transform of each observation under its sample forecast.

    Without randomisation the PIT is the share of samples at or below the observation, the
    forecast's empirical distribution function at ``y``. That value lies on the grid
    ``0, 1/m, ..., 1`` and is not exactly uniform even for a perfect forecast. With
    ``randomize=True`` it is ``(#{x < y} + V (#{x = y} + 1)) / (m + 1)`` with
    ``V ~ Uniform(0, 1)``: the observation's rank among the samples spread uniformly over its
    cell, ties broken at random, which is exactly Uniform(0, 1) when the observation is drawn
    from the same distribution as the samples (the randomised rank histogram; Czado, Gneiting
    and Held 2009).

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    samples : array-like, shape (n, m)
        Forecast samples.
    randomize : bool
        Use the randomised PIT.
    random_state : int, numpy.random.Generator or None
        Seed of the randomisation (ignored without it).

    Returns
    -------
    numpy.ndarray, shape (n,)
        PIT values in [0, 1].

    Examples
    --------
    >>> pit_values([0.5, 3.0], [[0.0, 1.0], [1.0, 2.0]]).tolist()
    [0.5, 1.0]
    """
    obs, ensemble = _observations_and_samples(observations, samples, min_members=1)
    column = obs[:, np.newaxis]
    at_or_below = np.sum(ensemble <= column, axis=1)
    m = ensemble.shape[1]
    if not randomize:
        result: FloatArray = at_or_below / m
        return result
    below = np.sum(ensemble < column, axis=1)
    rng = np.random.default_rng(draw_seed(random_state))
    spread = rng.uniform(size=obs.size) * (at_or_below - below + 1)
    randomized: FloatArray = (below + spread) / (m + 1)
    return randomized


def pit_histogram(pit: npt.ArrayLike, n_bins: int = 10) -> PITHistogram:
    """Histogram of PIT values and Pearson's chi-square test of their uniformity.

    A U-shape means an overconfident (too narrow) forecast, a hump an underconfident one, a
    slope a biased one.

    Parameters
    ----------
    pit : array-like, shape (n,)
        PIT values in [0, 1], e.g. from :func:`pit_values`.
    n_bins : int
        Number of equal-width bins (at least 2); keep ``n / n_bins`` at 5 or more for the
        chi-square approximation.

    Returns
    -------
    PITHistogram
        Counts, edges, statistic and p-value.

    Examples
    --------
    >>> histogram = pit_histogram([0.1, 0.3, 0.6, 0.9], n_bins=2)
    >>> histogram.counts, histogram.p_value
    ((2, 2), 1.0)
    """
    bins = check_int(n_bins, "n_bins", minimum=2)
    values = _vector(pit, "pit")
    if np.any((values < 0) | (values > 1)):
        raise DataValidationError("pit values must lie in [0, 1]")
    counts, edges = np.histogram(values, bins=bins, range=(0.0, 1.0))
    statistic, p_value = stats.chisquare(counts)
    return PITHistogram(
        counts=tuple(int(count) for count in counts),
        edges=tuple(float(edge) for edge in edges),
        statistic=float(statistic),
        p_value=float(p_value),
    )


def forecast_scores(
    observations: npt.ArrayLike,
    samples: npt.ArrayLike,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    interval: float = 0.9,
    *,
    n_bins: int = 10,
    random_state: RandomState = None,
) -> pd.Series:
    """Summary scores of sample forecasts.

    Quantile forecasts and the central interval come from the empirical quantiles of each
    row of samples; the PIT is randomised (see :func:`pit_values`) so that its uniformity test
    is exact, which is why the summary takes a ``random_state``.

    Parameters
    ----------
    observations : array-like, shape (n,)
        Realised values.
    samples : array-like, shape (n, m)
        Forecast samples, ``m >= 2``.
    quantiles : sequence of float
        Quantile levels scored by the pinball loss.
    interval : float
        Nominal coverage of the central interval, in (0, 1).
    n_bins : int
        Bins of the PIT histogram.
    random_state : int, numpy.random.Generator or None
        Seed of the randomised PIT.

    Returns
    -------
    pandas.Series
        ``crps`` (mean, fair estimator), ``pinball_<q>`` for each quantile, ``coverage``
        (share inside the central interval), ``coverage_nominal`` (``interval``) and
        ``pit_p_value`` (chi-square uniformity test); named ``forecast_scores``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> scores = forecast_scores(
    ...     rng.normal(size=200), rng.normal(size=(200, 100)), quantiles=(0.5,), random_state=0
    ... )
    >>> scores.index.tolist()
    ['crps', 'pinball_0.5', 'coverage', 'coverage_nominal', 'pit_p_value']
    """
    levels = _quantile_levels(quantiles)
    if not 0.0 < interval < 1.0:
        raise ConfigError(f"interval must be in (0, 1); got {interval!r}")
    obs, ensemble = _observations_and_samples(observations, samples)
    tail = (1.0 - interval) / 2.0
    bounds = np.quantile(ensemble, [tail, 1.0 - tail], axis=1)  # (2, n)
    pinball = pinball_loss(obs, np.quantile(ensemble, levels, axis=1).T, levels)
    pit = pit_values(obs, ensemble, randomize=True, random_state=random_state)
    scores = {
        "crps": float(crps_from_samples(obs, ensemble).mean()),
        **{f"pinball_{level:g}": float(loss) for level, loss in pinball.items()},
        "coverage": interval_coverage(obs, bounds[0], bounds[1]),
        "coverage_nominal": float(interval),
        "pit_p_value": pit_histogram(pit, n_bins).p_value,
    }
    return pd.Series(scores, name="forecast_scores", dtype=np.float64)


def _observations_and_samples(
    observations: npt.ArrayLike, samples: npt.ArrayLike, *, min_members: int = 2
) -> tuple[FloatArray, FloatArray]:
    obs = _vector(observations, "observations")
    ensemble = np.asarray(samples, dtype=np.float64)
    if ensemble.ndim != 2 or ensemble.shape[0] != obs.size:
        raise ShapeError(
            f"samples must have shape ({obs.size}, m) to match observations; got {ensemble.shape}"
        )
    if ensemble.shape[1] < min_members:
        raise ShapeError(
            f"samples need at least {min_members} members per observation; got {ensemble.shape[1]}"
        )
    _check_finite(ensemble, "samples")
    return obs, ensemble


def _vector(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional; got shape {array.shape}")
    if array.size == 0:
        raise ShapeError(f"{name} is empty")
    _check_finite(array, name)
    return array


def _matching(values: npt.ArrayLike, size: int, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        array = np.full(size, float(array))
    array = _vector(array, name)
    if array.size != size:
        raise ShapeError(f"{name} has {array.size} values but observations has {size}")
    return array


def _quantile_levels(quantiles: npt.ArrayLike) -> FloatArray:
    levels = np.asarray(quantiles, dtype=np.float64).ravel()
    if levels.size == 0 or not np.all((levels > 0) & (levels < 1)):
        raise ConfigError(f"quantiles must be non-empty and in (0, 1); got {levels.tolist()!r}")
    return levels


def _check_finite(array: FloatArray, name: str) -> None:
    if not np.all(np.isfinite(array)):
        raise MissingValueError(f"{name} holds NaN or infinite values")
