"""A seeded percentile bootstrap, and the stylized-fact errors it resamples for the market study.

:func:`percentile_bootstrap` resamples one or several samples with replacement (each
independently, e.g. the paths of each generator), recomputes a statistic on every resample and
returns the estimate with the percentile interval of the resampled values.
:func:`stylized_errors` is :func:`~fingan.metrics.scoreboard.stylized_facts_scores` without the
two post-hoc scores (which train classifiers and are too slow to recompute per resample).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState
from fingan.metrics.arrays import RealReturns, SyntheticReturns, as_real_and_synthetic
from fingan.metrics.scoreboard import _asset_errors
from fingan.metrics.stylized import correlation_matrix_distance

__all__ = ["BootstrapInterval", "percentile_bootstrap", "stylized_errors"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class BootstrapInterval:
    """A statistic, its percentile bootstrap interval and what it cost.

    Attributes
    ----------
    estimate : float
        The statistic on the original samples.
    low, high : float
        Percentile interval of the resampled statistics.
    confidence : float
        Nominal coverage of the interval.
    n_resamples : int
        Resamples whose statistic was finite (those that were not are left out).
    seconds : float
        Wall time of the bootstrap.
    """

    estimate: float
    low: float
    high: float
    confidence: float
    n_resamples: int
    seconds: float

    def excludes(self, value: float = 0.0) -> bool:
        """Whether ``value`` lies outside the interval (for a difference: significant)."""
        return bool(value < self.low or value > self.high)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (non-finite numbers as ``None``)."""
        return {
            key: (float(value) if np.isfinite(value) else None)
            if isinstance(value, float)
            else value
            for key, value in vars(self).items()
        }


def percentile_bootstrap(
    statistic: Callable[[Sequence[IntArray]], float],
    sizes: Sequence[int],
    *,
    n_resamples: int = 200,
    confidence: float = 0.95,
    random_state: RandomState = None,
) -> BootstrapInterval:
    """Percentile bootstrap of a statistic of one or several independent samples.

    Each resample draws, for every sample ``i``, ``sizes[i]`` indices in ``[0, sizes[i])``
    with replacement; ``statistic`` receives the list of index arrays and returns a number.

    Parameters
    ----------
    statistic : callable
        Maps one index array per sample to a float; the identity indices give the estimate.
    sizes : sequence of int
        Size of each sample (e.g. the number of paths of each generator).
    n_resamples : int
        Resamples drawn.
    confidence : float
        Coverage of the interval, in (0, 1).
    random_state : int, numpy.random.Generator or None
        Seed of the resampling.

    Returns
    -------
    BootstrapInterval

    Examples
    --------
    >>> values = np.arange(10.0)
    >>> result = percentile_bootstrap(lambda idx: values[idx[0]].mean(), [10], random_state=0)
    >>> result.low < 4.5 < result.high
    True
    """
    if n_resamples < 1:
        raise ConfigError(f"n_resamples must be at least 1; got {n_resamples!r}")
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must be in (0, 1); got {confidence!r}")
    if not sizes or any(int(size) < 1 for size in sizes):
        raise ConfigError(f"sizes must be positive; got {list(sizes)!r}")
    started = time.perf_counter()
    rng = (
        random_state
        if isinstance(random_state, np.random.Generator)
        else np.random.default_rng(random_state)
    )
    estimate = float(statistic([np.arange(int(size)) for size in sizes]))
    draws = np.array(
        [
            statistic([rng.integers(0, int(size), int(size)) for size in sizes])
            for _ in range(n_resamples)
        ],
        dtype=np.float64,
    )
    draws = draws[np.isfinite(draws)]
    tail = 50.0 * (1.0 - confidence)
    low, high = (
        (float(value) for value in np.percentile(draws, [tail, 100.0 - tail]))
        if draws.size
        else (np.nan, np.nan)
    )
    return BootstrapInterval(
        estimate=estimate,
        low=low,
        high=high,
        confidence=confidence,
        n_resamples=int(draws.size),
        seconds=time.perf_counter() - started,
    )


def stylized_errors(real: RealReturns, synthetic: SyntheticReturns) -> pd.Series:
    """Score the stylized facts as :func:`~.scoreboard.stylized_facts_scores` does, by default.

    The same numbers as there for the seven stylized-fact groups, without the discriminative
    and predictive scores.

    Returns
    -------
    pandas.Series
        Errors indexed by a ``(group, metric)`` MultiIndex.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    n_assets = real_values.shape[1]
    per_asset = [
        _asset_errors(
            real_values[:, asset],
            synthetic_values[:, :, asset],
            horizons=(1, 5, 20),
            kurtosis_horizons=(1, 5, 20, 60),
            acf_lags=20,
            volatility_lags=100,
            leverage_lags=20,
        )
        for asset in range(n_assets)
    ]
    errors = {key: float(np.mean([asset[key] for asset in per_asset])) for key in per_asset[0]}
    errors["cross_correlation", "correlation_distance"] = (
        correlation_matrix_distance(real_values, synthetic_values) if n_assets > 1 else np.nan
    )
    index = pd.MultiIndex.from_tuples(list(errors), names=["group", "metric"])
    return pd.Series(list(errors.values()), index=index, name="error")
