"""Paths for the product tests: from price levels written by hand, or drawn with a seed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fingan.core.paths import ReturnPaths


def from_prices(prices, assets: Sequence[str] = ("a",)) -> ReturnPaths:
    """Paths whose price levels are ``prices``: (n_paths, n_days + 1[, n_assets]), day 0 first.

    A single path may be given as a list of days (one asset) or of days x assets.
    """
    levels = np.asarray(prices, dtype=np.float64)
    if levels.ndim == 1:
        levels = levels[None, :, None]
    elif levels.ndim == 2:
        levels = levels[:, :, None] if len(assets) == 1 else levels[None]
    return ReturnPaths.from_array(np.diff(np.log(levels), axis=1), assets)


def random_paths(
    seed: int, n_paths: int, n_days: int, assets: Sequence[str] = ("a",), *, volatility=0.02
) -> ReturnPaths:
    """I.i.d. normal daily log returns."""
    rng = np.random.default_rng(seed)
    values = volatility * rng.standard_normal((n_paths, n_days, len(assets)))
    return ReturnPaths.from_array(values, assets)


def levels(paths: ReturnPaths) -> np.ndarray:
    """Price levels from day 0 (1.0) to the last day, (n_paths, horizon + 1, n_assets)."""
    start = np.zeros((paths.n_paths, 1, len(paths.assets)))
    return np.exp(np.concatenate([start, paths.cumulative()], axis=1))
