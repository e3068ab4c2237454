"""The portfolio's VaR and ES over the next days, from one fitted scenario model.

The forward-looking counterpart of the backtest: a fitted model draws the ``horizon`` days
after the last day of a history, and the portfolio's VaR and ES are the tail of the paths'
portfolio returns. Stress tests (:mod:`fingan.apps.risk.stress`) draw the same way after a
stressed history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.paths import ReturnPaths
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.metrics.portfolio import (
    PortfolioWeights,
    Weights,
    describe_weights,
    portfolio_returns,
    portfolio_weights,
    risk_table,
)

if TYPE_CHECKING:
    from fingan.apps.risk.stress import StressResult

__all__ = ["RiskForecast", "draw_risk", "forecast_risk", "risk_fields"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RiskForecast:
    """Scenarios of the days after a history, and the portfolio's VaR and ES over them.

    Attributes
    ----------
    paths : ReturnPaths
        Daily log returns of the ``horizon`` days after the history, shape
        ``(n_paths, horizon, n_assets)``.
    weights : pandas.Series
        The portfolio weights used, by asset (see
        :class:`~fingan.metrics.portfolio.PortfolioWeights`).
    returns : numpy.ndarray of shape (n_paths,)
        Each path's portfolio simple return over the horizon.
    risk : pandas.DataFrame
        VaR and ES (positive losses) by confidence level (index ``level``).
    history_end : object
        Index label of the last day of the history the paths follow.
    """

    paths: ReturnPaths = field(repr=False)
    weights: pd.Series
    returns: FloatArray = field(repr=False)
    risk: pd.DataFrame
    history_end: Any = None

    @property
    def horizon(self) -> int:
        """Days per path."""
        return self.paths.horizon

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return self.paths.n_paths

    def to_frame(self) -> pd.DataFrame:
        """Return the VaR and ES by confidence level."""
        return self.risk

    def summary(self) -> str:
        """Return the horizon, the weights, and the VaR and ES by level as text."""
        end = self.history_end
        after = f"{end:%Y-%m-%d}" if hasattr(end, "strftime") else str(end)
        lines = [
            f"{self.horizon}-day loss after {after} ({self.n_paths:,} paths)",
            f"weights: {describe_weights(self.weights)}",
            self.risk.to_string(float_format=lambda value: f"{value:.4f}"),
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings, and the VaR and ES by level."""
        return {"horizon": self.horizon, "n_paths": self.n_paths, **risk_fields(self)}


def risk_fields(result: RiskForecast | StressResult) -> dict[str, Any]:
    """Return the weights, gross leverage and VaR / ES by level of a result, JSON-ready."""
    return {
        "weights": {str(name): float(value) for name, value in result.weights.items()},
        "gross_leverage": float(result.weights.abs().sum()),
        "risk": {
            f"{level:g}": {"var": float(row["var"]), "es": float(row["es"])}
            for level, row in result.risk.iterrows()
        },
    }


def forecast_risk(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    weights: Weights = None,
    *,
    levels: Sequence[float] = (0.95, 0.99),
    n_paths: int = 10_000,
    horizon: int = 1,
    random_state: RandomState = None,
) -> RiskForecast:
    """Forecast the portfolio's VaR and ES over the ``horizon`` days after ``history``.

    Parameters
    ----------
    model : ConditionalPathModel
        A fitted model (for example from :func:`~fingan.apps.risk.fit_risk_model`).
    history : pandas.DataFrame
        Daily log returns up to today, one column per fitted asset.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`~fingan.metrics.portfolio.portfolio_weights`; ``None``:
        equal).
    levels : sequence of float, default (0.95, 0.99)
        Confidence levels of the VaR and ES.
    n_paths, horizon : int
        Number and length of the paths.
    random_state : int, numpy.random.Generator or None
        Seed of the paths.

    Returns
    -------
    RiskForecast
        The paths, their portfolio returns, and the VaR and ES by level.

    Raises
    ------
    ConfigError
        For bad weights, levels or counts.
    """
    frame = validate_returns_frame(history, min_rows=2)
    used = portfolio_weights(weights, [str(column) for column in frame.columns])
    return draw_risk(
        model,
        frame,
        used,
        levels=levels,
        n_paths=n_paths,
        horizon=horizon,
        random_state=random_state,
    )


def draw_risk(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    weights: PortfolioWeights,
    *,
    levels: Sequence[float],
    n_paths: int,
    horizon: int,
    random_state: RandomState,
    history_end: Any = None,
) -> RiskForecast:
    """Draw the days after a checked history and measure the portfolio's VaR and ES.

    The shared step of :func:`forecast_risk` and
    :func:`~fingan.apps.risk.stress.stress_scenarios`: ``history`` is a validated frame of
    returns (stressed or not) and ``weights`` are checked against its columns.
    ``history_end`` is recorded as the last real day (default: the last row of ``history``).
    """
    n_paths = check_int(n_paths, "n_paths", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    paths = model.sample_paths(history, n_paths, horizon, random_state=random_state)
    returns = portfolio_returns(paths, weights)
    return RiskForecast(
        paths=paths,
        weights=weights.to_series(),
        returns=returns,
        risk=risk_table(returns, levels),
        history_end=history.index[-1] if history_end is None else history_end,
    )
