"""Market scenarios: fit the GAN and the classical generators, score them on held-out data."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fingan.baselines import (
    GARCHBaseline,
    GaussianHMMBaseline,
    GaussianMixtureBaseline,
    GBMBaseline,
    StationaryBootstrapBaseline,
)
from fingan.core.exceptions import (
    ConfigError,
    EmptyDataError,
    TooFewRowsError,
    UnknownDatasetError,
)
from fingan.core.io import atomic_directory, write_frame
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import PathModel
from fingan.core.random import RandomState, draw_seed
from fingan.core.resources import CSV_BYTES_PER_VALUE, check_disk, check_paths_memory
from fingan.data import load_returns
from fingan.data.dates import to_timestamp
from fingan.data.validation import validate_returns_frame
from fingan.datasets import MARKET_DATASETS, load_market
from fingan.metrics import STYLIZED_GROUPS, compare_generators, head_to_head, overall_score
from fingan.models import GANEstimator, MarketGAN
from fingan.training import ProgressCallback

GAN_NAME = "MarketGAN"
_MIN_TEST_ROWS = 200
"""Fewest held-out days: the discriminative score needs ten 20-day windows."""


def classical_generators(random_state: RandomState = None) -> dict[str, PathModel]:
    """Return the baselines a quant would otherwise use, by display name."""
    seed = draw_seed(random_state)
    return {
        "GARCH(1,1)-t": GARCHBaseline(),
        "Block bootstrap": StationaryBootstrapBaseline(),
        "Gaussian HMM": GaussianHMMBaseline(random_state=seed),
        "Gaussian mixture": GaussianMixtureBaseline(random_state=seed),
        "GBM": GBMBaseline(),
    }


@dataclass(frozen=True)
class MarketEvaluation:
    """Scores of several scenario generators against held-out real returns.

    Attributes
    ----------
    train, test : pandas.DataFrame
        The fitting and the held-out period (daily log returns).
    paths : dict of str to ReturnPaths
        Each generator's paths, as long as the held-out period.
    scores : pandas.DataFrame
        Raw errors, one row per generator, columns ``(group, metric)``; lower is better.
    ranking : pandas.DataFrame
        Group scores (each error relative to the median generator), ``overall`` and ``rank``.
    fit_seconds : dict of str to float
        Wall time of each fit.
    histories : dict of str to pandas.DataFrame
        Training history of each GAN (see ``GANEstimator.history_``).
    """

    train: pd.DataFrame
    test: pd.DataFrame
    paths: dict[str, ReturnPaths]
    scores: pd.DataFrame
    ranking: pd.DataFrame
    fit_seconds: dict[str, float] = field(default_factory=dict)
    histories: dict[str, pd.DataFrame] = field(default_factory=dict)

    def stylized_wins(self, model: str = GAN_NAME, rivals: list[str] | None = None) -> pd.DataFrame:
        """Which stylized-fact groups ``model`` wins against each rival (True = lower error)."""
        wins = head_to_head(self.scores, model, rivals)
        return wins[wins.index.isin([*STYLIZED_GROUPS, "overall"])]

    def summary(self) -> str:
        """Return the ranking as text."""
        return self.ranking.to_string(float_format=lambda value: f"{value:.3f}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: per model, every metric, group score, overall score and rank."""
        models: dict[str, Any] = {}
        for name in self.scores.index:
            metrics = {
                f"{group}.{metric}": _number(value)
                for (group, metric), value in self.scores.loc[name].items()
            }
            row = self.ranking.loc[name]
            models[str(name)] = {
                "metrics": metrics,
                "groups": {
                    str(key): _number(value)
                    for key, value in row.items()
                    if key not in ("overall", "rank")
                },
                "overall_score": _number(row["overall"]),
                "rank": int(row["rank"]),
                "fit_seconds": self.fit_seconds.get(str(name)),
            }
        return {
            "train": _period(self.train),
            "test": _period(self.test),
            "assets": [str(column) for column in self.train.columns],
            "n_paths": next(iter(self.paths.values())).n_paths,
            "overall_score": (
                "mean over groups of each group's errors divided by the median generator's; "
                "lower is better, 1 is typical of the set compared"
            ),
            "models": models,
        }


def market_data(
    spec: str,
    *,
    start: str | None = None,
    end: str | None = None,
    allow_extreme: bool = False,
) -> pd.DataFrame:
    """Daily log returns from a file path or built-in names such as ``"sp500,nasdaq"``.

    Parameters
    ----------
    spec : str
        A CSV/Parquet file of prices or returns (see :func:`fingan.data.load_returns`), or
        comma-separated names from :data:`fingan.datasets.MARKET_DATASETS`.
    start, end : str, optional
        Keep only days from ``start`` to ``end`` (inclusive).
    allow_extreme : bool, default False
        Accept a file's daily log returns beyond +/-1 (see :func:`fingan.data.load_returns`);
        the built-in data are not affected.

    Raises
    ------
    UnknownDatasetError
        If ``spec`` is neither an existing file nor built-in names.
    ImplausibleDataError
        If the file holds a daily log return beyond +/-1 and ``allow_extreme`` is false.
    """
    names = [name.strip().lower() for name in spec.split(",")]
    if Path(spec).exists():
        returns = load_returns(spec, allow_extreme=allow_extreme)
        begin = to_timestamp(start, "start") or returns.index[0]
        finish = to_timestamp(end, "end") or returns.index[-1]
        returns = returns[(returns.index >= begin) & (returns.index <= finish)]
        if returns.empty:
            raise EmptyDataError(f"no returns in {spec} between {start} and {end}")
        return returns
    if all(name in MARKET_DATASETS for name in names):
        return load_market(names, start, end)
    raise UnknownDatasetError(
        f"{spec!r} is neither a file nor built-in data ({', '.join(MARKET_DATASETS)})"
    )


def write_paths(
    paths: ReturnPaths, file: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write paths as a tidy table (``path``, ``step``, one column per asset) to CSV or Parquet.

    The layout is that of :meth:`ReturnPaths.to_frame` with the index as columns; values are
    daily log returns. The file is written under a temporary name and renamed into place; an
    existing file is replaced only when ``overwrite`` is true.
    """
    return write_frame(paths.to_frame().reset_index(), file, overwrite=overwrite)


MODEL_KIND = "model"
"""What :func:`save_model` folders hold, recorded in their marker file."""


def save_model(
    model: GANEstimator, out_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Save a fitted model as a new folder, all or nothing.

    ``out_dir`` must be new, empty, or a model saved by this function before (replaced only
    when ``overwrite`` is true); see :mod:`fingan.core.io`.
    """
    with atomic_directory(out_dir, kind=MODEL_KIND, overwrite=overwrite) as staging:
        model.save(staging)
    return Path(out_dir)


def check_paths_request(
    n_paths: int, horizon: int, n_assets: int, file: str | os.PathLike[str]
) -> None:
    """Refuse a request for paths that cannot fit in memory, or in a file on the disk.

    Memory as :func:`fingan.core.resources.check_paths_memory`; disk about
    :data:`~fingan.core.resources.CSV_BYTES_PER_VALUE` bytes per value written to CSV, 8 to Parquet.

    Raises
    ------
    ResourceLimitError
        If the request needs more than :func:`fingan.core.resources.check_memory` allows, or more
        disk than is free.
    """
    check_paths_memory(n_paths, horizon, n_assets)
    per_value = CSV_BYTES_PER_VALUE if Path(file).suffix.lower() == ".csv" else 8
    n_bytes = n_paths * horizon * per_value * (n_assets + 2)
    check_disk(n_bytes, file, what=f"{n_paths:,} paths of {horizon:,} days")


def split_returns(
    returns: pd.DataFrame,
    *,
    test_start: str | pd.Timestamp | None = None,
    test_fraction: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split returns into a fitting period and a held-out period.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns.
    test_start : date-like, optional
        First held-out day; by default the last ``test_fraction`` of the days are held out.
    test_fraction : float
        Share of days held out when ``test_start`` is not given.
    """
    start = to_timestamp(test_start, "test_start")
    if start is not None:
        train, test = returns[returns.index < start], returns[returns.index >= start]
    else:
        if not 0.0 < test_fraction < 1.0:
            raise ConfigError(f"test_fraction must be in (0, 1); got {test_fraction}")
        cut = round(len(returns) * (1.0 - test_fraction))
        train, test = returns.iloc[:cut], returns.iloc[cut:]
    if len(test) < _MIN_TEST_ROWS:
        raise TooFewRowsError(
            f"held-out period has {len(test)} days; at least {_MIN_TEST_ROWS} are needed"
        )
    return train, test


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
    """
    frame = validate_returns_frame(returns, min_rows=2 * _MIN_TEST_ROWS)
    train, test = split_returns(frame, test_start=test_start)
    seed = draw_seed(random_state)
    generators: dict[str, PathModel] = {
        GAN_NAME: gan if gan is not None else MarketGAN(random_state=seed)
    }
    generators.update(baselines if baselines is not None else classical_generators(seed))
    paths: dict[str, ReturnPaths] = {}
    fit_seconds: dict[str, float] = {}
    histories: dict[str, pd.DataFrame] = {}
    for offset, (name, generator) in enumerate(generators.items()):
        if on_stage is not None:
            on_stage(f"fitting {name}")
        started = time.perf_counter()
        if isinstance(generator, GANEstimator):
            histories[name] = generator.fit(train, progress=progress).history_
        else:
            generator.fit(train)
        fit_seconds[name] = time.perf_counter() - started
        paths[name] = generator.sample(n_paths, len(test), random_state=seed + 100 + offset)
    if on_stage is not None:
        on_stage("scoring")
    scores = compare_generators(test, paths, random_state=seed)
    return MarketEvaluation(
        train=train,
        test=test,
        paths=paths,
        scores=scores,
        ranking=overall_score(scores),
        fit_seconds=fit_seconds,
        histories=histories,
    )


def _number(value: Any) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None


def _period(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "start": str(frame.index[0].date()),
        "end": str(frame.index[-1].date()),
        "days": len(frame),
    }
