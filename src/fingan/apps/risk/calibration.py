"""What a VaR backtest adds beyond the coverage tests: quantile loss and conformal calibration.

:func:`quantile_losses` scores each model's VaR by the quantile (tick) loss, the proper score
of a quantile, and tests it against a benchmark (filtered historical simulation by default)
with a one-sided Diebold-Mariano test. :func:`conformal_backtests` recalibrates each model's
VaR level online (adaptive conformal inference) and backtests the calibrated violations,
beside the tail probability each model had to be asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from fingan.metrics.backtest import (
    basel_traffic_light,
    christoffersen_independence_test,
    kupiec_test,
)
from fingan.metrics.comparison import diebold_mariano
from fingan.metrics.conformal import adaptive_conformal

if TYPE_CHECKING:
    from fingan.apps.risk.result import RiskBacktest

__all__ = ["DEFAULT_LEARNING_RATE", "conformal_backtests", "quantile_losses"]

DEFAULT_LEARNING_RATE = 0.005
"""Step of the adaptive conformal level (Gibbs & Candès's choice)."""


def quantile_losses(backtest: RiskBacktest, benchmark: str = "fhs") -> pd.DataFrame:
    """Per model: mean tick loss of its VaR, and a Diebold-Mariano test against ``benchmark``.

    The VaR is the forecast ``1 - level`` quantile of the return (``-var``); its tick loss on
    a day with return ``y`` is ``(p - 1[y < q]) (y - q)`` with ``p = 1 - level``, lowest in
    expectation for the true quantile. ``dm_p_worse`` is the one-sided p-value of the model's
    expected loss being *larger* than the benchmark's (small: significantly worse);
    ``dm_p_better`` the other side. Both are NaN for the benchmark itself, and every test
    column is NaN when ``benchmark`` is not among the models.

    Returns
    -------
    pandas.DataFrame
        Index ``model``; columns ``tick_loss``, ``dm_statistic``, ``dm_p_worse``,
        ``dm_p_better``.
    """
    probability = 1.0 - backtest.level
    forecasts = backtest.forecasts
    losses: dict[str, np.ndarray] = {}
    if "model" in forecasts:  # a backtest with no forecasts has no losses
        for name, group in forecasts.groupby("model", sort=False):
            realised, var = group["realised"].to_numpy(), group["var"].to_numpy()
            losses[str(name)] = _tick_loss(realised, -var, probability)
    rows = {}
    for name, loss in losses.items():
        row = {"tick_loss": float(loss.mean())}
        if benchmark in losses and name != benchmark:
            worse = diebold_mariano(loss, losses[benchmark], alternative="greater")
            better = diebold_mariano(loss, losses[benchmark], alternative="less")
            row |= {
                "dm_statistic": worse.statistic,
                "dm_p_worse": worse.p_value,
                "dm_p_better": better.p_value,
            }
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame = frame.reindex(columns=["tick_loss", "dm_statistic", "dm_p_worse", "dm_p_better"])
    frame.index.name = "model"
    return frame


def conformal_backtests(
    backtest: RiskBacktest, learning_rate: float = DEFAULT_LEARNING_RATE
) -> pd.DataFrame:
    """Per model: the VaR backtest after adaptive conformal calibration of its level.

    Each model's level is recalibrated day by day from its own past violations
    (:func:`fingan.metrics.conformal.adaptive_conformal`). The calibrated violations are
    tested as the raw ones are; ``mean_tail_probability`` and ``min_tail_probability`` show
    what the model had to be asked for (a well-calibrated model stays near ``1 - level``; a
    model with thin tails is pushed far below it, which the calibration cannot hide).

    Returns
    -------
    pandas.DataFrame
        Index ``model``; columns ``raw_violations``, ``n_violations``, ``violation_rate``,
        ``kupiec_p_value``, ``independence_p_value``, ``traffic_light``,
        ``mean_tail_probability``, ``min_tail_probability``.
    """
    rows = {}
    for name, group in backtest.forecasts.groupby("model", sort=False):
        calibrated = adaptive_conformal(
            group["pit"].to_numpy(), backtest.level, learning_rate=learning_rate
        )
        hits = calibrated.violations
        rows[str(name)] = {
            "raw_violations": int(group["violation"].sum()),
            "n_violations": int(hits.sum()),
            "violation_rate": float(hits.mean()),
            "kupiec_p_value": kupiec_test(hits, backtest.level).p_value,
            "independence_p_value": christoffersen_independence_test(hits).p_value,
            "traffic_light": basel_traffic_light(int(hits.sum()), hits.size, backtest.level),
            "mean_tail_probability": float(np.mean(calibrated.probabilities)),
            "min_tail_probability": float(np.min(calibrated.probabilities)),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "model"
    return frame


def _tick_loss(realised: np.ndarray, quantile: np.ndarray, probability: float) -> np.ndarray:
    result: np.ndarray = (probability - (realised < quantile)) * (realised - quantile)
    return result
