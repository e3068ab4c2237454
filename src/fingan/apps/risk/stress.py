"""Stress tests of a portfolio: the days after a shock day or a rescaled volatility.

The stress is applied to the history a fitted scenario model conditions on (see
:func:`stress_scenarios`), so every model of :mod:`fingan.apps.risk` can be stressed. The
portfolio conventions are those of :mod:`fingan.metrics.portfolio`: returns are gains-positive,
VaR and ES are losses reported as positive numbers, and the portfolio is not rebalanced over the
horizon.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.risk.forecast import draw_risk, risk_fields
from fingan.core.exceptions import ConfigError
from fingan.core.io import write_frame
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.metrics.portfolio import TRADING_DAYS, Weights, describe_weights, portfolio_weights

__all__ = ["StressResult", "stress_scenarios", "write_scenarios"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StressResult:
    """Scenarios of the days after a (possibly stressed) history, and the portfolio's risk.

    Attributes
    ----------
    paths : ReturnPaths
        Daily log returns of the ``horizon`` days after the stressed history (after the shock
        day, when there is one), shape ``(n_paths, horizon, n_assets)``.
    weights : pandas.Series
        The portfolio weights used, by asset (summing to one; see
        :class:`~fingan.metrics.portfolio.PortfolioWeights`).
    losses : numpy.ndarray of shape (n_paths,)
        Each scenario's portfolio loss over the horizon (minus its simple return); the shock
        day itself is not included (see ``shock_return``).
    risk : pandas.DataFrame
        VaR and ES of the losses by confidence level (see
        :func:`~fingan.metrics.portfolio.portfolio_risk`).
    worst : pandas.DataFrame
        The ``worst`` scenarios with the largest losses, largest first: ``scenario`` (its
        number in ``paths``), ``loss``, and each asset's log return over the horizon.
    shock : pandas.Series or None
        Log return of each asset on the shock day appended to the history.
    shock_return : float or None
        The portfolio's simple return on the shock day.
    volatility : float or None
        Annualised volatility the recent history was rescaled to.
    volatility_scale : float or None
        The factor the recent history was multiplied by.
    history_end : object
        Index label of the last real day of the history.
    """

    paths: ReturnPaths
    weights: pd.Series
    losses: FloatArray
    risk: pd.DataFrame
    worst: pd.DataFrame
    shock: pd.Series | None = None
    shock_return: float | None = None
    volatility: float | None = None
    volatility_scale: float | None = None
    history_end: Any = None

    @property
    def horizon(self) -> int:
        """Days per scenario."""
        return self.paths.horizon

    def to_frame(self) -> pd.DataFrame:
        """Return the scenarios in long format (the layout of :func:`write_scenarios`).

        Columns: ``scenario`` (0 to ``n_paths - 1``), ``step`` (1 to ``horizon``; step 1 is
        the first day after the shock day, or after the history when there is no shock), one
        column per asset with that day's log return, and ``portfolio``, the portfolio's
        cumulative simple return from the start of step 1 to the end of that step
        (``sum_i w_i (exp(cumulative log return_i) - 1)``).
        """
        values = self.paths.values  # (n_paths, horizon, n_assets)
        n_paths, horizon, n_assets = values.shape
        cumulative = np.expm1(np.cumsum(values, axis=1)) @ self.weights.to_numpy()
        frame = pd.DataFrame(values.reshape(-1, n_assets), columns=list(self.paths.assets))
        frame.insert(0, "step", np.tile(np.arange(1, horizon + 1), n_paths))
        frame.insert(0, "scenario", np.repeat(np.arange(n_paths), horizon))
        frame["portfolio"] = cumulative.ravel()
        return frame

    def summary(self) -> str:
        """Return the stress applied, the weights, the VaR and ES, and the worst scenarios."""
        lines = [
            f"{self.paths.n_paths:,} scenarios of the {self.horizon} days after "
            f"{self._describe_start()}",
            f"weights: {describe_weights(self.weights)}",
            self.risk.to_string(float_format=lambda value: f"{value:.4f}"),
            "worst scenarios:",
            self.worst.head(5).to_string(index=False, float_format=lambda value: f"{value:.4f}"),
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready stress, VaR and ES by level, and the worst scenarios."""
        return {
            "horizon": self.horizon,
            "n_paths": self.paths.n_paths,
            "shock": None if self.shock is None else self.shock.astype(float).to_dict(),
            "shock_return": self.shock_return,
            "volatility": self.volatility,
            "volatility_scale": self.volatility_scale,
            **risk_fields(self),
            "worst": self.worst.to_dict(orient="records"),
        }

    def _describe_start(self) -> str:
        parts = []
        if self.volatility is not None:
            parts.append(f"the recent days rescaled to {self.volatility:.0%} annualised volatility")
        if self.shock_return is not None:
            parts.append(f"a shock day (portfolio return {self.shock_return:+.2%})")
        return " and ".join(parts) if parts else "the history"


def stress_scenarios(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    weights: Weights = None,
    *,
    shock: float | Mapping[str, float] | None = None,
    volatility: float | None = None,
    volatility_lookback: int = 21,
    n_paths: int = 10_000,
    horizon: int = 10,
    worst: int = 20,
    levels: Sequence[float] = (0.95, 0.99),
    random_state: RandomState = None,
) -> StressResult:
    """Draw the days after a stressed history and measure the portfolio's tail risk.

    The stress is applied to the history, not to the model, so any fitted
    :class:`~fingan.core.protocols.ConditionalPathModel` can be stressed and responds as it would to
    real data (a GARCH model through its conditional volatility, historical simulation by
    drawing the shock day among the others):

    * ``volatility`` (annualised, e.g. 0.4): the last ``volatility_lookback`` days are all
      multiplied by one factor chosen so that the portfolio's annualised realised volatility
      over them, ``sqrt(252 * mean(r_p^2))`` with ``r_p = sum_i w_i r_i`` the days' weighted
      log returns (not demeaned), equals ``volatility``. One factor for every asset keeps the
      days' correlations and signs.
    * ``shock``: one day of log returns appended to the (rescaled) history, dated the next
      business day. A float is the log return of every asset with a nonzero weight (others
      get 0); a mapping gives each asset's log return (assets left out get 0).

    The scenarios are the ``horizon`` days *after* the shock day; their losses do not include
    the shock itself, whose portfolio return is ``shock_return``. With neither ``shock`` nor
    ``volatility`` this is the plain forecast of the days after ``history``, as
    :func:`~fingan.apps.risk.forecast_risk` gives it.

    Parameters
    ----------
    model : ConditionalPathModel
        A fitted model (for example from :func:`~fingan.apps.risk.fit_risk_model`).
    history : pandas.DataFrame
        Daily log returns up to today, one column per fitted asset.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`~fingan.metrics.portfolio.portfolio_weights`; ``None``:
        equal). Weights that are not :class:`~fingan.metrics.portfolio.PortfolioWeights` must
        sum to one, with a gross leverage of at most
        :data:`~fingan.metrics.portfolio.MAX_GROSS_LEVERAGE`.
    shock : float or mapping of str to float, optional
        The shock day's log return(s).
    volatility : float, optional
        Annualised volatility of the recent days, positive.
    volatility_lookback : int, default 21
        Days rescaled by ``volatility`` (about a month).
    n_paths, horizon : int
        Number and length of the scenarios.
    worst : int, default 20
        Scenarios listed in ``worst``.
    levels : sequence of float, default (0.95, 0.99)
        Confidence levels of the VaR and ES.
    random_state : int, numpy.random.Generator or None
        Seed of the scenarios.

    Returns
    -------
    StressResult
        The scenarios, their losses, VaR and ES, and the worst scenarios.

    Raises
    ------
    ConfigError
        For unknown assets, non-finite shocks, a non-positive volatility or bad counts.
    """
    frame = validate_returns_frame(history, min_rows=2)
    assets = [str(column) for column in frame.columns]
    used = portfolio_weights(weights, assets)
    vector = used.to_array()
    n_paths = check_int(n_paths, "n_paths", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    worst = check_int(worst, "worst", minimum=1)
    history_end = frame.index[-1]
    scale = None
    if volatility is not None:
        frame, scale = _rescale_recent(frame, vector, volatility, volatility_lookback)
    shock_row = None if shock is None else _shock_row(shock, assets, vector)
    if shock_row is not None:
        frame = _append_day(frame, shock_row)
    drawn = draw_risk(
        model,
        frame,
        used,
        levels=levels,
        n_paths=n_paths,
        horizon=horizon,
        random_state=random_state,
        history_end=history_end,
    )
    losses = -drawn.returns
    return StressResult(
        paths=drawn.paths,
        weights=drawn.weights,
        losses=losses,
        risk=drawn.risk,
        worst=_worst(drawn.paths, losses, worst),
        shock=shock_row,
        shock_return=None if shock_row is None else float(np.expm1(shock_row.to_numpy()) @ vector),
        volatility=None if volatility is None else float(volatility),
        volatility_scale=scale,
        history_end=history_end,
    )


def write_scenarios(
    result: StressResult, file: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write a stress test's scenarios to CSV or Parquet (by the file's extension).

    The layout is long, one row per scenario and day, as :meth:`StressResult.to_frame`:
    ``scenario``, ``step`` (1 = the first day after the shock), one column per asset with
    that day's log return, and ``portfolio``, the portfolio's cumulative simple return up to
    the end of that step. The file is written under a temporary name and renamed into place,
    so an error never leaves a partial file.

    Parameters
    ----------
    result : StressResult
        The result of :func:`stress_scenarios`.
    file : str or os.PathLike
        A ``.csv``, ``.parquet`` or ``.pq`` path.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    UnsupportedFormatError
        If the extension is not one of those.
    """
    return write_frame(result.to_frame(), file, overwrite=overwrite)


def _rescale_recent(
    frame: pd.DataFrame, weights: FloatArray, volatility: float, window: int
) -> tuple[pd.DataFrame, float]:
    """Scale the last ``window`` rows to a portfolio realised volatility of ``volatility``."""
    if not (np.isfinite(volatility) and volatility > 0.0):
        raise ConfigError(f"volatility must be a positive annualised level; got {volatility!r}")
    window = check_int(window, "volatility_lookback", minimum=2)
    recent = frame.to_numpy()[-window:]
    realised = float(np.sqrt(TRADING_DAYS * np.mean((recent @ weights) ** 2)))
    if realised == 0.0:
        raise ConfigError("the recent days have no portfolio volatility to rescale")
    scale = volatility / realised
    stressed = frame.copy()
    stressed.iloc[-window:] = recent * scale
    return stressed, scale


def _shock_row(
    shock: float | Mapping[str, float], assets: list[str], weights: FloatArray
) -> pd.Series:
    """Return the shock day's log return of every asset."""
    if isinstance(shock, Mapping):
        unknown = [str(name) for name in shock if str(name) not in assets]
        if unknown:
            raise ConfigError(
                f"unknown asset(s) {', '.join(map(repr, unknown))} in the shock; "
                f"the assets are {', '.join(assets)}"
            )
        given = {str(name): float(value) for name, value in shock.items()}
        values = np.array([given.get(name, 0.0) for name in assets])
    else:
        values = np.where(weights != 0.0, float(shock), 0.0)
    if not np.all(np.isfinite(values)):
        raise ConfigError(f"the shock must be finite log returns; got {values.tolist()}")
    return pd.Series(values, index=assets, name="shock")


def _append_day(frame: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """Append one day of returns after the last row (next business day for dates)."""
    index = frame.index
    if isinstance(index, pd.DatetimeIndex):
        label: Any = index[-1] + pd.offsets.BDay()
    elif pd.api.types.is_integer_dtype(index.dtype):
        label = int(index.max()) + 1
    else:
        label = len(frame)
    day = pd.DataFrame([row.to_numpy()], columns=frame.columns, index=pd.Index([label]))
    day.index.name = index.name
    return pd.concat([frame, day])


def _worst(paths: ReturnPaths, losses: FloatArray, count: int) -> pd.DataFrame:
    """Return the ``count`` scenarios with the largest losses, largest first."""
    order = np.argsort(-losses, kind="stable")[:count]
    totals = paths.values[order].sum(axis=1)  # (count, n_assets)
    frame = pd.DataFrame(totals, columns=list(paths.assets))
    frame.insert(0, "loss", losses[order])
    frame.insert(0, "scenario", order)
    return frame
