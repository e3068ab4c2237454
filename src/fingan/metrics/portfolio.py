"""Portfolios of scenario paths: checked weights, portfolio returns, VaR and ES by level.

Conventions (those of :mod:`fingan.metrics.risk`): returns are gains-positive; VaR and ES are
losses reported as positive numbers. A portfolio holds the assets in proportion to its weights
and is not rebalanced over a path: its simple return is ``sum_i w_i (exp(sum_t r_{t,i}) - 1)``.
The weights must sum to one (or be divided by their sum on request) and their gross leverage
``sum_i |w_i|`` must not exceed :data:`MAX_GROSS_LEVERAGE` unless leverage is allowed;
:class:`PortfolioWeights` holds weights so checked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.metrics.risk import expected_shortfall, value_at_risk

__all__ = [
    "MAX_GROSS_LEVERAGE",
    "TRADING_DAYS",
    "WEIGHT_SUM_TOLERANCE",
    "PortfolioWeights",
    "Weights",
    "describe_weights",
    "portfolio_returns",
    "portfolio_risk",
    "portfolio_weights",
    "risk_table",
]

FloatArray = npt.NDArray[np.float64]

MAX_GROSS_LEVERAGE = 2.0
"""Largest gross leverage ``sum_i |w_i|`` of weights accepted without ``allow_leverage``.

Weights summing to one with a gross leverage of 2 are, for example, 150 % long and 50 % short;
beyond that a typo (a minus sign, a weight meant for another asset) is likelier than intent.
"""

WEIGHT_SUM_TOLERANCE = 1e-6
"""How far from one the sum of the weights may be."""

TRADING_DAYS = 252
"""Trading days per year, to annualise volatility."""


@dataclass(frozen=True)
class PortfolioWeights:
    """Checked portfolio weights: one per asset, summing to one, with bounded leverage.

    Build them with :func:`portfolio_weights` (which reads mappings and arrays and divides by
    the sum on request); every function that takes weights accepts them as they are.

    Attributes
    ----------
    assets : tuple of str
        The asset names, in order.
    values : tuple of float
        The weight of each asset, finite, summing to one within
        :data:`WEIGHT_SUM_TOLERANCE`.
    allow_leverage : bool, default False
        Whether a gross leverage ``sum_i |w_i|`` above :data:`MAX_GROSS_LEVERAGE` is accepted.

    Raises
    ------
    ConfigError
        If the names and weights differ in number, a name repeats, a weight is not finite, the
        weights do not sum to one, or the gross leverage is too high.

    Examples
    --------
    >>> weights = PortfolioWeights(("sp500", "nasdaq"), (0.6, 0.4))
    >>> print(weights)
    sp500 0.600, nasdaq 0.400 (gross leverage 1.00)
    """

    assets: tuple[str, ...]
    values: tuple[float, ...]
    allow_leverage: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "assets", tuple(str(name) for name in self.assets))
        object.__setattr__(self, "values", tuple(float(value) for value in self.values))
        if len(self.assets) != len(self.values) or not self.assets:
            raise ConfigError(
                f"{len(self.values)} weights for {len(self.assets)} assets "
                f"({', '.join(self.assets)})"
            )
        if len(set(self.assets)) < len(self.assets):
            repeated = next(name for name in self.assets if self.assets.count(name) > 1)
            raise ConfigError(f"asset {repeated!r} appears more than once in the weights")
        _check_finite(self.assets, self.values)
        total = math.fsum(self.values)
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ConfigError(
                f"weights {_listing(self.assets, self.values)} sum to {total:.6g}, not 1; "
                "pass normalize=True / --normalize-weights to divide them by their sum"
            )
        leverage = self.gross_leverage
        if leverage > MAX_GROSS_LEVERAGE + WEIGHT_SUM_TOLERANCE and not self.allow_leverage:
            raise ConfigError(
                f"weights {_listing(self.assets, self.values)} have a gross leverage "
                f"(sum of |w|) of {leverage:.6g}, above {MAX_GROSS_LEVERAGE:g}; "
                "pass allow_leverage=True / --allow-leverage if this is intended"
            )

    @property
    def gross_leverage(self) -> float:
        """The sum of the absolute weights (1 for a long-only portfolio)."""
        return math.fsum(abs(value) for value in self.values)

    def to_array(self) -> FloatArray:
        """Return the weights as a float64 array in asset order."""
        return np.array(self.values, dtype=np.float64)

    def to_series(self) -> pd.Series:
        """Return the weights as a Series named ``"weight"``, indexed by asset."""
        return pd.Series(self.values, index=list(self.assets), name="weight", dtype=np.float64)

    def to_dict(self) -> dict[str, float]:
        """Return the weights by asset name."""
        return dict(zip(self.assets, self.values, strict=True))

    def __str__(self) -> str:
        return describe_weights(self.to_series())


Weights: TypeAlias = PortfolioWeights | Mapping[str, float] | npt.ArrayLike | None
"""Portfolio weights: checked weights, asset name to weight, an array in asset order, or
``None`` for equal weights (see :func:`portfolio_weights`)."""


def portfolio_weights(
    weights: Weights,
    assets: Sequence[str],
    *,
    normalize: bool = False,
    allow_leverage: bool = False,
) -> PortfolioWeights:
    """Check portfolio weights and return them in the order of ``assets``.

    The weights must sum to one, unless ``normalize`` is true: then they are divided by their
    sum. Their gross leverage ``sum_i |w_i|`` (after that division) must not exceed
    :data:`MAX_GROSS_LEVERAGE`, unless ``allow_leverage`` is true. Nothing is rescaled
    silently: weights of ``1`` and ``-0.9`` would become ``10`` and ``-9`` once divided by
    their sum, which takes both options.

    Parameters
    ----------
    weights : PortfolioWeights, mapping of str to float, array-like or None
        Checked weights (put in the order of ``assets``; their names must be the assets), a
        weight per asset name (assets left out weigh zero), one weight per asset in order, or
        ``None`` for equal weights.
    assets : sequence of str
        The asset names.
    normalize : bool, default False
        Divide the weights by their sum instead of requiring them to sum to one.
    allow_leverage : bool, default False
        Accept a gross leverage above :data:`MAX_GROSS_LEVERAGE`.

    Returns
    -------
    PortfolioWeights
        The weights used.

    Raises
    ------
    ConfigError
        If a name is not an asset, the count is wrong, a weight is not a finite number, the
        weights do not sum to one (or, with ``normalize``, sum to zero), or the gross leverage
        is too high; the message gives the weights and names the option that would accept them.

    Examples
    --------
    >>> portfolio_weights({"b": 0.75, "a": 0.25}, ["a", "b", "c"]).values
    (0.25, 0.75, 0.0)
    >>> portfolio_weights({"a": 1.0, "b": 3.0}, ["a", "b"], normalize=True).values
    (0.25, 0.75)
    """
    names = tuple(str(asset) for asset in assets)
    if weights is None:
        return PortfolioWeights(names, (1.0 / len(names),) * len(names))
    if isinstance(weights, PortfolioWeights):
        if sorted(weights.assets) != sorted(names):
            raise ConfigError(
                f"the weights are for {', '.join(weights.assets)}; the assets are "
                f"{', '.join(names)}"
            )
        allow_leverage = allow_leverage or weights.allow_leverage
        weights = weights.to_dict()
    values = _weight_values(weights, names)
    if normalize:
        _check_finite(names, values)
        total = math.fsum(values)
        if total == 0.0 or not math.isfinite(total):
            raise ConfigError(
                f"weights {_listing(names, values)} sum to {total:g}; "
                "they cannot be divided by their sum"
            )
        values = tuple(value / total for value in values)
    return PortfolioWeights(names, values, allow_leverage=allow_leverage)


def describe_weights(weights: pd.Series) -> str:
    """Describe weights in one line: ``"sp500 0.600, nasdaq 0.400 (gross leverage 1.00)"``.

    Parameters
    ----------
    weights : pandas.Series
        Weight by asset (as :meth:`PortfolioWeights.to_series` gives them).

    Returns
    -------
    str
        Each asset and its weight to three decimals, then the gross leverage ``sum_i |w_i|``.
    """
    listing = ", ".join(f"{name} {float(value):.3f}" for name, value in weights.items())
    return f"{listing} (gross leverage {float(weights.abs().sum()):.2f})"


def portfolio_returns(paths: ReturnPaths, weights: Weights = None) -> FloatArray:
    """Return the simple return of a buy-and-hold portfolio over each whole path.

    Parameters
    ----------
    paths : ReturnPaths
        Daily log returns, shape ``(n_paths, horizon, n_assets)``.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`portfolio_weights`; ``None``: equal).

    Returns
    -------
    numpy.ndarray of shape (n_paths,)
        ``sum_i w_i (exp(sum_t r_{t,i}) - 1)``: each asset's simple return over the horizon,
        weighted by its share of the portfolio at the start.

    Examples
    --------
    >>> paths = ReturnPaths.from_array([[[np.log(1.1), 0.0], [0.0, np.log(0.5)]]], ["a", "b"])
    >>> portfolio_returns(paths, {"a": 0.5, "b": 0.5}).round(6).tolist()
    [-0.2]
    """
    vector = portfolio_weights(weights, paths.assets).to_array()
    growth = np.expm1(paths.values.sum(axis=1))  # (n_paths, n_assets)
    returns: FloatArray = growth @ vector
    return returns


def risk_table(returns: npt.ArrayLike, levels: Sequence[float]) -> pd.DataFrame:
    """VaR and ES of a sample of portfolio returns, by confidence level.

    Parameters
    ----------
    returns : array-like
        Simple returns of a portfolio (gains positive), one per scenario.
    levels : sequence of float
        Confidence levels in (0, 1); at least one.

    Returns
    -------
    pandas.DataFrame
        Index ``level``; columns ``var`` and ``es`` (positive losses).

    Raises
    ------
    ConfigError
        If no level is given or a level is not in (0, 1).
    """
    if len(levels) == 0:
        raise ConfigError("give at least one confidence level")
    return pd.DataFrame(
        {
            "var": [value_at_risk(returns, level) for level in levels],
            "es": [expected_shortfall(returns, level) for level in levels],
        },
        index=pd.Index([float(level) for level in levels], name="level"),
    )


def portfolio_risk(
    paths: ReturnPaths, weights: Weights = None, levels: Sequence[float] = (0.95, 0.99)
) -> pd.DataFrame:
    """VaR and ES of a portfolio over the paths' horizon, as positive losses.

    Parameters
    ----------
    paths : ReturnPaths
        Scenarios of daily log returns, shape ``(n_paths, horizon, n_assets)``.
    weights : PortfolioWeights, mapping, array-like or None
        Portfolio weights (see :func:`portfolio_weights`; ``None``: equal).
    levels : sequence of float
        Confidence levels in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Index ``level``; columns ``var`` and ``es`` (losses as fractions of the portfolio's
        value, e.g. 0.05 for a 5 % loss).
    """
    return risk_table(portfolio_returns(paths, weights), levels)


def _weight_values(
    weights: Mapping[str, float] | npt.ArrayLike, names: tuple[str, ...]
) -> tuple[float, ...]:
    """Read a mapping or an array of weights as one float per asset, in order."""
    if isinstance(weights, Mapping):
        unknown = [str(name) for name in weights if str(name) not in names]
        if unknown:
            raise ConfigError(
                f"unknown asset(s) {', '.join(map(repr, unknown))} in weights; "
                f"the assets are {', '.join(names)}"
            )
        given = {str(name): value for name, value in weights.items()}
        try:
            return tuple(float(given.get(name, 0.0)) for name in names)
        except (TypeError, ValueError):
            raise ConfigError(f"weights must be numbers; got {given!r}") from None
    try:
        values = np.asarray(weights, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ConfigError(f"weights must be numbers; got {weights!r}") from None
    if values.size != len(names):
        raise ConfigError(f"{values.size} weights for {len(names)} assets ({', '.join(names)})")
    return tuple(float(value) for value in values)


def _check_finite(names: Sequence[str], values: Sequence[float]) -> None:
    """Raise if a weight is NaN or infinite."""
    if not all(math.isfinite(value) for value in values):
        raise ConfigError(f"weights must be finite numbers; got {_listing(names, values)}")


def _listing(names: Sequence[str], values: Sequence[float]) -> str:
    """List the weights as given, ``"a 0.8, b 0.5"``, for a message."""
    return ", ".join(f"{name} {value:.6g}" for name, value in zip(names, values, strict=True))
