"""The contracts that the studies rely on and every model satisfies.

A model needs only these methods to join a study; GANs and classical baselines satisfy them
alike. The names say what is generated (paths or table rows) and whether it is conditioned on a
history, and do not clash with the network classes of :mod:`fingan.nn`.
"""

from __future__ import annotations

from typing import Any, Protocol, Self

import pandas as pd

from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState

__all__ = ["ConditionalPathModel", "PathModel", "TableModel"]


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
