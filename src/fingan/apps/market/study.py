"""The market study: fit every generator on a training period, score it on held-out days."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from fingan.apps.market.attribution import MarketAttribution, attribute_market_gan
from fingan.apps.market.data import MIN_TEST_ROWS, split_returns
from fingan.apps.market.models import GAN_NAME, classical_generators
from fingan.apps.market.result import MarketEvaluation
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import PathModel
from fingan.core.random import RandomState, draw_seed
from fingan.data.validation import validate_returns_frame
from fingan.evaluation import Executor, SerialExecutor
from fingan.metrics import compare_generators, overall_score
from fingan.models import GANEstimator, MarketGAN
from fingan.training import ProgressCallback

__all__ = ["evaluate_market"]


def evaluate_market(
    returns: pd.DataFrame,
    *,
    test_start: str | pd.Timestamp | None = None,
    gan: MarketGAN | None = None,
    baselines: Mapping[str, PathModel] | None = None,
    n_paths: int = 100,
    random_state: RandomState = 0,
    progress: ProgressCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
    explain: bool = False,
    executor: Executor | None = None,
) -> MarketEvaluation:
    """Fit the market GAN and the classical generators, and score them on held-out data.

    Every generator is fitted on the days before ``test_start`` and draws ``n_paths`` paths as
    long as the held-out period, which are scored against the held-out returns with
    :func:`fingan.metrics.compare_generators`.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    test_start : date-like, optional
        First held-out day (default: the last quarter of the days).
    gan : MarketGAN, optional
        The GAN to fit (default ``MarketGAN(random_state=...)``).
    baselines : mapping, optional
        Classical generators by name (default :func:`classical_generators`).
    n_paths : int
        Paths drawn from each generator.
    random_state : int, numpy.random.Generator or None
        Seed of the whole evaluation.
    progress : callable, optional
        GAN training progress callback.
    on_stage : callable, optional
        Called with a short description as each generator is fitted.
    explain : bool, default False
        Also explain the GAN, when it is a :class:`MarketGAN`: the window statistics its
        critic relies on and what its noise controls
        (:func:`~fingan.apps.market.attribution.attribute_market_gan`, on the training period).
    executor : Executor, optional
        Runs each generator's fit and draw as an independent piece: serial (default), local
        processes or Ray (:mod:`fingan.evaluation.executor`); the results do not depend on it
        (the GAN's training progress is shown only when serial).
    """
    frame = validate_returns_frame(returns, min_rows=2 * MIN_TEST_ROWS)
    train, test = split_returns(frame, test_start=test_start)
    seed = draw_seed(random_state)
    generators: dict[str, PathModel] = {
        GAN_NAME: gan if gan is not None else MarketGAN(random_state=seed)
    }
    generators.update(baselines if baselines is not None else classical_generators(seed))
    runner = SerialExecutor() if executor is None else executor
    pieces = [
        partial(
            _fit_and_sample,
            name,
            generator,
            train,
            n_paths=n_paths,
            horizon=len(test),
            seed=seed + 100 + offset,
            progress=None if runner.parallel else progress,
            on_stage=None if runner.parallel else on_stage,
            explain=explain and name == GAN_NAME,
            explain_seed=seed,
        )
        for offset, (name, generator) in enumerate(generators.items())
    ]
    if runner.parallel and on_stage is not None:
        on_stage(f"fitting {len(pieces)} generators on {runner.name}")
    fitted = dict(zip(generators, runner.run(pieces), strict=True))
    paths = {name: piece.paths for name, piece in fitted.items()}
    fit_seconds = {name: piece.fit_seconds for name, piece in fitted.items()}
    histories = {name: piece.history for name, piece in fitted.items() if piece.history is not None}
    if on_stage is not None:
        on_stage("scoring")
    scores = compare_generators(test, paths, random_state=seed)
    attribution = fitted[GAN_NAME].attribution
    return MarketEvaluation(
        train=train,
        test=test,
        paths=paths,
        scores=scores,
        ranking=overall_score(scores),
        fit_seconds=fit_seconds,
        histories=histories,
        attribution=attribution,
    )


@dataclass(frozen=True)
class _FittedGenerator:
    paths: ReturnPaths
    fit_seconds: float
    history: pd.DataFrame | None
    attribution: MarketAttribution | None


def _fit_and_sample(
    name: str,
    generator: PathModel,
    train: pd.DataFrame,
    *,
    n_paths: int,
    horizon: int,
    seed: int,
    progress: ProgressCallback | None,
    on_stage: Callable[[str], None] | None,
    explain: bool,
    explain_seed: int,
) -> _FittedGenerator:
    """Fit one generator on the training days and draw its paths (one piece of the study)."""
    if on_stage is not None:
        on_stage(f"fitting {name}")
    started = time.perf_counter()
    history = None
    if isinstance(generator, GANEstimator):
        history = generator.fit(train, progress=progress).history_
    else:
        generator.fit(train)
    fit_seconds = time.perf_counter() - started
    paths = generator.sample(n_paths, horizon, random_state=seed)
    attribution = None
    if explain and isinstance(generator, MarketGAN):
        if on_stage is not None:
            on_stage("explaining the GAN")
        attribution = attribute_market_gan(generator, train, random_state=explain_seed)
    return _FittedGenerator(paths, fit_seconds, history, attribution)
