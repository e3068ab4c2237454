"""The forecast evaluation: every model's distribution of the next days, scored out of sample.

For every forecast day ``t`` (the origin) of an evaluation period each model, fitted only on
earlier data and conditioning on the returns up to day ``t - 1``, draws ``n_paths`` paths of
the ``h`` days ``t, ..., t + h - 1`` (the rolling machinery of :mod:`fingan.evaluation`);
:class:`ForecastScorer` summarises each day's paths of one asset into the two targets of
:mod:`fingan.apps.forecast.targets` and scores them against what happened with proper scoring
rules and calibration checks (:mod:`fingan.metrics.forecast`): the CRPS, the pinball loss of
each quantile, the coverage of the central 90% interval and the PIT. Models are then compared
with the Diebold-Mariano test of their per-day CRPS against a benchmark, GARCH(1,1)-t by default
(:func:`fingan.metrics.comparison.diebold_mariano`). Origins are consecutive days, so for
``h > 1`` the forecast windows overlap; the test's Newey-West variance allows for that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.forecast.models import BENCHMARK, ModelSpec, forecast_factories
from fingan.apps.forecast.result import DayForecast, ForecastEvaluation
from fingan.apps.forecast.targets import (
    INTERVAL,
    TARGETS,
    Target,
    TargetForecast,
    asset_column,
    quantile_levels,
    target_values,
)
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
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
from fingan.metrics.forecast import DEFAULT_QUANTILES, crps_from_samples, pit_values
from fingan.training import TrainingConfig

__all__ = ["ForecastScorer", "evaluate_forecasts"]

FloatArray = npt.NDArray[np.float64]


def evaluate_forecasts(
    returns: pd.DataFrame,
    models: Mapping[str, ModelSpec] | Sequence[str] | None = None,
    *,
    horizon: int = 1,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    refit: RefitSchedule = "yearly",
    n_paths: int = 1_000,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    asset: str | None = None,
    benchmark: str | None = None,
    gan_training: TrainingConfig | None = None,
    min_history: int = DEFAULT_MIN_HISTORY,
    random_state: RandomState = 0,
    progress: RollingProgress | None = None,
    executor: Executor | None = None,
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
    n_paths : int, default 1000
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
    executor : Executor, optional
        Runs the independent pieces (one model's refit year each): serial (default), local
        processes or Ray (:mod:`fingan.evaluation.executor`); the results do not depend on it.

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
    n_paths = check_int(n_paths, "n_paths", minimum=2)
    levels = quantile_levels(quantiles)
    column = asset_column(frame, asset)
    factories = forecast_factories(models, gan_training)
    reference = _benchmark(benchmark, factories)
    seed = draw_seed(random_state)
    reduce = ForecastScorer(column, levels, model_names=list(factories), seed=seed)
    rolling = rolling_scenarios(
        frame,
        factories,
        reduce,
        start=start,
        end=end,
        refit=refit,
        n_paths=n_paths,
        horizon=horizon,
        min_history=min_history,
        random_state=seed,
        progress=progress,
        executor=executor,
    )
    frames = {target: rolling.to_frame(_row_of(target, levels)) for target in TARGETS}
    forecasts = pd.concat(frames, names=["target"])
    return ForecastEvaluation(
        forecasts=forecasts,
        asset=str(frame.columns[column]),
        horizon=horizon,
        quantiles=tuple(float(level) for level in levels),
        benchmark=reference,
        rolling=rolling,
    )


class ForecastScorer:
    """The per-day reducer: score one model's paths of one origin for every target.

    Parameters
    ----------
    column : int
        The column of the forecast asset.
    levels : numpy.ndarray
        Quantile levels forecast (sorted).
    model_names : list of str
        The models of the run, whose positions seed each day's randomised PIT.
    seed : int
        Seed of the run.
    """

    def __init__(
        self, column: int, levels: FloatArray, *, model_names: list[str], seed: int
    ) -> None:
        self.column = column
        self.levels = levels
        self.model_index = {name: index for index, name in enumerate(model_names)}
        self.seed = seed
        tail = (1.0 - INTERVAL) / 2.0
        self.probabilities = np.r_[tail, 1.0 - tail, levels]

    def __call__(self, forecast: Forecast) -> DayForecast:
        """Return the forecast of every target and its scores against what happened."""
        paths = forecast.paths.values[:, :, self.column]  # (n_paths, horizon)
        realised = forecast.realised.iloc[:, self.column].to_numpy(dtype=np.float64)
        samples = target_values(paths)
        observed = {
            target: float(value[0])
            for target, value in target_values(realised[np.newaxis, :]).items()
        }
        entropy = [self.seed, self.model_index[forecast.model], forecast.position]
        rng = np.random.default_rng(np.random.SeedSequence(entropy))
        out: DayForecast = {}
        for target in TARGETS:
            value, draws = observed[target], samples[target][np.newaxis, :]  # (1, n_paths)
            lower, upper, *quantiles = np.quantile(draws[0], self.probabilities).tolist()
            out[target] = TargetForecast(
                observed=value,
                crps=float(crps_from_samples([value], draws)[0]),
                pit=float(pit_values([value], draws, randomize=True, random_state=rng)[0]),
                lower=lower,
                upper=upper,
                quantiles=tuple(quantiles),
            )
        return out


def _row_of(target: Target, levels: FloatArray) -> Callable[[DayForecast], dict[str, float]]:
    """Return a function giving a day's row of one target, a column per quantile level."""
    return lambda day: day[target].to_row(levels)


def _benchmark(benchmark: str | None, factories: Mapping[str, ModelFactory]) -> str:
    if benchmark is None:
        return BENCHMARK if BENCHMARK in factories else next(iter(factories))
    if benchmark not in factories:
        raise ConfigError(
            f"benchmark {benchmark!r} is not among the models ({', '.join(factories)})"
        )
    return benchmark
