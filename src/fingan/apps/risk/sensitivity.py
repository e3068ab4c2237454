"""What moved a conditional GAN's VaR in a backtest: the ``explain=True`` part of the study.

A backtest refits each model on a schedule, so there is no single model to explain; this
module explains one fitted model of each conditional GAN configuration (``gan``,
``ewma+gan``... any whose innovation model is an :class:`~fingan.models.InnovationGAN`): the
one that forecast the explained day, by default the model of the *last* refit, over the days
it forecast. On those days it reports, through :func:`fingan.explain.condition_sensitivity`,
the days its one-day VaR moved most with the condition features that moved it, the condition
sensitivity of the explained day (partial dependence, integrated gradients) and each
attribution's deletion test.

The explained model is the backtest's own: :func:`plan_explanation` wraps its factory so that
a serial run keeps the model built with that refit's seed; on other executors (the model was
fitted in another process) it is fitted again here from the same seed on the same days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError, NotFittedError
from fingan.core.protocols import ConditionalPathModel
from fingan.evaluation import (
    ModelFactory,
    RefitSchedule,
    RollingForecasts,
    forecast_origins,
    piece_seed,
    refit_dates,
)
from fingan.explain import (
    ConditionalVaR,
    ConditionHistory,
    ConditionSensitivity,
    condition_sensitivity,
)
from fingan.metrics.arrays import json_number
from fingan.models import InnovationGAN

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = [
    "EXPLAIN_EXTRA",
    "MIN_EXPLAINED_DAYS",
    "BacktestSensitivity",
    "ExplanationPlan",
    "add_backtest_sensitivity",
    "explain_backtest",
    "plan_explanation",
    "require_explain_extra",
]

EXPLAIN_EXTRA = 'explaining the GAN (--explain) needs captum: pip install "fingan[explain]"'
"""The error when captum is missing."""

MIN_EXPLAINED_DAYS = 10
"""Fewest days the explained model must have forecast."""


def require_explain_extra() -> None:
    """Raise :class:`ConfigError` naming the extra when captum is missing."""
    try:
        import captum.attr  # noqa: F401
    except ImportError:
        raise ConfigError(EXPLAIN_EXTRA) from None


@dataclass(frozen=True)
class BacktestSensitivity:
    """The condition sensitivity of one GAN configuration's model over the days it forecast.

    Attributes
    ----------
    model : str
        The model's name in the backtest.
    refit_date, train_start, train_end : str
        The explained model's refit day and the first and last day it was fitted on.
    start, end : str
        The first and last explained day (the days that model forecast).
    refitted : bool
        Whether the model was fitted again for the explanation (from the backtest's seed on
        the same days: a run on processes or Ray keeps no model) rather than kept.
    tracking : float or None
        Correlation, over the forecast days, of the explained one-day VaR (the GAN body's,
        of one asset) with the VaR the backtest forecast for the portfolio (``None`` with
        fewer than three days or a constant series).
    sensitivity : ConditionSensitivity
        Moved days, attribution of the explained day, curves and deletion tests.
    """

    model: str
    refit_date: str
    train_start: str
    train_end: str
    start: str
    end: str
    refitted: bool
    tracking: float | None
    sensitivity: ConditionSensitivity

    def deletion_verdicts(self) -> str:
        """Return each deletion test's verdict in one phrase, e.g. ``condition passed (...)``."""
        return "; ".join(
            f"{name} {'passed' if test.passed else 'FAILED'} (gap {test.gap:.3g}, "
            f"{test.level:.0%} interval [{test.low:.3g}, {test.high:.3g}])"
            for name, test in self.sensitivity.deletion.items()
        )

    def summary(self) -> str:
        """Return the explained model, its days and the condition sensitivity as text."""
        head = (
            f"{self.model}: the model refitted on {self.refit_date} (fitted on {self.train_start}"
            f" to {self.train_end}), over the {self.sensitivity.n_days} days it forecast "
            f"({self.start} to {self.end}); deletion tests: {self.deletion_verdicts()}"
        )
        return f"{head}\n{self.sensitivity.summary()}"

    def to_dict(self) -> dict[str, Any]:
        """Return the results, JSON-ready."""
        return {
            "refit_date": self.refit_date,
            "train_start": self.train_start,
            "train_end": self.train_end,
            "start": self.start,
            "end": self.end,
            "refitted": self.refitted,
            "tracking": self.tracking,
            **self.sensitivity.to_dict(),
        }


class KeepModel:
    """A model factory that keeps the model it builds from one seed (picklable).

    Parameters
    ----------
    factory : callable
        ``factory(seed)`` builds a new, unfitted model.
    seed : int
        The seed whose model is kept (in :attr:`model`).
    """

    def __init__(self, factory: ModelFactory, seed: int) -> None:
        self.factory, self.seed = factory, seed
        self.model: ConditionalPathModel | None = None

    def __call__(self, seed: int) -> ConditionalPathModel:
        model = self.factory(seed)
        if seed == self.seed:
            self.model = model
        return model


@dataclass(frozen=True)
class ExplanationPlan:
    """Which models are explained, on which days, and the factories that keep them.

    Attributes
    ----------
    factories : dict of str to callable
        The backtest's factories, those of the explained models wrapped in :class:`KeepModel`.
    kept : dict of str to KeepModel
        The wrapped factories of the explained models (the GAN configurations), by name.
    day : pandas.Timestamp
        The day whose VaR is attributed.
    refit_date : pandas.Timestamp
        The refit day of the model that forecast ``day``.
    days : pandas.DatetimeIndex
        The trading days that model forecast (from its refit day).
    """

    factories: dict[str, ModelFactory]
    kept: dict[str, KeepModel]
    day: pd.Timestamp
    refit_date: pd.Timestamp
    days: pd.DatetimeIndex


def plan_explanation(
    returns: pd.DataFrame,
    models: Mapping[str, ModelFactory],
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None,
    refit: RefitSchedule,
    horizon: int,
    fit_window: int | None,
    min_history: int,
    random_state: int,
    day: str | pd.Timestamp | None = None,
) -> ExplanationPlan:
    """Plan the explanation of a backtest before it runs (the arguments are the backtest's).

    The explained models are the GAN configurations among ``models`` (an unfitted model
    built by each factory says); the explained refit is the one before ``day`` (default: the
    last forecast day).

    Raises
    ------
    ConfigError
        If ``day`` is not a trading day of the period, or the explained model forecasts fewer
        than :data:`MIN_EXPLAINED_DAYS` days.
    """
    index = pd.DatetimeIndex(returns.index)
    origins = forecast_origins(  # as the backtest's rolling run finds them
        index,
        start,
        end,
        horizon=horizon,
        stride=horizon,
        min_history=max(min_history, fit_window or 0),
    )
    first, last = index[origins[0]], index[origins[-1]]
    schedule = refit_dates(index, first, last, refit)
    chosen = last if day is None else _trading_day(index, day, first, last)
    refit_date = schedule[schedule <= chosen][-1]
    later = schedule[schedule > chosen]
    stop = later[0] if len(later) else last + pd.Timedelta(days=1)
    days = index[(index >= refit_date) & (index < stop) & (index <= last)]
    if len(days) < MIN_EXPLAINED_DAYS:
        raise ConfigError(
            f"the model refitted on {refit_date.date()} forecasts only {len(days)} days; "
            f"explaining it needs at least {MIN_EXPLAINED_DAYS} (choose another explained day "
            "or end)"
        )
    kept = {
        name: KeepModel(factory, _factory_seed(random_state, name, refit_date))
        for name, factory in models.items()
        if has_gan_innovations(factory(0))
    }
    factories = {name: kept.get(name, factory) for name, factory in models.items()}
    return ExplanationPlan(factories, kept, chosen, refit_date, days)


def has_gan_innovations(model: Any) -> bool:
    """Whether a (fitted or unfitted) scenario model draws its innovations from a GAN."""
    innovations = getattr(model, "innovations", None)
    candidates = (innovations, getattr(innovations, "body", None))
    return any(isinstance(candidate, InnovationGAN) for candidate in candidates)


def explain_backtest(
    plan: ExplanationPlan,
    returns: pd.DataFrame,
    rolling: RollingForecasts[Any],
    forecasts: pd.DataFrame,
    *,
    weights: pd.Series,
    level: float,
    random_state: int,
) -> dict[str, BacktestSensitivity]:
    """Explain each planned model after the backtest (see the module docstring).

    Parameters
    ----------
    plan : ExplanationPlan
        From :func:`plan_explanation`, whose factories the backtest ran.
    returns : pandas.DataFrame
        The backtest's returns.
    rolling : RollingForecasts
        The backtest's run (its fits say what each model was fitted on).
    forecasts : pandas.DataFrame
        The backtest's forecasts (``date``, ``model``, ``var``...).
    weights : pandas.Series
        The portfolio weights: the asset with the largest absolute weight is explained.
    level : float
        VaR level.
    random_state : int
        The backtest's seed (of the fixed noise, sampled days and deletion tests).
    """
    asset = str(weights.abs().idxmax())
    # The filter runs from the first day, as in the backtest; no day after the last is seen.
    seen = returns.loc[: plan.days[-1]]
    explained = {}
    for name, keeper in plan.kept.items():
        fits = rolling.fits
        fit = fits[(fits["model"] == name) & (fits["refit_date"] == plan.refit_date)].iloc[0]
        model, refitted = _fitted(keeper, returns.loc[fit["train_start"] : fit["train_end"]])
        function = ConditionalVaR(model, asset=asset, level=level, random_state=random_state)
        full = function.history(seen)
        keep = full.features.index.isin(plan.days)
        history = ConditionHistory(full.features[keep], full.volatility[keep])
        sensitivity = condition_sensitivity(
            function, history, day=str(plan.day.date()), random_state=random_state
        )
        own = forecasts[forecasts["model"] == name].set_index("date")["var"]
        explained[name] = BacktestSensitivity(
            model=name,
            refit_date=_iso(plan.refit_date),
            train_start=_iso(fit["train_start"]),
            train_end=_iso(fit["train_end"]),
            start=_iso(history.features.index[0]),
            end=_iso(history.features.index[-1]),
            refitted=refitted,
            tracking=_correlation(function.var(history.inputs().to_numpy()), own, history),
            sensitivity=sensitivity,
        )
    return explained


def add_backtest_sensitivity(
    report: HtmlReport, explanations: Mapping[str, BacktestSensitivity]
) -> None:
    """Add "What moved the GAN's VaR" and each explained model's condition sensitivity."""
    from fingan.apps.explain.sensitivity import NOT_APPLICABLE, add_sensitivity_section

    report.add_heading("What moved the GAN's VaR")
    if not explanations:
        report.add_text(f"No model of this backtest has a GAN innovation model. {NOT_APPLICABLE}")
        return
    for name, item in explanations.items():
        tracking = (
            "a correlation that cannot be computed"
            if item.tracking is None
            else f"a correlation of {item.tracking:.2f}"
        )
        fitted = (
            "fitted again here from the backtest's seed on the same days (the run kept no model)"
            if item.refitted
            else "the backtest's own"
        )
        report.add_text(
            f"{name}: the backtest refits its models, so one of them is explained: the model "
            f"refitted on {item.refit_date} (fitted on {item.train_start} to {item.train_end}; "
            f"{fitted}), over the {item.sensitivity.n_days} days it forecast, {item.start} to "
            f"{item.end}. What is explained is that model's one-day VaR of "
            f"{item.sensitivity.asset} as a function of its condition (the GAN body, one fixed "
            "batch of noise); over these days it follows the VaR the backtest forecast with "
            f"{tracking}. Deletion tests: {item.deletion_verdicts()}; a test passes when the "
            "interval lies above 0, and a failed test means that attribution's ranking of the "
            "features is not shown to be faithful."
        )
        add_sensitivity_section(report, item.sensitivity, heading=f"{name}: condition sensitivity")


def _fitted(keeper: KeepModel, train: pd.DataFrame) -> tuple[ConditionalPathModel, bool]:
    """Return the kept model, or the same model fitted again when the run kept none."""
    if keeper.model is not None:
        try:
            check_is_fitted(keeper.model)
            return keeper.model, False
        except NotFittedError:
            pass
    return keeper.factory(keeper.seed).fit(train), True


def _factory_seed(seed: int, name: str, refit_date: pd.Timestamp) -> int:
    """Return the seed a rolling run hands a model's factory at a refit (its first draw)."""
    return int(np.random.default_rng(piece_seed(seed, name, refit_date)).integers(2**31))


def _trading_day(
    index: pd.DatetimeIndex, day: str | pd.Timestamp, first: pd.Timestamp, last: pd.Timestamp
) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(day).normalize()
    except (ValueError, TypeError) as error:
        raise ConfigError(
            f"explained day must be a date such as 2018-10-15; got {day!r}"
        ) from error
    if stamp not in index.normalize() or not first.normalize() <= stamp <= last.normalize():
        raise ConfigError(
            f"explained day {stamp.date()} is not a forecast day of the backtest "
            f"({first.date()} to {last.date()})"
        )
    return pd.Timestamp(index[index.normalize() == stamp][0])


def _correlation(explained: np.ndarray, forecast: pd.Series, history: ConditionHistory) -> Any:
    frame = pd.DataFrame({"explained": explained}, index=history.features.index)
    frame["forecast"] = forecast.reindex(frame.index)
    frame = frame.dropna()
    if len(frame) < 3 or frame.std().min() == 0.0:
        return None
    return json_number(float(frame["explained"].corr(frame["forecast"])))


def _iso(day: Any) -> str:
    return f"{pd.Timestamp(day):%Y-%m-%d}"
