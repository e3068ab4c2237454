"""The contracts that the studies rely on and every model satisfies.

A model needs only these methods to join a study; GANs and classical baselines satisfy them
alike. The names say what is generated (paths or table rows) and whether it is conditioned on a
history, and do not clash with the network classes of :mod:`fingan.nn`.
"""

from __future__ import annotations

from typing import Any, Protocol, Self, runtime_checkable

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.filtered import FilteredReturns
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState

__all__ = [
    "ConditionalPathModel",
    "InnovationModel",
    "InnovationSampler",
    "PathModel",
    "RefittableModel",
    "TableModel",
    "VolatilityFilter",
]

FloatArray = npt.NDArray[np.float64]


class PathModel(Protocol):
    """Generates return paths: ``fit(returns)``, then ``sample(n_paths, horizon)``."""

    def fit(self, returns: pd.DataFrame) -> Any:
        """Fit to daily log returns (rows in date order, one column per asset)."""
        ...

    def sample(
        self, n_paths: int, horizon: int, *, random_state: RandomState = None
    ) -> ReturnPaths:
        """Draw ``n_paths`` paths of ``horizon`` days."""
        ...


class ConditionalPathModel(Protocol):
    """Generates the days that follow a given history of returns.

    ``fit(returns)``, then ``sample_paths(history, n_paths, horizon)``: the ``horizon`` days
    after the last row of ``history``, without refitting.
    """

    def fit(self, returns: pd.DataFrame) -> Self:
        """Fit to daily log returns (rows in date order, one column per asset)."""
        ...

    def sample_paths(
        self,
        history: pd.DataFrame,
        n_paths: int,
        horizon: int,
        *,
        random_state: RandomState = None,
    ) -> ReturnPaths:
        """Draw ``n_paths`` paths of the ``horizon`` days after the last row of ``history``."""
        ...


@runtime_checkable
class RefittableModel(ConditionalPathModel, Protocol):
    """A conditional path model that can be fitted again from its current fit (a warm start).

    ``refit(returns, random_state=seed)`` fits to ``returns`` starting from what the model
    learned before, typically in a fraction of a fresh fit's time; a rolling backtest's yearly
    refits of a GAN use it (``warm_start`` of :func:`fingan.evaluation.rolling_scenarios`).
    """

    def refit(self, returns: pd.DataFrame, *, random_state: RandomState = None) -> Self:
        """Fit to ``returns`` starting from the current fit; ``random_state`` seeds this fit."""
        ...


class TableModel(Protocol):
    """Generates table rows: ``fit(frame)``, then ``sample(n, conditions=...)``.

    ``sample`` returns ``n`` rows with the fitted table's columns and dtypes, all meeting the
    ``{column: value}`` conditions.
    """

    def fit(self, frame: pd.DataFrame) -> Any:
        """Fit to a table of numeric and categorical columns."""
        ...

    def sample(
        self,
        n: int,
        *,
        conditions: dict[str, Any] | None = None,
        random_state: RandomState = None,
    ) -> pd.DataFrame:
        """Draw ``n`` rows meeting ``conditions``."""
        ...


class VolatilityFilter(Protocol):
    """Splits returns into a conditional scale and standardised residuals, and rolls it on.

    ``fit(returns)`` learns the filter's parameters from ``(n_days, n_assets)`` log returns;
    ``filter(returns)`` applies them to any history; ``mean`` and ``update`` roll the variance
    forward through simulated days, for every path at once.
    """

    def fit(self, returns: FloatArray) -> Self:
        """Learn the parameters from log returns of shape ``(n_days, n_assets)``."""
        ...

    def filter(self, returns: FloatArray) -> FilteredReturns:
        """Return the residuals and variances of a history, with the next day's variance."""
        ...

    @property
    def mean(self) -> FloatArray:
        """The constant mean return of each asset, shape ``(n_assets,)``."""
        ...

    def update(self, variance: FloatArray, shock: FloatArray) -> FloatArray:
        """Return tomorrow's variance from today's variance and shock ``r - mean``.

        Both of shape ``(n_paths, n_assets)``.
        """
        ...


class InnovationSampler(Protocol):
    """Draws one day of standardised residuals for every path, then is told what was drawn."""

    def draw(self, variance: FloatArray) -> FloatArray:
        """Return the residuals of the next day, ``(n_paths, n_assets)``.

        ``variance`` is that day's conditional variance of each path, ``(n_paths, n_assets)``.
        """
        ...

    def advance(self, residuals: FloatArray, variance: FloatArray) -> None:
        """Record the day's residuals and variance (the state of the next draw)."""
        ...


class InnovationModel(Protocol):
    """Learns the standardised residuals of a filter and continues them after a history."""

    def fit(self, filtered: FilteredReturns) -> Self:
        """Learn from a filtered training history."""
        ...

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> InnovationSampler:
        """Return a sampler of ``n_paths`` paths that start after ``history``."""
        ...
