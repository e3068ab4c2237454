"""Backtests of value-at-risk forecasts against realised returns, and the Basel traffic light.

Sign convention (the same as :mod:`fingan.metrics.risk`): ``returns`` are returns with gains
positive; ``var`` and ``es`` are forecast *losses*, reported as positive numbers, so a 99 % VaR of
0.02 means "a loss of more than 2 % happens on 1 % of days". Day ``t`` is a violation when its
loss ``-returns[t]`` is strictly greater than ``var[t]`` (for losses, pass ``-losses``).
``level`` is the confidence level (e.g. 0.99); the expected violation rate is ``1 - level``. The
ES tests (:mod:`fingan.metrics.es_backtest`) run in :func:`var_backtest` given an ES forecast.

References
----------
.. [1] Kupiec, P. (1995). Techniques for verifying the accuracy of risk measurement models.
   Journal of Derivatives, 3(2), 73-84.
.. [2] Christoffersen, P. (1998). Evaluating interval forecasts. International Economic Review,
   39(4), 841-862.
.. [3] Basel Committee on Banking Supervision (1996). Supervisory framework for the use of
   "backtesting" in conjunction with the internal models approach to market risk capital
   requirements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.metrics.arrays import (
    BoolArray,
    aligned_series,
    check_probability,
    check_series,
    check_violations,
    json_number,
)
from fingan.metrics.es_backtest import acerbi_szekely_z2 as _z2
from fingan.metrics.es_backtest import mcneil_frey_test, z2_simulated_p_value

TrafficLight = Literal["green", "yellow", "red"]

_GREEN_BELOW = 0.95  # Basel: green while P(X <= x) < 95 %
_YELLOW_BELOW = 0.9999  # yellow while P(X <= x) < 99.99 %, red from there on


@dataclass(frozen=True)
class HypothesisTest:
    """A test statistic, its p-value and the degrees of freedom of its chi-square law.

    Attributes
    ----------
    statistic : float
        The likelihood-ratio statistic (non-negative).
    p_value : float
        ``P(chi2(df) >= statistic)``, ``df`` the degrees of freedom of the asymptotic law.
    df : int
    """

    statistic: float
    p_value: float
    df: int

    def to_dict(self) -> dict[str, float | int]:
        """Return the fields as a JSON-ready dict."""
        return {"statistic": self.statistic, "p_value": self.p_value, "df": self.df}


@dataclass(frozen=True)
class VaRBacktest:
    """Every backtest of one VaR (and optionally ES) forecast series.

    How to read it: ``violation_rate`` should be close to ``expected_rate``; small p-values
    reject, in turn, the right violation frequency (Kupiec), violations that do not cluster
    (Christoffersen independence) and both together (conditional coverage). The traffic light
    is the Basel zone for ``n_violations`` in ``n_days``. The ES fields are ``None`` unless an
    ES forecast was given: ``es_p_value`` is the McNeil-Frey bootstrap p-value (small: realised
    tail losses exceed the forecast ES) and ``z2`` the Acerbi-Szekely statistic (0 when the ES
    is right, negative when risk is underestimated), with ``z2_p_value`` its p-value simulated
    under the model's own forecasts when their tails were given.
    """

    n_days: int
    n_violations: int
    level: float
    violation_rate: float
    expected_rate: float
    kupiec_statistic: float
    kupiec_p_value: float
    independence_statistic: float
    independence_p_value: float
    conditional_coverage_statistic: float
    conditional_coverage_p_value: float
    traffic_light: TrafficLight
    es_statistic: float | None = None
    es_p_value: float | None = None
    es_mean_residual: float | None = None
    z2: float | None = None
    z2_p_value: float | None = None

    def to_dict(self) -> dict[str, str | int | float | None]:
        """Return the fields as a JSON-ready dict, with ``None`` for NaN or missing values."""
        return {
            key: value if isinstance(value, str) else json_number(value)
            for key, value in asdict(self).items()
        }

    def rejected(self, alpha: float = 0.05) -> dict[str, bool]:
        """Say which tests reject the forecasts at significance ``alpha``.

        Parameters
        ----------
        alpha : float
            Significance level in (0, 1).

        Returns
        -------
        dict of str to bool
            ``kupiec``, ``independence`` and ``conditional_coverage``, plus ``expected_shortfall``
            when an ES test was run; an undefined (NaN) p-value never rejects.
        """
        check_probability(alpha, "alpha")
        p_values = {
            "kupiec": self.kupiec_p_value,
            "independence": self.independence_p_value,
            "conditional_coverage": self.conditional_coverage_p_value,
        }
        if self.es_p_value is not None:
            p_values["expected_shortfall"] = self.es_p_value
        return {name: bool(p < alpha) for name, p in p_values.items()}


def var_violations(returns: npt.ArrayLike, var: npt.ArrayLike) -> BoolArray:
    """Flag the days whose loss exceeds the VaR forecast.

    Parameters
    ----------
    returns : array-like, shape (n,)
        Realised returns (gains positive).
    var : array-like, shape (n,) or scalar
        VaR forecast for each day, as a positive loss; a scalar applies to every day.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        ``-returns > var``.

    Examples
    --------
    >>> var_violations([0.01, -0.03, -0.02], [0.02, 0.02, 0.02]).tolist()
    [False, True, False]
    """
    values = check_series(returns, "returns")
    return -values > aligned_series(var, values.size, "var")


def kupiec_test(violations: npt.ArrayLike, level: float) -> HypothesisTest:
    """Kupiec (1995) proportion-of-failures likelihood-ratio test.

    ``LR = -2 log[(1-p)^(n-x) p^x / ((1-x/n)^(n-x) (x/n)^x)]`` with ``p = 1 - level``, ``x``
    violations in ``n`` days, asymptotically chi-square with one degree of freedom. Zero
    violations and violations on every day give finite statistics (``0 log 0 = 0``).

    Parameters
    ----------
    violations : array-like of bool, shape (n,)
        Violation indicators, e.g. from :func:`var_violations`.
    level : float
        VaR confidence level in (0, 1).

    Returns
    -------
    HypothesisTest
        Statistic, p-value and ``df = 1``.

    Examples
    --------
    >>> result = kupiec_test([True] * 5 + [False] * 245, level=0.99)
    >>> round(result.statistic, 3), round(result.p_value, 3)
    (1.957, 0.162)
    """
    check_probability(level, "level")
    hits = check_violations(violations)
    return _kupiec(int(hits.sum()), hits.size, 1.0 - level)


def christoffersen_independence_test(violations: npt.ArrayLike) -> HypothesisTest:
    """Christoffersen (1998) test that violations follow no first-order Markov chain.

    Compares a Markov chain with transition probabilities ``pi01 = P(hit | no hit yesterday)``
    and ``pi11 = P(hit | hit yesterday)`` against a single hit probability; the likelihood
    ratio is asymptotically chi-square with one degree of freedom. A state never left (for
    example no violation at all, or none before the last day) contributes nothing, so the
    statistic stays finite.

    Parameters
    ----------
    violations : array-like of bool, shape (n,)
        Violation indicators, at least two days.

    Returns
    -------
    HypothesisTest
        Statistic, p-value and ``df = 1``.

    Examples
    --------
    >>> result = christoffersen_independence_test([False, True, False, False, True, False])
    >>> round(result.statistic, 3)
    2.911
    """
    hits = check_violations(violations)
    if hits.size < 2:
        raise TooFewRowsError(f"the independence test needs at least 2 days; got {hits.size}")
    before, after = hits[:-1], hits[1:]
    n00 = int(np.sum(~before & ~after))
    n01 = int(np.sum(~before & after))
    n10 = int(np.sum(before & ~after))
    n11 = int(np.sum(before & after))
    pi01 = _ratio(n01, n00 + n01)
    pi11 = _ratio(n11, n10 + n11)
    pi = _ratio(n01 + n11, hits.size - 1)
    markov = _bernoulli_loglik(n01, n00, pi01) + _bernoulli_loglik(n11, n10, pi11)
    independent = _bernoulli_loglik(n01 + n11, n00 + n10, pi)
    return _chi2_test(2.0 * (markov - independent), df=1)


def conditional_coverage_test(violations: npt.ArrayLike, level: float) -> HypothesisTest:
    """Christoffersen (1998) conditional coverage test: right frequency and independence.

    ``LR_cc = LR_pof + LR_ind`` (Kupiec on all days plus the independence test), asymptotically
    chi-square with two degrees of freedom. (Christoffersen's exact decomposition computes the
    Kupiec part without the first day; the difference is one observation.)

    Parameters
    ----------
    violations : array-like of bool, shape (n,)
        Violation indicators, at least two days.
    level : float
        VaR confidence level in (0, 1).

    Returns
    -------
    HypothesisTest
        Statistic, p-value and ``df = 2``.

    Examples
    --------
    >>> clustered = [True] * 5 + [False] * 245  # the right number, all in one week
    >>> result = conditional_coverage_test(clustered, level=0.99)
    >>> result.df, result.p_value < 1e-6
    (2, True)
    """
    pof = kupiec_test(violations, level)
    independence = christoffersen_independence_test(violations)
    return _chi2_test(pof.statistic + independence.statistic, df=2)


def basel_traffic_light(n_violations: int, n_days: int, level: float = 0.99) -> TrafficLight:
    """Basel traffic-light zone of a VaR backtest.

    The zone follows the binomial probability ``P(X <= n_violations)`` with
    ``X ~ Binomial(n_days, 1 - level)``: green below 95 %, yellow below 99.99 %, red otherwise.
    For 250 days at 99 % this gives green for 0-4 violations, yellow for 5-9 and red from 10,
    the Basel Committee's (1996) table.

    Parameters
    ----------
    n_violations : int
        Number of violations, between 0 and ``n_days``.
    n_days : int
        Number of days backtested (positive).
    level : float
        VaR confidence level in (0, 1).

    Returns
    -------
    {"green", "yellow", "red"}
        The zone.

    Examples
    --------
    >>> [basel_traffic_light(k, 250) for k in (4, 5, 9, 10)]
    ['green', 'yellow', 'yellow', 'red']
    """
    check_probability(level, "level")
    days = check_int(n_days, "n_days", minimum=1)
    hits = check_int(n_violations, "n_violations", minimum=0)
    if hits > days:
        raise ConfigError(f"n_violations ({hits}) cannot exceed n_days ({days})")
    cumulative = float(stats.binom.cdf(hits, days, 1.0 - level))
    if cumulative < _GREEN_BELOW:
        return "green"
    if cumulative < _YELLOW_BELOW:
        return "yellow"
    return "red"


def var_backtest(
    returns: npt.ArrayLike,
    var: npt.ArrayLike,
    level: float,
    es: npt.ArrayLike | None = None,
    *,
    tails: npt.ArrayLike | None = None,
    n_boot: int = 2000,
    random_state: RandomState = None,
) -> VaRBacktest:
    """Run every VaR backtest, and the ES backtests when an ES forecast is given.

    Parameters
    ----------
    returns : array-like, shape (n,)
        Realised returns (gains positive), at least two days.
    var : array-like, shape (n,) or scalar
        VaR forecast for each day, as a positive loss.
    level : float
        Confidence level of the forecasts, in (0, 1).
    es : array-like, shape (n,) or scalar, optional
        ES forecast at the same level, as a positive loss.
    tails : array-like, shape (n, k), optional
        Each day's forecast losses beyond its VaR, ``k`` equally likely values: with ``es``, Z2
        gets a p-value (:func:`~fingan.metrics.es_backtest.z2_simulated_p_value`).
    n_boot : int
        Bootstrap resamples of the McNeil-Frey ES test.
    random_state : int, numpy.random.Generator or None
        Seed of that bootstrap.

    Returns
    -------
    VaRBacktest
        Counts, rates, each test's statistic and p-value, the traffic light scaled to ``n``
        days, and the ES results when ``es`` is given.

    Examples
    --------
    >>> result = var_backtest([-0.03, 0.01, 0.0, -0.01] * 25, var=0.02, level=0.99)
    >>> result.n_violations, result.traffic_light
    (25, 'red')
    """
    check_probability(level, "level")
    hits = var_violations(returns, var)
    n_days, n_hits = hits.size, int(hits.sum())
    pof = kupiec_test(hits, level)
    independence = christoffersen_independence_test(hits)
    coverage = conditional_coverage_test(hits, level)
    es_fields: dict[str, float | None] = {}
    if es is not None:
        residual_test = mcneil_frey_test(returns, var, es, n_boot=n_boot, random_state=random_state)
        z2 = _z2(returns, var, es, level)
        es_fields = {
            "es_statistic": residual_test.statistic,
            "es_p_value": residual_test.p_value,
            "es_mean_residual": residual_test.mean_residual,
            "z2": z2,
        }
        if tails is not None:
            es_fields["z2_p_value"] = z2_simulated_p_value(
                z2, tails, es, level, random_state=random_state
            )
    return VaRBacktest(
        n_days=n_days,
        n_violations=n_hits,
        level=float(level),
        violation_rate=n_hits / n_days,
        expected_rate=1.0 - level,
        kupiec_statistic=pof.statistic,
        kupiec_p_value=pof.p_value,
        independence_statistic=independence.statistic,
        independence_p_value=independence.p_value,
        conditional_coverage_statistic=coverage.statistic,
        conditional_coverage_p_value=coverage.p_value,
        traffic_light=basel_traffic_light(n_hits, n_days, level),
        **es_fields,
    )


def _kupiec(hits: int, days: int, rate: float) -> HypothesisTest:
    null = _bernoulli_loglik(hits, days - hits, rate)
    fitted = _bernoulli_loglik(hits, days - hits, hits / days)
    return _chi2_test(-2.0 * (null - fitted), df=1)


def _bernoulli_loglik(successes: int, failures: int, probability: float) -> float:
    """Log-likelihood of Bernoulli counts, with ``0 * log 0 = 0``."""
    return float(special.xlogy(successes, probability) + special.xlogy(failures, 1 - probability))


def _chi2_test(statistic: float, df: int) -> HypothesisTest:
    statistic = max(float(statistic), 0.0)  # rounding can leave a tiny negative
    return HypothesisTest(statistic, float(stats.chi2.sf(statistic, df)), df)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0
