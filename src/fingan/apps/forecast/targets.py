r"""What the forecast study forecasts and how a forecast is summarised.

Two targets of one asset are forecast from paths of its daily log returns over ``h`` days:

* ``"return"``: the ``h``-day log return :math:`\sum_{s=t}^{t+h-1} r_s`;
* ``"realised_vol"``: the realised volatility :math:`\sqrt{\sum_{s=t}^{t+h-1} r_s^2}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError

__all__ = [
    "INTERVAL",
    "TARGETS",
    "Target",
    "TargetForecast",
    "asset_column",
    "quantile_columns",
    "quantile_levels",
    "target_values",
]

FloatArray = npt.NDArray[np.float64]

Target = Literal["return", "realised_vol"]

TARGETS: tuple[Target, ...] = ("return", "realised_vol")
"""What is forecast: the ``h``-day log return and the ``h``-day realised volatility."""

INTERVAL = 0.9
"""Nominal coverage of the central prediction interval that is checked."""


@dataclass(frozen=True)
class TargetForecast:
    """One model's forecast of one target on one day, and how it scored.

    Attributes
    ----------
    observed : float
        The realised value.
    crps : float
        Continuous ranked probability score of the sample forecast (fair estimator).
    pit : float
        Randomised probability integral transform of the realised value.
    lower, upper : float
        Bounds of the central :data:`INTERVAL` prediction interval.
    quantiles : tuple of float
        The forecast quantiles, one per quantile level of the study.
    """

    observed: float
    crps: float
    pit: float
    lower: float
    upper: float
    quantiles: tuple[float, ...]

    def to_row(self, levels: Sequence[float] | FloatArray) -> dict[str, float]:
        """Return the fields by column name, a ``q<level>`` column per quantile level."""
        named = zip(quantile_columns(levels), self.quantiles, strict=True)
        return {
            "observed": self.observed,
            "crps": self.crps,
            "pit": self.pit,
            "lower": self.lower,
            "upper": self.upper,
            **dict(named),
        }


def target_values(paths: FloatArray) -> dict[Target, FloatArray]:
    """Each target of paths of one asset, shape (n_paths, horizon) -> (n_paths,) per target.

    Examples
    --------
    >>> values = target_values(np.array([[0.03, -0.04]]))
    >>> [round(float(values[target][0]), 6) for target in TARGETS]
    [-0.01, 0.05]
    """
    return {
        "return": paths.sum(axis=1),
        "realised_vol": np.sqrt(np.sum(paths**2, axis=1)),
    }


def asset_column(frame: pd.DataFrame, asset: str | None) -> int:
    """Return the column of ``asset`` in ``frame`` (the first for ``None``).

    Raises
    ------
    ConfigError
        If ``asset`` is not a column.
    """
    names = [str(column) for column in frame.columns]
    if asset is None:
        return 0
    if asset not in names:
        raise ConfigError(f"unknown asset {asset!r}; the data has {', '.join(names)}")
    return names.index(asset)


def quantile_levels(quantiles: Sequence[float]) -> FloatArray:
    """Return quantile levels checked and sorted.

    Raises
    ------
    ConfigError
        If the levels are empty, not numbers in (0, 1), or repeat.
    """
    try:
        levels = np.sort(np.asarray(quantiles, dtype=np.float64).ravel())
    except (TypeError, ValueError):
        raise ConfigError(f"quantiles must be numbers in (0, 1); got {quantiles!r}") from None
    if levels.size == 0 or not np.all((levels > 0.0) & (levels < 1.0)):
        raise ConfigError(f"quantiles must be non-empty and in (0, 1); got {levels.tolist()!r}")
    if np.unique(levels).size != levels.size:
        raise ConfigError(f"quantiles must be distinct; got {levels.tolist()!r}")
    return levels


def quantile_columns(levels: Sequence[float] | FloatArray) -> list[str]:
    """Return the column name of each quantile level: ``q0.05``, ``q0.5``, ...

    Examples
    --------
    >>> quantile_columns([0.05, 0.5])
    ['q0.05', 'q0.5']
    """
    return [f"q{float(level):g}" for level in levels]
