r"""EU PRIIPs key-information-document figures: performance scenarios and market-risk class.

From Commission Delegated Regulation (EU) 2017/653 as amended by (EU) 2021/2268 ("the RTS").
Real-world (P-measure) figures, not prices. Returns are log returns; outcomes are simple returns
of the product at the recommended holding period (RHP). Read offline (all else *not checked*):

- Annex II points 1-2 as amended (2021/2268 also replaces points 13 and 17): consolidated text
  (nomox.eu, betterregulation), German text of 2021/2268. Points 12, 13, 17 (Cornish-Fisher
  VaR, VEV): from the openfunds EPT definitions and public code, not the annex.
- Annex IV points 1-2, 5-6 as amended; point 7 (7(a), 7(b), 7(c)(iv)) from the ESAs' Q&A as
  quoted in EIOPA Q&A 2532. Points 10-11 (stress): EIOPA Q&A 2439 quotes point 11 (alpha "1 %
  for 1 year and 5 % for the other holding periods"; z_alpha the N(0, 1) quantile; 99th/90th
  percentile); w (21/63 daily, 8/16 weekly, 6/12 monthly) from a quant.stackexchange answer
  and public code; their numbering after 2021/2268 is *not checked*.
- Category 3: 10th/50th/90th percentiles from Annex IV points 5-7 of the 2017 text; bootstrap
  (Annex II points 19-22) from public code; the amended Category 3 expected return *not checked*.

Choices where the text is silent or was not read:

1. N = round(T x periods_per_year), 256 trading days a year as in public code (*not checked*).
2. Population moments (divided by M0); zero volatility gives zero skew and kurtosis.
3. A price-space VaR <= 0 (total loss at 2.5 %) gives VEV = inf, class 7.
4. An RHP of one year or less takes the one-year stress parameters (short w, 99th, 1 %).
5. Window volatility is about each window's mean, over every overlapping window given.
6. Percentiles interpolate linearly between order statistics (NumPy's default).
7. Simulated stress: the alpha-percentile of outcomes under sigma_S (:func:`bootstrap_log_returns`)
   or, if none are given, of the outcomes themselves. No cap at the unfavourable value.
8. The bootstrap draws whole days, demeans, rescales to the target volatility and adds
   ``drift - sigma**2 / 2``; ``drift`` defaults to 0 (a 0 % risk-free rate).
9. 7(c)(iv): a shorter sub-interval's performance counts as the RHP's (as in the Q&A); no costs.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import overload

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    EmptyDataError,
    MissingValueError,
    ShapeError,
    TooFewRowsError,
)
from fingan.core.random import RandomState, draw_seed

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MRM_BOUNDS: tuple[float, ...] = (0.005, 0.05, 0.12, 0.20, 0.30, 0.80)
"""Lowest VEV of MRM classes 2-7 (Annex II point 2)."""


@overload
def market_risk_class(vev: float) -> int: ...
@overload
def market_risk_class(vev: npt.ArrayLike) -> IntArray: ...
def market_risk_class(vev: float | npt.ArrayLike) -> int | IntArray:
    """Return the MRM class 1-7 of a VaR-equivalent volatility (Annex II point 2, as amended).

    Parameters
    ----------
    vev : float or array-like
        Annualised VEV as a fraction (0.12 is 12 %): 1 below 0.5 %, 2 from 0.5 % to below 5 %,
        ... 7 from 80 %.

    Examples
    --------
    >>> market_risk_class(0.12), market_risk_class([0.0049, 0.005, 0.8]).tolist()
    (4, [1, 2, 7])
    """
    values = np.asarray(vev, dtype=np.float64)
    if np.isnan(values).any():
        raise MissingValueError("vev holds NaN")
    classes = np.searchsorted(np.asarray(MRM_BOUNDS), values, side="right").astype(np.int64) + 1
    return int(classes) if classes.ndim == 0 else classes


def vev_from_var(var_return: float, holding_period_years: float) -> float:
    r"""Return the VEV of a 97.5 % VaR in return space (Annex II point 13).

    :math:`(\sqrt{3.842 - 2\,\mathrm{VaR}} - 1.96) / \sqrt{T}`; about sigma for a lognormal
    with annual volatility sigma. For Category 3 (point 17) pass ``log`` of the price-space
    VaR, or use :func:`simulated_vev`.

    Parameters
    ----------
    var_return : float
        The VaR as a log return (negative for a loss), e.g. :func:`cornish_fisher_var`.
    holding_period_years : float
        T, the RHP in years.
    """
    years = _positive(holding_period_years, "holding_period_years")
    if not math.isfinite(var_return) or var_return >= 1.921:
        raise ConfigError(f"var_return must be finite and below 1.921; got {var_return!r}")
    return (math.sqrt(3.842 - 2.0 * var_return) - 1.96) / math.sqrt(years)


def cornish_fisher_var(daily_log_returns: npt.ArrayLike, holding_period_days: int) -> float:
    r"""Return the 97.5 % VaR in return space at the RHP (Annex II point 12, Category 2).

    :math:`\sigma\sqrt N(-1.96 + 0.474\mu_1/\sqrt N - 0.0687\mu_2/N + 0.146\mu_1^2/N)
    - 0.5\sigma^2 N` with the RTS's coefficients, skewness mu1 and excess kurtosis mu2.

    Parameters
    ----------
    daily_log_returns : array-like, shape (T,)
        Observed log returns of the product or its benchmark, one per trading period.
    holding_period_days : int
        N, the trading periods in the RHP. The VaR is a log return, for :func:`vev_from_var`.
    """
    n = _count(holding_period_days, "holding_period_days")
    sigma, skew, kurt = _moments(_series(daily_log_returns, "daily_log_returns", minimum=2))
    root = math.sqrt(n)
    bracket = -1.96 + 0.474 * skew / root - 0.0687 * kurt / n + 0.146 * skew**2 / n
    return sigma * root * bracket - 0.5 * sigma**2 * n


def stress_volatility(
    log_returns: npt.ArrayLike,
    holding_period_years: float,
    *,
    periods_per_year: int = 256,
    window: int | None = None,
) -> float:
    """Return the stressed volatility sigma_S per period (Annex IV point 10).

    The 99th percentile (RHP of one year or less) or 90th of the volatility of every
    overlapping window of w returns.

    Parameters
    ----------
    log_returns : array-like, shape (T,)
        Observed log returns (the sample used for the scenarios).
    holding_period_years : float
        RHP in years.
    periods_per_year : int, default 256
        Frequency of the returns: 200 or more daily, 48-60 weekly, 12 monthly.
    window : int, optional
        w; default 21 or 63 (daily), 8 or 16 (weekly), 6 or 12 (monthly) by RHP.
    """
    years = _positive(holding_period_years, "holding_period_years")
    per_year = _count(periods_per_year, "periods_per_year")
    if window is None:
        frequency = "daily" if per_year >= 200 else "weekly" if 48 <= per_year <= 60 else "monthly"
        if frequency == "monthly" and per_year != 12:
            raise ConfigError(f"periods_per_year must be 12, 48-60 or >= 200; got {per_year}")
        window = {"daily": (21, 63), "weekly": (8, 16), "monthly": (6, 12)}[frequency][years > 1]
    w = _count(window, "window")
    values = _series(log_returns, "log_returns", minimum=max(w, 2))
    windows = np.lib.stride_tricks.sliding_window_view(values, w)  # (T - w + 1, w)
    return float(np.quantile(windows.std(axis=1), 0.99 if years <= 1.0 else 0.90))


def cornish_fisher_stress(
    log_returns: npt.ArrayLike,
    holding_period_years: float,
    *,
    periods_per_year: int = 256,
    window: int | None = None,
) -> float:
    r"""Return the stress outcome (a simple return) of Category 2 at the RHP (Annex IV point 11).

    :math:`\exp(\sigma_S\sqrt N(z + \frac{z^2-1}{6}\frac{\mu_1}{\sqrt N}
    + \frac{z^3-3z}{24}\frac{\mu_2}{N} - \frac{2z^3-5z}{36}\frac{\mu_1^2}{N})
    - \frac{1}{2}\sigma_S^2 N) - 1`, :math:`z = \Phi^{-1}(\alpha)`, alpha 1 % for an RHP of
    one year or less and 5 % otherwise; mu1, mu2 of the whole sample.

    Parameters
    ----------
    log_returns, holding_period_years, periods_per_year, window
        As for :func:`stress_volatility`; N = round(T x periods_per_year).
    """
    years = _positive(holding_period_years, "holding_period_years")
    per_year = _count(periods_per_year, "periods_per_year")
    n = _count(round(years * per_year), "the RHP in periods")
    sigma_s = stress_volatility(log_returns, years, periods_per_year=per_year, window=window)
    _, skew, kurt = _moments(_series(log_returns, "log_returns", minimum=2))
    z, root = NormalDist().inv_cdf(_stress_alpha(years)), math.sqrt(n)
    w = z + (z**2 - 1) / 6 * skew / root + (z**3 - 3 * z) / 24 * kurt / n
    w -= (2 * z**3 - 5 * z) / 36 * skew**2 / n
    return math.expm1(sigma_s * root * w - 0.5 * sigma_s**2 * n)


def bootstrap_log_returns(
    log_returns: npt.ArrayLike,
    n_days: int,
    n_paths: int = 10_000,
    *,
    drift: float = 0.0,
    volatility: npt.ArrayLike | None = None,
    random_state: RandomState = None,
) -> FloatArray:
    """Draw paths of the RTS simulation method for Category 3 (Annex II 19-22; choice 8).

    Parameters
    ----------
    log_returns : array-like, shape (T,) or (T, n_assets)
        Observed log returns of the underlyings, one row per day.
    n_days, n_paths : int
        Days per path (the RHP in trading days) and paths (the RTS draws 10,000).
    drift : float, default 0.0
        Expected log growth of each price per day; a risk-free rate r gives log(1 + r) / 256.
    volatility : float or array-like of shape (n_assets,), optional
        Target volatility per day; default the observed one; sigma_S for the stress paths.
    random_state : int, numpy.random.Generator or None
        Seed of the draw of days.

    Returns
    -------
    ndarray of shape (n_paths, n_days, n_assets)
        Log returns ``(r - M1) * volatility / sigma + drift - volatility**2 / 2``.
    """
    values = _array(log_returns, "log_returns", ndim=(1, 2), minimum=2)
    values = values[:, None] if values.ndim == 1 else values
    days, paths = _count(n_days, "n_days"), _count(n_paths, "n_paths")
    sigma = values.std(axis=0)  # (n_assets,)
    if np.any(np.ptp(values, axis=0) == 0.0):
        raise DataValidationError("log_returns of an underlying have zero volatility")
    target = sigma if volatility is None else np.asarray(volatility, dtype=np.float64)
    if not np.all(np.isfinite(target) & (target >= 0.0)):
        raise ConfigError("volatility must be finite and >= 0")
    adjusted = (values - values.mean(axis=0)) * (target / sigma) + drift - 0.5 * target**2
    rng = np.random.default_rng(draw_seed(random_state))
    rows = rng.integers(values.shape[0], size=(paths, days))
    return np.asarray(adjusted[rows], dtype=np.float64)  # (n_paths, n_days, n_assets)


@dataclass(frozen=True)
class PerformanceScenarios:
    """The four KID performance scenarios (Annex IV point 1) as simple returns at the RHP.

    ``method`` is ``"simulation"`` (Category 3) or ``"historical"`` (Category 2, amended).
    """

    favourable: float
    moderate: float
    unfavourable: float
    stress: float
    holding_period_years: float
    method: str

    def summary(self) -> str:
        """Return one line per scenario, in percent."""
        years = self.holding_period_years
        lines = [f"PRIIPs performance scenarios ({self.method}, RHP {years:g} years)"]
        for name in ("favourable", "moderate", "unfavourable", "stress"):
            lines.append(f"  {name:<13}{getattr(self, name):>+9.2%}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, float | str]:
        """Return the fields as a plain dict."""
        return asdict(self)


def performance_scenarios(
    outcomes: npt.ArrayLike,
    holding_period_years: float,
    *,
    stress_outcomes: npt.ArrayLike | None = None,
) -> PerformanceScenarios:
    """Return the scenarios of simulated outcomes: the Category 3 simulation method.

    Favourable, moderate and unfavourable are the 90th, 50th and 10th percentiles (Annex IV
    points 5-7 of the 2017 text); the stress is the alpha-percentile of point 11 (1 % for an
    RHP of one year or less, else 5 %) of ``stress_outcomes`` (choice 7).

    Parameters
    ----------
    outcomes : array-like, shape (n_paths,)
        Simulated simple returns of the product at the RHP, one per path.
    holding_period_years : float
        RHP in years.
    stress_outcomes : array-like, shape (n_stress_paths,), optional
        Outcomes under stressed volatility; default ``outcomes``.

    Examples
    --------
    >>> s = performance_scenarios(np.linspace(-0.5, 0.5, 11), 1.0)
    >>> [round(x, 3) for x in (s.favourable, s.moderate, s.unfavourable, s.stress)]
    [0.4, 0.0, -0.4, -0.49]
    """
    years = _positive(holding_period_years, "holding_period_years")
    values = _series(outcomes, "outcomes")
    stressed = values if stress_outcomes is None else _series(stress_outcomes, "stress_outcomes")
    favourable, moderate, unfavourable = (float(q) for q in np.quantile(values, [0.9, 0.5, 0.1]))
    stress = float(np.quantile(stressed, _stress_alpha(years)))
    return PerformanceScenarios(favourable, moderate, unfavourable, stress, years, "simulation")


def simulated_vev(outcomes: npt.ArrayLike, holding_period_years: float) -> float:
    """Return the VEV of simulated outcomes (Annex II points 16-17, Category 3; choice 3).

    :func:`vev_from_var` of ``log(1 + q)``, q the outcomes' 2.5th percentile; ``inf`` if
    ``1 + q <= 0``.

    Parameters
    ----------
    outcomes : array-like, shape (n_paths,)
        Simulated simple returns at the RHP (or at an early call).
    holding_period_years : float
        T in years: the RHP, or the years to the call or end where the simulation has one.
    """
    years = _positive(holding_period_years, "holding_period_years")
    var_price = 1.0 + float(np.quantile(_series(outcomes, "outcomes"), 0.025))
    return math.inf if var_price <= 0.0 else vev_from_var(math.log(var_price), years)


def historical_scenarios(
    monthly_prices: npt.ArrayLike,
    holding_period_months: int,
    *,
    stress: float,
    lookback_months: int | None = None,
) -> PerformanceScenarios:
    """Return Category 2 scenarios from past performance (Annex IV points 5-7, as amended).

    Over the last ``lookback_months`` (point 6: 120, or RHP + 60 for an RHP over five years):
    favourable and moderate are the best and median performance of the RHP-long sub-intervals
    (7(a)); unfavourable the worst of those and of the sub-intervals from one year up to the
    RHP that end at the last price (7(b); choice 9).

    Parameters
    ----------
    monthly_prices : array-like, shape (T,)
        Month-end prices (with income), the last one at the calculation date.
    holding_period_months : int
        The RHP in months.
    stress : float
        The stress outcome, e.g. :func:`cornish_fisher_stress` of daily returns.
    lookback_months : int, optional
        Months of history used; default from point 6.
    """
    h = _count(holding_period_months, "holding_period_months")
    default = 120 if h <= 60 else h + 60  # point 6
    lookback = _count(default if lookback_months is None else lookback_months, "lookback_months")
    if lookback < h:
        raise ConfigError(f"lookback_months ({lookback}) is shorter than the RHP ({h} months)")
    prices = _series(monthly_prices, "monthly_prices", minimum=lookback + 1)[-(lookback + 1) :]
    if np.any(prices <= 0.0):
        raise DataValidationError("monthly_prices must be positive")
    full = prices[h:] / prices[:-h] - 1.0  # 7(a): every RHP-long sub-interval
    shorter = prices[-1] / prices[-1 - np.arange(12, h + 1)] - 1.0  # 7(b): empty if h < 12
    worst = float(np.concatenate([full, shorter]).min())
    best, median = float(full.max()), float(np.median(full))
    return PerformanceScenarios(best, median, worst, float(stress), h / 12.0, "historical")


def _stress_alpha(years: float) -> float:
    return 0.01 if years <= 1.0 else 0.05


def _moments(values: FloatArray) -> tuple[float, float, float]:
    """Volatility, skewness and excess kurtosis (Annex II point 11; choice 2)."""
    if np.ptp(values) == 0.0:  # a constant series, without round-off noise
        return 0.0, 0.0, 0.0
    deviations = values - values.mean()
    sigma = math.sqrt(float(np.mean(deviations**2)))
    skew = float(np.mean(deviations**3)) / sigma**3
    return sigma, skew, float(np.mean(deviations**4)) / sigma**4 - 3.0


def _positive(value: float, name: str) -> float:
    number = not isinstance(value, bool) and isinstance(value, int | float | np.number)
    if not (number and math.isfinite(value) and value > 0.0):
        raise ConfigError(f"{name} must be a positive number; got {value!r}")
    return float(value)


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ConfigError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def _array(x: npt.ArrayLike, name: str, *, ndim: tuple[int, ...], minimum: int) -> FloatArray:
    values = np.asarray(x, dtype=np.float64)
    if values.size == 0:
        raise EmptyDataError(f"{name} is empty")
    if not np.isfinite(values).all():
        raise MissingValueError(f"{name} holds NaN or infinite values")
    if values.ndim not in ndim:
        raise ShapeError(f"{name} must have {' or '.join(map(str, ndim))} dimensions")
    if values.shape[0] < minimum:
        raise TooFewRowsError(f"{name} needs at least {minimum} rows; got {values.shape[0]}")
    return values


def _series(x: npt.ArrayLike, name: str, *, minimum: int = 1) -> FloatArray:
    return _array(x, name, ndim=(1,), minimum=minimum)
