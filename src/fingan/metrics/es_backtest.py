"""Backtests of expected-shortfall forecasts against realised returns.

The sign convention is that of :mod:`fingan.metrics.backtest`: ``returns`` have gains positive,
``var`` and ``es`` are forecast losses reported as positive numbers, and a day exceeds the VaR
when its loss ``-returns[t]`` is strictly greater than ``var[t]``.

References
----------
.. [1] McNeil, A. J. and Frey, R. (2000). Estimation of tail-related risk measures for
   heteroscedastic financial time series: an extreme value approach. Journal of Empirical
   Finance, 7(3-4), 271-300.
.. [2] Acerbi, C. and Szekely, B. (2014). Backtesting expected shortfall. Risk, December 2014.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import DataValidationError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.metrics.arrays import (
    FloatArray,
    aligned_series,
    check_probability,
    check_series,
    json_number,
)


@dataclass(frozen=True)
class ExceedanceResidualTest:
    """McNeil-Frey test of the expected shortfall on the days the VaR was exceeded.

    Attributes
    ----------
    statistic : float
        Studentised mean of the exceedance residuals, ``mean / (std / sqrt(k))``; NaN when fewer
        than two exceedances leave the test undefined.
    p_value : float
        One-sided bootstrap p-value of ``H0: mean residual = 0`` against ``H1: mean > 0`` (the
        realised tail losses are larger than the forecast ES); NaN as above.
    mean_residual : float
        Mean of ``(loss - es) / scale`` over the exceedances; NaN without exceedances.
    n_exceedances : int
        Number of days the loss exceeded the VaR.
    """

    statistic: float
    p_value: float
    mean_residual: float
    n_exceedances: int

    def to_dict(self) -> dict[str, float | int | None]:
        """Return the fields as a JSON-ready dict, with ``None`` for NaN."""
        return {key: json_number(value) for key, value in asdict(self).items()}


def mcneil_frey_test(
    returns: npt.ArrayLike,
    var: npt.ArrayLike,
    es: npt.ArrayLike,
    *,
    scale: npt.ArrayLike | None = None,
    n_boot: int = 2000,
    random_state: RandomState = None,
) -> ExceedanceResidualTest:
    """McNeil-Frey (2000) exceedance-residual backtest of expected shortfall.

    On the ``k`` days whose loss exceeds the VaR, the residuals ``(loss - es) / scale`` have
    mean zero when the ES forecast is right. The studentised mean is compared with its
    bootstrap distribution under the null (the residuals re-centred to mean zero and resampled,
    Efron and Tibshirani 1993, section 16.4); the alternative is one-sided, mean > 0 (ES
    underestimated), as in McNeil and Frey. The test needs no forecast distribution, only VaR
    and ES, which is why fingan uses it as its ES backtest with a p-value. Pass the volatility
    forecast as ``scale`` to standardise the residuals (their original form); without it the
    raw residuals ``loss - es`` are used, which suits forecasts with roughly constant scale.

    Parameters
    ----------
    returns : array-like, shape (n,)
        Realised returns (gains positive).
    var : array-like, shape (n,) or scalar
        VaR forecast, as a positive loss.
    es : array-like, shape (n,) or scalar
        ES forecast at the same level, as a positive loss.
    scale : array-like, shape (n,) or scalar, optional
        Positive volatility forecast used to standardise the residuals.
    n_boot : int
        Number of bootstrap resamples.
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap.

    Returns
    -------
    ExceedanceResidualTest
        Statistic, p-value, mean residual and number of exceedances; statistic and p-value are
        NaN with fewer than two exceedances or residuals that are all equal.

    Examples
    --------
    >>> result = mcneil_frey_test([-0.05, 0.01, -0.04, 0.0], 0.03, 0.035, random_state=0)
    >>> result.n_exceedances, round(result.mean_residual, 4)
    (2, 0.01)
    """
    n_resamples = check_int(n_boot, "n_boot", minimum=1)
    values = check_series(returns, "returns")
    losses = -values
    var_values = aligned_series(var, values.size, "var")
    es_values = aligned_series(es, values.size, "es")
    scale_values = (
        np.ones_like(values) if scale is None else aligned_series(scale, values.size, "scale")
    )
    if np.any(scale_values <= 0):
        raise DataValidationError("scale must be positive")
    exceeded = losses > var_values
    residuals = (losses[exceeded] - es_values[exceeded]) / scale_values[exceeded]
    k = residuals.size
    if k == 0:
        return ExceedanceResidualTest(float("nan"), float("nan"), float("nan"), 0)
    mean = float(residuals.mean())
    if k < 2 or np.ptp(residuals) == 0:
        return ExceedanceResidualTest(float("nan"), float("nan"), mean, k)
    statistic = float(_studentised_mean(residuals[np.newaxis, :])[0])
    rng = np.random.default_rng(draw_seed(random_state))
    centred = residuals - mean
    resamples = centred[rng.integers(k, size=(n_resamples, k))]  # (n_boot, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = _studentised_mean(resamples)
    p_value = (1.0 + float(np.sum(boot >= statistic))) / (n_resamples + 1.0)
    return ExceedanceResidualTest(statistic, p_value, mean, k)


def acerbi_szekely_z2(
    returns: npt.ArrayLike, var: npt.ArrayLike, es: npt.ArrayLike, level: float
) -> float:
    """Acerbi-Szekely (2014) ``Z2`` statistic of an ES forecast ("testing ES directly").

    ``Z2 = 1 - sum_t loss_t * I_t / (T * (1 - level) * es_t)`` with ``I_t`` the VaR violation
    indicator. Its expectation is 0 when the ES (and VaR) forecasts are right; it is negative
    when risk is underestimated (losses beyond VaR are too frequent or too large) and positive
    when it is overestimated. Its p-value needs the whole forecast distribution (simulation
    under the null), which a VaR/ES series does not carry, so only the statistic is returned.
    As a guide, Acerbi and Szekely report critical values that hardly depend on the tails of
    the distribution: about -0.70 at 5 % significance and -1.8 at 0.01 % for ``T = 250`` days
    and ES at 97.5 % (their yellow and red thresholds); other sample sizes and levels have
    other thresholds. :func:`mcneil_frey_test` gives a p-value.

    Parameters
    ----------
    returns : array-like, shape (n,)
        Realised returns (gains positive).
    var : array-like, shape (n,) or scalar
        VaR forecast, as a positive loss.
    es : array-like, shape (n,) or scalar
        ES forecast, as a positive loss.
    level : float
        Confidence level of VaR and ES, in (0, 1).

    Returns
    -------
    float
        The statistic.

    Examples
    --------
    >>> round(acerbi_szekely_z2([-0.05, 0.01, 0.0, 0.02], 0.03, 0.04, level=0.75), 4)
    -0.25
    """
    check_probability(level, "level")
    values = check_series(returns, "returns")
    losses = -values
    es_values = aligned_series(es, values.size, "es")
    if np.any(es_values <= 0):
        raise DataValidationError("es must be positive (a loss) for the Z2 statistic")
    exceeded = losses > aligned_series(var, values.size, "var")
    tail = float(np.sum(losses[exceeded] / es_values[exceeded]))
    return 1.0 - tail / (values.size * (1.0 - level))


def z2_simulated_p_value(
    z2: float,
    tails: npt.ArrayLike,
    es: npt.ArrayLike,
    level: float,
    *,
    n_simulations: int = 10_000,
    random_state: RandomState = 0,
) -> float:
    """P-value of an Acerbi-Szekely Z2 under the model's own forecasts, by simulation.

    Under the null that each day's return follows the model's forecast distribution, a day
    is a VaR violation with probability ``1 - level`` and then its loss is a draw from the
    model's tail beyond the VaR. Each simulation draws every day so and computes Z2 with the
    model's ES (Acerbi & Szekely's procedure); the p-value is the share of simulated Z2 at
    or below the observed one (small: risk underestimated).

    Parameters
    ----------
    z2 : float
        The observed statistic (:func:`acerbi_szekely_z2`).
    tails : array-like, shape (n_days, n_tail)
        Each day's forecast losses beyond its VaR, as equally likely values (e.g. quantiles
        of the scenarios' tail at evenly spaced probabilities).
    es : array-like, shape (n_days,)
        Each day's ES forecast (positive).
    level : float
        Confidence level of the VaR and ES.
    n_simulations : int, default 10000
        Simulated backtests.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the simulation.

    Returns
    -------
    float
    """
    check_probability(level, "level")
    check_int(n_simulations, "n_simulations", minimum=1)
    tail = np.asarray(tails, dtype=np.float64)
    es_values = aligned_series(es, len(tail), "es")
    if tail.ndim != 2 or tail.shape[1] == 0 or not np.all(np.isfinite(tail)):
        raise DataValidationError("tails must be a finite (n_days, n_tail) array")
    if np.any(es_values <= 0):
        raise DataValidationError("es must be positive (a loss) for the Z2 test")
    rng = np.random.default_rng(draw_seed(random_state))
    ratios = tail / es_values[:, None]  # (n_days, n_tail)
    n_days, n_tail = ratios.shape
    rows = np.arange(n_days)
    simulated = np.empty(n_simulations)
    for start in range(0, n_simulations, 500):
        size = min(500, n_simulations - start)
        hit = rng.random((size, n_days)) < 1.0 - level
        drawn = ratios[rows, rng.integers(0, n_tail, size=(size, n_days))]
        simulated[start : start + size] = 1.0 - (drawn * hit).sum(axis=1) / (n_days * (1.0 - level))
    return float(np.mean(simulated <= z2))


def _studentised_mean(samples: FloatArray) -> FloatArray:
    """Row-wise ``mean / (std / sqrt(k))`` of a (rows, k) array."""
    k = samples.shape[1]
    result: FloatArray = samples.mean(axis=1) / (samples.std(axis=1, ddof=1) / np.sqrt(k))
    return result
