"""The settings search: trials proposed by a grid, a seeded random draw or Optuna on Ray Tune.

``grid`` tries every point of the space; ``random`` tries ``n_trials`` distinct points drawn
with the seed. Their trials are independent pieces run on any executor (serial, local
processes or Ray, :mod:`fingan.evaluation.executor`) and gathered in the order proposed, so
the trials are the same on every executor. ``optuna`` lets Optuna's TPE sampler (seeded)
propose each trial from the scores so far, through Ray Tune (``pip install "fingan[tune]"``);
one trial runs at a time, so the proposals, and so the trials, follow from the seed.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from fingan.apps.risk import check_configuration
from fingan.apps.tune.objective import (
    METRICS,
    check_metric,
    score_settings,
    validation_period,
)
from fingan.apps.tune.result import TrialResult, TuneResult
from fingan.apps.tune.space import SearchSpace, SettingValue, parse_space, settings_factory
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.evaluation import Executor, RefitSchedule, SerialExecutor

__all__ = ["SEARCHES", "tune_model"]

SEARCHES: tuple[str, ...] = ("random", "grid", "optuna")
"""How trials are proposed, by name, as ``--search`` takes them."""

TuneProgress = Callable[[int, int, str], None]


def tune_model(
    model: str,
    returns: pd.DataFrame,
    *,
    space: str | SearchSpace | Mapping[str, Sequence[SettingValue]],
    validation_start: str | pd.Timestamp,
    validation_end: str | pd.Timestamp,
    test_start: str | pd.Timestamp | None = None,
    metric: str = "tick_loss",
    n_trials: int | None = None,
    search: str = "random",
    executor: Executor | None = None,
    level: float = 0.99,
    n_paths: int = 1000,
    refit: RefitSchedule = "yearly",
    random_state: RandomState = 0,
    progress: TuneProgress | None = None,
) -> TuneResult:
    """Search the settings of ``model`` that score best on a validation period.

    Each trial backtests the model with its settings on the validation period only
    (:func:`~fingan.apps.tune.objective.score_settings`: data cut at ``validation_end``,
    equal weights, the same seed for every trial) and the chosen settings are those with
    the lowest ``metric``.

    Parameters
    ----------
    model : str
        A configuration of the conditional scenario model (``"fhs"``, ``"ewma+gan_evt"``...).
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    space : str, SearchSpace or mapping
        The settings' values (:func:`~fingan.apps.tune.space.parse_space`).
    validation_start, validation_end : date-like
        The days scored (both included); nothing after ``validation_end`` is seen.
    test_start : date-like, optional
        First day of the test period; a validation period reaching it is refused.
    metric : {"tick_loss", "coverage_error"}, default "tick_loss"
        The score minimised (:data:`~fingan.apps.tune.objective.METRICS`).
    n_trials : int, optional
        Trials of a random or Optuna search (default 10; a random search tries at most every
        point once). A grid search tries every point and takes none.
    search : {"random", "grid", "optuna"}, default "random"
        How trials are proposed.
    executor : Executor, optional
        Runs the trials of a grid or random search (default serial); with ``"optuna"`` a
        :class:`~fingan.evaluation.RayExecutor`'s address is the cluster Ray Tune joins.
    level, n_paths, refit
        Each trial's backtest: VaR level, paths per day, refit schedule.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the search and of every trial's backtest.
    progress : callable, optional
        ``progress(done, total, description)`` after each trial.

    Returns
    -------
    TuneResult
        Every trial and the chosen settings.

    Raises
    ------
    ConfigError
        For a model that is not a configuration, a bad space, metric, search or trial count,
        a validation period that reaches the test period, or Optuna without its extra.
    """
    name = check_configuration(model)
    check_metric(metric)
    if search not in SEARCHES:
        raise ConfigError(f"unknown search {search!r}; choose one of {', '.join(SEARCHES)}")
    parsed = _space(space)
    period = validation_period(validation_start, validation_end, test_start=test_start)
    data = period.cut(validate_returns_frame(returns, min_rows=2))
    if data.empty or data.index[-1] < period.start:
        raise ConfigError(f"the data hold no day from {validation_start} to {validation_end}")
    seed = draw_seed(random_state)
    score = functools.partial(
        score_settings,
        name,
        period=period,
        level=level,
        n_paths=n_paths,
        refit=refit,
        random_state=seed,
    )
    if search == "optuna":
        count = 10 if n_trials is None else check_int(n_trials, "--trials", minimum=1)
        for point in parsed.points():
            settings_factory(name, point)  # every value must suit the model before Ray starts
        trials = _optuna_trials(score, parsed, data, metric, count, seed, executor, progress)
    else:
        points = _proposed(parsed, search, n_trials, seed)
        for point in points:
            settings_factory(name, point)  # refuse a bad value before any trial runs
        trials = _run_trials(score, points, data, executor or SerialExecutor(), progress)
    return TuneResult(
        model=model,
        space=parsed,
        metric=metric,
        search=search,
        trials=tuple(trials),
        period=period,
        random_state=seed,
        backtest={"level": level, "n_paths": n_paths, "refit": str(refit)},
    )


def _space(space: str | SearchSpace | Mapping[str, Sequence[SettingValue]]) -> SearchSpace:
    if isinstance(space, SearchSpace):
        return space
    if isinstance(space, str):
        return parse_space(space)
    values = {str(key): tuple(options) for key, options in space.items()}
    if not values or not all(values.values()):
        raise ConfigError("a search space needs at least one setting with at least one value")
    return SearchSpace(values)


def _proposed(
    space: SearchSpace, search: str, n_trials: int | None, seed: int
) -> list[dict[str, SettingValue]]:
    """Return the points a grid or random search tries, in order."""
    points = space.points()
    if search == "grid":
        if n_trials is not None:
            raise ConfigError(
                f"--trials does not apply to --search grid: it tries all {len(points)} points"
            )
        return points
    count = 10 if n_trials is None else check_int(n_trials, "--trials", minimum=1)
    order = np.random.default_rng(seed).permutation(len(points))[:count]
    return [points[index] for index in order]


def _run_trials(
    score: Callable[..., dict[str, float]],
    points: list[dict[str, SettingValue]],
    data: pd.DataFrame,
    executor: Executor,
    progress: TuneProgress | None,
) -> list[TrialResult]:
    pieces = [functools.partial(score, point, data) for point in points]
    finished: list[int] = []

    def done(position: int) -> None:
        finished.append(position)
        if progress is not None:
            progress(len(finished), len(pieces), f"trial {position + 1} of {len(pieces)}")

    if progress is not None:
        progress(0, len(pieces), "tuning")
    results = executor.run(pieces, done=done)
    return [
        _trial(number, point, scores)
        for number, (point, scores) in enumerate(zip(points, results, strict=True))
    ]


def _trial(number: int, settings: dict[str, SettingValue], scores: dict[str, float]) -> TrialResult:
    values = dict(scores)
    seconds = values.pop("seconds", float("nan"))
    return TrialResult(number=number, settings=dict(settings), scores=values, seconds=seconds)


def _optuna_trials(
    score: Callable[..., dict[str, float]],
    space: SearchSpace,
    data: pd.DataFrame,
    metric: str,
    n_trials: int,
    seed: int,
    executor: Executor | None,
    progress: TuneProgress | None,
) -> list[TrialResult]:
    """Run the trials with Ray Tune and Optuna's seeded TPE sampler, one at a time."""
    try:
        import optuna  # noqa: F401  (the search algorithm below needs it)
        import ray
        from ray import tune
        from ray.tune.search.optuna import OptunaSearch
    except ImportError:
        raise ConfigError(
            '--search optuna needs Ray Tune and Optuna: pip install "fingan[tune]"'
        ) from None
    if not ray.is_initialized():
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        address = getattr(executor, "address", None)
        if address is not None:
            options["address"] = address
        else:
            options["num_cpus"] = getattr(executor, "workers", None) or 1
        ray.init(**options)

    def trainable(config: dict[str, Any], data: pd.DataFrame) -> None:
        settings = {key: config[key] for key in space.values}
        tune.report(score(settings, data, threads=1))

    class Progress(tune.Callback):
        completed = 0

        def on_trial_complete(
            self, iteration: int, trials: list[Any], trial: Any, **info: Any
        ) -> None:
            self.completed += 1
            if progress is not None:
                progress(self.completed, n_trials, f"trial {self.completed} of {n_trials}")

    search = OptunaSearch(metric=metric, mode="min", seed=seed)
    param_space = {key: tune.choice(list(values)) for key, values in space.values.items()}
    with tempfile.TemporaryDirectory(prefix="fingan-tune-") as storage:
        tuner = tune.Tuner(
            tune.with_resources(tune.with_parameters(trainable, data=data), {"cpu": 1}),
            param_space=param_space,
            tune_config=tune.TuneConfig(
                search_alg=search, num_samples=n_trials, max_concurrent_trials=1
            ),
            run_config=tune.RunConfig(
                storage_path=storage, name="fingan-tune", verbose=0, callbacks=[Progress()]
            ),
        )
        grid = tuner.fit()
        results = [grid[index] for index in range(len(grid))]
    failed = [result.error for result in results if result.error is not None]
    if failed:
        raise ConfigError(f"{len(failed)} of {n_trials} trials failed; the first: {failed[0]}")
    keys = (*METRICS, "n_days", "n_violations", "seconds")
    finished = sorted(
        ((result.metrics or {}, result.config or {}) for result in results),
        key=lambda pair: str(pair[0].get("trial_id", "")),
    )
    return [
        _trial(
            number,
            {key: config[key] for key in space.values},
            {key: float(metrics[key]) for key in keys},
        )
        for number, (metrics, config) in enumerate(finished)
    ]
