"""Historical simulation, plain and filtered: scenarios made of the days of a history.

:class:`HistoricalSimulation` draws whole days of the last ``lookback`` rows of returns;
:class:`FilteredHistoricalSimulation` (Barone-Adesi, Giannopoulos & Vosper, 1999) draws whole
days of GARCH-standardized residuals and rescales them by the volatility of today.
"""

from __future__ import annotations

from typing import get_args

import numpy as np
import pandas as pd

from fingan.baselines.base import ConditionalPathBaseline, FloatArray, check_choice, check_int
from fingan.baselines.garch import BaseGARCH, GARCHDist, Innovations

__all__ = ["FilteredHistoricalSimulation", "HistoricalSimulation"]


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


class FilteredHistoricalSimulation(BaseGARCH):
    r"""Filtered historical simulation: GARCH(1,1) driven by bootstrapped residual days.

    The method of Barone-Adesi, Giannopoulos & Vosper (1999). Each asset is fitted a
    GARCH(1,1) with a constant mean, exactly as in
    :class:`~fingan.baselines.garch.GARCHBaseline` (returns times 100, fitted with ``arch``),
    and the standardized residuals :math:`\hat z_t = \hat\varepsilon_t / \hat\sigma_t` are
    kept. To simulate, the variance recursion runs forward from today's conditional variance
    and each day's innovations are one whole row of standardized residuals (every asset's
    residual of one date) drawn with replacement, so the shape of the tails and the same-day
    dependence across assets come from the data while the scale follows today's volatility.

    ``sample_paths(history, n_paths, horizon)`` conditions on a history without refitting: it
    filters the history through the fitted recursion (see
    :class:`~fingan.baselines.garch.BaseGARCH`) to get tomorrow's conditional variance and
    simulates from there. ``sample(n_paths, horizon)`` starts from the variance after the
    fitted data.

    Parameters
    ----------
    lookback : int or None, default None
        Where the residual days come from. ``None``: all standardized residuals of the fit.
        An integer (at least 1): the standardized residuals of the last ``lookback`` days of
        the history that ``sample_paths`` is given (filtered with the fitted parameters), or
        of the fitted data for ``sample``; the fitted returns and every history must then
        have at least ``lookback`` rows.
    dist : {"normal", "t"}, default "normal"
        Innovation distribution of the likelihood that ``arch`` maximises. It only affects
        the parameter estimates: simulated innovations are always residual days. ``"normal"``
        is the quasi-maximum likelihood of the original method, consistent whatever the true
        innovations; ``"t"`` (Student-t) is more efficient for fat-tailed returns and gives
        the same volatility dynamics as ``GARCHBaseline``.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    mu_, omega_, alpha_, beta_ : ndarray of shape (n_assets,)
        Fitted parameters of each asset, on the percent scale (returns times 100).
    last_variance_ : ndarray of shape (n_assets,)
        One-day-ahead conditional variance after the last row of data, percent squared.
    unconditional_variance_ : ndarray of shape (n_assets,)
        :math:`\omega / (1 - \alpha - \beta)`, percent squared; ``inf`` when
        :math:`\alpha + \beta \ge 1`.
    residuals_ : ndarray of shape (n_rows, n_assets)
        Standardized residuals of the fitted data, the days drawn when ``lookback`` is ``None``.

    Notes
    -----
    At least 100 rows (and ``lookback`` rows) are needed to fit, and as many of history for
    ``sample_paths``. Standardized residuals have about unit variance but are not rescaled
    to exactly one.

    References
    ----------
    Barone-Adesi, G., Giannopoulos, K., & Vosper, L. (1999). VaR without correlations for
    portfolios of derivative securities. *Journal of Futures Markets*, 19(5), 583-602.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500()
    >>> model = FilteredHistoricalSimulation().fit(returns.iloc[:4000])
    >>> model.sample_paths(returns, 10_000, 5, random_state=0).values.shape
    (10000, 5, 1)
    """

    def __init__(self, *, lookback: int | None = None, dist: GARCHDist = "normal") -> None:
        self.lookback = lookback
        self.dist = dist

    def _check_params(self) -> None:
        if self.lookback is not None:
            check_int(self.lookback, "lookback", minimum=1)
        check_choice(self.dist, "dist", get_args(GARCHDist))

    def _min_rows(self) -> int:
        return max(super()._min_rows(), self.lookback or 0)

    def _dist(self) -> GARCHDist:
        return self.dist

    def _fit_innovations(self, standardized: FloatArray, params: list[pd.Series]) -> None:
        self.residuals_ = standardized

    def _innovations(self, recent: FloatArray | None) -> Innovations:
        pool = self.residuals_ if recent is None or self.lookback is None else recent
        if self.lookback is not None:
            pool = pool[-self.lookback :]

        def draw(n_paths: int, rng: np.random.Generator) -> FloatArray:
            return pool[rng.integers(0, len(pool), size=n_paths)]  # (n_paths, n_assets)

        return draw


def _draw_rows(
    rows: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
) -> FloatArray:
    """Return ``rows`` drawn i.i.d. with replacement, shape (n_paths, horizon, n_assets)."""
    return rows[rng.integers(0, len(rows), size=(n_paths, horizon))]
