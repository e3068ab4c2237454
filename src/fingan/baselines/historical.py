"""Historical simulation: scenarios made of the days of a history.

:class:`HistoricalSimulation` draws whole days of the last ``lookback`` rows of returns.
Filtered historical simulation (Barone-Adesi, Giannopoulos & Vosper, 1999) is a configuration
of the conditional scenario model: a volatility filter with empirical residuals
(:mod:`fingan.scenarios`, ``"fhs"``).
"""

from __future__ import annotations

import numpy as np

from fingan.baselines.base import ConditionalPathBaseline, FloatArray, check_int

__all__ = ["HistoricalSimulation"]


class HistoricalSimulation(ConditionalPathBaseline):
    """Paths of days drawn i.i.d., with replacement, from the last ``lookback`` days of returns.

    Each simulated day is one whole row of real returns (every asset's return of one date), so
    the cross-asset dependence of that date is kept; days are drawn independently of each
    other, so volatility clustering is not. This is the classical historical-simulation VaR:
    with ``horizon=1`` the scenarios are exactly the last ``lookback`` days, each equally likely.

    ``sample_paths(history, n_paths, horizon)`` draws from the last ``lookback`` rows of the
    history; ``sample(n_paths, horizon)`` from the last ``lookback`` rows of the fitted returns.
    Fitting learns nothing but the asset names (and keeps those rows for ``sample``).

    Parameters
    ----------
    lookback : int, default 500
        Number of most recent days drawn from, at least 1; the fitted returns and every
        history must have at least this many rows.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    returns_ : ndarray of shape (lookback, n_assets)
        The last ``lookback`` rows of the fitted returns, the days ``sample`` draws.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500()
    >>> model = HistoricalSimulation(lookback=500).fit(returns.iloc[:4000])
    >>> model.sample_paths(returns, 10_000, 1, random_state=0).values.shape
    (10000, 1, 1)
    """

    def __init__(self, *, lookback: int = 500) -> None:
        self.lookback = lookback

    def _check_params(self) -> None:
        check_int(self.lookback, "lookback", minimum=1)

    def _min_rows(self) -> int:
        return int(self.lookback)

    def _fit_values(self, values: FloatArray) -> None:
        self.returns_ = values[-self.lookback :].copy()

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        return _draw_rows(self.returns_, n_paths, horizon, rng)

    def _simulate_given(
        self, history: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
    ) -> FloatArray:
        return _draw_rows(history[-self.lookback :], n_paths, horizon, rng)


def _draw_rows(
    rows: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
) -> FloatArray:
    """Return ``rows`` drawn i.i.d. with replacement, shape (n_paths, horizon, n_assets)."""
    return rows[rng.integers(0, len(rows), size=(n_paths, horizon))]
