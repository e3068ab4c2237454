"""Distances and moments that compare a real sample with a synthetic one."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from fingan.metrics.risk import expected_shortfall, value_at_risk

ArrayLike = npt.ArrayLike


def wasserstein_1(real: ArrayLike, synthetic: ArrayLike) -> float:
    """Wasserstein-1 (earth mover's) distance between two 1-D samples.

    For samples of one variable this is the area between the two empirical distribution
    functions, in the units of the data.
    """
    return float(stats.wasserstein_distance(_flat(real), _flat(synthetic)))


def ks_statistic(real: ArrayLike, synthetic: ArrayLike) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two CDFs."""
    return float(stats.ks_2samp(_flat(real), _flat(synthetic)).statistic)


def excess_kurtosis(values: ArrayLike) -> float:
    """Sample excess kurtosis (0 for a Gaussian, > 0 for fat tails)."""
    return float(stats.kurtosis(_flat(values), fisher=True, bias=False))


def compare_marginals(real: ArrayLike, synthetic: ArrayLike, *, level: float = 0.99) -> pd.Series:
    """Side-by-side summary of a synthetic sample against the real one.

    Parameters
    ----------
    real, synthetic : array-like
        1-D samples (e.g. daily log returns).
    level : float
        Confidence level of the value at risk and expected shortfall.

    Returns
    -------
    pandas.Series
        ``wasserstein_1`` and ``ks`` distances, and the absolute error of the synthetic sample's
        standard deviation, excess kurtosis, VaR and ES relative to the real sample's.
    """
    real_values, synthetic_values = _flat(real), _flat(synthetic)
    pct = f"{round(level * 100):d}"
    return pd.Series(
        {
            "wasserstein_1": wasserstein_1(real_values, synthetic_values),
            "ks": ks_statistic(real_values, synthetic_values),
            "std_error": abs(float(np.std(synthetic_values) - np.std(real_values))),
            "kurtosis_error": abs(excess_kurtosis(synthetic_values) - excess_kurtosis(real_values)),
            f"var{pct}_error": abs(
                value_at_risk(synthetic_values, level) - value_at_risk(real_values, level)
            ),
            f"es{pct}_error": abs(
                expected_shortfall(synthetic_values, level) - expected_shortfall(real_values, level)
            ),
        },
        name="comparison",
    )


def _flat(values: ArrayLike) -> npt.NDArray[np.float64]:
    return np.asarray(values, dtype=np.float64).ravel()
