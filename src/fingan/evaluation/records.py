"""What a rolling run hands its reducer and what it returns: typed per-day results.

A run (:func:`fingan.evaluation.rolling_scenarios`) gives each day's paths to a *reducer* as a
:class:`Forecast`; the reducer returns a result of any type ``R`` (a small frozen dataclass,
typically), and the run returns every result in order, with its ``(model, date)`` index, as
:class:`RollingForecasts`, beside a :class:`FitRecord` of every fit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd

from fingan.core.paths import ReturnPaths
from fingan.evaluation.schedule import RefitSchedule, iso_day

__all__ = ["FitRecord", "Forecast", "Reducer", "RollingForecasts"]

R = TypeVar("R")
"""The type of a reducer's result for one model and origin."""


@dataclass(frozen=True)
class Forecast:
    """One model's scenarios for one forecast origin, as handed to a reducer.

    Attributes
    ----------
    model : str
        The model's name.
    origin : pandas.Timestamp
        The first forecast day ``t``; the model saw the returns before it only.
    position : int
        Row of ``origin`` in the returns.
    paths : ReturnPaths
        Simulated log returns of days ``t, ..., t + horizon - 1``, shape
        ``(n_paths, horizon, n_assets)``.
    realised : pandas.DataFrame
        The returns that actually followed: the ``horizon`` rows from ``origin`` on. For scoring
        only; the model never sees them.
    """

    model: str
    origin: pd.Timestamp
    position: int
    paths: ReturnPaths
    realised: pd.DataFrame


Reducer = Callable[[Forecast], R]
"""Turns one :class:`Forecast` into a result of type ``R`` (a VaR, scores, ...)."""


@dataclass(frozen=True)
class FitRecord:
    """One fit of one model in a rolling run.

    Attributes
    ----------
    model : str
        The model's name.
    refit_date : pandas.Timestamp
        First origin this fit forecasts.
    train_start, train_end : pandas.Timestamp
        First and last day of the fitted returns (``train_end`` is before ``refit_date``).
    n_rows : int
        Number of fitted days.
    n_forecasts : int
        Origins forecast with this fit.
    seconds : float
        Wall time of the fit.
    warm_start : bool
        Whether the fit started from the model's previous fit (``refit``) rather than anew.
    """

    model: str
    refit_date: pd.Timestamp
    train_start: pd.Timestamp
    train_end: pd.Timestamp
    n_rows: int
    n_forecasts: int
    seconds: float
    warm_start: bool = False


@dataclass(frozen=True)
class RollingForecasts(Generic[R]):
    """The reduced forecasts of a rolling run, with the fits and the time they took.

    Attributes
    ----------
    results : tuple
        The reducer's result for each model and origin, in the order of ``index``.
    index : pandas.MultiIndex
        ``(model, date)`` of each result (``date`` is the forecast origin): every origin of
        the first model, then of the next.
    fits : pandas.DataFrame
        One row per fit, the fields of :class:`FitRecord`.
    sample_seconds : dict of str to float
        Total wall time of each model's ``sample_paths`` calls (the reducer not included).
    horizon, n_paths : int
        Days per path and paths per origin.
    refit : str or int
        The refit schedule.
    fit_window : int or None
        Rows of each fit (``None``: every earlier row).
    """

    results: tuple[R, ...]
    index: pd.MultiIndex
    fits: pd.DataFrame
    sample_seconds: dict[str, float] = field(default_factory=dict)
    horizon: int = 1
    n_paths: int = 0
    refit: RefitSchedule = "yearly"
    fit_window: int | None = None

    def to_frame(self, row: Callable[[R], Mapping[str, Any]] | None = None) -> pd.DataFrame:
        """Return the results as a frame, one row per ``(model, date)``.

        Parameters
        ----------
        row : callable, optional
            Turns one result into the row's values by column name. Default: the fields of a
            dataclass result, in their order.

        Raises
        ------
        TypeError
            If a result is not a dataclass instance and no ``row`` is given.
        """
        rows = [_fields(result) if row is None else row(result) for result in self.results]
        return pd.DataFrame.from_records(rows, index=self.index)

    def timings(self) -> pd.DataFrame:
        """Per model: forecasts, fits (and how many were warm starts), fit and sampling seconds.

        ``ms_per_sample`` is the mean wall time of one ``sample_paths`` call in milliseconds.
        """
        counts = pd.Series(0, index=self.index).groupby(level="model", sort=False).size()
        by_model = self.fits.groupby("model", sort=False)
        sample = pd.Series(self.sample_seconds, dtype=np.float64)
        frame = pd.DataFrame(
            {
                "forecasts": counts,
                "fits": by_model.size().reindex(counts.index),
                "warm_starts": by_model["warm_start"].sum().astype(int).reindex(counts.index),
                "fit_seconds": by_model["seconds"].sum().reindex(counts.index),
                "sample_seconds": sample.reindex(counts.index),
            }
        )
        frame["ms_per_sample"] = 1000.0 * frame["sample_seconds"] / frame["forecasts"]
        frame.index.name = "model"
        return frame

    def summary(self) -> str:
        """Return the timings as text."""
        return self.timings().to_string(float_format=lambda value: f"{value:.3f}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings and, per model, its timings and fits."""
        timings = self.timings()
        models: dict[str, Any] = {}
        for name, row in timings.iterrows():
            fits = self.fits[self.fits["model"] == name]
            models[str(name)] = {
                "forecasts": int(row["forecasts"]),
                "fit_seconds": float(row["fit_seconds"]),
                "sample_seconds": float(row["sample_seconds"]),
                "fits": [
                    {
                        "refit_date": iso_day(fit["refit_date"]),
                        "train_start": iso_day(fit["train_start"]),
                        "train_end": iso_day(fit["train_end"]),
                        "n_rows": int(fit["n_rows"]),
                        "n_forecasts": int(fit["n_forecasts"]),
                        "seconds": float(fit["seconds"]),
                        "warm_start": bool(fit["warm_start"]),
                    }
                    for fit in fits.to_dict("records")
                ],
            }
        return {
            "horizon": self.horizon,
            "n_paths": self.n_paths,
            "refit": self.refit,
            "fit_window": self.fit_window,
            "models": models,
        }


def _fields(result: object) -> dict[str, Any]:
    """Return the fields of a dataclass result, by name."""
    if not is_dataclass(result) or isinstance(result, type):
        raise TypeError(
            f"cannot make a row of a {type(result).__name__}; give to_frame a row function"
        )
    return asdict(result)
