"""Rolling out-of-sample scenarios: refit on a schedule, condition on each day's history.

This module holds the machinery that risk backtests and probabilistic forecasts share. For
every forecast day ``t`` (the *origin*) of an evaluation period, a scenario model that has
seen only the past draws paths of the ``horizon`` days ``t, ..., t + horizon - 1`` given the
returns up to and including day ``t - 1``. What is done with those paths (a VaR, a CRPS, ...)
is up to a *reducer*, a function applied to each day's paths as soon as they are drawn, so
the paths of a thousand days never sit in memory at once. A reducer returns whatever result
type suits the study (a small frozen dataclass, typically); the run keeps the results in order
with their ``(model, date)`` index.

Time line of one model::

    refit_0                refit_1                refit_2
       |----- origins ------|----- origins ------|----- ...
    fitted on rows < refit_0   fitted on rows < refit_1

* The refit dates come from :func:`refit_dates` (the first trading day of each year, quarter
  or month of the evaluation period, every ``n`` trading days, or only the first day).
* The model that forecasts the origins in ``[refit_k, refit_{k+1})`` is a *new* model, built
  by the model's factory and fitted on the returns strictly before ``refit_k``: all of them
  (an expanding window, the default) or the last ``fit_window`` rows (a rolling window).
* Between refits the fitted model is not refitted; it only conditions on the growing history:
  origin ``t`` gets ``sample_paths(returns before t, n_paths, horizon)``.

Pieces: one model's refit block (its fit and every origin it forecasts) is one *piece*, and an
executor (:mod:`fingan.evaluation.executor`: serial, local processes or Ray) runs the pieces;
the results are gathered in the order of the pieces, whatever order they finish in. A refit is
a fresh fit, so the pieces of one model are independent, unless the model is *warm-started*
(``warm_start``): its refits then continue from the fit before
(:class:`~fingan.core.protocols.RefittableModel`), and its blocks form one piece, run in order
and handed to the executor first, since it is the longest.

Randomness: the run's seed (``random_state``), the model's name (through its CRC-32) and the
refit date give each block its own :class:`numpy.random.SeedSequence`, from which its fit and
each of its origins draw their seeds. A piece therefore gives the same result wherever and
whenever it runs: on any executor, beside any other models, in any order.

See Also
--------
fingan.apps.risk.backtest_var : VaR and ES backtests built on :func:`rolling_scenarios`.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from typing import Generic

import numpy as np
import pandas as pd

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    FinganError,
    ShapeError,
)
from fingan.core.protocols import ConditionalPathModel, RefittableModel
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.evaluation.executor import Executor, SerialExecutor
from fingan.evaluation.records import FitRecord, Forecast, R, Reducer, RollingForecasts
from fingan.evaluation.schedule import (
    DEFAULT_MIN_HISTORY,
    RefitSchedule,
    forecast_origins,
    iso_day,
    refit_dates,
)

__all__ = ["ModelFactory", "RollingProgress", "piece_seed", "rolling_scenarios"]

RollingProgress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, description)`` while the forecasts are drawn."""

ModelFactory = Callable[[int], ConditionalPathModel]
"""Builds a new, unfitted model from a seed; called once per refit."""


def rolling_scenarios(
    returns: pd.DataFrame,
    models: Mapping[str, ModelFactory],
    reduce: Reducer[R],
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    refit: RefitSchedule = "yearly",
    n_paths: int = 10_000,
    horizon: int = 1,
    stride: int = 1,
    fit_window: int | None = None,
    min_history: int = DEFAULT_MIN_HISTORY,
    random_state: RandomState = 0,
    progress: RollingProgress | None = None,
    executor: Executor | None = None,
    warm_start: Collection[str] = (),
) -> RollingForecasts[R]:
    """Draw every model's out-of-sample scenarios day by day and reduce each day's paths.

    For each model, in turn, and each refit date ``refit_k`` (see :func:`refit_dates`), a new
    model is built by the model's factory and fitted on the returns strictly before
    ``refit_k``; then, for every origin ``t`` in ``[refit_k, refit_{k+1})``, it draws
    ``sample_paths(returns before t, n_paths, horizon)`` (the history ends on day
    ``t - 1``) and ``reduce`` turns the :class:`Forecast` into a result. Only one day's paths
    are held at a time.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns with a ``DatetimeIndex``, one column per asset.
    models : mapping of str to callable
        Factories by display name: ``factory(seed)`` returns a new, unfitted
        :class:`ConditionalPathModel`.
    reduce : callable
        ``reduce(forecast)`` returns the result of one model and origin (any type; a frozen
        dataclass gives :meth:`RollingForecasts.to_frame` its columns).
    start : date-like
        First forecast day.
    end : date-like, optional
        Last day of the evaluation period (default: the last day of the data); every forecast
        window ends on or before it.
    refit : {"yearly", "quarterly", "monthly", "never"} or int, default "yearly"
        Refit schedule, see :func:`refit_dates`.
    n_paths : int, default 10000
        Paths drawn per model and origin.
    horizon : int, default 1
        Days per path.
    stride : int, default 1
        Days between origins (``stride = horizon`` gives non-overlapping windows).
    fit_window : int, optional
        Fit on the last ``fit_window`` rows before each refit date (a rolling window) instead
        of every earlier row (an expanding window).
    min_history : int, default 250
        Fewest rows required before ``start`` (and at least ``fit_window``).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the whole run.
    progress : callable, optional
        ``progress(done, total, description)`` before each fit and after each origin (after
        each piece when the executor runs pieces elsewhere).
    executor : Executor, optional
        Runs the pieces (one model's refit block each); default
        :class:`~fingan.evaluation.executor.SerialExecutor`. The results do not depend on it.
    warm_start : collection of str, default ()
        Models (by name) refitted from their previous fit instead of anew, through
        ``model.refit(train, random_state=seed)`` (:class:`~fingan.core.protocols.
        RefittableModel`, e.g. :meth:`fingan.models.GANEstimator.refit`): the first fit is a
        fresh one, the later ones train on from the fit before.

    Returns
    -------
    RollingForecasts
        The results by ``(model, date)``, the fits and the timings.

    Raises
    ------
    ConfigError
        For a bad schedule, period or count, or a warm-started name that is not a model.
    TooFewRowsError
        If too few days precede ``start``, or a model cannot be fitted on the days before a
        refit date (the message names the model and the date).
    """
    frame = validate_returns_frame(returns, min_rows=2)
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise ShapeError("returns need a DatetimeIndex of trading days for a rolling run")
    if not models:
        raise ConfigError("no models to run")
    unknown = sorted(set(warm_start) - set(models))
    if unknown:
        raise ConfigError(f"cannot warm-start {', '.join(unknown)}: not among the models run")
    n_paths = check_int(n_paths, "n_paths", minimum=1)
    if fit_window is not None:
        fit_window = check_int(fit_window, "fit_window", minimum=2)
    origins = forecast_origins(
        frame.index,
        start,
        end,
        horizon=horizon,
        stride=stride,
        min_history=max(min_history, fit_window or 0),
    )
    schedule = refit_dates(frame.index, frame.index[origins[0]], frame.index[origins[-1]], refit)
    refits = frame.index.searchsorted(schedule)
    # Block k holds the origins forecast by the model fitted before refit k.
    block_of_origin = np.searchsorted(refits, origins, side="right") - 1
    seed = draw_seed(random_state)
    runner = SerialExecutor() if executor is None else executor
    total = len(models) * len(origins)
    tracker = _Tracker(total, progress)
    pieces = []
    for name, factory in models.items():
        blocks = [
            _Block(refit_row, tuple(rows.tolist()))
            for block, refit_row in enumerate(refits.tolist())
            if (rows := origins[block_of_origin == block]).size
        ]
        if name in warm_start:
            pieces.append(_Piece(name, factory, tuple(blocks), warm_start=True))
        else:
            pieces.extend(_Piece(name, factory, (block,)) for block in blocks)
    # Warm-started chains first: each is the longest piece, so starting it last would leave
    # the other workers idle at the end.
    order = sorted(range(len(pieces)), key=lambda position: not pieces[position].warm_start)
    tasks = [
        partial(
            _run_piece,
            pieces[position],
            frame,
            reduce,
            fit_window=fit_window,
            n_paths=n_paths,
            horizon=horizon,
            seed=seed,
            progress=None if runner.parallel else tracker,
        )
        for position in order
    ]
    if runner.parallel and progress is not None:
        progress(0, total, f"{len(pieces)} pieces on {runner.name}")
    finished = runner.run(
        tasks,
        done=(lambda task: tracker.piece(pieces[order[task]])) if runner.parallel else None,
    )
    # Back into the order of the pieces (the executor returns them in the order of the tasks).
    by_position = sorted(zip(order, finished, strict=True), key=lambda pair: pair[0])
    outputs = [output for _, output in by_position]
    results: list[R] = []
    keys: list[tuple[str, pd.Timestamp]] = []
    sample_seconds: dict[str, float] = dict.fromkeys(models, 0.0)
    for piece, output in zip(pieces, outputs, strict=True):
        results.extend(output.results)
        keys.extend((piece.name, frame.index[row]) for row in piece.rows)
        sample_seconds[piece.name] += output.sample_seconds
    return RollingForecasts(
        results=tuple(results),
        index=pd.MultiIndex.from_tuples(keys, names=["model", "date"]),
        fits=pd.DataFrame([asdict(fit) for output in outputs for fit in output.fits]),
        sample_seconds=sample_seconds,
        horizon=horizon,
        n_paths=n_paths,
        refit=refit,
        fit_window=fit_window,
    )


@dataclass(frozen=True)
class _Block:
    """The origins ``rows`` forecast by the fit made before ``refit_row``."""

    refit_row: int
    rows: tuple[int, ...]


@dataclass(frozen=True)
class _Piece:
    """One model's blocks run together: one block, or all of a warm-started model's."""

    name: str
    factory: ModelFactory
    blocks: tuple[_Block, ...]
    warm_start: bool = False

    @property
    def rows(self) -> tuple[int, ...]:
        return tuple(row for block in self.blocks for row in block.rows)


@dataclass(frozen=True)
class _PieceOutput(Generic[R]):
    results: list[R]
    fits: list[FitRecord]
    sample_seconds: float


class _Tracker:
    """Counts finished origins and reports them to ``progress``."""

    def __init__(self, total: int, progress: RollingProgress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def __call__(self, description: str, *, finished: int = 0) -> None:
        self.done += finished
        if self.progress is not None:
            self.progress(self.done, self.total, description)

    def piece(self, piece: _Piece) -> None:
        self(f"{piece.name}: {len(piece.rows)} days forecast", finished=len(piece.rows))


def piece_seed(seed: int, name: str, refit_day: pd.Timestamp) -> np.random.SeedSequence:
    """Return the random stream of one piece: the run's seed, the model, the refit date.

    Examples
    --------
    >>> a = piece_seed(0, "fhs", pd.Timestamp("2015-01-02")).generate_state(1)
    >>> b = piece_seed(0, "fhs", pd.Timestamp("2016-01-04")).generate_state(1)
    >>> bool(a[0] != b[0])
    True
    """
    return np.random.SeedSequence([seed, zlib.crc32(name.encode()), refit_day.toordinal()])


def _run_piece(
    piece: _Piece,
    frame: pd.DataFrame,
    reduce: Reducer[R],
    *,
    fit_window: int | None,
    n_paths: int,
    horizon: int,
    seed: int,
    progress: _Tracker | None,
) -> _PieceOutput[R]:
    """Fit one model before each refit date of the piece and forecast every origin."""
    results: list[R] = []
    fits: list[FitRecord] = []
    sampling = 0.0
    model: ConditionalPathModel | None = None
    for block in piece.blocks:
        refit_day = frame.index[block.refit_row]
        rng = np.random.default_rng(piece_seed(seed, piece.name, refit_day))
        if progress is not None:
            progress(f"{piece.name}: fitting before {iso_day(refit_day)}")
        train = frame.iloc[_fit_start(block.refit_row, fit_window) : block.refit_row]
        model_seed = int(rng.integers(2**31))
        started = time.perf_counter()
        warm = model is not None
        if model is None:
            built = piece.factory(model_seed)
            if piece.warm_start and not isinstance(built, RefittableModel):
                raise ConfigError(f"{piece.name} cannot be warm-started: it has no refit method")
            model = _fit(built, train, piece.name, refit_day)
        else:
            model = _fit(model, train, piece.name, refit_day, refit_seed=model_seed)
        fits.append(
            FitRecord(
                model=piece.name,
                refit_date=refit_day,
                train_start=train.index[0],
                train_end=train.index[-1],
                n_rows=len(train),
                n_forecasts=len(block.rows),
                seconds=time.perf_counter() - started,
                warm_start=warm,
            )
        )
        for row in block.rows:
            day = frame.index[row]
            started = time.perf_counter()
            paths = model.sample_paths(
                frame.iloc[:row], n_paths, horizon, random_state=int(rng.integers(2**62))
            )
            sampling += time.perf_counter() - started
            forecast = Forecast(piece.name, day, int(row), paths, frame.iloc[row : row + horizon])
            results.append(reduce(forecast))
            if progress is not None:
                progress(f"{piece.name}: {iso_day(day)}", finished=1)
    return _PieceOutput(results, fits, sampling)


def _fit_start(refit_row: int, fit_window: int | None) -> int:
    return 0 if fit_window is None else max(refit_row - fit_window, 0)


def _fit(
    model: ConditionalPathModel,
    train: pd.DataFrame,
    name: str,
    day: pd.Timestamp,
    *,
    refit_seed: int | None = None,
) -> ConditionalPathModel:
    """Fit ``model`` (refit it from its previous fit, seeded, given ``refit_seed``).

    A data or settings error names the model and the refit date.
    """
    try:
        if refit_seed is None:
            return model.fit(train)
        assert isinstance(model, RefittableModel)  # checked before its first fit
        return model.refit(train, random_state=refit_seed)
    except (DataValidationError, ConfigError) as error:
        verb = "fitted" if refit_seed is None else "refitted"
        context = f"{name}, {verb} on the {len(train)} days before {iso_day(day)}"
        raise _with_context(error, context) from error


def _with_context(error: FinganError, context: str) -> FinganError:
    try:
        contextual = type(error)(f"{context}: {error}")
    except TypeError:  # an exception type with another constructor: keep the original
        return error
    return contextual
