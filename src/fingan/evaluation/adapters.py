"""Adapters that give models the surface a rolling run needs."""

from __future__ import annotations

from typing import Self

import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import PathModel
from fingan.core.random import RandomState

__all__ = ["Unconditional"]


class Unconditional:
    """Give an unconditional path model the conditional surface, ignoring the history.

    A generator such as :class:`~fingan.models.MarketGAN` draws paths from the distribution it
    learned, whatever happened yesterday. Wrapped in this adapter it can be backtested beside
    conditional models: ``sample_paths(history, n_paths, horizon)`` returns
    ``model.sample(n_paths, horizon)`` and does not look at ``history``. Its forecasts change
    only when it is refitted, which is what a backtest of an unconditional model should show.

    Parameters
    ----------
    model : object
        Anything with ``fit(returns)`` and ``sample(n_paths, horizon, *, random_state=None)``
        returning :class:`~fingan.core.paths.ReturnPaths`.
    reuse : bool, default True
        Draw the paths of each ``(n_paths, horizon)`` once per fit and return those same paths
        on every later call. The forecast distribution does not depend on the history, so a
        new draw per day would only add Monte Carlo noise (and, for a GAN, a forward pass per
        day); ``random_state`` then seeds only the first draw after each fit. ``False`` draws
        anew on every call.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from fingan.baselines import GBMBaseline
    >>> returns = pd.DataFrame({"x": np.random.default_rng(0).normal(0, 0.01, 300)})
    >>> model = Unconditional(GBMBaseline()).fit(returns)
    >>> model.sample_paths(returns, 1000, 5, random_state=0).values.shape
    (1000, 5, 1)
    """

    def __init__(self, model: PathModel, *, reuse: bool = True) -> None:
        self.model = model
        self.reuse = reuse

    def fit(self, returns: pd.DataFrame) -> Self:
        """Fit the wrapped generator to ``returns`` and forget previously drawn paths."""
        self.model.fit(returns)
        self._drawn: dict[tuple[int, int], ReturnPaths] = {}
        return self

    def refit(self, returns: pd.DataFrame, *, random_state: RandomState = None) -> Self:
        """Refit the wrapped generator from its current fit and forget drawn paths.

        Raises
        ------
        ConfigError
            If the wrapped generator cannot be refitted (it has no ``refit``).
        """
        refit = getattr(self.model, "refit", None)
        if refit is None:
            raise ConfigError(f"{type(self.model).__name__} cannot be refitted from its last fit")
        refit(returns, random_state=random_state)
        self._drawn = {}
        return self

    def sample_paths(
        self,
        history: pd.DataFrame,
        n_paths: int,
        horizon: int,
        *,
        random_state: RandomState = None,
    ) -> ReturnPaths:
        """Return ``model.sample(n_paths, horizon)``; ``history`` is not used.

        Parameters
        ----------
        history : pandas.DataFrame
            Ignored (kept for the :class:`ConditionalPathModel` surface).
        n_paths, horizon : int
            Number and length of the paths.
        random_state : int, numpy.random.Generator or None
            Seed of the draw (only of the first draw after a fit when ``reuse`` is true).
        """
        if not self.reuse:
            return self.model.sample(n_paths, horizon, random_state=random_state)
        drawn: dict[tuple[int, int], ReturnPaths] = getattr(self, "_drawn", {})
        key = (n_paths, horizon)
        if key not in drawn:
            drawn[key] = self.model.sample(n_paths, horizon, random_state=random_state)
            self._drawn = drawn
        return drawn[key]
