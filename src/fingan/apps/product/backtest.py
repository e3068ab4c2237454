"""Backtest the product study: how well each generator's scenarios predicted what happened.

For monthly start dates (the first trading day of each month from ``start``) whose holding
period ends inside the data, each generator predicts the distribution of the product's return
over the holding period after the start, and the prediction is compared with the return the
product actually paid on the realised path.

Time line of one conditional model (no look-ahead)::

    refit_k (1st trading day of a year)       start s                 s + maturity
       |--- fitted on rows < refit_k ---|.....|--- realised path ---|
                                        paths drawn given rows <= s

* The model that predicts the starts of ``[refit_k, refit_{k+1})`` is fitted once, on the
  returns strictly before ``refit_k`` (:func:`fingan.evaluation.refit_dates`); between refits
  it is reused, and each start's paths are conditioned on the market at that start:
  ``sample_paths(returns up to and including s, n_paths, maturity)``, as
  :func:`~fingan.apps.product.evaluate_product` does with ``as_of=s``.
* ``"priips"``, the regulation's bootstrap, has nothing to fit: at each start it draws from the
  returns up to and including the start (its stress value from stressed-volatility paths).
* The realised outcome is the spec evaluated on the ``maturity`` returns after ``s``.

Several products on the same underlyings share every fit and every path
(:func:`backtest_products`): common random numbers, and each model fitted once per year.
Randomness: one seed and each generator's name give that generator's fits, draws and
randomised PIT values, so a generator's figures do not depend on which others run beside it.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.product.backtest_result import BAND, ProductBacktest
from fingan.apps.product.study import (
    MIN_HISTORY,
    PRIIPS,
    PRODUCT_MODELS,
    priips_outcome,
    product_outcome,
)
from fingan.apps.registry import gan_training, study_model_names
from fingan.core.exceptions import ConfigError, DataValidationError, ShapeError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.data.dates import to_timestamp
from fingan.evaluation import RefitSchedule, refit_dates
from fingan.evaluation.schedule import iso_day
from fingan.metrics.forecast import pit_values
from fingan.metrics.interval import winkler_score
from fingan.products import ProductSpec, evaluate
from fingan.scenarios import build_configuration

__all__ = ["backtest_product", "backtest_products", "backtest_starts"]

Progress = Callable[[int, int, str], None]


def backtest_starts(
    index: pd.DatetimeIndex,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None,
    maturity: int,
    *,
    min_history: int = MIN_HISTORY,
) -> npt.NDArray[np.intp]:
    """Return the rows of the monthly start dates whose holding period ends by ``end``.

    The starts are the first trading day on or after ``start`` and the first trading day of
    every later month, as long as the ``maturity`` trading days after the start lie on or
    before ``end`` (default: the last day of the data).

    Raises
    ------
    ConfigError
        If a date cannot be read, ``start`` is after the data's last day or after ``end``, or
        no start's holding period ends by ``end``.
    TooFewRowsError
        If fewer than ``min_history`` days precede the first start.
    """
    begin = to_timestamp(start, "start")
    finish = to_timestamp(end, "end")
    last_day = index[-1]
    if begin is None:
        raise ConfigError("start is required: the first start date of the product")
    if begin > last_day:
        raise ConfigError(f"start {iso_day(begin)} is after the last day of data "
                          f"({iso_day(last_day)})")  # fmt: skip
    if finish is None:
        finish = last_day
    if finish > last_day:
        raise ConfigError(f"end {iso_day(finish)} is after the last day of data "
                          f"({iso_day(last_day)})")  # fmt: skip
    if finish < begin:
        raise ConfigError(f"end {iso_day(finish)} is before start {iso_day(begin)}")
    first = int(index.searchsorted(begin, side="left"))
    last = int(index.searchsorted(finish, side="right")) - 1 - maturity
    if first > last:
        latest = f"; the latest start that does is {iso_day(index[last])}" if last >= 0 else ""
        raise ConfigError(
            f"no start from {iso_day(begin)} has its {maturity}-day holding period end by "
            f"{iso_day(finish)}{latest}"
        )
    if first < min_history:
        raise TooFewRowsError(
            f"only {first} days of data before start {iso_day(begin)}; the generators need at "
            f"least {min_history}"
        )
    days = refit_dates(index, index[first], index[last], "monthly")
    return np.asarray(index.searchsorted(days), dtype=np.intp)


def backtest_product(
    spec: ProductSpec,
    returns: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    models: Sequence[str] | None = None,
    n_paths: int = 2_000,
    n_steps: int | None = None,
    refit: RefitSchedule = "yearly",
    random_state: RandomState = 0,
    progress: Progress | None = None,
) -> ProductBacktest:
    """Backtest each generator's prediction of ``spec``'s outcome at monthly starts.

    Parameters
    ----------
    spec : ProductSpec
        The product; its underlyings must be columns of ``returns``.
    returns : pandas.DataFrame
        Daily log returns with a ``DatetimeIndex``.
    start : date-like
        The first start date (the first trading day on or after it); later starts are the
        first trading days of the following months.
    end : date-like, optional
        The last day a holding period may end on (default: the last day of the data).
    models : sequence of str, optional
        Conditional scenario models (default :data:`PRODUCT_MODELS`: ``garch+empirical``,
        ``garch_t``, ``garch+gan_evt``; any configuration such as ``"gjr+t"``); ``"priips"`` is
        always added.
    n_paths : int, default 2000
        Paths per generator and start.
    n_steps : int, optional
        GAN training steps (default: each GAN's own).
    refit : {"yearly", "quarterly", "monthly", "never"} or int, default "yearly"
        When the conditional models are refitted (:func:`fingan.evaluation.refit_dates`).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of every fit, draw and randomised PIT.
    progress : callable, optional
        ``progress(done, total, description)`` before each fit and after each start.

    Returns
    -------
    ProductBacktest
        One row per start and generator, and the scores per generator.

    Raises
    ------
    ConfigError, DataValidationError
        For an unknown model, bad dates, a missing underlying or too short a history.
    """
    (result,) = backtest_products(
        [spec],
        returns,
        start=start,
        end=end,
        models=models,
        n_paths=n_paths,
        n_steps=n_steps,
        refit=refit,
        random_state=random_state,
        progress=progress,
    )
    return result


def backtest_products(
    specs: Sequence[ProductSpec],
    returns: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    models: Sequence[str] | None = None,
    n_paths: int = 2_000,
    n_steps: int | None = None,
    refit: RefitSchedule = "yearly",
    random_state: RandomState = 0,
    progress: Progress | None = None,
) -> tuple[ProductBacktest, ...]:
    """Backtest several products on the same underlyings with shared fits and paths.

    As :func:`backtest_product`, for each spec in turn, except that every model is fitted once
    per refit and draws one set of paths per start (as long as the longest maturity), on which
    every product is evaluated. The starts are those of the longest maturity, for all specs.

    Raises
    ------
    ConfigError
        If ``specs`` is empty or the specs have different underlyings.
    """
    if not specs:
        raise ConfigError("no product to backtest")
    assets = list(specs[0].underlyings)
    for spec in specs[1:]:
        if set(spec.underlyings) != set(assets):
            raise ConfigError(
                "products backtested together need the same underlyings; got "
                f"{', '.join(assets)} and {', '.join(spec.underlyings)}"
            )
    names = study_model_names(PRODUCT_MODELS, models)
    if n_paths < 2:
        raise ConfigError(f"n_paths must be at least 2; got {n_paths}")
    frame = _frame(returns, assets)
    index = pd.DatetimeIndex(frame.index)
    horizon = max(spec.maturity for spec in specs)
    rows = backtest_starts(index, start, end, horizon)
    schedule = refit_dates(index, index[rows[0]], index[rows[-1]], refit)
    refits = frame.index.searchsorted(schedule)
    block_of = np.searchsorted(refits, rows, side="right") - 1
    seed = draw_seed(random_state)
    realised = [_realised(spec, frame, rows) for spec in specs]
    records: list[list[dict[str, object]]] = [[] for _ in specs]
    fits: list[dict[str, object]] = []
    total = (len(names) + 1) * rows.size
    done = 0
    for name in names:
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        for block, refit_row in enumerate(refits.tolist()):
            block_rows = rows[block_of == block]
            if block_rows.size == 0:
                continue
            day = iso_day(frame.index[refit_row])
            if progress is not None:
                progress(done, total, f"{name}: fitting before {day}")
            train = frame.iloc[:refit_row]
            started = time.perf_counter()
            model = _fit(name, train, day, int(rng.integers(2**31)), n_steps)
            fits.append(_fit_record(name, day, train, time.perf_counter() - started))
            for row in block_rows.tolist():
                paths = model.sample_paths(
                    frame.iloc[: row + 1], n_paths, horizon, random_state=int(rng.integers(2**62))
                )
                for k, spec in enumerate(specs):
                    outcome = product_outcome(spec, paths, spec.maturity / 252)
                    records[k].append(
                        _record(name, frame.index[row], outcome.returns,
                                outcome.scenarios.stress, realised[k][row], [seed, row])
                    )  # fmt: skip
                done += 1
                if progress is not None:
                    progress(done, total, f"{name}: {iso_day(frame.index[row])}")
    rng = np.random.default_rng([seed, zlib.crc32(PRIIPS.encode())])
    for row in rows.tolist():
        history = frame.iloc[: row + 1]
        draw = int(rng.integers(2**31))
        for k, spec in enumerate(specs):
            outcome = priips_outcome(spec, history, n_paths, spec.maturity / 252, draw)
            records[k].append(
                _record(PRIIPS, frame.index[row], outcome.returns, outcome.scenarios.stress,
                        realised[k][row], [seed, row])
            )  # fmt: skip
        done += 1
        if progress is not None:
            progress(done, total, f"{PRIIPS}: {iso_day(frame.index[row])}")
    fit_frame = pd.DataFrame(fits, columns=list(_FIT_COLUMNS))
    step = float(np.diff(rows).mean()) if rows.size > 1 else float(horizon)
    return tuple(
        ProductBacktest(
            spec=spec,
            forecasts=_forecast_frame(records[k], [*names, PRIIPS]),
            fits=fit_frame,
            n_paths=n_paths,
            random_state=seed,
            refit=refit,
            n_steps=n_steps,
            step_days=step,
            data_start=iso_day(frame.index[0]),
        )
        for k, spec in enumerate(specs)
    )


_FIT_COLUMNS = ("generator", "refit_date", "train_start", "train_end", "n_rows", "seconds")


def _fit(
    name: str, train: pd.DataFrame, day: str, seed: int, n_steps: int | None
) -> ConditionalPathModel:
    """Fit a new model ``name`` on ``train``, naming it and the refit date in a data error."""
    model = build_configuration(name, random_state=seed, gan_training=gan_training(name, n_steps))
    try:
        return model.fit(train)
    except (DataValidationError, ConfigError) as error:
        message = f"{name}, fitted on the {len(train)} days before {day}: {error}"
        try:
            contextual = type(error)(message)
        except TypeError:  # an error type with another constructor: keep the original
            raise error from None
        raise contextual from error


def _frame(returns: pd.DataFrame, assets: list[str]) -> pd.DataFrame:
    if not isinstance(returns.index, pd.DatetimeIndex):
        raise ShapeError("returns need a DatetimeIndex of trading days for a backtest")
    missing = [name for name in assets if name not in returns.columns]
    if missing:
        columns = ", ".join(map(str, returns.columns))
        raise ShapeError(
            f"the product's underlying {missing[0]!r} is not a column of the data ({columns})"
        )
    return returns[assets]


def _realised(
    spec: ProductSpec, frame: pd.DataFrame, rows: npt.NDArray[np.intp]
) -> dict[int, float]:
    """Return the product's return on the realised path after each start row."""
    values = frame.to_numpy(dtype=np.float64)  # (n_days, n_assets)
    windows = np.stack([values[row + 1 : row + 1 + spec.maturity] for row in rows.tolist()])
    outcome = evaluate(spec, ReturnPaths(windows, tuple(map(str, frame.columns))))
    return dict(zip(rows.tolist(), outcome.returns.tolist(), strict=True))


def _record(
    name: str,
    day: pd.Timestamp,
    simulated: npt.NDArray[np.float64],
    stress: float,
    realised: float,
    entropy: list[int],
) -> dict[str, object]:
    """Score one generator's prediction of one start's outcome."""
    low, median, high = np.quantile(simulated, [BAND[0], 0.5, BAND[1]])
    pit_seed = np.random.SeedSequence([*entropy, zlib.crc32(name.encode())])
    pit = pit_values([realised], simulated[np.newaxis, :], randomize=True,
                     random_state=np.random.default_rng(pit_seed))  # fmt: skip
    alpha = 1.0 - (BAND[1] - BAND[0])
    return {
        "start": day,
        "generator": name,
        "q10": float(low),
        "q50": float(median),
        "q90": float(high),
        "realised": realised,
        "pit": float(pit[0]),
        "inside": bool(low <= realised <= high),
        "winkler": float(winkler_score([realised], low, high, alpha)[0]),
        "stress": float(stress),
        "below_stress": bool(realised < stress),
        "expected_return": float(simulated.mean()),
        "p_loss": float(np.mean(simulated < 0.0)),
    }


def _forecast_frame(records: list[dict[str, object]], order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    frame["generator"] = pd.Categorical(frame["generator"], categories=order, ordered=True)
    frame = frame.sort_values(["generator", "start"], kind="stable")
    frame["generator"] = frame["generator"].astype(str)
    return frame.set_index(["generator", "start"])


def _fit_record(name: str, day: str, train: pd.DataFrame, seconds: float) -> dict[str, object]:
    return {
        "generator": name,
        "refit_date": day,
        "train_start": iso_day(train.index[0]),
        "train_end": iso_day(train.index[-1]),
        "n_rows": len(train),
        "seconds": seconds,
    }
