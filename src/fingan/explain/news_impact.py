r"""The news impact curve of any conditional scenario model (Engle & Ng, 1993).

How does tomorrow's risk respond to today's return? For a GARCH model the answer is a formula
(:math:`\sigma_{t+1}^2 = \omega + \alpha \varepsilon_t^2 + \beta \sigma_t^2`, a parabola in
the shock, tilted by GJR's :math:`\gamma`); for a GAN or a bootstrap it is only visible in its
scenarios. :func:`news_impact_curve` measures it the same way for every model: it appends one
day with a given shock to the history, asks the model for the next day's scenarios and reads
their volatility, VaR and ES. The shocks are multiples of today's volatility (the EWMA
RiskMetrics estimate from the history, the same for every model); every shock uses the same
seed (common random numbers), so the curve is smooth and differences between shocks are not
sampling noise.

The rest of the state is the history as it is (Engle & Ng hold the past at its unconditional
level; a scenario model conditioned on a real history is closer to how it is used). The
asymmetry is the ratio of tomorrow's volatility after a fall and after a rise of the same size
(1 for a symmetric model; above 1 with a leverage effect).

References
----------
Engle, R. F., & Ng, V. K. (1993). Measuring and testing the impact of news on volatility.
*The Journal of Finance*, 48(5), 1749-1778.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.metrics.risk import expected_shortfall, value_at_risk

__all__ = ["NewsImpactCurve", "news_impact_curve"]

#: Shocks, in multiples of today's volatility, drawn by default.
DEFAULT_SHOCKS: tuple[float, ...] = tuple(np.round(np.linspace(-4.0, 4.0, 17), 2))

_EWMA_DECAY = 0.94


@dataclass(frozen=True)
class NewsImpactCurve:
    """Tomorrow's risk as a function of today's shock, for one model and one asset.

    Attributes
    ----------
    frame : pandas.DataFrame
        Index ``shock`` (multiples of ``volatility``); columns ``return`` (the shock as a log
        return), ``volatility`` (standard deviation of tomorrow's scenarios), ``var`` and
        ``es`` (tomorrow's VaR and ES at ``level``, positive losses).
    asset : str
        The shocked asset.
    volatility : float
        Today's volatility the shocks are measured in (EWMA, decay 0.94).
    level : float
        Confidence level of the VaR and ES.
    """

    frame: pd.DataFrame
    asset: str
    volatility: float
    level: float

    def asymmetry(self, shock: float = 2.0) -> float:
        """Return volatility after a fall of ``shock`` over that after a rise of ``shock``."""
        index = self.frame.index
        if -shock not in index or shock not in index:
            raise ConfigError(f"the curve has no shocks -{shock} and {shock}")
        volatility = self.frame["volatility"]
        return float(volatility.loc[-shock] / volatility.loc[shock])

    def summary(self) -> str:
        """Return the curve and its asymmetry as text."""
        head = (
            f"News impact on {self.asset}: tomorrow's risk after a shock of k times today's "
            f"volatility ({self.volatility:.2%}); VaR and ES at {self.level:.1%}"
        )
        table = self.frame.to_string(float_format=lambda value: f"{value:.4f}")
        tail = ""
        if -2.0 in self.frame.index and 2.0 in self.frame.index:
            tail = f"\nasymmetry (volatility after -2 / after +2): {self.asymmetry(2.0):.3f}"
        return f"{head}\n{table}{tail}"


def news_impact_curve(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    *,
    shocks: Sequence[float] = DEFAULT_SHOCKS,
    asset: str | None = None,
    n_paths: int = 20_000,
    level: float = 0.99,
    random_state: RandomState = 0,
) -> NewsImpactCurve:
    """Measure a fitted model's news impact curve after ``history``.

    Parameters
    ----------
    model : ConditionalPathModel
        A fitted model with ``sample_paths(history, n_paths, horizon)``.
    history : pandas.DataFrame
        Daily log returns up to today, the model's assets as columns.
    shocks : sequence of float, default -4, -3.5, ..., 4
        Today's return of ``asset`` in multiples of today's volatility; the other assets'
        returns are 0 that day.
    asset : str, optional
        The shocked asset, whose next-day risk is measured (default: the first column).
    n_paths : int, default 20000
        Scenarios per shock.
    level : float, default 0.99
        Confidence level of the VaR and ES.
    random_state : int, numpy.random.Generator or None, default 0
        One seed for every shock (common random numbers).

    Returns
    -------
    NewsImpactCurve

    Raises
    ------
    ConfigError
        For an unknown asset, no shocks, or a bad level or number of paths.
    """
    frame = validate_returns_frame(history, min_rows=2)
    name = str(frame.columns[0]) if asset is None else asset
    if name not in frame.columns:
        raise ConfigError(f"asset {name!r} is not a column of the history ({list(frame.columns)})")
    values = [float(shock) for shock in shocks]
    if not values or not all(np.isfinite(values)):
        raise ConfigError("shocks must be a non-empty sequence of finite numbers")
    check_int(n_paths, "n_paths", minimum=2)
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level must be in (0, 1); got {level!r}")
    volatility = _ewma_volatility(frame[name].to_numpy())
    seed = draw_seed(random_state)
    next_day = _next_day(frame.index)
    rows = []
    for shock in values:
        day = pd.DataFrame(0.0, index=[next_day], columns=frame.columns)
        day[name] = shock * volatility
        shocked = pd.concat([frame, day])
        paths = model.sample_paths(shocked, n_paths, 1, random_state=seed)
        tomorrow = paths.values[:, 0, list(frame.columns).index(name)]
        simple = np.expm1(tomorrow)
        rows.append(
            {
                "shock": shock,
                "return": shock * volatility,
                "volatility": float(np.std(tomorrow)),
                "var": value_at_risk(simple, level),
                "es": expected_shortfall(simple, level),
            }
        )
    table = pd.DataFrame(rows).set_index("shock")
    return NewsImpactCurve(table, name, volatility, float(level))


def _ewma_volatility(returns: np.ndarray) -> float:
    """RiskMetrics volatility after the last day (decay 0.94, started at the mean square)."""
    variance = float(np.mean(returns[: min(75, len(returns))] ** 2))
    for value in returns:
        variance = _EWMA_DECAY * variance + (1.0 - _EWMA_DECAY) * float(value) ** 2
    return float(np.sqrt(variance))


def _next_day(index: pd.Index) -> object:
    """Label of the day after the history: the next business day, or the next integer."""
    if isinstance(index, pd.DatetimeIndex) and len(index):
        return index[-1] + pd.offsets.BDay(1)
    return len(index)
