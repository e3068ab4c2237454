"""The VaR backtest: each model's VaR and ES forecast out of sample, day by day, and tested.

Each model is refitted on a schedule on the days before each refit date and forecasts the
portfolio's loss over the next days given the returns up to the day before
(:func:`fingan.evaluation.rolling_scenarios`); :func:`fingan.metrics.backtest.var_backtest`
tests the forecasts against the realised losses.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from fingan.apps.risk.calibration import DEFAULT_LEARNING_RATE
from fingan.apps.risk.models import default_risk_models
from fingan.apps.risk.result import TAIL_POINTS, RiskBacktest, VaRDay
from fingan.apps.risk.sensitivity import (
    explain_backtest,
    plan_explanation,
    require_explain_extra,
)
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.data.validation import validate_returns_frame
from fingan.evaluation import (
    DEFAULT_MIN_HISTORY,
    Executor,
    Forecast,
    ModelFactory,
    RefitSchedule,
    RollingProgress,
    rolling_scenarios,
)
from fingan.metrics.backtest import var_backtest
from fingan.metrics.portfolio import Weights, portfolio_returns, portfolio_weights
from fingan.metrics.risk import expected_shortfall, value_at_risk

__all__ = ["backtest_var", "tail_values"]


def backtest_var(
    returns: pd.DataFrame,
    weights: Weights = None,
    models: Mapping[str, ModelFactory] | None = None,
    *,
    level: float = 0.99,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    refit: RefitSchedule = "yearly",
    n_paths: int = 10_000,
    horizon: int = 1,
    fit_window: int | None = None,
    min_history: int = DEFAULT_MIN_HISTORY,
    random_state: RandomState = 0,
    progress: RollingProgress | None = None,
    executor: Executor | None = None,
    conformal: bool = False,
    explain: bool = False,
    explain_day: str | pd.Timestamp | None = None,
    warm_start: Collection[str] = (),
) -> RiskBacktest:
    """Forecast a portfolio's VaR and ES out of sample, day by day, and backtest them.

    Each model is refitted on the schedule ``refit`` on the days before each refit date, and
    for each forecast day ``t`` draws ``n_paths`` paths of the ``horizon`` days from ``t``
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
        Portfolio weights (see :func:`~fingan.metrics.portfolio.portfolio_weights`; ``None``:
        equal). Weights that are not :class:`~fingan.metrics.portfolio.PortfolioWeights` must
        sum to one, with a gross leverage of at most
        :data:`~fingan.metrics.portfolio.MAX_GROSS_LEVERAGE`.
    models : mapping of str to callable, optional
        Model factories by name (default :func:`default_risk_models`).
    level : float, default 0.99
        Confidence level in (0, 1).
    start, end : date-like
        First forecast day and last day of the period (default: the end of the data).
    refit : {"yearly", "quarterly", "monthly", "never"} or int, default "yearly"
        When the models are refitted.
    n_paths : int, default 10000
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
    executor : Executor, optional
        Runs the independent pieces (one model's refit year each): serial (default), local
        processes or Ray (:mod:`fingan.evaluation.executor`); the results do not depend on it.
    conformal : bool, default False
        Also backtest each model after adaptive conformal calibration of its level
        (Gibbs & Candès, 2021; see :meth:`RiskBacktest.conformal`), reported beside the raw
        backtest, never instead of it.
    explain : bool, default False
        Also explain each conditional GAN configuration (``gan``, ``ewma+gan``...): the model
        that forecast ``explain_day`` (default: the last refit's, over the days it forecast),
        the days its VaR moved most and the condition features that moved it, its condition
        sensitivity and the deletion tests of the attributions
        (:mod:`fingan.apps.risk.sensitivity`). Needs captum (``fingan[explain]``).
    explain_day : date-like, optional
        The forecast day whose VaR is attributed (default: the last).
    warm_start : collection of str, default ()
        Models refitted from their previous fit instead of anew (e.g. ``["market_gan"]``,
        see :func:`fingan.apps.registry.warm_startable` and
        :func:`~fingan.evaluation.rolling_scenarios`). An explained model cannot be one.

    Returns
    -------
    RiskBacktest
        Per-day forecasts and per-model tests.

    Raises
    ------
    ConfigError
        For a bad level, weights, schedule or period, an ``explain_day`` that is not a
        forecast day or comes without ``explain``, or ``explain`` without captum.
    TooFewRowsError
        If too few days precede ``start``.
    """
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level must be in (0, 1); got {level!r}")
    if explain_day is not None and not explain:
        raise ConfigError("an explained day (--explain-day) needs explain=True (--explain)")
    frame = validate_returns_frame(returns, min_rows=2)
    used = portfolio_weights(weights, list(frame.columns))
    vector = used.to_array()
    seed = draw_seed(random_state)
    factories = default_risk_models() if models is None else dict(models)
    plan = None
    if explain:
        require_explain_extra()
        plan = plan_explanation(
            frame,
            factories,
            start=start,
            end=end,
            refit=refit,
            horizon=horizon,
            fit_window=fit_window,
            min_history=min_history,
            random_state=seed,
            day=explain_day,
        )
        factories = plan.factories
        if set(warm_start) & set(plan.kept):
            raise ConfigError("an explained model is refitted anew: do not warm-start it")

    def reduce(forecast: Forecast) -> VaRDay:
        simulated = portfolio_returns(forecast.paths, used)
        realised = float(np.expm1(forecast.realised.to_numpy().sum(axis=0)) @ vector)
        var = value_at_risk(simulated, level)
        return VaRDay(
            var=var,
            es=expected_shortfall(simulated, level),
            realised=realised,
            violation=bool(-realised > var),
            pit=float(np.mean(simulated <= realised)),
            tail=tail_values(simulated, level),
        )

    rolling = rolling_scenarios(
        frame,
        factories,
        reduce,
        start=start,
        end=end,
        refit=refit,
        n_paths=n_paths,
        horizon=horizon,
        stride=horizon,
        fit_window=fit_window,
        min_history=min_history,
        random_state=seed,
        progress=progress,
        executor=executor,
        warm_start=warm_start,
    )
    values = rolling.to_frame()
    forecasts = values.reset_index()
    backtests = {
        str(name): var_backtest(
            group["realised"].to_numpy(),
            group["var"].to_numpy(),
            level,
            # The ES tests need a loss every day; a forecast of a gain even in the tail
            # (ES <= 0, e.g. from a barely trained model) leaves them out.
            es=group["es"].to_numpy() if (group["es"] > 0).all() else None,
            tails=np.array(group["tail"].tolist()),
            random_state=seed,
        )
        for name, group in values.groupby(level="model", sort=False)
    }
    table = forecasts[["date", "model", "var", "es", "realised", "violation", "pit"]]
    explanations = None
    if plan is not None:
        explanations = explain_backtest(
            plan,
            frame,
            rolling,
            table,
            weights=used.to_series(),
            level=level,
            random_state=seed,
        )
    return RiskBacktest(
        forecasts=table,
        backtests=backtests,
        weights=used.to_series(),
        level=float(level),
        horizon=horizon,
        rolling=rolling,
        conformal_learning_rate=DEFAULT_LEARNING_RATE if conformal else None,
        explanations=explanations,
    )


def tail_values(simulated: np.ndarray, level: float) -> tuple[float, ...]:
    """Return the scenarios' worst ``1 - level`` losses as :data:`TAIL_POINTS` quantiles."""
    losses = np.sort(-np.asarray(simulated, dtype=np.float64))
    count = max(1, int(np.ceil((1.0 - level) * losses.size)))
    probabilities = (np.arange(TAIL_POINTS) + 0.5) / TAIL_POINTS
    return tuple(float(value) for value in np.quantile(losses[-count:], probabilities))
