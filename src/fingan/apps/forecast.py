r"""Probabilistic forecasts of the next days' return and volatility, scored out of sample.

The question this app answers: how good is each model's *distribution* of what happens next?
For every forecast day ``t`` (the origin) of an evaluation period each model, fitted only on
earlier data and conditioning on the returns up to day ``t - 1``, draws ``n_samples`` paths of
the ``h`` days ``t, ..., t + h - 1`` (the rolling machinery of :mod:`fingan.evaluation`).
Two targets of one asset are forecast from those paths:

* ``"return"``: the ``h``-day log return :math:`\sum_{s=t}^{t+h-1} r_s`;
* ``"realised_vol"``: the realised volatility :math:`\sqrt{\sum_{s=t}^{t+h-1} r_s^2}`.

Each day's sample forecast is scored against what happened with proper scoring rules and
calibration checks (:mod:`fingan.metrics.forecast`): the CRPS, the pinball loss of each
quantile, the coverage of the central 90% interval and the PIT. Models are then compared with
the Diebold-Mariano test of their per-day CRPS against a benchmark, GARCH(1,1)-t by default
(:func:`fingan.metrics.comparison.diebold_mariano`). Origins are consecutive days, so for
``h > 1`` the forecast windows overlap; the test's Newey-West variance allows for that.

:func:`forecast_distribution` answers the forward-looking question with one fitted model (for
example from :func:`fit_forecast_model`): the distribution of the same two targets over the
``h`` days after the last day of data.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.registry import select_models
from fingan.baselines import GARCHBaseline, HistoricalSimulation
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.core.exceptions import ConfigError
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.evaluation import (
    DEFAULT_MIN_HISTORY,
    Forecast,
    ModelFactory,
    RefitSchedule,
    RollingForecasts,
    RollingProgress,
    rolling_scenarios,
)
from fingan.metrics.comparison import diebold_mariano
from fingan.metrics.forecast import (
    DEFAULT_QUANTILES,
    PITHistogram,
    crps_from_samples,
    interval_coverage,
    pinball_loss,
    pit_histogram,
    pit_values,
)
from fingan.training import TrainingConfig

__all__ = [
    "BENCHMARK",
    "DEFAULT_QUANTILES",
    "FORECAST_MODELS",
    "TARGETS",
    "ForecastEvaluation",
    "Target",
    "default_forecast_models",
    "evaluate_forecasts",
    "fit_forecast_model",
    "forecast_distribution",
]

FloatArray = npt.NDArray[np.float64]

Target = Literal["return", "realised_vol"]

TARGETS: tuple[Target, ...] = ("return", "realised_vol")
"""What is forecast: the ``h``-day log return and the ``h``-day realised volatility."""

FORECAST_MODELS: tuple[str, ...] = (
    "random_walk",
    "garch_t",
    "quantile_regression",
    "conditional_gan",
)
"""Names of the built-in forecast models, in the order :func:`default_forecast_models` lists."""

BENCHMARK = "garch_t"
"""The model every other is tested against when it is evaluated."""

INTERVAL = 0.9
"""Nominal coverage of the central prediction interval that is checked."""

_PIT_BINS = 10

ModelSpec = ModelFactory | ConditionalPathModel
"""A factory ``factory(seed) -> model``, or an unfitted model copied afresh for every refit."""


def default_forecast_models(
    gan_training: TrainingConfig | None = None,
    *,
    names: Sequence[str] | None = None,
    gan_steps: int | None = None,
) -> dict[str, ModelFactory]:
    """Return factories of the forecast models compared by default, by name.

    ``"random_walk"``: returns are i.i.d. draws of the last 500 days
    (:class:`~fingan.baselines.HistoricalSimulation`, the historical bootstrap); ``"garch_t"``:
    GARCH(1,1) with Student-t innovations (:class:`~fingan.baselines.GARCHBaseline`);
    ``"quantile_regression"``: linear quantile regression on realised volatilities
    (:class:`~fingan.baselines.quantile.QuantileRegressionBaseline`); ``"conditional_gan"``:
    :class:`~fingan.models.ConditionalMarketGAN`.

    Parameters
    ----------
    gan_training : TrainingConfig, optional
        Training of the conditional GAN (default: the model's own).
    names : sequence of str, optional
        Return only these models, in this order (default: every one).
    gan_steps : int, optional
        Training steps of the conditional GAN, replacing those of its default training
        (ignored when ``gan_training`` is given).

    Returns
    -------
    dict of str to callable
        ``factory(seed)`` builds a new, unfitted model.

    Raises
    ------
    ConfigError
        If a name is not a known model.
    """

    def conditional_gan(seed: int) -> ConditionalPathModel:
        from fingan.models import ConditionalMarketGAN

        training = ConditionalMarketGAN.training_with_steps(gan_training, n_steps=gan_steps)
        return ConditionalMarketGAN(training=training, random_state=seed)

    factories: dict[str, ModelFactory] = {
        "random_walk": lambda seed: HistoricalSimulation(window=500),
        "garch_t": lambda seed: GARCHBaseline(),
        "quantile_regression": lambda seed: QuantileRegressionBaseline(),
        "conditional_gan": conditional_gan,
    }
    return select_models(factories, names, what="forecast model")


@dataclass(frozen=True)
class ForecastEvaluation:
    """Out-of-sample probabilistic forecasts of several models and their scores.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per ``(target, model, date)``, ``date`` the forecast origin: ``observed`` (the
        realised value), ``crps``, ``pit`` (randomised PIT), ``lower`` and ``upper`` (the
        central interval) and one column ``q<level>`` per quantile level (``q0.05``, ...).
    asset : str
        The forecast asset.
    horizon : int
        Days summed in each target.
    quantiles : tuple of float
        Quantile levels forecast and scored by the pinball loss.
    benchmark : str
        The model the Diebold-Mariano tests compare every other model with.
    rolling : RollingForecasts
        The rolling run: fits, timings and settings.
    interval : float
        Nominal coverage of the central interval.
    """

    forecasts: pd.DataFrame
    asset: str
    horizon: int
    quantiles: tuple[float, ...]
    benchmark: str
    rolling: RollingForecasts = field(repr=False)
    interval: float = INTERVAL

    @property
    def models(self) -> list[str]:
        """The models, in the order they were evaluated."""
        return list(self.forecasts.index.unique(level="model"))

    @property
    def dates(self) -> pd.DatetimeIndex:
        """The forecast origins."""
        return pd.DatetimeIndex(self.forecasts.index.unique(level="date"))

    def to_frame(self) -> pd.DataFrame:
        """Return the per-day forecasts, one row per ``(target, model, date)``."""
        return self.forecasts

    def observed(self, target: Target = "return") -> pd.Series:
        """Return the realised values of a target, indexed by origin."""
        first = self._day_frame(target, self.models[0])
        return first["observed"].rename(target)

    def quantile_forecasts(self, target: Target = "return") -> dict[str, pd.DataFrame]:
        """Return each model's quantile forecasts by origin, one column per level."""
        columns = _quantile_columns(self.quantiles)
        return {
            model: self._day_frame(target, model)[columns].set_axis(list(self.quantiles), axis=1)
            for model in self.models
        }

    def pit(self, target: Target = "return") -> dict[str, pd.Series]:
        """Return each model's PIT values, indexed by origin."""
        return {model: self._day_frame(target, model)["pit"] for model in self.models}

    def crps(self, target: Target = "return") -> dict[str, pd.Series]:
        """Return each model's per-day CRPS, indexed by origin."""
        return {model: self._day_frame(target, model)["crps"] for model in self.models}

    def pit_histogram(self, target: Target, model: str) -> PITHistogram:
        """Return the PIT histogram of one model and target, with its uniformity test."""
        return pit_histogram(self._day_frame(target, model)["pit"].to_numpy(), _PIT_BINS)

    def scores(self) -> pd.DataFrame:
        """Summary scores, one row per ``(target, model)``.

        Columns: ``crps`` (mean, lower is better), ``crps_skill`` (``1 - crps / crps`` of the
        benchmark: positive beats it), ``pinball_<level>`` (mean pinball loss per quantile),
        ``coverage`` (share of realised values inside the central interval; compare with
        ``interval``) and ``pit_p_value`` (chi-square test of uniform PIT values; small
        values reject calibration).
        """
        rows: dict[tuple[str, str], dict[str, float]] = {}
        for target in TARGETS:
            for model in self.models:
                frame = self._day_frame(target, model)
                observed = frame["observed"].to_numpy()
                pinball = pinball_loss(
                    observed, frame[_quantile_columns(self.quantiles)].to_numpy(), self.quantiles
                )
                rows[(target, model)] = {
                    "crps": float(frame["crps"].mean()),
                    **{f"pinball_{level:g}": float(loss) for level, loss in pinball.items()},
                    "coverage": interval_coverage(observed, frame["lower"], frame["upper"]),
                    "pit_p_value": self.pit_histogram(target, model).p_value,
                }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index = pd.MultiIndex.from_tuples(table.index, names=["target", "model"])
        benchmark_crps = table.xs(self.benchmark, level="model")["crps"]
        skill = 1.0 - table["crps"] / benchmark_crps.reindex(table.index, level="target")
        table.insert(1, "crps_skill", skill)
        return table

    def dm_tests(self) -> pd.DataFrame:
        """Diebold-Mariano tests of each model's per-day CRPS against the benchmark's.

        One row per ``(target, model)`` other than the benchmark: ``mean_difference`` (mean
        of the model's CRPS minus the benchmark's; negative: the model is better),
        ``statistic`` and the two-sided ``p_value`` (Newey-West variance with ``horizon - 1``
        lags, Harvey-Leybourne-Newbold correction).
        """
        rows: dict[tuple[str, str], dict[str, float]] = {}
        for target in TARGETS:
            reference = self._day_frame(target, self.benchmark)["crps"]
            for model in self.models:
                if model == self.benchmark:
                    continue
                losses = self._day_frame(target, model)["crps"].reindex(reference.index)
                test = diebold_mariano(
                    losses.to_numpy(), reference.to_numpy(), horizon=self.horizon
                )
                rows[(target, model)] = {
                    "mean_difference": test.mean_difference,
                    "statistic": test.statistic,
                    "p_value": test.p_value,
                }
        columns = ["mean_difference", "statistic", "p_value"]
        if not rows:
            index = pd.MultiIndex.from_tuples([], names=["target", "model"])
            return pd.DataFrame(columns=columns, index=index, dtype=np.float64)
        table = pd.DataFrame.from_dict(rows, orient="index")[columns]
        table.index = pd.MultiIndex.from_tuples(table.index, names=["target", "model"])
        return table

    def summary(self) -> str:
        """Return the main scores and the Diebold-Mariano tests as text."""
        number = "{:.4g}".format
        head = (
            f"{self.horizon}-day forecasts of {self.asset}: {len(self.dates):,} origins, "
            f"{self.dates[0]:%Y-%m-%d} to {self.dates[-1]:%Y-%m-%d}; benchmark {self.benchmark}"
        )
        main = self.scores()[["crps", "crps_skill", "coverage", "pit_p_value"]]
        parts = [head, "", main.to_string(float_format=number)]
        tests = self.dm_tests()
        if not tests.empty:
            parts += ["", f"Diebold-Mariano (CRPS vs {self.benchmark}):"]
            parts.append(tests.to_string(float_format=number))
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings and, per target and model, the scores, PIT histogram and test."""
        scores = self.scores().to_dict("index")
        tests = self.dm_tests().to_dict("index")
        timings = self.rolling.timings()
        targets: dict[str, Any] = {}
        for target in TARGETS:
            models: dict[str, Any] = {}
            for model in self.models:
                entry: dict[str, Any] = {
                    "scores": {
                        str(key): _number(value) for key, value in scores[(target, model)].items()
                    },
                    "pit_histogram": self.pit_histogram(target, model).to_dict(),
                }
                if (target, model) in tests:
                    entry["dm_test_vs_benchmark"] = {
                        str(key): _number(value) for key, value in tests[(target, model)].items()
                    }
                models[model] = entry
            targets[target] = models
        return {
            "asset": self.asset,
            "horizon": self.horizon,
            "start": f"{self.dates[0]:%Y-%m-%d}",
            "end": f"{self.dates[-1]:%Y-%m-%d}",
            "n_forecasts": len(self.dates),
            "n_samples": self.rolling.n_scenarios,
            "refit": self.rolling.refit,
            "quantiles": list(self.quantiles),
            "interval": self.interval,
            "benchmark": self.benchmark,
            "targets": targets,
            "timings": {
                str(model): {
                    "fits": int(row["fits"]),
                    "fit_seconds": _number(row["fit_seconds"]),
                    "sample_seconds": _number(row["sample_seconds"]),
                }
                for model, row in timings.iterrows()
            },
            "notes": {
                "crps": "mean continuous ranked probability score (fair estimator); lower "
                "is better",
                "crps_skill": "1 - crps / benchmark crps; positive beats the benchmark",
                "coverage": f"share of realised values in the central {self.interval:.0%} interval",
                "pit_p_value": "chi-square test of uniform PIT values; small rejects calibration",
                "dm_test_vs_benchmark": "Diebold-Mariano test of per-day CRPS, model minus "
                "benchmark; negative statistic: the model is better",
            },
        }

    def _day_frame(self, target: Target, model: str) -> pd.DataFrame:
        return cast(pd.DataFrame, self.forecasts.xs((target, model), level=("target", "model")))


def evaluate_forecasts(
    returns: pd.DataFrame,
    models: Mapping[str, ModelSpec] | Sequence[str] | None = None,
    *,
    horizon: int = 1,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    refit: RefitSchedule = "yearly",
    n_samples: int = 1_000,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    asset: str | None = None,
    benchmark: str | None = None,
    gan_training: TrainingConfig | None = None,
    min_history: int = DEFAULT_MIN_HISTORY,
    random_state: RandomState = 0,
    progress: RollingProgress | None = None,
) -> ForecastEvaluation:
    """Forecast the next ``horizon`` days out of sample with every model and score them.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns with a ``DatetimeIndex``, one column per asset; every model sees
        every asset, the targets are those of ``asset``.
    models : mapping or sequence of str, optional
        Built-in model names (see :func:`default_forecast_models`), or models by display name:
        a factory ``factory(seed)`` returning a new unfitted model, or an unfitted model with
        ``fit(returns)`` and ``sample_paths(history, n_paths, horizon, *, random_state)``
        (copied afresh for every refit). Default: every built-in model.
    horizon : int, default 1
        Days ``h`` in each forecast.
    start : date-like
        First forecast origin.
    end : date-like, optional
        Last day of the evaluation period (default: the last day of data); every forecast
        window ends on or before it.
    refit : {"yearly", "quarterly", "monthly", "never"} or int, default "yearly"
        When the models are refitted on all the data before the refit date.
    n_samples : int, default 1000
        Paths drawn per model and origin (at least 2).
    quantiles : sequence of float
        Quantile levels forecast and scored by the pinball loss.
    asset : str, optional
        The asset forecast (default: the first column).
    benchmark : str, optional
        The model the others are tested against (default ``"garch_t"`` when evaluated, else
        the first model).
    gan_training : TrainingConfig, optional
        Training of the conditional GAN among built-in models.
    min_history : int, default 250
        Fewest days of data before ``start``.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the whole evaluation.
    progress : callable, optional
        ``progress(done, total, description)`` as fits and forecasts proceed.

    Returns
    -------
    ForecastEvaluation
        Per-day forecasts, scores and tests.

    Raises
    ------
    ConfigError
        For an unknown model, asset or benchmark, bad quantiles, or a bad period or count.
    TooFewRowsError
        If too few days precede ``start`` for a model (the message names it).
    """
    frame = validate_returns_frame(returns, min_rows=2)
    horizon = check_int(horizon, "horizon", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    levels = _levels(quantiles)
    column = _asset_column(frame, asset)
    factories = _factories(models, gan_training)
    reference = _benchmark(benchmark, factories)
    seed = draw_seed(random_state)
    reduce = _ForecastScorer(column, levels, model_names=list(factories), seed=seed)
    rolling = rolling_scenarios(
        frame,
        factories,
        reduce,
        start=start,
        end=end,
        refit=refit,
        n_scenarios=n_samples,
        horizon=horizon,
        min_history=min_history,
        random_state=seed,
        progress=progress,
    )
    forecasts = pd.concat(
        {
            target: rolling.values[[f"{target}/{name}" for name in reduce.columns]].set_axis(
                reduce.columns, axis=1
            )
            for target in TARGETS
        },
        names=["target"],
    )
    return ForecastEvaluation(
        forecasts=forecasts,
        asset=str(frame.columns[column]),
        horizon=horizon,
        quantiles=tuple(float(level) for level in levels),
        benchmark=reference,
        rolling=rolling,
    )


def fit_forecast_model(
    returns: pd.DataFrame,
    model: str = BENCHMARK,
    *,
    gan_training: TrainingConfig | None = None,
    gan_steps: int | None = None,
    random_state: RandomState = 0,
) -> ConditionalPathModel:
    """Build a built-in forecast model by name and fit it to ``returns``.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    model : str, default "garch_t"
        One of :data:`FORECAST_MODELS` (see :func:`default_forecast_models`).
    gan_training : TrainingConfig, optional
        Training of the conditional GAN.
    gan_steps : int, optional
        Training steps of the conditional GAN (see :func:`default_forecast_models`).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.

    Raises
    ------
    ConfigError
        If ``model`` is not a known model.
    """
    factory = default_forecast_models(gan_training, names=[model], gan_steps=gan_steps)[model]
    return factory(draw_seed(random_state)).fit(returns)


def forecast_distribution(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    *,
    horizon: int = 1,
    n_samples: int = 10_000,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    asset: str | None = None,
    random_state: RandomState = None,
) -> pd.DataFrame:
    """Forecast the distribution of the next ``horizon`` days after the end of ``history``.

    The targets are those of :func:`evaluate_forecasts`, summarised from ``n_samples`` paths
    that the fitted ``model`` draws given all of ``history``.

    Parameters
    ----------
    model : ConditionalPathModel
        A fitted model (for example from :func:`fit_forecast_model`).
    history : pandas.DataFrame
        Daily log returns up to today, one column per fitted asset.
    horizon : int, default 1
        Days ``h`` in the forecast.
    n_samples : int, default 10000
        Paths drawn (at least 2).
    quantiles : sequence of float
        Quantile levels reported.
    asset : str, optional
        The asset forecast (default: the first column of ``history``).
    random_state : int, numpy.random.Generator or None
        Seed of the paths.

    Returns
    -------
    pandas.DataFrame
        One row per target (index ``target``: ``"return"``, ``"realised_vol"``); columns
        ``mean``, ``std`` (sample standard deviation) and ``q<level>`` per quantile level.

    Raises
    ------
    ConfigError
        For an unknown asset, bad quantiles or a bad count.
    """
    frame = validate_returns_frame(history, min_rows=2)
    horizon = check_int(horizon, "horizon", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    levels = _levels(quantiles)
    name = str(frame.columns[_asset_column(frame, asset)])
    paths = model.sample_paths(frame, n_samples, horizon, random_state=random_state)
    samples = _target_values(paths.values[:, :, paths.assets.index(name)])
    rows = {
        target: [
            float(samples[target].mean()),
            float(samples[target].std(ddof=1)),
            *np.quantile(samples[target], levels).tolist(),
        ]
        for target in TARGETS
    }
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["mean", "std", *_quantile_columns(levels)]
    )
    table.index.name = "target"
    return table


def _target_values(paths: FloatArray) -> dict[Target, FloatArray]:
    """Each target of paths of one asset, shape (n_paths, horizon) -> (n_paths,) per target."""
    return {
        "return": paths.sum(axis=1),
        "realised_vol": np.sqrt(np.sum(paths**2, axis=1)),
    }


class _ForecastScorer:
    """The reducer: score one model's paths of one origin for every target."""

    def __init__(
        self, column: int, levels: FloatArray, *, model_names: list[str], seed: int
    ) -> None:
        self.column = column
        self.levels = levels
        self.model_index = {name: index for index, name in enumerate(model_names)}
        self.seed = seed
        tail = (1.0 - INTERVAL) / 2.0
        self.probabilities = np.r_[tail, 1.0 - tail, levels]
        self.columns = ["observed", "crps", "pit", "lower", "upper", *_quantile_columns(levels)]

    def __call__(self, forecast: Forecast) -> dict[str, float]:
        paths = forecast.paths.values[:, :, self.column]  # (n_samples, horizon)
        realised = forecast.realised.iloc[:, self.column].to_numpy(dtype=np.float64)
        samples = _target_values(paths)
        observed = {
            target: float(value[0])
            for target, value in _target_values(realised[np.newaxis, :]).items()
        }
        entropy = [self.seed, self.model_index[forecast.model], forecast.position]
        rng = np.random.default_rng(np.random.SeedSequence(entropy))
        out: dict[str, float] = {}
        for target in TARGETS:
            value, draws = observed[target], samples[target][np.newaxis, :]  # (1, n_samples)
            quantiles = np.quantile(draws[0], self.probabilities)
            row = [
                value,
                float(crps_from_samples([value], draws)[0]),
                float(pit_values([value], draws, randomize=True, random_state=rng)[0]),
                *quantiles.tolist(),
            ]
            out.update(
                {f"{target}/{name}": number for name, number in zip(self.columns, row, strict=True)}
            )
        return out


def _factories(
    models: Mapping[str, ModelSpec] | Sequence[str] | None, gan_training: TrainingConfig | None
) -> dict[str, ModelFactory]:
    if models is None:
        return default_forecast_models(gan_training)
    if isinstance(models, str):
        return default_forecast_models(gan_training, names=[models])
    if not isinstance(models, Mapping):
        return default_forecast_models(gan_training, names=list(models))
    if not models:
        raise ConfigError("no models to evaluate")
    return {str(name): _as_factory(spec) for name, spec in models.items()}


def _as_factory(spec: ModelSpec) -> ModelFactory:
    if hasattr(spec, "sample_paths") and hasattr(spec, "fit"):
        template = spec
        return lambda seed: copy.deepcopy(template)
    if callable(spec):
        factory: Callable[[int], ConditionalPathModel] = spec
        return factory
    raise ConfigError(
        f"a model must be a factory or have fit and sample_paths; got {type(spec).__name__}"
    )


def _benchmark(benchmark: str | None, factories: Mapping[str, ModelFactory]) -> str:
    if benchmark is None:
        return BENCHMARK if BENCHMARK in factories else next(iter(factories))
    if benchmark not in factories:
        raise ConfigError(
            f"benchmark {benchmark!r} is not among the models ({', '.join(factories)})"
        )
    return benchmark


def _asset_column(frame: pd.DataFrame, asset: str | None) -> int:
    names = [str(column) for column in frame.columns]
    if asset is None:
        return 0
    if asset not in names:
        raise ConfigError(f"unknown asset {asset!r}; the data has {', '.join(names)}")
    return names.index(asset)


def _levels(quantiles: Sequence[float]) -> FloatArray:
    try:
        levels = np.sort(np.asarray(quantiles, dtype=np.float64).ravel())
    except (TypeError, ValueError):
        raise ConfigError(f"quantiles must be numbers in (0, 1); got {quantiles!r}") from None
    if levels.size == 0 or not np.all((levels > 0.0) & (levels < 1.0)):
        raise ConfigError(f"quantiles must be non-empty and in (0, 1); got {levels.tolist()!r}")
    if np.unique(levels).size != levels.size:
        raise ConfigError(f"quantiles must be distinct; got {levels.tolist()!r}")
    return levels


def _quantile_columns(levels: Sequence[float] | FloatArray) -> list[str]:
    return [f"q{float(level):g}" for level in levels]


def _number(value: Any) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None
