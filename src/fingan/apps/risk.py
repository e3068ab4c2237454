"""Portfolio risk from scenario models: VaR and ES forecasts and their backtests.

The question this app answers: given today's market, what is the distribution of my
portfolio's loss over the next ``h`` days? A scenario model (GARCH, historical or filtered
historical simulation, a GAN) draws paths of daily log returns of every asset after the
returns seen so far; each path gives one portfolio return over the horizon, and the VaR and
ES are the tail of those returns.

Conventions (those of :mod:`fingan.metrics.risk` and :mod:`fingan.metrics.backtest`):
returns are gains-positive; VaR and ES are losses reported as positive numbers. The portfolio
holds the assets in proportion to ``weights`` and is not rebalanced over the horizon: its simple
return is ``sum_i w_i (exp(sum_t r_{t,i}) - 1)``. The weights must sum to one (or be divided by
their sum on request) and their gross leverage ``sum_i |w_i|`` must not exceed
:data:`MAX_GROSS_LEVERAGE` unless leverage is allowed; :class:`PortfolioWeights` holds weights
so checked, and every function here records the weights it used.

Stress tests of the same portfolios live in :mod:`fingan.apps.stress`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.registry import select_models
from fingan.baselines import GARCHBaseline
from fingan.baselines.historical import FilteredHistoricalSimulation, HistoricalSimulation
from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.data.validation import validate_returns_frame
from fingan.evaluation import (
    DEFAULT_MIN_HISTORY,
    Forecast,
    ModelFactory,
    RefitSchedule,
    RollingForecasts,
    RollingProgress,
    Unconditional,
    rolling_scenarios,
)
from fingan.metrics.backtest import VaRBacktest, var_backtest
from fingan.metrics.risk import expected_shortfall, value_at_risk
from fingan.training import TrainingConfig

__all__ = [
    "MAX_GROSS_LEVERAGE",
    "RISK_MODELS",
    "WEIGHT_SUM_TOLERANCE",
    "PortfolioWeights",
    "RiskBacktest",
    "backtest_var",
    "default_risk_models",
    "describe_weights",
    "fit_risk_model",
    "portfolio_returns",
    "portfolio_risk",
    "portfolio_weights",
]

FloatArray = npt.NDArray[np.float64]

MAX_GROSS_LEVERAGE = 2.0
"""Largest gross leverage ``sum_i |w_i|`` of weights accepted without ``allow_leverage``.

Weights summing to one with a gross leverage of 2 are, for example, 150 % long and 50 % short;
beyond that a typo (a minus sign, a weight meant for another asset) is likelier than intent.
"""

WEIGHT_SUM_TOLERANCE = 1e-6
"""How far from one the sum of the weights may be."""

RISK_MODELS: tuple[str, ...] = (
    "historical",
    "filtered_historical",
    "garch_t",
    "market_gan",
    "conditional_gan",
)
"""Names of the built-in risk models, in the order :func:`default_risk_models` lists them."""

TRADING_DAYS = 252
"""Trading days per year, to annualise volatility."""


@dataclass(frozen=True)
class PortfolioWeights:
    """Checked portfolio weights: one per asset, summing to one, with bounded leverage.

    Build them with :func:`portfolio_weights` (which reads mappings and arrays and divides by
    the sum on request); every function of :mod:`fingan.apps.risk` and
    :mod:`fingan.apps.stress` that takes weights accepts them as they are.

    Attributes
    ----------
    assets : tuple of str
        The asset names, in order.
    values : tuple of float
        The weight of each asset, finite, summing to one within
        :data:`WEIGHT_SUM_TOLERANCE`.
    allow_leverage : bool, default False
        Whether a gross leverage ``sum_i |w_i|`` above :data:`MAX_GROSS_LEVERAGE` is accepted.

    Raises
    ------
    ConfigError
        If the names and weights differ in number, a name repeats, a weight is not finite, the
        weights do not sum to one, or the gross leverage is too high.

    Examples
    --------
    >>> weights = PortfolioWeights(("sp500", "nasdaq"), (0.6, 0.4))
    >>> print(weights)
    sp500 0.600, nasdaq 0.400 (gross leverage 1.00)
    """

    assets: tuple[str, ...]
    values: tuple[float, ...]
    allow_leverage: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "assets", tuple(str(name) for name in self.assets))
        object.__setattr__(self, "values", tuple(float(value) for value in self.values))
        if len(self.assets) != len(self.values) or not self.assets:
            raise ConfigError(
                f"{len(self.values)} weights for {len(self.assets)} assets "
                f"({', '.join(self.assets)})"
            )
        if len(set(self.assets)) < len(self.assets):
            repeated = next(name for name in self.assets if self.assets.count(name) > 1)
            raise ConfigError(f"asset {repeated!r} appears more than once in the weights")
        _check_finite(self.assets, self.values)
        total = math.fsum(self.values)
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ConfigError(
                f"weights {_listing(self.assets, self.values)} sum to {total:.6g}, not 1; "
                "pass normalize=True / --normalize-weights to divide them by their sum"
            )
        leverage = self.gross_leverage
        if leverage > MAX_GROSS_LEVERAGE + WEIGHT_SUM_TOLERANCE and not self.allow_leverage:
            raise ConfigError(
                f"weights {_listing(self.assets, self.values)} have a gross leverage "
                f"(sum of |w|) of {leverage:.6g}, above {MAX_GROSS_LEVERAGE:g}; "
                "pass allow_leverage=True / --allow-leverage if this is intended"
            )

    @property
    def gross_leverage(self) -> float:
        """The sum of the absolute weights (1 for a long-only portfolio)."""
        return math.fsum(abs(value) for value in self.values)

    def to_array(self) -> FloatArray:
        """Return the weights as a float64 array in asset order."""
        return np.array(self.values, dtype=np.float64)

    def to_series(self) -> pd.Series:
        """Return the weights as a Series named ``"weight"``, indexed by asset."""
        return pd.Series(self.values, index=list(self.assets), name="weight", dtype=np.float64)

    def to_dict(self) -> dict[str, float]:
        """Return the weights by asset name."""
        return dict(zip(self.assets, self.values, strict=True))

    def __str__(self) -> str:
        return describe_weights(self.to_series())


Weights: TypeAlias = PortfolioWeights | Mapping[str, float] | npt.ArrayLike | None
"""Portfolio weights: checked weights, asset name to weight, an array in asset order, or
``None`` for equal weights (see :func:`portfolio_weights`)."""


def default_risk_models(
    gan_training: TrainingConfig | None = None,
    *,
    names: Sequence[str] | None = None,
    gan_steps: int | None = None,
) -> dict[str, ModelFactory]:
    """Return factories of the risk models a quant would compare, by name.

    ``"historical"``: :class:`~fingan.baselines.historical.HistoricalSimulation` over the last
    500 days; ``"filtered_historical"``:
    :class:`~fingan.baselines.historical.FilteredHistoricalSimulation`; ``"garch_t"``:
    :class:`~fingan.baselines.GARCHBaseline` (GARCH(1,1) with Student-t innovations);
    ``"market_gan"``: the unconditional :class:`~fingan.models.MarketGAN` through
    :class:`~fingan.evaluation.Unconditional`; ``"conditional_gan"``:
    :class:`~fingan.models.ConditionalMarketGAN`.

    Parameters
    ----------
    gan_training : TrainingConfig, optional
        Training of both GANs (default: each model's own ``default_training``).
    names : sequence of str, optional
        Return only these models, in this order (default: all).
    gan_steps : int, optional
        Training steps of each GAN, replacing those of its own default training (ignored
        when ``gan_training`` is given).

    Returns
    -------
    dict of str to callable
        ``factory(seed)`` builds a new, unfitted model.

    Raises
    ------
    ConfigError
        If a name is not a known model.
    """

    def market_gan(seed: int) -> ConditionalPathModel:
        from fingan.models import MarketGAN

        training = MarketGAN.training_with_steps(gan_training, n_steps=gan_steps)
        gan = MarketGAN(training=training, random_state=seed)
        return Unconditional(gan)

    def conditional_gan(seed: int) -> ConditionalPathModel:
        from fingan.models import ConditionalMarketGAN

        training = ConditionalMarketGAN.training_with_steps(gan_training, n_steps=gan_steps)
        return ConditionalMarketGAN(training=training, random_state=seed)

    factories: dict[str, ModelFactory] = {
        "historical": lambda seed: HistoricalSimulation(window=500),
        "filtered_historical": lambda seed: FilteredHistoricalSimulation(),
        "garch_t": lambda seed: GARCHBaseline(),
        "market_gan": market_gan,
        "conditional_gan": conditional_gan,
    }
    return select_models(factories, names, what="risk model")


def fit_risk_model(
    returns: pd.DataFrame,
    model: str = "garch_t",
    *,
    gan_training: TrainingConfig | None = None,
    gan_steps: int | None = None,
    random_state: RandomState = 0,
) -> ConditionalPathModel:
    """Build a built-in risk model by name and fit it to ``returns``.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    model : str, default "garch_t"
        One of :data:`RISK_MODELS` (see :func:`default_risk_models`).
    gan_training : TrainingConfig, optional
        Training of a GAN model.
    gan_steps : int, optional
        Training steps of a GAN model (see :func:`default_risk_models`).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    """
    factory = default_risk_models(gan_training, names=[model], gan_steps=gan_steps)[model]
    return factory(draw_seed(random_state)).fit(returns)


def portfolio_weights(
    weights: Weights,
    assets: Sequence[str],
    *,
    normalize: bool = False,
    allow_leverage: bool = False,
) -> PortfolioWeights:
    """Check portfolio weights and return them in the order of ``assets``.

    The weights must sum to one, unless ``normalize`` is true: then they are divided by their
    sum. Their gross leverage ``sum_i |w_i|`` (after that division) must not exceed
    :data:`MAX_GROSS_LEVERAGE`, unless ``allow_leverage`` is true. Nothing is rescaled
    silently: weights of ``1`` and ``-0.9`` would become ``10`` and ``-9`` once divided by
    their sum, which takes both options.

    Parameters
    ----------
    weights : PortfolioWeights, mapping of str to float, array-like or None
        Checked weights (put in the order of ``assets``; their names must be the assets), a
        weight per asset name (assets left out weigh zero), one weight per asset in order, or
        ``None`` for equal weights.
    assets : sequence of str
        The asset names.
    normalize : bool, default False
        Divide the weights by their sum instead of requiring them to sum to one.
    allow_leverage : bool, default False
        Accept a gross leverage above :data:`MAX_GROSS_LEVERAGE`.

    Returns
    -------
    PortfolioWeights
        The weights used.

    Raises
    ------
    ConfigError
        If a name is not an asset, the count is wrong, a weight is not a finite number, the
        weights do not sum to one (or, with ``normalize``, sum to zero), or the gross leverage
        is too high; the message gives the weights and names the option that would accept them.

    Examples
    --------
    >>> portfolio_weights({"b": 0.75, "a": 0.25}, ["a", "b", "c"]).values
    (0.25, 0.75, 0.0)
    >>> portfolio_weights({"a": 1.0, "b": 3.0}, ["a", "b"], normalize=True).values
    (0.25, 0.75)
    """
    names = tuple(str(asset) for asset in assets)
    if weights is None:
        return PortfolioWeights(names, (1.0 / len(names),) * len(names))
    if isinstance(weights, PortfolioWeights):
        if sorted(weights.assets) != sorted(names):
            raise ConfigError(
                f"the weights are for {', '.join(weights.assets)}; the assets are "
                f"{', '.join(names)}"
            )
        allow_leverage = allow_leverage or weights.allow_leverage
        weights = weights.to_dict()
    values = _weight_values(weights, names)
    if normalize:
        _check_finite(names, values)
        total = math.fsum(values)
        if total == 0.0 or not math.isfinite(total):
            raise ConfigError(
                f"weights {_listing(names, values)} sum to {total:g}; "
                "they cannot be divided by their sum"
            )
        values = tuple(value / total for value in values)
    return PortfolioWeights(names, values, allow_leverage=allow_leverage)


def describe_weights(weights: pd.Series) -> str:
    """Describe weights in one line: ``"sp500 0.600, nasdaq 0.400 (gross leverage 1.00)"``.

    Parameters
    ----------
    weights : pandas.Series
        Weight by asset, as the results of :func:`backtest_var` and
        :func:`~fingan.apps.stress.stress_scenarios` hold them.

    Returns
    -------
    str
        Each asset and its weight to three decimals, then the gross leverage ``sum_i |w_i|``.
    """
    listing = ", ".join(f"{name} {float(value):.3f}" for name, value in weights.items())
    return f"{listing} (gross leverage {float(weights.abs().sum()):.2f})"


def _weight_values(
    weights: Mapping[str, float] | npt.ArrayLike, names: tuple[str, ...]
) -> tuple[float, ...]:
    """Read a mapping or an array of weights as one float per asset, in order."""
    if isinstance(weights, Mapping):
        unknown = [str(name) for name in weights if str(name) not in names]
        if unknown:
            raise ConfigError(
                f"unknown asset(s) {', '.join(map(repr, unknown))} in weights; "
                f"the assets are {', '.join(names)}"
            )
        given = {str(name): value for name, value in weights.items()}
        try:
            return tuple(float(given.get(name, 0.0)) for name in names)
        except (TypeError, ValueError):
            raise ConfigError(f"weights must be numbers; got {given!r}") from None
    try:
        values = np.asarray(weights, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ConfigError(f"weights must be numbers; got {weights!r}") from None
    if values.size != len(names):
        raise ConfigError(f"{values.size} weights for {len(names)} assets ({', '.join(names)})")
    return tuple(float(value) for value in values)


def _check_finite(names: Sequence[str], values: Sequence[float]) -> None:
    """Raise if a weight is NaN or infinite."""
    if not all(math.isfinite(value) for value in values):
        raise ConfigError(f"weights must be finite numbers; got {_listing(names, values)}")


def _listing(names: Sequence[str], values: Sequence[float]) -> str:
    """List the weights as given, ``"a 0.8, b 0.5"``, for a message."""
    return ", ".join(f"{name} {value:.6g}" for name, value in zip(names, values, strict=True))


def portfolio_returns(paths: ReturnPaths, weights: Weights = None) -> FloatArray:
    """Return the simple return of a buy-and-hold portfolio over each whole path.

    Parameters
    ----------
    paths : ReturnPaths
        Daily log returns, shape ``(n_paths, horizon, n_assets)``.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`portfolio_weights`; ``None``: equal).

    Returns
    -------
    numpy.ndarray of shape (n_paths,)
        ``sum_i w_i (exp(sum_t r_{t,i}) - 1)``: each asset's simple return over the horizon,
        weighted by its share of the portfolio at the start.

    Examples
    --------
    >>> paths = ReturnPaths.from_array([[[np.log(1.1), 0.0], [0.0, np.log(0.5)]]], ["a", "b"])
    >>> portfolio_returns(paths, {"a": 0.5, "b": 0.5}).round(6).tolist()
    [-0.2]
    """
    vector = portfolio_weights(weights, paths.assets).to_array()
    growth = np.expm1(paths.values.sum(axis=1))  # (n_paths, n_assets)
    returns: FloatArray = growth @ vector
    return returns


def portfolio_risk(
    paths: ReturnPaths, weights: Weights = None, levels: Sequence[float] = (0.95, 0.99)
) -> pd.DataFrame:
    """VaR and ES of a portfolio over the paths' horizon, as positive losses.

    Parameters
    ----------
    paths : ReturnPaths
        Scenarios of daily log returns, shape ``(n_paths, horizon, n_assets)``.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`portfolio_weights`; ``None``: equal).
    levels : sequence of float
        Confidence levels in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Index ``level``; columns ``var`` and ``es`` (losses as fractions of the portfolio's
        value, e.g. 0.05 for a 5 % loss).
    """
    return _risk_table(portfolio_returns(paths, weights), levels)


@dataclass(frozen=True)
class RiskBacktest:
    """VaR and ES forecasts of several models, day by day, and their backtests.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per model and forecast day: ``date``, ``model``, ``var`` and ``es`` (forecast
        losses, positive), ``realised`` (the portfolio's simple return over the forecast
        window starting on ``date``) and ``violation`` (``-realised > var``).
    backtests : dict of str to VaRBacktest
        Each model's tests (:func:`fingan.metrics.backtest.var_backtest`).
    weights : pandas.Series
        The portfolio weights used, by asset (summing to one; see :class:`PortfolioWeights`).
    level : float
        Confidence level of the VaR and ES.
    horizon : int
        Days per forecast window; windows do not overlap.
    rolling : RollingForecasts
        The run behind the forecasts: fits and timings.
    """

    forecasts: pd.DataFrame
    backtests: dict[str, VaRBacktest]
    weights: pd.Series
    level: float
    horizon: int
    rolling: RollingForecasts

    @property
    def models(self) -> list[str]:
        """Model names, in the order they were run."""
        return list(self.backtests)

    def to_frame(self) -> pd.DataFrame:
        """Return the per-day forecasts (see ``forecasts``)."""
        return self.forecasts

    def tests(self) -> pd.DataFrame:
        """Per model: violations, their rate, each test's statistic and p-value, the light."""
        frame = pd.DataFrame({name: test.to_dict() for name, test in self.backtests.items()}).T
        frame.index.name = "model"
        return frame

    def timings(self) -> pd.DataFrame:
        """Per model: forecasts, fits, fit and sampling seconds (see ``RollingForecasts``)."""
        return self.rolling.timings()

    def summary(self) -> str:
        """Return the period and the main results of each model's tests as text."""
        columns = [
            "n_violations",
            "violation_rate",
            "kupiec_p_value",
            "independence_p_value",
            "conditional_coverage_p_value",
            "traffic_light",
            "es_p_value",
        ]
        dates = self.forecasts["date"]
        head = (
            f"{self.level:.1%} VaR of a {self.horizon}-day horizon, {dates.nunique():,} "
            f"forecasts from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d} "
            f"(expected violation rate {1 - self.level:.2%})"
        )
        table = self.tests()[columns].to_string(
            float_format=lambda value: f"{value:.4f}", na_rep="-"
        )
        return f"{head}\nweights: {describe_weights(self.weights)}\n{table}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: settings, and per model its tests, fits and timings."""
        dates = self.forecasts["date"]
        timings = self.rolling.to_dict()
        return {
            "level": self.level,
            "horizon": self.horizon,
            "n_scenarios": self.rolling.n_scenarios,
            "refit": self.rolling.refit,
            "weights": {str(name): float(value) for name, value in self.weights.items()},
            "gross_leverage": float(self.weights.abs().sum()),
            "period": {
                "start": f"{dates.min():%Y-%m-%d}",
                "end": f"{dates.max():%Y-%m-%d}",
                "forecasts": int(dates.nunique()),
            },
            "models": {
                name: {**test.to_dict(), "timing": timings["models"][name]}
                for name, test in self.backtests.items()
            },
        }


def backtest_var(
    returns: pd.DataFrame,
    weights: Weights = None,
    models: Mapping[str, ModelFactory] | None = None,
    *,
    level: float = 0.99,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    refit: RefitSchedule = "yearly",
    n_scenarios: int = 10_000,
    horizon: int = 1,
    fit_window: int | None = None,
    min_history: int = DEFAULT_MIN_HISTORY,
    random_state: RandomState = 0,
    progress: RollingProgress | None = None,
) -> RiskBacktest:
    """Forecast a portfolio's VaR and ES out of sample, day by day, and backtest them.

    Each model is refitted on the schedule ``refit`` on the days before each refit date, and
    for each forecast day ``t`` draws ``n_scenarios`` paths of the ``horizon`` days from ``t``
    given the returns up to ``t - 1`` (see :func:`fingan.evaluation.rolling_scenarios`).
    The VaR and ES at ``level`` of the scenarios' portfolio returns are compared with the
    portfolio's realised return over the same days by
    :func:`fingan.metrics.backtest.var_backtest` (Kupiec, Christoffersen independence and
    conditional coverage, Basel traffic light, McNeil-Frey and Acerbi-Szekely ES tests). The
    ES tests need a positive ES forecast every day; a model that forecast a gain even in the
    tail on some day (ES <= 0) gets no ES test (its ES fields are ``None``).

    With ``horizon > 1`` the forecast windows do not overlap (one forecast every ``horizon``
    days), so the violations stay independent under a correct model, as the tests assume.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns with a ``DatetimeIndex``, one column per asset.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`portfolio_weights`; ``None``: equal). Weights that are
        not :class:`PortfolioWeights` must sum to one, with a gross leverage of at most
        :data:`MAX_GROSS_LEVERAGE`.
    models : mapping of str to callable, optional
        Model factories by name (default :func:`default_risk_models`).
    level : float, default 0.99
        Confidence level in (0, 1).
    start, end : date-like
        First forecast day and last day of the period (default: the end of the data).
    refit : {"yearly", "quarterly", "monthly", "never"} or int, default "yearly"
        When the models are refitted.
    n_scenarios : int, default 10000
        Paths per model and forecast day.
    horizon : int, default 1
        Days per forecast window.
    fit_window : int, optional
        Fit on this many most recent days (default: every earlier day).
    min_history : int, default 250
        Fewest days required before ``start``.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the run (and of the ES test's bootstrap).
    progress : callable, optional
        ``progress(done, total, description)``.

    Returns
    -------
    RiskBacktest
        Per-day forecasts and per-model tests.

    Raises
    ------
    ConfigError
        For a bad level, weights, schedule or period.
    TooFewRowsError
        If too few days precede ``start``.
    """
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level must be in (0, 1); got {level!r}")
    frame = validate_returns_frame(returns, min_rows=2)
    used = portfolio_weights(weights, list(frame.columns))
    vector = used.to_array()
    seed = draw_seed(random_state)

    def reduce(forecast: Forecast) -> dict[str, float]:
        simulated = portfolio_returns(forecast.paths, used)
        realised = np.expm1(forecast.realised.to_numpy().sum(axis=0)) @ vector
        return {
            "var": value_at_risk(simulated, level),
            "es": expected_shortfall(simulated, level),
            "realised": float(realised),
        }

    rolling = rolling_scenarios(
        frame,
        default_risk_models() if models is None else models,
        reduce,
        start=start,
        end=end,
        refit=refit,
        n_scenarios=n_scenarios,
        horizon=horizon,
        stride=horizon,
        fit_window=fit_window,
        min_history=min_history,
        random_state=seed,
        progress=progress,
    )
    values = rolling.values
    forecasts = values.reset_index()
    forecasts["violation"] = -forecasts["realised"] > forecasts["var"]
    backtests = {
        str(name): var_backtest(
            group["realised"].to_numpy(),
            group["var"].to_numpy(),
            level,
            # The ES tests need a loss every day; a forecast of a gain even in the tail
            # (ES <= 0, e.g. from a barely trained model) leaves them out.
            es=group["es"].to_numpy() if (group["es"] > 0).all() else None,
            random_state=seed,
        )
        for name, group in values.groupby(level="model", sort=False)
    }
    return RiskBacktest(
        forecasts=forecasts[["date", "model", "var", "es", "realised", "violation"]],
        backtests=backtests,
        weights=used.to_series(),
        level=float(level),
        horizon=horizon,
        rolling=rolling,
    )


def _risk_table(returns: FloatArray, levels: Sequence[float]) -> pd.DataFrame:
    """VaR and ES (positive losses) of a sample of portfolio returns, by level."""
    if len(levels) == 0:
        raise ConfigError("give at least one confidence level")
    table = pd.DataFrame(
        {
            "var": [value_at_risk(returns, level) for level in levels],
            "es": [expected_shortfall(returns, level) for level in levels],
        },
        index=pd.Index([float(level) for level in levels], name="level"),
    )
    return table
